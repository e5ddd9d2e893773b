//! File downloads that are plain GETs rather than server functions.

use crate::state::AppState;
use app::server::RequestAuth;
use axum::extract::{Extension, Path, State};
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
