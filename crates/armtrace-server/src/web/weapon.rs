//! The weapon page (markings and the whole history as a timeline) and the form that
//! records an event on it.

use super::layout::{Answer, Page, WebUser, field_error, ltr, notice};
use crate::api;
use crate::auth::{self, Action};
use crate::error::{ApiError, ErrorCode, blocking};
use armtrace_domain::ledger::{Entry, Record};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    DestructionMethod, DocumentKind, EventId, EventKind, Holder, HolderId, Marking, MarkingKind,
    MarkingPlace, WeaponEvent, WeaponId,
};
use armtrace_store::WeaponRow;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

fn parse_id(page: &Page, text: &str) -> Result<WeaponId, Response> {
    text.parse::<WeaponId>().map_err(|_| page.not_found())
}

struct Loaded {
    weapon: WeaponRow,
    entries: Vec<Entry>,
    holders: Vec<Holder>,
}

async fn load(page: &Page, id: WeaponId) -> Result<Option<Loaded>, Response> {
    let s = page.state.clone();
    blocking(move || {
        let store = s.store();
        let Some(weapon) = store.weapon(id)? else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            weapon,
            entries: store.history(id)?,
            holders: store.holders()?,
        }))
    })
    .await
    .map_err(|e| page.failure(e))
}

fn holder_label(holders: &HashMap<HolderId, &Holder>, id: Option<HolderId>) -> Option<String> {
    let h = holders.get(&id?)?;
    Some(format!("{} ({})", h.name, h.code))
}

fn marking_line(page: &Page, m: &Marking) -> Markup {
    html! {
        (ltr(&m.text)) " — " (page.term("marking-kind", m.kind.name())) ", " (page.term("place", m.place.name()))
        @if let Some(c) = m.country { " · " (c.to_string()) }
        @if let Some(y) = m.year { " · " (y) }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    recorded: Option<u64>,
    registered: Option<u64>,
    present: Option<String>,
}

/// The weapon page. Logged (a view of a weapon's record).
pub(crate) async fn page(page: Page, Path(id): Path<String>, Query(done): Query<Done>) -> Answer {
    let user = page.allowed(Action::ReadWeapon).await?.clone();
    let id = parse_id(&page, &id)?;
    let loaded = load(&page, id).await?;
    page.log(
        "weapon.read",
        &id.to_string(),
        if loaded.is_some() { "ok" } else { "not_found" },
    )
    .await?;
    let Some(Loaded {
        weapon: w,
        entries,
        holders,
    }) = loaded
    else {
        return Err(page.not_found());
    };
    let by_id: HashMap<HolderId, &Holder> = holders.iter().map(|h| (h.id, h)).collect();
    let d = &w.description;
    let title = format!("{} {} — {}", d.make, d.model, d.serial);
    let may_record = auth::allows(user.role, Action::RecordEvent)
        && user
            .agency
            .as_deref()
            .is_none_or(|a| crate::recording::within_agency(&holders, w.holder, a));
    let deficiencies: Vec<&str> = w
        .deficiencies
        .split(',')
        .filter(|s| !s.is_empty())
        .collect();
    let body = html! {
        @if let Some(seq) = done.recorded {
            (notice("ok", &page.ta("weapon-recorded", &[("seq", seq.to_string().into())])))
        }
        @if let Some(seq) = done.registered {
            (notice("ok", &page.ta("weapon-registered", &[("seq", seq.to_string().into())])))
        }
        @if done.present.is_some() {
            (notice("warn", &page.t("weapon-already-present")))
        }
        @if w.to_be_marked_or_destroyed() {
            div class="notice warn" role="status" {
                strong { (page.t("weapon-to-mark")) }
                ul { @for x in &deficiencies { li { (page.term("deficiency", x)) } } }
            }
        }
        div class="weapon-head" {
            dl class="facts" {
                dt { (page.t("weapon-serial")) } dd { span class="serial" { (ltr(&d.serial)) } }
                dt { (page.t("weapon-category")) } dd { (page.term("category", d.category.name())) }
                dt { (page.t("weapon-calibre")) } dd { (d.calibre) }
                dt { (page.t("weapon-made")) } dd {
                    (d.country_of_manufacture.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))
                    " " (d.year_of_manufacture.map(|y| y.to_string()).unwrap_or_default())
                }
                dt { (page.t("weapon-status")) } dd { span class={ "status " (w.status) } { (page.term("status", w.status.name())) } }
                dt { (page.t("weapon-holder")) } dd { (holder_label(&by_id, w.holder).unwrap_or_else(|| "—".into())) }
                dt { (page.t("weapon-location")) } dd { (w.location.clone().unwrap_or_else(|| "—".into())) }
                dt { (page.t("weapon-id")) } dd { code { (ltr(&w.id.to_string())) } }
            }
            @if may_record {
                p { a class="button primary" href={ "/weapons/" (w.id) "/events/new" } { (page.t("weapon-record-event")) } }
            }
            @if auth::allows(user.role, Action::OpenTrace) {
                p { a class="button" href={ "/traces/new?weapon=" (w.id) } { (page.t("weapon-open-trace")) } }
            }
        }
        section aria-labelledby="markings-title" {
            h2 id="markings-title" { (page.t("weapon-markings")) }
            @if w.markings.is_empty() {
                p { (page.t("weapon-no-markings")) }
            } @else {
                ul class="markings" { @for m in &w.markings { li { (marking_line(&page, m)) } } }
            }
        }
        section aria-labelledby="history-title" {
            h2 id="history-title" { (page.t("weapon-history")) }
            (timeline(&page, &entries, &by_id))
        }
    };
    Ok(page.render(&title, body))
}

fn timeline(page: &Page, entries: &[Entry], holders: &HashMap<HolderId, &Holder>) -> Markup {
    let records: Vec<Option<Record>> = entries.iter().map(|e| e.record().ok()).collect();
    let superseded: HashSet<EventId> = records
        .iter()
        .filter_map(|r| match r {
            Some(Record::WeaponEvent(WeaponEvent {
                correction: Some(c),
                ..
            })) => Some(c.corrects),
            _ => None,
        })
        .collect();
    html! {
        ol class="timeline" {
            @for (e, r) in entries.iter().zip(records.iter()) {
                @let struck = superseded.contains(&EventId(e.id.0));
                li class=[struck.then_some("superseded")] id={ "entry-" (e.seq) } {
                    @match r {
                        Some(Record::WeaponRegistered(reg)) => {
                            p class="when" { (page.when(&reg.registered_on.format("%Y-%m-%d").to_string())) }
                            p class="what" { (page.t("record-registered")) }
                            @if let Some(h) = holder_label(holders, reg.holder) { p { (page.t("history-holder")) " " (h) } }
                            @if let Some(s) = reg.status { p { (page.t("history-status-at-registration")) " " (page.term("status", s.name())) } }
                        }
                        Some(Record::WeaponEvent(ev)) => {
                            p class="when" { (page.when(&ev.occurred.to_string())) }
                            p class="what" { (page.term("event", ev.kind.name())) }
                            @if let Some(h) = holder_label(holders, ev.holder) { p { (page.t("history-holder")) " " (h) } }
                            @if let Some(c) = ev.country { p { (page.t("history-country")) " " (c.to_string()) } }
                            @if let Some(l) = &ev.location { p { (page.t("history-location")) " " (l) } }
                            @if let Some(d) = &ev.document { p { (page.t("history-document")) " " (page.term("document", d.kind.name())) " " (ltr(&d.reference)) } }
                            @if let Some(m) = &ev.marking { p { (page.t("history-marking")) " " (marking_line(page, m)) } }
                            @if let Some(m) = ev.method { p { (page.t("history-method")) " " (page.term("method", m.name())) } }
                            @if let Some(n) = &ev.notes { p class="notes" { (n) } }
                            @if let Some(c) = &ev.correction {
                                p { (page.t("history-corrects")) " "
                                    a href={ "#entry-" (entry_seq(entries, c.corrects)) } { "#" (entry_seq(entries, c.corrects)) }
                                    ": " (c.reason)
                                    @if c.void { " (" (page.t("history-void")) ")" } }
                            }
                        }
                        _ => { p class="what" { (e.kind) } }
                    }
                    @if struck { p class="struck" { (page.t("history-superseded")) } }
                    p class="recorded" {
                        (page.ta("history-recorded", &[
                            ("at", page.when(&armtrace_domain::ledger::format_recorded_at(&e.recorded_at)).into()),
                            ("by", e.recorded_by.clone().into()),
                        ]))
                        " · #" (e.seq) " · "
                        span class="hash" title=(e.hash.to_string()) { (ltr(&e.hash.to_string()[..12])) }
                    }
                }
            }
        }
    }
}

fn entry_seq(entries: &[Entry], id: EventId) -> u64 {
    entries
        .iter()
        .find(|e| e.id.0 == id.0)
        .map(|e| e.seq)
        .unwrap_or(0)
}

/// What the event form sends.
#[derive(Debug, Default, Deserialize, Clone)]
pub(crate) struct EventForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    occurred_at: String,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    document_kind: String,
    #[serde(default)]
    document_ref: String,
    #[serde(default)]
    marking_kind: String,
    #[serde(default)]
    marking_place: String,
    #[serde(default)]
    marking_text: String,
    #[serde(default)]
    marking_country: String,
    #[serde(default)]
    marking_year: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    corrects: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    void: Option<String>,
}

fn some(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl EventForm {
    /// The API's wire type, so that the form goes through exactly the API's checks.
    fn to_api(&self) -> Result<api::NewEvent, (&'static str, ApiError)> {
        let marking = match some(&self.marking_text) {
            None => None,
            Some(text) => Some(api::MarkingIn {
                kind: some(&self.marking_kind).unwrap_or_else(|| "import".into()),
                place: some(&self.marking_place).unwrap_or_else(|| "frame".into()),
                text,
                country: some(&self.marking_country),
                year: match some(&self.marking_year) {
                    None => None,
                    Some(y) => Some(y.parse::<u16>().map_err(|_| {
                        (
                            "marking_year",
                            ApiError::new(ErrorCode::InvalidField, format!("'{y}' is not a year")),
                        )
                    })?),
                },
            }),
        };
        let document = match (some(&self.document_kind), some(&self.document_ref)) {
            (Some(kind), Some(reference)) => Some(api::DocumentIn { kind, reference }),
            (None, None) => None,
            (Some(_), None) => {
                return Err((
                    "document_ref",
                    ApiError::new(ErrorCode::InvalidField, String::new()),
                ));
            }
            (None, Some(_)) => {
                return Err((
                    "document_kind",
                    ApiError::new(ErrorCode::InvalidField, String::new()),
                ));
            }
        };
        Ok(api::NewEvent {
            id: None,
            kind: self.kind.trim().to_string(),
            occurred_at: self.occurred_at.trim().to_string(),
            holder: some(&self.holder),
            country: some(&self.country).map(|c| c.to_ascii_uppercase()),
            location: some(&self.location),
            document,
            marking,
            method: some(&self.method),
            notes: some(&self.notes),
            corrects: some(&self.corrects),
            reason: some(&self.reason),
            void: self.void.as_ref().map(|_| true),
        })
    }
}

/// The form field an API field or import column is shown under.
fn form_field(api_field: &str) -> &'static str {
    match api_field {
        "kind" => "kind",
        "occurred_at" => "occurred_at",
        "holder" => "holder",
        "country" => "country",
        "location" => "location",
        "document.kind" | "document_kind" => "document_kind",
        "document.reference" | "document_ref" => "document_ref",
        "marking" => "marking_text",
        "method" => "method",
        "notes" => "notes",
        "corrects" => "corrects",
        "reason" => "reason",
        "void" => "void",
        _ => "-",
    }
}

fn options<V: Vocabulary>(page: &Page, vocabulary: &str, chosen: &str, blank: bool) -> Markup {
    html! {
        @if blank { option value="" { "—" } }
        @for v in V::ALL {
            option value=(v.name()) selected[v.name() == chosen] { (page.term(vocabulary, v.name())) }
        }
    }
}

struct FieldSet<'a> {
    errors: &'a [(&'static str, String)],
}

impl FieldSet<'_> {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, m)| m)
    }
}

#[allow(clippy::too_many_arguments)]
fn input(
    page: &Page,
    fs: &FieldSet<'_>,
    name: &str,
    label: &str,
    value: &str,
    kind: &str,
    hint: Option<&str>,
    extra: Option<&str>,
) -> Markup {
    let err = fs.err(name);
    let described = match (err.is_some(), hint.is_some()) {
        (true, true) => Some(format!("{name}-error {name}-hint")),
        (true, false) => Some(format!("{name}-error")),
        (false, true) => Some(format!("{name}-hint")),
        (false, false) => None,
    };
    html! {
        div class={ "field" @if err.is_some() { " invalid" } } {
            label for=(name) { (page.t(label)) }
            input id=(name) name=(name) type=(kind) value=(value) list=[extra]
                aria-invalid=[err.map(|_| "true")] aria-describedby=[described];
            @if let Some(h) = hint { p class="hint" id={ (name) "-hint" } { (page.t(h)) } }
            (field_error(name, err))
        }
    }
}

fn event_page(
    page: &Page,
    user: &WebUser,
    loaded: &Loaded,
    f: &EventForm,
    errors: &[(&'static str, String)],
    problem: Option<String>,
) -> Response {
    let w = &loaded.weapon;
    let fs = FieldSet { errors };
    let title = page.ta(
        "event-title",
        &[("serial", w.description.serial.clone().into())],
    );
    let kind = if f.kind.is_empty() {
        "seized"
    } else {
        f.kind.as_str()
    };
    let events: Vec<(u64, String)> = loaded
        .entries
        .iter()
        .filter_map(|e| match e.record().ok()? {
            Record::WeaponEvent(ev) if ev.kind != EventKind::Correction => Some((
                e.seq,
                format!(
                    "{} #{} — {} ({})",
                    ev.id,
                    e.seq,
                    page.term("event", ev.kind.name()),
                    ev.occurred
                ),
            )),
            _ => None,
        })
        .collect();
    let status = if errors.is_empty() && problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = html! {
        p { a href={ "/weapons/" (w.id) } { (page.t("event-back")) } }
        @if let Some(p) = &problem { (notice("error", p)) }
        @if !errors.is_empty() { (notice("error", &page.t("form-has-errors"))) }
        form method="post" action={ "/weapons/" (w.id) "/events/new" } class="card" novalidate {
            input type="hidden" name="_csrf" value=(user.csrf);
            fieldset {
                legend { (page.t("event-what")) }
                div class={ "field" @if fs.err("kind").is_some() { " invalid" } } {
                    label for="kind" { (page.t("event-kind")) }
                    select id="kind" name="kind" aria-invalid=[fs.err("kind").map(|_| "true")] {
                        (options::<EventKind>(page, "event", kind, false))
                    }
                    (field_error("kind", fs.err("kind")))
                }
                (input(page, &fs, "occurred_at", "event-occurred", &f.occurred_at, "date", Some("event-occurred-hint"), None))
                (input(page, &fs, "holder", "event-holder", &f.holder, "text", Some("event-holder-hint"), Some("holder-codes")))
                datalist id="holder-codes" {
                    @for h in &loaded.holders { option value=(h.code) { (h.name) } }
                }
                (input(page, &fs, "location", "event-location", &f.location, "text", None, None))
                (input(page, &fs, "country", "event-country", &f.country, "text", Some("event-country-hint"), None))
            }
            fieldset {
                legend { (page.t("event-document")) }
                div class={ "field" @if fs.err("document_kind").is_some() { " invalid" } } {
                    label for="document_kind" { (page.t("event-document-kind")) }
                    select id="document_kind" name="document_kind" aria-invalid=[fs.err("document_kind").map(|_| "true")] {
                        (options::<DocumentKind>(page, "document", &f.document_kind, true))
                    }
                    (field_error("document_kind", fs.err("document_kind")))
                }
                (input(page, &fs, "document_ref", "event-document-ref", &f.document_ref, "text", None, None))
            }
            fieldset {
                legend { (page.t("event-marking")) }
                p class="hint" { (page.t("event-marking-hint")) }
                div class="field" {
                    label for="marking_kind" { (page.t("event-marking-kind")) }
                    select id="marking_kind" name="marking_kind" { (options::<MarkingKind>(page, "marking-kind", &f.marking_kind, true)) }
                }
                div class="field" {
                    label for="marking_place" { (page.t("event-marking-place")) }
                    select id="marking_place" name="marking_place" { (options::<MarkingPlace>(page, "place", &f.marking_place, true)) }
                }
                (input(page, &fs, "marking_text", "event-marking-text", &f.marking_text, "text", None, None))
                (input(page, &fs, "marking_country", "event-marking-country", &f.marking_country, "text", None, None))
                (input(page, &fs, "marking_year", "event-marking-year", &f.marking_year, "number", None, None))
            }
            fieldset {
                legend { (page.t("event-destruction")) }
                div class={ "field" @if fs.err("method").is_some() { " invalid" } } {
                    label for="method" { (page.t("event-method")) }
                    select id="method" name="method" { (options::<DestructionMethod>(page, "method", &f.method, true)) }
                    (field_error("method", fs.err("method")))
                }
            }
            fieldset {
                legend { (page.t("event-correction-legend")) }
                p class="hint" { (page.t("event-correction-hint")) }
                div class={ "field" @if fs.err("corrects").is_some() { " invalid" } } {
                    label for="corrects" { (page.t("event-corrects")) }
                    select id="corrects" name="corrects" {
                        option value="" { "—" }
                        @for (_, label) in &events {
                            @let id = label.split(' ').next().unwrap_or("");
                            option value=(id) selected[id == f.corrects] { (label.split_once(' ').map(|(_, l)| l).unwrap_or(label)) }
                        }
                    }
                    (field_error("corrects", fs.err("corrects")))
                }
                (input(page, &fs, "reason", "event-reason", &f.reason, "text", None, None))
                div class="field check" {
                    input id="void" name="void" type="checkbox" checked[f.void.is_some()];
                    label for="void" { (page.t("event-void")) }
                }
            }
            div class="field" {
                label for="notes" { (page.t("event-notes")) }
                textarea id="notes" name="notes" rows="3" { (f.notes) }
            }
            button type="submit" class="primary" { (page.t("event-submit")) }
        }
    };
    page.render_status(status, &title, body)
}

/// Whether the user may record on this weapon; otherwise the page that says why.
async fn may_record(page: &Page, loaded: &Loaded) -> Result<WebUser, Response> {
    let user = page.allowed(Action::RecordEvent).await?.clone();
    if let Some(a) = &user.agency
        && !crate::recording::within_agency(&loaded.holders, loaded.weapon.holder, a)
    {
        page.log(
            "RecordEvent",
            &loaded.weapon.id.to_string(),
            "outside_agency",
        )
        .await?;
        return Err(page.forbidden());
    }
    Ok(user)
}

/// The form that records an event.
pub(crate) async fn event_form(page: Page, Path(id): Path<String>) -> Answer {
    page.allowed(Action::RecordEvent).await?;
    let id = parse_id(&page, &id)?;
    let Some(loaded) = load(&page, id).await? else {
        return Err(page.not_found());
    };
    let user = may_record(&page, &loaded).await?;
    // The form shows the weapon and its events: a view of its record.
    page.log("weapon.read", &id.to_string(), "ok").await?;
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let f = EventForm {
        occurred_at: today,
        ..EventForm::default()
    };
    Ok(event_page(&page, &user, &loaded, &f, &[], None))
}

/// Records the event, or shows the form again with a message beside each field at fault.
pub(crate) async fn event_submit(
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<EventForm>,
) -> Answer {
    page.allowed(Action::RecordEvent).await?;
    if !page.csrf_ok(&f.csrf) {
        return Err(page.csrf_refused());
    }
    let id = parse_id(&page, &id)?;
    let Some(loaded) = load(&page, id).await? else {
        return Err(page.not_found());
    };
    let user = may_record(&page, &loaded).await?;
    let body = match f.to_api() {
        Ok(b) => b,
        Err((field, e)) => {
            let message = if e.message.is_empty() {
                page.t("form-field-needed")
            } else {
                e.message
            };
            let e = vec![(field, message)];
            return Ok(event_page(&page, &user, &loaded, &f, &e, None));
        }
    };
    let s = page.state.clone();
    let (author, agency) = (user.username.clone(), user.agency.clone());
    let result = blocking(move || {
        Ok(crate::recording::record_event(
            &s,
            &author,
            agency.as_deref(),
            id,
            &body,
        ))
    })
    .await
    .map_err(|e| page.failure(e))?;
    match result {
        Ok(r) => {
            let outcome = if r.already_present {
                "already_present"
            } else {
                "written"
            };
            page.log(
                "event.record",
                &format!("{id} event {}", r.event_id),
                outcome,
            )
            .await?;
            let to = match r.seq {
                Some(seq) => format!("/weapons/{id}?recorded={seq}#entry-{seq}"),
                None => format!("/weapons/{id}?present=1"),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            page.log("event.record", &id.to_string(), e.code.as_str())
                .await?;
            if e.code == ErrorCode::OutsideAgency {
                return Err(page.forbidden());
            }
            let field = e.field.as_deref().map(form_field).unwrap_or("-");
            if field == "-" {
                Ok(event_page(&page, &user, &loaded, &f, &[], Some(e.message)))
            } else {
                let errs = vec![(field, e.message)];
                Ok(event_page(&page, &user, &loaded, &f, &errs, None))
            }
        }
    }
}
