use crate::access_log::{AccessLine, RequestSpan};
use crate::middleware::{csrf, error_status, request_id, security_headers, session};
use crate::state::AppState;
use app::page_reads::PageReads;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// Forms and API bodies are small. The limit still admits an absurd pasted password, so
/// its owner gets the password rule's message rather than a bare 413.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let context = state.context.clone();
    let options = state.leptos_options.clone();
    let not_found = {
        let render = leptos_axum::render_app_async_with_context(
            {
                let context = context.clone();
                move || provide_context(context.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        );
        tower::service_fn(move |req| {
            let render = render.clone();
            async move { Ok::<_, std::convert::Infallible>(render(req).await) }
        })
    };
    Router::new()
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", get(crate::health::readyz))
        .route(crate::metrics::PATH, get(crate::metrics::public))
        .route(app::live::PATH, get(crate::live::channel))
        .route(
            "/account/profiles/{id}/viewing-activity.csv",
            get(crate::downloads::viewing_activity_csv),
        )
        .route(
            "/account/security/activity.csv",
            get(crate::downloads::security_activity_csv),
        )
        .route(
            "/account/security/activity.json",
            get(crate::downloads::security_activity_json),
        )
        .nest("/api/v1", crate::api::routes(&state))
        // Any other /api/… is a server function of another release.
        .route("/api/{*name}", any(crate::release::gone))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context.clone());
                // Fresh for every request: what the header and the page both read.
                provide_context(PageReads::default());
            },
            move || shell(options.clone()),
        )
        // Static files are served by tower-http, not leptos_axum's `file_and_error_handler`:
        // that one looks up `ResponseOptions` from whichever page render is in progress on
        // the same thread and takes its headers, so a page could lose its CSP to a favicon.
        // Assets are compressed at build time (cargo-leptos `--precompress`): served as
        // brotli or gzip where the browser takes it, as they are otherwise.
        .fallback_service(
            ServeDir::new(&*state.leptos_options.site_root)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(not_found),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(error_status::rewrite))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::authenticate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::add,
        ))
        // Outermost: every request is counted and logged with its final status, under
        // an id it carries from the first line to the answer's `X-Request-Id`.
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    request_id::distrust,
                ))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(RequestSpan {
                            proxies: state.config.trusted_proxies.clone(),
                        })
                        .on_request(())
                        .on_response(AccessLine)
                        .on_failure(()),
                )
                .layer(axum::middleware::from_fn(crate::metrics::count)),
        )
        .with_state(state)
}

/// The app's routes, listed once per process.
///
/// Listing them renders the app with resource loading switched off for the whole process
/// (leptos_server's `SuppressResourceLoad` is one global flag), and a resource first polled
/// meanwhile, on any thread, waits forever. Listing before the first router exists, and
/// never again, means no page can be rendering while it happens.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
