//! Extractors whose refusals are API errors (JSON, 4xx) rather than axum's plain text.

use crate::error::{ApiError, ErrorCode};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body: `application/json`, within the body limit, well-formed, every field
/// known (the wire types deny unknown fields).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// The field named in a serde message such as "unknown field `colour`, expected …"
/// (other messages quote values, not fields: "invalid value: integer `70000`…").
fn field_of(message: &str) -> Option<String> {
    let named = ["unknown field `", "missing field `", "duplicate field `"];
    if !named.iter().any(|p| message.contains(p)) {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(ErrorCode::BodyTooLarge, "the body is larger than allowed")
            } else {
                ApiError::new(ErrorCode::MalformedJson, e.body_text())
            }
        })?;
        match serde_json::from_slice::<T>(&bytes) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => {
                use serde_json::error::Category;
                match e.classify() {
                    Category::Data => {
                        let message = e.to_string();
                        let mut err = ApiError::new(ErrorCode::InvalidField, message.clone());
                        err.field = field_of(&message);
                        Err(err)
                    }
                    _ => Err(ApiError::new(
                        ErrorCode::MalformedJson,
                        format!("the body is not well-formed JSON: {e}"),
                    )),
                }
            }
        }
    }
}

/// Query parameters, refused with `invalid_parameter`.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| {
                let message = e.body_text();
                let mut err = ApiError::new(ErrorCode::InvalidParameter, message.clone());
                err.field = field_of(&message);
                err
            })
    }
}
