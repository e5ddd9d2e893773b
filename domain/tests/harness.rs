//! The test harness itself: a test that hangs fails, by name, saying what it waited for.

use domain::testing::{self, within};
use sea_orm::{ConnectionTrait, Statement};
use std::time::Duration;

#[tokio::test]
#[should_panic(
    expected = "a_step_that_never_finishes_fails_its_test_by_name: still waiting for a reply that never comes after 0 s"
)]
async fn a_step_that_never_finishes_fails_its_test_by_name() {
    within(
        Duration::from_millis(50),
        "a reply that never comes",
        std::future::pending::<()>(),
    )
    .await;
}

/// A query stuck behind another connection's lock fails with its own error long before
/// the test's limit, so the failure names the statement that waited.
#[tokio::test]
async fn postgres_test_connections_give_up_on_locks_and_slow_statements() {
    let Some(t) = testing::postgres().await else {
        return;
    };
    for (setting, expected) in [("lock_timeout", "20s"), ("statement_timeout", "30s")] {
        let row =
            t.db.query_one_raw(Statement::from_string(
                t.db.get_database_backend(),
                format!("SHOW {setting}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let value: String = row.try_get_by_index(0).unwrap();
        assert_eq!(value, expected, "{setting}");
        assert!(
            Duration::from_secs(value.trim_end_matches('s').parse().unwrap()) < testing::STEP_LIMIT
        );
    }
}
