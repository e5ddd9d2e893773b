//! "Sign out of all devices" on an account with many sessions (the figure in BENCHMARKS.md).
//!
//! cargo run --release -p domain --features testing --example sign_out_bench -- [SESSIONS] [sqlite|postgres]
//!
//! Five accounts hold SESSIONS live sessions each (one device per session, a stream playing
//! on every hundredth), beside a hundred small accounts; each big account is then signed
//! out of all devices by the real service call, which ends its sessions (one write: the
//! account's session generation), its approved TV codes and its streams, logs the event
//! and publishes it; the session rows and devices are marked afterwards in the background.
//! Prints the median and slowest of the five calls, and when the last row was marked.

use chrono::{TimeDelta, Utc};
use domain::entity::device::{DeviceKind, DeviceState};
use domain::entity::session::ClientKind;
use domain::entity::{account, device, playback, session};
use domain::{auth, sessions, testing};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};
use std::time::{Duration, Instant};

const ACCOUNTS: usize = 5;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let sessions: usize = args
        .next()
        .map_or(10_000, |r| r.parse().expect("SESSIONS must be a number"));
    let backend = args.next().unwrap_or_else(|| "sqlite".into());
    let t = testing::named(&backend).await;
    let db = &t.db;
    let seeding = Instant::now();
    let mut big = Vec::new();
    for i in 0..ACCOUNTS + 100 {
        let n = if i < ACCOUNTS { sessions } else { 3 };
        let id = seed_account(db, i, n).await;
        if i < ACCOUNTS {
            big.push(id);
        }
    }
    if t.label == "postgres" {
        db.execute_unprepared("ANALYZE").await.unwrap();
    }
    println!(
        "backend: {}  sessions per account: {sessions}  seeded in {:.1?}",
        t.label,
        seeding.elapsed()
    );

    let mut took = Vec::new();
    let mut settled_in = Vec::new();
    for account_id in big {
        let started = Instant::now();
        let ended = auth::operator_sign_out_all(db, &t.live, account_id, Utc::now())
            .await
            .unwrap();
        took.push(started.elapsed());
        assert_eq!(ended as usize, sessions, "every session ended");
        assert_eq!(
            sessions::live_count(db, account_id, Utc::now())
                .await
                .unwrap(),
            0,
            "no session of it is live from the moment the call returns"
        );
        // The rows are marked in the background; how long until the last one is.
        loop {
            let unmarked = session::Entity::find()
                .filter(session::Column::AccountId.eq(account_id))
                .filter(session::Column::RevokedAt.is_null())
                .count(db)
                .await
                .unwrap();
            if unmarked == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        settled_in.push(started.elapsed());
    }
    took.sort();
    settled_in.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| sign out of all devices, {sessions} sessions | {} | median {:.1} ms | slowest {:.1} ms | rows marked after {:.1} ms (median) |",
        t.label,
        ms(took[took.len() / 2]),
        ms(took[took.len() - 1]),
        ms(settled_in[settled_in.len() / 2]),
    );
}

/// An account with `sessions` devices, each with one live session; every hundredth plays.
async fn seed_account(db: &DatabaseConnection, i: usize, sessions: usize) -> i64 {
    let now = Utc::now();
    let txn = db.begin().await.unwrap();
    let account_id = account::Entity::insert(account::ActiveModel {
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
    let mut first_device = None;
    for chunk in (0..sessions).collect::<Vec<_>>().chunks(500) {
        let devices = chunk.iter().map(|d| device::ActiveModel {
            account_id: Set(account_id),
            name: Set(format!("Device {d}")),
            kind: Set(DeviceKind::Browser),
            user_agent: Set(String::new()),
            first_seen_at: Set(now),
            last_seen_at: Set(now),
            last_ip: Set(Some("127.0.0.1".into())),
            last_location: Set(None),
            state: Set(DeviceState::Active),
            ..Default::default()
        });
        let last = device::Entity::insert_many(devices)
            .exec(&txn)
            .await
            .unwrap()
            .last_insert_id
            .expect("devices inserted");
        // Ids of one multi-row insert are consecutive on both databases.
        let first = last - chunk.len() as i64 + 1;
        first_device.get_or_insert(first);
        let rows = chunk.iter().enumerate().map(|(k, d)| session::ActiveModel {
            account_id: Set(account_id),
            device_id: Set(first + k as i64),
            token_hash: Set(format!("{i:04}-{d:060}")),
            client: Set(ClientKind::Web),
            profile_id: Set(None),
            created_at: Set(now),
            last_seen_at: Set(now),
            idle_expires_at: Set(now + TimeDelta::days(14)),
            absolute_expires_at: Set(now + TimeDelta::days(60)),
            reauthenticated_at: Set(now),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            ..Default::default()
        });
        session::Entity::insert_many(rows).exec(&txn).await.unwrap();
        let streams = chunk
            .iter()
            .enumerate()
            .filter(|(_, d)| *d % 100 == 0)
            .map(|(k, _)| playback::ActiveModel {
                account_id: Set(account_id),
                profile_id: Set(None),
                device_id: Set(first + k as i64),
                title_id: Set(1),
                started_at: Set(now - TimeDelta::minutes(5)),
                last_heartbeat_at: Set(now),
                ended_at: Set(None),
                position_secs: Set(300),
                ip: Set(Some("127.0.0.1".into())),
                country: Set(None),
                region: Set(None),
                city: Set(None),
                hidden_from_history: Set(false),
                pin_unlocked: Set(false),
                ..Default::default()
            })
            .collect::<Vec<_>>();
        if !streams.is_empty() {
            playback::Entity::insert_many(streams)
                .exec(&txn)
                .await
                .unwrap();
        }
    }
    txn.commit().await.unwrap();
    account_id
}
