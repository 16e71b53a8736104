//! Recording through the server — one event on a weapon, or a new weapon — written once
//! for the API and the pages: the importer's field checks, agency scoping, then
//! [`armtrace_store::Store::apply`] with the registry's rules, then the search index
//! catches up. Blocking: call inside [`crate::error::blocking`].

use crate::AppState;
use crate::api;
use crate::error::{ApiError, ErrorCode};
use armtrace_bulk::rows::{HolderCodes, event_from_fields, weapon_from_fields};
use armtrace_domain::ledger::Record;
use armtrace_domain::{Holder, HolderId, WeaponId};
use std::collections::HashMap;

/// Whether `holder` is the agency with code `agency` or one of its units, depots or
/// stations (by the parent chain). An officer scoped to an agency changes only the
/// holdings of that agency.
pub fn within_agency(holders: &[Holder], holder: Option<HolderId>, agency: &str) -> bool {
    let by_id: HashMap<HolderId, &Holder> = holders.iter().map(|h| (h.id, h)).collect();
    let mut current = holder.and_then(|id| by_id.get(&id).copied());
    // A parent chain is finite, but a damaged store could loop: bound the walk.
    for _ in 0..=holders.len() {
        let Some(h) = current else { return false };
        if h.code == agency {
            return true;
        }
        current = h.parent.and_then(|p| by_id.get(&p).copied());
    }
    false
}

fn outside(agency: &str) -> ApiError {
    ApiError::new(
        ErrorCode::OutsideAgency,
        format!(
            "this weapon is not held by your agency ({agency}) or one of its units: \
             only its holder's officers may record on it"
        ),
    )
}

fn codes(holders: &[Holder]) -> HolderCodes {
    holders
        .iter()
        .map(|h| (h.code.clone(), (h.id, h.kind)))
        .collect()
}

/// Records `body` on weapon `id` as `author`, scoped to `agency` when given.
pub(crate) fn record_event(
    state: &AppState,
    author: &str,
    agency: Option<&str>,
    id: WeaponId,
    body: &api::NewEvent,
) -> Result<api::EventRecorded, ApiError> {
    let store = state.store();
    let Some(weapon) = store.weapon(id)? else {
        return Err(ApiError::new(
            ErrorCode::WeaponNotFound,
            format!("no weapon {id}"),
        ));
    };
    let holders = store.holders()?;
    if let Some(a) = agency
        && !within_agency(&holders, weapon.holder, a)
    {
        return Err(outside(a));
    }
    let fields = api::event_fields(body);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(c, v)| (*c, v.as_str())).collect();
    let event = event_from_fields(&refs, id, &codes(&holders)).map_err(|p| {
        ApiError::new(ErrorCode::InvalidField, p.reason).field(api::field_of_column(&p.column))
    })?;
    let event_id = event.id;
    let outcome = store.apply(&[Record::WeaponEvent(event)], author, chrono::Utc::now())?;
    if let Some(r) = outcome.rejected.first() {
        return Err(ApiError::new(ErrorCode::RuleViolation, r.reason.clone()));
    }
    let seq = outcome.written.first().map(|(_, seq)| *seq);
    if seq.is_some() {
        state.index_catch_up()?;
    }
    Ok(api::EventRecorded {
        event_id: event_id.to_string(),
        seq,
        already_present: seq.is_none(),
    })
}

/// A weapon registered, or recognised as registered before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Registered {
    /// The weapon (the one registered before, when it was).
    pub weapon: WeaponId,
    /// Ledger position; `None` when it was registered before.
    pub seq: Option<u64>,
}

/// Registers the weapon given as weapons-format `(column, value)` pairs as `author`,
/// scoped to `agency` when given (the holder must then be in it).
pub(crate) fn register_weapon(
    state: &AppState,
    author: &str,
    agency: Option<&str>,
    fields: &[(&str, &str)],
) -> Result<Registered, ApiError> {
    let store = state.store();
    let holders = store.holders()?;
    let now = chrono::Utc::now();
    let registration = weapon_from_fields(fields, &codes(&holders), now.date_naive())
        .map_err(|p| ApiError::new(ErrorCode::InvalidField, p.reason).field(p.column))?;
    if let Some(a) = agency
        && !within_agency(&holders, registration.holder, a)
    {
        return Err(ApiError::new(
            ErrorCode::OutsideAgency,
            format!("you may register weapons only for your agency ({a}) or its units"),
        )
        .field("holder"));
    }
    let key = armtrace_domain::natural_key::natural_key(&registration.description);
    let weapon = registration.weapon;
    let outcome = store.apply(&[Record::WeaponRegistered(registration)], author, now)?;
    if let Some(r) = outcome.rejected.first() {
        return Err(ApiError::new(ErrorCode::RuleViolation, r.reason.clone()));
    }
    if let Some((_, seq)) = outcome.written.first() {
        state.index_catch_up()?;
        return Ok(Registered {
            weapon,
            seq: Some(*seq),
        });
    }
    // Registered before under the same markings: name that weapon.
    let before = match key {
        Some(k) => store
            .weapon_ids_by_natural_key(&[k])?
            .into_values()
            .next()
            .unwrap_or(weapon),
        None => weapon,
    };
    Ok(Registered {
        weapon: before,
        seq: None,
    })
}
