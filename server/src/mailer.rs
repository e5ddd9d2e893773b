//! Sends the mail outbox by SMTP (`KINOGUARD_SMTP_URL`, `KINOGUARD_MAIL_FROM`). Without
//! them messages wait in the outbox, and `kinoguard outbox` shows them.
//!
//! Every instance may run a mailer against the same database: a message is claimed for a
//! while before it is sent, so two instances never send it at once. If an instance dies
//! after the SMTP server took a message and before it was marked sent, it is sent again
//! once the claim runs out; it keeps its `Message-ID`, so a mail system can tell.

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
const BATCH: u64 = 50;

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
    /// (STARTTLS), or plain `smtp://host:port` (for a relay on the same machine).
    pub fn new(smtp_url: &str, from: &str, site: &str) -> Result<Self, String> {
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

    /// Sends what is due at `now`; answers how many went out.
    pub async fn deliver_due(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<usize, DomainError> {
        let mut delivered = 0;
        for message in outbox::claim(db, now, BATCH).await? {
            match self.send(&message).await {
                Ok(()) => {
                    outbox::sent(db, message.message.id, now).await?;
                    delivered += 1;
                }
                Err(error) => {
                    tracing::warn!(id = message.message.id, %error, "sending a message failed");
                    outbox::failed(db, &message.message, &error, now).await?;
                }
            }
        }
        Ok(delivered)
    }

    async fn send(&self, message: &outbox::Message) -> Result<(), String> {
        let letter = app::mail::write(message, &self.site);
        let to = message
            .to
            .parse::<Mailbox>()
            .map_err(|e| format!("the account's address: {e}"))?;
        let host = self
            .site
            .split("://")
            .nth(1)
            .unwrap_or("kinoguard.invalid")
            .split([':', '/'])
            .next()
            .unwrap_or("kinoguard.invalid");
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .message_id(Some(format!("<outbox-{}@{host}>", message.message.id)))
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
