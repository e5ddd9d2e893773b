use crate::config::Config;
use app::server::{ServerContext, SessionCookie};
use axum::extract::FromRef;
use domain::Services;
use domain::geo::GeoIp;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
    pub config: Config,
}

impl AppState {
    pub fn new(
        config: Config,
        db: DatabaseConnection,
        leptos_options: LeptosOptions,
        geo: GeoIp,
    ) -> Self {
        let services = Services::new(db, config.sessions.clone(), geo);
        let cookie = SessionCookie {
            secure: config.secure_cookies,
            max_age_secs: config.sessions.absolute.num_seconds(),
        };
        Self {
            leptos_options,
            context: ServerContext {
                services,
                cookie,
                public_origin: config.public_origin.clone(),
            },
            config,
        }
    }

    pub fn services(&self) -> &Services {
        &self.context.services
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
