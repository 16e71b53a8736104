//! Holders: whoever holds a weapon lawfully, or is answerable for it.

use crate::country::CountryCode;
use crate::ids::HolderId;
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What kind of holder (PoA II.9: records of holding; II.17: stockpiles of armed
    /// forces, police and other authorized bodies).
    HolderKind, "holder kind" {
        /// A ministry, armed force, police, customs or other state body.
        StateAgency => "state_agency",
        /// A unit of a state agency (battalion, police station…).
        AgencyUnit => "agency_unit",
        /// A depot or armoury where weapons are stocked.
        Depot => "depot",
        /// A licensed manufacturer.
        Manufacturer => "manufacturer",
        /// A licensed dealer.
        Dealer => "dealer",
        /// A civilian licence holder (personal data kept to the minimum).
        Civilian => "civilian",
        /// A foreign State or foreign recipient of an export.
        ForeignState => "foreign_state",
        /// Anyone else.
        Other => "other",
    }
);

/// A holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// Identifier.
    pub id: HolderId,
    /// The registry's own unique code for it (`DEPOT-07`).
    pub code: String,
    /// What kind of holder.
    pub kind: HolderKind,
    /// The name to show.
    pub name: String,
    /// The agency a unit or depot belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<HolderId>,
    /// The country, for foreign holders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// A licence number (manufacturers, dealers, civilians).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// A holder that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolderError {
    /// The code is empty, too long, or holds characters other than letters, digits,
    /// `-`, `_`, `.` and `/`.
    #[error("holder code '{0}' must be 1 to 64 letters, digits, '-', '_', '.' or '/'")]
    BadCode(String),
    /// The name is empty or too long.
    #[error("holder name must be 1 to 200 characters")]
    BadName,
    /// A unit or depot names a parent that is not an agency.
    #[error("the parent of a {kind} must be a state agency or unit")]
    BadParent {
        /// The holder's kind.
        kind: HolderKind,
    },
}

impl Holder {
    /// Checks the holder's own fields.
    pub fn validate(&self) -> Result<(), HolderError> {
        let code_ok = !self.code.is_empty()
            && self.code.chars().count() <= 64
            && self
                .code
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if !code_ok {
            return Err(HolderError::BadCode(self.code.clone()));
        }
        let n = self.name.trim().chars().count();
        if n == 0 || n > 200 {
            return Err(HolderError::BadName);
        }
        Ok(())
    }

    /// Checks the kind of the parent holder, if there is one.
    pub fn validate_parent(&self, parent_kind: HolderKind) -> Result<(), HolderError> {
        if matches!(
            parent_kind,
            HolderKind::StateAgency | HolderKind::AgencyUnit
        ) {
            Ok(())
        } else {
            Err(HolderError::BadParent { kind: self.kind })
        }
    }
}
