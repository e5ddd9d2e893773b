//! Server functions answer every error with 500; API clients deserve the real status.
//! A JavaScript-off form post has become a redirect by now and passes untouched.

use app::error::AppError;
use app::server::status_of;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Public errors are short JSON; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 16 * 1024;

pub async fn rewrite(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}
