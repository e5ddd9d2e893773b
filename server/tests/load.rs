//! Pages, server functions and static files under concurrent load always get an answer.
//!
//! Regression (issue 9): leptos lists an app's routes by rendering it with resource
//! loading switched off for the whole process, and a resource first polled meanwhile — by
//! a page rendering on any thread — waited forever. The router test binary, whose tests
//! each build a router while others render pages, hung about one run in fifteen.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use domain::testing::{self, within};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Every request here answers in milliseconds; one that takes this long is stuck.
const ANSWER_LIMIT: Duration = Duration::from_secs(10);
/// Long enough for hundreds of rounds to overlap a router being built.
const LOAD_FOR: Duration = Duration::from_secs(4);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_server_functions_and_files_all_finish_while_routers_are_built() {
    let site = site_with_a_favicon();
    let h = harness_with_site(testing::sqlite().await, site.path()).await;
    let cookie = h.sign_in().await;

    // Something else in the process builds routers all the while, as the tests beside
    // this one do, and as an embedder serving on two listeners would.
    let stop = Arc::new(AtomicBool::new(false));
    let built = Arc::new(AtomicUsize::new(0));
    let builder = {
        let (stop, built, state) = (stop.clone(), built.clone(), h.state.clone());
        let runtime = tokio::runtime::Handle::current();
        std::thread::spawn(move || {
            let _entered = runtime.enter();
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(state.clone()));
                built.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    let started = Instant::now();
    let mut answered = 0;
    while started.elapsed() < LOAD_FOR {
        let mut round = tokio::task::JoinSet::new();
        for i in 0..12 {
            let (what, req) = request(i, &cookie);
            let reply = within(ANSWER_LIMIT, what.clone(), answer(h.app.clone(), req));
            round.spawn(async move { (what, reply.await) });
        }
        while let Some(done) = round.join_next().await {
            let (what, r) = done.unwrap();
            assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
            answered += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    builder.join().unwrap();
    assert!(
        built.load(Ordering::Relaxed) > 0,
        "no router was built during the load"
    );
    assert!(answered >= 120, "only {answered} requests in {LOAD_FOR:?}");
}

/// A page, a server function or a static file, in turn.
fn request(i: usize, cookie: &str) -> (String, Request<Body>) {
    let req = match i % 3 {
        0 => Request::get("/account")
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookie)
            .body(Body::empty()),
        1 => Request::post("/api/account_overview")
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, cookie)
            .body(Body::empty()),
        _ => Request::get("/favicon.svg").body(Body::empty()),
    }
    .unwrap();
    (format!("{} {}", req.method(), req.uri()), req)
}
