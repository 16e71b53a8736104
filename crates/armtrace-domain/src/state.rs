//! A weapon's current state — status, holder, location, markings, deficiencies — derived
//! from its registration and events, and from nothing else. Storage keeps a copy for fast
//! listing; `verify` derives it again and compares, so the copy can never silently
//! disagree with the history (issue: "can never disagree with them").

use crate::event::{EventKind, WeaponEvent};
use crate::holder::HolderKind;
use crate::ids::{EventId, HolderId};
use crate::ledger::Registration;
use crate::marking::{Marking, MarkingKind};
use crate::time::Occurred;
use crate::vocab::vocabulary;
use crate::weapon::WeaponDescription;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

vocabulary!(
    /// Where a weapon stands now.
    Status, "status" {
        /// Issued to and used by a unit or person of a state agency.
        InService => "in_service",
        /// In a depot, at a manufacturer or dealer.
        InStock => "in_stock",
        /// Held by a civilian under licence.
        CivilianLicensed => "civilian_licensed",
        /// Reported lost.
        Lost => "lost",
        /// Reported stolen.
        Stolen => "stolen",
        /// Seized or confiscated.
        Seized => "seized",
        /// Declared surplus, awaiting disposal.
        Surplus => "surplus",
        /// Destroyed.
        Destroyed => "destroyed",
        /// Exported: out of this State's jurisdiction.
        Exported => "exported",
        /// Surrendered or collected.
        Collected => "collected",
        /// Found again after a loss or theft.
        Recovered => "recovered",
    }
);

vocabulary!(
    /// Something missing from a weapon's markings.
    Deficiency, "deficiency" {
        /// No legible manufacture marking, alternative unique code or re-marking: the
        /// weapon must be marked or destroyed (PoA II.8, `002_a5a242391c6e9d2d.txt`).
        NoUniqueMarking => "no_unique_marking",
        /// The manufacture marking does not say the country of manufacture (PoA II.7).
        NoCountryOfManufacture => "no_country_of_manufacture",
        /// Imported without an import marking (ITI plan A.1, `001_457efa9667c1123e.txt`).
        NoImportMarking => "no_import_marking",
    }
);

/// The current state of a weapon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeaponState {
    /// The description, with corrections applied.
    pub description: WeaponDescription,
    /// Every marking now on the weapon (registration and later markings).
    pub markings: Vec<Marking>,
    /// The status.
    pub status: Status,
    /// The holder answerable for it, if any.
    pub holder: Option<HolderId>,
    /// The last known location.
    pub location: Option<String>,
    /// What is missing from its markings; non-empty means "to be marked or destroyed"
    /// unless it is destroyed already.
    pub deficiencies: Vec<Deficiency>,
    /// When its last effective event happened.
    pub last_event: Option<Occurred>,
    /// How many events are in force (after corrections).
    pub events_in_force: usize,
}

impl WeaponState {
    /// Whether the weapon belongs on the "to be marked or destroyed" list (PoA II.8).
    pub fn to_be_marked_or_destroyed(&self) -> bool {
        self.status != Status::Destroyed && !self.deficiencies.is_empty()
    }
}

/// An event that cannot follow the history it would join.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// A field the kind of event needs is missing.
    #[error("a '{kind}' event needs {field}")]
    Missing {
        /// The kind of event.
        kind: EventKind,
        /// What it needs.
        field: &'static str,
    },
    /// Nothing but a correction can follow destruction.
    #[error(
        "event {event} ({kind} on {occurred}) comes after the weapon was destroyed on {destroyed}; only a correction may follow destruction"
    )]
    AfterDestruction {
        /// The offending event.
        event: EventId,
        /// Its kind.
        kind: EventKind,
        /// When it happened.
        occurred: Occurred,
        /// When the weapon was destroyed.
        destroyed: Occurred,
    },
    /// An exported weapon is out of this State's hands until it is imported again.
    #[error(
        "event {event} ({kind} on {occurred}) comes after the weapon was exported; only 'imported' or a correction may follow an export"
    )]
    AfterExport {
        /// The offending event.
        event: EventId,
        /// Its kind.
        kind: EventKind,
        /// When it happened.
        occurred: Occurred,
    },
    /// `recovered` needs a weapon reported lost or stolen.
    #[error(
        "event {event} (recovered on {occurred}) needs the weapon to be reported lost or stolen first; it was {status}"
    )]
    RecoveredNotMissing {
        /// The offending event.
        event: EventId,
        /// When it happened.
        occurred: Occurred,
        /// The status before it.
        status: Status,
    },
    /// A correction points at an event this weapon does not have.
    #[error("correction {event} points at {corrects}, which is not an event of this weapon")]
    UnknownCorrected {
        /// The correction.
        event: EventId,
        /// What it points at.
        corrects: EventId,
    },
    /// A correction carries a description but does not point at the registration, or
    /// the other way round.
    #[error(
        "correction {event}: only a correction of the registration carries a weapon description, and it must carry one"
    )]
    DescriptionMismatch {
        /// The correction.
        event: EventId,
    },
    /// A registration cannot be struck out: the weapon exists in the record.
    #[error(
        "correction {event} would strike out the registration itself; correct its description instead (a weapon registered by mistake is corrected, not erased)"
    )]
    VoidRegistration {
        /// The correction.
        event: EventId,
    },
    /// A correction's reason is empty.
    #[error("correction {event} must say why it is made")]
    NoReason {
        /// The correction.
        event: EventId,
    },
    /// An event belongs to a different weapon.
    #[error("event {event} belongs to another weapon")]
    WrongWeapon {
        /// The event.
        event: EventId,
    },
}

/// Checks what an event must carry by its kind, on its own.
pub fn check_event_fields(e: &WeaponEvent) -> Result<(), HistoryError> {
    let missing = |field| {
        Err(HistoryError::Missing {
            kind: e.kind,
            field,
        })
    };
    match e.kind {
        EventKind::Manufactured
        | EventKind::Transferred
        | EventKind::Issued
        | EventKind::Returned
        | EventKind::Imported
            if e.holder.is_none() =>
        {
            missing("a holder")
        }
        EventKind::Exported if e.country.is_none() => missing("a destination country"),
        EventKind::Marked if e.marking.is_none() => missing("a marking"),
        EventKind::Correction => match &e.correction {
            None => missing("the event it corrects"),
            Some(c) if c.reason.trim().is_empty() => Err(HistoryError::NoReason { event: e.id }),
            Some(_) => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Derives the current state of a weapon from its registration and all its events, in
/// any order, and checks the history they make.
///
/// Events are put on one time line by when they happened (then by the order given, which
/// callers keep as the ledger order). Corrections replace or strike the event they point
/// at; the last correction of an event wins. `holder_kind` tells the kind of a holder
/// (a transfer to a civilian makes the weapon `civilian_licensed`, to a depot `in_stock`).
pub fn derive(
    registration: &Registration,
    events: &[WeaponEvent],
    holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
) -> Result<WeaponState, HistoryError> {
    // Resolve corrections: the last correction of an id wins.
    let mut corrected: HashMap<EventId, &WeaponEvent> = HashMap::new();
    for e in events {
        if e.weapon != registration.weapon {
            return Err(HistoryError::WrongWeapon { event: e.id });
        }
        check_event_fields(e)?;
        if let Some(c) = &e.correction {
            let is_registration = c.corrects == registration.id;
            if !is_registration
                && !events
                    .iter()
                    .any(|x| x.id == c.corrects && x.kind != EventKind::Correction)
            {
                return Err(HistoryError::UnknownCorrected {
                    event: e.id,
                    corrects: c.corrects,
                });
            }
            if is_registration && c.void {
                return Err(HistoryError::VoidRegistration { event: e.id });
            }
            if !c.void && is_registration != c.description.is_some() {
                return Err(HistoryError::DescriptionMismatch { event: e.id });
            }
            corrected.insert(c.corrects, e);
        }
    }

    let mut description = registration.description.clone();
    if let Some(c) = corrected
        .get(&registration.id)
        .and_then(|e| e.correction.as_ref())
        && let Some(d) = &c.description
    {
        description = d.clone();
    }

    // The events in force, each with its effective content.
    let mut in_force: Vec<(usize, WeaponEvent)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.kind == EventKind::Correction {
            continue;
        }
        let effective = match corrected.get(&e.id) {
            None => e.clone(),
            Some(c) => {
                let corr = c.correction.as_ref();
                if corr.is_some_and(|c| c.void) {
                    continue;
                }
                let mut x = (*c).clone();
                x.id = e.id;
                x.kind = e.kind;
                x.correction = None;
                check_event_fields(&x)?;
                x
            }
        };
        in_force.push((i, effective));
    }
    in_force.sort_by_key(|(i, e)| (e.occurred.instant(), *i));

    let mut markings = description.markings.clone();
    if !markings.iter().any(|m| m.kind == MarkingKind::Manufacture)
        && let Some(m) = description.manufacture_marking()
    {
        markings.insert(0, m);
    }
    let mut state = WeaponState {
        description,
        markings,
        status: Status::InStock,
        holder: None,
        location: None,
        deficiencies: Vec::new(),
        last_event: None,
        events_in_force: in_force.len(),
    };
    // The registration is a snapshot of status and holder on the day the weapon entered
    // the registry: events before it are history leading up to it, events after it
    // change it. Events on the registration day come after it.
    let snapshot_at = Occurred::Date(registration.registered_on).instant();
    let mut snapshot_pending = true;
    let mut destroyed_on: Option<Occurred> = None;
    let mut imported = false;

    let take_snapshot = |state: &mut WeaponState,
                         destroyed_on: &mut Option<Occurred>|
     -> Result<(), HistoryError> {
        // The holder at registration stands even when the source gave no status.
        if registration.holder.is_some() {
            state.holder = registration.holder;
        }
        if let Some(status) = registration.status {
            if let Some(d) = *destroyed_on
                && status != Status::Destroyed
            {
                return Err(HistoryError::AfterDestruction {
                    event: registration.id,
                    kind: EventKind::Correction,
                    occurred: Occurred::Date(registration.registered_on),
                    destroyed: d,
                });
            }
            state.status = status;
            if status != Status::Destroyed {
                state.holder = registration.holder;
            }
            if status == Status::Destroyed && destroyed_on.is_none() {
                *destroyed_on = Some(Occurred::Date(registration.registered_on));
            }
        }
        Ok(())
    };

    for (_, e) in &in_force {
        if snapshot_pending && e.occurred.instant() >= snapshot_at {
            snapshot_pending = false;
            take_snapshot(&mut state, &mut destroyed_on)?;
        }
        if let Some(d) = destroyed_on {
            return Err(HistoryError::AfterDestruction {
                event: e.id,
                kind: e.kind,
                occurred: e.occurred,
                destroyed: d,
            });
        }
        if state.status == Status::Exported && e.kind != EventKind::Imported {
            return Err(HistoryError::AfterExport {
                event: e.id,
                kind: e.kind,
                occurred: e.occurred,
            });
        }
        apply(&mut state, e, holder_kind)?;
        match e.kind {
            EventKind::Destroyed => destroyed_on = Some(e.occurred),
            EventKind::Imported => imported = true,
            _ => {}
        }
        if e.location.is_some() {
            state.location = e.location.clone();
        }
        state.last_event = Some(e.occurred);
    }
    if snapshot_pending {
        take_snapshot(&mut state, &mut destroyed_on)?;
    }

    state.deficiencies = deficiencies(&state.description, &state.markings);
    // ITI plan A.1: an imported weapon carries an import marking, whether it came with
    // the import record or was applied later (a `marked` event).
    if imported
        && !state
            .markings
            .iter()
            .any(|m| m.kind == MarkingKind::Import && m.is_legible())
    {
        state.deficiencies.push(Deficiency::NoImportMarking);
    }
    Ok(state)
}

fn apply(
    state: &mut WeaponState,
    e: &WeaponEvent,
    holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
) -> Result<(), HistoryError> {
    let status = match e.kind {
        EventKind::Manufactured | EventKind::Imported | EventKind::Returned => Status::InStock,
        EventKind::Exported => Status::Exported,
        EventKind::Transferred => match e.holder.and_then(holder_kind) {
            Some(HolderKind::Civilian) => Status::CivilianLicensed,
            Some(HolderKind::StateAgency | HolderKind::AgencyUnit) => Status::InService,
            Some(HolderKind::ForeignState) => Status::Exported,
            _ => Status::InStock,
        },
        EventKind::Issued => Status::InService,
        EventKind::ReportedLost => Status::Lost,
        EventKind::ReportedStolen => Status::Stolen,
        EventKind::Recovered => {
            if !matches!(state.status, Status::Lost | Status::Stolen) {
                return Err(HistoryError::RecoveredNotMissing {
                    event: e.id,
                    occurred: e.occurred,
                    status: state.status,
                });
            }
            Status::Recovered
        }
        EventKind::Seized => Status::Seized,
        EventKind::Collected => Status::Collected,
        EventKind::DesignatedSurplus => Status::Surplus,
        EventKind::Destroyed => Status::Destroyed,
        EventKind::Marked | EventKind::Correction => state.status,
    };
    state.status = status;
    match e.kind {
        EventKind::ReportedLost
        | EventKind::ReportedStolen
        | EventKind::Marked
        | EventKind::DesignatedSurplus => {
            // The holder stays answerable.
        }
        EventKind::Exported => state.holder = e.holder,
        _ => {
            if e.holder.is_some() {
                state.holder = e.holder;
            }
        }
    }
    if let Some(m) = &e.marking {
        state.markings.push(m.clone());
    }
    Ok(())
}

/// What is missing from a weapon's markings (PoA II.7–8).
///
/// A weapon is adequately marked when it carries a legible unique marking: a manufacture
/// marking, an alternative unique code, or a re-marking. A manufacture marking should
/// also say the country of manufacture.
pub fn deficiencies(d: &WeaponDescription, markings: &[Marking]) -> Vec<Deficiency> {
    let unique = markings.iter().any(|m| {
        matches!(
            m.kind,
            MarkingKind::Manufacture | MarkingKind::AlternativeCode | MarkingKind::Remarking
        ) && m.is_legible()
    });
    let mut out = Vec::new();
    if !unique {
        out.push(Deficiency::NoUniqueMarking);
    }
    let remarked = markings
        .iter()
        .any(|m| m.kind == MarkingKind::Remarking && m.is_legible() && m.country.is_some());
    if d.country_of_manufacture.is_none() && !remarked && unique {
        out.push(Deficiency::NoCountryOfManufacture);
    }
    out
}
