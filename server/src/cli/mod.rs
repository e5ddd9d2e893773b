//! The `kinoguard` command line: `serve` (the default), the database's upkeep, and what
//! the service's support does to an account. Every setting is a flag as well as an
//! environment variable (`settings`).

mod accounts;
mod backup;
mod outbox;
mod serve;
mod settings;

use crate::config::Config;
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use domain::geo::GeoIp;
use domain::identifier::{Email, LoginIdentifier};
use domain::password::{NewPassword, PasswordHasher};
use sea_orm::DatabaseConnection;
use std::io::BufRead;

pub use serve::{beside_the_binary, leptos_options};
pub use settings::Settings;

#[derive(Parser, Debug)]
#[command(
    name = "kinoguard",
    version,
    about = "The account-security center of a streaming service"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database and serve the web app and API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate {
        /// List every migration and whether the database has it; change nothing.
        #[arg(long)]
        status: bool,
    },
    /// Copy the SQLite database, consistent even while the server writes to it, into a
    /// new file (for PostgreSQL use pg_dump; see the README).
    Backup {
        /// The file to write; it must not exist yet.
        path: std::path::PathBuf,
    },
    /// Create the demo account if it does not exist, and print its credentials.
    SeedDemo,
    /// List accounts, or show one.
    #[command(subcommand)]
    Accounts(accounts::Accounts),
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
    /// Disable an account: every device signed out, its approved TV codes void, and no
    /// sign-in until it is enabled again. Its data stays.
    Disable {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
    /// Replace an account's password (read from the first line of standard input) and
    /// sign out every device; the owner is told by mail.
    ResetPassword {
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

pub async fn run(command: Option<Command>, config: Config) -> Result<()> {
    if let Some(region) = config.phone_region {
        domain::identifier::set_default_region(region)?;
    }
    match command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve(config).await,
        Command::Migrate { status: false } => {
            open(&config).await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::Migrate { status: true } => migration_status(&config).await,
        Command::Backup { path } => backup::run(&config, &path).await,
        Command::SeedDemo => {
            let db = open(&config).await?;
            seed_demo(&db, &GeoIp::open(&config.geoip_db)).await
        }
        Command::Accounts(accounts::Accounts::List { limit, offset }) => {
            accounts::list(&config, offset, limit).await
        }
        Command::Accounts(accounts::Accounts::Show { email }) => {
            accounts::show(&config, &email).await
        }
        Command::CreateAccount { email, phone } => {
            accounts::create(&config, &email, phone.as_deref()).await
        }
        Command::RequireReauthentication { email } => {
            accounts::require_reauthentication(&config, &email).await
        }
        Command::SignOutAll { email } => accounts::sign_out_all(&config, &email).await,
        Command::Disable { email } => accounts::disable(&config, &email).await,
        Command::Enable { email } => accounts::enable(&config, &email).await,
        Command::ResetPassword { email } => accounts::reset_password(&config, &email).await,
        Command::Outbox { email, limit } => outbox::show(&config, email, limit).await,
    }
}

/// Every migration this release knows and whether the database has it, without applying
/// any.
async fn migration_status(config: &Config) -> Result<()> {
    let db = connect(config).await?;
    let migrations = domain::migrate::status(&db)
        .await
        .context("reading the applied migrations")?;
    for m in &migrations {
        println!(
            "{}  {}",
            if m.applied { "applied" } else { "pending" },
            m.name
        );
    }
    let pending = migrations.iter().filter(|m| !m.applied).count();
    if pending == 0 {
        println!("Database is up to date.");
    } else {
        println!("{pending} pending: `kinoguard migrate` (or `serve`) applies them.");
    }
    Ok(())
}

/// The account with this email address, or an error saying there is none.
async fn find_account(
    db: &DatabaseConnection,
    email: &Email,
) -> Result<domain::entity::account::Model> {
    domain::accounts::find(db, &LoginIdentifier::Email(email.clone()))
        .await?
        .with_context(|| format!("no account has the email address {}", email.as_str()))
}

fn read_password(command: &str) -> Result<NewPassword> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!(
            "no password on standard input; pipe one in, e.g. `printf '%s\\n' \"$PASSWORD\" | kinoguard {command} --email …`"
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

async fn connect(config: &Config) -> Result<DatabaseConnection> {
    domain::db::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the database at {}", redact(&config.database_url)))
}

/// The database, which must already be at this release: support's commands never
/// migrate it (that would change it under every instance of the older release still
/// serving it; `kinoguard migrate` does that on purpose).
async fn open_current(config: &Config) -> Result<DatabaseConnection> {
    let db = connect(config).await?;
    let pending = domain::migrate::pending(&db)
        .await
        .context("reading the database's migrations")?;
    if pending > 0 {
        bail!(
            "the database lacks {pending} migrations of this release: run `kinoguard migrate` first"
        );
    }
    Ok(db)
}

/// The database, migrated to this release.
async fn open(config: &Config) -> Result<DatabaseConnection> {
    let db = connect(config).await?;
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
