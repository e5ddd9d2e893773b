//! File downloads that are plain GETs rather than server functions.

use crate::state::AppState;
use app::api::activity::SecurityQuery;
use app::server::RequestAuth;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::DomainError;

/// `GET /account/profiles/{id}/viewing-activity.csv`: a profile's viewing history. The
/// session middleware has already sent signed-out browsers to the sign-in page.
pub async fn viewing_activity_csv(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(session) = &auth.session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(profile_id) = raw.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let locale = app::language::of(&headers, Some(&auth), Some(&state.context.cookie));
    let columns = app::api::activity::viewing_csv_columns(locale);
    let db = &state.services().db;
    let result = async {
        let profile = domain::profiles::get(db, session.account_id, profile_id).await?;
        let device = |stored: &str| app::device_name::DeviceName::of(stored).say(locale);
        domain::activity::history_csv(db, session.account_id, profile.id, columns, device).await
    }
    .await;
    match result {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"viewing-activity-{profile_id}.csv\""),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(DomainError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "viewing-activity download failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /account/security/activity.csv`: the security activity as the page shows it with
/// the same filter, in the reader's language, every cell safe to open in a spreadsheet.
pub async fn security_activity_csv(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Query(filter): Query<SecurityQuery>,
    headers: HeaderMap,
) -> Response {
    security_activity(state, auth, filter, headers, Format::Csv).await
}

/// `GET /account/security/activity.json`: the same, for programs; each event also names
/// its kind by its code and its time in RFC 3339.
pub async fn security_activity_json(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Query(filter): Query<SecurityQuery>,
    headers: HeaderMap,
) -> Response {
    security_activity(state, auth, filter, headers, Format::Json).await
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Json,
}

/// One event as the downloads say it.
#[derive(serde::Serialize)]
struct Exported {
    occurred_at: String,
    kind: &'static str,
    event: String,
    device: Option<String>,
    ip: Option<String>,
    location: Option<String>,
    details: Option<String>,
}

async fn security_activity(
    state: AppState,
    auth: RequestAuth,
    query: SecurityQuery,
    headers: HeaderMap,
    format: Format,
) -> Response {
    let Some(session) = &auth.session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let locale = app::language::of(&headers, Some(&auth), Some(&state.context.cookie));
    let svc = state.services();
    let now = chrono::Utc::now();
    let events = async {
        let filter =
            app::api::activity::security_filter(svc, session.account_id, &query, now).await?;
        domain::events::every(&svc.db, session.account_id, &filter).await
    }
    .await;
    let events = match events {
        Ok(events) => events,
        Err(DomainError::Invalid(problem)) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                app::problem::say(locale, &problem),
            )
                .into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "security-activity download failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let exported: Vec<Exported> = events
        .into_iter()
        .map(|e| {
            let kind = app::event_kind::EventKind::from(e.kind);
            Exported {
                occurred_at: e
                    .occurred_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                kind: kind.code(),
                event: kind.label(locale).to_owned(),
                device: e
                    .device_name
                    .as_deref()
                    .map(|d| app::device_name::DeviceName::of(d).say(locale)),
                ip: e.ip,
                location: e
                    .location
                    .as_deref()
                    .map(|l| app::place::name(locale, Some(l))),
                details: e
                    .detail
                    .as_deref()
                    .map(|d| app::event_detail::EventDetail::read(d).say(locale)),
            }
        })
        .collect();
    let (content_type, body) = match format {
        Format::Json => match serde_json::to_string_pretty(&exported) {
            Ok(body) => ("application/json", body),
            Err(e) => {
                tracing::error!(error = %e, "security-activity download failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        Format::Csv => {
            let rows: Vec<Vec<String>> = exported
                .into_iter()
                .map(|e| {
                    vec![
                        e.occurred_at
                            .replace('T', " ")
                            .trim_end_matches('Z')
                            .to_owned(),
                        e.event,
                        e.device.unwrap_or_default(),
                        e.ip.unwrap_or_default(),
                        e.location.unwrap_or_default(),
                        e.details.unwrap_or_default(),
                    ]
                })
                .collect();
            let columns = app::api::activity::security_export_columns(locale);
            match domain::activity::csv_table(&columns, &rows) {
                Ok(body) => ("text/csv; charset=utf-8", body),
                Err(e) => {
                    tracing::error!(error = %e, "security-activity download failed");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            }
        }
    };
    let name = match format {
        Format::Csv => "security-activity.csv",
        Format::Json => "security-activity.json",
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
