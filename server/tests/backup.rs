//! `kinoguard backup`: a consistent copy of a SQLite database the server is writing to,
//! which a server started on it serves as it was.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{CHROME, PASSWORD, answer, urlencode};
use domain::entity::{account, security_event};
use domain::events::EventOrigin;
use domain::identifier::Email;
use domain::password::NewPassword;
use domain::testing;
use leptos::prelude::LeptosOptions;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::{AppState, Config, router};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

async fn backup(url: String, path: std::path::PathBuf) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kinoguard"))
            .arg("backup")
            .arg(path)
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

async fn create(svc: &domain::Services, email: &str) {
    domain::accounts::create(
        &svc.db,
        &svc.hasher,
        domain::accounts::NewAccount {
            email: Email::parse(email).unwrap(),
            phone: None,
            password: NewPassword::parse(PASSWORD).unwrap(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_restores_into_a_server_with_the_same_accounts() {
    let t = testing::sqlite().await;
    let svc = t.services();
    create(&svc, "ana@example.com").await;

    // The server goes on writing: security events as fast as they go, and beside them
    // new accounts (each waits for its password's hash).
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (svc, stop) = (svc.clone(), stop.clone());
        tokio::spawn(async move {
            let mut written = 0u64;
            while !stop.load(Ordering::Relaxed) {
                domain::events::record(
                    &svc.db,
                    1,
                    security_event::SecurityEventKind::SignInFailed,
                    &EventOrigin::default(),
                    None,
                    chrono::Utc::now(),
                )
                .await
                .unwrap();
                written += 1;
            }
            written
        })
    };
    let signing_up = {
        let (svc, stop) = (svc.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                create(&svc, &format!("viewer{n}@example.com")).await;
            }
        })
    };
    let events = || async { security_event::Entity::find().count(&t.db).await.unwrap() };
    let accounts = || async { account::Entity::find().count(&t.db).await.unwrap() };
    while events().await < 200 || accounts().await < 4 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = events().await;

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kinoguard-backup.db");
    let out = backup(t.url.clone(), copy.clone()).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Backed up the database into"),
        "{}",
        text(&out)
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600,
        "readable by its owner alone"
    );
    let during = events().await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    signing_up.await.unwrap();
    assert!(
        during > before,
        "the writer kept writing while the backup ran"
    );

    // Restored: the copy, opened by a server of its own.
    let restored_url = format!("sqlite://{}?mode=rwc", copy.display());
    let db = domain::db::connect(&restored_url).await.unwrap();
    let restored_events = security_event::Entity::find().count(&db).await.unwrap();
    assert!(
        (before..=during).contains(&restored_events),
        "{before} ≤ {restored_events} ≤ {during} (of {written})"
    );
    let restored: Vec<String> = account::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.email)
        .collect();
    let live: Vec<String> = account::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.email)
        .collect();
    assert!(restored.len() >= 4, "{restored:?}");
    assert_eq!(
        restored[..],
        live[..restored.len()],
        "a prefix of the accounts"
    );
    assert_eq!(domain::migrate::pending(&db).await.unwrap(), 0);

    let state = AppState::new(
        Config::from_lookup(|_| None).unwrap(),
        db.clone(),
        LeptosOptions::builder().output_name("kinoguard").build(),
        domain::geo::GeoIp::open(&testing::geoip_path()),
        domain::live::LiveHub::start(&db).await.unwrap(),
    );
    let app = router(state);
    for email in [&restored[0], restored.last().unwrap()] {
        let body = format!(
            "identifier={}&password={}",
            urlencode(email),
            urlencode(PASSWORD)
        );
        let r = answer(
            app.clone(),
            Request::post("/api/sign_in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::USER_AGENT, CHROME)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{email}: {}", r.body);
    }
    let ready = answer(app, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(ready.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_never_overwrites_and_points_postgresql_to_pg_dump() {
    let t = testing::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, b"an older backup").unwrap();
    let out = backup(t.url.clone(), taken.clone()).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("exists already"), "{}", text(&out));
    assert_eq!(std::fs::read(&taken).unwrap(), b"an older backup");

    let nowhere = backup(t.url.clone(), dir.path().join("no/such/folder/k.db")).await;
    assert_eq!(nowhere.status.code(), Some(1), "{}", text(&nowhere));
    assert!(text(&nowhere).contains("creating"), "{}", text(&nowhere));

    // A DATABASE_URL naming no Kinoguard database (mistyped): refused, no empty copy.
    let empty = format!("sqlite://{}?mode=rwc", dir.path().join("typo.db").display());
    let none = backup(empty, dir.path().join("of-nothing.db")).await;
    assert_eq!(none.status.code(), Some(1), "{}", text(&none));
    assert!(
        text(&none).contains("no Kinoguard database"),
        "{}",
        text(&none)
    );
    assert!(!dir.path().join("of-nothing.db").exists());

    if let Some(pg) = testing::postgres().await {
        let out = backup(pg.process_url(), dir.path().join("pg.db")).await;
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("use pg_dump"), "{}", text(&out));
    }
}
