//! Page rates side by side (the figures in BENCHMARKS.md): a bare axum page this example
//! serves itself, `/login`, and a signed-in `/account`, each at 32 and 256 connections;
//! then `/account` again while a flood of wrong-password sign-ins from many addresses
//! (through a trusted proxy's `X-Forwarded-For`) keeps the sign-in throttle busy.
//!
//!   cargo run --release -p server --example page_bench -- [SECONDS] [sqlite|postgres]
//!
//! The release server (`target/release/kinoguard`, or `KINOGUARD_BIN`) runs on a fresh
//! database as a process of its own, and so does the bare page, so that all three share
//! the machine alike. Loopback only; every step is bounded in count and time.

use chrono::Utc;
use domain::accounts::{self, NewAccount};
use domain::entity::session::ClientKind;
use domain::identifier::Email;
use domain::password::{NewPassword, PasswordHasher};
use domain::sessions::{self, SessionPolicy, SignInMethod};
use domain::{ClientInfo, devices};
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use sea_orm::{ConnectionTrait, Database};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

const SERVER: u16 = 3941;
const BARE: u16 = 3942;
const ADMIN: &str = "postgres://postgres@127.0.0.1:5432/test";
const CONNECTIONS: [usize; 2] = [32, 256];
/// Concurrent wrong-password sign-ins of the flood.
const FLOODERS: usize = 16;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("bare-server") {
        return bare_server().await;
    }
    let seconds: u64 = first.map(|s| s.parse()).transpose()?.unwrap_or(5);
    let backend = args.next().unwrap_or_else(|| "sqlite".into());
    match backend.as_str() {
        "sqlite" => {
            let dir = tempfile::tempdir()?;
            let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
            run(&url, &backend, seconds).await
        }
        "postgres" => {
            let admin = Database::connect(ADMIN).await?;
            let name = format!("kg_page_bench_{}", std::process::id());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await?;
            let url = ADMIN.replace("/test", &format!("/{name}"));
            let outcome = run(&url, &backend, seconds).await;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            outcome
        }
        other => anyhow::bail!("unknown backend {other:?}: sqlite or postgres"),
    }
}

/// The yardstick: what axum alone serves, a small HTML page.
async fn bare_server() -> anyhow::Result<()> {
    use axum::response::Html;
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(|| async {
            Html("<!DOCTYPE html><html lang=\"en\"><head><title>Bare</title></head><body><main><h1>Bare axum</h1><p>A page.</p></main></body></html>")
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", BARE)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn run(url: &str, backend: &str, seconds: u64) -> anyhow::Result<()> {
    let bin = std::env::var("KINOGUARD_BIN").unwrap_or_else(|_| "target/release/kinoguard".into());
    let children = Children(vec![
        Command::new(&bin)
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("KINOGUARD_ADDR", format!("127.0.0.1:{SERVER}"))
            // The flood comes "through a proxy": its addresses are in X-Forwarded-For.
            .env("KINOGUARD_TRUSTED_PROXIES", "127.0.0.1")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .spawn()?,
        Command::new(std::env::current_exe()?)
            .arg("bare-server")
            .stdout(Stdio::null())
            .spawn()?,
    ]);
    for port in [SERVER, BARE] {
        wait_up(port).await?;
    }

    // The reader's session is made in the database: the benchmark is about pages.
    let db = domain::db::connect(url).await?;
    let hasher = PasswordHasher::with_concurrency(1);
    let account = accounts::create(
        &db,
        &hasher,
        NewAccount {
            email: Email::parse("reader@example.com")?,
            phone: None,
            password: NewPassword::parse("popcorn on the sofa")?,
        },
        Utc::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let client = ClientInfo {
        ip: Some("127.0.0.1".parse()?),
        user_agent: "page_bench".into(),
    };
    let device = devices::register(
        &db,
        account.id,
        &client,
        devices::describe(&client, ClientKind::Web),
        "Local network".into(),
        Utc::now(),
    )
    .await?;
    let (token, _) = sessions::open(
        &db,
        &SessionPolicy::default(),
        account.id,
        device.id,
        ClientKind::Web,
        SignInMethod::Password,
        Utc::now(),
    )
    .await?;
    let cookie = format!("kg_session={}", token.token);

    let targets = [
        ("bare axum page", BARE, "/", None),
        ("`/login`", SERVER, "/login", None),
        (
            "signed-in `/account`",
            SERVER,
            "/account",
            Some(cookie.as_str()),
        ),
    ];
    // A warm-up, so that the first measured target does not pay for the caches.
    for (_, port, path, cookie) in &targets {
        load(*port, path, *cookie, 32, 1).await?;
    }
    println!("Backend: {backend}; {seconds} s per row; client and servers on the same cores.");
    println!();
    println!("| page | connections | pages/s | p50 | p99 |");
    println!("|---|---|---|---|---|");
    let mut rates = std::collections::HashMap::new();
    for connections in CONNECTIONS {
        for (name, port, path, cookie) in &targets {
            let m = load(*port, path, *cookie, connections, seconds).await?;
            println!(
                "| {name} | {connections} | {:.0} | {:.1} ms | {:.1} ms |",
                m.rate, m.p50_ms, m.p99_ms
            );
            rates.insert((*path, *port, connections), m);
        }
    }
    println!();
    for connections in CONNECTIONS {
        let account = &rates[&("/account", SERVER, connections)];
        let login = &rates[&("/login", SERVER, connections)];
        let bare = &rates[&("/", BARE, connections)];
        println!(
            "At {connections} connections, signed-in `/account` serves {:.0} % of `/login`'s rate and {:.1} % of the bare page's.",
            account.rate / login.rate * 100.0,
            account.rate / bare.rate * 100.0
        );
    }

    // Isolation: the same signed-in page while wrong passwords pour in.
    let quiet = load(SERVER, "/account", Some(&cookie), 32, seconds).await?;
    let until = Instant::now() + Duration::from_secs(seconds + 2);
    let flood: Vec<_> = (0..FLOODERS)
        .map(|i| tokio::spawn(flood(i, until)))
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let flooded = load(SERVER, "/account", Some(&cookie), 32, seconds).await?;
    let mut answers = Answers::default();
    for f in flood {
        answers.add(f.await??);
    }
    println!();
    println!("| signed-in `/account`, 32 connections | pages/s | p50 | p99 |");
    println!("|---|---|---|---|");
    println!(
        "| alone | {:.0} | {:.1} ms | {:.1} ms |",
        quiet.rate, quiet.p50_ms, quiet.p99_ms
    );
    println!(
        "| during the flood | {:.0} | {:.1} ms | {:.1} ms |",
        flooded.rate, flooded.p50_ms, flooded.p99_ms
    );
    println!();
    println!(
        "The flood ({FLOODERS} at once, a new address each time): {} sign-ins in {} s, {} refused by the throttle, {} told the password was wrong, {} other answers. p99 rose by {:.1} ms.",
        answers.total(),
        seconds + 2,
        answers.throttled,
        answers.wrong,
        answers.other,
        flooded.p99_ms - quiet.p99_ms
    );
    drop(children);
    Ok(())
}

struct Measure {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// `connections` keep-alive connections loading `path` for `seconds`.
async fn load(
    port: u16,
    path: &str,
    cookie: Option<&str>,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<Measure> {
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::with_capacity(connections);
    for _ in 0..connections {
        let path = path.to_owned();
        let cookie = cookie.map(str::to_owned);
        workers.push(tokio::spawn(async move {
            let mut sender = connect(port).await?;
            let mut took = Vec::new();
            while Instant::now() < until {
                let mut req = hyper::Request::get(&path).header("host", "127.0.0.1");
                if let Some(c) = &cookie {
                    req = req.header("cookie", c);
                }
                let started = Instant::now();
                let res = tokio::time::timeout(
                    Duration::from_secs(30),
                    sender.send_request(req.body(Empty::<Bytes>::new())?),
                )
                .await??;
                let status = res.status();
                let body = res.into_body().collect().await?.to_bytes();
                anyhow::ensure!(
                    status == 200
                        && body.starts_with(b"<!DOCTYPE html>")
                        && body.windows(7).any(|w| w == b"</main>"),
                    "{path}: not a whole page ({status})"
                );
                took.push(started.elapsed());
            }
            Ok::<_, anyhow::Error>(took)
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await??);
    }
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(Measure {
        rate: all.len() as f64 / seconds as f64,
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
    })
}

async fn connect<B>(port: u16) -> anyhow::Result<hyper::client::conn::http1::SendRequest<B>>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

#[derive(Default)]
struct Answers {
    throttled: u64,
    wrong: u64,
    other: u64,
}

impl Answers {
    fn add(&mut self, other: Answers) {
        self.throttled += other.throttled;
        self.wrong += other.wrong;
        self.other += other.other;
    }

    fn total(&self) -> u64 {
        self.throttled + self.wrong + self.other
    }
}

/// Wrong-password sign-ins, as the page's script sends them, each from a new address,
/// for a handful of accounts (the reader's among them) and unknown addresses.
async fn flood(worker: usize, until: Instant) -> anyhow::Result<Answers> {
    let mut sender = connect::<Full<Bytes>>(SERVER).await?;
    let mut answers = Answers::default();
    let mut n = 0u32;
    while Instant::now() < until {
        n += 1;
        let who = match n % 4 {
            0 => "reader%40example.com".to_owned(),
            k => format!("stranger{k}%40example.com"),
        };
        let address = format!("10.{}.{}.{}", worker, n / 250 % 250, n % 250 + 1);
        let req = hyper::Request::post("/api/sign_in")
            .header("host", "127.0.0.1")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .header("x-forwarded-for", address)
            .body(Full::new(Bytes::from(format!(
                "identifier={who}&password=not+the+password+at+all"
            ))))?;
        let res = tokio::time::timeout(Duration::from_secs(30), sender.send_request(req)).await??;
        let status = res.status();
        let body = res.into_body().collect().await?.to_bytes();
        let text = String::from_utf8_lossy(&body);
        if status == 429 || text.contains("Too many") {
            answers.throttled += 1;
        } else if text.contains("Incorrect") {
            answers.wrong += 1;
        } else {
            answers.other += 1;
        }
    }
    Ok(answers)
}

async fn wait_up(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("nothing listens on port {port} after 60 s")
}
