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

pub mod smtp;

pub const PASSWORD: &str = "correct horse battery";
pub const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

pub struct Harness {
    pub app: Router,
    pub t: TestDb,
    pub state: AppState,
}

pub async fn harness(t: TestDb, env: &[(&str, &str)]) -> Harness {
    let options = LeptosOptions::builder().output_name("kinoguard").build();
    harness_with_options(t, env, options).await
}

async fn harness_with_options(t: TestDb, env: &[(&str, &str)], options: LeptosOptions) -> Harness {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let config =
        Config::from_lookup(|k| env.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
            .unwrap();
    let state = AppState::new(
        config,
        t.db.clone(),
        options,
        domain::geo::GeoIp::open(&testing::geoip_path()),
        t.live.clone(),
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
    let options = LeptosOptions::builder()
        .output_name("kinoguard")
        .site_root(site_root.to_string_lossy().to_string())
        .build();
    harness_with_options(t, &[], options).await
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

impl Harness {
    /// The token's account's first profile, its owner's, as the device API lists it.
    pub async fn owner_profile(&self, token: &str) -> i64 {
        let me = self.api("GET", "/api/v1/session", Some(token), None).await;
        assert_eq!(me.status, StatusCode::OK, "{} {}", self.t.label, me.body);
        me.json()["profiles"][0]["id"].as_i64().unwrap()
    }

    /// The session behind a token, to call the services as that device.
    pub async fn session_of(&self, token: &str) -> domain::sessions::CurrentSession {
        let svc = self.state.services();
        domain::sessions::authenticate(&svc.db, &svc.policy, token, None, chrono::Utc::now())
            .await
            .unwrap()
            .expect("a live session")
    }

    /// The catalog title called `name`.
    pub async fn title_named(&self, name: &str) -> i64 {
        domain::entity::title::Entity::find()
            .all(&self.t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("a title called {name:?}"))
            .id
    }

    /// A title rated 18+.
    pub async fn adult_title(&self) -> domain::entity::title::Model {
        domain::entity::title::Entity::find()
            .all(&self.t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.maturity_rating == domain::entity::profile::MaturityLevel::Eighteen)
            .expect("an 18+ title")
    }

    /// `POST /api/v1/playbacks` as `token`'s device.
    pub async fn start_stream(
        &self,
        token: &str,
        title_id: i64,
        profile_id: i64,
        pin: Option<&str>,
    ) -> Reply {
        let body = match pin {
            Some(pin) => {
                format!(r#"{{"title_id":{title_id},"profile_id":{profile_id},"pin":"{pin}"}}"#)
            }
            None => format!(r#"{{"title_id":{title_id},"profile_id":{profile_id}}}"#),
        };
        self.api("POST", "/api/v1/playbacks", Some(token), Some(&body))
            .await
    }

    /// A new profile on the account, added as the demo adds them (no consent asked).
    pub async fn add_profile(
        &self,
        account_id: i64,
        name: &str,
        kids: bool,
    ) -> domain::entity::profile::Model {
        domain::profiles::insert(
            &self.t.db,
            account_id,
            domain::profiles::NewProfile {
                name: domain::profiles::ProfileName::parse(name).unwrap(),
                avatar: domain::profiles::Avatar::parse("blue").unwrap(),
                kids,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap()
    }

    /// `POST /api/v1/playbacks/{id}/heartbeat` as `token`'s device.
    pub async fn heartbeat(&self, token: &str, playback_id: i64, position_secs: i32) -> Reply {
        let body = format!(r#"{{"position_secs":{position_secs}}}"#);
        let path = format!("/api/v1/playbacks/{playback_id}/heartbeat");
        self.api("POST", &path, Some(token), Some(&body)).await
    }

    /// `POST /api/v1/device-codes/approve` as `token`'s device.
    pub async fn approve_code(&self, token: &str, user_code: &str) -> Reply {
        let body = format!(r#"{{"user_code":"{user_code}"}}"#);
        self.api(
            "POST",
            "/api/v1/device-codes/approve",
            Some(token),
            Some(&body),
        )
        .await
    }

    /// A TV that asked for a code, had it approved by `phone`'s device and polled: its token.
    pub async fn tv_signed_in_by(&self, phone: &str) -> String {
        let code = self
            .api("POST", "/api/v1/device-codes", None, None)
            .await
            .json();
        let approved = self
            .approve_code(phone, code["user_code"].as_str().unwrap())
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let body = format!(
            r#"{{"device_code":"{}"}}"#,
            code["device_code"].as_str().unwrap()
        );
        let polled = self
            .api("POST", "/api/v1/device-codes/poll", None, Some(&body))
            .await;
        polled.json()["token"]
            .as_str()
            .unwrap_or_else(|| panic!("a token: {}", polled.body))
            .to_owned()
    }

    /// As `token`'s device (recently signed in): the account's parental PIN becomes `pin`
    /// and `profile_id` may watch up to `level`.
    pub async fn set_parental(
        &self,
        token: &str,
        pin: &str,
        profile_id: i64,
        level: domain::entity::profile::MaturityLevel,
    ) {
        let svc = self.state.services();
        let me = self.session_of(token).await;
        let (client, now) = (domain::ClientInfo::default(), chrono::Utc::now());
        let pin = domain::pin::Pin::parse(pin).unwrap();
        domain::parental::set_account_pin(svc, &me, &pin, &client, now)
            .await
            .unwrap();
        domain::parental::set_maturity(svc, &me, profile_id, level, &client, now)
            .await
            .unwrap();
    }
}
