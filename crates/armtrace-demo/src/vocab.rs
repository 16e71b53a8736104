//! The closed vocabularies of `docs/import-format.md`, as the generator uses them.
//!
//! Every value the generator writes into a vocabulary column comes from one of these
//! lists, so a test can check the files against them.

/// Weapon categories (`weapons.csv`, column `category`): the five small-arms categories
/// first, then `small_arm_other`, then the light-weapons categories (ITI definition).
pub const CATEGORIES: &[&str] = &[
    "pistol_revolver",
    "rifle_carbine",
    "submachine_gun",
    "assault_rifle",
    "light_machine_gun",
    "small_arm_other",
    "heavy_machine_gun",
    "grenade_launcher",
    "portable_anti_aircraft_gun",
    "portable_anti_tank_gun",
    "recoilless_rifle",
    "anti_tank_launcher",
    "manpads",
    "mortar",
    "light_weapon_other",
];

/// The categories of [`CATEGORIES`] that are light weapons.
pub const LIGHT_WEAPON_CATEGORIES: &[&str] = &[
    "heavy_machine_gun",
    "grenade_launcher",
    "portable_anti_aircraft_gun",
    "portable_anti_tank_gun",
    "recoilless_rifle",
    "anti_tank_launcher",
    "manpads",
    "mortar",
    "light_weapon_other",
];

/// Whether `category` is a light-weapons category (anything else in [`CATEGORIES`] is a
/// small arm).
pub fn is_light_weapon(category: &str) -> bool {
    LIGHT_WEAPON_CATEGORIES.contains(&category)
}

/// Weapon statuses (`weapons.csv`, column `status`).
pub const STATUSES: &[&str] = &[
    "in_service",
    "in_stock",
    "civilian_licensed",
    "lost",
    "stolen",
    "seized",
    "surplus",
    "destroyed",
    "exported",
    "collected",
    "recovered",
];

/// Holder kinds (`holders.csv`, column `kind`).
pub const HOLDER_KINDS: &[&str] = &[
    "state_agency",
    "agency_unit",
    "depot",
    "manufacturer",
    "dealer",
    "civilian",
    "foreign_state",
    "other",
];

/// Event kinds (`events.csv`, column `kind`).
pub const EVENT_KINDS: &[&str] = &[
    "manufactured",
    "imported",
    "exported",
    "transferred",
    "issued",
    "returned",
    "reported_lost",
    "reported_stolen",
    "recovered",
    "seized",
    "collected",
    "designated_surplus",
    "destroyed",
    "marked",
    "correction",
];

/// Document kinds (`events.csv`, column `document_kind`).
pub const DOCUMENT_KINDS: &[&str] = &[
    "licence",
    "court_order",
    "certificate",
    "end_user_certificate",
    "destruction_certificate",
    "police_report",
    "other",
];

/// Destruction methods (`events.csv`, column `method`).
pub const DESTRUCTION_METHODS: &[&str] = &[
    "cutting",
    "crushing",
    "smelting",
    "burning",
    "shredding",
    "detonation",
    "other",
];

/// Marking kinds (first field of a marking in the `markings` cell or `marking` column).
pub const MARKING_KINDS: &[&str] = &[
    "manufacture",
    "import",
    "state_transfer",
    "alternative_code",
    "remarking",
    "other",
];

/// Marking places (second field of a marking).
pub const MARKING_PLACES: &[&str] = &["frame", "barrel", "slide", "other"];
