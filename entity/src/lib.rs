//! SeaORM entities: one module per table. Enumerations stored as short strings so the
//! database stays readable from `psql`/`sqlite3`.

pub mod account;
pub mod attempt;
pub mod device;
pub mod device_code;
pub mod device_cookie;
pub mod live_event;
pub mod outbox;
pub mod playback;
pub mod profile;
pub mod secure_link;
pub mod security_event;
pub mod session;
pub mod sign_in_review;
pub mod title;
pub mod title_restriction;
