use super::ApiError;
use app::api_message::ApiMessage;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

/// A JSON body; anything malformed (wrong content type, bad syntax, missing or mistyped
/// fields) is a 422 with a JSON error instead of axum's plain-text rejection.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::invalid(ApiMessage::BadJson {
                detail: rejection.body_text(),
            })),
        }
    }
}
