//! The axum router over HTTP: cookies, session checks, CSRF, bad input, headers.
//! Runs against SQLite and, when reachable, PostgreSQL.

mod common;

use axum::http::{StatusCode, header};
use common::*;
use domain::entity::session;
use domain::testing::{self, STEP_LIMIT, within};

use sea_orm::EntityTrait;

#[tokio::test]
async fn sign_in_sets_an_http_only_same_site_cookie_holding_an_unstored_token() {
    for h in harnesses().await {
        let r = h
            .post_form(
                "/api/sign_in",
                &[("identifier", "ana@example.com"), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", h.t.label);
        let cookie = set_cookie(&r);
        let attrs: Vec<&str> = cookie.split("; ").collect();
        let token = attrs[0].strip_prefix("kg_session=").expect("cookie name");
        assert_eq!(token.len(), 43);
        for want in ["Path=/", "HttpOnly", "SameSite=Lax"] {
            assert!(attrs.contains(&want), "{cookie} lacks {want}");
        }
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP must not mark the cookie Secure"
        );
        let stored = session::Entity::find().all(&h.t.db).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].token_hash, token);
        assert!(!r.body.contains(token), "the token is only in the cookie");
    }
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    let h = harness(
        testing::sqlite().await,
        &[("KINOGUARD_SECURE_COOKIES", "true")],
    )
    .await;
    let cookie = h.sign_in().await;
    assert!(cookie.starts_with("__Host-kg_session="), "{cookie}");
    let r = h
        .post_form(
            "/api/sign_in",
            &[("identifier", "ana@example.com"), ("password", PASSWORD)],
            None,
            &[],
        )
        .await;
    assert!(set_cookie(&r).ends_with("; Secure"));
    assert!(r.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
    // The plain name is not read when the secure one is configured.
    let plain = cookie.replace("__Host-kg_session", "kg_session");
    assert_eq!(
        h.get("/account", Some(&plain)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        h.get("/account", Some(&cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn sign_in_by_phone_number() {
    let h = harness(testing::sqlite().await, &[]).await;
    let r = h
        .post_form(
            "/api/sign_in",
            &[("identifier", "+1 (415) 555-0123"), ("password", PASSWORD)],
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn a_revoked_session_is_refused_on_its_very_next_request() {
    for h in harnesses().await {
        let laptop = h.sign_in().await;
        let phone = h.sign_in().await;
        assert_eq!(
            h.get("/account", Some(&phone)).await.status,
            StatusCode::OK,
            "{}",
            h.t.label
        );

        let r = h
            .post_form(
                "/api/sign_out_all",
                &[],
                Some(&laptop),
                &[("sec-fetch-site", "same-origin")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} {}", h.t.label, r.body);
        assert!(set_cookie(&r).contains("Max-Age=0"));
        assert!(r.headers.contains_key("clear-site-data"));
        assert_eq!(h.live_sessions().await, 0);

        // The other device: its next page load goes to the sign-in page...
        let page = h.get("/account", Some(&phone)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", h.t.label);
        assert_eq!(
            page.headers[header::LOCATION],
            "/login?expired=1&next=/account"
        );
        assert!(
            set_cookie(&page).contains("Max-Age=0"),
            "the dead cookie is cleared"
        );
        // ...and its server-function calls are unauthorized.
        let call = h
            .post_form("/api/account_overview", &[], Some(&phone), &[])
            .await;
        assert_eq!(call.status, StatusCode::UNAUTHORIZED);
        assert_eq!(call.body, r#""Unauthorized""#);
    }
}

#[tokio::test]
async fn account_pages_need_a_session() {
    let h = harness(testing::sqlite().await, &[]).await;
    let r = h.get("/account/sign-out-all", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION],
        "/login?next=/account/sign-out-all"
    );
    let cookie = h.sign_in().await;
    let page = h.get("/account", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ana@example.com"));
    assert!(page.body.contains("Sign out of all devices"));
    // Signed in, the sign-in page sends you home.
    assert_eq!(
        h.get("/login", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    for h in harnesses().await {
        let cookie = h.sign_in().await;
        let events = h.events().await;
        for headers in [
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site")][..],
            &[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000"),
            ][..],
            &[("origin", "null"), ("host", "127.0.0.1:3000")][..],
        ] {
            let r = h
                .post_form("/api/sign_out_all", &[], Some(&cookie), headers)
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{} {headers:?}", h.t.label);
            assert!(r.body.contains("Cross-site request refused"));
        }
        assert_eq!(h.live_sessions().await, 1, "{}", h.t.label);
        assert_eq!(h.events().await, events);
        // The same request from the site itself works.
        let ok = h
            .post_form(
                "/api/sign_out_all",
                &[],
                Some(&cookie),
                &[
                    ("origin", "http://127.0.0.1:3000"),
                    ("host", "127.0.0.1:3000"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", h.t.label);
        assert_eq!(h.live_sessions().await, 0);
    }
}

#[tokio::test]
async fn bad_sign_in_input_gets_a_clear_message_and_changes_nothing() {
    for h in harnesses().await {
        let huge = "a".repeat(1 << 20);
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                vec![("identifier", "ana@example.com"), ("password", &huge)],
                "Passwords are at most 128 characters.",
            ),
            (
                vec![("identifier", ""), ("password", PASSWORD)],
                "Enter your email address or phone number.",
            ),
            (
                vec![("identifier", "ana@example.com"), ("password", "")],
                "Enter your password.",
            ),
            (
                vec![("identifier", "ana@"), ("password", PASSWORD)],
                "Enter a valid email address, like name@example.com.",
            ),
            (
                vec![("identifier", "415 555 0123"), ("password", PASSWORD)],
                "Enter the phone number with its country code",
            ),
            (
                vec![("identifier", "nobody@example.com"), ("password", PASSWORD)],
                "Incorrect email, phone number or password.",
            ),
            (
                vec![
                    ("identifier", "ana@example.com"),
                    ("password", "wrong password"),
                ],
                "Incorrect email, phone number or password.",
            ),
            (vec![("password", PASSWORD)], "The form was incomplete"),
        ];
        let events_before = h.events().await;
        for (form, message) in &cases {
            let r = h.post_form("/api/sign_in", form, None, &[]).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{} {message}",
                h.t.label
            );
            assert!(
                r.body.contains(message),
                "{}: {} lacks {message:?}",
                h.t.label,
                r.body
            );
            assert!(r.headers.get(header::SET_COOKIE).is_none());
        }
        assert_eq!(h.live_sessions().await, 0, "{}", h.t.label);
        // Only the wrong password against a real account is worth an audit entry.
        assert_eq!(h.events().await, events_before + 1);
    }
}

#[tokio::test]
async fn without_javascript_forms_redirect_back_with_the_error_or_onward() {
    let h = harness(testing::sqlite().await, &[]).await;
    let html = [
        ("accept", "text/html"),
        ("referer", "http://127.0.0.1:3000/login?next=/account"),
    ];
    let wrong = h
        .post_form(
            "/api/sign_in",
            &[("identifier", "ana@example.com"), ("password", "nope nope")],
            None,
            &html,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FOUND);
    let back = wrong.headers[header::LOCATION].to_str().unwrap();
    assert!(
        back.starts_with(
            "http://127.0.0.1:3000/login?next=/account&__path=%2Fapi%2Fsign_in&__err="
        ),
        "{back}"
    );

    let right = h
        .post_form(
            "/api/sign_in",
            &[
                ("identifier", "ana@example.com"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
            None,
            &html,
        )
        .await;
    assert_eq!(right.status, StatusCode::FOUND);
    assert_eq!(right.headers[header::LOCATION], "/account");
    assert!(set_cookie(&right).starts_with("kg_session="));

    // An off-site `next` is not followed.
    let offsite = h
        .post_form(
            "/api/sign_in",
            &[
                ("identifier", "ana@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
            None,
            &html,
        )
        .await;
    assert_eq!(offsite.headers[header::LOCATION], "/");
}

#[tokio::test]
async fn sign_out_ends_the_session_and_clears_the_browser() {
    let h = harness(testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let r = h.post_form("/api/sign_out", &[], Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(set_cookie(&r).contains("Max-Age=0"));
    assert_eq!(r.headers["clear-site-data"], r#""cache", "storage""#);
    assert_eq!(h.live_sessions().await, 0);
    assert_eq!(
        h.get("/account", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let h = harness(testing::sqlite().await, &[]).await;
    let r = h.get("/login", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce");
    assert!(
        r.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    // A second load gets a fresh nonce.
    let again = h.get("/login", None).await;
    assert_ne!(
        again.headers[header::CONTENT_SECURITY_POLICY],
        r.headers[header::CONTENT_SECURITY_POLICY]
    );
}

#[tokio::test]
async fn unknown_pages_are_404_and_health_is_ok() {
    let h = harness(testing::sqlite().await, &[]).await;
    assert_eq!(
        h.get("/no-such-page", None).await.status,
        StatusCode::NOT_FOUND
    );
    let health = h.get("/healthz", None).await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok")
    );
}

/// Regression: leptos_axum's static-file fallback took the response headers of whichever
/// page was rendering on the same thread, so under load a page lost its CSP (and with it
/// every script) to a favicon. Pages and files requested together must each keep their own.
#[tokio::test]
async fn pages_keep_their_csp_when_static_files_are_fetched_at_the_same_time() {
    let site = site_with_a_favicon();
    let h = harness_with_site(testing::sqlite().await, site.path()).await;
    let cookie = h.sign_in().await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let path = if i % 2 == 0 {
            "/account"
        } else {
            "/favicon.svg"
        };
        let req = axum::http::Request::get(path)
            .header(header::COOKIE, &cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let reply = within(
            STEP_LIMIT,
            format!("GET {path}"),
            answer(h.app.clone(), req),
        );
        tasks.spawn(async move { (path, reply.await) });
    }
    while let Some(done) = tasks.join_next().await {
        let (path, r) = done.unwrap();
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        if path == "/account" {
            assert!(csp.contains("'nonce-"), "a page lost its CSP: {csp}");
        } else {
            assert_eq!(
                csp, "default-src 'none'; frame-ancestors 'none'",
                "a file took a page's CSP"
            );
        }
    }
}

/// ASVS 7.2.4: signing in again in the same browser ends the session it held, instead of
/// leaving it live, unseen, for its idle lifetime.
#[tokio::test]
async fn signing_in_again_in_the_same_browser_ends_its_previous_session() {
    for h in harnesses().await {
        let first = h.sign_in().await;
        let r = h
            .post_form(
                "/api/sign_in",
                &[("identifier", "ana@example.com"), ("password", PASSWORD)],
                Some(&first),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} {}", h.t.label, r.body);
        let second = set_cookie(&r).split(';').next().unwrap().to_owned();
        assert_ne!(second, first, "a new token");
        assert_eq!(h.live_sessions().await, 1, "{}", h.t.label);
        assert_eq!(
            h.get("/account", Some(&first)).await.status,
            StatusCode::SEE_OTHER,
            "{}: the old token is refused",
            h.t.label
        );
        assert_eq!(
            h.get("/account", Some(&second)).await.status,
            StatusCode::OK
        );
        // A wrong password ends nothing.
        let wrong = h
            .post_form(
                "/api/sign_in",
                &[
                    ("identifier", "ana@example.com"),
                    ("password", "not it at all"),
                ],
                Some(&second),
                &[],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            h.get("/account", Some(&second)).await.status,
            StatusCode::OK
        );
    }
}

/// The device cookie a sign-in hands out is sent only to sign-in, is never readable by
/// scripts, and survives signing out: it is what keeps the owner's own allowance.
#[tokio::test]
async fn sign_in_hands_the_browser_a_device_cookie_that_outlives_sign_out() {
    let h = harness(testing::sqlite().await, &[]).await;
    let sign_in = |cookie: Option<String>| {
        let h = &h;
        async move {
            h.post_form(
                "/api/sign_in",
                &[("identifier", "ana@example.com"), ("password", PASSWORD)],
                cookie.as_deref(),
                &[],
            )
            .await
        }
    };
    let cookies = |r: &Reply| -> Vec<String> {
        r.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let first = sign_in(None).await;
    let device = cookies(&first)
        .into_iter()
        .find(|c| c.starts_with("kg_device="))
        .expect("a device cookie");
    assert!(
        device.contains("; Path=/api/sign_in;")
            && device.contains("HttpOnly")
            && device.contains("SameSite=Strict"),
        "{device}"
    );
    let device = device.split(';').next().unwrap().to_owned();

    let session = set_cookie(&first).split(';').next().unwrap().to_owned();
    let out = h.post_form("/api/sign_out", &[], Some(&session), &[]).await;
    assert!(
        cookies(&out).iter().all(|c| !c.starts_with("kg_device=")),
        "sign-out leaves the device cookie: {:?}",
        cookies(&out)
    );

    let again = sign_in(Some(device)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(
        cookies(&again).iter().all(|c| !c.starts_with("kg_device=")),
        "a trusted browser keeps its cookie"
    );
}

/// A hostile page can send the victim to `/activate?code=…` as often as it likes: opening
/// it only fills the field, so no guess is spent. The lookup is the user's POST, and
/// without JavaScript the page it returns to shows what this session found.
#[tokio::test]
async fn opening_an_activate_link_spends_no_guess_and_the_lookup_is_a_post() {
    let h = harness(testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let attempts = || async {
        use sea_orm::PaginatorTrait;
        domain::entity::attempt::Entity::find()
            .count(&h.t.db)
            .await
            .unwrap()
    };
    for _ in 0..(domain::attempts::ACTIVATION_ACCOUNT_GUESSES + 2) {
        let page = h.get("/activate?code=BBBB-BBBB", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("value=\"BBBB-BBBB\""),
            "the field is filled"
        );
        assert!(!page.body.contains("Is this your TV?"));
    }
    assert_eq!(
        attempts().await,
        0,
        "no guess was spent by opening the page"
    );

    let tv = domain::device_codes::start(
        h.state.services(),
        &domain::ClientInfo {
            ip: Some("62.210.0.1".parse().unwrap()),
            user_agent: "Mozilla/5.0 (SMART-TV; Linux; Tizen 8.0)".into(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let found = h
        .post_form(
            "/api/look_up_tv_code",
            &[("code", tv.user_code.as_str())],
            Some(&cookie),
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(found.status, StatusCode::FOUND, "{}", found.body);
    assert_eq!(found.headers[header::LOCATION], "/activate");
    let confirm = h.get("/activate", Some(&cookie)).await;
    assert!(
        confirm.body.contains("Is this your TV?"),
        "{}",
        confirm.body
    );
    assert!(confirm.body.contains(&tv.user_code.display()));
    // Another browser of the account did not look it up, and sees nothing to confirm.
    let other = h.sign_in().await;
    assert!(
        !h.get("/activate", Some(&other))
            .await
            .body
            .contains("Is this your TV?")
    );
}

/// With `KINOGUARD_PHONE_REGION` set, the sign-in form says how a number without its
/// country code is read, and such a number signs in. (Each test runs in a process of its
/// own, so the region set here stays here.)
#[tokio::test]
async fn the_sign_in_form_says_which_country_a_national_number_belongs_to() {
    let h = harness(testing::sqlite().await, &[]).await;
    let before = h.get("/login", None).await;
    assert!(
        before
            .body
            .contains("Use the phone number with its country code"),
        "{}",
        before.body
    );
    domain::identifier::set_default_region(domain::identifier::Region::parse("US").unwrap())
        .unwrap();
    let after = h.get("/login", None).await;
    assert!(
        after.body.contains("is read as a US number"),
        "{}",
        after.body
    );
    // The harness's account has +1 415 555 0123.
    let r = h
        .post_form(
            "/api/sign_in",
            &[("identifier", "(415) 555-0123"), ("password", PASSWORD)],
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// A release build's assets: named by their hash, compressed beside the originals. The
/// browser gets brotli or gzip when it takes them, and may keep them for a year; files
/// whose name does not change with their content, and pages, it must ask for again.
#[tokio::test]
async fn hashed_assets_are_served_compressed_and_cached_for_a_year() {
    let site = site_with_a_favicon();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let wasm = "kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.wasm";
    std::fs::write(pkg.join(wasm), b"\0asm plain").unwrap();
    std::fs::write(pkg.join(format!("{wasm}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{wasm}.gz")), b"gzip bytes").unwrap();
    // cargo-leptos lists the hashes beside the binary; here, beside this test's.
    let exe = std::env::current_exe().unwrap();
    std::fs::write(
        exe.parent().unwrap().join("hash.txt"),
        "js: Xo3nU1m6QJ2f7b8c9d0e1w\nwasm: Xo3nU1m6QJ2f7b8c9d0e1w\ncss: Xo3nU1m6QJ2f7b8c9d0e1w\n",
    )
    .unwrap();
    let mut h = harness_with_site(testing::sqlite().await, site.path()).await;
    let mut hashed = h.state.leptos_options.clone();
    hashed.hash_files = true;
    h.state = h.state.with_leptos_options(hashed);
    h.app = server::routes::router(h.state.clone());

    let fetch = |path: String, encoding: &'static str| {
        let app = h.app.clone();
        async move {
            let req = axum::http::Request::get(&path)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(axum::body::Body::empty())
                .unwrap();
            within(STEP_LIMIT, format!("GET {path}"), answer(app, req)).await
        }
    };
    let path = format!("/pkg/{wasm}");
    for (accepts, encoding, body) in [
        ("br, gzip", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "\0asm plain"),
    ] {
        let r = fetch(path.clone(), accepts).await;
        assert_eq!(r.status, StatusCode::OK, "{accepts}");
        assert_eq!(r.body, body, "{accepts}");
        assert_eq!(
            r.headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accepts}"
        );
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            r.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(r.headers[header::VARY], "accept-encoding");
    }

    // No hash in the name: ask again every time; no such file: the not-found page.
    let favicon = fetch("/favicon.svg".into(), "br").await;
    assert_eq!(favicon.status, StatusCode::OK);
    assert_eq!(favicon.headers[header::CACHE_CONTROL], "no-cache");
    let missing = fetch("/pkg/kinoguard.AAAAAAAAAAAAAAAAAAAAAA.wasm".into(), "br").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers[header::CACHE_CONTROL], "no-store");
    // Pages name the hashed files, and are never stored.
    let login = fetch("/login".into(), "br").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.headers[header::CACHE_CONTROL], "no-store");
    for file in [
        "/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.wasm",
        "/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.js",
        "/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.css",
    ] {
        assert!(login.body.contains(file), "the page names {file}");
    }
    // The stylesheet's name is read from hash.txt once per process, not on every page.
    std::fs::write(
        exe.parent().unwrap().join("hash.txt"),
        "js: Xo3nU1m6QJ2f7b8c9d0e1w\nwasm: Xo3nU1m6QJ2f7b8c9d0e1w\ncss: CHANGEDCHANGEDCHANGED00\n",
    )
    .unwrap();
    let again = fetch("/login".into(), "br").await;
    assert!(
        again
            .body
            .contains("/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.css"),
        "the stylesheet's name is the one read first"
    );

    // Without hashed names (a debug build), the same file is not immutable.
    let mut unhashed = h.state.leptos_options.clone();
    unhashed.hash_files = false;
    let app = server::routes::router(h.state.with_leptos_options(unhashed));
    let req = axum::http::Request::get(&path)
        .body(axum::body::Body::empty())
        .unwrap();
    let r = within(STEP_LIMIT, "GET unhashed", answer(app, req)).await;
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
}

/// The code in a TV sign-in page, from its accessible name.
fn shown_code(body: &str) -> String {
    let at = body
        .find("aria-label=\"Sign-in code ")
        .expect("the page shows a sign-in code")
        + "aria-label=\"Sign-in code ".len();
    body[at..at + 9].to_owned()
}

#[tokio::test]
async fn a_tv_finds_its_sign_in_code_in_the_first_page_it_loads() {
    use domain::entity::device_code;
    use sea_orm::PaginatorTrait;
    for h in harnesses().await {
        let first = h.get("/tv", None).await;
        assert_eq!(first.status, StatusCode::OK, "{}", h.t.label);
        let code = shown_code(&first.body);
        assert_eq!(
            device_code::Entity::find().count(&h.t.db).await.unwrap(),
            1,
            "{}: one code for the page, however it is rendered",
            h.t.label
        );
        let cookie = set_cookie(&first);
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        let pair = cookie.split(';').next().unwrap().to_owned();

        // Loaded again (a reload, or a TV switched back on), it shows the same code.
        let again = h.get("/tv", Some(&pair)).await;
        assert_eq!(shown_code(&again.body), code, "{}", h.t.label);
        assert_eq!(
            device_code::Entity::find().count(&h.t.db).await.unwrap(),
            1,
            "{}: one code, not one per page load",
            h.t.label
        );
    }
}

#[tokio::test]
async fn another_site_sending_a_browser_to_the_tv_page_starts_no_code() {
    use axum::body::Body;
    use axum::http::Request;
    use domain::entity::device_code;
    use sea_orm::PaginatorTrait;
    for h in harnesses().await {
        for site in ["cross-site", "same-site"] {
            let r = h
                .send(
                    Request::get("/tv")
                        .header(header::ACCEPT, "text/html")
                        .header("sec-fetch-site", site)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", h.t.label);
            assert!(
                r.body.contains("Show a sign-in code"),
                "{}: {site}",
                h.t.label
            );
        }
        assert_eq!(
            device_code::Entity::find().count(&h.t.db).await.unwrap(),
            0,
            "{}: no code, no allowance spent",
            h.t.label
        );
    }
}

/// A signed-in page reads its session with the account, its profiles (the profile menu)
/// and its live sessions (Account) in one statement: on SQLite every statement is a round
/// trip to the connection's own thread, the largest cost of a signed-in page (issue 13).
#[tokio::test]
async fn a_signed_in_page_reads_the_database_once() {
    use std::sync::{Arc, Mutex};
    for mut t in testing::all().await {
        let statements = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = statements.clone();
        t.db.set_metric_callback(move |info| {
            seen.lock().unwrap().push(info.statement.sql.clone());
        });
        let h = harness(t, &[]).await;
        let cookie = h.sign_in().await;
        for (page, shows) in [
            ("/account", "1 device is signed in to your account."),
            ("/help", "Ana"),
            ("/profiles", "<h1>Who's watching?</h1>"),
        ] {
            statements.lock().unwrap().clear();
            let r = h.get(page, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{} {page}", h.t.label);
            assert!(r.body.contains(shows), "{} {page}: {}", h.t.label, r.body);
            let made = statements.lock().unwrap().clone();
            assert_eq!(made.len(), 1, "{} {page}: {made:#?}", h.t.label);
        }
    }
}
