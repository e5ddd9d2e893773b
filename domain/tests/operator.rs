//! What the service's support does to an account: a disabled account gets no session by
//! any way in, and an approved TV code dies with it.

mod common;

use chrono::Utc;
use common::*;
use domain::device_codes::{self, Poll};
use domain::error::Problem;
use domain::password::Password;
use domain::{DomainError, auth, secure_links, testing};

fn tv() -> domain::ClientInfo {
    client("Kinoguard-TV/1.0 (Tizen 7.0; SMART-TV)", LONDON_IP)
}

#[tokio::test]
async fn a_disabled_account_gets_no_session_by_password_link_or_tv_code() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            // A TV code approved but not yet collected, and a mailed link, both waiting.
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            device_codes::approve(
                &svc,
                &phone,
                &started.user_code.display(),
                &client(SAFARI_IPHONE, LONDON_IP),
                now,
            )
            .await
            .unwrap();
            let link = secure_links::issue(&svc.db, phone.account_id, None, now)
                .await
                .unwrap();

            let ended = auth::operator_disable(&svc.db, &svc.live, phone.account_id, now)
                .await
                .unwrap();
            assert_eq!(ended, 1, "{}", t.label);
            assert_eq!(
                domain::sessions::live_count(&svc.db, phone.account_id, now)
                    .await
                    .unwrap(),
                0,
                "{}",
                t.label
            );
            assert!(
                matches!(
                    device_codes::poll(&svc, &started.device_code, &tv(), now)
                        .await
                        .unwrap(),
                    Poll::Expired
                ),
                "{}: the approved code died with the sessions",
                t.label
            );
            let disabled = |r: Result<auth::SignedIn, DomainError>| {
                matches!(r, Err(DomainError::Invalid(Problem::AccountDisabled)))
            };
            assert!(
                disabled(sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX).await),
                "{}",
                t.label
            );
            let by_link = auth::sign_in_with_link(
                &svc,
                &link,
                &Password::parse(PASSWORD).unwrap(),
                &client(SAFARI_IPHONE, LONDON_IP),
                None,
                now,
            )
            .await;
            assert!(disabled(by_link), "{}", t.label);
            // Disabling twice is refused; enabling lets the owner back in.
            assert!(
                auth::operator_disable(&svc.db, &svc.live, phone.account_id, now)
                    .await
                    .is_err()
            );
            assert!(
                auth::operator_enable(&svc.db, phone.account_id, now)
                    .await
                    .unwrap()
            );
            assert!(
                !auth::operator_enable(&svc.db, phone.account_id, now)
                    .await
                    .unwrap()
            );
            sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
        })
        .await;
    }
}
