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

/// The "This wasn't me" link of the mail about a new device's sign-in: it asks the
/// password, signs this browser in once, and leads to "Secure my account", which throws
/// the intruder out and replaces the password.
#[tokio::test]
async fn the_mailed_link_asks_the_password_once_and_leads_to_securing_the_account() {
    for h in harnesses().await {
        let owner = h.sign_in().await;
        // A browser the account never used: a new device, and a message about it.
        let intruder = h.sign_in().await;
        let server = SmtpServer::start_on(free_address().await).await;
        mailer(server.addr)
            .deliver_due(&h.t.db, Utc::now())
            .await
            .unwrap();
        let received = server.received();
        let (_, text, html) = received
            .iter()
            .map(|m| read(&m.data))
            .find(|(subject, _, _)| subject == "Kinoguard: Signed in on a new device")
            .unwrap_or_else(|| panic!("{}: the new device's message", h.t.label));
        let prefix = "https://kinoguard.example/secure?link=";
        let link = text
            .split_whitespace()
            .find_map(|w| w.strip_prefix(prefix))
            .expect("a This wasn't me link")
            .to_owned();
        assert!(html.contains(&format!("{prefix}{link}")), "{html}");
        assert!(text.contains("This wasn't me"), "{text}");

        // Opened in a browser that is not signed in: the password of that account is asked.
        let page = h.get(&format!("/secure?link={link}"), None).await;
        assert_eq!(page.status, axum::http::StatusCode::OK, "{}", h.t.label);
        assert!(page.body.contains("ana@example.com"), "{}", page.body);
        assert!(page.body.contains("link-password"), "{}", page.body);

        // Signed in to another account here: refused, and nobody is signed out.
        h.create_account("bea@example.com").await;
        let bea = h
            .post_form(
                "/api/sign_in",
                &[("identifier", "bea@example.com"), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        let bea = set_cookie(&bea).split(';').next().unwrap().to_owned();
        let other = h
            .post_form(
                "/api/sign_in_with_link",
                &[("link", &link), ("password", PASSWORD)],
                Some(&bea),
                &[],
            )
            .await;
        assert_eq!(other.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(other.body.contains("another account"), "{}", other.body);
        assert_eq!(
            h.get("/account", Some(&bea)).await.status,
            axum::http::StatusCode::OK
        );

        let wrong = h
            .post_form(
                "/api/sign_in_with_link",
                &[("link", &link), ("password", "not the password")],
                None,
                &[],
            )
            .await;
        assert_eq!(wrong.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let signed = h
            .post_form(
                "/api/sign_in_with_link",
                &[("link", &link), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        assert_eq!(signed.status, axum::http::StatusCode::OK, "{}", signed.body);
        let here = set_cookie(&signed).split(';').next().unwrap().to_owned();
        let again = h
            .post_form(
                "/api/sign_in_with_link",
                &[("link", &link), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        assert_eq!(again.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("already used"), "{}", again.body);
        let used = h.get(&format!("/secure?link={link}"), None).await;
        assert!(used.body.contains("already used"), "{}", used.body);

        // Securing: the current password (asked every time), the new one twice.
        let cookie_alone = h
            .post_form(
                "/api/secure_account",
                &[
                    ("current_password", "not the password"),
                    ("new_password", "a brand new passphrase"),
                    ("confirm_password", "a brand new passphrase"),
                ],
                Some(&here),
                &[],
            )
            .await;
        assert_eq!(
            cookie_alone.status,
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        );
        let differ = h
            .post_form(
                "/api/secure_account",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "a brand new passphrase"),
                    ("confirm_password", "another passphrase"),
                ],
                Some(&here),
                &[],
            )
            .await;
        assert_eq!(differ.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let secured = h
            .post_form(
                "/api/secure_account",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "a brand new passphrase"),
                    ("confirm_password", "a brand new passphrase"),
                ],
                Some(&here),
                &[],
            )
            .await;
        assert_eq!(
            secured.status,
            axum::http::StatusCode::OK,
            "{}",
            secured.body
        );
        for gone in [&intruder, &owner] {
            let r = h.get("/account", Some(gone)).await;
            assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", h.t.label);
        }
        let report = h.get("/account/secure/report", Some(&here)).await;
        assert_eq!(report.status, axum::http::StatusCode::OK);
        assert!(report.body.contains("Account secured"), "{}", report.body);
        let old = h
            .post_form(
                "/api/sign_in",
                &[("identifier", "ana@example.com"), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        assert_eq!(old.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}
