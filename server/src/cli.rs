//! `kinoguard [serve | migrate | seed-demo | create-account | require-reauthentication |
//! sign-out-all | outbox]`.

use crate::config::Config;
use crate::routes::router;
use crate::state::AppState;
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use domain::accounts::{self, NewAccount};
use domain::geo::GeoIp;
use domain::identifier::{Email, LoginIdentifier, Phone};
use domain::password::{NewPassword, PasswordHasher};
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::io::BufRead;
use std::net::SocketAddr;

#[derive(Parser, Debug)]
#[command(
    name = "kinoguard",
    version,
    about = "The account-security center of a streaming service"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database and serve the web app and API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo account if it does not exist, and print its credentials.
    SeedDemo,
    /// Create an account; the password is read from the first line of standard input.
    CreateAccount {
        /// The account's email address.
        #[arg(long)]
        email: String,
        /// An optional phone number, e.g. +44 20 7946 0958. Without its country code it is
        /// read as a number of KINOGUARD_PHONE_REGION (none by default).
        #[arg(long)]
        phone: Option<String>,
    },
    /// Make every signed-in session of an account enter its password again before its
    /// next sensitive action (nobody is signed out).
    RequireReauthentication {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
    /// Sign out every device of an account and void its approved TV codes: what support
    /// does when an owner calls. Open pages of the account show that they were signed out.
    SignOutAll {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
    /// Show the newest messages of the mail outbox, sent or waiting, as they read. Without
    /// KINOGUARD_SMTP_URL this is where they can be read.
    Outbox {
        /// Only the messages to this account's email address.
        #[arg(long)]
        email: Option<String>,
        /// How many to show.
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
}

pub async fn run(cli: Cli, config: Config) -> Result<()> {
    if let Some(region) = config.phone_region {
        domain::identifier::set_default_region(region)?;
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            open(&config).await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::SeedDemo => {
            let db = open(&config).await?;
            seed_demo(&db, &GeoIp::open(&config.geoip_db)).await
        }
        Command::CreateAccount { email, phone } => {
            // Validate the arguments before waiting on standard input.
            let email = Email::parse(&email).map_err(|e| said("--email", &e))?;
            let phone = phone
                .map(|p| Phone::parse(&p))
                .transpose()
                .map_err(|e| said("--phone", &e))?;
            let password = read_password()?;
            let db = open(&config).await?;
            let hasher = PasswordHasher::with_concurrency(1);
            let account = accounts::create(
                &db,
                &hasher,
                NewAccount {
                    email,
                    phone,
                    password,
                },
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!(app::problem::in_english(&e)))?;
            println!("Created account {} ({}).", account.id, account.email);
            Ok(())
        }
        Command::RequireReauthentication { email } => {
            let email = Email::parse(&email).map_err(|e| said("--email", &e))?;
            let db = open(&config).await?;
            let account = accounts::find(&db, &LoginIdentifier::Email(email.clone()))
                .await?
                .with_context(|| format!("no account has the email address {}", email.as_str()))?;
            let sessions = domain::sessions::require_reauthentication(&db, account.id).await?;
            let noun = if sessions == 1 { "session" } else { "sessions" };
            println!(
                "{sessions} signed-in {noun} of {} must enter the password again.",
                account.email
            );
            Ok(())
        }
        Command::SignOutAll { email } => {
            let email = Email::parse(&email).map_err(|e| said("--email", &e))?;
            let db = open(&config).await?;
            let account = accounts::find(&db, &LoginIdentifier::Email(email.clone()))
                .await?
                .with_context(|| format!("no account has the email address {}", email.as_str()))?;
            let live = domain::live::LiveHub::publisher(&db).await?;
            let now = chrono::Utc::now();
            let ended = domain::auth::operator_sign_out_all(&db, &live, account.id, now).await?;
            // The sessions are refused already; the rows are marked before this process
            // exits, which would end the background task marking them.
            domain::sessions::settle(&db, account.id, now).await?;
            let noun = if ended == 1 { "session" } else { "sessions" };
            println!("Signed out {ended} {noun} of {}.", account.email);
            Ok(())
        }
        Command::Outbox { email, limit } => {
            let email = email
                .map(|e| Email::parse(&e).map_err(|e| said("--email", &e)))
                .transpose()?;
            let db = open(&config).await?;
            let account_id = match email {
                Some(email) => Some(
                    accounts::find(&db, &LoginIdentifier::Email(email.clone()))
                        .await?
                        .with_context(|| {
                            format!("no account has the email address {}", email.as_str())
                        })?
                        .id,
                ),
                None => None,
            };
            let messages = domain::outbox::list(&db, account_id, limit).await?;
            if messages.is_empty() {
                println!("The outbox is empty.");
            }
            let site = config
                .public_origin
                .clone()
                .unwrap_or_else(|| format!("http://{}", config.addr));
            for message in messages {
                // A message still waiting is read here instead of in a mailbox (the demo):
                // its "This wasn't me" link must work, so each listing makes it a fresh one.
                let link = match message.message.sent_at {
                    Some(_) => None,
                    None => Some(
                        domain::secure_links::issue(
                            &db,
                            message.message.account_id,
                            Some(message.event.id),
                            chrono::Utc::now(),
                        )
                        .await?,
                    ),
                };
                print!("{}", outbox_entry(&message, &site, link.as_deref()));
            }
            Ok(())
        }
    }
}

/// One message as `kinoguard outbox` shows it: where it stands, then what it says.
fn outbox_entry(message: &domain::outbox::Message, site: &str, link: Option<&str>) -> String {
    let row = &message.message;
    let status = match (row.sent_at, &row.last_error) {
        (Some(at), _) => format!("sent {}", at.format("%Y-%m-%d %H:%M UTC")),
        (None, Some(error)) => format!("waiting, {} failed attempts: {error}", row.attempts),
        (None, None) => "waiting".to_owned(),
    };
    let letter = app::mail::write(message, site, link);
    let mut out = format!(
        "#{} {} · to {} · {status}\nSubject: {}\n",
        row.id,
        row.created_at.format("%Y-%m-%d %H:%M UTC"),
        message.to,
        letter.subject
    );
    for line in letter.text.lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');
    out
}

fn read_password() -> Result<NewPassword> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!(
            "no password on standard input; pipe one in, e.g. `printf '%s\\n' \"$PASSWORD\" | kinoguard create-account --email …`"
        );
    }
    NewPassword::parse(password).map_err(|e| said("password", &e))
}

/// A refused argument, named, with what to change in English.
fn said(argument: &str, error: &domain::DomainError) -> anyhow::Error {
    anyhow::anyhow!("{argument}: {}", app::problem::in_english(error))
}

/// `read_line` with a bound, so a runaway pipe cannot fill memory.
trait TakeLine {
    fn take_line(&mut self, buf: &mut String) -> std::io::Result<usize>;
}

impl<R: BufRead> TakeLine for R {
    fn take_line(&mut self, buf: &mut String) -> std::io::Result<usize> {
        use std::io::Read;
        self.take(4096).read_line(buf)
    }
}

async fn open(config: &Config) -> Result<DatabaseConnection> {
    let db = domain::db::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the database at {}", redact(&config.database_url)))?;
    domain::migrate::run(&db)
        .await
        .context("migrating the database")?;
    Ok(db)
}

async fn seed_demo(db: &DatabaseConnection, geo: &GeoIp) -> Result<()> {
    let created = if domain::demo::exists(db).await? {
        false
    } else {
        let hasher = PasswordHasher::with_concurrency(1);
        domain::demo::seed(db, &hasher, geo, chrono::Utc::now()).await?;
        true
    };
    let c = domain::demo::CREDENTIALS;
    println!(
        "Demo account {}:\n  email:    {}\n  phone:    {}\n  password: {}",
        if created {
            "created"
        } else {
            "already present"
        },
        c.email,
        c.phone,
        c.password
    );
    Ok(())
}

async fn serve(config: Config) -> Result<()> {
    let db = open(&config).await?;
    let leptos_options = leptos_options(&config)?;
    let addr = config.addr;
    let geo = GeoIp::open(&config.geoip_db);
    tokio::spawn(sweep_forever(db.clone()));
    match config.mailer.clone() {
        Some(mailer) => {
            tokio::spawn(mailer.run(db.clone()));
        }
        None => println!(
            "Mail is not sent (no KINOGUARD_SMTP_URL): it waits in the outbox, and `kinoguard outbox` shows it."
        ),
    }
    let live = domain::live::LiveHub::start(&db)
        .await
        .context("starting the live channel's events")?;
    let metrics_addr = config.metrics_addr;
    let state = AppState::new(config, db, leptos_options, geo, live);
    let channels = state.live_channels.clone();
    if let Some(metrics_addr) = metrics_addr {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("listening for metrics on {metrics_addr}"))?;
        let metrics = crate::metrics::private_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
        println!("Metrics for Prometheus at http://{metrics_addr}/metrics");
    }
    if state.config.metrics_token.is_some() || metrics_addr.is_some() {
        tokio::spawn(metrics_upkeep());
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!("listening on http://{addr}");
    println!("Kinoguard is running at http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open live channels never end by themselves; the shutdown would wait forever.
            channels.close_all();
        })
        .await
        .context("serving")?;
    Ok(())
}

/// Folds the latencies recorded since the last scrape into their histograms now and
/// then, so that a scraper that stops coming does not leave them to pile up.
async fn metrics_upkeep() {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        every.tick().await;
        crate::metrics::handle().run_upkeep();
    }
}

/// Deletes expired guesses, TV codes and device cookies every few minutes; several
/// instances sweeping the same database do no harm.
async fn sweep_forever(db: sea_orm::DatabaseConnection) {
    let mut every = tokio::time::interval(domain::sweep::EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match domain::sweep::run(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(rows) => tracing::debug!(rows, "swept expired rows"),
            Err(e) => tracing::warn!(error = %e, "sweeping expired rows failed"),
        }
    }
}

/// Leptos's options from the environment cargo-leptos sets, with this project's defaults.
pub fn leptos_options(config: &Config) -> Result<LeptosOptions> {
    let mut options = leptos::prelude::get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "kinoguard".into();
    }
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = leptos::config::Env::PROD;
    }
    // A release build names its assets by their hash and lists the hashes beside the
    // binary (cargo-leptos's `hash-files`): use them whenever they are there.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
            .is_some_and(|list| list.is_file());
    }
    options.site_addr = config.addr;
    Ok(options)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..scheme_end], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn database_passwords_are_not_printed() {
        assert_eq!(
            redact("postgres://kg:s3cret@db/kg"),
            "postgres://kg:***@db/kg"
        );
        assert_eq!(redact("postgres://kg@db/kg"), "postgres://kg@db/kg");
        assert_eq!(redact("sqlite://data/k.db"), "sqlite://data/k.db");
    }
}
