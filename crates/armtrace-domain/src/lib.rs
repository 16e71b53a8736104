//! The armtrace domain: what a national registry of small arms and light weapons holds,
//! and the rules it keeps.
//!
//! This crate does no I/O and knows nothing of databases, files or HTTP. Every rule that
//! comes from the source texts cites its paragraph (files under `shared/seeds/`):
//!
//! - `002_a5a242391c6e9d2d.txt` — the Programme of Action (PoA), 2001;
//! - `001_457efa9667c1123e.txt` — the 2012 outcome with the International Tracing
//!   Instrument (ITI) implementation plan.
//!
//! The shape of the model:
//!
//! - a [`holder::Holder`] is anyone who can hold a weapon (agencies, depots, dealers…);
//! - a [`weapon::WeaponDescription`] is what identifies a weapon, with its
//!   [`marking::Marking`]s;
//! - a [`event::WeaponEvent`] is one thing that happened to a weapon;
//! - the [`ledger`] is the append-only, hash-chained sequence of every record;
//! - a weapon's [`state::WeaponState`] (status, holder, location, markings) is only ever
//!   derived from its records, so it cannot disagree with them.
#![deny(missing_docs)]

pub mod access;
pub mod country;
pub mod event;
pub mod holder;
pub mod ids;
pub mod ledger;
pub mod marking;
pub mod natural_key;
pub mod retention;
pub mod state;
pub mod time;
pub mod vocab;
pub mod weapon;

pub use country::CountryCode;
pub use event::{DestructionMethod, DocumentKind, DocumentRef, EventKind, WeaponEvent};
pub use holder::{Holder, HolderKind};
pub use ids::{EntryId, EventId, HolderId, WeaponId};
pub use ledger::{Entry, EntryHash, Record, Registration};
pub use marking::{Marking, MarkingKind, MarkingPlace};
pub use state::{Deficiency, Status, WeaponState};
pub use time::Occurred;
pub use weapon::{Category, WeaponDescription};
