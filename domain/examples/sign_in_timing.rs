//! Does a wrong password take as long on a real account as on an unknown one?
//!
//! cargo run --release -p domain --features testing --example sign_in_timing -- [RUNS] [sqlite|postgres]
//!
//! Alternates wrong-password sign-ins for an existing account and for an address nobody
//! uses, through the real `domain::auth::sign_in` (argon2 included), each from its own
//! address and a quarter of an hour after the last so no throttle answers instead. Prints
//! the median and 95th percentile of each and their ratio: anything but ~1.00 tells an
//! attacker which addresses have accounts. See BENCHMARKS.md.

use chrono::{TimeDelta, Utc};
use domain::accounts::{self, NewAccount};
use domain::entity::session::ClientKind;
use domain::identifier::{Email, LoginIdentifier};
use domain::password::{NewPassword, Password};
use domain::{ClientInfo, DomainError, auth, testing};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .map_or(200, |r| r.parse().expect("RUNS must be a number"));
    let backend = args.next().unwrap_or_else(|| "sqlite".into());
    let t = testing::named(&backend).await;
    let svc = t.services();
    let start = Utc::now();
    accounts::create(
        &svc.db,
        &svc.hasher,
        NewAccount {
            email: Email::parse("ana@example.com").unwrap(),
            phone: None,
            password: NewPassword::parse("correct horse battery").unwrap(),
        },
        start,
    )
    .await
    .unwrap();
    let known = LoginIdentifier::parse("ana@example.com").unwrap();
    let unknown = LoginIdentifier::parse("nobody@example.com").unwrap();
    let wrong = Password::parse("not the password").unwrap();

    let (mut real, mut none) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let now = start + TimeDelta::minutes(16) * (i as i32 + 1);
        for (who, times) in [(&known, &mut real), (&unknown, &mut none)] {
            let client = ClientInfo {
                ip: Some(
                    format!("198.51.{}.{}", i / 250, 1 + i % 250)
                        .parse()
                        .unwrap(),
                ),
                user_agent: "bench".into(),
            };
            let began = Instant::now();
            let r = auth::sign_in(&svc, who, &wrong, ClientKind::Web, &client, None, now).await;
            times.push(began.elapsed());
            assert!(
                matches!(r, Err(DomainError::InvalidCredentials)),
                "{:?}",
                r.err()
            );
        }
    }
    let (real_median, real_p95) = stats(&mut real);
    let (none_median, none_p95) = stats(&mut none);
    println!("backend: {}  runs: {runs}", t.label);
    println!("wrong password, real account:    median {real_median:.2?}  p95 {real_p95:.2?}");
    println!("wrong password, unknown account: median {none_median:.2?}  p95 {none_p95:.2?}");
    println!(
        "ratio real/unknown: median {:.3}  p95 {:.3}",
        real_median.as_secs_f64() / none_median.as_secs_f64(),
        real_p95.as_secs_f64() / none_p95.as_secs_f64()
    );
}

fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 95 / 100])
}
