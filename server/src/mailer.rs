//! Sends the mail outbox by SMTP (`KINOGUARD_SMTP_URL`, `KINOGUARD_MAIL_FROM`). Without
//! them messages wait in the outbox, and `kinoguard outbox` shows them.
//!
//! Every instance may run a mailer against the same database: a message is claimed for a
//! while before it is sent, one at a time so that no claim runs out while others are being
//! sent, and only the claim's holder may mark it. If an instance dies after the SMTP server
//! took a message and before it was marked sent, it is sent again once the claim runs out;
//! it keeps its `Message-ID`, so a mail system can tell.

use chrono::{DateTime, Utc};
use domain::DomainError;
use domain::outbox;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How often the outbox is looked at.
const EVERY: Duration = Duration::from_secs(5);
/// At most this many messages per look.
const BATCH: usize = 50;

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The public origin links in messages start with.
    site: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the SMTP password.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtps://user:pass@host` (TLS), `smtp://…?tls=required`
    /// (STARTTLS), or plain `smtp://host:port` (for a relay on the same machine, without a
    /// password: lettre would send one in the clear). `site` is the public origin links
    /// in messages start with. Errors never repeat the URL, which may hold a password.
    pub fn new(smtp_url: &str, from: &str, site: &str) -> Result<Self, String> {
        let plain = smtp_url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("smtp://"));
        if plain && smtp_url.contains('@') && !smtp_url.contains("tls=required") {
            return Err("KINOGUARD_SMTP_URL: a user and password go over TLS only: use smtps://… or add ?tls=required".into());
        }
        if !(site.starts_with("https://") || site.starts_with("http://")) {
            return Err(
                "KINOGUARD_PUBLIC_ORIGIN: set it with KINOGUARD_SMTP_URL, e.g. https://kinoguard.example: the links in messages start with it".into(),
            );
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("KINOGUARD_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| {
            format!("KINOGUARD_MAIL_FROM: {from:?} is not an address like Kinoguard <security@example.com>: {e}")
        })?;
        Ok(Self {
            transport,
            from,
            site: site.trim_end_matches('/').to_owned(),
        })
    }

    /// Sends what is due at `now` (the clock, but for tests); answers how many went out.
    pub async fn deliver_due(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<usize, DomainError> {
        let started = Utc::now();
        // What `now` has become: a send can take a while.
        let at = || now + (Utc::now() - started);
        let mut delivered = 0;
        for _ in 0..BATCH {
            let Some(message) = outbox::claim(db, at(), 1).await?.pop() else {
                break;
            };
            let held = match self.send(db, &message).await {
                Ok(()) => {
                    delivered += 1;
                    outbox::sent(db, &message.message, at()).await?
                }
                Err(error) => {
                    tracing::warn!(id = message.message.id, %error, "sending a message failed");
                    outbox::failed(db, &message.message, &error, at()).await?
                }
            };
            if !held {
                tracing::warn!(
                    id = message.message.id,
                    "a message's claim ran out while it was being sent; another instance has it"
                );
            }
        }
        Ok(delivered)
    }

    async fn send(&self, db: &DatabaseConnection, message: &outbox::Message) -> Result<(), String> {
        // A fresh link for each attempt: only its hash is stored, so the one written in an
        // earlier, failed attempt cannot be written again.
        let link = domain::secure_links::issue(
            db,
            message.message.account_id,
            Some(message.event.id),
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| format!("making its link: {e}"))?;
        let letter = app::mail::write(message, &self.site, Some(&link));
        let to = message
            .to
            .parse::<Mailbox>()
            .map_err(|e| format!("the account's address: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .message_id(Some(format!(
                "<{}@{}>",
                message.message.message_id,
                host(&self.site)
            )))
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|e| format!("building the message: {e}"))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Looks at the outbox every few seconds for as long as the server runs.
    pub async fn run(self, db: DatabaseConnection) {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match self.deliver_due(&db, Utc::now()).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "mail sent"),
                Err(e) => tracing::warn!(error = %e, "reading the outbox failed"),
            }
        }
    }
}

/// The host of an origin, for the right side of a `Message-ID`: `kinoguard.example` of
/// `https://kinoguard.example:8443`, `[::1]` of `http://[::1]:3000`.
fn host(site: &str) -> &str {
    let authority = site
        .split_once("://")
        .map_or(site, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or_default();
    match authority.find(']') {
        Some(end) if authority.starts_with('[') => &authority[..=end],
        _ => authority.split(':').next().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_id_takes_the_host_of_the_public_origin() {
        assert_eq!(host("https://kinoguard.example"), "kinoguard.example");
        assert_eq!(host("https://kinoguard.example:8443/"), "kinoguard.example");
        assert_eq!(host("http://[::1]:3000"), "[::1]");
    }

    #[test]
    fn a_password_never_goes_in_the_clear_and_is_never_repeated() {
        const FROM: &str = "security@example.com";
        const SITE: &str = "https://kinoguard.example";
        let refused = Mailer::new("smtp://ana:s3cret@mail.example.com", FROM, SITE).unwrap_err();
        assert!(refused.contains("TLS"), "{refused}");
        assert!(!refused.contains("s3cret"));
        assert!(
            Mailer::new(
                "smtp://ana:s3cret@mail.example.com:587?tls=required",
                FROM,
                SITE
            )
            .is_ok()
        );
        assert!(Mailer::new("smtps://ana:s3cret@mail.example.com", FROM, SITE).is_ok());
        assert!(Mailer::new("smtp://127.0.0.1:25", FROM, SITE).is_ok());
        let debug = format!(
            "{:?}",
            Mailer::new("smtps://ana:s3cret@mail.example.com", FROM, SITE).unwrap()
        );
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}
