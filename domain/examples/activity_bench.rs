//! Streaming-activity queries against a million playback rows.
//!
//! cargo run --release -p domain --features testing --example activity_bench -- [ROWS] [sqlite|postgres]
//!
//! Half the rows belong to one account with five devices and four profiles, the rest to
//! a hundred other accounts. Prints the median and 95th percentile of each query over 50
//! runs, and the plan the database chose. See BENCHMARKS.md.

use chrono::{TimeDelta, Utc};
use domain::activity;
use domain::entity::device::{DeviceKind, DeviceState};
use domain::entity::{account, device, playback, profile};
use domain::paging::{Cursor, PAGE_SIZE};
use domain::testing;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, Statement, TransactionTrait,
};
use std::time::{Duration, Instant};

const RUNS: usize = 50;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let rows: i64 = args
        .next()
        .map_or(1_000_000, |r| r.parse().expect("ROWS must be a number"));
    let backend = args.next().unwrap_or_else(|| "sqlite".into());
    let t = testing::named(&backend).await;
    let db = &t.db;
    println!("backend: {}  rows: {rows}", t.label);

    let seeding = Instant::now();
    let (account_id, devices, profile_id, other_accounts) = seed(db, rows).await;
    println!("seeded in {:.1?}", seeding.elapsed());
    if t.label == "postgres" {
        db.execute_unprepared("ANALYZE").await.unwrap();
    }

    // A cursor from the middle of the account's history: paging to it costs nothing more.
    let depth = (rows / 4 / 500).max(1);
    let middle = {
        let mut cursor = None;
        for _ in 0..depth {
            cursor = activity::streams(db, account_id, None, cursor.as_ref(), 500)
                .await
                .unwrap()
                .next;
        }
        cursor.expect("rows enough for the middle of the account's history")
    };
    let deep = format!("page at row {}", depth * 500);
    let device = devices[2];

    measure("first page, all devices", || async {
        activity::streams(db, account_id, None, None, PAGE_SIZE)
            .await
            .unwrap()
            .rows
            .len()
    })
    .await;
    measure(&format!("{deep}, all devices"), || {
        let c = middle.clone();
        async move {
            activity::streams(db, account_id, None, Some(&c), PAGE_SIZE)
                .await
                .unwrap()
                .rows
                .len()
        }
    })
    .await;
    measure("first page, one device", || async {
        activity::streams(db, account_id, Some(device), None, PAGE_SIZE)
            .await
            .unwrap()
            .rows
            .len()
    })
    .await;
    measure(&format!("{deep}, one device"), || {
        let c = middle.clone();
        async move {
            activity::streams(db, account_id, Some(device), Some(&c), PAGE_SIZE)
                .await
                .unwrap()
                .rows
                .len()
        }
    })
    .await;
    measure("viewing activity, first page", || async {
        activity::history(db, account_id, profile_id, None, PAGE_SIZE)
            .await
            .unwrap()
            .rows
            .len()
    })
    .await;
    measure("first page, a small account", || async {
        activity::streams(db, other_accounts, None, None, PAGE_SIZE)
            .await
            .unwrap()
            .rows
            .len()
    })
    .await;

    explain(db, t.label, account_id, device, &middle).await;
}

async fn measure<F, Fut>(name: &str, run: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        rows = run().await;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{name:<36} rows {rows:>3}   median {:>8.2?}   p95 {:>8.2?}",
        times[RUNS / 2],
        times[RUNS * 95 / 100]
    );
}

/// Returns (the big account, its devices, one of its profiles, one small account).
async fn seed(db: &DatabaseConnection, rows: i64) -> (i64, Vec<i64>, i64, i64) {
    let now = Utc::now();
    let txn = db.begin().await.unwrap();
    let mut accounts = Vec::new();
    for i in 0..101 {
        let a = account::Entity::insert(account::ActiveModel {
            email: Set(format!("bench{i}@example.com")),
            phone: Set(None),
            password_hash: Set("x".into()),
            password_changed_at: Set(now),
            parental_pin_hash: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .unwrap()
        .last_insert_id;
        let mut profiles = Vec::new();
        for p in 0..if i == 0 { 4 } else { 1 } {
            profiles.push(
                profile::Entity::insert(profile::ActiveModel {
                    account_id: Set(a),
                    name: Set(format!("P{p}")),
                    avatar: Set("blue".into()),
                    maturity_level: Set(profile::MaturityLevel::Eighteen),
                    is_kids: Set(false),
                    is_owner: Set(p == 0),
                    lock_pin_hash: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                })
                .exec(&txn)
                .await
                .unwrap()
                .last_insert_id,
            );
        }
        let mut devices = Vec::new();
        for d in 0..if i == 0 { 5 } else { 2 } {
            devices.push(
                device::Entity::insert(device::ActiveModel {
                    account_id: Set(a),
                    name: Set(format!("Device {d}")),
                    kind: Set(DeviceKind::Browser),
                    user_agent: Set(String::new()),
                    first_seen_at: Set(now),
                    last_seen_at: Set(now),
                    last_ip: Set(None),
                    last_location: Set(None),
                    state: Set(DeviceState::Active),
                    ..Default::default()
                })
                .exec(&txn)
                .await
                .unwrap()
                .last_insert_id,
            );
        }
        accounts.push((a, devices, profiles));
    }
    txn.commit().await.unwrap();

    let big = rows / 2;
    let mut batch = Vec::with_capacity(1000);
    let txn = db.begin().await.unwrap();
    for n in 0..rows {
        let (a, devices, profiles) = if n < big {
            &accounts[0]
        } else {
            &accounts[1 + (n as usize % 100)]
        };
        let started = now - TimeDelta::seconds(n * 30);
        batch.push(playback::ActiveModel {
            account_id: Set(*a),
            profile_id: Set(Some(profiles[n as usize % profiles.len()])),
            device_id: Set(devices[n as usize % devices.len()]),
            title_id: Set(1 + n % 300),
            started_at: Set(started),
            last_heartbeat_at: Set(started),
            ended_at: Set(Some(started + TimeDelta::minutes(40))),
            position_secs: Set(2400),
            ip: Set(Some("81.2.69.142".into())),
            country: Set(Some("United Kingdom".into())),
            region: Set(Some("England".into())),
            city: Set(Some("London".into())),
            hidden_from_history: Set(false),
            pin_unlocked: Set(false),
            ..Default::default()
        });
        if batch.len() == 1000 {
            playback::Entity::insert_many(std::mem::take(&mut batch))
                .exec(&txn)
                .await
                .unwrap();
        }
    }
    if !batch.is_empty() {
        playback::Entity::insert_many(batch)
            .exec(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    let (a, devices, profiles) = &accounts[0];
    (*a, devices.clone(), profiles[0], accounts[1].0)
}

async fn explain(db: &DatabaseConnection, backend: &str, account: i64, device: i64, c: &Cursor) {
    use sea_orm::QueryTrait;
    let prefix = if backend == "sqlite" {
        "EXPLAIN QUERY PLAN"
    } else {
        "EXPLAIN"
    };
    for (name, device) in [("all devices", None), ("one device", Some(device))] {
        let query = activity::streams_query(account, device, Some(c), PAGE_SIZE)
            .build(db.get_database_backend());
        let sql = format!("{prefix} {}", query.sql);
        let stmt = Statement { sql, ..query };
        println!("plan, {name}:");
        for row in db.query_all_raw(stmt).await.unwrap() {
            let line: String = row
                .try_get_by_index::<String>(if backend == "sqlite" { 3 } else { 0 })
                .unwrap_or_default();
            println!("    {line}");
        }
    }
}
