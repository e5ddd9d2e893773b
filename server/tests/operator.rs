//! The operator's console on SQLite and PostgreSQL: each command does what it says to one
//! account, logs it there, and refuses bad arguments with a clear message and a non-zero
//! exit.

use domain::entity::security_event::{self, SecurityEventKind};
use domain::error::{DomainError, Problem};
use domain::identifier::LoginIdentifier;
use domain::password::Password;
use domain::testing::{self, TestDb};
use domain::{ClientInfo, Services};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::Write;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "popcorn on the sofa";
const NEW_PASSWORD: &str = "a brand new sofa password";

/// Runs `kinoguard args…` on the test's database, `stdin` piped in.
async fn kinoguard(t: &TestDb, args: &[&str], stdin: &str) -> Output {
    let (url, args, stdin) = (
        t.process_url(),
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        stdin.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kinoguard"))
            .args(&args)
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "warn")
            .env_remove("KINOGUARD_METRICS_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kinoguard");
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().unwrap()
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

#[track_caller]
fn succeeded(out: &Output, says: &str) {
    assert!(out.status.success(), "{}", text(out));
    assert!(
        text(out).contains(says),
        "{says:?} missing from: {}",
        text(out)
    );
}

#[track_caller]
fn failed(out: &Output, code: i32, says: &str) {
    assert_eq!(out.status.code(), Some(code), "{}", text(out));
    assert!(
        text(out).contains(says),
        "{says:?} missing from: {}",
        text(out)
    );
}

async fn sign_in(svc: &Services, email: &str, password: &str) -> Result<String, DomainError> {
    domain::auth::sign_in(
        svc,
        &LoginIdentifier::parse(email).unwrap(),
        &Password::parse(password).unwrap(),
        domain::entity::session::ClientKind::Web,
        &ClientInfo {
            ip: Some("81.2.69.142".parse().unwrap()),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0".into(),
        },
        None,
        chrono::Utc::now(),
    )
    .await
    .map(|s| s.token)
}

async fn is_signed_in(svc: &Services, token: &str) -> bool {
    domain::sessions::authenticate(&svc.db, &svc.policy, token, None, chrono::Utc::now())
        .await
        .unwrap()
        .is_some()
}

async fn events_of(svc: &Services, account_id: i64, kind: SecurityEventKind) -> Vec<String> {
    security_event::Entity::find()
        .filter(security_event::Column::AccountId.eq(account_id))
        .filter(security_event::Column::Kind.eq(kind))
        .all(&svc.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.device_name.unwrap_or_default())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_disables_enables_and_resets_one_account_and_it_is_logged() {
    for t in testing::all().await {
        let svc = t.services();
        for email in ["ana@example.com", "bo@example.com"] {
            let out = kinoguard(
                &t,
                &["create-account", "--email", email],
                "popcorn on the sofa\n",
            )
            .await;
            succeeded(&out, "Created account");
        }
        let ana =
            domain::accounts::find(&svc.db, &LoginIdentifier::parse("ana@example.com").unwrap())
                .await
                .unwrap()
                .unwrap()
                .id;
        let ana_session = sign_in(&svc, "ana@example.com", PASSWORD).await.unwrap();
        let bo_session = sign_in(&svc, "bo@example.com", PASSWORD).await.unwrap();

        let list = kinoguard(&t, &["accounts", "list"], "").await;
        succeeded(&list, "ana@example.com");
        assert!(text(&list).contains("bo@example.com"));
        assert_eq!(text(&list).matches("active").count(), 2, "{}", text(&list));
        let show = kinoguard(&t, &["accounts", "show", "--email", "Ana@Example.com"], "").await;
        succeeded(&show, "status:           active");
        assert!(
            text(&show).contains("live sessions:    1"),
            "{}",
            text(&show)
        );
        assert!(
            text(&show).contains("· sign_in · Browser on Linux"),
            "{}",
            text(&show)
        );

        // Disabled: ana's session ends, bo's stays; the right password is refused with
        // the reason, a wrong one as any wrong one.
        let disabled = kinoguard(&t, &["disable", "--email", "ana@example.com"], "").await;
        succeeded(
            &disabled,
            "Disabled ana@example.com and signed out its 1 session",
        );
        assert!(!is_signed_in(&svc, &ana_session).await, "{}", t.label);
        assert!(is_signed_in(&svc, &bo_session).await);
        assert!(matches!(
            sign_in(&svc, "ana@example.com", PASSWORD).await,
            Err(DomainError::Invalid(Problem::AccountDisabled))
        ));
        assert!(matches!(
            sign_in(&svc, "ana@example.com", "not her password").await,
            Err(DomainError::InvalidCredentials)
        ));
        failed(
            &kinoguard(&t, &["disable", "--email", "ana@example.com"], "").await,
            1,
            "ana@example.com is already disabled",
        );
        let list = kinoguard(&t, &["accounts", "list"], "").await;
        assert!(text(&list).contains("disabled"), "{}", text(&list));
        assert_eq!(
            events_of(&svc, ana, SecurityEventKind::AccountDisabled).await,
            [domain::device_name::SUPPORT]
        );

        succeeded(
            &kinoguard(&t, &["enable", "--email", "ana@example.com"], "").await,
            "Enabled ana@example.com",
        );
        failed(
            &kinoguard(&t, &["enable", "--email", "ana@example.com"], "").await,
            1,
            "ana@example.com is not disabled",
        );
        assert_eq!(
            events_of(&svc, ana, SecurityEventKind::AccountEnabled)
                .await
                .len(),
            1
        );
        let again = sign_in(&svc, "ana@example.com", PASSWORD).await.unwrap();

        // A password the policy refuses changes nothing.
        failed(
            &kinoguard(
                &t,
                &["reset-password", "--email", "ana@example.com"],
                "short\n",
            )
            .await,
            1,
            "at least 8 characters",
        );
        assert!(is_signed_in(&svc, &again).await);
        let reset = kinoguard(
            &t,
            &["reset-password", "--email", "ana@example.com"],
            &format!("{NEW_PASSWORD}\n"),
        )
        .await;
        succeeded(
            &reset,
            "Replaced the password of ana@example.com and signed out its 1 session",
        );
        assert!(!is_signed_in(&svc, &again).await);
        assert!(is_signed_in(&svc, &bo_session).await);
        assert!(matches!(
            sign_in(&svc, "ana@example.com", PASSWORD).await,
            Err(DomainError::InvalidCredentials)
        ));
        sign_in(&svc, "ana@example.com", NEW_PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            events_of(&svc, ana, SecurityEventKind::PasswordReset)
                .await
                .len(),
            1
        );
        // The owner hears of it by mail.
        let outbox = kinoguard(&t, &["outbox", "--email", "ana@example.com"], "").await;
        succeeded(&outbox, "Password reset by the service's support");

        // Support signs every device out.
        let signed_out = kinoguard(&t, &["sign-out-all", "--email", "ana@example.com"], "").await;
        succeeded(&signed_out, "Signed out 1 session of ana@example.com");
        assert!(is_signed_in(&svc, &bo_session).await, "{}", t.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_commands_refuse_bad_arguments_clearly() {
    let t = testing::sqlite().await;
    succeeded(
        &kinoguard(
            &t,
            &["create-account", "--email", "ana@example.com"],
            "popcorn on the sofa\n",
        )
        .await,
        "Created account",
    );
    for command in ["disable", "enable", "reset-password", "sign-out-all"] {
        failed(
            &kinoguard(
                &t,
                &[command, "--email", "nobody@example.com"],
                "a long enough password\n",
            )
            .await,
            1,
            "no account has the email address nobody@example.com",
        );
        failed(
            &kinoguard(&t, &[command, "--email", "not-an-email"], "").await,
            1,
            "--email: Enter a valid email address",
        );
        failed(&kinoguard(&t, &[command], "").await, 2, "--email <EMAIL>");
        let help = kinoguard(&t, &[command, "--help"], "").await;
        succeeded(&help, "--email <EMAIL>");
    }
    failed(
        &kinoguard(&t, &["reset-password", "--email", "ana@example.com"], "").await,
        1,
        "no password on standard input",
    );
    failed(
        &kinoguard(&t, &["accounts", "show"], "").await,
        2,
        "--email",
    );
    failed(
        &kinoguard(&t, &["accounts", "list", "--limit", "0"], "").await,
        2,
        "--limit",
    );
    failed(
        &kinoguard(&t, &["accounts", "purge"], "").await,
        2,
        "unrecognized subcommand",
    );
    succeeded(&kinoguard(&t, &["accounts", "--help"], "").await, "show");
    let empty = kinoguard(&t, &["accounts", "list", "--offset", "5"], "").await;
    succeeded(&empty, "No accounts past that offset");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_status_lists_each_migration_and_applies_nothing() {
    // A database no release has touched: everything pending, and still so after asking.
    let dir = tempfile::tempdir().unwrap();
    let fresh = format!("sqlite://{}?mode=rwc", dir.path().join("new.db").display());
    let status = |url: String| async move {
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_kinoguard"))
                .args(["migrate", "--status"])
                .env("DATABASE_URL", url)
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    let known = domain::migrate::status(&testing::sqlite().await.db)
        .await
        .unwrap()
        .len();
    assert!(known >= 13);
    for _ in 0..2 {
        let out = status(fresh.clone()).await;
        succeeded(&out, &format!("{known} pending: `kinoguard migrate`"));
        assert_eq!(text(&out).matches("pending  m20").count(), known);
    }
    // Support's commands never migrate: they ask for `kinoguard migrate` first.
    let list = tokio::task::spawn_blocking({
        let fresh = fresh.clone();
        move || {
            Command::new(env!("CARGO_BIN_EXE_kinoguard"))
                .args(["accounts", "list"])
                .env("DATABASE_URL", fresh)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    failed(&list, 1, "run `kinoguard migrate` first");
    succeeded(&status(fresh.clone()).await, &format!("{known} pending"));

    // Migrated databases, on both backends: every one applied.
    for t in testing::all().await {
        let out = kinoguard(&t, &["migrate", "--status"], "").await;
        succeeded(&out, "Database is up to date.");
        assert_eq!(
            text(&out).matches("applied  m20").count(),
            known,
            "{}",
            t.label
        );
        assert!(text(&out).contains("m20261208_000013_account_disabled"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_help_lists_every_setting_with_its_variable_and_hides_secrets() {
    let out = tokio::task::spawn_blocking(|| {
        Command::new(env!("CARGO_BIN_EXE_kinoguard"))
            .args(["serve", "--help"])
            .env(
                "KINOGUARD_METRICS_TOKEN",
                "a-secret-scraper-token-0123456789",
            )
            .env("DATABASE_URL", "postgres://kg:db-secret@db/kg")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let help = text(&out);
    assert!(out.status.success(), "{help}");
    for (flag, variable) in [
        ("--database-url", "DATABASE_URL"),
        ("--addr", "KINOGUARD_ADDR"),
        ("--secure-cookies", "KINOGUARD_SECURE_COOKIES"),
        ("--trusted-proxies", "KINOGUARD_TRUSTED_PROXIES"),
        ("--public-origin", "KINOGUARD_PUBLIC_ORIGIN"),
        ("--log-format", "KINOGUARD_LOG_FORMAT"),
        ("--metrics-token", "KINOGUARD_METRICS_TOKEN"),
        ("--metrics-addr", "KINOGUARD_METRICS_ADDR"),
        ("--smtp-url", "KINOGUARD_SMTP_URL"),
        ("--site-root", "LEPTOS_SITE_ROOT"),
        ("--geoip-db", "KINOGUARD_GEOIP_DB"),
    ] {
        assert!(help.contains(flag), "{flag} missing: {help}");
        assert!(
            help.contains(&format!("[env: {variable}")),
            "{variable} missing: {help}"
        );
    }
    assert!(!help.contains("a-secret-scraper-token"), "{help}");
    assert!(!help.contains("db-secret"), "{help}");
}
