//! Markings: what is stamped or engraved on a weapon so that it can be identified.

use crate::country::CountryCode;
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Why a marking was applied.
    MarkingKind, "marking kind" {
        /// At manufacture: manufacturer, country of manufacture and serial number (PoA II.7,
        /// `002_a5a242391c6e9d2d.txt`).
        Manufacture => "manufacture",
        /// At import: the importing country and, where possible, the year (ITI plan A.1,
        /// `001_457efa9667c1123e.txt`).
        Import => "import",
        /// When a weapon leaves state stocks for permanent civilian use.
        StateTransfer => "state_transfer",
        /// An alternative unique user-friendly marking with simple geometric symbols and a
        /// numeric and/or alphanumeric code that identifies the country of manufacture
        /// (PoA II.7).
        AlternativeCode => "alternative_code",
        /// A marking applied later to a weapon found unmarked or inadequately marked
        /// (PoA II.8).
        Remarking => "remarking",
        /// Any other marking (proof marks, unit marks…).
        Other => "other",
    }
);

vocabulary!(
    /// Where on the weapon a marking is.
    MarkingPlace, "marking place" {
        /// The frame or receiver: the essential part the ITI asks markings on.
        Frame => "frame",
        /// The barrel.
        Barrel => "barrel",
        /// The slide or bolt.
        Slide => "slide",
        /// Anywhere else.
        Other => "other",
    }
);

/// One marking as read from the weapon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marking {
    /// Why it was applied.
    pub kind: MarkingKind,
    /// Where it is.
    pub place: MarkingPlace,
    /// The text exactly as read, in whatever script it is stamped.
    pub text: String,
    /// The country it names (of manufacture, of import…), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The year it carries, when it carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

impl Marking {
    /// Whether the text holds anything that identifies: at least one letter or digit of
    /// any script. Blank or punctuation-only text does not identify a weapon.
    pub fn is_legible(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
}
