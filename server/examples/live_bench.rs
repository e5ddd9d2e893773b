//! The live channel under load (the figures in BENCHMARKS.md): two release servers on one
//! fresh PostgreSQL database, CHANNELS open live channels spread over both, and a
//! sign-out of all devices of an account that holds REVOKED of them.
//!
//!   cargo run --release -p server --example live_bench -- [CHANNELS] [REVOKED] [SECONDS]
//!
//! Prints, side by side from one run: revocation-to-event latency (p50, p99, slowest),
//! each server's resident memory per 1 000 idle channels, and the signed-in page rate
//! with no channel held and with all of them held. Loopback only; every step is bounded.

use chrono::Utc;
use domain::accounts::{self, NewAccount};
use domain::entity::session::ClientKind;
use domain::identifier::Email;
use domain::password::{NewPassword, PasswordHasher};
use domain::sessions::{self, SessionPolicy, SignInMethod};
use domain::{ClientInfo, devices};
use sea_orm::{ConnectionTrait, Database};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

const PORTS: [u16; 2] = [3931, 3932];
const ADMIN: &str = "postgres://postgres@127.0.0.1:5432/test";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let channels = args.next().transpose()?.unwrap_or(5_000);
    let revoked = args.next().transpose()?.unwrap_or(1_000).min(channels);
    let seconds = args.next().transpose()?.unwrap_or(5) as u64;

    let admin = Database::connect(ADMIN).await?;
    let name = format!("kg_live_bench_{}", std::process::id());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let url = ADMIN.replace("/test", &format!("/{name}"));
    let outcome = run(&url, channels, revoked, seconds).await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    outcome
}

struct Servers(Vec<Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn run(url: &str, channels: usize, revoked: usize, seconds: u64) -> anyhow::Result<()> {
    let bin = std::env::var("KINOGUARD_BIN").unwrap_or_else(|_| "target/release/kinoguard".into());
    let servers = Servers(
        PORTS
            .iter()
            .map(|port| {
                Command::new(&bin)
                    .arg("serve")
                    .env("DATABASE_URL", url)
                    .env("KINOGUARD_ADDR", format!("127.0.0.1:{port}"))
                    .env("KINOGUARD_LIVE_PER_ADDRESS", "1000000")
                    .env("LEPTOS_SITE_ROOT", "target/site")
                    .env("RUST_LOG", "warn")
                    .stdout(Stdio::null())
                    .spawn()
            })
            .collect::<Result<_, _>>()?,
    );
    for port in PORTS {
        wait_healthy(port).await?;
    }

    // Sessions made directly in the database: the benchmark is about the channel, not
    // about hashing 5 000 passwords.
    let db = domain::db::connect(url).await?;
    let hasher = PasswordHasher::with_concurrency(1);
    let mut accounts = Vec::new();
    for i in 0..5 {
        let account = accounts::create(
            &db,
            &hasher,
            NewAccount {
                email: Email::parse(&format!("bench{i}@example.com"))?,
                phone: None,
                password: NewPassword::parse("popcorn on the sofa")?,
            },
            Utc::now(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        accounts.push(account.id);
    }
    let victim = accounts[0];
    let mut tokens = Vec::with_capacity(channels);
    let client = ClientInfo {
        ip: Some("127.0.0.1".parse()?),
        user_agent: "live_bench".into(),
    };
    let policy = SessionPolicy::default();
    for i in 0..channels + 1 {
        let account = if i < revoked {
            victim
        } else {
            accounts[1 + i % 4]
        };
        let described = devices::describe(&client, ClientKind::Web);
        let device = devices::register(
            &db,
            account,
            &client,
            described,
            "Local network".into(),
            Utc::now(),
        )
        .await?;
        let (token, _) = sessions::open(
            &db,
            &policy,
            account,
            device.id,
            ClientKind::Web,
            SignInMethod::Password,
            Utc::now(),
        )
        .await?;
        tokens.push(token.token);
    }
    // The last session, of another account, loads pages.
    let reader = tokens.pop().expect("a reader session");

    // A warm-up first, so that the two rates compare like with like.
    page_rate(&reader, 1).await?;
    let rate_idle = page_rate(&reader, seconds).await?;
    // After the page loads, so that what they grew is not counted as the channels'.
    let rss_before: Vec<u64> = servers.0.iter().map(|c| rss_kib(c.id())).collect();

    // Open every channel, half on each server.
    let heard = Arc::new(Mutex::new(Vec::<Duration>::with_capacity(revoked)));
    let start = Arc::new(Mutex::new(None::<Instant>));
    let mut held = Vec::with_capacity(channels);
    for (i, token) in tokens.iter().enumerate() {
        let mut stream = open_channel(PORTS[i % 2], token).await?;
        let heard = heard.clone();
        let start = start.clone();
        held.push(tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if memchr(&buf[..n], b"signed-out") {
                            if let Some(t0) = *start.lock().await {
                                heard.lock().await.push(t0.elapsed());
                            }
                            return;
                        }
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_held: Vec<u64> = servers.0.iter().map(|c| rss_kib(c.id())).collect();
    let rate_held = page_rate(&reader, seconds).await?;

    // Sign out every session of the account holding `revoked` channels, as support does.
    let live = domain::live::LiveHub::publisher(&db).await?;
    *start.lock().await = Some(Instant::now());
    domain::auth::operator_sign_out_all(&db, &live, victim, Utc::now()).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while heard.lock().await.len() < revoked && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut latencies = heard.lock().await.clone();
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };

    println!("| measure | value |");
    println!("|---|---|");
    println!("| channels held (two instances) | {channels} |");
    println!(
        "| revoked channels that heard \"signed-out\" | {} of {revoked} |",
        latencies.len()
    );
    println!("| revocation → event, p50 | {:.1} ms |", pick(0.50));
    println!("| revocation → event, p99 | {:.1} ms |", pick(0.99));
    println!("| revocation → event, slowest | {:.1} ms |", pick(1.0));
    for (i, (before, after)) in rss_before.iter().zip(&rss_held).enumerate() {
        let per_thousand =
            (after.saturating_sub(*before)) as f64 / (channels as f64 / 2.0) * 1000.0;
        println!(
            "| instance {}: resident memory {before} → {after} KiB | {:.0} KiB per 1 000 idle channels |",
            i + 1,
            per_thousand
        );
    }
    println!("| signed-in `/account` pages/s, no channel held | {rate_idle:.0} |");
    println!(
        "| signed-in `/account` pages/s, {channels} channels held | {rate_held:.0} ({:.0} % of the idle rate) |",
        rate_held / rate_idle * 100.0
    );
    for task in held {
        task.abort();
    }
    drop(servers);
    Ok(())
}

async fn wait_healthy(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(reply) = get(port, "/healthz", None).await
            && reply.starts_with("HTTP/1.1 200")
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("the server on port {port} did not start within 60 s")
}

/// One HTTP/1.1 request on a connection of its own, read to the end.
async fn get(port: u16, path: &str, token: Option<&str>) -> anyhow::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let cookie = token.map_or(String::new(), |t| format!("Cookie: kg_session={t}\r\n"));
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}Connection: close\r\n\r\n")
                .as_bytes(),
        )
        .await?;
    let mut reply = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut reply)).await??;
    Ok(String::from_utf8_lossy(&reply).into_owned())
}

async fn open_channel(port: u16, token: &str) -> anyhow::Result<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    stream
        .write_all(
            format!(
                "GET /api/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: kg_session={token}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
    let mut buf = vec![0u8; 4096];
    let mut seen = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        while !memchr(&seen, b"retry:") {
            let n = stream.read(&mut buf).await?;
            anyhow::ensure!(n > 0, "the channel closed at once");
            seen.extend_from_slice(&buf[..n]);
        }
        anyhow::ensure!(seen.starts_with(b"HTTP/1.1 200"), "refused");
        Ok(())
    })
    .await??;
    Ok(stream)
}

/// Signed-in `/account` page loads per second: 32 clients for `seconds`, instance 1.
async fn page_rate(token: &str, seconds: u64) -> anyhow::Result<f64> {
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for _ in 0..32 {
        let token = token.to_owned();
        workers.push(tokio::spawn(async move {
            let mut pages = 0u64;
            while Instant::now() < until {
                let reply = get(PORTS[0], "/account", Some(&token)).await?;
                anyhow::ensure!(
                    reply.starts_with("HTTP/1.1 200"),
                    "not a page: {reply:.200}"
                );
                pages += 1;
            }
            Ok(pages)
        }));
    }
    let mut total = 0;
    for w in workers {
        total += w.await??;
    }
    Ok(total as f64 / seconds as f64)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn memchr(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
