//! Request middleware, outermost first: security headers, CSRF, session, error status.

pub mod csrf;
pub mod error_status;
pub mod security_headers;
pub mod session;
