//! Kinoguard's services: plain async functions over a `sea_orm` connection, called by the
//! server functions and the device API, testable without a browser.

pub mod accounts;
pub mod activity;
pub mod attempts;
pub mod auth;
pub mod catalog;
pub mod counters;
pub mod db;
pub mod demo;
pub mod device_codes;
pub mod device_cookies;
pub mod device_name;
pub mod devices;
pub mod error;
pub mod events;
pub mod geo;
pub mod identifier;
pub mod live;
pub mod migrate;
pub mod outbox;
pub mod page_session;
pub mod paging;
pub mod parental;
pub mod password;
pub mod pin;
pub mod playback;
pub mod policy;
pub mod problem;
pub mod profiles;
pub mod secure_links;
mod services;
pub mod sessions;
pub mod sign_in_notices;
mod sql_text;
pub mod sweep;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod token;
pub mod unrecognised;

pub use entity;
pub use error::DomainError;
pub use services::Services;

/// Who is asking: read from the request by the server, never from the request body.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: String,
}
