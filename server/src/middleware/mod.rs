//! Request middleware, outermost first: request id, access log, metrics, security
//! headers, CSRF, session, error status.

pub mod csrf;
pub mod error_status;
pub mod request_id;
pub mod security_headers;
pub mod session;
