//! Configuration from the environment. Every setting has a safe default, so a fresh
//! checkout runs with none set.

use crate::client_ip::TrustedProxies;
use chrono::TimeDelta;
use domain::sessions::SessionPolicy;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default `./data/kinoguard.db`) or `postgres://…`.
    pub database_url: String,
    /// `KINOGUARD_ADDR` (or cargo-leptos's `LEPTOS_SITE_ADDR`), default 127.0.0.1:3000.
    pub addr: SocketAddr,
    /// `KINOGUARD_SECURE_COOKIES=true` when served over HTTPS.
    pub secure_cookies: bool,
    /// `KINOGUARD_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges whose
    /// `X-Forwarded-For` is believed. Empty by default: the socket address is used.
    pub trusted_proxies: TrustedProxies,
    /// `KINOGUARD_PUBLIC_ORIGIN`, e.g. `https://kinoguard.example`: accepted as a
    /// same-origin `Origin` behind a proxy that rewrites `Host`.
    pub public_origin: Option<String>,
    /// `KINOGUARD_SESSION_IDLE_DAYS` (14) and `KINOGUARD_SESSION_MAX_DAYS` (60).
    pub sessions: SessionPolicy,
    /// `LEPTOS_SITE_ROOT`: the built site (wasm, JavaScript, CSS). Unset: `site/` beside
    /// the binary (a `make dist` tarball), else `target/site`.
    pub site_root: Option<PathBuf>,
    /// `KINOGUARD_GEOIP_DB`: an `.mmdb` file or a folder of them (default `data/geoip`).
    pub geoip_db: PathBuf,
    /// `KINOGUARD_PHONE_REGION`, e.g. `GB`: the country of phone numbers written without
    /// their country code. None by default: numbers need it.
    pub phone_region: Option<domain::identifier::Region>,
    /// `KINOGUARD_LIVE_PER_SESSION` (10) and `KINOGUARD_LIVE_PER_ADDRESS` (200): how many
    /// live channels one session, and one client address, may hold open on an instance.
    pub live_limits: LiveLimits,
    /// `KINOGUARD_SMTP_URL` and `KINOGUARD_MAIL_FROM`, both or neither: where mail goes.
    /// Without them messages wait in the outbox (`kinoguard outbox`).
    pub mailer: Option<crate::mailer::Mailer>,
    /// `RUST_LOG`: which log lines are written (tracing's filter syntax).
    pub log_filter: Option<String>,
    /// `KINOGUARD_LOG_FORMAT`: `text` (default) or `json`, one object per line.
    pub log_format: crate::logging::LogFormat,
    /// `KINOGUARD_METRICS_TOKEN`: serve `/metrics` on the public listener to a scraper
    /// that sends `Authorization: Bearer <token>`. Unset: `/metrics` is not served there.
    pub metrics_token: Option<String>,
    /// `KINOGUARD_METRICS_ADDR`, e.g. 127.0.0.1:9100: serve `/metrics` (no token) on a
    /// listener of its own, off the public one.
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveLimits {
    pub per_session: usize,
    pub per_address: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| domain::db::DEFAULT_DATABASE_URL.into());
        let addr_text = get("KINOGUARD_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr_text.parse().map_err(|_| {
            ConfigError(format!(
                "KINOGUARD_ADDR: {addr_text:?} is not an address like 127.0.0.1:3000"
            ))
        })?;
        let secure_cookies = match get("KINOGUARD_SECURE_COOKIES").as_deref() {
            None | Some("false" | "0" | "no") => false,
            Some("true" | "1" | "yes") => true,
            Some(other) => {
                return Err(ConfigError(format!(
                    "KINOGUARD_SECURE_COOKIES: {other:?} is neither true nor false"
                )));
            }
        };
        let trusted_proxies =
            TrustedProxies::parse(get("KINOGUARD_TRUSTED_PROXIES").as_deref().unwrap_or(""))
                .map_err(|e| ConfigError(format!("KINOGUARD_TRUSTED_PROXIES: {e}")))?;
        let days = |key: &str, default: i64| -> Result<TimeDelta, ConfigError> {
            match get(key) {
                None => Ok(TimeDelta::days(default)),
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=365).contains(d))
                    .map(TimeDelta::days)
                    .ok_or_else(|| {
                        ConfigError(format!(
                            "{key}: {v:?} is not a number of days from 1 to 365"
                        ))
                    }),
            }
        };
        let sessions = SessionPolicy {
            idle: days("KINOGUARD_SESSION_IDLE_DAYS", 14)?,
            absolute: days("KINOGUARD_SESSION_MAX_DAYS", 60)?,
            ..SessionPolicy::default()
        };
        if sessions.idle > sessions.absolute {
            return Err(ConfigError(
                "KINOGUARD_SESSION_IDLE_DAYS must not exceed KINOGUARD_SESSION_MAX_DAYS".into(),
            ));
        }
        let count = |key: &str, default: usize| -> Result<usize, ConfigError> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=1_000_000).contains(n))
                    .ok_or_else(|| {
                        ConfigError(format!("{key}: {v:?} is not a number from 1 to 1000000"))
                    }),
            }
        };
        let live_limits = LiveLimits {
            per_session: count("KINOGUARD_LIVE_PER_SESSION", 10)?,
            per_address: count("KINOGUARD_LIVE_PER_ADDRESS", 200)?,
        };
        let public_origin =
            get("KINOGUARD_PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_owned());
        let mailer = match (get("KINOGUARD_SMTP_URL"), get("KINOGUARD_MAIL_FROM")) {
            (None, None) => None,
            (Some(url), Some(from)) => {
                // Links in a message must lead to the service, not to its listening address.
                let site = public_origin.clone().unwrap_or_default();
                Some(crate::mailer::Mailer::new(&url, &from, &site).map_err(ConfigError)?)
            }
            (Some(_), None) => {
                return Err(ConfigError(
                    "KINOGUARD_MAIL_FROM: set it with KINOGUARD_SMTP_URL, e.g. \"Kinoguard <security@example.com>\"".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError(
                    "KINOGUARD_SMTP_URL: set it with KINOGUARD_MAIL_FROM, e.g. smtps://user:password@smtp.example.com".into(),
                ));
            }
        };
        let log_format = get("KINOGUARD_LOG_FORMAT")
            .map(|f| crate::logging::LogFormat::parse(&f))
            .transpose()
            .map_err(|e| ConfigError(format!("KINOGUARD_LOG_FORMAT: {e}")))?
            .unwrap_or_default();
        let log_filter = get("RUST_LOG")
            .map(|f| {
                tracing_subscriber::EnvFilter::try_new(&f)
                    .map(|_| f)
                    .map_err(|e| ConfigError(format!("RUST_LOG: {e}")))
            })
            .transpose()?;
        let metrics_token = get("KINOGUARD_METRICS_TOKEN")
            .map(|t| {
                // A scraper's secret, compared in full on every scrape: long enough that
                // guessing it is hopeless.
                if t.len() >= 24 && t.bytes().all(|b| b.is_ascii_graphic()) {
                    Ok(t)
                } else {
                    Err(ConfigError(
                        "KINOGUARD_METRICS_TOKEN: use at least 24 printable characters without spaces, e.g. the output of `openssl rand -hex 32`".into(),
                    ))
                }
            })
            .transpose()?;
        let metrics_addr = get("KINOGUARD_METRICS_ADDR")
            .map(|a| {
                a.parse::<SocketAddr>().map_err(|_| {
                    ConfigError(format!(
                        "KINOGUARD_METRICS_ADDR: {a:?} is not an address like 127.0.0.1:9100"
                    ))
                })
            })
            .transpose()?;
        if metrics_addr.is_some_and(|m| m == addr) {
            return Err(ConfigError(
                "KINOGUARD_METRICS_ADDR: must differ from KINOGUARD_ADDR (it is the listener kept off the public one)".into(),
            ));
        }
        Ok(Self {
            log_filter,
            site_root: get("LEPTOS_SITE_ROOT").map(PathBuf::from),
            log_format,
            metrics_token,
            metrics_addr,
            mailer,
            live_limits,
            database_url,
            addr,
            secure_cookies,
            trusted_proxies,
            public_origin,
            sessions,
            geoip_db: get("KINOGUARD_GEOIP_DB").map_or_else(default_geoip_db, PathBuf::from),
            phone_region: get("KINOGUARD_PHONE_REGION")
                .map(|r| domain::identifier::Region::parse(&r))
                .transpose()
                .map_err(|e| {
                    ConfigError(format!(
                        "KINOGUARD_PHONE_REGION: {}",
                        app::problem::in_english(&e)
                    ))
                })?,
        })
    }
}

/// `geoip/` beside the binary (a `make dist` tarball), else `data/geoip` of the working
/// directory (a checkout).
fn default_geoip_db() -> PathBuf {
    crate::cli::beside_the_binary("geoip").unwrap_or_else(|| PathBuf::from("data/geoip"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_local_and_plain_http() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, domain::db::DEFAULT_DATABASE_URL);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(!c.secure_cookies);
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.phone_region, None);
    }

    #[test]
    fn the_phone_region_is_a_country_code() {
        let c = config(&[("KINOGUARD_PHONE_REGION", "gb")]).unwrap();
        assert_eq!(
            c.phone_region.map(|r| r.code().to_owned()).as_deref(),
            Some("GB")
        );
    }

    #[test]
    fn bad_values_are_named() {
        for (key, value) in [
            ("KINOGUARD_ADDR", "localhost"),
            ("KINOGUARD_SECURE_COOKIES", "maybe"),
            ("KINOGUARD_TRUSTED_PROXIES", "10.0.0.0/99"),
            ("KINOGUARD_SESSION_IDLE_DAYS", "0"),
            ("KINOGUARD_PHONE_REGION", "Narnia"),
            ("KINOGUARD_LIVE_PER_SESSION", "0"),
            ("KINOGUARD_LIVE_PER_ADDRESS", "lots"),
            ("KINOGUARD_LOG_FORMAT", "xml"),
            ("RUST_LOG", "server=loudly"),
            ("KINOGUARD_METRICS_TOKEN", "short"),
            ("KINOGUARD_METRICS_ADDR", "9100"),
            ("KINOGUARD_METRICS_ADDR", "127.0.0.1:3000"),
        ] {
            let err = config(&[(key, value)]).unwrap_err().to_string();
            assert!(err.starts_with(key), "{err}");
        }
    }
}
