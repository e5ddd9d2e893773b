//! What the service counts for its operator: sign-ins by outcome, refused guesses by
//! allowance, sessions ended by reason. Counted through the `metrics` facade, which does
//! nothing until the server installs its Prometheus recorder (server/src/metrics.rs).

use crate::error::{DomainError, Result};
use entity::session::RevokeReason;
use sea_orm::ActiveEnum;

pub const SIGN_INS: &str = "kinoguard_sign_ins_total";
pub const THROTTLE_REFUSALS: &str = "kinoguard_throttle_refusals_total";
pub const REVOCATIONS: &str = "kinoguard_sessions_revoked_total";

/// Counts a sign-in's outcome, by how it was tried (`password`, `link`, `tv_code`).
pub fn sign_in<T>(method: &'static str, result: &Result<T>) {
    let outcome = match result {
        Ok(_) => "signed_in",
        Err(DomainError::InvalidCredentials) => "wrong_credentials",
        Err(DomainError::Throttled { .. }) => "throttled",
        Err(_) => "refused",
    };
    metrics::counter!(SIGN_INS, "method" => method, "outcome" => outcome).increment(1);
}

/// Counts a guess refused because an allowance was spent.
pub fn throttled(kind: &'static str) {
    metrics::counter!(THROTTLE_REFUSALS, "allowance" => kind).increment(1);
}

/// Counts sessions ended, by why.
pub fn revoked(reason: RevokeReason, sessions: u64) {
    if sessions > 0 {
        metrics::counter!(REVOCATIONS, "reason" => reason.to_value()).increment(sessions);
    }
}
