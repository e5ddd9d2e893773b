//! The `kinoguard` command line: clear messages and non-zero exits for bad arguments.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kinoguard(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinoguard"))
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kinoguard");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn create_account_reads_the_password_from_stdin_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");

    let ok = kinoguard(
        &db,
        &[
            "create-account",
            "--email",
            "Ana@Example.com",
            "--phone",
            "+44 7712 345678",
        ],
        "popcorn on the sofa\n",
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("Created account 1 (ana@example.com)"));

    for (args, stdin, message) in [
        (
            &["create-account", "--email", "ana@example.com"][..],
            "another good password\n",
            "already exists",
        ),
        (
            &["create-account", "--email", "not-an-email"][..],
            "popcorn on the sofa\n",
            "--email: Enter a valid email address",
        ),
        (
            &[
                "create-account",
                "--email",
                "bo@example.com",
                "--phone",
                "555 0123",
            ][..],
            "popcorn on the sofa\n",
            "--phone: Enter the phone number with its country code",
        ),
        (
            &["create-account", "--email", "bo@example.com"][..],
            "",
            "no password on standard input",
        ),
        (
            &["create-account", "--email", "bo@example.com"][..],
            "short\n",
            "at least 8 characters",
        ),
        (
            &["create-account", "--email", "bo@example.com"][..],
            "password123\n",
            "most common passwords",
        ),
    ] {
        let out = kinoguard(&db, args, stdin);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(message), "{args:?}: {}", text(&out));
    }

    let missing = kinoguard(&db, &["create-account"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing).contains("--email"), "{}", text(&missing));
    let unknown = kinoguard(&db, &["destroy-everything"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown).contains("unrecognized subcommand"),
        "{}",
        text(&unknown)
    );
}

#[test]
fn seed_demo_is_idempotent_and_prints_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let first = kinoguard(&db, &["seed-demo"], "");
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("Demo account created"));
    assert!(text(&first).contains(domain::demo::DEMO_PASSWORD));
    let again = kinoguard(&db, &["seed-demo"], "");
    assert!(again.status.success());
    assert!(text(&again).contains("already present"));
    let migrate = kinoguard(&db, &["migrate"], "");
    assert!(migrate.status.success());
}

#[test]
fn a_bad_setting_is_named_and_stops_start_up() {
    let out = Command::new(env!("CARGO_BIN_EXE_kinoguard"))
        .arg("migrate")
        .env("KINOGUARD_SECURE_COOKIES", "perhaps")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("KINOGUARD_SECURE_COOKIES"),
        "{}",
        text(&out)
    );
}

#[test]
fn mail_needs_both_its_settings_and_a_valid_sender() {
    for (env, named) in [
        (
            &[("KINOGUARD_SMTP_URL", "smtp://127.0.0.1:2525")][..],
            "KINOGUARD_MAIL_FROM:",
        ),
        (
            &[("KINOGUARD_MAIL_FROM", "security@example.com")][..],
            "KINOGUARD_SMTP_URL:",
        ),
        (
            &[
                ("KINOGUARD_SMTP_URL", "smtp://127.0.0.1:2525"),
                ("KINOGUARD_MAIL_FROM", "security@example.com"),
            ][..],
            "KINOGUARD_PUBLIC_ORIGIN:",
        ),
        (
            &[
                ("KINOGUARD_SMTP_URL", "smtp://127.0.0.1:2525"),
                ("KINOGUARD_MAIL_FROM", "not an address"),
                ("KINOGUARD_PUBLIC_ORIGIN", "https://kinoguard.example"),
            ][..],
            "KINOGUARD_MAIL_FROM:",
        ),
        (
            &[
                ("KINOGUARD_SMTP_URL", "ftp://mail.example.com"),
                ("KINOGUARD_MAIL_FROM", "security@example.com"),
                ("KINOGUARD_PUBLIC_ORIGIN", "https://kinoguard.example"),
            ][..],
            "KINOGUARD_SMTP_URL:",
        ),
        (
            &[
                ("KINOGUARD_SMTP_URL", "smtp://ana:s3cret@mail.example.com"),
                ("KINOGUARD_MAIL_FROM", "security@example.com"),
                ("KINOGUARD_PUBLIC_ORIGIN", "https://kinoguard.example"),
            ][..],
            "KINOGUARD_SMTP_URL: a user and password go over TLS only",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_kinoguard"))
            .arg("migrate")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        assert!(text(&out).contains(named), "{env:?}: {}", text(&out));
        assert!(!text(&out).contains("s3cret"), "{}", text(&out));
    }
}

#[test]
fn require_reauthentication_names_a_missing_account_and_touches_only_that_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let created = kinoguard(
        &db,
        &["create-account", "--email", "ana@example.com"],
        "popcorn on the sofa\n",
    );
    assert!(created.status.success(), "{}", text(&created));

    let ok = kinoguard(
        &db,
        &["require-reauthentication", "--email", "Ana@Example.com"],
        "",
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(
        text(&ok).contains("0 signed-in sessions of ana@example.com"),
        "{}",
        text(&ok)
    );

    for (args, message) in [
        (
            &["require-reauthentication", "--email", "bo@example.com"][..],
            "no account has the email address bo@example.com",
        ),
        (
            &["require-reauthentication", "--email", "bo@"][..],
            "--email: Enter a valid email address",
        ),
    ] {
        let out = kinoguard(&db, args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(message), "{args:?}: {}", text(&out));
    }
}

#[tokio::test]
async fn sign_out_all_from_the_command_line_reaches_the_accounts_open_pages() {
    use domain::live::{self, Ended, Notice, Opening};
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("k.db");
    let path = db_path.clone();
    let created = tokio::task::spawn_blocking(move || {
        kinoguard(
            &path,
            &["create-account", "--email", "ana@example.com"],
            "popcorn on the sofa\n",
        )
    })
    .await
    .unwrap();
    assert!(created.status.success(), "{}", text(&created));

    // The server: another process on the same SQLite file, with a page open.
    let url = format!("sqlite://{}?mode=rwc", db_path.display());
    let db = domain::db::connect(&url).await.unwrap();
    let svc = domain::Services::new(
        db.clone(),
        domain::sessions::SessionPolicy::default(),
        domain::geo::GeoIp::open(&domain::testing::geoip_path()),
        live::LiveHub::start(&db).await.unwrap(),
    );
    let signed = domain::auth::sign_in(
        &svc,
        &domain::identifier::LoginIdentifier::parse("ana@example.com").unwrap(),
        &domain::password::Password::parse("popcorn on the sofa").unwrap(),
        domain::entity::session::ClientKind::Web,
        &domain::ClientInfo::default(),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let Opening::Live(mut page) = live::open(&svc, &signed.token, chrono::Utc::now())
        .await
        .unwrap()
    else {
        panic!("the page's session is not live");
    };

    let path = db_path.clone();
    let out = tokio::task::spawn_blocking(move || {
        kinoguard(&path, &["sign-out-all", "--email", "ana@example.com"], "")
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Signed out 1 session of ana@example.com."),
        "{}",
        text(&out)
    );
    let heard = tokio::time::timeout(std::time::Duration::from_secs(1), page.next())
        .await
        .expect("the open page hears it within a second");
    assert_eq!(
        heard,
        Some(Notice::SignedOut(Ended::Revoked(
            domain::entity::session::RevokeReason::Operator
        )))
    );

    // Without SMTP the owner's message waits in the outbox, where the operator reads it.
    let path = db_path.clone();
    let out = tokio::task::spawn_blocking(move || {
        kinoguard(&path, &["outbox", "--email", "ana@example.com"], "")
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    for line in [
        "to ana@example.com · waiting",
        "Subject: Kinoguard: Signed out of all devices",
        "Device: Service support (command line)",
        // A waiting message read here has a working "This wasn't me" link.
        "/secure?link=",
    ] {
        assert!(text(&out).contains(line), "{line}: {}", text(&out));
    }

    for (args, message) in [
        (&["outbox", "--limit", "many"][..], "--limit"),
        (
            &["outbox", "--email", "bob@example.com"][..],
            "no account has the email address bob@example.com",
        ),
        (
            &["sign-out-all", "--email", "bob@example.com"][..],
            "no account has the email address bob@example.com",
        ),
        (&["sign-out-all", "--email", "not an email"][..], "--email:"),
        (&["sign-out-all"][..], "--email"),
    ] {
        let path = db_path.clone();
        let out = tokio::task::spawn_blocking(move || kinoguard(&path, args, ""))
            .await
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out).contains(message), "{args:?}: {}", text(&out));
    }
}
