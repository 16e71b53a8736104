//! Events: the things that happen to a weapon, recorded one after another and never
//! changed (PoA II.9, `002_a5a242391c6e9d2d.txt`: records of manufacture, holding and
//! transfer; ITI plan A.2, `001_457efa9667c1123e.txt`).

use crate::country::CountryCode;
use crate::ids::{EventId, HolderId, WeaponId};
use crate::marking::Marking;
use crate::time::Occurred;
use crate::vocab::vocabulary;
use crate::weapon::WeaponDescription;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What happened.
    EventKind, "event kind" {
        /// Made by a licensed manufacturer (the holder).
        Manufactured => "manufactured",
        /// Brought into the country (the holder is the importer); carries the import
        /// marking (ITI plan A.1).
        Imported => "imported",
        /// Sent out of the country (the `country` is the destination).
        Exported => "exported",
        /// Handed to another holder.
        Transferred => "transferred",
        /// Issued from a depot to a unit or person (PoA II.17).
        Issued => "issued",
        /// Returned to a depot.
        Returned => "returned",
        /// Reported lost (PoA II.17).
        ReportedLost => "reported_lost",
        /// Reported stolen (PoA II.17).
        ReportedStolen => "reported_stolen",
        /// Found again after a loss or theft.
        Recovered => "recovered",
        /// Seized or confiscated (PoA II.16).
        Seized => "seized",
        /// Surrendered or collected, e.g. in a DDR or amnesty programme (PoA II.21).
        Collected => "collected",
        /// Declared surplus (PoA II.18).
        DesignatedSurplus => "designated_surplus",
        /// Destroyed (PoA II.16, II.19–20).
        Destroyed => "destroyed",
        /// Marked or re-marked (PoA II.8).
        Marked => "marked",
        /// Corrects an earlier event or the registration; never erases it.
        Correction => "correction",
    }
);

vocabulary!(
    /// The kind of document an event rests on.
    DocumentKind, "document kind" {
        /// An export, import, transit or possession licence.
        Licence => "licence",
        /// A court order.
        CourtOrder => "court_order",
        /// A certificate of any kind.
        Certificate => "certificate",
        /// An end-user certificate (PoA II.12).
        EndUserCertificate => "end_user_certificate",
        /// A destruction certificate.
        DestructionCertificate => "destruction_certificate",
        /// A police report.
        PoliceReport => "police_report",
        /// Anything else.
        Other => "other",
    }
);

vocabulary!(
    /// How a weapon was destroyed (`shared/domain.md`, PoA II.19–20).
    DestructionMethod, "destruction method" {
        /// Cutting.
        Cutting => "cutting",
        /// Crushing.
        Crushing => "crushing",
        /// Smelting.
        Smelting => "smelting",
        /// Burning.
        Burning => "burning",
        /// Shredding.
        Shredding => "shredding",
        /// Detonation (some light weapons).
        Detonation => "detonation",
        /// Another method.
        Other => "other",
    }
);

/// The document an event rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// What kind of document.
    pub kind: DocumentKind,
    /// Its number or reference.
    pub reference: String,
}

/// What a correction does to the record it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionOf {
    /// The event (or registration) corrected.
    pub corrects: EventId,
    /// Why the correction is made.
    pub reason: String,
    /// The corrected record is struck out entirely (it should never have been recorded).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub void: bool,
    /// For a correction of the registration: the corrected description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<WeaponDescription>,
}

/// One event on one weapon.
///
/// A correction is itself an event (kind [`EventKind::Correction`]): unless it voids,
/// its other fields are the corrected content of the event it points at, which keeps its
/// own kind. The corrected event stays in the ledger, visibly superseded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeaponEvent {
    /// Identifier.
    pub id: EventId,
    /// The weapon.
    pub weapon: WeaponId,
    /// What happened.
    pub kind: EventKind,
    /// When it happened.
    pub occurred: Occurred,
    /// Who holds the weapon after it (the manufacturer, importer, new holder, the unit it
    /// was issued to, the seizing agency…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<HolderId>,
    /// The other country: the destination of an export, the origin of an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Where the weapon is or where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The document it rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentRef>,
    /// The marking applied (import, marked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking: Option<Marking>,
    /// How it was destroyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<DestructionMethod>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Set on corrections only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<CorrectionOf>,
}

impl WeaponEvent {
    /// A bare event of `kind` for `weapon` at `occurred`; fill in the rest.
    pub fn new(weapon: WeaponId, kind: EventKind, occurred: Occurred) -> Self {
        Self {
            id: EventId::new(),
            weapon,
            kind,
            occurred,
            holder: None,
            country: None,
            location: None,
            document: None,
            marking: None,
            method: None,
            notes: None,
            correction: None,
        }
    }
}
