//! `kinoguard outbox`: the mail the service sent or is about to send, as it reads.

use super::{find_account, open_current, said};
use crate::config::Config;
use anyhow::Result;
use domain::identifier::Email;

pub async fn show(config: &Config, email: Option<String>, limit: u64) -> Result<()> {
    let email = email
        .map(|e| Email::parse(&e).map_err(|e| said("--email", &e)))
        .transpose()?;
    let db = open_current(config).await?;
    let account_id = match email {
        Some(email) => Some(find_account(&db, &email).await?.id),
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
        // A message still waiting is read here instead of in a mailbox (the demo): its
        // "This wasn't me" link must work, so each listing makes it a fresh one.
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
        print!("{}", entry(&message, &site, link.as_deref()));
    }
    Ok(())
}

/// One message as `kinoguard outbox` shows it: where it stands, then what it says.
fn entry(message: &domain::outbox::Message, site: &str, link: Option<&str>) -> String {
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
