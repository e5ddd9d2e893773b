//! Every setting as a command-line flag and, the same setting, an environment variable;
//! `kinoguard serve --help` lists both. A flag wins over its variable. What the values
//! mean and which are refused is `Config`'s to say.

use crate::config::{Config, ConfigError};
use clap::Args;

#[derive(Args, Debug, Clone, Default)]
pub struct Settings {
    /// Where the data lives: sqlite://PATH?mode=rwc (default ./data/kinoguard.db) or
    /// postgres://USER:PASSWORD@HOST/DATABASE.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,
    /// The address to serve on [default: 127.0.0.1:3000].
    #[arg(long, env = "KINOGUARD_ADDR", global = true, value_name = "IP:PORT")]
    pub addr: Option<String>,
    /// Mark cookies Secure: set it whenever the site is reached over HTTPS.
    #[arg(
        long,
        env = "KINOGUARD_SECURE_COOKIES",
        global = true,
        value_name = "true|false"
    )]
    pub secure_cookies: Option<String>,
    /// Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For and
    /// X-Request-Id are believed, comma-separated [default: none].
    #[arg(
        long,
        env = "KINOGUARD_TRUSTED_PROXIES",
        global = true,
        value_name = "LIST"
    )]
    pub trusted_proxies: Option<String>,
    /// The site's address as visitors see it, e.g. https://kinoguard.example: accepted as
    /// the same origin behind a proxy, and used in mailed links.
    #[arg(
        long,
        env = "KINOGUARD_PUBLIC_ORIGIN",
        global = true,
        value_name = "URL"
    )]
    pub public_origin: Option<String>,
    /// Days a session lives unused [default: 14].
    #[arg(
        long,
        env = "KINOGUARD_SESSION_IDLE_DAYS",
        global = true,
        value_name = "DAYS"
    )]
    pub session_idle_days: Option<String>,
    /// Days a session lives at most [default: 60].
    #[arg(
        long,
        env = "KINOGUARD_SESSION_MAX_DAYS",
        global = true,
        value_name = "DAYS"
    )]
    pub session_max_days: Option<String>,
    /// The built site (wasm, JavaScript, CSS) [default: site/ beside the binary, else
    /// target/site].
    #[arg(long, env = "LEPTOS_SITE_ROOT", global = true, value_name = "PATH")]
    pub site_root: Option<String>,
    /// The geo-IP database: an .mmdb file or a folder of them [default: data/geoip].
    #[arg(long, env = "KINOGUARD_GEOIP_DB", global = true, value_name = "PATH")]
    pub geoip_db: Option<String>,
    /// The country of phone numbers written without their country code, e.g. GB
    /// [default: none; numbers need their code].
    #[arg(long, env = "KINOGUARD_PHONE_REGION", global = true, value_name = "CC")]
    pub phone_region: Option<String>,
    /// Live channels one session may hold open on an instance [default: 10].
    #[arg(
        long,
        env = "KINOGUARD_LIVE_PER_SESSION",
        global = true,
        value_name = "N"
    )]
    pub live_per_session: Option<String>,
    /// Live channels one client address may hold open on an instance [default: 200].
    #[arg(
        long,
        env = "KINOGUARD_LIVE_PER_ADDRESS",
        global = true,
        value_name = "N"
    )]
    pub live_per_address: Option<String>,
    /// Where mail goes, e.g. smtps://USER:PASSWORD@smtp.example.com (with --mail-from)
    /// [default: none; mail waits in the outbox].
    #[arg(
        long,
        env = "KINOGUARD_SMTP_URL",
        global = true,
        hide_env_values = true,
        value_name = "URL"
    )]
    pub smtp_url: Option<String>,
    /// Who mail comes from, e.g. "Kinoguard <security@example.com>".
    #[arg(
        long,
        env = "KINOGUARD_MAIL_FROM",
        global = true,
        value_name = "MAILBOX"
    )]
    pub mail_from: Option<String>,
    /// Which log lines are written, in tracing's filter syntax, e.g.
    /// info,server::access_log=warn [default: info,sqlx=warn,sea_orm=warn].
    #[arg(long, env = "RUST_LOG", global = true, value_name = "FILTER")]
    pub log_filter: Option<String>,
    /// How log lines read: text, or json (one object per line) [default: text].
    #[arg(
        long,
        env = "KINOGUARD_LOG_FORMAT",
        global = true,
        value_name = "text|json"
    )]
    pub log_format: Option<String>,
    /// Serve /metrics on the public listener to a scraper sending this bearer token (at
    /// least 24 characters). Prefer the variable: a flag shows in the process list.
    #[arg(
        long,
        env = "KINOGUARD_METRICS_TOKEN",
        global = true,
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub metrics_token: Option<String>,
    /// Serve /metrics, without a token, on a listener of its own, e.g. 127.0.0.1:9100.
    #[arg(
        long,
        env = "KINOGUARD_METRICS_ADDR",
        global = true,
        value_name = "IP:PORT"
    )]
    pub metrics_addr: Option<String>,
}

impl Settings {
    /// The configuration these settings make, or what is wrong with them.
    pub fn config(&self) -> Result<Config, ConfigError> {
        Config::from_lookup(|key| {
            let value = match key {
                // cargo-leptos's name for the address, read when KINOGUARD_ADDR is unset.
                "LEPTOS_SITE_ADDR" => std::env::var(key).ok(),
                _ => self.value(key),
            };
            value.filter(|v| !v.trim().is_empty())
        })
    }

    fn value(&self, key: &str) -> Option<String> {
        let value = match key {
            "DATABASE_URL" => &self.database_url,
            "KINOGUARD_ADDR" => &self.addr,
            "KINOGUARD_SECURE_COOKIES" => &self.secure_cookies,
            "KINOGUARD_TRUSTED_PROXIES" => &self.trusted_proxies,
            "KINOGUARD_PUBLIC_ORIGIN" => &self.public_origin,
            "KINOGUARD_SESSION_IDLE_DAYS" => &self.session_idle_days,
            "KINOGUARD_SESSION_MAX_DAYS" => &self.session_max_days,
            "LEPTOS_SITE_ROOT" => &self.site_root,
            "KINOGUARD_GEOIP_DB" => &self.geoip_db,
            "KINOGUARD_PHONE_REGION" => &self.phone_region,
            "KINOGUARD_LIVE_PER_SESSION" => &self.live_per_session,
            "KINOGUARD_LIVE_PER_ADDRESS" => &self.live_per_address,
            "KINOGUARD_SMTP_URL" => &self.smtp_url,
            "KINOGUARD_MAIL_FROM" => &self.mail_from,
            "KINOGUARD_LOG_FORMAT" => &self.log_format,
            "RUST_LOG" => &self.log_filter,
            "KINOGUARD_METRICS_TOKEN" => &self.metrics_token,
            "KINOGUARD_METRICS_ADDR" => &self.metrics_addr,
            _ => return None,
        };
        value.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, Parser};
    use std::cell::RefCell;

    #[test]
    fn every_setting_the_configuration_reads_is_a_flag_with_its_variable() {
        let read = RefCell::new(Vec::new());
        let _ = Config::from_lookup(|key| {
            read.borrow_mut().push(key.to_owned());
            None
        });
        let cli = Cli::command();
        let serve = cli.find_subcommand("serve").expect("a serve command");
        let variables: Vec<String> = cli
            .get_arguments()
            .chain(serve.get_arguments())
            .filter_map(|a| a.get_env())
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let read = read.into_inner();
        assert!(read.len() >= 16, "{read:?}");
        // Every flag given, each with its own value: each variable reads its flag's.
        let mut args = vec!["kinoguard".to_owned()];
        for arg in cli.get_arguments().filter(|a| a.get_env().is_some()) {
            args.push(format!("--{}", arg.get_long().unwrap()));
            args.push(format!("value of {}", arg.get_id()));
        }
        args.push("migrate".into());
        let given = Cli::try_parse_from(&args).unwrap().settings;
        for key in read.iter().filter(|k| *k != "LEPTOS_SITE_ADDR") {
            assert!(variables.contains(key), "{key} has no flag");
            assert!(
                given.value(key).is_some_and(|v| v.starts_with("value of")),
                "{key} does not read its flag"
            );
        }
    }

    #[test]
    fn a_flag_is_read_as_its_variable_would_be() {
        let cli = Cli::try_parse_from([
            "kinoguard",
            "serve",
            "--addr",
            "0.0.0.0:8080",
            "--log-format",
            "json",
            "--session-idle-days",
            "7",
        ])
        .unwrap();
        let config = cli.settings.config().unwrap();
        assert_eq!(config.addr.to_string(), "0.0.0.0:8080");
        assert_eq!(config.log_format, crate::logging::LogFormat::Json);
        assert_eq!(config.sessions.idle, chrono::TimeDelta::days(7));
        let bad = Cli::try_parse_from(["kinoguard", "--log-format", "xml", "migrate"]).unwrap();
        assert!(
            bad.settings
                .config()
                .unwrap_err()
                .to_string()
                .starts_with("KINOGUARD_LOG_FORMAT")
        );
    }
}
