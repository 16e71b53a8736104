//! The web application officers use every day: server-rendered HTML pages (maud, every
//! value escaped) in the six UN languages (`armtrace-i18n`), working without any
//! JavaScript build step; a small script served by armtrace itself only adds progress
//! refreshes and confirmation. Every asset comes from this binary: no CDN.
//!
//! Invariants:
//! - a page reads and changes the registry through the same code as the API
//!   ([`crate::recording`], [`crate::auth::MATRIX`], the access log), so the two cannot
//!   disagree about a rule or a permission;
//! - every state-changing form carries the session's CSRF token in a hidden field and is
//!   refused without it, or when its `Origin` is another site's;
//! - no user-facing string is written here: every word comes from the message catalog.

// A refusal is a rendered page (`Response`) carried in `Err` once per request; boxing it
// would buy nothing.
#![allow(clippy::result_large_err)]

mod admin;
mod assets;
mod dashboard;
mod import;
mod layout;
mod login;
mod register;
mod search;
mod traces;
mod weapon;

pub(crate) use import::ImportJobs;
pub(crate) use layout::Page;

use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The largest CSV file the import page takes (256 MiB).
pub const IMPORT_LIMIT: usize = 256 * 1024 * 1024;

/// The routes of the pages.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/setup/{token}",
            get(login::setup_form).post(login::setup_submit),
        )
        .route("/language", post(login::language))
        .route("/search", get(search::page))
        .route("/weapons/new", get(register::form).post(register::submit))
        .route("/weapons/{id}", get(weapon::page))
        .route(
            "/weapons/{id}/events/new",
            get(weapon::event_form).post(weapon::event_submit),
        )
        .route(
            "/import",
            get(import::form)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/import/{job}", get(import::status))
        .route("/import/{job}/rejected.csv", get(import::rejected_csv))
        .route("/traces", get(traces::list))
        .route(
            "/traces/new",
            get(traces::new_form).post(traces::new_submit),
        )
        .route("/traces/{id}", get(traces::case_page))
        .route("/traces/{id}/send", post(traces::send))
        .route("/traces/{id}/decision", post(traces::decide))
        .route("/traces/{id}/follow-up", post(traces::follow_up))
        .route("/holders", get(admin::holders))
        .route("/users", get(admin::users).post(admin::create_user))
        .route("/access-log", get(admin::access_log))
        .route(
            "/integrity",
            get(admin::integrity).post(admin::run_integrity),
        )
        .route("/static/armtrace.css", get(assets::css))
        .route("/static/armtrace.js", get(assets::js))
        .route("/static/favicon.svg", get(assets::favicon))
}

/// The page answered for a path that is no route (HTML for people, JSON under `/api/`).
pub(crate) async fn not_found(page: Page) -> axum::response::Response {
    page.not_found()
}
