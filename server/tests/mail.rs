//! Mail to the account's owner over a real SMTP conversation with a server on loopback:
//! nothing is lost while the server is down, nothing is sent twice, every message is in the
//! account's language and carries no secret.

mod common;

use chrono::{TimeDelta, Utc};
use common::smtp::{SmtpServer, free_address};
use common::*;
use domain::entity::outbox;
use mail_parser::MessageParser;
use sea_orm::EntityTrait;
use server::mailer::Mailer;

const FROM: &str = "Kinoguard <security@kinoguard.example>";

fn mailer(smtp: std::net::SocketAddr) -> Mailer {
    Mailer::new(&format!("smtp://{smtp}"), FROM, "https://kinoguard.example").unwrap()
}

/// Subject and plain text of a received message, decoded.
fn read(data: &str) -> (String, String, String) {
    let message = MessageParser::default().parse(data.as_bytes()).unwrap();
    (
        message.subject().unwrap_or_default().to_owned(),
        message.body_text(0).unwrap_or_default().into_owned(),
        message.body_html(0).unwrap_or_default().into_owned(),
    )
}

#[tokio::test]
async fn an_smtp_outage_loses_nothing_and_nothing_is_sent_twice() {
    for h in harnesses().await {
        let cookie = h.sign_in().await;
        let ended = h
            .post_form("/api/sign_out_all", &[], Some(&cookie), &[])
            .await;
        assert_eq!(ended.status, axum::http::StatusCode::OK, "{}", ended.body);

        // The SMTP server is down: the message waits, saying why.
        let smtp = free_address().await;
        let mailer = mailer(smtp);
        let now = Utc::now();
        assert_eq!(mailer.deliver_due(&h.t.db, now).await.unwrap(), 0);
        let waiting = outbox::Entity::find().all(&h.t.db).await.unwrap();
        assert_eq!(waiting.len(), 1, "{}", h.t.label);
        assert_eq!(waiting[0].attempts, 1);
        assert!(waiting[0].sent_at.is_none());
        assert!(waiting[0].last_error.is_some());

        // Up again: the retry delivers it, once.
        let server = SmtpServer::start_on(smtp).await;
        assert_eq!(
            mailer
                .deliver_due(&h.t.db, now + TimeDelta::seconds(10))
                .await
                .unwrap(),
            0,
            "{}: not before its retry is due",
            h.t.label
        );
        let retry = now + TimeDelta::seconds(31);
        assert_eq!(mailer.deliver_due(&h.t.db, retry).await.unwrap(), 1);
        assert_eq!(
            mailer
                .deliver_due(&h.t.db, retry + TimeDelta::days(1))
                .await
                .unwrap(),
            0
        );
        let received = server.received();
        assert_eq!(received.len(), 1, "{}", h.t.label);
        let mail = &received[0];
        assert_eq!(mail.from, "security@kinoguard.example");
        assert_eq!(mail.to, ["ana@example.com"]);
        let (subject, text, html) = read(&mail.data);
        assert_eq!(subject, "Kinoguard: Signed out of all devices");
        let token = cookie.split('=').nth(1).unwrap();
        for part in [&subject, &text, &html] {
            assert!(part.contains("Signed out of all devices"), "{part}");
            // Never a secret: not the password, not the session's token (read decoded).
            assert!(!part.contains(PASSWORD), "{part}");
            assert!(!part.contains(token), "{part}");
        }
        for part in [&text, &html] {
            assert!(
                part.contains("https://kinoguard.example/account/security"),
                "{part}"
            );
        }
    }
}

#[tokio::test]
async fn a_message_is_written_in_the_accounts_language() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let chosen = h
        .post_form(
            "/api/set_language",
            &[("language", "es"), ("back", "/account")],
            Some(&cookie),
            &[],
        )
        .await;
    assert_eq!(chosen.status, axum::http::StatusCode::OK, "{}", chosen.body);
    let changed = h
        .post_form(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("confirm_password", "a brand new passphrase"),
                ("sign_out_others", "on"),
            ],
            Some(&cookie),
            &[],
        )
        .await;
    assert_eq!(
        changed.status,
        axum::http::StatusCode::OK,
        "{}",
        changed.body
    );

    let server = SmtpServer::start_on(free_address().await).await;
    assert_eq!(
        mailer(server.addr)
            .deliver_due(&h.t.db, Utc::now())
            .await
            .unwrap(),
        1
    );
    let (subject, text, html) = read(&server.received()[0].data);
    assert_eq!(subject, "Kinoguard: Contraseña cambiada");
    for part in [&text, &html] {
        assert!(part.contains("Cuándo"), "{part}");
        assert!(part.contains("Chrome en"), "{part}");
        assert!(!part.contains("a brand new passphrase"), "{part}");
    }
    assert!(html.contains("<html lang=\"es\">"), "{html}");
}
