//! The Kinoguard server: configuration, the axum router and its middleware, and the
//! command-line entry points.

pub mod api;
pub mod cli;
pub mod client_ip;
pub mod config;
pub mod downloads;
pub mod live;
pub mod mailer;
pub mod middleware;
pub mod routes;
pub mod state;

pub use config::Config;
pub use routes::router;
pub use state::AppState;
