//! Kinoguard's pages, components and server functions, shared by the server (`ssr`) and
//! the browser (`hydrate`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod api_message;
mod app;
#[cfg(feature = "ssr")]
mod chunk_preloads;
pub mod components;
pub mod contexts;
pub mod device_kind;
pub mod device_name;
pub mod error;
pub mod event_detail;
pub mod event_kind;
pub mod language;
mod lazy_pages;
pub mod live;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod maturity;
pub mod moment;
#[cfg(feature = "ssr")]
pub mod page_reads;
pub mod pages;
pub mod place;
#[cfg(feature = "ssr")]
pub mod problem;
pub mod release;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;
pub mod tv;

pub use app::{App, shell};

// `pub mod i18n`: the texts of `locales/*.json` (see `build.rs`), `t!` and `Locale`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Set on `<html>` once the page has hydrated: the browser tests wait for it.
pub const HYDRATED: &str = "data-hydrated";
