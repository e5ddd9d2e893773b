//! Slows down password guessing without letting an attacker lock the owner out.
//!
//! Two rules, both in memory (each server instance keeps its own counts):
//! - per client IP: at most [`IP_MAX_FAILURES`] failed sign-ins per [`WINDOW`];
//! - per account identifier: after [`FREE_FAILURES`] consecutive failures, each further
//!   attempt waits twice as long as the last, up to [`MAX_BACKOFF`]. A success resets it.

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const IP_MAX_FAILURES: u32 = 30;
pub const FREE_FAILURES: u32 = 5;
pub const MAX_BACKOFF: TimeDelta = TimeDelta::minutes(5);
/// Past this many tracked keys, stale entries are swept on the next failure.
const SWEEP_AT: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    first_at: DateTime<Utc>,
    last_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct SignInThrottle {
    by_ip: Mutex<HashMap<IpAddr, Failures>>,
    by_account: Mutex<HashMap<String, Failures>>,
}

impl SignInThrottle {
    pub fn new() -> Self {
        Self::default()
    }

    /// When the next attempt is allowed, if not now.
    pub fn retry_at(
        &self,
        ip: Option<IpAddr>,
        account_key: &str,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let by_ip = ip.and_then(|ip| {
            let map = self.by_ip.lock().expect("throttle lock");
            let f = map.get(&ip)?;
            let window_end = f.first_at + WINDOW;
            (f.count >= IP_MAX_FAILURES && now < window_end).then_some(window_end)
        });
        let by_account = {
            let map = self.by_account.lock().expect("throttle lock");
            map.get(account_key).and_then(|f| {
                let allowed_at = f.last_at + backoff(f.count);
                (now < allowed_at).then_some(allowed_at)
            })
        };
        by_ip.into_iter().chain(by_account).max()
    }

    pub fn record_failure(&self, ip: Option<IpAddr>, account_key: &str, now: DateTime<Utc>) {
        if let Some(ip) = ip {
            let mut map = self.by_ip.lock().expect("throttle lock");
            bump(&mut map, ip, now, |f| now >= f.first_at + WINDOW);
        }
        let mut map = self.by_account.lock().expect("throttle lock");
        bump(&mut map, account_key.to_owned(), now, |f| {
            now >= f.last_at + WINDOW
        });
    }

    pub fn record_success(&self, account_key: &str) {
        self.by_account
            .lock()
            .expect("throttle lock")
            .remove(account_key);
    }
}

fn backoff(failures: u32) -> TimeDelta {
    if failures < FREE_FAILURES {
        return TimeDelta::zero();
    }
    let exponent = (failures - FREE_FAILURES).min(16);
    TimeDelta::seconds(1i64 << exponent).min(MAX_BACKOFF)
}

fn bump<K: std::hash::Hash + Eq>(
    map: &mut HashMap<K, Failures>,
    key: K,
    now: DateTime<Utc>,
    expired: impl Fn(&Failures) -> bool,
) {
    if map.len() >= SWEEP_AT {
        map.retain(|_, f| now < f.last_at + WINDOW);
    }
    let entry = map.entry(key).or_insert(Failures {
        count: 0,
        first_at: now,
        last_at: now,
    });
    if expired(entry) {
        *entry = Failures {
            count: 0,
            first_at: now,
            last_at: now,
        };
    }
    entry.count += 1;
    entry.last_at = now;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn account_backoff_grows_and_resets_on_success() {
        let th = SignInThrottle::new();
        let now = t0();
        for _ in 0..FREE_FAILURES {
            assert_eq!(th.retry_at(None, "ana@example.com", now), None);
            th.record_failure(None, "ana@example.com", now);
        }
        assert_eq!(
            th.retry_at(None, "ana@example.com", now),
            Some(now + TimeDelta::seconds(1))
        );
        assert_eq!(
            th.retry_at(None, "ana@example.com", now + TimeDelta::seconds(1)),
            None
        );
        // Other accounts are unaffected.
        assert_eq!(th.retry_at(None, "bo@example.com", now), None);
        for _ in 0..20 {
            th.record_failure(None, "ana@example.com", now);
        }
        assert_eq!(
            th.retry_at(None, "ana@example.com", now),
            Some(now + MAX_BACKOFF)
        );
        th.record_success("ana@example.com");
        assert_eq!(th.retry_at(None, "ana@example.com", now), None);
    }

    #[test]
    fn ip_limit_spans_accounts_and_expires_with_the_window() {
        let th = SignInThrottle::new();
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let now = t0();
        for i in 0..IP_MAX_FAILURES {
            assert_eq!(
                th.retry_at(Some(ip), &format!("user{i}@example.com"), now),
                None
            );
            th.record_failure(Some(ip), &format!("user{i}@example.com"), now);
        }
        assert_eq!(
            th.retry_at(Some(ip), "new@example.com", now),
            Some(now + WINDOW)
        );
        let other: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(th.retry_at(Some(other), "new@example.com", now), None);
        assert_eq!(th.retry_at(Some(ip), "new@example.com", now + WINDOW), None);
    }
}
