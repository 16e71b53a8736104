//! Holders and agencies, users and roles, the access log, and the integrity check.

use super::layout::{Answer, Page, field_error, ltr, notice, urlencode};
use crate::auth::{Action, Role};
use crate::error::blocking;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{Holder, HolderId};
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;

/// Holders, as a tree of agencies and their units.
pub(crate) async fn holders(page: Page) -> Answer {
    page.allowed(Action::ReadHolders).await?;
    let s = page.state.clone();
    let (hs, held) = blocking(move || {
        let o = super::dashboard::overview(&s, &super::dashboard::chart_since())?;
        Ok((s.store().holders()?, o.by_holder.clone()))
    })
    .await
    .map_err(|e| page.failure(e))?;
    let held: HashMap<Option<HolderId>, u64> = held.into_iter().collect();
    let ids: std::collections::HashSet<HolderId> = hs.iter().map(|h| h.id).collect();
    let mut children: HashMap<Option<HolderId>, Vec<&Holder>> = HashMap::new();
    for h in &hs {
        let parent = h.parent.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(h);
    }
    fn rows(
        page: &Page,
        children: &HashMap<Option<HolderId>, Vec<&Holder>>,
        held: &HashMap<Option<HolderId>, u64>,
        parent: Option<HolderId>,
        depth: usize,
        out: &mut Vec<Markup>,
    ) {
        let Some(list) = children.get(&parent) else {
            return;
        };
        for h in list {
            out.push(html! {
                tr class={ "depth-" (depth.min(4)) } {
                    td class="code" { code { (ltr(&h.code)) } }
                    td { (h.name) }
                    td { (page.term("holder-kind", h.kind.name())) }
                    td { (h.country.map(|c| c.to_string()).unwrap_or_default()) }
                    td { (h.licence.clone().unwrap_or_default()) }
                    td class="num" { (page.num(held.get(&Some(h.id)).copied().unwrap_or(0))) }
                }
            });
            if depth < 16 {
                rows(page, children, held, Some(h.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    rows(&page, &children, &held, None, 0, &mut out);
    // A damaged store could hold a parent cycle: its holders are listed too, unindented.
    if out.len() < hs.len() {
        let mut shown = std::collections::HashSet::new();
        fn walk(
            children: &HashMap<Option<HolderId>, Vec<&Holder>>,
            at: Option<HolderId>,
            depth: usize,
            shown: &mut std::collections::HashSet<HolderId>,
        ) {
            for h in children.get(&at).into_iter().flatten() {
                if shown.insert(h.id) && depth < 16 {
                    walk(children, Some(h.id), depth + 1, shown);
                }
            }
        }
        walk(&children, None, 0, &mut shown);
        let rest: Vec<&Holder> = hs.iter().filter(|h| !shown.contains(&h.id)).collect();
        let flat: HashMap<Option<HolderId>, Vec<&Holder>> = [(None, rest)].into_iter().collect();
        rows(&page, &flat, &held, None, 0, &mut out);
    }
    let title = page.t("holders-title");
    let body = html! {
        p { (page.ta("holders-intro", &[("n", page.num(hs.len() as u64).into())])) }
        table class="list holders" {
            thead { tr {
                th scope="col" { (page.t("holders-code")) }
                th scope="col" { (page.t("holders-name")) }
                th scope="col" { (page.t("holders-kind")) }
                th scope="col" { (page.t("holders-country")) }
                th scope="col" { (page.t("holders-licence")) }
                th scope="col" class="num" { (page.t("holders-weapons")) }
            } }
            tbody { @for r in out { (r) } }
        }
    };
    Ok(page.render(&title, body))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewUser {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UsersQuery {
    created: Option<String>,
}

async fn users_page(
    page: &Page,
    f: &NewUser,
    errors: &[(&str, String)],
    created: Option<&str>,
) -> Answer {
    let user = page.user()?.clone();
    let s = page.state.clone();
    let (accounts, hs) = blocking(move || Ok((s.accounts().list()?, s.store().holders()?)))
        .await
        .map_err(|e| page.failure(e))?;
    let err = |k: &str| errors.iter().find(|(f, _)| *f == k).map(|(_, m)| m);
    let title = page.t("users-title");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let agencies: Vec<&Holder> = hs.iter().filter(|h| h.parent.is_none()).collect();
    let body = html! {
        @if let Some(name) = created { (notice("ok", &page.ta("users-created", &[("name", name.to_string().into())]))) }
        table class="list" {
            thead { tr {
                th scope="col" { (page.t("users-name")) }
                th scope="col" { (page.t("users-role")) }
                th scope="col" { (page.t("users-agency")) }
                th scope="col" { (page.t("users-language")) }
                th scope="col" { (page.t("users-created-at")) }
            } }
            tbody {
                @for a in &accounts {
                    tr {
                        td { (a.username) }
                        td { (page.term("role", a.role.name())) }
                        td { (a.agency.clone().unwrap_or_else(|| page.t("users-whole-registry"))) }
                        td { (a.lang.as_deref().and_then(armtrace_i18n::Lang::parse).map(|l| l.native_name()).unwrap_or("—")) }
                        td { (page.when(&a.created_at)) }
                    }
                }
            }
        }
        h2 { (page.t("users-new")) }
        @if !errors.is_empty() { (notice("error", &page.t("form-has-errors"))) }
        form method="post" action="/users" class="card narrow" novalidate {
            input type="hidden" name="_csrf" value=(user.csrf);
            div class={ "field" @if err("username").is_some() { " invalid" } } {
                label for="username" { (page.t("login-username")) }
                input id="username" name="username" type="text" value=(f.username) autocomplete="off"
                    aria-invalid=[err("username").map(|_| "true")] aria-describedby=[err("username").map(|_| "username-error")];
                (field_error("username", err("username")))
            }
            div class={ "field" @if err("role").is_some() { " invalid" } } {
                label for="role" { (page.t("users-role")) }
                select id="role" name="role" {
                    @for r in Role::ALL {
                        option value=(r.name()) selected[r.name() == f.role] { (page.term("role", r.name())) }
                    }
                }
                (field_error("role", err("role")))
            }
            div class={ "field" @if err("agency").is_some() { " invalid" } } {
                label for="agency" { (page.t("users-agency")) }
                select id="agency" name="agency" aria-describedby="agency-hint" {
                    option value="" { (page.t("users-whole-registry")) }
                    @for h in &agencies {
                        option value=(h.code) selected[h.code == f.agency] { (h.name) " (" (h.code) ")" }
                    }
                }
                p class="hint" id="agency-hint" { (page.t("users-agency-hint")) }
                (field_error("agency", err("agency")))
            }
            div class={ "field" @if err("password").is_some() { " invalid" } } {
                label for="password" { (page.t("setup-password")) }
                input id="password" name="password" type="password" autocomplete="new-password"
                    aria-invalid=[err("password").map(|_| "true")] aria-describedby=[err("password").map(|_| "password-error")];
                (field_error("password", err("password")))
            }
            div class={ "field" @if err("password_again").is_some() { " invalid" } } {
                label for="password_again" { (page.t("setup-password-again")) }
                input id="password_again" name="password_again" type="password" autocomplete="new-password"
                    aria-invalid=[err("password_again").map(|_| "true")] aria-describedby=[err("password_again").map(|_| "password_again-error")];
                (field_error("password_again", err("password_again")))
            }
            button type="submit" class="primary" { (page.t("users-submit")) }
        }
    };
    Ok(page.render_status(status, &title, body))
}

/// Accounts and the form that creates one (administrators).
pub(crate) async fn users(page: Page, Query(q): Query<UsersQuery>) -> Answer {
    page.allowed(Action::ManageAccounts).await?;
    users_page(&page, &NewUser::default(), &[], q.created.as_deref()).await
}

/// Creates an account.
pub(crate) async fn create_user(page: Page, Form(f): Form<NewUser>) -> Answer {
    let admin = page.allowed(Action::ManageAccounts).await?.clone();
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    let Some(role) = Role::parse(&f.role) else {
        return users_page(&page, &f, &[("role", page.t("users-bad-role"))], None).await;
    };
    if f.password != f.password_again {
        return users_page(
            &page,
            &f,
            &[("password_again", page.t("setup-mismatch"))],
            None,
        )
        .await;
    }
    let agency = Some(f.agency.trim().to_string()).filter(|a| !a.is_empty());
    let s = page.state.clone();
    let (u, p, a) = (f.username.clone(), f.password.clone(), agency.clone());
    let created = blocking(move || {
        if let Some(code) = &a
            && !s.store().holders()?.iter().any(|h| &h.code == code)
        {
            return Ok(Err(("agency", "users-bad-agency")));
        }
        match s.accounts().create_scoped(&u, role, &p, a.as_deref()) {
            Ok(()) => Ok(Ok(())),
            Err(e) => Ok(Err(super::layout::account_refusal(e)?)),
        }
    })
    .await
    .map_err(|e| page.failure(e))?;
    let target = format!(
        "{} as {}{}",
        f.username,
        role.name(),
        agency.map(|a| format!(" of {a}")).unwrap_or_default()
    );
    match created {
        Ok(()) => {
            page.log("account.create", &target, "ok").await?;
            let _ = admin;
            Ok(Redirect::to(&format!("/users?created={}", urlencode(&f.username))).into_response())
        }
        Err((field, id)) => {
            page.log("account.create", &target, "rejected").await?;
            users_page(&page, &f, &[(field, page.t(id))], None).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct LogQuery {
    #[serde(default)]
    q: String,
    before: Option<u64>,
}

/// Lines scanned at most for one page of a filtered access log.
const SCAN: u64 = 20_000;
/// Lines on a page.
const LINES: usize = 100;

/// The access log, newest first, searchable (auditors, administrators).
pub(crate) async fn access_log(page: Page, Query(q): Query<LogQuery>) -> Answer {
    page.allowed(Action::ReadAccessLog).await?;
    let filter = q.q.trim().to_lowercase();
    page.log("access_log.read", &format!("q={filter}"), "ok")
        .await?;
    let s = page.state.clone();
    let before = q.before;
    let f = filter.clone();
    let (lines, check, next) = blocking(move || {
        let check = crate::access_log::verify(s.store())?;
        let mut end = before.unwrap_or(check.head.0 + 1).min(check.head.0 + 1);
        let floor = end.saturating_sub(SCAN);
        let mut found = Vec::new();
        while end > 1 && end > floor && found.len() < LINES {
            let from = end.saturating_sub(500).max(1);
            let mut chunk = crate::access_log::read(s.store(), from - 1, (end - from) as usize)?;
            chunk.reverse();
            let mut full_at = None;
            for line in chunk {
                let a = &line.access;
                let hay = format!(
                    "{} {} {} {} {}",
                    a.actor, a.action, a.target, a.client, a.outcome
                )
                .to_lowercase();
                if f.is_empty() || hay.contains(&f) {
                    if found.len() == LINES {
                        // The page is full: the next one starts at this line.
                        full_at = Some(line.seq + 1);
                        break;
                    }
                    found.push(line);
                }
            }
            end = full_at.unwrap_or(from);
            if full_at.is_some() {
                break;
            }
        }
        let next = (end > 1).then_some(end);
        Ok((found, check, next))
    })
    .await
    .map_err(|e| page.failure(e))?;
    let title = page.t("log-title");
    let body = html! {
        @match &check.problem {
            None => (notice("ok", &page.ta("log-intact", &[("n", page.num(check.entries).into())]))),
            Some(p) => (notice("error", &page.ta("log-broken", &[("detail", p.clone().into())]))),
        }
        form method="get" action="/access-log" role="search" class="search" {
            label for="q" { (page.t("log-filter")) }
            div class="row" {
                input id="q" name="q" type="search" value=(q.q) dir="auto";
                button type="submit" { (page.t("log-filter-submit")) }
            }
        }
        table class="list log" {
            thead { tr {
                th scope="col" { "#" }
                th scope="col" { (page.t("log-at")) }
                th scope="col" { (page.t("log-who")) }
                th scope="col" { (page.t("log-action")) }
                th scope="col" { (page.t("log-target")) }
                th scope="col" { (page.t("log-client")) }
                th scope="col" { (page.t("log-outcome")) }
            } }
            tbody {
                @for l in &lines {
                    tr {
                        td class="num" { (l.seq) }
                        td { (page.when(&l.at)) }
                        td { (l.access.actor) }
                        td { code { (l.access.action) } }
                        td { bdi { (l.access.target) } }
                        td { (ltr(&l.access.client)) }
                        td { (l.access.outcome) }
                    }
                }
            }
        }
        @if let Some(n) = next {
            nav class="pages" aria-label=(page.t("pages")) {
                a href={ "/access-log?q=" (urlencode(&filter)) "&before=" (n) } { (page.t("page-older")) }
            }
        }
    };
    Ok(page.render(&title, body))
}

fn integrity_page(page: &Page, result: Option<Markup>) -> Result<Response, Response> {
    let user = page.user()?;
    let title = page.t("integrity-title");
    let body = html! {
        p { (page.t("integrity-intro")) }
        form method="post" action="/integrity" class="inline" {
            input type="hidden" name="_csrf" value=(user.csrf);
            button type="submit" class="primary" { (page.t("integrity-run")) }
        }
        @if let Some(r) = result { (r) }
    };
    Ok(page.render(&title, body))
}

/// The integrity check page.
pub(crate) async fn integrity(page: Page) -> Answer {
    page.allowed(Action::Verify).await?;
    integrity_page(&page, None)
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// Walks the ledger and the access log and derives every projection again.
pub(crate) async fn run_integrity(page: Page, Form(f): Form<CsrfForm>) -> Answer {
    page.allowed(Action::Verify).await?;
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    let s = page.state.clone();
    let started = std::time::Instant::now();
    let (report, log) = blocking(move || {
        Ok((
            s.store().verify(&mut |_| {})?,
            crate::access_log::verify(s.store())?,
        ))
    })
    .await
    .map_err(|e| page.failure(e))?;
    let intact = report.is_intact() && log.problem.is_none();
    page.log(
        "verify",
        "ledger",
        if intact { "intact" } else { "not_intact" },
    )
    .await?;
    let out = crate::api::verify(&report);
    let result = html! {
        @if intact {
            (notice("ok", &page.t("integrity-intact")))
        } @else {
            (notice("error", &page.t("integrity-broken")))
        }
        dl class="facts" {
            dt { (page.t("integrity-entries")) } dd { (page.num(out.entries)) }
            dt { (page.t("integrity-weapons")) } dd { (page.num(out.weapons)) }
            dt { (page.t("integrity-holders")) } dd { (page.num(out.holders)) }
            dt { (page.t("integrity-log")) } dd { (page.num(log.entries)) }
            dt { (page.t("integrity-head")) } dd { code class="hash" { (ltr(&out.head_hash)) } " (#" (out.head_seq) ")" }
            dt { (page.t("integrity-seconds")) } dd { (format!("{:.1}", started.elapsed().as_secs_f64())) }
        }
        @if !out.problems.is_empty() || log.problem.is_some() {
            h2 { (page.t("integrity-problems")) }
            ul { @for p in &out.problems { li { (p) } } @if let Some(p) = &log.problem { li { (p) } } }
        }
        p class="hint" { (page.t("integrity-head-hint")) }
    };
    integrity_page(&page, Some(result))
}
