//! The Kinoguard server: configuration, the axum router and its middleware, and the
//! command-line entry points.

pub mod access_log;
pub mod api;
pub mod cli;
pub mod client_ip;
pub mod config;
pub mod downloads;
pub mod health;
pub mod live;
pub mod logging;
pub mod mailer;
pub mod metrics;
pub mod middleware;
pub mod release;
pub mod routes;
pub mod state;

pub use config::Config;
pub use routes::router;
pub use state::AppState;
