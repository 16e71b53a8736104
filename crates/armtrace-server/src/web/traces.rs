//! The tracing pages (`001_457efa9667c1123e.txt` ITI plan A.3–6): the trace cases a
//! point of contact or an investigator may see; the form that opens a request, from a
//! weapon record or from markings alone, with everything the Instrument asks; and a
//! case's page — the request, the domestic trace and whom to ask, the answers received
//! with the conditions their sender set, the weapon's supply chain, every step — with
//! the point of contact's forms: send, decide on a drafted answer, follow up.
//!
//! Confidentiality is the API's ([`crate::traces::may_see`]): a case nobody may see is
//! "not found", and every view is written to the access log.

use super::layout::{Answer, Page, WebUser, field_error, ltr, notice};
use crate::auth::{self, Action};
use crate::error::{ApiError, ErrorCode, blocking};
use crate::traces::{may_see, name, node_of};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{Category, MarkingKind, MarkingPlace, WeaponId};
use armtrace_exchange::{
    MAX_MARKINGS, NodeId, TraceAnswerBody, TraceFindings, TraceRequestBody, TracedWeapon,
};
use armtrace_node::trace::{self as tr, Decision, Direction, TraceCase, TraceStatus};
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Messages beside fields: (field name, message).
type FieldErrors = Vec<(String, String)>;

/// The marking rows the form shows at least.
const MIN_MARKING_ROWS: usize = 3;

/// Days given to answer a routine request by default.
const DEFAULT_ANSWER_DAYS: i64 = 30;

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

fn node_label(page: &Page, node: &Option<NodeId>) -> String {
    match node {
        Some(n) => n.to_string(),
        None => page.t("trace-no-peer"),
    }
}

// ---------------------------------------------------------------------------------
// The list of cases

/// The trace cases the person may see, newest first. Logged.
pub(crate) async fn list(page: Page) -> Answer {
    let user = page.allowed(Action::ReadTraces).await?.clone();
    let caller = page.caller(&user);
    let s = page.state.clone();
    let cases = blocking(move || Ok(tr::list(s.store())?))
        .await
        .map_err(|e| page.failure(e))?;
    let visible: Vec<&TraceCase> = cases.iter().filter(|c| may_see(&caller, c)).collect();
    page.log("trace.list", &format!("{} cases", visible.len()), "ok")
        .await?;
    let title = page.t("traces-title");
    let body = html! {
        p class="hint" { (page.t("traces-intro")) }
        @if page.state.node().is_none() { (notice("warn", &page.t("traces-no-node"))) }
        @if auth::allows(user.role, Action::OpenTrace) {
            p { a class="button primary" href="/traces/new" { (page.t("trace-new-title")) } }
        }
        @if visible.is_empty() {
            p { (page.t("traces-none")) }
        } @else {
            table class="list traces" {
                thead { tr {
                    th scope="col" { (page.t("traces-reference")) }
                    th scope="col" { (page.t("traces-direction")) }
                    th scope="col" { (page.t("traces-peer")) }
                    th scope="col" { (page.t("traces-weapon")) }
                    th scope="col" { (page.t("traces-status")) }
                    th scope="col" { (page.t("traces-answer-by")) }
                } }
                tbody {
                    @for c in &visible {
                        tr {
                            td { a href={ "/traces/" (c.id) } { (ltr(&c.request.reference)) } }
                            td { (page.term("trace-direction", &name(&c.direction))) }
                            td { (node_label(&page, &c.peer)) }
                            td { (weapon_summary(&c.request.weapon)) }
                            td { (status_badge(&page, c)) }
                            td { (page.when(&c.request.answer_by.to_string())) }
                        }
                    }
                }
            }
        }
    };
    Ok(page.render(&title, body))
}

fn weapon_summary(w: &TracedWeapon) -> Markup {
    let words: Vec<&str> = [&w.make, &w.model]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    let serial = w
        .serial
        .clone()
        .or_else(|| w.markings.first().map(|m| m.text.clone()))
        .unwrap_or_default();
    html! { (words.join(" ")) " " span class="serial" { (ltr(&serial)) } }
}

fn status_badge(page: &Page, c: &TraceCase) -> Markup {
    html! {
        span class={ "trace-status " (name(&c.status)) } { (page.term("trace-status", &name(&c.status))) }
        @if c.overdue { " " strong class="overdue" { (page.t("traces-overdue")) } }
    }
}

// ---------------------------------------------------------------------------------
// Opening a request

/// The text fields of the request form: the request member it fills, its label, its
/// hint, whether it is required, and whether it is a long text.
struct Field {
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    required: bool,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Long,
    Date,
    Year,
    Country,
}

const fn field(
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    required: bool,
    kind: Kind,
) -> Field {
    Field {
        name,
        label,
        hint,
        required,
        kind,
    }
}

const CASE_FIELDS: &[Field] = &[
    field(
        "reference",
        "trace-field-reference",
        Some("trace-field-reference-hint"),
        true,
        Kind::Text,
    ),
    field(
        "requesting_authority",
        "trace-field-authority",
        None,
        true,
        Kind::Text,
    ),
    field(
        "illicit_nature",
        "trace-field-illicit",
        Some("trace-field-illicit-hint"),
        true,
        Kind::Long,
    ),
    field(
        "legal_basis",
        "trace-field-legal-basis",
        Some("trace-field-legal-basis-hint"),
        true,
        Kind::Long,
    ),
];

const WEAPON_FIELDS: &[Field] = &[
    field("weapon.make", "trace-field-make", None, false, Kind::Text),
    field("weapon.model", "trace-field-model", None, false, Kind::Text),
    field(
        "weapon.calibre",
        "trace-field-calibre",
        None,
        false,
        Kind::Text,
    ),
    field(
        "weapon.serial",
        "trace-field-serial",
        Some("trace-field-serial-hint"),
        false,
        Kind::Text,
    ),
    field(
        "weapon.country_of_manufacture",
        "trace-field-country",
        Some("trace-field-country-hint"),
        false,
        Kind::Country,
    ),
    field(
        "weapon.year_of_manufacture",
        "trace-field-year",
        None,
        false,
        Kind::Year,
    ),
];

const FOUND_FIELDS: &[Field] = &[
    field(
        "circumstances.date",
        "trace-field-date",
        None,
        true,
        Kind::Date,
    ),
    field(
        "circumstances.place",
        "trace-field-place",
        None,
        true,
        Kind::Text,
    ),
    field(
        "circumstances.description",
        "trace-field-description",
        None,
        false,
        Kind::Long,
    ),
];

const USE_FIELDS: &[Field] = &[
    field(
        "intended_use",
        "trace-field-use",
        Some("trace-field-use-hint"),
        true,
        Kind::Long,
    ),
    field(
        "confidentiality",
        "trace-field-confidentiality",
        Some("trace-field-confidentiality-hint"),
        true,
        Kind::Long,
    ),
    field(
        "answer_by",
        "trace-field-answer-by",
        Some("trace-field-answer-by-hint"),
        true,
        Kind::Date,
    ),
];

/// The members of a marking row, after `weapon.markings[i].`.
const MARKING_MEMBERS: &[&str] = &["kind", "text", "place", "country", "year"];

/// What the request form sent (or what it is filled with), by field name.
#[derive(Debug, Default, Clone)]
struct RequestForm {
    values: HashMap<String, String>,
}

impl RequestForm {
    fn get(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    fn trimmed(&self, name: &str) -> &str {
        self.get(name).trim()
    }

    fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    fn marking(i: usize, member: &str) -> String {
        format!("weapon.markings[{i}].{member}")
    }

    /// How many marking rows the form has (filled ones, then room for more).
    fn marking_rows(&self) -> usize {
        let filled = (0..MAX_MARKINGS)
            .rev()
            .find(|i| {
                MARKING_MEMBERS
                    .iter()
                    .filter(|m| **m != "kind" && **m != "place")
                    .any(|m| !self.trimmed(&Self::marking(*i, m)).is_empty())
            })
            .map(|i| i + 1)
            .unwrap_or(0);
        (filled + 1).clamp(MIN_MARKING_ROWS, MAX_MARKINGS)
    }

    /// The form filled from a weapon of the registry.
    fn from_weapon(w: &TracedWeapon) -> RequestForm {
        let mut f = RequestForm::default();
        let put = |f: &mut RequestForm, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                f.set(name, v.clone());
            }
        };
        put(&mut f, "weapon.category", &w.category);
        put(&mut f, "weapon.make", &w.make);
        put(&mut f, "weapon.model", &w.model);
        put(&mut f, "weapon.calibre", &w.calibre);
        put(&mut f, "weapon.serial", &w.serial);
        if let Some(c) = w.country_of_manufacture {
            f.set("weapon.country_of_manufacture", c.to_string());
        }
        if let Some(y) = w.year_of_manufacture {
            f.set("weapon.year_of_manufacture", y.to_string());
        }
        for (i, m) in w.markings.iter().enumerate().take(MAX_MARKINGS) {
            f.set(Self::marking(i, "kind"), m.kind.clone());
            f.set(Self::marking(i, "text"), m.text.clone());
            put(&mut f, &Self::marking(i, "place"), &m.place);
            if let Some(c) = m.country {
                f.set(Self::marking(i, "country"), c.to_string());
            }
            if let Some(y) = m.year {
                f.set(Self::marking(i, "year"), y.to_string());
            }
        }
        f
    }

    /// The request as JSON (the body of `docs/exchange.md` §11.1) with the form's own
    /// checks, in the person's language: every field that needs correcting, at once.
    /// Row numbers of the markings are the form's; the JSON lists the filled rows only,
    /// and `rows[j]` is the form row of JSON marking `j`.
    fn to_json(&self, page: &Page) -> (Map<String, Value>, Vec<usize>, FieldErrors) {
        let mut errors: FieldErrors = Vec::new();
        let mut body = Map::new();
        let mut weapon = Map::new();
        let mut circumstances = Map::new();
        let all = CASE_FIELDS
            .iter()
            .chain(WEAPON_FIELDS)
            .chain(FOUND_FIELDS)
            .chain(USE_FIELDS);
        for f in all {
            let v = self.trimmed(f.name);
            if v.is_empty() {
                if f.required {
                    errors.push((f.name.into(), page.t("trace-error-required")));
                }
                // Texts the body requires even when empty.
                if f.name == "circumstances.description" {
                    circumstances.insert("description".into(), Value::String(String::new()));
                }
                continue;
            }
            let value = match f.kind {
                Kind::Text | Kind::Long => Value::String(v.to_string()),
                Kind::Country => Value::String(v.to_ascii_uppercase()),
                Kind::Date => {
                    if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
                        errors.push((f.name.into(), page.t("trace-error-date")));
                        continue;
                    }
                    Value::String(v.to_string())
                }
                Kind::Year => match year(v) {
                    Some(y) => Value::from(y),
                    None => {
                        errors.push((f.name.into(), page.t("trace-error-year")));
                        continue;
                    }
                },
            };
            match f.name.split_once('.') {
                Some(("weapon", m)) => weapon.insert(m.into(), value),
                Some(("circumstances", m)) => circumstances.insert(m.into(), value),
                _ => body.insert(f.name.into(), value),
            };
        }
        let category = self.trimmed("weapon.category");
        if !category.is_empty() {
            weapon.insert("category".into(), Value::String(category.into()));
        }
        let mut markings = Vec::new();
        let mut rows = Vec::new();
        for i in 0..self.marking_rows() {
            let text = self.trimmed(&Self::marking(i, "text"));
            let country = self.trimmed(&Self::marking(i, "country"));
            let year_text = self.trimmed(&Self::marking(i, "year"));
            if text.is_empty() {
                if !country.is_empty() || !year_text.is_empty() {
                    errors.push((Self::marking(i, "text"), page.t("trace-error-marking-text")));
                }
                continue;
            }
            let mut m = Map::new();
            let kind = self.trimmed(&Self::marking(i, "kind"));
            let kind = if kind.is_empty() { "other" } else { kind };
            m.insert("kind".into(), Value::String(kind.into()));
            m.insert("text".into(), Value::String(text.into()));
            let place = self.trimmed(&Self::marking(i, "place"));
            if !place.is_empty() {
                m.insert("place".into(), Value::String(place.into()));
            }
            if !country.is_empty() {
                m.insert(
                    "country".into(),
                    Value::String(country.to_ascii_uppercase()),
                );
            }
            if !year_text.is_empty() {
                match year(year_text) {
                    Some(y) => {
                        m.insert("year".into(), Value::from(y));
                    }
                    None => errors.push((Self::marking(i, "year"), page.t("trace-error-year"))),
                }
            }
            markings.push(Value::Object(m));
            rows.push(i);
        }
        if self.trimmed("weapon.serial").is_empty() && markings.is_empty() {
            errors.push(("weapon.serial".into(), page.t("trace-error-identify")));
        }
        // An empty list is left out (`docs/exchange.md` §11).
        if !markings.is_empty() {
            weapon.insert("markings".into(), Value::Array(markings));
        }
        let urgency = match self.trimmed("urgency") {
            "urgent" => "urgent",
            _ => "routine",
        };
        body.insert("urgency".into(), Value::String(urgency.into()));
        body.insert("weapon".into(), Value::Object(weapon));
        body.insert("circumstances".into(), Value::Object(circumstances));
        (body, rows, errors)
    }
}

fn year(text: &str) -> Option<i32> {
    (text.len() == 4)
        .then(|| text.parse::<i32>().ok())
        .flatten()
}

/// The form field of a member named by the exchange's rules (`weapon.markings[0].text`
/// of the JSON is row `rows[0]` of the form).
fn form_field(field: &str, rows: &[usize]) -> String {
    if field == "weapon" || field == "weapon.markings" {
        return "weapon.serial".into();
    }
    if let Some(rest) = field.strip_prefix("weapon.markings[")
        && let Some((n, member)) = rest.split_once("].")
        && let Ok(j) = n.parse::<usize>()
        && let Some(i) = rows.get(j)
    {
        return RequestForm::marking(*i, member);
    }
    if field.starts_with("circumstances") && !field.contains('.') {
        return "circumstances.place".into();
    }
    field.to_string()
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewQuery {
    weapon: Option<String>,
}

/// The form that opens a trace request; `?weapon=ID` fills it from a weapon record.
/// Logged when it shows a weapon's record.
pub(crate) async fn new_form(page: Page, Query(q): Query<NewQuery>) -> Answer {
    let user = page.allowed(Action::OpenTrace).await?.clone();
    let mut f = RequestForm::default();
    let mut from = None;
    if let Some(text) = q.weapon.as_deref().filter(|t| !t.is_empty()) {
        let id: WeaponId = text.parse().map_err(|_| page.not_found())?;
        let s = page.state.clone();
        let row = blocking(move || Ok(s.store().weapon(id)?))
            .await
            .map_err(|e| page.failure(e))?;
        page.log(
            "weapon.read",
            &id.to_string(),
            if row.is_some() { "ok" } else { "not_found" },
        )
        .await?;
        let row = row.ok_or_else(|| page.not_found())?;
        f = RequestForm::from_weapon(&armtrace_node::draft::traced(&row));
        f.set("weapon", id.to_string());
        from = Some(row.description.serial.clone());
    }
    if let Some(node) = page.state.node() {
        f.set("requesting_authority", node.config().office.clone());
    }
    f.set("confidentiality", page.t("trace-default-confidentiality"));
    let by = chrono::Utc::now().date_naive() + chrono::Duration::days(DEFAULT_ANSWER_DAYS);
    f.set("answer_by", by.format("%Y-%m-%d").to_string());
    Ok(request_page(&page, &user, &f, from.as_deref(), &[], None))
}

/// Opens the case (the domestic trace runs first), or shows the form again with a
/// message beside each field.
pub(crate) async fn new_submit(page: Page, Form(sent): Form<Vec<(String, String)>>) -> Answer {
    let user = page.allowed(Action::OpenTrace).await?.clone();
    let mut f = RequestForm::default();
    let mut csrf = String::new();
    for (k, v) in sent {
        if k == "_csrf" {
            csrf = v;
        } else {
            f.set(k, v);
        }
    }
    if !page.csrf_ok(&csrf) {
        return Err(page.csrf_refused());
    }
    let from = f.trimmed("weapon").to_string();
    let weapon = if from.is_empty() {
        None
    } else {
        Some(from.parse::<WeaponId>().map_err(|_| page.not_found())?)
    };
    let (json, rows, errors) = f.to_json(&page);
    let request = if errors.is_empty() {
        TraceRequestBody::from_body(&json)
            .map_err(|e| vec![(form_field(&e.field, &rows), e.reason)])
    } else {
        Err(errors)
    };
    let request = match request {
        Ok(r) => r,
        Err(errors) => {
            page.log("trace.open", "-", "invalid_field").await?;
            return Ok(request_page(&page, &user, &f, None, &errors, None));
        }
    };
    let s = page.state.clone();
    let by = user.username.clone();
    let opened = blocking(move || {
        if let Some(w) = weapon
            && s.store().weapon(w)?.is_none()
        {
            return Err(ApiError::new(
                ErrorCode::WeaponNotFound,
                format!("no weapon {w}"),
            ));
        }
        Ok(tr::open_searching(
            s.store(),
            Some(s.index()),
            tr::Opening { request, weapon },
            &by,
        )?)
    })
    .await;
    match opened {
        Ok(case) => {
            page.log("trace.open", &case.id, "written").await?;
            Ok(Redirect::to(&format!("/traces/{}?done=opened", case.id)).into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            page.log("trace.open", "-", e.code.as_str()).await?;
            let (errors, problem) = match e.field.clone() {
                Some(field) => (vec![(form_field(&field, &rows), e.message)], None),
                None => (Vec::new(), Some(e.message)),
            };
            Ok(request_page(&page, &user, &f, None, &errors, problem))
        }
        Err(e) => Err(page.failure(e)),
    }
}

fn error_of<'a>(errors: &'a [(String, String)], name: &str) -> Option<&'a String> {
    errors.iter().find(|(k, _)| k == name).map(|(_, m)| m)
}

/// One labelled input of the request form, with its hint and message.
fn input(page: &Page, f: &RequestForm, errors: &[(String, String)], fd: &Field) -> Markup {
    let err = error_of(errors, fd.name);
    let described = [
        err.map(|_| format!("{}-error", fd.name)),
        fd.hint.map(|_| format!("{}-hint", fd.name)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let kind = match fd.kind {
        Kind::Date => "date",
        Kind::Year => "number",
        _ => "text",
    };
    html! {
        div class={ "field" @if err.is_some() { " invalid" } } {
            label for=(fd.name) { (page.t(fd.label)) @if fd.required { " " span class="required" { "*" } } }
            @if fd.kind == Kind::Long {
                textarea id=(fd.name) name=(fd.name) rows="3" dir="auto"
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[described.as_deref()] { (f.get(fd.name)) }
            } @else {
                input id=(fd.name) name=(fd.name) type=(kind) value=(f.get(fd.name)) dir="auto"
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[described.as_deref()];
            }
            @if let Some(h) = fd.hint { p class="hint" id={ (fd.name) "-hint" } { (page.t(h)) } }
            (field_error(fd.name, err))
        }
    }
}

/// A select of a vocabulary, with "not known" first when `optional`.
fn vocab_select<V: Vocabulary>(
    page: &Page,
    id: &str,
    vocabulary: &str,
    chosen: &str,
    optional: bool,
) -> Markup {
    html! {
        select id=(id) name=(id) {
            @if optional { option value="" selected[chosen.is_empty()] { (page.t("trace-not-known")) } }
            @for v in V::ALL {
                option value=(v.name()) selected[v.name() == chosen] { (page.term(vocabulary, v.name())) }
            }
        }
    }
}

fn marking_rows(page: &Page, f: &RequestForm, errors: &[(String, String)]) -> Markup {
    html! {
        table class="markings-form" {
            caption class="hint" id="markings-hint" { (page.t("trace-markings-hint")) }
            thead { tr {
                th scope="col" { (page.t("trace-marking-kind")) }
                th scope="col" { (page.t("trace-marking-text")) }
                th scope="col" { (page.t("trace-marking-place")) }
                th scope="col" { (page.t("trace-marking-country")) }
                th scope="col" { (page.t("trace-marking-year")) }
            } }
            tbody {
                @for i in 0..f.marking_rows() {
                    @let n = |m: &str| RequestForm::marking(i, m);
                    @let row = (i + 1).to_string();
                    tr {
                        td {
                            label class="visually-hidden" for=(n("kind")) { (page.ta("trace-marking-row-kind", &[("row", row.clone().into())])) }
                            (vocab_select::<MarkingKind>(page, &n("kind"), "marking-kind", f.get(&n("kind")), false))
                        }
                        @for (member, label, kind) in [("text", "trace-marking-row-text", "text")] {
                            @let err = error_of(errors, &n(member));
                            td class=[err.map(|_| "invalid")] {
                                label class="visually-hidden" for=(n(member)) { (page.ta(label, &[("row", row.clone().into())])) }
                                input id=(n(member)) name=(n(member)) type=(kind) value=(f.get(&n(member))) dir="ltr"
                                    class="serial" aria-invalid=[err.map(|_| "true")]
                                    aria-describedby=[err.map(|_| format!("{}-error", n(member)))];
                                (field_error(&n(member), err))
                            }
                        }
                        td {
                            label class="visually-hidden" for=(n("place")) { (page.ta("trace-marking-row-place", &[("row", row.clone().into())])) }
                            (vocab_select::<MarkingPlace>(page, &n("place"), "place", f.get(&n("place")), true))
                        }
                        @for (member, label, kind) in [("country", "trace-marking-row-country", "text"), ("year", "trace-marking-row-year", "number")] {
                            @let err = error_of(errors, &n(member));
                            td class=[err.map(|_| "invalid")] {
                                label class="visually-hidden" for=(n(member)) { (page.ta(label, &[("row", row.clone().into())])) }
                                input id=(n(member)) name=(n(member)) type=(kind) value=(f.get(&n(member))) size="6"
                                    aria-invalid=[err.map(|_| "true")]
                                    aria-describedby=[err.map(|_| format!("{}-error", n(member)))];
                                (field_error(&n(member), err))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn request_page(
    page: &Page,
    user: &WebUser,
    f: &RequestForm,
    from: Option<&str>,
    errors: &[(String, String)],
    problem: Option<String>,
) -> Response {
    let title = page.t("trace-new-title");
    let status = if errors.is_empty() && problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let urgency = f.trimmed("urgency");
    let body = html! {
        @if let Some(p) = &problem { (notice("error", p)) }
        @if !errors.is_empty() { (notice("error", &page.t("form-has-errors"))) }
        p class="hint" { (page.t("trace-new-intro")) }
        @if let Some(serial) = from {
            (notice("ok", &page.ta("trace-new-from-weapon", &[("serial", serial.to_string().into())])))
        }
        form method="post" action="/traces/new" class="card" novalidate {
            input type="hidden" name="_csrf" value=(user.csrf);
            input type="hidden" name="weapon" value=(f.get("weapon"));
            fieldset {
                legend { (page.t("trace-section-case")) }
                @for fd in CASE_FIELDS { (input(page, f, errors, fd)) }
            }
            fieldset {
                legend { (page.t("trace-section-weapon")) }
                div class="field" {
                    label for="weapon.category" { (page.t("trace-field-category")) }
                    (vocab_select::<Category>(page, "weapon.category", "category", f.trimmed("weapon.category"), true))
                }
                @for fd in WEAPON_FIELDS { (input(page, f, errors, fd)) }
                h3 { (page.t("trace-section-markings")) }
                (marking_rows(page, f, errors))
            }
            fieldset {
                legend { (page.t("trace-section-circumstances")) }
                @for fd in FOUND_FIELDS { (input(page, f, errors, fd)) }
            }
            fieldset {
                legend { (page.t("trace-section-use")) }
                div class="field" {
                    label for="urgency" { (page.t("trace-field-urgency")) }
                    select id="urgency" name="urgency" aria-describedby="urgency-hint" {
                        option value="routine" selected[urgency != "urgent"] { (page.t("trace-urgency-routine")) }
                        option value="urgent" selected[urgency == "urgent"] { (page.t("trace-urgency-urgent")) }
                    }
                    p class="hint" id="urgency-hint" { (page.t("trace-field-urgency-hint")) }
                }
                @for fd in USE_FIELDS { (input(page, f, errors, fd)) }
            }
            button type="submit" class="primary" { (page.t("trace-new-submit")) }
        }
    };
    page.render_status(status, &title, body)
}

// ---------------------------------------------------------------------------------
// A case

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// What a form on the case page sent that must be shown again with a message.
#[derive(Debug, Default)]
struct Refused {
    /// Which form: `send`, `decide` or `follow`.
    form: &'static str,
    message: String,
    /// The field the message is about.
    field: Option<String>,
    /// What was sent, to fill the form again.
    values: HashMap<String, String>,
}

/// What the case page shows besides the case.
struct Loaded {
    case: TraceCase,
    /// The domestic trace's weapons with their serial numbers.
    domestic: Vec<(WeaponId, String)>,
    chain: Vec<tr::ChainLink>,
}

/// Case `id` when `caller` may see it; `None` when there is no such case or it is not
/// theirs (blocking).
fn visible(
    s: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
) -> Result<Option<TraceCase>, ApiError> {
    match tr::get(s.store(), id) {
        Ok(c) if may_see(caller, &c) => Ok(Some(c)),
        Ok(_) | Err(armtrace_node::NodeError::NoSuchTrace(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn load(page: &Page, user: &WebUser, id: &str) -> Result<Loaded, Response> {
    let caller = page.caller(user);
    let s = page.state.clone();
    let id2 = id.to_string();
    let me = page.state.node().map(|n| n.id().state());
    let loaded = blocking(move || {
        let Some(case) = visible(&s, &caller, &id2)? else {
            return Ok(None);
        };
        let mut domestic = Vec::new();
        for w in &case.domestic {
            let serial = s
                .store()
                .weapon(*w)?
                .map(|r| r.description.serial)
                .unwrap_or_default();
            domestic.push((*w, serial));
        }
        let chain = match me {
            Some(me) if !case.answers.is_empty() || case.follows.is_some() => {
                tr::chain(s.store(), &case.id, me)?
            }
            _ => Vec::new(),
        };
        Ok(Some(Loaded {
            case,
            domestic,
            chain,
        }))
    })
    .await
    .map_err(|e| page.failure(e))?;
    page.log(
        "trace.view",
        id,
        if loaded.is_some() { "ok" } else { "not_found" },
    )
    .await?;
    loaded.ok_or_else(|| page.not_found())
}

/// A case's page. Logged.
pub(crate) async fn case_page(page: Page, Path(id): Path<String>, Query(d): Query<Done>) -> Answer {
    let user = page.allowed(Action::ReadTraces).await?.clone();
    let loaded = load(&page, &user, &id).await?;
    Ok(case_view(&page, &user, &loaded, d.done.as_deref(), None))
}

fn case_view(
    page: &Page,
    user: &WebUser,
    l: &Loaded,
    done: Option<&str>,
    refused: Option<Refused>,
) -> Response {
    let c = &l.case;
    let r = &c.request;
    let title = page.ta(
        "trace-title",
        &[("reference", c.request.reference.clone().into())],
    );
    let status = match &refused {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let poc = auth::allows(user.role, Action::ActAsPointOfContact);
    let done_message = match done {
        Some("opened") => Some("trace-done-opened"),
        Some("sent") => Some("trace-done-sent"),
        Some("decided") => Some("trace-done-decided"),
        Some("followed") => Some("trace-done-followed"),
        _ => None,
    };
    let body = html! {
        @if let Some(m) = done_message { (notice("ok", &page.t(m))) }
        @if let Some(rf) = &refused { (notice("error", &rf.message)) }
        p class="notice warn confidential" role="note" { (page.t("trace-confidential")) }
        dl class="facts" {
            dt { (page.t("traces-direction")) } dd { (page.term("trace-direction", &name(&c.direction))) }
            dt { (page.t("traces-status")) } dd { (status_badge(page, c)) }
            dt { (page.t("traces-peer")) } dd { (node_label(page, &c.peer)) }
            dt { (page.t("traces-answer-by")) } dd { (page.when(&r.answer_by.to_string())) }
            dt { (page.t("trace-urgency")) } dd { (page.t(&format!("trace-urgency-{}", name(&r.urgency)))) }
            @if let Some(f) = &c.failure { dt { (page.t("trace-failure")) } dd { (f) } }
            @if let Some(i) = &c.investigator { dt { (page.t("trace-investigator")) } dd { (i) } }
            @if let Some(w) = c.weapon {
                dt { (page.t("traces-weapon")) } dd { a href={ "/weapons/" (w) } { code { (ltr(&w.to_string())) } } }
            }
            @if let Some(p) = &c.follows {
                dt { (page.t("trace-follows")) } dd { a href={ "/traces/" (p) } { code { (ltr(p)) } } }
            }
            dt { (page.t("trace-id")) } dd { code { (ltr(&c.id)) } }
        }
        (actions(page, user, l, poc, refused.as_ref()))
        section aria-labelledby="request-title" {
            h2 id="request-title" { (page.t("trace-section-request")) }
            (request_view(page, r))
        }
        @if c.direction == Direction::Outgoing {
            section aria-labelledby="domestic-title" {
                h2 id="domestic-title" { (page.t("trace-domestic")) }
                @if l.domestic.is_empty() {
                    p { (page.t("trace-domestic-none")) }
                } @else {
                    p { (page.t("trace-domestic-found")) }
                    ul { @for (w, serial) in &l.domestic {
                        li { a href={ "/weapons/" (w) } { span class="serial" { (ltr(serial)) } } }
                    } }
                }
                h3 { (page.t("trace-proposals")) }
                @if c.proposals.is_empty() {
                    p { (page.t("trace-proposals-none")) }
                } @else {
                    ul { @for (state, why) in &c.proposals {
                        li { strong { (state.to_string()) } " — " (page.term("trace-why", why)) }
                    } }
                }
            }
        }
        section aria-labelledby="answers-title" {
            h2 id="answers-title" { (page.t("trace-answers")) }
            @if c.answers.is_empty() {
                p { (page.t("trace-answers-none")) }
            }
            @for a in &c.answers { (answer_view(page, a)) }
        }
        @if !l.chain.is_empty() {
            section aria-labelledby="chain-title" {
                h2 id="chain-title" { (page.t("trace-chain")) }
                (chain_view(page, &l.chain))
            }
        }
        section aria-labelledby="steps-title" {
            h2 id="steps-title" { (page.t("trace-steps")) }
            ol class="timeline" {
                @for s in &c.steps {
                    li {
                        p class="when" { (page.when(&s.at.to_rfc3339())) }
                        p class="what" { (page.term("trace-step", s.kind.as_str())) }
                        p class="recorded" { (page.ta("trace-step-by", &[("by", s.actor.clone().into())])) " · #" (s.seq) }
                    }
                }
            }
        }
    };
    page.render_status(status, &title, body)
}

fn request_view(page: &Page, r: &TraceRequestBody) -> Markup {
    let w = &r.weapon;
    html! {
        dl class="facts" {
            dt { (page.t("trace-field-authority")) } dd { (r.requesting_authority) }
            dt { (page.t("trace-field-illicit")) } dd { (r.illicit_nature) }
            dt { (page.t("trace-field-legal-basis")) } dd { (r.legal_basis) }
            dt { (page.t("trace-field-category")) } dd {
                (w.category.as_deref().map(|c| page.term("category", c)).unwrap_or_else(|| "—".into()))
            }
            dt { (page.t("trace-field-make")) } dd { (opt(&w.make)) " " (opt(&w.model)) }
            dt { (page.t("trace-field-calibre")) } dd { (opt(&w.calibre)) }
            dt { (page.t("trace-field-serial")) } dd { span class="serial" { (ltr(&opt(&w.serial))) } }
            dt { (page.t("trace-field-country")) } dd {
                (w.country_of_manufacture.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))
                " " (w.year_of_manufacture.map(|y| y.to_string()).unwrap_or_default())
            }
            dt { (page.t("trace-section-markings")) } dd {
                @if w.markings.is_empty() { "—" }
                ul class="markings" { @for m in &w.markings {
                    li {
                        span class="serial" { (ltr(&m.text)) } " — " (page.term("marking-kind", &m.kind))
                        @if let Some(p) = &m.place { ", " (page.term("place", p)) }
                        @if let Some(c) = m.country { " · " (c.to_string()) }
                        @if let Some(y) = m.year { " · " (y) }
                    }
                } }
            }
            dt { (page.t("trace-field-date")) } dd { (page.when(&r.circumstances.date.to_string())) ", " (r.circumstances.place) }
            @if !r.circumstances.description.is_empty() {
                dt { (page.t("trace-field-description")) } dd { (r.circumstances.description) }
            }
            dt { (page.t("trace-field-use")) } dd { (r.intended_use) }
            dt { (page.t("trace-field-confidentiality")) } dd { (r.confidentiality) }
        }
    }
}

fn findings_view(page: &Page, f: &TraceFindings) -> Markup {
    let transfers = |caption: &str, list: &[armtrace_exchange::RecordedTransfer]| {
        html! {
            @if !list.is_empty() {
                table class="list" {
                    caption { (page.t(caption)) }
                    thead { tr {
                        th scope="col" { (page.t("trace-transfer-date")) }
                        th scope="col" { (page.t("trace-transfer-state")) }
                        th scope="col" { (page.t("trace-transfer-party")) }
                        th scope="col" { (page.t("trace-transfer-document")) }
                        th scope="col" { (page.t("trace-transfer-marking")) }
                    } }
                    tbody { @for t in list { tr {
                        td { (t.date.map(|d| page.when(&d.to_string())).unwrap_or_else(|| "—".into())) }
                        td { (t.counterpart_state.map(|c| c.to_string()).unwrap_or_else(|| "—".into())) }
                        td { (opt(&t.counterpart)) }
                        td { (ltr(&opt(&t.document))) }
                        td { span class="serial" { (ltr(&opt(&t.marking))) } }
                    } } }
                }
            }
        }
    };
    html! {
        dl class="facts" {
            @if let Some(m) = &f.manufacture {
                dt { (page.t("trace-manufacture")) } dd {
                    (opt(&m.manufacturer))
                    @if let Some(c) = m.country { " · " (c.to_string()) }
                    @if let Some(d) = m.date { " · " (page.when(&d.to_string())) }
                    @else if let Some(y) = m.year { " · " (y) }
                }
            }
            @if let Some(h) = &f.last_legal_holder {
                dt { (page.t("trace-last-holder")) } dd {
                    (h.name) " · " (h.state.to_string())
                    @if let Some(d) = h.since { " · " (page.ta("trace-since", &[("date", page.when(&d.to_string()).into())])) }
                }
            }
            @if let Some(s) = &f.status {
                dt { (page.t("trace-record-status")) } dd { (page.term("status", s)) }
            }
        }
        (transfers("trace-exports", &f.exports))
        (transfers("trace-imports", &f.imports))
    }
}

fn answer_view(page: &Page, a: &TraceAnswerBody) -> Markup {
    html! {
        article class="card answer" {
            h3 { (page.term("trace-outcome", &name(&a.outcome))) }
            @if !a.conditions.is_empty() {
                p class="notice warn" role="note" {
                    strong { (page.t("trace-answer-conditions")) } " " (a.conditions)
                }
            }
            @if let Some(r) = &a.reasons { p { strong { (page.t("trace-reasons")) } " " (r) } }
            @if let Some(d) = a.final_answer_by {
                p { strong { (page.t("trace-final-by")) } " " (page.when(&d.to_string())) }
            }
            @if let Some(f) = &a.findings { (findings_view(page, f)) }
            @if let Some(n) = a.next_state {
                p { strong { (page.t("trace-next-state")) } " " (n.to_string()) }
            }
        }
    }
}

fn chain_view(page: &Page, chain: &[tr::ChainLink]) -> Markup {
    html! {
        ol class="timeline chain" {
            @for l in chain {
                li class={ "link " (l.what) } {
                    p class="when" {
                        (l.date.map(|d| page.when(&d.to_string())).unwrap_or_else(|| "—".into()))
                        " · " (l.state.to_string())
                    }
                    p class="what" { (page.term("trace-chain", &l.what)) }
                    @if let Some(p) = &l.party { p { (p) } }
                    @if let Some(o) = l.other_state { p { (page.t("trace-transfer-state")) " " (o.to_string()) } }
                    @if let Some(d) = &l.document { p { (page.t("trace-transfer-document")) " " (ltr(d)) } }
                    p class="recorded" { (page.t("trace-chain-source")) " " a href={ "/traces/" (l.source) } { code { (ltr(&l.source)) } } }
                }
            }
        }
    }
}

/// The nodes of the directory this node may send to, as (id, label).
fn peers(page: &Page) -> Vec<(NodeId, String)> {
    let Some(node) = page.state.node() else {
        return Vec::new();
    };
    let me = node.id().clone();
    node.directory()
        .entries
        .iter()
        .filter(|e| e.node != me)
        .map(|e| (e.node.clone(), format!("{} — {}", e.node, e.office)))
        .collect()
}

fn peer_select(page: &Page, id: &str, chosen: Option<&NodeId>) -> Markup {
    let peers = peers(page);
    html! {
        @if peers.is_empty() {
            (notice("warn", &page.t("trace-no-directory")))
        } @else {
            div class="field" {
                label for=(id) { (page.t("trace-send-to")) }
                select id=(id) name="to" {
                    @for (n, label) in &peers {
                        option value=(n.to_string()) selected[Some(n) == chosen] { (label) }
                    }
                }
            }
        }
    }
}

/// The first directory node of the first State in `states`.
fn node_of_states(page: &Page, states: &[armtrace_domain::CountryCode]) -> Option<NodeId> {
    let node = page.state.node()?;
    let dir = node.directory();
    states.iter().find_map(|s| {
        dir.entries
            .iter()
            .find(|e| e.state == *s && &e.node != node.id())
            .map(|e| e.node.clone())
    })
}

fn actions(
    page: &Page,
    user: &WebUser,
    l: &Loaded,
    poc: bool,
    refused: Option<&Refused>,
) -> Markup {
    let c = &l.case;
    if !poc {
        return html! {
            @if c.direction == Direction::Outgoing && c.status == TraceStatus::Draft {
                p class="hint" { (page.t("trace-awaits-poc")) }
            }
        };
    }
    let no_node = page.state.node().is_none();
    let refused_for = |form: &str| refused.filter(|r| r.form == form);
    let sent = |form: &str, name: &str| {
        refused_for(form)
            .and_then(|r| r.values.get(name).cloned())
            .unwrap_or_default()
    };
    let field_msg = |form: &str, name: &str| {
        refused_for(form)
            .filter(|r| r.field.as_deref() == Some(name))
            .map(|r| r.message.clone())
    };
    let send = c.direction == Direction::Outgoing && c.status == TraceStatus::Draft;
    let decide = c.direction == Direction::Incoming
        && matches!(c.status, TraceStatus::Received | TraceStatus::Delayed);
    let next = c
        .answers
        .last()
        .and_then(|a| a.next_state)
        .filter(|_| c.direction == Direction::Outgoing);
    let proposed: Vec<_> = c.proposals.iter().map(|(s, _)| *s).collect();
    html! {
        @if (send || decide || next.is_some()) && no_node {
            (notice("warn", &page.t("traces-no-node")))
        } @else if send {
            section class="card" aria-labelledby="send-title" {
                h2 id="send-title" { (page.t("trace-send-title")) }
                p class="hint" { (page.t("trace-send-hint")) }
                form method="post" action={ "/traces/" (c.id) "/send" } novalidate {
                    input type="hidden" name="_csrf" value=(user.csrf);
                    (peer_select(page, "send-to", node_of_states(page, &proposed).as_ref()))
                    @if !peers(page).is_empty() {
                        button type="submit" class="primary" { (page.t("trace-send-submit")) }
                    }
                }
            }
        } @else if decide {
            section class="card" aria-labelledby="decide-title" {
                h2 id="decide-title" { (page.t("trace-decide-title")) }
                @match &c.draft {
                    None => { p role="status" { (page.t("trace-drafting")) } }
                    Some(d) => {
                        p class="hint" { (page.t("trace-draft-intro")) }
                        (answer_view(page, d))
                        form method="post" action={ "/traces/" (c.id) "/decision" } novalidate {
                            input type="hidden" name="_csrf" value=(user.csrf);
                            fieldset {
                                legend { (page.t("trace-decision")) }
                                @let chosen = sent("decide", "decision");
                                @for d in ["approve", "restrict", "delay", "decline"] {
                                    div class="field check" {
                                        input type="radio" id={ "decision-" (d) } name="decision" value=(d)
                                            checked[chosen == d || (chosen.is_empty() && d == "approve")];
                                        label for={ "decision-" (d) } { (page.t(&format!("trace-decision-{d}"))) }
                                    }
                                }
                            }
                            @let reasons_err = field_msg("decide", "reasons");
                            div class={ "field" @if reasons_err.is_some() { " invalid" } } {
                                label for="reasons" { (page.t("trace-reasons")) }
                                textarea id="reasons" name="reasons" rows="3" dir="auto" aria-describedby="reasons-hint" { (sent("decide", "reasons")) }
                                p class="hint" id="reasons-hint" { (page.t("trace-reasons-hint")) }
                                (field_error("reasons", reasons_err.as_ref()))
                            }
                            @let final_err = field_msg("decide", "final_answer_by");
                            div class={ "field" @if final_err.is_some() { " invalid" } } {
                                label for="final_answer_by" { (page.t("trace-final-by")) }
                                input type="date" id="final_answer_by" name="final_answer_by" value=(sent("decide", "final_answer_by")) aria-describedby="final_answer_by-hint";
                                p class="hint" id="final_answer_by-hint" { (page.t("trace-final-by-hint")) }
                                (field_error("final_answer_by", final_err.as_ref()))
                            }
                            div class="field" {
                                label for="conditions" { (page.t("trace-conditions")) }
                                @let conditions = refused_for("decide").and_then(|r| r.values.get("conditions").cloned()).unwrap_or_else(|| d.conditions.clone());
                                textarea id="conditions" name="conditions" rows="2" dir="auto" { (conditions) }
                            }
                            button type="submit" class="primary" { (page.t("trace-decide-submit")) }
                        }
                    }
                }
            }
        } @else if let Some(state) = next {
            section class="card" aria-labelledby="follow-title" {
                h2 id="follow-title" { (page.t("trace-follow-title")) }
                p class="hint" { (page.ta("trace-follow-hint", &[("state", state.to_string().into())])) }
                form method="post" action={ "/traces/" (c.id) "/follow-up" } novalidate {
                    input type="hidden" name="_csrf" value=(user.csrf);
                    (peer_select(page, "follow-to", node_of_states(page, &[state]).as_ref()))
                    @if !peers(page).is_empty() {
                        button type="submit" class="primary" { (page.t("trace-follow-submit")) }
                    }
                }
            }
        }
    }
}

/// What the send and follow-up forms send.
#[derive(Debug, Deserialize)]
pub(crate) struct ToForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    to: String,
}

/// What the decision form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    final_answer_by: String,
    #[serde(default)]
    conditions: String,
}

/// The case, for a point of contact's form: the person, and the case when they may see
/// it (otherwise the "not found" page, logged).
async fn for_poc(page: &Page, id: &str, csrf: &str) -> Result<WebUser, Response> {
    let user = page.allowed(Action::ActAsPointOfContact).await?.clone();
    if !page.csrf_ok(csrf) {
        return Err(page.csrf_refused());
    }
    let (s, caller, id2) = (page.state.clone(), page.caller(&user), id.to_string());
    let seen = blocking(move || Ok(visible(&s, &caller, &id2)?.is_some()))
        .await
        .map_err(|e| page.failure(e))?;
    if !seen {
        page.log("trace.view", id, "not_found").await?;
        return Err(page.not_found());
    }
    Ok(user)
}

/// After a form's action: its page on success, or the case again with the refusal.
async fn settle(
    page: &Page,
    user: &WebUser,
    id: &str,
    action: &str,
    result: Result<String, ApiError>,
    refused: Refused,
) -> Answer {
    match result {
        Ok(to) => {
            page.log(action, id, "written").await?;
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            page.log(action, id, e.code.as_str()).await?;
            let loaded = load(page, user, id).await?;
            let refused = Refused {
                message: e.message,
                field: e.field,
                ..refused
            };
            Ok(case_view(page, user, &loaded, None, Some(refused)))
        }
        Err(e) => Err(page.failure(e)),
    }
}

fn parse_to(text: &str) -> Result<NodeId, ApiError> {
    text.trim().parse::<NodeId>().map_err(|e| {
        ApiError::new(ErrorCode::InvalidField, format!("to: {e}")).field("to".to_string())
    })
}

/// The point of contact sends an opened request.
pub(crate) async fn send(page: Page, Path(id): Path<String>, Form(f): Form<ToForm>) -> Answer {
    let user = for_poc(&page, &id, &f.csrf).await?;
    let (by, id2) = (user.username.clone(), id.clone());
    let state = page.state.clone();
    let result = match parse_to(&f.to) {
        Ok(to) => {
            blocking(move || {
                let node = node_of(&state)?;
                Ok(node.send(&id2, &to, &by)?)
            })
            .await
        }
        Err(e) => Err(e),
    }
    .map(|c| format!("/traces/{}?done=sent", c.id));
    let refused = Refused {
        form: "send",
        ..Refused::default()
    };
    settle(&page, &user, &id, "trace.send", result, refused).await
}

/// The point of contact decides on the drafted answer; it leaves only then.
pub(crate) async fn decide(
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Answer {
    let user = for_poc(&page, &id, &f.csrf).await?;
    let values: HashMap<String, String> = [
        ("decision", &f.decision),
        ("reasons", &f.reasons),
        ("final_answer_by", &f.final_answer_by),
        ("conditions", &f.conditions),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let decision: Result<Decision, ApiError> =
        serde_json::from_value(Value::String(f.decision.clone())).map_err(|_| {
            ApiError::new(ErrorCode::InvalidField, page.t("trace-error-decision"))
                .field("decision".to_string())
        });
    let final_by = match f.final_answer_by.trim() {
        "" => Ok(None),
        d => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ApiError::new(ErrorCode::InvalidField, page.t("trace-error-date"))
                    .field("final_answer_by".to_string())
            }),
    };
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let (reasons, conditions) = (some(&f.reasons), some(&f.conditions));
    let (by, id2) = (user.username.clone(), id.clone());
    let state = page.state.clone();
    let result = match (decision, final_by) {
        (Ok(decision), Ok(final_by)) => {
            blocking(move || {
                let node = node_of(&state)?;
                Ok(node.decide(&id2, decision, reasons, final_by, conditions, &by)?)
            })
            .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
    .map(|c| format!("/traces/{}?done=decided", c.id));
    let refused = Refused {
        form: "decide",
        values,
        ..Refused::default()
    };
    settle(&page, &user, &id, "trace.decide", result, refused).await
}

/// The point of contact opens the follow-up to the next State of the chain.
pub(crate) async fn follow_up(page: Page, Path(id): Path<String>, Form(f): Form<ToForm>) -> Answer {
    let user = for_poc(&page, &id, &f.csrf).await?;
    let (by, id2) = (user.username.clone(), id.clone());
    let state = page.state.clone();
    let result = match parse_to(&f.to) {
        Ok(to) => blocking(move || Ok(tr::follow_up(state.store(), &id2, &to, &by)?)).await,
        Err(e) => Err(e),
    }
    .map(|c| format!("/traces/{}?done=followed", c.id));
    let refused = Refused {
        form: "follow",
        ..Refused::default()
    };
    settle(&page, &user, &id, "trace.follow_up", result, refused).await
}
