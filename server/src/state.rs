use crate::config::Config;
use crate::live::LiveChannels;
use app::server::{ServerContext, SessionCookie};
use axum::extract::FromRef;
use domain::Services;
use domain::geo::GeoIp;
use domain::live::LiveHub;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by every request: a handle, since axum clones the state for every middleware
/// and handler a request passes through.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Clone)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
    pub config: Config,
    pub live_channels: Arc<LiveChannels>,
}

impl AppState {
    pub fn new(
        config: Config,
        db: DatabaseConnection,
        leptos_options: LeptosOptions,
        geo: GeoIp,
        live: LiveHub,
    ) -> Self {
        if config.metrics_token.is_some() || config.metrics_addr.is_some() {
            // Installed only when someone will scrape: until a scrape, the recorder
            // keeps every latency it is given.
            crate::metrics::handle();
        }
        let services = Services::new(db, config.sessions.clone(), geo, live);
        let release = crate::release::id(&leptos_options);
        let cookie = SessionCookie {
            secure: config.secure_cookies,
            max_age_secs: config.sessions.absolute.num_seconds(),
        };
        Self(Arc::new(Shared {
            leptos_options,
            context: ServerContext {
                services,
                cookie,
                public_origin: config.public_origin.clone(),
                release,
            },
            live_channels: LiveChannels::new(config.live_limits),
            config,
        }))
    }

    /// The same state serving the site `leptos_options` describes.
    pub fn with_leptos_options(&self, leptos_options: LeptosOptions) -> Self {
        Self(Arc::new(Shared {
            leptos_options,
            ..(*self.0).clone()
        }))
    }

    pub fn services(&self) -> &Services {
        &self.context.services
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
