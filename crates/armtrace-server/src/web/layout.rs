//! What every page shares: who is asking and in which language ([`Page`]), the frame
//! around every page (landmarks, navigation by role, language menu), and the error pages.

use crate::AppState;
use crate::auth::{self, Action, Caller, Role, Via};
use crate::error::ApiError;
use armtrace_i18n::{Arg, Lang};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The cookie that keeps the language chosen before logging in.
pub(crate) const LANG_COOKIE: &str = "armtrace_lang";

/// A logged-in person, from the browser session.
#[derive(Debug, Clone)]
pub(crate) struct WebUser {
    pub username: String,
    pub role: Role,
    pub csrf: String,
    /// The agency (holder code) the account is scoped to.
    pub agency: Option<String>,
    /// The session's key (hash of its id).
    pub key: String,
}

/// Everything a page handler knows about the request before its own parameters.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub state: AppState,
    pub lang: Lang,
    pub user: Option<WebUser>,
    pub client: String,
    /// Path and query of the request, for a return after logging in.
    pub path: String,
    /// The request's `Origin` (or `Referer`) is this server, or absent.
    pub same_origin: bool,
}

/// Whether a browser's `Origin` (or, without one, `Referer`) names this host.
fn same_origin(parts: &Parts) -> bool {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let from = parts
        .headers
        .get(header::ORIGIN)
        .or_else(|| parts.headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match from {
        None => true,
        Some("null") => false,
        Some(url) => {
            let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
            let authority = rest.split('/').next().unwrap_or("");
            !host.is_empty() && authority.eq_ignore_ascii_case(host)
        }
    }
}

fn query_lang(parts: &Parts) -> Option<Lang> {
    parts.uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .and_then(Lang::parse)
    })
}

impl FromRequestParts<AppState> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let config = state.config();
        let session = auth::session_cookie(parts).and_then(|id| {
            let key = crate::accounts::digest(&id);
            state
                .sessions()
                .get(&key, config.idle_timeout, config.absolute_timeout)
                .map(|s| (key, s))
        });
        let accepted = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(armtrace_i18n::negotiate);
        let lang = query_lang(parts)
            .or_else(|| session.as_ref().and_then(|(_, s)| s.lang))
            .or_else(|| auth::cookie(parts, LANG_COOKIE).and_then(|c| Lang::parse(&c)))
            .or(accepted)
            .unwrap_or(Lang::En);
        // The agency is read from the account on every request, as the API does: a
        // session started elsewhere (the API's login) or before a change of scope cannot
        // widen what an officer may change.
        let user = match session {
            None => None,
            Some((key, s)) => {
                let st = state.clone();
                let name = s.username.clone();
                let info = crate::error::blocking(move || Ok(st.accounts().info(&name)?)).await;
                match info {
                    Ok(Some(info)) => Some(WebUser {
                        username: s.username,
                        role: info.role,
                        csrf: s.csrf,
                        agency: info.agency,
                        key,
                    }),
                    // The account is gone, or its database cannot be read: not logged in.
                    _ => None,
                }
            }
        };
        Ok(Page {
            state: state.clone(),
            lang,
            user,
            client: auth::client_of(parts),
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            same_origin: same_origin(parts),
        })
    }
}

/// What a page handler answers: a page, or a page of its own for a refusal or failure.
pub(crate) type Answer = Result<Response, Response>;

impl Page {
    /// Message `id`.
    pub fn t(&self, id: &str) -> String {
        armtrace_i18n::t(self.lang, id, &[])
    }

    /// Message `id` with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, Arg)]) -> String {
        armtrace_i18n::t(self.lang, id, args)
    }

    /// A number as this language groups digits.
    pub fn num(&self, n: u64) -> String {
        armtrace_i18n::number(self.lang, n)
    }

    /// The name of a vocabulary value (`status-seized`, `category-pistol_revolver`…),
    /// or the value itself when there is none.
    pub fn term(&self, vocabulary: &str, value: &str) -> String {
        let id = format!("{vocabulary}-{value}");
        if armtrace_i18n::Catalog::global().has(Lang::En, &id) {
            self.t(&id)
        } else {
            value.to_string()
        }
    }

    /// A date or date-time as stored (`YYYY-MM-DD` or RFC 3339), as this language
    /// writes it; the text itself when it is neither.
    pub fn when(&self, text: &str) -> String {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return armtrace_i18n::date(self.lang, d);
        }
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
            return armtrace_i18n::date_time(self.lang, t.with_timezone(&chrono::Utc));
        }
        text.to_string()
    }

    /// The logged-in person, or a redirect to the login page that comes back here.
    pub fn user(&self) -> Result<&WebUser, Response> {
        self.user.as_ref().ok_or_else(|| {
            let next = urlencode(&self.path);
            Redirect::to(&format!("/login?next={next}")).into_response()
        })
    }

    /// The caller as the access log and the authorization matrix know it.
    pub fn caller(&self, user: &WebUser) -> Caller {
        Caller {
            username: user.username.clone(),
            role: user.role,
            via: Via::Session(user.key.clone()),
            client: self.client.clone(),
        }
    }

    /// The logged-in person when their role may do `action`; otherwise a login redirect
    /// or a "not allowed" page (the refusal is logged).
    pub async fn allowed(&self, action: Action) -> Result<&WebUser, Response> {
        let user = self.user()?;
        match auth::guard(&self.state, &self.caller(user), action).await {
            Ok(()) => Ok(user),
            Err(e) if e.code == crate::ErrorCode::Forbidden => Err(self.forbidden()),
            Err(e) => Err(self.failure(e)),
        }
    }

    /// Whether a submitted form is this session's own: same origin and the session's
    /// CSRF token.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        self.same_origin
            && self
                .user
                .as_ref()
                .is_some_and(|u| auth::same_secret(sent, &u.csrf))
    }

    /// Writes a line to the access log.
    pub async fn log(&self, action: &str, target: &str, outcome: &str) -> Result<(), Response> {
        let Some(user) = &self.user else {
            return Ok(());
        };
        let line = self.caller(user).access(action, target, outcome);
        let s = self.state.clone();
        crate::error::blocking(move || Ok(s.log_access(&line).map(|_| ())?))
            .await
            .map_err(|e| self.failure(e))
    }

    /// A page (200).
    pub fn render(&self, title: &str, body: Markup) -> Response {
        self.render_status(StatusCode::OK, title, body)
    }

    /// A page with a status of its own (a form with errors is 422).
    pub fn render_status(&self, status: StatusCode, title: &str, body: Markup) -> Response {
        let page = self.frame(title, body);
        let mut r = (status, page).into_response();
        let headers = r.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }

    /// The "not found" page (404).
    pub fn not_found(&self) -> Response {
        let title = self.t("error-not-found-title");
        let body = html! { p { (self.t("error-not-found")) } p { a href="/" { (self.t("nav-dashboard")) } } };
        self.render_status(StatusCode::NOT_FOUND, &title, body)
    }

    /// The "not allowed" page (403).
    pub fn forbidden(&self) -> Response {
        let title = self.t("error-forbidden-title");
        let role = self
            .user
            .as_ref()
            .map(|u| self.term("role", u.role.name()))
            .unwrap_or_default();
        let body = html! {
            p role="alert" { (self.ta("error-forbidden", &[("role", role.into())])) }
            p { a href="/" { (self.t("nav-dashboard")) } }
        };
        self.render_status(StatusCode::FORBIDDEN, &title, body)
    }

    /// The page for a form sent without this session's token (403).
    pub fn csrf_refused(&self) -> Response {
        let title = self.t("error-csrf-title");
        let body = html! { p role="alert" { (self.t("error-csrf")) } p { a href="/" { (self.t("nav-dashboard")) } } };
        self.render_status(StatusCode::FORBIDDEN, &title, body)
    }

    /// The page for a failure of the server (500): nothing was changed.
    pub fn failure(&self, e: ApiError) -> Response {
        if e.code.status().is_client_error() {
            let title = self.t("error-request-title");
            let body = html! { p role="alert" { (e.message) } };
            return self.render_status(e.code.status(), &title, body);
        }
        tracing::error!(error = %e.message, "page failed");
        let title = self.t("error-internal-title");
        let body = html! { p role="alert" { (self.t("error-internal")) } };
        self.render_status(StatusCode::INTERNAL_SERVER_ERROR, &title, body)
    }

    fn nav(&self) -> Vec<(&'static str, &'static str, Action)> {
        vec![
            ("/", "nav-dashboard", Action::ReadStats),
            ("/search", "nav-search", Action::Search),
            ("/weapons/new", "nav-register", Action::RegisterWeapon),
            ("/import", "nav-import", Action::Import),
            ("/traces", "nav-traces", Action::ReadTraces),
            ("/holders", "nav-holders", Action::ReadHolders),
            ("/users", "nav-users", Action::ManageAccounts),
            ("/access-log", "nav-access-log", Action::ReadAccessLog),
            ("/integrity", "nav-integrity", Action::Verify),
        ]
    }

    fn current(&self, href: &str) -> bool {
        let path = self.path.split('?').next().unwrap_or("");
        if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        }
    }

    fn frame(&self, title: &str, body: Markup) -> Markup {
        let lang = self.lang;
        html! {
            (DOCTYPE)
            html lang=(lang.code()) dir=(lang.dir()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — armtrace" }
                    link rel="stylesheet" href="/static/armtrace.css";
                    link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                    script src="/static/armtrace.js" defer {}
                }
                body {
                    a class="skip" href="#main" { (self.t("skip-to-content")) }
                    header class="top" {
                        a class="brand" href="/" { "armtrace" }
                        @if let Some(user) = &self.user {
                            nav aria-label=(self.t("nav-label")) {
                                ul {
                                    @for (href, id, action) in self.nav() {
                                        @if auth::allows(user.role, action) {
                                            li {
                                                a href=(href) aria-current=[self.current(href).then_some("page")] { (self.t(id)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        div class="tools" {
                            (self.language_menu())
                            @if let Some(user) = &self.user {
                                span class="who" {
                                    (user.username) " · " (self.term("role", user.role.name()))
                                    @if let Some(a) = &user.agency { " · " (a) }
                                }
                                form method="post" action="/logout" class="inline" {
                                    input type="hidden" name="_csrf" value=(user.csrf);
                                    button type="submit" class="link" { (self.t("logout")) }
                                }
                            }
                        }
                    }
                    main id="main" tabindex="-1" {
                        h1 { (title) }
                        (body)
                    }
                    footer {
                        p { (self.t("footer")) }
                    }
                }
            }
        }
    }

    fn language_menu(&self) -> Markup {
        let next = self.path.clone();
        match &self.user {
            Some(user) => html! {
                form method="post" action="/language" class="inline lang" {
                    input type="hidden" name="_csrf" value=(user.csrf);
                    input type="hidden" name="next" value=(next);
                    label for="lang-select" { (self.t("language")) }
                    select id="lang-select" name="lang" {
                        @for l in Lang::ALL {
                            option value=(l.code()) lang=(l.code()) selected[l == self.lang] { (l.native_name()) }
                        }
                    }
                    button type="submit" { (self.t("language-change")) }
                }
            },
            None => {
                let base = self.path.split('?').next().unwrap_or("/").to_string();
                html! {
                    nav class="lang" aria-label=(self.t("language")) {
                        ul {
                            @for l in Lang::ALL {
                                li { a href={ (base) "?lang=" (l.code()) } lang=(l.code()) hreflang=(l.code())
                                    aria-current=[(l == self.lang).then_some("true")] { (l.native_name()) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Percent-encodes a value for a query string (RFC 3986 unreserved characters kept).
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A field's error message under its input, linked by `aria-describedby`.
pub(crate) fn field_error(id: &str, message: Option<&String>) -> Markup {
    html! {
        @if let Some(m) = message {
            p class="field-error" id={ (id) "-error" } { (m) }
        }
    }
}

/// The form field and message id of an account refusal (name taken, weak password…);
/// other failures stay errors.
pub(crate) fn account_refusal(
    e: crate::accounts::AccountError,
) -> Result<(&'static str, &'static str), crate::accounts::AccountError> {
    use crate::accounts::AccountError as E;
    match e {
        E::InvalidName => Ok(("username", "account-invalid-name")),
        E::WeakPassword => Ok(("password", "account-weak-password")),
        E::Exists(_) => Ok(("username", "account-exists")),
        e => Err(e),
    }
}

/// A message box: `kind` is `ok`, `warn` or `error`.
pub(crate) fn notice(kind: &str, text: &str) -> Markup {
    let role = if kind == "error" { "alert" } else { "status" };
    html! { div class={ "notice " (kind) } role=(role) { (text) } }
}

/// Text marked as left-to-right inside any page (serials, hashes, ids), so that a
/// right-to-left page keeps their character order.
pub(crate) fn ltr(text: &str) -> Markup {
    html! { bdi dir="ltr" { (text) } }
}

/// Raw markup built by this module (an SVG chart); never input.
pub(crate) fn trusted(markup: String) -> PreEscaped<String> {
    PreEscaped(markup)
}
