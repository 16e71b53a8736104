//! Logging in and out, the one-time setup link that creates the first administrator, and
//! the language menu.

use super::layout::{Answer, LANG_COOKIE, Page, field_error, notice};
use crate::error::blocking;
use armtrace_i18n::Lang;
use axum::Form;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

/// Only a path on this server is followed after logging in (no open redirect).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    // A path of this server: one leading '/', then only characters of a path and query
    // (no white space or control characters, which browsers drop from a Location, no
    // backslash, no second '/' that would make it another host).
    let ok = |n: &str| {
        n.starts_with('/')
            && !n[1..].starts_with(['/', '\\'])
            && n.len() <= 2048
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-._~?=&%#+:@!$'()*,;".contains(c))
    };
    match next {
        Some(n) if ok(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_server_are_followed_after_login() {
        for (given, expected) in [
            ("/weapons/1?x=2", "/weapons/1?x=2"),
            ("/", "/"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("/\t/evil.example", "/"),
            ("/\n/x", "/"),
            ("https://evil.example/", "/"),
            ("evil", "/"),
            ("/ok path", "/"),
            ("", "/"),
        ] {
            assert_eq!(safe_next(Some(given)), expected, "{given:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
    created: Option<String>,
}

fn login_page(
    page: &Page,
    next: &str,
    username: &str,
    error: Option<String>,
    info: Option<String>,
) -> Response {
    let title = page.t("login-title");
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    let body = html! {
        @if let Some(e) = &error { (notice("error", e)) }
        @if let Some(i) = &info { (notice("ok", i)) }
        form method="post" action="/login" class="card narrow" {
            input type="hidden" name="next" value=(next);
            input type="hidden" name="lang" value=(page.lang.code());
            div class="field" {
                label for="username" { (page.t("login-username")) }
                input id="username" name="username" type="text" autocomplete="username"
                    required autofocus value=(username);
            }
            div class="field" {
                label for="password" { (page.t("login-password")) }
                input id="password" name="password" type="password" autocomplete="current-password" required;
            }
            button type="submit" class="primary" { (page.t("login-submit")) }
        }
        p class="hint" { (page.t("login-help")) }
    };
    page.render_status(status, &title, body)
}

/// The login page.
pub(crate) async fn form(
    page: Page,
    axum::extract::Query(q): axum::extract::Query<LoginQuery>,
) -> Response {
    if page.user.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    let next = safe_next(q.next.as_deref());
    let created = q.created.is_some().then(|| page.t("login-created"));
    let mut r = login_page(&page, &next, "", None, created);
    remember_lang(&mut r, page.lang);
    r
}

fn remember_lang(r: &mut Response, lang: Lang) {
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Strict; Secure; Max-Age=31536000",
        lang.code()
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
    lang: Option<String>,
}

/// Checks the password and starts a session: the same accounts, back-off and lock-out as
/// the API's login.
pub(crate) async fn submit(mut page: Page, Form(f): Form<LoginForm>) -> Answer {
    let next = safe_next(f.next.as_deref());
    if let Some(l) = f.lang.as_deref().and_then(Lang::parse) {
        page.lang = l;
    }
    if !page.same_origin {
        return Err(page.csrf_refused());
    }
    let state = page.state.clone();
    let line = |outcome: &str| crate::access_log::NewAccess {
        actor: f.username.clone(),
        action: "login".into(),
        target: "web".into(),
        client: page.client.clone(),
        outcome: outcome.to_string(),
    };
    let log = |l: crate::access_log::NewAccess| {
        let s = state.clone();
        async move { blocking(move || Ok(s.log_access(&l).map(|_| ())?)).await }
    };
    if let Err(e) = state.logins().check(&f.username) {
        log(line(e.code.as_str()))
            .await
            .map_err(|e| page.failure(e))?;
        let wait = e.retry_after.unwrap_or(1);
        let message = page.ta("login-wait", &[("seconds", wait.to_string().into())]);
        return Ok(login_page(&page, &next, &f.username, Some(message), None));
    }
    let s = state.clone();
    let (u, p) = (f.username.clone(), f.password.clone());
    let checked = blocking(move || {
        let role = s.accounts().check_password(&u, &p)?;
        let info = match role {
            Some(_) => s.accounts().info(&u)?,
            None => None,
        };
        Ok((role, info))
    })
    .await
    .map_err(|e| page.failure(e))?;
    let config = state.config();
    let (Some(role), Some(info)) = checked else {
        let locked = state.logins().failed(
            &f.username,
            config.max_failed_logins,
            config.login_backoff,
            config.lockout,
        );
        log(line(if locked { "failed_locked" } else { "failed" }))
            .await
            .map_err(|e| page.failure(e))?;
        let message = page.t(if locked {
            "login-locked"
        } else {
            "login-failed"
        });
        return Ok(login_page(&page, &next, &f.username, Some(message), None));
    };
    state.logins().succeeded(&f.username);
    let lang = info
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(page.lang);
    let (id, _csrf) = state.sessions().start(&f.username, role, Some(lang));
    log(line("ok")).await.map_err(|e| page.failure(e))?;
    let mut r = Redirect::to(&next).into_response();
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        crate::auth::SESSION_COOKIE,
        config.absolute_timeout.as_secs()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    remember_lang(&mut r, lang);
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfOnly {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// Ends the session.
pub(crate) async fn logout(page: Page, Form(f): Form<CsrfOnly>) -> Answer {
    let Some(user) = &page.user else {
        return Ok(Redirect::to("/login").into_response());
    };
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    page.state.sessions().end(&user.key);
    page.log("logout", "web", "ok").await?;
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        crate::auth::SESSION_COOKIE
    )) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    lang: String,
    next: Option<String>,
}

/// Changes the language of the session and of the account.
pub(crate) async fn language(mut page: Page, Form(f): Form<LanguageForm>) -> Answer {
    let user = page.user()?.clone();
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    let Some(lang) = Lang::parse(&f.lang) else {
        return Err(page.failure(crate::ApiError::new(
            crate::ErrorCode::InvalidField,
            format!("'{}' is not one of ar, zh, en, fr, ru, es", f.lang),
        )));
    };
    page.lang = lang;
    page.state.sessions().set_lang(&user.key, lang);
    let s = page.state.clone();
    let name = user.username.clone();
    blocking(move || Ok(s.accounts().set_lang(&name, lang.code())?))
        .await
        .map_err(|e| page.failure(e))?;
    let mut r = Redirect::to(&safe_next(f.next.as_deref())).into_response();
    remember_lang(&mut r, lang);
    Ok(r)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SetupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

fn setup_page(page: &Page, token: &str, f: &SetupForm, errors: &[(&str, String)]) -> Response {
    let title = page.t("setup-title");
    let err = |field: &str| errors.iter().find(|(k, _)| *k == field).map(|(_, m)| m);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = html! {
        p { (page.t("setup-intro")) }
        form method="post" action={ "/setup/" (token) } class="card narrow" novalidate {
            div class="field" {
                label for="username" { (page.t("login-username")) }
                input id="username" name="username" type="text" required autocomplete="username"
                    value=(f.username) aria-invalid=[err("username").map(|_| "true")]
                    aria-describedby=[err("username").map(|_| "username-error")];
                (field_error("username", err("username")))
            }
            div class="field" {
                label for="password" { (page.t("setup-password")) }
                input id="password" name="password" type="password" required autocomplete="new-password"
                    aria-invalid=[err("password").map(|_| "true")]
                    aria-describedby=[err("password").map(|_| "password-error")];
                (field_error("password", err("password")))
            }
            div class="field" {
                label for="password_again" { (page.t("setup-password-again")) }
                input id="password_again" name="password_again" type="password" required autocomplete="new-password"
                    aria-invalid=[err("password_again").map(|_| "true")]
                    aria-describedby=[err("password_again").map(|_| "password_again-error")];
                (field_error("password_again", err("password_again")))
            }
            button type="submit" class="primary" { (page.t("setup-submit")) }
        }
    };
    page.render_status(status, &title, body)
}

/// The one-time setup page (only while there is no account, with the secret printed by
/// `armtrace serve`).
pub(crate) async fn setup_form(page: Page, Path(token): Path<String>) -> Answer {
    if !page.state.is_setup_token(&token) {
        return Err(page.not_found());
    }
    Ok(setup_page(&page, &token, &SetupForm::default(), &[]))
}

/// Creates the first administrator and uses the link up.
pub(crate) async fn setup_submit(
    page: Page,
    Path(token): Path<String>,
    Form(f): Form<SetupForm>,
) -> Answer {
    if !page.state.is_setup_token(&token) {
        return Err(page.not_found());
    }
    if !page.same_origin {
        return Err(page.csrf_refused());
    }
    if f.password != f.password_again {
        let e = vec![("password_again", page.t("setup-mismatch"))];
        return Ok(setup_page(&page, &token, &f, &e));
    }
    let s = page.state.clone();
    let (u, p, t) = (f.username.clone(), f.password.clone(), token.clone());
    let created = blocking(move || match s.create_first_admin(&t, &u, &p) {
        Ok(true) => Ok(Ok(())),
        Ok(false) => Ok(Err(("-", ""))),
        Err(e) => Ok(Err(super::layout::account_refusal(e)?)),
    })
    .await
    .map_err(|e| page.failure(e))?;
    if let Err(("-", _)) = created {
        return Err(page.not_found());
    }
    if let Err((field, id)) = created {
        let e = vec![(field, page.t(id))];
        return Ok(setup_page(&page, &token, &f, &e));
    }
    let line = crate::access_log::NewAccess {
        actor: f.username.clone(),
        action: "account.create".into(),
        target: format!("{} as administrator (setup link)", f.username),
        client: page.client.clone(),
        outcome: "ok".into(),
    };
    let s = page.state.clone();
    blocking(move || Ok(s.log_access(&line).map(|_| ())?))
        .await
        .map_err(|e| page.failure(e))?;
    Ok(Redirect::to("/login?created=1").into_response())
}
