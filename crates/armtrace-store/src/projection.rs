//! Building projection rows from the ledger: what is stored for fast reads is always
//! exactly what the domain derives from the records.

use crate::backend::WeaponRow;
use armtrace_domain::ledger::Registration;
use armtrace_domain::natural_key::natural_key;
use armtrace_domain::state::{HistoryError, derive};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{HolderId, HolderKind, WeaponEvent};

/// The projection row of a weapon with this registration and these events.
pub(crate) fn weapon_row(
    registration: &Registration,
    events: &[WeaponEvent],
    holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
) -> Result<WeaponRow, HistoryError> {
    let mut row = new_weapon_row(registration, events, holder_kind, None)?;
    row.natural_key = natural_key(&row.description);
    Ok(row)
}

/// [`weapon_row`] with the natural key left as given (the registration's own, already
/// folded by the caller, when no event has been applied: `None` otherwise, and the caller
/// sets it).
pub(crate) fn new_weapon_row(
    registration: &Registration,
    events: &[WeaponEvent],
    holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
    natural_key: Option<String>,
) -> Result<WeaponRow, HistoryError> {
    let mut state = derive(registration, events, holder_kind)?;
    // The row keeps every current marking in `markings`; the description's own list
    // (markings at registration) is not stored twice.
    state.description.markings.clear();
    Ok(WeaponRow {
        num: 0,
        id: registration.weapon,
        natural_key,
        markings: state.markings,
        status: state.status,
        holder: state.holder,
        location: state.location,
        deficiencies: state
            .deficiencies
            .iter()
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(","),
        // `NaiveDate`'s own form is YYYY-MM-DD (for the years 0 to 9999 a registry holds),
        // without parsing a format string for every row.
        registered_on: registration.registered_on.to_string(),
        last_event: state.last_event.map(|o| o.to_string()),
        events_in_force: u32::try_from(state.events_in_force).unwrap_or(u32::MAX),
        description: state.description,
    })
}
