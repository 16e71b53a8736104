//! The wire types of the API, converted by hand from domain types so that the domain
//! can change without breaking clients. Request bodies deny unknown fields.

use armtrace_domain::ledger::{Entry, Record};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{EventId, Holder, HolderId, Marking, WeaponEvent};
use armtrace_index::Found;
use armtrace_store::{Counts, VerifyReport, WeaponRow};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::{IntoParams, ToSchema};

/// Every error answered.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine code (`docs/api.md`).
    pub code: String,
    /// For people.
    pub message: String,
    /// The body field or parameter at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A weapon record: description, markings, state and history.
#[derive(Debug, Serialize, ToSchema)]
pub struct Weapon {
    /// Weapon id (UUID).
    pub id: String,
    /// Category (machine name).
    pub category: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Calibre.
    pub calibre: String,
    /// Serial number as marked.
    pub serial: String,
    /// ISO 3166-1 alpha-2.
    pub country_of_manufacture: Option<String>,
    /// Year of manufacture.
    pub year_of_manufacture: Option<u16>,
    /// Current status (machine name).
    pub status: String,
    /// Current holder: "name (code)".
    pub holder: Option<String>,
    /// Current holder's code.
    pub holder_code: Option<String>,
    /// Last known location.
    pub location: Option<String>,
    /// On the "to be marked or destroyed" list (PoA II.8).
    pub to_be_marked_or_destroyed: bool,
    /// Marking deficiencies (machine names).
    pub deficiencies: Vec<String>,
    /// Markings now on it.
    pub markings: Vec<MarkingOut>,
    /// Every ledger entry of the weapon, in order.
    pub history: Vec<HistoryItem>,
}

/// A marking.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkingOut {
    /// Why applied (machine name).
    pub kind: String,
    /// Where (machine name).
    pub place: String,
    /// Text as read.
    pub text: String,
    /// Country named.
    pub country: Option<String>,
    /// Year carried.
    pub year: Option<u16>,
}

/// One ledger entry of a weapon's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryItem {
    /// Ledger position.
    pub seq: u64,
    /// Entry id.
    pub entry_id: String,
    /// When recorded.
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: String,
    /// `registered` or the event kind.
    pub record: String,
    /// When it happened.
    pub occurred: Option<String>,
    /// Holder after it: "name (code)".
    pub holder: Option<String>,
    /// The other country.
    pub country: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// "kind reference".
    pub document: Option<String>,
    /// "text (kind, place)".
    pub marking: Option<String>,
    /// Destruction method.
    pub method: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The event a correction corrects.
    pub corrects: Option<String>,
    /// Why a correction was made.
    pub reason: Option<String>,
    /// Corrected by a later entry.
    pub superseded: bool,
    /// Entry hash.
    pub hash: String,
}

/// A weapon in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeaponSummary {
    /// Weapon id.
    pub id: String,
    /// Serial.
    pub serial: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Category.
    pub category: String,
    /// Status.
    pub status: String,
}

/// Weapons found by serial.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeaponList {
    /// The weapons.
    pub weapons: Vec<WeaponSummary>,
}

/// One search hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// The weapon.
    pub weapon: WeaponSummary,
    /// The marking that matched best.
    pub marking: String,
    /// exact, confusion, wildcard, edit…
    pub match_kind: String,
    /// 1–1000, higher is better.
    pub score: u32,
    /// Why it matched.
    pub why: Vec<String>,
}

/// A search answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    /// The query as given.
    pub query: String,
    /// Hits in rank order.
    pub hits: Vec<SearchHit>,
}

/// Counts and head of the registry.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    /// Ledger entries.
    pub entries: u64,
    /// Weapons.
    pub weapons: u64,
    /// Holders.
    pub holders: u64,
    /// To be marked or destroyed (PoA II.8).
    pub to_be_marked_or_destroyed: u64,
    /// Weapons by status.
    pub by_status: Vec<StatusCount>,
    /// Ledger head position.
    pub head_seq: u64,
    /// Ledger head hash.
    pub head_hash: String,
}

/// Weapons of one status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    /// Status.
    pub status: String,
    /// How many.
    pub weapons: u64,
}

/// A holder.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolderOut {
    /// Id.
    pub id: String,
    /// Unique code.
    pub code: String,
    /// Kind (machine name).
    pub kind: String,
    /// Name.
    pub name: String,
    /// Parent agency's code.
    pub parent: Option<String>,
    /// Country, for foreign holders.
    pub country: Option<String>,
    /// Licence number.
    pub licence: Option<String>,
}

/// Every holder.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolderList {
    /// The holders.
    pub holders: Vec<HolderOut>,
}

/// A document an event rests on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn {
    /// licence, court_order, certificate, end_user_certificate, destruction_certificate,
    /// police_report, other.
    pub kind: String,
    /// Its number.
    pub reference: String,
}

/// A marking applied by an event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkingIn {
    /// Marking kind (machine name).
    pub kind: String,
    /// Place (machine name).
    pub place: String,
    /// Text as stamped.
    pub text: String,
    /// Country named (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// Year carried.
    #[serde(default)]
    #[schema(maximum = 65535)]
    pub year: Option<u16>,
}

/// One event to record on a weapon (the fields of the events import format).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    /// Event id; derived from the content when absent, so a repeated request records
    /// nothing new.
    #[serde(default)]
    pub id: Option<String>,
    /// What happened (event kind machine name).
    pub kind: String,
    /// When: `YYYY-MM-DD` or RFC 3339.
    pub occurred_at: String,
    /// Holder code after the event.
    #[serde(default)]
    pub holder: Option<String>,
    /// The other country (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// Where.
    #[serde(default)]
    pub location: Option<String>,
    /// The document it rests on.
    #[serde(default)]
    pub document: Option<DocumentIn>,
    /// The marking applied (import, marked).
    #[serde(default)]
    pub marking: Option<MarkingIn>,
    /// How destroyed.
    #[serde(default)]
    pub method: Option<String>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// For a correction: the event corrected.
    #[serde(default)]
    pub corrects: Option<String>,
    /// For a correction: why.
    #[serde(default)]
    pub reason: Option<String>,
    /// For a correction: strike the corrected event out.
    #[serde(default)]
    pub void: Option<bool>,
}

/// A weapon to register (the columns of the weapons import format).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWeapon {
    /// Category (machine name: pistol_revolver, assault_rifle…).
    pub category: String,
    /// Make (manufacturer).
    pub make: String,
    /// Model.
    pub model: String,
    /// Calibre.
    pub calibre: String,
    /// Serial number as marked; empty when there is none (the weapon is then listed as
    /// to be marked or destroyed, PoA II.8).
    #[serde(default)]
    pub serial: String,
    /// Country of manufacture (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country_of_manufacture: Option<String>,
    /// Year of manufacture.
    #[serde(default)]
    pub year_of_manufacture: Option<u16>,
    /// Import marking as read.
    #[serde(default)]
    pub import_marking: Option<String>,
    /// Country of the import marking.
    #[serde(default)]
    pub import_country: Option<String>,
    /// Year of the import marking.
    #[serde(default)]
    pub import_year: Option<u16>,
    /// Holder code.
    #[serde(default)]
    pub holder: Option<String>,
    /// Status at registration (machine name); `in_stock` when absent.
    #[serde(default)]
    pub status: Option<String>,
    /// Further markings, in the cell syntax of the import format.
    #[serde(default)]
    pub markings: Option<String>,
    /// Day it entered the registry (YYYY-MM-DD); today when absent.
    #[serde(default)]
    pub registered_on: Option<String>,
}

/// A weapon registered (or recognised as registered before).
#[derive(Debug, Serialize, ToSchema)]
pub struct WeaponRegistered {
    /// Weapon id.
    pub weapon_id: String,
    /// Ledger position; absent when it was registered before.
    pub seq: Option<u64>,
    /// It was registered before; nothing was written.
    pub already_present: bool,
}

/// The weapon as `(column, value)` pairs of the weapons import format.
pub fn weapon_fields(w: &NewWeapon) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("category", w.category.clone()),
        ("make", w.make.clone()),
        ("model", w.model.clone()),
        ("calibre", w.calibre.clone()),
        ("serial", w.serial.clone()),
    ];
    let mut opt = |c: &'static str, v: Option<String>| {
        if let Some(v) = v {
            f.push((c, v));
        }
    };
    opt("country_of_manufacture", w.country_of_manufacture.clone());
    opt(
        "year_of_manufacture",
        w.year_of_manufacture.map(|y| y.to_string()),
    );
    opt("import_marking", w.import_marking.clone());
    opt("import_country", w.import_country.clone());
    opt("import_year", w.import_year.map(|y| y.to_string()));
    opt("holder", w.holder.clone());
    opt("status", w.status.clone());
    opt("markings", w.markings.clone());
    opt("registered_on", w.registered_on.clone());
    f
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    /// Data rows read.
    pub rows: u64,
    /// Rows stored.
    pub written: u64,
    /// Rows already in the store (nothing written).
    pub already_present: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The first rejected rows (at most 20).
    pub rejections: Vec<RejectedRowOut>,
}

/// A row not imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedRowOut {
    /// Line of the file (the header is line 1).
    pub row: u64,
    /// Column at fault (`-`: the row as a whole).
    pub column: String,
    /// The value found.
    pub value: String,
    /// The rule broken.
    pub reason: String,
}

/// The wire form of an import report.
pub fn import_out(r: &armtrace_bulk::import::ImportReport) -> ImportOut {
    ImportOut {
        rows: r.rows,
        written: r.written,
        already_present: r.already_present,
        rejected: r.rejected,
        rejections: r
            .first_rejections
            .iter()
            .map(|x| RejectedRowOut {
                row: x.row,
                column: x.column.clone(),
                value: x.value.clone(),
                reason: x.reason.clone(),
            })
            .collect(),
    }
}

/// An event recorded (or recognised as recorded before).
#[derive(Debug, Serialize, ToSchema)]
pub struct EventRecorded {
    /// Event id.
    pub event_id: String,
    /// Ledger position; absent when it was recorded before.
    pub seq: Option<u64>,
    /// It was recorded before; nothing was written.
    pub already_present: bool,
}

/// What verification found.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyOut {
    /// Nothing wrong.
    pub intact: bool,
    /// Entries walked.
    pub entries: u64,
    /// Weapons compared.
    pub weapons: u64,
    /// Holders compared.
    pub holders: u64,
    /// Head position.
    pub head_seq: u64,
    /// Head hash.
    pub head_hash: String,
    /// Problems found.
    pub problems: Vec<String>,
}

/// Login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginIn {
    /// Account name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A session started; the session id is in the `armtrace_session` cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginOut {
    /// Account name.
    pub username: String,
    /// Role.
    pub role: String,
    /// Send it in `X-CSRF-Token` on every state-changing request of this session.
    pub csrf_token: String,
    /// Idle timeout, seconds.
    pub idle_timeout_seconds: u64,
    /// Absolute timeout, seconds.
    pub absolute_timeout_seconds: u64,
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// Account name.
    #[schema(pattern = "^[A-Za-z0-9._@-]{1,64}$")]
    pub username: String,
    /// Role (machine name).
    pub role: String,
    /// Initial password (at least 12 characters).
    #[schema(min_length = 12)]
    pub password: String,
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountOut {
    /// Account name.
    pub username: String,
    /// Role.
    pub role: String,
}

/// A token request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for (1 to 200 characters, not only spaces).
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub label: String,
}

/// A token issued: shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// Its label.
    pub label: String,
}

/// A line of the access log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLine {
    /// Position.
    pub seq: u64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub target: String,
    /// From where (client address).
    pub client: String,
    /// How it ended.
    pub outcome: String,
    /// Hash of the line before.
    pub prev_hash: String,
    /// Hash of this line.
    pub hash: String,
}

/// A page of the access log with a check of the whole chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLog {
    /// The chain is unbroken.
    pub intact: bool,
    /// The first break, if any.
    pub problem: Option<String>,
    /// Lines in the log.
    pub total: u64,
    /// Head hash.
    pub head_hash: String,
    /// The lines asked for.
    pub entries: Vec<AccessLine>,
}

/// `?serial=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SerialParams {
    /// The serial as marked.
    pub serial: String,
}

/// `?q=&limit=&offset=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query (`docs/search.md`).
    #[param(min_length = 1)]
    pub q: String,
    /// At most this many hits (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
}

/// `?after=&limit=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Lines after this position (default 0).
    pub after: Option<u64>,
    /// At most this many (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

// ---- conversions -------------------------------------------------------------------

fn marking_out(m: &Marking) -> MarkingOut {
    MarkingOut {
        kind: m.kind.name().into(),
        place: m.place.name().into(),
        text: m.text.clone(),
        country: m.country.map(|c| c.to_string()),
        year: m.year,
    }
}

fn holder_label(holders: &HashMap<HolderId, &Holder>, id: Option<HolderId>) -> Option<String> {
    id.map(|id| match holders.get(&id) {
        Some(h) => format!("{} ({})", h.name, h.code),
        None => id.to_string(),
    })
}

fn history(
    entries: &[Entry],
    holders: &HashMap<HolderId, &Holder>,
) -> Result<Vec<HistoryItem>, String> {
    let records: Vec<Record> = entries
        .iter()
        .map(|e| e.record().map_err(|x| x.to_string()))
        .collect::<Result<_, _>>()?;
    let superseded: HashSet<EventId> = records
        .iter()
        .filter_map(|r| match r {
            Record::WeaponEvent(WeaponEvent {
                correction: Some(c),
                ..
            }) => Some(c.corrects),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (e, r) in entries.iter().zip(records) {
        let mut h = HistoryItem {
            seq: e.seq,
            entry_id: e.id.to_string(),
            recorded_at: armtrace_domain::ledger::format_recorded_at(&e.recorded_at),
            recorded_by: e.recorded_by.clone(),
            record: String::new(),
            occurred: None,
            holder: None,
            country: None,
            location: None,
            document: None,
            marking: None,
            method: None,
            notes: None,
            corrects: None,
            reason: None,
            superseded: superseded.contains(&EventId(e.id.0)),
            hash: e.hash.to_string(),
        };
        match r {
            Record::WeaponRegistered(reg) => {
                h.record = "registered".into();
                h.occurred = Some(reg.registered_on.format("%Y-%m-%d").to_string());
                h.holder = holder_label(holders, reg.holder);
                h.notes = reg.status.map(|s| format!("status at registration: {s}"));
            }
            Record::WeaponEvent(ev) => {
                h.record = ev.kind.name().into();
                h.occurred = Some(ev.occurred.to_string());
                h.holder = holder_label(holders, ev.holder);
                h.country = ev.country.map(|c| c.to_string());
                h.location = ev.location.clone();
                h.document = ev
                    .document
                    .as_ref()
                    .map(|d| format!("{} {}", d.kind, d.reference));
                h.marking = ev
                    .marking
                    .as_ref()
                    .map(|m| format!("{} ({}, {})", m.text, m.kind, m.place));
                h.method = ev.method.map(|m| m.name().into());
                h.notes = ev.notes.clone();
                if let Some(c) = &ev.correction {
                    h.corrects = Some(c.corrects.to_string());
                    h.reason = Some(if c.void {
                        format!("{} (struck out)", c.reason)
                    } else {
                        c.reason.clone()
                    });
                }
            }
            Record::HolderRegistered(_) => continue,
        }
        out.push(h);
    }
    Ok(out)
}

/// The holders a weapon record names (its holder, and the holder after each entry of
/// its history): the ones [`weapon`] needs.
pub fn holders_named(w: &WeaponRow, entries: &[Entry]) -> Vec<HolderId> {
    let mut ids: Vec<HolderId> = w.holder.into_iter().collect();
    for e in entries {
        match e.record() {
            Ok(Record::WeaponRegistered(reg)) => ids.extend(reg.holder),
            Ok(Record::WeaponEvent(ev)) => ids.extend(ev.holder),
            _ => {}
        }
    }
    ids
}

/// A weapon record from its row, its ledger entries and the holders (at least those
/// [`holders_named`] names).
pub fn weapon(w: &WeaponRow, entries: &[Entry], holders: &[Holder]) -> Result<Weapon, String> {
    let by_id: HashMap<HolderId, &Holder> = holders.iter().map(|h| (h.id, h)).collect();
    let d = &w.description;
    Ok(Weapon {
        id: w.id.to_string(),
        category: d.category.name().into(),
        make: d.make.clone(),
        model: d.model.clone(),
        calibre: d.calibre.clone(),
        serial: d.serial.clone(),
        country_of_manufacture: d.country_of_manufacture.map(|c| c.to_string()),
        year_of_manufacture: d.year_of_manufacture,
        status: w.status.name().into(),
        holder: holder_label(&by_id, w.holder),
        holder_code: w
            .holder
            .and_then(|id| by_id.get(&id).map(|h| h.code.clone())),
        location: w.location.clone(),
        to_be_marked_or_destroyed: w.to_be_marked_or_destroyed(),
        deficiencies: w
            .deficiencies
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        markings: w.markings.iter().map(marking_out).collect(),
        history: history(entries, &by_id)?,
    })
}

/// A weapon in a list.
pub fn summary(w: &WeaponRow) -> WeaponSummary {
    let d = &w.description;
    WeaponSummary {
        id: w.id.to_string(),
        serial: d.serial.clone(),
        make: d.make.clone(),
        model: d.model.clone(),
        category: d.category.name().into(),
        status: w.status.name().into(),
    }
}

/// A search hit.
pub fn hit(f: &Found) -> SearchHit {
    SearchHit {
        weapon: summary(&f.weapon),
        marking: f.hit.marking.clone(),
        match_kind: f.hit.tier.name().to_string(),
        score: f.hit.score,
        why: f.hit.why.iter().map(ToString::to_string).collect(),
    }
}

/// The stats.
pub fn stats(c: &Counts, head: (u64, armtrace_domain::EntryHash)) -> Stats {
    Stats {
        entries: c.entries,
        weapons: c.weapons,
        holders: c.holders,
        to_be_marked_or_destroyed: c.to_be_marked,
        by_status: c
            .by_status
            .iter()
            .map(|(s, n)| StatusCount {
                status: s.clone(),
                weapons: *n,
            })
            .collect(),
        head_seq: head.0,
        head_hash: head.1.to_string(),
    }
}

/// Every holder.
pub fn holders(hs: &[Holder]) -> HolderList {
    let codes: HashMap<HolderId, &str> = hs.iter().map(|h| (h.id, h.code.as_str())).collect();
    HolderList {
        holders: hs
            .iter()
            .map(|h| HolderOut {
                id: h.id.to_string(),
                code: h.code.clone(),
                kind: h.kind.name().into(),
                name: h.name.clone(),
                parent: h.parent.and_then(|p| codes.get(&p).map(|c| c.to_string())),
                country: h.country.map(|c| c.to_string()),
                licence: h.licence.clone(),
            })
            .collect(),
    }
}

/// A verification report.
pub fn verify(r: &VerifyReport) -> VerifyOut {
    VerifyOut {
        intact: r.is_intact(),
        entries: r.entries,
        weapons: r.weapons,
        holders: r.holders,
        head_seq: r.head.0,
        head_hash: r.head.1.to_string(),
        problems: r.problems.iter().map(ToString::to_string).collect(),
    }
}

/// An access log line.
pub fn access_line(e: &crate::access_log::AccessEntry) -> AccessLine {
    AccessLine {
        seq: e.seq,
        at: e.at.clone(),
        actor: e.access.actor.clone(),
        action: e.access.action.clone(),
        target: e.access.target.clone(),
        client: e.access.client.clone(),
        outcome: e.access.outcome.clone(),
        prev_hash: e.prev_hash.clone(),
        hash: e.hash.clone(),
    }
}

/// Escapes a marking text for the cell syntax of the import format.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;")
}

/// The event as `(column, value)` pairs of the events import format, with the column
/// each API field maps to, so that the importer's checks and messages apply unchanged.
pub fn event_fields(e: &NewEvent) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("kind", e.kind.clone()),
        ("occurred_at", e.occurred_at.clone()),
    ];
    let mut opt = |c: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            f.push((c, v.clone()));
        }
    };
    opt("id", &e.id);
    opt("holder", &e.holder);
    opt("country", &e.country);
    opt("location", &e.location);
    opt("method", &e.method);
    opt("notes", &e.notes);
    opt("corrects", &e.corrects);
    opt("reason", &e.reason);
    if let Some(d) = &e.document {
        f.push(("document_kind", d.kind.clone()));
        f.push(("document_ref", d.reference.clone()));
    }
    if let Some(m) = &e.marking {
        let mut head = format!("{}/{}", m.kind, m.place);
        if m.country.is_some() || m.year.is_some() {
            head.push('/');
            head.push_str(m.country.as_deref().unwrap_or(""));
            if let Some(y) = m.year {
                head.push_str(&format!("/{y}"));
            }
        }
        f.push(("marking", format!("{head}={}", escape(&m.text))));
    }
    if let Some(v) = e.void {
        f.push(("void", v.to_string()));
    }
    f
}

/// The API field of an import-format column.
pub fn field_of_column(column: &str) -> String {
    match column {
        "document_kind" => "document.kind".into(),
        "document_ref" => "document.reference".into(),
        other => other.into(),
    }
}
