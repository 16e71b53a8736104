//! What the registry says about a traced weapon: the weapon found for a request's
//! description, and the findings of an answer drafted from its records — manufacture,
//! exports with licence and recipient, imports, the last legal holder (ITI plan A.3,
//! `001_457efa9667c1123e.txt`; PoA II.9 records, `002_a5a242391c6e9d2d.txt`).

use crate::NodeError;
use armtrace_domain::event::{EventKind, WeaponEvent};
use armtrace_domain::ledger::Record;
use armtrace_domain::natural_key::fold;
use armtrace_domain::{CountryCode, HolderId, Status, WeaponId};
use armtrace_exchange::{
    LegalHolder, Manufacture, RecordedTransfer, TraceFindings, TracedMarking, TracedWeapon,
};
use armtrace_index::SearchIndex;
use armtrace_search::Query;
use armtrace_store::{Store, StoreError, WeaponRow};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The lowest score of a marking-search hit taken as the traced weapon: matches up to
/// the confusion table (look-alike characters, `0`/`O`, `1`/`I`…, `docs/search.md`), not
/// mere edits, which would offer a requesting State another weapon's history.
pub const MIN_SCORE: u32 = 601;

/// The most hits read per reading.
const HITS_PER_READING: usize = 10;

/// The weapons of the registry that fit a traced description, best first: with the
/// marking search `index` when given (ITI plan A.4 asks the requested State to search
/// with what was read, `001_457efa9667c1123e.txt`; the request's serial and each
/// marking's text, tolerant of misreadings up to [`MIN_SCORE`]), otherwise by the
/// folded serial; then only those whose make and country of manufacture, when the
/// request gives them, agree.
pub fn find(
    store: &Store,
    index: Option<&Mutex<SearchIndex>>,
    w: &TracedWeapon,
) -> Result<Vec<WeaponRow>, NodeError> {
    let mut readings: Vec<&str> = Vec::new();
    if let Some(s) = &w.serial {
        readings.push(s);
    }
    readings.extend(w.markings.iter().map(|m| m.text.as_str()));
    let make = w.make.as_deref().map(fold).filter(|m| !m.is_empty());
    let fits = |row: &WeaponRow| {
        let d = &row.description;
        if make.as_ref().is_some_and(|m| &fold(&d.make) != m) {
            return false;
        }
        !matches!((w.country_of_manufacture, d.country_of_manufacture), (Some(a), Some(b)) if a != b)
    };
    // (score, reading order) of each weapon, to rank them.
    let mut ranked: Vec<(u32, usize, WeaponRow)> = Vec::new();
    let mut seen = HashSet::new();
    for (order, reading) in readings.iter().enumerate() {
        for row in store.weapons_by_serial(reading)? {
            if fold(&row.description.serial) == fold(reading) && fits(&row) && seen.insert(row.id) {
                ranked.push((1000, order, row));
            }
        }
        let Some(index) = index else { continue };
        // A reading the search cannot take (only wildcards, too long) is left to the
        // serial lookup above.
        let Ok(query) = Query::from_reading(reading) else {
            continue;
        };
        let hits = {
            let mut index = index.lock().unwrap_or_else(|p| p.into_inner());
            if index.position() != store.head()?.0 {
                index
                    .catch_up()
                    .map_err(|e| NodeError::Search(e.to_string()))?;
            }
            index.hits(&query, HITS_PER_READING, 0)
        };
        let hits: Vec<_> = hits.into_iter().filter(|h| h.score >= MIN_SCORE).collect();
        let found =
            armtrace_index::found(store, hits).map_err(|e| NodeError::Search(e.to_string()))?;
        for f in found {
            if fits(&f.weapon) && seen.insert(f.weapon.id) {
                ranked.push((f.hit.score, order, f.weapon));
            }
        }
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked.into_iter().map(|(_, _, row)| row).collect())
}

/// A registry weapon as a traced weapon (what a request or an answer says of it).
pub fn traced(row: &WeaponRow) -> TracedWeapon {
    let d = &row.description;
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.chars().take(200).collect());
    TracedWeapon {
        category: Some(d.category.to_string()),
        make: nonempty(&d.make),
        model: nonempty(&d.model),
        calibre: nonempty(&d.calibre),
        serial: nonempty(&d.serial),
        country_of_manufacture: d.country_of_manufacture,
        year_of_manufacture: d.year_of_manufacture.map(i32::from),
        markings: row
            .markings
            .iter()
            .filter(|m| !m.text.trim().is_empty())
            .take(armtrace_exchange::MAX_MARKINGS)
            .map(|m| TracedMarking {
                kind: m.kind.to_string(),
                text: m.text.chars().take(200).collect(),
                place: Some(m.place.to_string()),
                country: m.country,
                year: m.year.map(i32::from),
            })
            .collect(),
    }
}

/// The findings of `weapon`'s records, from the point of view of State `me`; and the
/// State to ask next (the destination of its last export, when it left this State).
pub fn findings(
    store: &Store,
    weapon: WeaponId,
    me: CountryCode,
) -> Result<Option<(TraceFindings, Option<CountryCode>)>, StoreError> {
    let Some(row) = store.weapon(weapon)? else {
        return Ok(None);
    };
    let mut events: Vec<WeaponEvent> = Vec::new();
    let mut corrected = HashSet::new();
    for entry in store.history(weapon)? {
        if let Ok(Record::WeaponEvent(e)) = entry.record() {
            if let Some(c) = &e.correction {
                corrected.insert(c.corrects);
            }
            events.push(e);
        }
    }
    events.retain(|e| e.kind != EventKind::Correction && !corrected.contains(&e.id));
    events.sort_by_key(|e| e.occurred.instant());
    let holder_ids: Vec<HolderId> = events.iter().filter_map(|e| e.holder).collect();
    let mut ids = holder_ids.clone();
    ids.extend(row.holder);
    let holders: HashMap<HolderId, String> = store
        .holders_by_id(&ids)?
        .into_iter()
        .map(|h| (h.id, h.name))
        .collect();
    let name = |h: Option<HolderId>| {
        h.and_then(|h| holders.get(&h).cloned())
            .map(|n| n.chars().take(200).collect::<String>())
    };
    let doc = |e: &WeaponEvent| {
        e.document.as_ref().map(|d| {
            format!("{} {}", d.kind, d.reference)
                .chars()
                .take(200)
                .collect()
        })
    };
    let d = &row.description;
    let made = events.iter().find(|e| e.kind == EventKind::Manufactured);
    let manufacture = Manufacture {
        year: d.year_of_manufacture.map(i32::from),
        date: made.map(|e| e.occurred.date()),
        manufacturer: made
            .and_then(|e| name(e.holder))
            .or_else(|| (!d.make.trim().is_empty()).then(|| d.make.chars().take(200).collect())),
        country: d.country_of_manufacture,
    };
    let manufacture = (manufacture.year.is_some()
        || manufacture.date.is_some()
        || manufacture.manufacturer.is_some()
        || manufacture.country.is_some())
    .then_some(manufacture);
    let exports: Vec<RecordedTransfer> = events
        .iter()
        .filter(|e| e.kind == EventKind::Exported)
        .map(|e| RecordedTransfer {
            date: Some(e.occurred.date()),
            counterpart_state: e.country,
            counterpart: name(e.holder).or_else(|| e.location.clone()),
            document: doc(e),
            marking: None,
        })
        .collect();
    let imports: Vec<RecordedTransfer> = events
        .iter()
        .filter(|e| e.kind == EventKind::Imported)
        .map(|e| RecordedTransfer {
            date: Some(e.occurred.date()),
            counterpart_state: e.country,
            counterpart: name(e.holder),
            document: doc(e),
            marking: e
                .marking
                .as_ref()
                .map(|m| m.text.chars().take(200).collect()),
        })
        .collect();
    // The last legal holder: the holder after the last event that moved the weapon in
    // legal hands, before any loss, theft, seizure or export.
    let legal = [
        EventKind::Manufactured,
        EventKind::Imported,
        EventKind::Transferred,
        EventKind::Issued,
        EventKind::Returned,
    ];
    let last_legal = events
        .iter()
        .rev()
        .find(|e| legal.contains(&e.kind) && e.holder.is_some());
    let last_legal_holder = last_legal.and_then(|e| {
        name(e.holder).map(|n| LegalHolder {
            name: n,
            state: me,
            since: Some(e.occurred.date()),
        })
    });
    let last_move = events
        .iter()
        .rev()
        .find(|e| legal.contains(&e.kind) || e.kind == EventKind::Exported);
    let next_state = last_move
        .filter(|e| e.kind == EventKind::Exported)
        .and_then(|e| e.country);
    let status = (row.status != Status::InService && row.status != Status::InStock)
        .then(|| row.status.to_string());
    Ok(Some((
        TraceFindings {
            weapon: traced(&row),
            manufacture,
            exports,
            imports,
            last_legal_holder: if next_state.is_some() {
                None
            } else {
                last_legal_holder
            },
            status,
        },
        next_state,
    )))
}
