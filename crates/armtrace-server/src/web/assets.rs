//! The stylesheet, the small script and the icon, compiled into the binary: every asset
//! comes from armtrace itself, none from a CDN.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `/static/armtrace.css`
pub(crate) async fn css() -> Response {
    asset(
        include_str!("../../assets/armtrace.css"),
        "text/css; charset=utf-8",
    )
}

/// `/static/armtrace.js`
pub(crate) async fn js() -> Response {
    asset(
        include_str!("../../assets/armtrace.js"),
        "text/javascript; charset=utf-8",
    )
}

/// `/static/favicon.svg`
pub(crate) async fn favicon() -> Response {
    asset(include_str!("../../assets/favicon.svg"), "image/svg+xml")
}
