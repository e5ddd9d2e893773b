//! How the SQLite pool sets up each connection it opens.

use domain::testing::{self, STEP_LIMIT, within};

/// Every pooled connection keeps a statement's plan when new values are bound. Without it
/// SQLite compiled every `LIMIT ?` query (each `.one()`) again on every run, which cost
/// a signed-in page more than rendering it.
#[tokio::test]
async fn every_sqlite_connection_keeps_its_plans_across_bindings() {
    let t = testing::sqlite().await;
    let pool = t.db.get_sqlite_connection_pool();
    // Held at once, so the pool has to open new connections for the later ones.
    let mut held = Vec::new();
    for n in 0..3 {
        let mut conn = within(STEP_LIMIT, "a pooled connection", pool.acquire())
            .await
            .expect("a pooled connection");
        let keeps = within(
            STEP_LIMIT,
            "the connection's planner setting",
            domain::db::keeps_plans_across_bindings(&mut conn),
        )
        .await
        .expect("read the planner setting");
        assert!(
            keeps,
            "connection {n} compiles statements again on every run"
        );
        held.push(conn);
    }
}
