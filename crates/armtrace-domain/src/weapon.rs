//! What identifies a weapon: its category, make, model, calibre, serial, origin and markings.

use crate::country::CountryCode;
use crate::marking::{Marking, MarkingKind, MarkingPlace};
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The category of a small arm or light weapon, following the sub-categories of the
    /// UN Register of Conventional Arms and the Arms Trade Treaty (see `shared/domain.md`),
    /// which the tracing instrument's definition of SALW covers.
    Category, "category" {
        /// Revolvers and self-loading pistols.
        PistolRevolver => "pistol_revolver",
        /// Rifles and carbines.
        RifleCarbine => "rifle_carbine",
        /// Sub-machine guns.
        SubmachineGun => "submachine_gun",
        /// Assault rifles.
        AssaultRifle => "assault_rifle",
        /// Light machine guns.
        LightMachineGun => "light_machine_gun",
        /// Other small arms.
        SmallArmOther => "small_arm_other",
        /// Heavy machine guns.
        HeavyMachineGun => "heavy_machine_gun",
        /// Hand-held under-barrel and mounted grenade launchers.
        GrenadeLauncher => "grenade_launcher",
        /// Portable anti-aircraft guns.
        PortableAntiAircraftGun => "portable_anti_aircraft_gun",
        /// Portable anti-tank guns.
        PortableAntiTankGun => "portable_anti_tank_gun",
        /// Recoilless rifles.
        RecoillessRifle => "recoilless_rifle",
        /// Portable launchers of anti-tank missile and rocket systems.
        AntiTankLauncher => "anti_tank_launcher",
        /// Man-portable air defence systems.
        Manpads => "manpads",
        /// Mortars of calibres below 100 mm.
        Mortar => "mortar",
        /// Other light weapons.
        LightWeaponOther => "light_weapon_other",
    }
);

impl Category {
    /// Whether this is a light weapon (as opposed to a small arm).
    pub fn is_light_weapon(self) -> bool {
        !matches!(
            self,
            Category::PistolRevolver
                | Category::RifleCarbine
                | Category::SubmachineGun
                | Category::AssaultRifle
                | Category::LightMachineGun
                | Category::SmallArmOther
        )
    }
}

/// Everything that describes a weapon, as registered (and as later corrected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeaponDescription {
    /// The category.
    pub category: Category,
    /// The manufacturer, as marked.
    pub make: String,
    /// The model.
    pub model: String,
    /// The calibre.
    pub calibre: String,
    /// The serial number as read (may be empty when the weapon carries none).
    pub serial: String,
    /// The country of manufacture, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_manufacture: Option<CountryCode>,
    /// The year of manufacture, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_of_manufacture: Option<u16>,
    /// Every marking read on the weapon at registration, including the manufacture
    /// marking that carries the serial.
    pub markings: Vec<Marking>,
}

/// A description that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionError {
    /// A required text field is empty.
    #[error("{field} must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A text field is longer than a record should hold.
    #[error("{field} is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A year outside what a weapon record can hold.
    #[error("{field} {year} is outside 1800..={max}")]
    Year {
        /// The field.
        field: &'static str,
        /// The year given.
        year: u16,
        /// The latest year accepted (the current year).
        max: u16,
    },
}

/// Longest make, model, calibre or serial text accepted.
pub const MAX_FIELD_CHARS: usize = 200;
/// Earliest year of manufacture or marking accepted.
pub const MIN_YEAR: u16 = 1800;

/// Checks a year against the range a record can hold.
pub fn check_year(
    field: &'static str,
    year: u16,
    current_year: u16,
) -> Result<(), DescriptionError> {
    if (MIN_YEAR..=current_year).contains(&year) {
        Ok(())
    } else {
        Err(DescriptionError::Year {
            field,
            year,
            max: current_year,
        })
    }
}

impl WeaponDescription {
    /// Builds the manufacture marking from the serial and origin fields, which is how
    /// flat records (CSV, paper books) give it: on the frame or receiver (PoA II.7).
    pub fn manufacture_marking(&self) -> Option<Marking> {
        (!self.serial.trim().is_empty()).then(|| Marking {
            kind: MarkingKind::Manufacture,
            place: MarkingPlace::Frame,
            text: self.serial.clone(),
            country: self.country_of_manufacture,
            year: self.year_of_manufacture,
        })
    }

    /// Checks the description: make, model and calibre present, texts of sane length,
    /// years in range. An unmarked weapon is *valid* (it is accepted and flagged, PoA
    /// II.8), so the serial may be empty.
    pub fn validate(&self, current_year: u16) -> Result<(), DescriptionError> {
        for (field, value, required) in [
            ("make", &self.make, true),
            ("model", &self.model, true),
            ("calibre", &self.calibre, true),
            ("serial", &self.serial, false),
        ] {
            if required && value.trim().is_empty() {
                return Err(DescriptionError::Empty { field });
            }
            let len = value.chars().count();
            if len > MAX_FIELD_CHARS {
                return Err(DescriptionError::TooLong {
                    field,
                    len,
                    max: MAX_FIELD_CHARS,
                });
            }
        }
        if let Some(y) = self.year_of_manufacture {
            check_year("year_of_manufacture", y, current_year)?;
        }
        for m in &self.markings {
            let len = m.text.chars().count();
            if len > MAX_FIELD_CHARS {
                return Err(DescriptionError::TooLong {
                    field: "marking",
                    len,
                    max: MAX_FIELD_CHARS,
                });
            }
            if let Some(y) = m.year {
                check_year("marking year", y, current_year)?;
            }
        }
        Ok(())
    }
}
