//! The language of pages and of the server's answers: from the browser's `Accept-Language`
//! until a language is chosen, then the choice; with and without JavaScript.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use domain::testing;

/// `/login` as a browser asking for `accept_language` (and sending `cookie`) gets it.
async fn login_page(h: &Harness, accept_language: Option<&str>, cookie: Option<&str>) -> Reply {
    let mut req = Request::get("/login").header(header::ACCEPT, "text/html");
    if let Some(languages) = accept_language {
        req = req.header(header::ACCEPT_LANGUAGE, languages);
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let page = h.send(req.body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

/// Chooses Spanish from a page of the signed-in `cookie`'s, as its script does: stored on
/// the account.
async fn choose_spanish_on_the_account(h: &Harness, cookie: &str) {
    let chosen = h
        .post_form(
            "/api/set_language",
            &[("language", "es"), ("back", "/account")],
            Some(cookie),
            &[],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
}

/// The `lang` of the page's `<html>` element.
fn html_lang(body: &str) -> &str {
    let start = body.find("<html").expect("an <html> element");
    let tag = &body[start..start + body[start..].find('>').expect("a whole tag")];
    assert_eq!(tag.matches("lang=").count(), 1, "one lang attribute: {tag}");
    let value = tag.split("lang=\"").nth(1).expect("a quoted lang");
    &value[..value.find('"').expect("a closing quote")]
}

#[tokio::test]
async fn a_page_is_written_in_the_language_the_browser_asks_for() {
    let h = harness(testing::sqlite().await, &[]).await;

    let spanish = login_page(&h, Some("es-MX,es;q=0.9,en;q=0.5"), None).await;
    assert_eq!(html_lang(&spanish.body), "es");
    for text in [
        "<title>Iniciar sesión · Kinoguard</title>",
        "Correo electrónico o número de teléfono",
        "Contraseña",
        "Saltar al contenido",
        "Centro de ayuda",
    ] {
        assert!(spanish.body.contains(text), "{text}: {}", spanish.body);
    }
    assert!(!spanish.body.contains("Email or phone number"));

    let english = login_page(&h, Some("fr-FR,fr;q=0.9,en;q=0.8,es;q=0.7"), None).await;
    assert_eq!(html_lang(&english.body), "en");
    assert!(english.body.contains("Email or phone number"));

    // A browser that says nothing, or asks only for languages the site lacks, reads English.
    for asked in [None, Some("de,fr;q=0.5")] {
        let page = login_page(&h, asked, None).await;
        assert_eq!(html_lang(&page.body), "en", "{asked:?}");
        assert!(page.body.contains("<title>Sign in · Kinoguard</title>"));
    }
}

#[tokio::test]
async fn a_language_chosen_without_javascript_is_kept_and_the_page_comes_back_in_it() {
    let h = harness(testing::sqlite().await, &[]).await;
    let html = [("accept", "text/html"), ("accept-language", "en-GB")];

    let chosen = h
        .post_form(
            "/api/set_language",
            &[("language", "es"), ("back", "/login?next=/account")],
            None,
            &html,
        )
        .await;
    assert_eq!(chosen.status, StatusCode::FOUND, "{}", chosen.body);
    assert_eq!(chosen.headers[header::LOCATION], "/login?next=/account");
    let cookie = set_cookie(&chosen);
    assert_eq!(
        cookie,
        "kg_lang=es; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
    );

    // The choice wins over what the browser asks for.
    let pair = cookie.split(';').next().unwrap();
    let page = login_page(&h, Some("en-GB,en;q=0.9"), Some(pair)).await;
    assert_eq!(html_lang(&page.body), "es");
    assert!(
        page.body
            .contains("Correo electrónico o número de teléfono")
    );
    // The picker shows the language in use.
    assert!(
        page.body
            .contains(r#"<option value="es" lang="es" selected"#),
        "{}",
        page.body
    );

    // A cookie naming a language the site lacks is ignored.
    let page = login_page(&h, Some("es"), Some("kg_lang=fr")).await;
    assert_eq!(html_lang(&page.body), "es");

    // Only this site's paths are followed back.
    let offsite = h
        .post_form(
            "/api/set_language",
            &[("language", "en"), ("back", "//evil.example/")],
            None,
            &html,
        )
        .await;
    assert_eq!(offsite.headers[header::LOCATION], "/");
}

#[tokio::test]
async fn choosing_a_language_the_site_lacks_is_refused_in_the_readers_language() {
    let h = harness(testing::sqlite().await, &[]).await;
    for (cookie, message) in [
        (None, "Choose English or Español."),
        (Some("kg_lang=es"), "Elige English o Español."),
    ] {
        let refused = h
            .post_form(
                "/api/set_language",
                &[("language", "fr"), ("back", "/")],
                cookie,
                &[],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(message), "{}", refused.body);
        assert!(
            refused.headers.get(header::SET_COOKIE).is_none(),
            "a refused choice changes nothing"
        );
    }
}

#[tokio::test]
async fn another_site_cannot_choose_the_language() {
    let h = harness(testing::sqlite().await, &[]).await;
    let r = h
        .post_form(
            "/api/set_language",
            &[("language", "es"), ("back", "/")],
            None,
            &[("origin", "https://evil.example"), ("accept", "text/html")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_language_chosen_while_signed_in_is_the_accounts_on_every_device() {
    for h in harnesses().await {
        let laptop = h.sign_in().await;
        let account_page = |cookie: String| {
            let req = Request::get("/account")
                .header(header::ACCEPT, "text/html")
                .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            h.send(req)
        };
        let page = account_page(laptop.clone()).await;
        assert_eq!(html_lang(&page.body), "en", "{}", h.t.label);
        assert!(page.body.contains("1 device is signed in to your account."));

        // The laptop's page, with JavaScript, chooses Spanish.
        let chosen = h
            .post_form(
                "/api/set_language",
                &[("language", "es"), ("back", "/account")],
                Some(&laptop),
                &[],
            )
            .await;
        assert_eq!(
            chosen.status,
            StatusCode::OK,
            "{} {}",
            h.t.label,
            chosen.body
        );
        assert_eq!(chosen.body, r#""es""#);

        // A phone whose browser asks for English, and once chose it, follows the account.
        let phone = h.sign_in().await;
        let page = account_page(format!("{phone}; kg_lang=en")).await;
        assert_eq!(html_lang(&page.body), "es", "{}", h.t.label);
        for text in [
            "<title>Cuenta · Kinoguard</title>",
            "2 dispositivos tienen la sesión iniciada en tu cuenta.",
            "Cerrar sesión en todos los dispositivos",
        ] {
            assert!(page.body.contains(text), "{}: {text}", h.t.label);
        }
        // Its server's answers follow too.
        let refused = h
            .post_form(
                "/api/set_language",
                &[("language", "xx"), ("back", "/")],
                Some(&format!("{phone}; kg_lang=en")),
                &[],
            )
            .await;
        assert!(
            refused.body.contains("Elige English o Español."),
            "{}",
            refused.body
        );

        // Signed out, the browser's own choice applies again.
        let page = login_page(&h, Some("en"), Some("kg_lang=en")).await;
        assert_eq!(html_lang(&page.body), "en");
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_the_readers_language() {
    let h = harness(testing::sqlite().await, &[]).await;
    for (extra, message) in [
        (
            [("accept-language", "es-ES,es;q=0.9")],
            "Correo electrónico, número de teléfono o contraseña incorrectos.",
        ),
        (
            [("accept-language", "en-GB")],
            "Incorrect email, phone number or password.",
        ),
    ] {
        let refused = h
            .post_form(
                "/api/sign_in",
                &[
                    ("identifier", "ana@example.com"),
                    ("password", "not the password"),
                ],
                None,
                &extra,
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains(message), "{}", refused.body);
    }
}

#[tokio::test]
async fn the_viewing_activity_download_names_its_columns_in_the_readers_language() {
    use domain::entity::profile;
    use sea_orm::EntityTrait;
    let h = harness(testing::sqlite().await, &[]).await;
    let ana = h.sign_in().await;
    let id = profile::Entity::find()
        .all(&h.t.db)
        .await
        .unwrap()
        .remove(0)
        .id;
    // Something watched in Firefox on Windows.
    let signed_in = h
        .send(
            Request::post("/api/v1/sessions")
                .header(header::CONTENT_TYPE, "application/json")
                .header(
                    header::USER_AGENT,
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
                )
                .body(Body::from(format!(
                    r#"{{"identifier":"ana@example.com","password":"{PASSWORD}"}}"#
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::CREATED, "{}", signed_in.body);
    let token = signed_in.json()["token"].as_str().unwrap().to_owned();
    let title = h.title_named("Café Solitude").await;
    let started = h.start_stream(&token, title, id, None).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);

    let path = format!("/account/profiles/{id}/viewing-activity.csv");
    for (language, columns, device) in [
        ("es", "Título,Fecha (UTC),Dispositivo", "Firefox en Windows"),
        ("en", "Title,Date (UTC),Device", "Firefox on Windows"),
    ] {
        let csv = h
            .get(&path, Some(&format!("{ana}; kg_lang={language}")))
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
        let mut lines = csv.body.lines();
        assert_eq!(lines.next(), Some(columns), "{language}");
        let row = lines.next().expect("the stream");
        assert!(row.ends_with(&format!(",{device}")), "{language}: {row}");
    }
}

#[tokio::test]
async fn times_are_written_in_the_viewers_zone_once_the_browser_has_told_it() {
    use app::i18n::Locale;
    use app::moment::{Dates, time_zone};
    use axum::http::{HeaderMap, HeaderValue};
    let h = harness(testing::sqlite().await, &[]).await;
    let ana = h.sign_in().await;
    let tokyo = {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("kg_tz=Asia/Tokyo"));
        time_zone(&headers).expect("a zone the server knows")
    };
    let today = |zone| {
        Dates {
            locale: Locale::es,
            zone,
        }
        .date(chrono::Utc::now())
    };

    // Told the zone (by an earlier page with JavaScript), the server writes it: also the
    // page a browser without JavaScript gets.
    let page = h
        .get(
            "/account/security",
            Some(&format!("{ana}; kg_lang=es; kg_tz=Asia/Tokyo")),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let told = today(Some(tokyo));
    assert!(page.body.contains(&told), "{told}: {}", page.body);
    assert!(!page.body.contains(" UTC</time>"), "{}", page.body);

    // Not told, or told a zone that does not exist: UTC, and the page says so.
    for cookie in ["", "; kg_tz=Mars/Olympus"] {
        let page = h
            .get(
                "/account/security",
                Some(&format!("{ana}; kg_lang=es{cookie}")),
            )
            .await;
        assert!(page.body.contains(" UTC</time>"), "{cookie}: {}", page.body);
        assert!(page.body.contains(&today(None)), "{cookie}");
    }
}

#[tokio::test]
async fn bad_input_is_refused_in_the_readers_language() {
    for h in harnesses().await {
        // Signed out: the browser's language.
        let refused = h
            .post_form(
                "/api/sign_in",
                &[("identifier", "ana@"), ("password", "whatever")],
                None,
                &[("accept-language", "es-ES,es;q=0.9")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("Introduce un correo electrónico válido, como nombre@example.com."),
            "{}: {}",
            h.t.label,
            refused.body
        );

        // Signed in: the account's language, whatever the browser asks for.
        let laptop = h.sign_in().await;
        choose_spanish_on_the_account(&h, &laptop).await;
        for (new, confirm, message) in [
            (
                "corta",
                "corta",
                "Usa al menos 8 caracteres para tu contraseña.",
            ),
            (
                "a brand new passphrase",
                "another passphrase",
                "Las dos contraseñas nuevas no coinciden.",
            ),
        ] {
            let refused = h
                .post_form(
                    "/api/change_password",
                    &[
                        ("current_password", PASSWORD),
                        ("new_password", new),
                        ("confirm_password", confirm),
                    ],
                    Some(&laptop),
                    &[("accept-language", "en-GB")],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                refused.body.contains(message),
                "{}: {}",
                h.t.label,
                refused.body
            );
        }
        // Nothing changed: the password still signs in.
        h.sign_in().await;
    }
}

#[tokio::test]
async fn the_device_api_refuses_in_the_accounts_language_else_the_requests() {
    for h in harnesses().await {
        let call = |token: Option<String>, accept: &'static str, body: &'static str| {
            let mut req = Request::post("/api/v1/playbacks")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT_LANGUAGE, accept);
            if let Some(t) = token {
                req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            h.send(req.body(Body::from(body)).unwrap())
        };
        // No token: the request's language; the code is the same in every language.
        let r = call(None, "es-MX,es;q=0.9", "{}").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["error"]["code"], "unauthorized");
        assert_eq!(
            r.json()["error"]["message"],
            "Falta el token, o no es válido, caducó o se revocó. Vuelve a iniciar sesión."
        );
        let r = call(None, "en", "{}").await;
        assert_eq!(
            r.json()["error"]["message"],
            "Missing, invalid, expired or revoked token. Sign in again."
        );
        // A body that is not JSON: the sentence in Spanish, the parser's words apart.
        let r = h
            .send(
                Request::post("/api/v1/sessions")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::ACCEPT_LANGUAGE, "es")
                    .body(Body::from("{not json"))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.json()["error"]["code"], "invalid", "{}", r.body);
        assert_eq!(
            r.json()["error"]["message"],
            "El cuerpo de la petición debe ser JSON con la forma documentada (véase \"detail\")."
        );
        assert!(
            r.json()["error"]["detail"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
        );

        // A TV of an account that chose Spanish on the phone, whose own header says English.
        let token = h.api_token("ana@example.com").await;
        let bad_pin = r#"{"title_id": 1, "profile_id": 1, "pin": "12a4"}"#;
        let r = call(Some(token.clone()), "en-US", bad_pin).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json()["error"]["message"],
            "A PIN is 4 digits (0–9); letters are not allowed."
        );
        let phone = h.sign_in().await;
        choose_spanish_on_the_account(&h, &phone).await;
        let r = call(Some(token), "en-US", bad_pin).await;
        assert_eq!(r.json()["error"]["code"], "invalid");
        assert_eq!(
            r.json()["error"]["message"],
            "Un PIN son 4 dígitos (0–9); no admite letras.",
            "{}",
            h.t.label
        );
    }
}
