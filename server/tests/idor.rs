//! Every server function that takes an id, called with another account's id: not found,
//! no data, nothing changed. On SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::*;
use domain::entity::{device, playback, profile};
use sea_orm::EntityTrait;

#[tokio::test]
async fn another_accounts_ids_are_not_found_everywhere() {
    for h in harnesses().await {
        h.create_account("bo@example.com").await;
        let ana = h.sign_in().await;
        let bo = {
            let r = h
                .post_form(
                    "/api/sign_in",
                    &[("identifier", "bo@example.com"), ("password", PASSWORD)],
                    None,
                    &[],
                )
                .await;
            set_cookie(&r).split(';').next().unwrap().to_owned()
        };
        // Bo picks his profile and watches something, so he has a device, a profile and a stream.
        let bos_profile = profile::Entity::find()
            .all(&h.t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Bo")
            .unwrap();
        let pid = bos_profile.id.to_string();
        assert_eq!(
            h.post_form(
                "/api/select_profile",
                &[("profile_id", &pid)],
                Some(&bo),
                &[]
            )
            .await
            .status,
            StatusCode::OK
        );
        let started = h
            .post_form("/api/start_playback", &[("title_id", "1")], Some(&bo), &[])
            .await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.body);
        let stream_id = started.body.trim().to_owned();
        let bos_device = device::Entity::find()
            .all(&h.t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.account_id == bos_profile.account_id)
            .unwrap();
        let did = bos_device.id.to_string();

        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("/api/profile", vec![("profile_id", &pid)]),
            ("/api/select_profile", vec![("profile_id", &pid)]),
            (
                "/api/update_profile",
                vec![("profile_id", &pid), ("name", "Hacked"), ("avatar", "red")],
            ),
            ("/api/delete_profile", vec![("profile_id", &pid)]),
            ("/api/viewing_activity", vec![("profile_id", &pid)]),
            ("/api/hide_viewing_item", vec![("playback_id", &stream_id)]),
            (
                "/api/playback_heartbeat",
                vec![("playback_id", &stream_id), ("position_secs", "60")],
            ),
            (
                "/api/stop_playback",
                vec![("playback_id", &stream_id), ("position_secs", "60")],
            ),
            ("/api/device", vec![("device_id", &did)]),
            ("/api/sign_out_device", vec![("device_id", &did)]),
            (
                "/api/deactivate_device",
                vec![("device_id", &did), ("password", PASSWORD)],
            ),
            ("/api/streaming_activity", vec![("device", &did)]),
            ("/api/parental_controls", vec![("profile_id", &pid)]),
            (
                "/api/set_maturity",
                vec![("profile_id", &pid), ("level", "ALL")],
            ),
            (
                "/api/suggest_titles",
                vec![("profile_id", &pid), ("query", "a")],
            ),
            (
                "/api/block_title",
                vec![("profile_id", &pid), ("title_id", "1")],
            ),
            (
                "/api/unblock_title",
                vec![("profile_id", &pid), ("title_id", "1")],
            ),
            (
                "/api/set_profile_lock",
                vec![("profile_id", &pid), ("pin", "1234")],
            ),
            ("/api/remove_profile_lock", vec![("profile_id", &pid)]),
        ];
        for (path, form) in &calls {
            let r = h.post_form(path, form, Some(&ana), &[]).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{} {path}: {}",
                h.t.label,
                r.body
            );
            assert_eq!(r.body, r#""NotFound""#, "{path}");
        }
        let csv = h
            .get(
                &format!("/account/profiles/{pid}/viewing-activity.csv"),
                Some(&ana),
            )
            .await;
        assert_eq!(csv.status, StatusCode::NOT_FOUND);

        // Nothing of Bo's changed.
        let p = profile::Entity::find_by_id(bos_profile.id)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p, bos_profile, "{}", h.t.label);
        let d = device::Entity::find_by_id(bos_device.id)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.state, d.last_ip.is_some()),
            (device::DeviceState::Active, true)
        );
        let s = playback::Entity::find_by_id(stream_id.parse::<i64>().unwrap())
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (s.ended_at, s.hidden_from_history, s.ip.is_some()),
            (None, false, true)
        );
        let me = h.get("/account", Some(&bo)).await;
        assert_eq!(me.status, StatusCode::OK, "Bo is still signed in");
    }
}

#[tokio::test]
async fn the_csv_download_needs_a_session_and_holds_the_history() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let anon = h
        .get("/account/profiles/1/viewing-activity.csv", None)
        .await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    let ana = h.sign_in().await;
    let profile = profile::Entity::find()
        .all(&h.t.db)
        .await
        .unwrap()
        .remove(0)
        .id
        .to_string();
    h.post_form(
        "/api/select_profile",
        &[("profile_id", &profile)],
        Some(&ana),
        &[],
    )
    .await;
    let started = h
        .post_form("/api/start_playback", &[("title_id", "1")], Some(&ana), &[])
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let csv = h
        .get(
            &format!("/account/profiles/{profile}/viewing-activity.csv"),
            Some(&ana),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].ends_with(",Chrome on Linux"));
}

#[tokio::test]
async fn sensitive_actions_ask_for_the_password_after_ten_minutes() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let ana = h.sign_in().await;
    // Age the session's re-authentication past the window.
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    domain::entity::session::Entity::update_many()
        .col_expr(
            domain::entity::session::Column::ReauthenticatedAt,
            Expr::value(chrono::Utc::now() - chrono::TimeDelta::minutes(11)),
        )
        .filter(domain::entity::session::Column::AccountId.eq(1))
        .exec(&h.t.db)
        .await
        .unwrap();
    let refused = h.post_form("/api/sign_out_all", &[], Some(&ana), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body, r#""ReauthRequired""#);
    assert_eq!(h.live_sessions().await, 1, "nothing changed");
    let wrong = h
        .post_form(
            "/api/sign_out_all",
            &[("password", "wrong wrong")],
            Some(&ana),
            &[],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.live_sessions().await, 1);
    let ok = h
        .post_form(
            "/api/sign_out_all",
            &[("password", PASSWORD)],
            Some(&ana),
            &[],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(h.live_sessions().await, 0);
}
