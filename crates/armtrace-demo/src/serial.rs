//! Manufacturers and the styles of the serial numbers they stamp.
//!
//! Each [`Manufacturer`] carries the models it makes and one or more [`SerialStyle`]s: a
//! pattern that resembles what that maker really stamps on a frame or receiver (Glock's
//! three letters and three digits, Izhmash's Cyrillic series letters, Maadi's
//! Arabic-Indic digits, DIO's Eastern Arabic-Indic digits, ...). The makes are real; the
//! numbers are not.
//!
//! Two ways to draw a serial:
//!
//! - [`serial`] draws a random serial in one of the maker's styles (for search benchmarks
//!   and tests that want the look, not uniqueness);
//! - [`UniqueSerials`] hands out serials that never repeat for a make within one
//!   generated registry, without remembering the serials it gave: it keeps one counter
//!   per (manufacturer, style) and maps the counter through a seeded permutation of the
//!   style's whole number space, so the serials look random but are distinct by
//!   construction. The styles of one make are pairwise disjoint even after folding case,
//!   separators and look-alike scripts (a test checks this), so the serials of a make
//!   are unique across its styles too.
//!
//! # Pattern language
//!
//! A [`SerialStyle::pattern`] is read character by character:
//!
//! | char | stands for |
//! |---|---|
//! | `#` | an ASCII digit `0`–`9` |
//! | `@` | a Latin capital letter, `I` and `O` left out |
//! | `%` | a Cyrillic capital series letter (`А Б В Г Д Е Ж И К Л М Н П Р С Т У Ф Х Ц Ч Ш Э Ю Я`) |
//! | `^` | an Arabic-Indic digit `٠`–`٩` (U+0660–U+0669) |
//! | `~` | an Eastern Arabic-Indic (Persian) digit `۰`–`۹` (U+06F0–U+06F9) |
//! | `&` | an Arabic letter |
//! | `$` | the last two digits of the year of manufacture |
//! | anything else | itself (`LE`, `-`, a space, ...) |

use rand::Rng;

/// Latin letters used in serials (`I` and `O` are avoided by most makers).
const LATIN: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'U',
    'V', 'W', 'X', 'Y', 'Z',
];
/// Cyrillic series letters (the Soviet and Bulgarian factories avoid Ё Й Ъ Ы Ь Щ).
const CYRILLIC: &[char] = &[
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'И', 'К', 'Л', 'М', 'Н', 'П', 'Р', 'С', 'Т', 'У', 'Ф', 'Х',
    'Ц', 'Ч', 'Ш', 'Э', 'Ю', 'Я',
];
/// ASCII digits.
const DIGITS: &[char] = &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/// Arabic-Indic digits (Egypt, the Arab world).
const ARABIC_INDIC: &[char] = &['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];
/// Eastern Arabic-Indic digits (Iran, Pakistan, Afghanistan).
const PERSIAN: &[char] = &['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
/// Arabic letters used as series letters.
const ARABIC_LETTERS: &[char] = &[
    'أ', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي', 'ك', 'ل', 'م', 'ن', 'س', 'ع', 'ف', 'ص', 'ق',
    'ر',
];

/// One way a manufacturer writes its serial numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerialStyle {
    /// The pattern (see the [module documentation](self) for its characters).
    pub pattern: &'static str,
    /// Relative share of this style among the maker's serials.
    pub weight: u32,
}

/// A real arms maker, as the generator uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manufacturer {
    /// The make as marked on the weapon (`Glock`, `Izhmash`).
    pub make: &'static str,
    /// ISO 3166-1 alpha-2 country of manufacture.
    pub country: &'static str,
    /// Models made: `(model, calibre, category)`, the category from
    /// [`crate::vocab::CATEGORIES`].
    pub models: &'static [(&'static str, &'static str, &'static str)],
    /// First and last year of manufacture of each model, in the order of `models`.
    pub model_years: &'static [(u16, u16)],
    /// Serial styles, at least one.
    pub styles: &'static [SerialStyle],
    /// First and last year of manufacture the generator uses for this maker.
    pub years: (u16, u16),
    /// Relative share of this maker's weapons in a generated registry.
    pub weight: u32,
    /// Factory codes stamped in a triangle next to the serial (Chinese state factories),
    /// written as an `alternative_code` marking; empty for most makers.
    pub factory_codes: &'static [&'static str],
}

const fn s(pattern: &'static str, weight: u32) -> SerialStyle {
    SerialStyle { pattern, weight }
}

/// The makers the generator draws from: small arms from about twenty countries and the
/// light-weapons makers (RPG-7, DShK, Igla, mortars, recoilless rifles).
pub static MANUFACTURERS: &[Manufacturer] = &[
    Manufacturer {
        make: "Glock",
        country: "AT",
        models: &[
            ("17", "9x19mm", "pistol_revolver"),
            ("19", "9x19mm", "pistol_revolver"),
            ("17 Gen4", "9x19mm", "pistol_revolver"),
            ("22", ".40 S&W", "pistol_revolver"),
            ("26", "9x19mm", "pistol_revolver"),
            ("18", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[
            (1982, 2025),
            (1988, 2025),
            (2010, 2025),
            (1990, 2025),
            (1995, 2025),
            (1986, 2025),
        ],
        styles: &[s("@@@###", 85), s("@@@@###", 15)],
        years: (1983, 2025),
        weight: 90,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Steyr",
        country: "AT",
        models: &[
            ("AUG A1", "5.56x45mm", "assault_rifle"),
            ("AUG A3", "5.56x45mm", "assault_rifle"),
            ("M9-A1", "9x19mm", "pistol_revolver"),
            ("SSG 69", "7.62x51mm", "rifle_carbine"),
        ],
        model_years: &[(1978, 2005), (2005, 2025), (2009, 2025), (1978, 2010)],
        styles: &[s("#@#####", 70), s("@######", 30)],
        years: (1978, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Hirtenberger",
        country: "AT",
        models: &[
            ("M6C-210", "60mm", "mortar"),
            ("M6-640", "60mm", "mortar"),
            ("M8-222", "81mm", "mortar"),
        ],
        model_years: &[(1995, 2024), (1995, 2024), (1998, 2024)],
        styles: &[s("#####", 100)],
        years: (1995, 2024),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Beretta",
        country: "IT",
        models: &[
            ("92FS", "9x19mm", "pistol_revolver"),
            ("PX4 Storm", "9x19mm", "pistol_revolver"),
            ("APX", "9x19mm", "pistol_revolver"),
            ("ARX160", "5.56x45mm", "assault_rifle"),
            ("AR70/90", "5.56x45mm", "assault_rifle"),
            ("M12", "9x19mm", "submachine_gun"),
            ("BM 59", "7.62x51mm", "rifle_carbine"),
            ("1301 Tactical", "12 gauge", "small_arm_other"),
        ],
        model_years: &[
            (1985, 2025),
            (2004, 2025),
            (2017, 2025),
            (2008, 2025),
            (1990, 2015),
            (1961, 2000),
            (1960, 1990),
            (2013, 2025),
        ],
        styles: &[s("@#####@", 60), s("PX####@", 25), s("BER######", 15)],
        years: (1960, 2025),
        weight: 60,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Izhmash",
        country: "RU",
        models: &[
            ("AKM", "7.62x39mm", "assault_rifle"),
            ("AKMS", "7.62x39mm", "assault_rifle"),
            ("AK-74", "5.45x39mm", "assault_rifle"),
            ("AKS-74U", "5.45x39mm", "assault_rifle"),
            ("AK-74M", "5.45x39mm", "assault_rifle"),
            ("AK-103", "7.62x39mm", "assault_rifle"),
            ("RPK", "7.62x39mm", "light_machine_gun"),
            ("RPK-74", "5.45x39mm", "light_machine_gun"),
            ("SVD", "7.62x54mmR", "rifle_carbine"),
            ("Saiga-12", "12 gauge", "small_arm_other"),
        ],
        model_years: &[
            (1959, 1977),
            (1959, 1977),
            (1974, 1991),
            (1979, 1993),
            (1991, 2025),
            (1994, 2025),
            (1961, 1978),
            (1974, 2025),
            (1963, 2025),
            (1997, 2025),
        ],
        styles: &[s("%% ####", 45), s("$ ######", 40), s("%% ###", 15)],
        years: (1959, 2025),
        weight: 120,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Tula Arms Plant",
        country: "RU",
        models: &[
            ("TT-33", "7.62x25mm", "pistol_revolver"),
            ("APS", "9x18mm", "pistol_revolver"),
            ("AKM", "7.62x39mm", "assault_rifle"),
            ("9A-91", "9x39mm", "assault_rifle"),
            ("PP-2000", "9x19mm", "submachine_gun"),
        ],
        model_years: &[
            (1950, 1954),
            (1951, 1958),
            (1959, 1975),
            (1994, 2025),
            (2004, 2025),
        ],
        styles: &[s("%% ####", 70), s("%####", 30)],
        years: (1950, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Izhevsk Mechanical Plant",
        country: "RU",
        models: &[
            ("PM", "9x18mm", "pistol_revolver"),
            ("PMM", "9x18mm", "pistol_revolver"),
            ("MP-443 Grach", "9x19mm", "pistol_revolver"),
            ("MP-153", "12 gauge", "small_arm_other"),
        ],
        model_years: &[(1955, 2025), (1994, 2025), (2003, 2025), (2000, 2025)],
        styles: &[s("%% ####", 70), s("$ %% ###", 30)],
        years: (1955, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Degtyarev Plant",
        country: "RU",
        models: &[
            ("PKM", "7.62x54mmR", "light_machine_gun"),
            ("RPD", "7.62x39mm", "light_machine_gun"),
            ("DShKM", "12.7x108mm", "heavy_machine_gun"),
            ("Kord", "12.7x108mm", "heavy_machine_gun"),
            ("9K38 Igla", "72mm", "manpads"),
            ("9K32M Strela-2M", "72mm", "manpads"),
        ],
        model_years: &[
            (1969, 2022),
            (1960, 1965),
            (1960, 1980),
            (1998, 2022),
            (1983, 2022),
            (1970, 1980),
        ],
        styles: &[s("%% ####", 70), s("$ #####", 30)],
        years: (1960, 2022),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Bazalt",
        country: "RU",
        models: &[
            ("RPG-7V", "40mm", "anti_tank_launcher"),
            ("RPG-26", "72.5mm", "anti_tank_launcher"),
            ("SPG-9", "73mm", "recoilless_rifle"),
            ("RPO-A Shmel", "93mm", "light_weapon_other"),
            ("2B14 Podnos", "82mm", "mortar"),
        ],
        model_years: &[
            (1965, 2020),
            (1985, 2020),
            (1965, 1990),
            (1988, 2020),
            (1983, 2020),
        ],
        styles: &[s("%% ####", 80), s("$ #####", 20)],
        years: (1965, 2020),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Arsenal",
        country: "BG",
        models: &[
            ("Makarov", "9x18mm", "pistol_revolver"),
            ("AR-M1", "5.56x45mm", "assault_rifle"),
            ("AKK", "7.62x39mm", "assault_rifle"),
            ("MG-M1", "7.62x54mmR", "light_machine_gun"),
            ("ATGL-L", "40mm", "anti_tank_launcher"),
        ],
        model_years: &[
            (1970, 2025),
            (1998, 2025),
            (1960, 1990),
            (1999, 2025),
            (2000, 2025),
        ],
        styles: &[s("%% ####", 60), s("$ ######", 40)],
        years: (1960, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Cugir",
        country: "RO",
        models: &[
            ("PM md. 63", "7.62x39mm", "assault_rifle"),
            ("PM md. 86", "5.45x39mm", "assault_rifle"),
            ("PSL", "7.62x54mmR", "rifle_carbine"),
        ],
        model_years: &[(1963, 1990), (1986, 2010), (1974, 2015)],
        styles: &[s("@@-####", 70), s("$-@@-###", 30)],
        years: (1963, 2015),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Zastava",
        country: "RS",
        models: &[
            ("M70", "7.62x39mm", "assault_rifle"),
            ("M70AB2", "7.62x39mm", "assault_rifle"),
            ("M92", "7.62x39mm", "assault_rifle"),
            ("M76", "7.92x57mm", "rifle_carbine"),
            ("M72", "7.62x39mm", "light_machine_gun"),
            ("M84", "7.62x54mmR", "light_machine_gun"),
            ("M57", "7.62x25mm", "pistol_revolver"),
            ("CZ 99", "9x19mm", "pistol_revolver"),
            ("M87", "12.7x108mm", "heavy_machine_gun"),
        ],
        model_years: &[
            (1970, 2025),
            (1974, 2025),
            (1992, 2025),
            (1976, 2025),
            (1972, 2025),
            (1984, 2025),
            (1957, 2025),
            (1990, 2025),
            (1987, 2025),
        ],
        styles: &[s("######", 50), s("% #####", 30), s("%% ######", 20)],
        years: (1957, 2025),
        weight: 40,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Norinco",
        country: "CN",
        models: &[
            ("Type 56", "7.62x39mm", "assault_rifle"),
            ("Type 56-1", "7.62x39mm", "assault_rifle"),
            ("Type 56 carbine", "7.62x39mm", "rifle_carbine"),
            ("Type 81", "7.62x39mm", "assault_rifle"),
            ("Type 54", "7.62x25mm", "pistol_revolver"),
            ("Type 59", "9x18mm", "pistol_revolver"),
            ("Type 79", "7.62x25mm", "submachine_gun"),
            ("Type 80", "7.62x54mmR", "light_machine_gun"),
            ("Type 54 HMG", "12.7x108mm", "heavy_machine_gun"),
            ("Type 69", "40mm", "anti_tank_launcher"),
            ("Type 75", "14.5x114mm", "portable_anti_aircraft_gun"),
            ("Type 65", "82mm", "recoilless_rifle"),
            ("Type 63", "60mm", "mortar"),
            ("Type 87", "35x32mm", "grenade_launcher"),
        ],
        model_years: &[
            (1956, 2025),
            (1963, 2025),
            (1956, 1990),
            (1981, 2025),
            (1956, 2025),
            (1959, 1990),
            (1979, 2025),
            (1980, 2025),
            (1956, 1990),
            (1969, 2025),
            (1975, 2025),
            (1965, 1990),
            (1963, 2025),
            (1987, 2025),
        ],
        styles: &[s("########", 60), s("##########", 40)],
        years: (1956, 2025),
        weight: 90,
        factory_codes: &["66", "26", "296", "316", "386", "416", "626"],
    },
    Manufacturer {
        make: "FN Herstal",
        country: "BE",
        models: &[
            ("FNC", "5.56x45mm", "assault_rifle"),
            ("SCAR-L", "5.56x45mm", "assault_rifle"),
            ("F2000", "5.56x45mm", "assault_rifle"),
            ("Minimi", "5.56x45mm", "light_machine_gun"),
            ("MAG", "7.62x51mm", "light_machine_gun"),
            ("P90", "5.7x28mm", "submachine_gun"),
            ("Five-seveN", "5.7x28mm", "pistol_revolver"),
            ("FNS-9", "9x19mm", "pistol_revolver"),
            ("M2HB-QCB", "12.7x99mm", "heavy_machine_gun"),
            ("FN40GL", "40x46mm", "grenade_launcher"),
        ],
        model_years: &[
            (1979, 2025),
            (2004, 2025),
            (2001, 2025),
            (1977, 2025),
            (1977, 2025),
            (1990, 2025),
            (1998, 2025),
            (2011, 2025),
            (1977, 2025),
            (2004, 2025),
        ],
        styles: &[s("#######", 40), s("FN######", 30), s("###@#####", 30)],
        years: (1977, 2025),
        weight: 60,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Fabrique Nationale",
        country: "BE",
        models: &[
            ("Browning Hi-Power", "9x19mm", "pistol_revolver"),
            ("FAL", "7.62x51mm", "assault_rifle"),
            ("Model 1910", ".32 ACP", "pistol_revolver"),
            ("Model 30", "7.92x57mm", "rifle_carbine"),
            ("MAG 58", "7.62x51mm", "light_machine_gun"),
        ],
        model_years: &[
            (1935, 1976),
            (1953, 1976),
            (1935, 1976),
            (1935, 1960),
            (1958, 1976),
        ],
        styles: &[s("#####", 40), s("@#####", 35), s("##@####", 25)],
        years: (1935, 1976),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Heckler & Koch",
        country: "DE",
        models: &[
            ("G3A3", "7.62x51mm", "assault_rifle"),
            ("G36", "5.56x45mm", "assault_rifle"),
            ("HK416", "5.56x45mm", "assault_rifle"),
            ("MP5A3", "9x19mm", "submachine_gun"),
            ("MP7A1", "4.6x30mm", "submachine_gun"),
            ("USP", "9x19mm", "pistol_revolver"),
            ("P30", "9x19mm", "pistol_revolver"),
            ("MG4", "5.56x45mm", "light_machine_gun"),
            ("HK21", "7.62x51mm", "light_machine_gun"),
            ("PSG1", "7.62x51mm", "rifle_carbine"),
            ("HK69A1", "40x46mm", "grenade_launcher"),
            ("GMG", "40x53mm", "grenade_launcher"),
        ],
        model_years: &[
            (1961, 2000),
            (1996, 2025),
            (2005, 2025),
            (1966, 2025),
            (2001, 2025),
            (1993, 2025),
            (2006, 2025),
            (2005, 2025),
            (1961, 2000),
            (1972, 2010),
            (1969, 2025),
            (1995, 2025),
        ],
        styles: &[s("@#####", 45), s("##-######", 55)],
        years: (1961, 2025),
        weight: 70,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Walther",
        country: "DE",
        models: &[
            ("P99", "9x19mm", "pistol_revolver"),
            ("PPK", ".380 ACP", "pistol_revolver"),
            ("PPQ", "9x19mm", "pistol_revolver"),
            ("P1", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[(1997, 2025), (1960, 2025), (2011, 2025), (1960, 2000)],
        styles: &[s("@@@####", 60), s("######@", 40)],
        years: (1960, 2025),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "SIG Sauer",
        country: "DE",
        models: &[
            ("P226", "9x19mm", "pistol_revolver"),
            ("P225", "9x19mm", "pistol_revolver"),
            ("P228", "9x19mm", "pistol_revolver"),
            ("SSG 3000", "7.62x51mm", "rifle_carbine"),
        ],
        model_years: &[(1984, 2020), (1976, 2010), (1988, 2010), (1992, 2020)],
        styles: &[s("U######", 60), s("@@ ######", 40)],
        years: (1976, 2020),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "SIG Sauer",
        country: "US",
        models: &[
            ("P320", "9x19mm", "pistol_revolver"),
            ("M17", "9x19mm", "pistol_revolver"),
            ("P365", "9x19mm", "pistol_revolver"),
            ("MCX", "5.56x45mm", "assault_rifle"),
            ("MPX", "9x19mm", "submachine_gun"),
        ],
        model_years: &[
            (2014, 2025),
            (2017, 2025),
            (2018, 2025),
            (2015, 2025),
            (2013, 2025),
        ],
        styles: &[s("##@######", 70), s("@@@######", 30)],
        years: (2001, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "SIG",
        country: "CH",
        models: &[
            ("SG 550", "5.56x45mm", "assault_rifle"),
            ("SG 510", "7.5x55mm", "assault_rifle"),
            ("P210", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[(1986, 2000), (1957, 1983), (1957, 2000)],
        styles: &[s("######", 60), s("P######", 40)],
        years: (1957, 2000),
        weight: 10,
        factory_codes: &[],
    },
    Manufacturer {
        make: "CZ",
        country: "CZ",
        models: &[
            ("CZ 75 B", "9x19mm", "pistol_revolver"),
            ("CZ P-07", "9x19mm", "pistol_revolver"),
            ("CZ 83", "9x18mm", "pistol_revolver"),
            ("vz. 58", "7.62x39mm", "assault_rifle"),
            ("CZ 805 BREN", "5.56x45mm", "assault_rifle"),
            ("Scorpion EVO 3", "9x19mm", "submachine_gun"),
            ("vz. 61 Skorpion", ".32 ACP", "submachine_gun"),
            ("CZ 550", "7.62x51mm", "rifle_carbine"),
        ],
        model_years: &[
            (1975, 2025),
            (2009, 2025),
            (1983, 2025),
            (1958, 1984),
            (2009, 2025),
            (2009, 2025),
            (1961, 1979),
            (1995, 2025),
        ],
        styles: &[s("@######", 60), s("@@####", 40)],
        years: (1958, 2025),
        weight: 50,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Colt",
        country: "US",
        models: &[
            ("M16A2", "5.56x45mm", "assault_rifle"),
            ("M4A1", "5.56x45mm", "assault_rifle"),
            ("M1911A1", ".45 ACP", "pistol_revolver"),
            ("Python", ".357 Magnum", "pistol_revolver"),
            ("Colt 9mm SMG", "9x19mm", "submachine_gun"),
            ("M203", "40x46mm", "grenade_launcher"),
        ],
        model_years: &[
            (1983, 2025),
            (1994, 2025),
            (1960, 2025),
            (1960, 2005),
            (1982, 2025),
            (1969, 2025),
        ],
        styles: &[s("LE######", 40), s("A#######", 30), s("#######", 30)],
        years: (1960, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Smith & Wesson",
        country: "US",
        models: &[
            ("Model 10", ".38 Special", "pistol_revolver"),
            ("Model 686", ".357 Magnum", "pistol_revolver"),
            ("M&P9", "9x19mm", "pistol_revolver"),
            ("SD9VE", "9x19mm", "pistol_revolver"),
            ("M&P15", "5.56x45mm", "rifle_carbine"),
        ],
        model_years: &[
            (1965, 2025),
            (1981, 2025),
            (2005, 2025),
            (2014, 2025),
            (2006, 2025),
        ],
        styles: &[s("@@@####", 70), s("@######", 30)],
        years: (1965, 2025),
        weight: 40,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Ruger",
        country: "US",
        models: &[
            ("Mini-14", ".223 Remington", "rifle_carbine"),
            ("10/22", ".22 LR", "rifle_carbine"),
            ("GP100", ".357 Magnum", "pistol_revolver"),
            ("P95", "9x19mm", "pistol_revolver"),
            ("Security-9", "9x19mm", "pistol_revolver"),
            ("AC-556", "5.56x45mm", "assault_rifle"),
        ],
        model_years: &[
            (1973, 2025),
            (1970, 2025),
            (1985, 2025),
            (1996, 2013),
            (2018, 2025),
            (1979, 1999),
        ],
        styles: &[s("###-#####", 80), s("####-#####", 20)],
        years: (1970, 2025),
        weight: 30,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Mossberg",
        country: "US",
        models: &[
            ("500", "12 gauge", "small_arm_other"),
            ("590A1", "12 gauge", "small_arm_other"),
            ("Maverick 88", "12 gauge", "small_arm_other"),
        ],
        model_years: &[(1975, 2025), (1987, 2025), (1989, 2025)],
        styles: &[s("@######", 100)],
        years: (1975, 2025),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Remington",
        country: "US",
        models: &[
            ("870", "12 gauge", "small_arm_other"),
            ("700", ".308 Winchester", "rifle_carbine"),
            ("M24", "7.62x51mm", "rifle_carbine"),
        ],
        model_years: &[(1965, 2020), (1965, 2020), (1988, 2010)],
        styles: &[s("@######@", 60), s("@@######", 40)],
        years: (1965, 2020),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Taurus",
        country: "BR",
        models: &[
            ("PT 92", "9x19mm", "pistol_revolver"),
            ("G2C", "9x19mm", "pistol_revolver"),
            ("TH9", "9x19mm", "pistol_revolver"),
            ("Model 85", ".38 Special", "pistol_revolver"),
            ("T4", "5.56x45mm", "assault_rifle"),
        ],
        model_years: &[
            (1983, 2025),
            (2017, 2025),
            (2016, 2025),
            (1980, 2025),
            (2014, 2025),
        ],
        styles: &[s("@@@######", 70), s("@@######", 30)],
        years: (1975, 2025),
        weight: 40,
        factory_codes: &[],
    },
    Manufacturer {
        make: "IMBEL",
        country: "BR",
        models: &[
            ("MD97L", "5.56x45mm", "assault_rifle"),
            ("IA2", "5.56x45mm", "assault_rifle"),
            ("FAL M964", "7.62x51mm", "assault_rifle"),
        ],
        model_years: &[(1997, 2025), (2012, 2025), (1970, 2012)],
        styles: &[s("@@ #####", 100)],
        years: (1970, 2025),
        weight: 10,
        factory_codes: &[],
    },
    Manufacturer {
        make: "IMI",
        country: "IL",
        models: &[
            ("Uzi", "9x19mm", "submachine_gun"),
            ("Mini Uzi", "9x19mm", "submachine_gun"),
            ("Galil ARM", "5.56x45mm", "assault_rifle"),
            ("Jericho 941", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[(1955, 2004), (1980, 2004), (1972, 2004), (1990, 2004)],
        styles: &[s("######", 60), s("SA#####", 40)],
        years: (1955, 2004),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "IWI",
        country: "IL",
        models: &[
            ("Tavor TAR-21", "5.56x45mm", "assault_rifle"),
            ("Galil ACE", "5.56x45mm", "assault_rifle"),
            ("Negev NG7", "7.62x51mm", "light_machine_gun"),
            ("Masada", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[(2005, 2025), (2008, 2025), (2012, 2025), (2019, 2025)],
        styles: &[s("T#######", 50), s("@@######", 50)],
        years: (2005, 2025),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "MKEK",
        country: "TR",
        models: &[
            ("G3A7", "7.62x51mm", "assault_rifle"),
            ("MPT-76", "7.62x51mm", "assault_rifle"),
            ("MP5", "9x19mm", "submachine_gun"),
            ("MG3", "7.62x51mm", "light_machine_gun"),
            ("T-40", "40x46mm", "grenade_launcher"),
        ],
        model_years: &[
            (1967, 2014),
            (2014, 2025),
            (1990, 2025),
            (1970, 2025),
            (2011, 2025),
        ],
        styles: &[s("######", 60), s("T-######", 40)],
        years: (1965, 2025),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Maadi",
        country: "EG",
        models: &[
            ("Misr", "7.62x39mm", "assault_rifle"),
            ("Maadi ARM", "7.62x39mm", "rifle_carbine"),
            ("Rasheed", "7.62x39mm", "rifle_carbine"),
            ("Helwan 920", "9x19mm", "pistol_revolver"),
        ],
        model_years: &[(1960, 2012), (1970, 2012), (1960, 1965), (1960, 2012)],
        styles: &[s("^^^^^^", 70), s("& ^^^^^", 30)],
        years: (1960, 2012),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "DIO",
        country: "IR",
        models: &[
            ("KL-7.62", "7.62x39mm", "assault_rifle"),
            ("S-5.56", "5.56x45mm", "assault_rifle"),
            ("Tondar", "9x19mm", "submachine_gun"),
            ("MGA3", "7.62x51mm", "light_machine_gun"),
            ("Misagh-2", "72mm", "manpads"),
        ],
        model_years: &[
            (1990, 2020),
            (1990, 2020),
            (1995, 2020),
            (1985, 2020),
            (2006, 2020),
        ],
        styles: &[s("~~~~~", 50), s("~~~~~~~", 50)],
        years: (1982, 2020),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "POF",
        country: "PK",
        models: &[
            ("G3P4", "7.62x51mm", "assault_rifle"),
            ("MP5A4", "9x19mm", "submachine_gun"),
            ("MG1A3", "7.62x51mm", "light_machine_gun"),
        ],
        model_years: &[(1968, 2025), (1990, 2025), (1970, 2025)],
        styles: &[s("@@######", 60), s("~~~~~~", 40)],
        years: (1968, 2025),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Vektor",
        country: "ZA",
        models: &[
            ("R4", "5.56x45mm", "assault_rifle"),
            ("R5", "5.56x45mm", "assault_rifle"),
            ("Z88", "9x19mm", "pistol_revolver"),
            ("SS-77", "7.62x51mm", "light_machine_gun"),
        ],
        model_years: &[(1980, 2015), (1985, 2015), (1988, 2015), (1986, 2015)],
        styles: &[s("R######", 60), s("@@####", 40)],
        years: (1980, 2015),
        weight: 20,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Milkor",
        country: "ZA",
        models: &[("MGL Mk1", "40x46mm", "grenade_launcher")],
        model_years: &[(1983, 2025)],
        styles: &[s("MGL ####", 100)],
        years: (1983, 2025),
        weight: 10,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Valmet",
        country: "FI",
        models: &[
            ("Rk 62", "7.62x39mm", "assault_rifle"),
            ("Rk 76", "7.62x39mm", "assault_rifle"),
        ],
        model_years: &[(1965, 1994), (1976, 1986)],
        styles: &[s("######", 100)],
        years: (1965, 1994),
        weight: 10,
        factory_codes: &[],
    },
    Manufacturer {
        make: "VKT",
        country: "FI",
        models: &[("L-39", "20x138mmB", "portable_anti_tank_gun")],
        model_years: &[(1940, 1944)],
        styles: &[s("####", 100)],
        years: (1940, 1944),
        weight: 2,
        factory_codes: &[],
    },
    Manufacturer {
        make: "Saab Bofors Dynamics",
        country: "SE",
        models: &[
            ("Carl Gustaf M3", "84mm", "recoilless_rifle"),
            ("AT4", "84mm", "anti_tank_launcher"),
        ],
        model_years: &[(1991, 2025), (1987, 2025)],
        styles: &[s("######", 70), s("@@ ####", 30)],
        years: (1987, 2025),
        weight: 20,
        factory_codes: &[],
    },
];

/// What one pattern character stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// One of a set of characters, the value's next mixed-radix digit.
    Class(&'static [char]),
    /// The two-digit year of manufacture.
    Year,
    /// A literal character.
    Literal(char),
}

fn slot(c: char) -> Slot {
    match c {
        '#' => Slot::Class(DIGITS),
        '@' => Slot::Class(LATIN),
        '%' => Slot::Class(CYRILLIC),
        '^' => Slot::Class(ARABIC_INDIC),
        '~' => Slot::Class(PERSIAN),
        '&' => Slot::Class(ARABIC_LETTERS),
        '$' => Slot::Year,
        other => Slot::Literal(other),
    }
}

impl SerialStyle {
    /// How many distinct serials this style can write for one year (the product of the
    /// sizes of its character classes), saturating at `u64::MAX`.
    pub fn capacity(&self) -> u64 {
        self.pattern.chars().fold(1u64, |acc, c| match slot(c) {
            Slot::Class(set) => acc.saturating_mul(set.len() as u64),
            _ => acc,
        })
    }

    /// Writes the serial for `value` (taken modulo [`Self::capacity`]) and `year`:
    /// distinct values below the capacity give distinct serials.
    pub fn render(&self, value: u64, year: u16) -> String {
        let mut out: Vec<char> = Vec::with_capacity(self.pattern.len());
        let mut v = value;
        let yy = year % 100;
        for c in self.pattern.chars().rev() {
            match slot(c) {
                Slot::Class(set) => {
                    let radix = set.len() as u64;
                    out.push(set[(v % radix) as usize]);
                    v /= radix;
                }
                Slot::Year => {
                    out.push(DIGITS[(yy % 10) as usize]);
                    out.push(DIGITS[(yy / 10) as usize]);
                }
                Slot::Literal(l) => out.push(l),
            }
        }
        out.iter().rev().collect()
    }
}

impl Manufacturer {
    /// Whether this maker makes at least one model of a light-weapons category.
    pub fn makes_light_weapons(&self) -> bool {
        self.models
            .iter()
            .any(|m| crate::vocab::is_light_weapon(m.2))
    }

    /// Whether this maker makes at least one model of a small-arms category.
    pub fn makes_small_arms(&self) -> bool {
        self.models
            .iter()
            .any(|m| !crate::vocab::is_light_weapon(m.2))
    }
}

fn pick_style(rng: &mut impl Rng, styles: &[SerialStyle]) -> usize {
    let total: u32 = styles.iter().map(|s| s.weight).sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, s) in styles.iter().enumerate() {
        if r < s.weight {
            return i;
        }
        r -= s.weight;
    }
    0
}

/// A random serial in one of `m`'s styles (chosen by their weights) for a weapon made in
/// `year`. Nothing prevents two calls from giving the same serial: use
/// [`UniqueSerials`] when that matters.
pub fn serial(rng: &mut impl Rng, m: &Manufacturer, year: u16) -> String {
    let style = &m.styles[pick_style(rng, m.styles)];
    let value = rng.random_range(0..style.capacity().max(1));
    style.render(value, year)
}

/// Folds a serial the way the natural key compares it (simplified): upper case, with
/// spaces, `-`, `.` and `/` removed. Used by tests and benchmarks.
pub fn fold(serial: &str) -> String {
    serial
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Hands out serials that are unique per make within one generated registry.
///
/// It keeps a counter per (manufacturer, style) of [`MANUFACTURERS`] and maps the
/// counter through a permutation of the style's number space keyed by the seed, so no
/// set of issued serials is kept (memory stays constant at 10 million weapons). When a
/// style's space is used up, the maker's other styles are used; when all are, `next`
/// returns `None`.
#[derive(Debug, Clone)]
pub struct UniqueSerials {
    seed: u64,
    counters: Vec<Vec<u64>>,
}

impl UniqueSerials {
    /// A fresh allocator whose permutations are keyed by `seed`.
    pub fn new(seed: u64) -> Self {
        UniqueSerials {
            seed,
            counters: MANUFACTURERS
                .iter()
                .map(|m| vec![0; m.styles.len()])
                .collect(),
        }
    }

    /// Whether every style of `MANUFACTURERS[manufacturer]` is used up (true for an index
    /// out of range).
    pub fn is_exhausted(&self, manufacturer: usize) -> bool {
        match (
            MANUFACTURERS.get(manufacturer),
            self.counters.get(manufacturer),
        ) {
            (Some(m), Some(counters)) => m
                .styles
                .iter()
                .zip(counters)
                .all(|(style, used)| *used >= style.capacity()),
            _ => true,
        }
    }

    /// The next unique serial of `MANUFACTURERS[manufacturer]` for a weapon made in
    /// `year`, in a style drawn by weight; `None` once every style of the maker is used
    /// up (or if the index is out of range).
    pub fn next(&mut self, rng: &mut impl Rng, manufacturer: usize, year: u16) -> Option<String> {
        let m = MANUFACTURERS.get(manufacturer)?;
        let counters = self.counters.get_mut(manufacturer)?;
        let first = pick_style(rng, m.styles);
        let n_styles = m.styles.len();
        for k in 0..n_styles {
            let i = (first + k) % n_styles;
            let style = &m.styles[i];
            let capacity = style.capacity();
            if counters[i] < capacity {
                let n = counters[i];
                counters[i] += 1;
                let key = crate::ids::mix(self.seed ^ ((manufacturer as u64) << 40) ^ (i as u64));
                let value = crate::ids::permute_below(n, capacity, key);
                return Some(style.render(value, year));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    /// Coarse character group of a pattern position after folding: letters of any script
    /// may be confused with each other, digits of any script too.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Pos {
        AnyLetter,
        AnyDigit,
        Lit(char),
    }

    fn positions(pattern: &str) -> Vec<Pos> {
        let mut out = Vec::new();
        for c in pattern.chars() {
            match c {
                '#' | '^' | '~' => out.push(Pos::AnyDigit),
                '$' => {
                    out.push(Pos::AnyDigit);
                    out.push(Pos::AnyDigit);
                }
                '@' | '%' | '&' => out.push(Pos::AnyLetter),
                ' ' | '-' | '.' | '/' => {}
                other => out.push(Pos::Lit(other)),
            }
        }
        out
    }

    fn may_meet(a: Pos, b: Pos) -> bool {
        match (a, b) {
            (Pos::Lit(x), Pos::Lit(y)) => x == y,
            (Pos::Lit(x), Pos::AnyLetter) | (Pos::AnyLetter, Pos::Lit(x)) => x.is_alphabetic(),
            (Pos::Lit(x), Pos::AnyDigit) | (Pos::AnyDigit, Pos::Lit(x)) => x.is_numeric(),
            (a, b) => a == b,
        }
    }

    #[test]
    fn styles_of_one_make_are_disjoint_after_folding() {
        let mut by_make: Vec<(&str, Vec<&str>)> = Vec::new();
        for m in MANUFACTURERS {
            let patterns: Vec<&str> = m.styles.iter().map(|s| s.pattern).collect();
            match by_make.iter_mut().find(|(make, _)| *make == m.make) {
                Some((_, p)) => p.extend(patterns),
                None => by_make.push((m.make, patterns)),
            }
        }
        for (make, patterns) in by_make {
            for (i, a) in patterns.iter().enumerate() {
                for b in &patterns[i + 1..] {
                    let (pa, pb) = (positions(a), positions(b));
                    let overlap =
                        pa.len() == pb.len() && pa.iter().zip(&pb).all(|(x, y)| may_meet(*x, *y));
                    assert!(
                        !overlap,
                        "{make}: styles {a:?} and {b:?} may give the same serial"
                    );
                }
            }
        }
    }

    #[test]
    fn models_use_the_category_vocabulary() {
        for m in MANUFACTURERS {
            assert!(!m.styles.is_empty(), "{}", m.make);
            assert!(m.years.0 <= m.years.1, "{}", m.make);
            assert_eq!(m.models.len(), m.model_years.len(), "{}", m.make);
            for (first, last) in m.model_years {
                assert!(
                    first <= last && *last >= m.years.0 && *first <= m.years.1,
                    "{}",
                    m.make
                );
            }
            for (model, calibre, category) in m.models {
                assert!(!model.is_empty() && !calibre.is_empty());
                assert!(
                    crate::vocab::CATEGORIES.contains(category),
                    "{} {model}: {category}",
                    m.make
                );
            }
        }
    }

    #[test]
    fn render_is_injective_below_capacity() {
        let style = s("@@-#", 1);
        assert_eq!(style.capacity(), 24 * 24 * 10);
        let all: HashSet<String> = (0..style.capacity())
            .map(|v| style.render(v, 1999))
            .collect();
        assert_eq!(all.len() as u64, style.capacity());
        assert_eq!(s("$ ###", 1).render(42, 1986), "86 042");
    }

    #[test]
    fn unique_serials_do_not_repeat_and_fall_back_when_full() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let vkt = MANUFACTURERS
            .iter()
            .position(|m| m.make == "VKT")
            .expect("VKT is listed");
        let mut book = UniqueSerials::new(7);
        let mut seen = HashSet::new();
        while let Some(serial) = book.next(&mut rng, vkt, 1941) {
            assert!(seen.insert(fold(&serial)), "{serial} repeated");
        }
        assert_eq!(seen.len(), 10_000);
    }

    #[test]
    fn scripts_are_represented() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut text = String::new();
        for m in MANUFACTURERS {
            for _ in 0..50 {
                text.push_str(&serial(&mut rng, m, 1990));
            }
        }
        assert!(text.chars().any(|c| ('А'..='Я').contains(&c)), "Cyrillic");
        assert!(
            text.chars().any(|c| ('٠'..='٩').contains(&c)),
            "Arabic-Indic"
        );
        assert!(text.chars().any(|c| ('۰'..='۹').contains(&c)), "Persian");
    }
}
