//! The seeded catalog: rows, search regardless of case and accents, maturity filtering.

mod common;

use common::*;
use domain::entity::profile::MaturityLevel;
use domain::{DomainError, catalog, testing};

#[tokio::test]
async fn the_catalog_is_seeded_once_with_hundreds_of_titles() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            assert_eq!(
                catalog::ensure_seeded(&svc.db).await.unwrap(),
                0,
                "migrate already seeded it"
            );
            let me = signed_in(&svc, "ana@example.com").await;
            let owner = owner(&svc, me.account_id).await;
            let rows = catalog::rows(&svc.db, &rules_for(&svc, &owner).await, 1000)
                .await
                .unwrap();
            let total: usize = rows.iter().map(|r| r.titles.len()).sum();
            assert!(total >= 300, "{}: {total}", t.label);
            assert_eq!(rows.len(), catalog::GENRES.len());
        })
        .await;
    }
}

#[tokio::test]
async fn search_ignores_case_and_accents() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let owner = owner(&svc, me.account_id).await;
            let rules = rules_for(&svc, &owner).await;
            let names = |q: &'static str| {
                let db = svc.db.clone();
                let rules = rules.clone();
                async move {
                    catalog::search(&db, &rules, q, 50)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|(t, _)| t.name)
                        .collect::<Vec<_>>()
                }
            };
            assert_eq!(
                names("uber die BRUCKE").await,
                ["Über die Brücke"],
                "{}",
                t.label
            );
            assert_eq!(names("Über").await, ["Über die Brücke"]);
            assert!(names("cafe").await.contains(&"Café Solitude".to_string()));
            assert!(
                names("ANIMAS")
                    .await
                    .contains(&"Noche de Ánimas".to_string())
            );
            assert!(names("%").await.is_empty(), "LIKE wildcards are literal");
            assert!(names("   ").await.is_empty());
            assert!(names("zzzz-no-such-title").await.is_empty());
        })
        .await;
    }
}

#[tokio::test]
async fn a_kids_profile_sees_and_finds_only_its_ratings() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let kid = kid(&svc, me.account_id).await;
            assert_eq!(kid.maturity_level, MaturityLevel::Seven);
            for row in catalog::rows(&svc.db, &rules_for(&svc, &kid).await, 1000)
                .await
                .unwrap()
            {
                for (title, _) in row.titles {
                    assert!(
                        title.maturity_rating <= MaturityLevel::Seven,
                        "{}: {}",
                        t.label,
                        title.name
                    );
                }
            }
            let owner = owner(&svc, me.account_id).await;
            let adult_only = adult_title(&svc, &owner).await;
            let found =
                catalog::search(&svc.db, &rules_for(&svc, &kid).await, &adult_only.name, 50)
                    .await
                    .unwrap();
            assert!(
                found.iter().all(|(t, _)| t.id != adult_only.id),
                "{}",
                t.label
            );
            // Even by its id.
            assert!(matches!(
                catalog::get_for(&svc.db, &rules_for(&svc, &kid).await, adult_only.id).await,
                Err(DomainError::Forbidden)
            ));
            assert!(
                catalog::get_for(&svc.db, &rules_for(&svc, &owner).await, adult_only.id)
                    .await
                    .is_ok()
            );
        })
        .await;
    }
}
