//! The one error shape of the API: `{ "error": { "code", "message", "field" } }`.

use crate::api::{ErrorBody, ErrorDetail};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => ($code:literal, $status:ident), )*) => {
        /// A stable machine code of an API error (`docs/api.md` lists them).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The machine name sent in `error.code`.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// The HTTP status sent with it.
            pub fn status(self) -> StatusCode {
                match self { $( ErrorCode::$variant => StatusCode::$status, )* }
            }
        }
    };
}

error_codes! {
    /// The JSON body is not well-formed JSON.
    MalformedJson => ("malformed_json", BAD_REQUEST),
    /// A query parameter is missing or cannot be read.
    InvalidParameter => ("invalid_parameter", BAD_REQUEST),
    /// A search query cannot be parsed.
    InvalidQuery => ("invalid_query", BAD_REQUEST),
    /// A weapon id in the path is not a UUID.
    InvalidWeaponId => ("invalid_weapon_id", BAD_REQUEST),
    /// No credentials, or credentials no longer valid (expired session, unknown token).
    Unauthenticated => ("unauthenticated", UNAUTHORIZED),
    /// Wrong user name or password.
    InvalidCredentials => ("invalid_credentials", UNAUTHORIZED),
    /// The caller's role may not do this.
    Forbidden => ("forbidden", FORBIDDEN),
    /// The weapon or holder is outside the agency the account is scoped to.
    OutsideAgency => ("outside_agency", FORBIDDEN),
    /// A state-changing request of a browser session without its CSRF token.
    CsrfTokenInvalid => ("csrf_token_invalid", FORBIDDEN),
    /// No such weapon.
    WeaponNotFound => ("weapon_not_found", NOT_FOUND),
    /// No such route.
    NotFound => ("not_found", NOT_FOUND),
    /// The route does not take this method.
    MethodNotAllowed => ("method_not_allowed", METHOD_NOT_ALLOWED),
    /// The account name is taken.
    AccountExists => ("account_exists", CONFLICT),
    /// The body is larger than the limit.
    BodyTooLarge => ("body_too_large", PAYLOAD_TOO_LARGE),
    /// The body is not `application/json`.
    UnsupportedMediaType => ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE),
    /// A field is unknown, missing, of the wrong type, or breaks a rule of its own.
    InvalidField => ("invalid_field", UNPROCESSABLE_ENTITY),
    /// The record is well-formed but breaks a registry rule in the context of the
    /// weapon's history.
    RuleViolation => ("rule_violation", UNPROCESSABLE_ENTITY),
    /// Too many failed logins: wait before trying again.
    LoginBackoff => ("login_backoff", TOO_MANY_REQUESTS),
    /// Too many failed logins: the account name is locked for a while.
    AccountLocked => ("account_locked", TOO_MANY_REQUESTS),
    /// No such trace case (or not one the caller may see).
    TraceNotFound => ("trace_not_found", NOT_FOUND),
    /// The trace case is not in a state that allows this step.
    TraceState => ("trace_state", CONFLICT),
    /// This server's store is not a node of the exchange (`armtrace node init`).
    NodeNotConfigured => ("node_not_configured", CONFLICT),
    /// The server failed (never the request's fault; nothing was changed).
    Internal => ("internal", INTERNAL_SERVER_ERROR),
}

/// An error answered to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// What kind.
    pub code: ErrorCode,
    /// For people.
    pub message: String,
    /// The body field or parameter at fault.
    pub field: Option<String>,
    /// Seconds to wait before retrying (sent as `Retry-After`).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error of `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            field: None,
            retry_after: None,
        }
    }

    /// The same, naming the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    /// A server-side failure; the details go to the log, not to the client.
    pub fn internal(what: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %what, "request failed");
        ApiError::new(
            ErrorCode::Internal,
            "the server failed; nothing was changed",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_string(),
                message: self.message,
                field: self.field,
            },
        };
        let mut response = (self.code.status(), Json(body)).into_response();
        if let Some(s) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<armtrace_store::StoreError> for ApiError {
    fn from(e: armtrace_store::StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<armtrace_node::NodeError> for ApiError {
    fn from(e: armtrace_node::NodeError) -> Self {
        use armtrace_node::NodeError as N;
        match e {
            N::Invalid { field, reason } => {
                ApiError::new(ErrorCode::InvalidField, format!("{field}: {reason}")).field(field)
            }
            N::NoSuchTrace(id) => {
                ApiError::new(ErrorCode::TraceNotFound, format!("no trace case {id}"))
            }
            N::WrongState(m) => ApiError::new(ErrorCode::TraceState, m),
            N::NotConfigured => {
                ApiError::new(ErrorCode::NodeNotConfigured, N::NotConfigured.to_string())
            }
            N::Directory(m) => ApiError::new(ErrorCode::InvalidField, m),
            other => ApiError::internal(other),
        }
    }
}

impl From<armtrace_index::IndexError> for ApiError {
    fn from(e: armtrace_index::IndexError) -> Self {
        ApiError::internal(e)
    }
}

impl From<crate::accounts::AccountError> for ApiError {
    fn from(e: crate::accounts::AccountError) -> Self {
        ApiError::internal(e)
    }
}

/// Runs blocking work (the store, the account database, Argon2) off the async threads.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}
