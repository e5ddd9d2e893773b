//! Server functions, one group per file. Each parses its input, authorizes the request,
//! calls a `domain` service and maps errors to [`crate::error::AppError`].
//!
//! Endpoints are named explicitly (`/api/<name>`) so URLs do not depend on build paths,
//! and the CSRF check in the server can tell them apart.

pub mod account;
pub mod activate;
pub mod activity;
pub mod catalog;
pub mod devices;
pub mod language;
pub mod parental;
pub mod playback;
pub mod profiles;
pub mod secure;
pub mod session;
pub mod tv;
