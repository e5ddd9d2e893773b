//! An in-process server over a test database, and helpers to talk HTTP to it.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use domain::entity::security_event;
use domain::testing::{self, STEP_LIMIT, TestDb, within};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::{AppState, Config, router};
use std::net::SocketAddr;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";
pub const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

pub struct Harness {
    pub app: Router,
    pub t: TestDb,
    pub state: AppState,
}

pub async fn harness(t: TestDb, env: &[(&str, &str)]) -> Harness {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let config =
        Config::from_lookup(|k| env.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
            .unwrap();
    let options = LeptosOptions::builder().output_name("kinoguard").build();
    let state = AppState::new(
        config,
        t.db.clone(),
        options,
        domain::geo::GeoIp::open(&testing::geoip_path()),
    );
    domain::accounts::create(
        &t.db,
        &state.services().hasher,
        domain::accounts::NewAccount {
            email: domain::identifier::Email::parse("ana@example.com").unwrap(),
            phone: Some(domain::identifier::Phone::parse("+14155550123").unwrap()),
            password: domain::password::NewPassword::parse(PASSWORD).unwrap(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    Harness {
        app: router(state.clone()),
        t,
        state,
    }
}

pub async fn harnesses() -> Vec<Harness> {
    let mut out = Vec::new();
    for t in testing::all().await {
        out.push(harness(t, &[]).await);
    }
    out
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Harness {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let what = format!("{} {} ({})", req.method(), req.uri(), self.t.label);
        within(STEP_LIMIT, what, answer(self.app.clone(), req)).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::USER_AGENT, CHROME);
        if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            req = req.header(header::ACCEPT, "application/json");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Signs in and returns the `name=value` cookie pair.
    pub async fn sign_in(&self) -> String {
        let r = self
            .post_form(
                "/api/sign_in",
                &[("identifier", "ana@example.com"), ("password", PASSWORD)],
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} {}", self.t.label, r.body);
        set_cookie(&r).split(';').next().unwrap().to_owned()
    }

    pub async fn live_sessions(&self) -> u64 {
        domain::sessions::live_count(&self.t.db, 1, chrono::Utc::now())
            .await
            .unwrap()
    }

    pub async fn events(&self) -> u64 {
        security_event::Entity::find()
            .count(&self.t.db)
            .await
            .unwrap()
    }
}

/// Sends `req` to `app`, as from a client in London, and reads the whole answer.
pub async fn answer(app: Router, mut req: Request<Body>) -> Reply {
    req.extensions_mut().insert(ConnectInfo(
        "81.2.69.142:50000".parse::<SocketAddr>().unwrap(),
    ));
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A harness whose router serves static files from `site_root`, like `target/site`.
pub async fn harness_with_site(t: TestDb, site_root: &std::path::Path) -> Harness {
    let mut h = harness(t, &[]).await;
    h.state.leptos_options = LeptosOptions::builder()
        .output_name("kinoguard")
        .site_root(site_root.to_string_lossy().to_string())
        .build();
    h.app = router(h.state.clone());
    h
}

pub fn set_cookie(r: &Reply) -> String {
    r.headers
        .get(header::SET_COOKIE)
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_owned()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Harness {
    /// A device-API call: JSON body (if any), bearer token (if any).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::USER_AGENT, "Kinoguard-TV/1.0 (Tizen 7.0; SMART-TV)");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_owned())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    /// Signs in through the API; returns the bearer token.
    pub async fn api_token(&self, email: &str) -> String {
        let r = self
            .api(
                "POST",
                "/api/v1/sessions",
                None,
                Some(&format!(
                    r#"{{"identifier":"{email}","password":"{PASSWORD}"}}"#
                )),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_owned()
    }

    pub async fn create_account(&self, email: &str) -> i64 {
        domain::accounts::create(
            &self.t.db,
            &self.state.services().hasher,
            domain::accounts::NewAccount {
                email: domain::identifier::Email::parse(email).unwrap(),
                phone: None,
                password: domain::password::NewPassword::parse(PASSWORD).unwrap(),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .id
    }
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A site folder holding one static file, `/favicon.svg`.
pub fn site_with_a_favicon() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    site
}
