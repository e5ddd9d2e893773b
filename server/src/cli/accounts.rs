//! What the service's support does to an account from the command line: create, list and
//! show accounts, sign out every device, disable and enable, reset the password. Each
//! change is logged in the account's security activity as done by the service's support.

use super::{find_account, open, open_current, read_password, said};
use crate::config::Config;
use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use domain::accounts::{self, NewAccount};
use domain::identifier::{Email, Phone};
use domain::password::PasswordHasher;
use sea_orm::{ActiveEnum, DatabaseConnection};

#[derive(Subcommand, Debug)]
pub enum Accounts {
    /// List accounts, oldest first: id, email, phone, created, status, live sessions.
    List {
        /// How many to list.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        limit: u64,
        /// How many to skip first.
        #[arg(long, default_value_t = 0)]
        offset: u64,
    },
    /// Show one account: its status, profiles, devices and latest security events.
    Show {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
}

pub async fn list(config: &Config, offset: u64, limit: u64) -> Result<()> {
    let db = open_current(config).await?;
    let now = Utc::now();
    let found = accounts::list(&db, offset, limit).await?;
    if found.is_empty() {
        println!(
            "No accounts{}.",
            if offset > 0 { " past that offset" } else { "" }
        );
        return Ok(());
    }
    println!(
        "{:>6}  {:<32}  {:<16}  {:<16}  {:<8}  LIVE SESSIONS",
        "ID", "EMAIL", "PHONE", "CREATED", "STATUS"
    );
    for account in found {
        let live = domain::sessions::live_count(&db, account.id, now).await?;
        println!(
            "{:>6}  {:<32}  {:<16}  {:<16}  {:<8}  {live}",
            account.id,
            account.email,
            account.phone.as_deref().unwrap_or("-"),
            minute(account.created_at),
            status(account.disabled_at),
        );
    }
    Ok(())
}

pub async fn show(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    let now = Utc::now();
    println!("Account {} ({})", account.id, account.email);
    println!(
        "  phone:            {}",
        account.phone.as_deref().unwrap_or("-")
    );
    println!("  created:          {}", minute(account.created_at));
    println!(
        "  password changed: {}",
        minute(account.password_changed_at)
    );
    match account.disabled_at {
        Some(at) => println!("  status:           disabled since {}", minute(at)),
        None => println!("  status:           active"),
    }
    println!(
        "  live sessions:    {}",
        domain::sessions::live_count(&db, account.id, now).await?
    );
    println!(
        "  parental PIN:     {}",
        if account.parental_pin_hash.is_some() {
            "set"
        } else {
            "not set"
        }
    );
    println!("Profiles:");
    for profile in domain::profiles::list(&db, account.id).await? {
        let what = match (profile.is_owner, profile.is_kids) {
            (true, _) => "owner",
            (_, true) => "kids",
            _ => "profile",
        };
        let locked = if profile.lock_pin_hash.is_some() {
            ", locked"
        } else {
            ""
        };
        println!("  {} ({what}{locked})", profile.name);
    }
    println!("Devices:");
    for device in domain::devices::all(&db, account.id).await? {
        println!(
            "  {} · {:?} · last seen {} from {} {}",
            device.name,
            device.state,
            minute(device.last_seen_at),
            device.last_ip.as_deref().unwrap_or("-"),
            device.last_location.as_deref().unwrap_or(""),
        );
    }
    println!("Latest security events:");
    for event in domain::events::recent(&db, account.id, 10).await? {
        println!(
            "  {} · {} · {}",
            minute(event.occurred_at),
            event.kind.to_value(),
            event.device_name.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}

pub async fn create(config: &Config, email: &str, phone: Option<&str>) -> Result<()> {
    // The arguments are checked before standard input is waited on.
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let phone = phone
        .map(Phone::parse)
        .transpose()
        .map_err(|e| said("--phone", &e))?;
    let password = read_password("create-account")?;
    let db = open(config).await?;
    let hasher = PasswordHasher::with_concurrency(1);
    let account = accounts::create(
        &db,
        &hasher,
        NewAccount {
            email,
            phone,
            password,
        },
        Utc::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!(app::problem::in_english(&e)))?;
    println!("Created account {} ({}).", account.id, account.email);
    Ok(())
}

pub async fn require_reauthentication(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    let sessions = domain::sessions::require_reauthentication(&db, account.id).await?;
    println!(
        "{sessions} signed-in {} of {} must enter the password again.",
        sessions_noun(sessions),
        account.email
    );
    Ok(())
}

pub async fn sign_out_all(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    let live = domain::live::LiveHub::publisher(&db).await?;
    let now = Utc::now();
    let ended = domain::auth::operator_sign_out_all(&db, &live, account.id, now).await?;
    settle(&db, account.id, now).await?;
    println!(
        "Signed out {ended} {} of {}.",
        sessions_noun(ended),
        account.email
    );
    Ok(())
}

pub async fn disable(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    if account.disabled_at.is_some() {
        bail!("{} is already disabled", account.email);
    }
    let live = domain::live::LiveHub::publisher(&db).await?;
    let now = Utc::now();
    let ended = domain::auth::operator_disable(&db, &live, account.id, now)
        .await
        .map_err(|e| anyhow::anyhow!(app::problem::in_english(&e)))?;
    settle(&db, account.id, now).await?;
    println!(
        "Disabled {} and signed out its {ended} {}; nobody can sign in to it until `kinoguard enable --email {}`.",
        account.email,
        sessions_noun(ended),
        account.email
    );
    Ok(())
}

pub async fn enable(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    if !domain::auth::operator_enable(&db, account.id, Utc::now()).await? {
        bail!("{} is not disabled", account.email);
    }
    println!("Enabled {}: it can be signed in to again.", account.email);
    Ok(())
}

pub async fn reset_password(config: &Config, email: &str) -> Result<()> {
    let email = Email::parse(email).map_err(|e| said("--email", &e))?;
    let password = read_password("reset-password")?;
    let db = open_current(config).await?;
    let account = find_account(&db, &email).await?;
    let live = domain::live::LiveHub::publisher(&db).await?;
    let hasher = PasswordHasher::with_concurrency(1);
    let now = Utc::now();
    let ended =
        domain::auth::operator_reset_password(&db, &hasher, &live, account.id, &password, now)
            .await?;
    settle(&db, account.id, now).await?;
    println!(
        "Replaced the password of {} and signed out its {ended} {}.",
        account.email,
        sessions_noun(ended)
    );
    Ok(())
}

/// The sessions are refused already; their rows are marked before this process exits,
/// which would end the background task that marks them.
async fn settle(db: &DatabaseConnection, account_id: i64, now: DateTime<Utc>) -> Result<()> {
    domain::sessions::settle(db, account_id, now).await?;
    Ok(())
}

fn sessions_noun(n: u64) -> &'static str {
    if n == 1 { "session" } else { "sessions" }
}

fn status(disabled_at: Option<DateTime<Utc>>) -> &'static str {
    if disabled_at.is_some() {
        "disabled"
    } else {
        "active"
    }
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}
