//! An account's own settings.

mod common;

use chrono::Utc;
use common::*;
use domain::{DomainError, accounts, page_session, testing};

#[tokio::test]
async fn an_accounts_language_is_kept_for_it_alone_and_read_with_its_pages() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = account(&svc, "ana@example.com", None).await;
            let bo = account(&svc, "bo@example.com", None).await;
            let language = |id| {
                let svc = svc.clone();
                async move { accounts::get(&svc.db, id).await.unwrap().language }
            };
            assert_eq!(language(ana).await, None, "{}: none until chosen", t.label);

            accounts::set_language(&svc.db, ana, "es").await.unwrap();
            assert_eq!(language(ana).await.as_deref(), Some("es"), "{}", t.label);
            assert_eq!(
                language(bo).await,
                None,
                "{}: another account keeps its own",
                t.label
            );

            // A page reads it with its session, in the same statement.
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let page =
                page_session::authenticate(&svc.db, &svc.policy, &phone.token, None, Utc::now())
                    .await
                    .unwrap()
                    .expect("a live session");
            assert_eq!(page.account.language.as_deref(), Some("es"), "{}", t.label);

            accounts::set_language(&svc.db, ana, "en").await.unwrap();
            assert_eq!(language(ana).await.as_deref(), Some("en"), "{}", t.label);

            let nobody = accounts::set_language(&svc.db, bo + 1000, "es").await;
            assert!(
                matches!(nobody, Err(DomainError::NotFound)),
                "{}: {nobody:?}",
                t.label
            );
        })
        .await;
    }
}
