//! The holders of a generated registry: the home State's agencies with their units and
//! depots, licensed manufacturers and dealers, private security companies, civilian
//! licence holders and foreign States.
//!
//! A few hundred to a few thousand holders, scaled with the number of weapons; they are
//! kept in memory (the weapons and events refer to them by index).

use rand::Rng;

/// One row of `holders.csv`.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub code: String,
    pub kind: &'static str,
    pub name: String,
    /// Index of the parent holder (an agency), written as its code.
    pub parent: Option<usize>,
    pub country: Option<&'static str>,
    pub licence: Option<String>,
}

/// A State agency with the indices of its units and depots in [`Holders::list`].
#[derive(Debug, Clone)]
pub(crate) struct Agency {
    pub units: Vec<usize>,
    pub depots: Vec<usize>,
    /// Relative share of the State's weapons this agency holds.
    pub share: u32,
}

/// All holders, with indices grouped by role.
#[derive(Debug, Clone)]
pub(crate) struct Holders {
    pub list: Vec<Holder>,
    pub agencies: Vec<Agency>,
    /// Index in `agencies` of the police (holder of seized, collected, recovered weapons).
    pub police: usize,
    pub manufacturers: Vec<usize>,
    pub dealers: Vec<usize>,
    pub civilians: Vec<usize>,
    /// Private security companies (kind `other`).
    pub security_companies: Vec<usize>,
    /// Foreign States that may receive exports: `(holder index, country code)`.
    pub foreign: Vec<(usize, &'static str)>,
}

/// `(code suffix, name, share of State weapons, what a unit is called)`.
const AGENCIES: &[(&str, &str, u32, &str)] = &[
    ("MOD", "Ministry of Defence", 44, "Battalion"),
    ("POLICE", "National Police Service", 30, "Police Station"),
    ("BORDER", "Border Guard Service", 8, "Border Post"),
    ("PRISONS", "Prison Service", 6, "Prison"),
    ("WILDLIFE", "Wildlife Service", 6, "Ranger Station"),
    ("CUSTOMS", "Customs Service", 3, "Customs Office"),
    ("FOREST", "Forest Service", 3, "Forest Station"),
];

/// Foreign States (none under a UN arms embargo in 2025–2026, so exports to them are
/// plausible).
pub(crate) const FOREIGN_STATES: &[(&str, &str)] = &[
    ("AE", "United Arab Emirates"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("BR", "Brazil"),
    ("BW", "Botswana"),
    ("CH", "Switzerland"),
    ("CN", "China"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("EG", "Egypt"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("GH", "Ghana"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IT", "Italy"),
    ("KE", "Kenya"),
    ("NG", "Nigeria"),
    ("NL", "Netherlands"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russian Federation"),
    ("RW", "Rwanda"),
    ("SE", "Sweden"),
    ("TR", "Türkiye"),
    ("TZ", "United Republic of Tanzania"),
    ("UG", "Uganda"),
    ("US", "United States of America"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
];

const KENYAN_TOWNS: &[&str] = &[
    "Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Garissa", "Lodwar", "Isiolo", "Malindi",
    "Nyeri", "Meru", "Kakamega", "Kitale", "Machakos", "Wajir", "Mandera", "Marsabit", "Voi",
    "Narok", "Lamu", "Embu", "Kericho", "Moyale", "Busia",
];

const FIRST_NAMES: &[&str] = &[
    "Amina",
    "Brian",
    "Catherine",
    "David",
    "Esther",
    "Faith",
    "George",
    "Hassan",
    "Irene",
    "James",
    "Joyce",
    "Kevin",
    "Lucy",
    "Mohamed",
    "Naomi",
    "Otieno",
    "Peter",
    "Grace",
    "Rashid",
    "Sarah",
    "Samuel",
    "Tabitha",
    "Wanjiru",
    "Yusuf",
    "Zainab",
    "Daniel",
    "Mercy",
    "Paul",
    "Ruth",
    "Stephen",
    "Anne",
    "Joseph",
];

const LAST_NAMES: &[&str] = &[
    "Achieng",
    "Barasa",
    "Cheruiyot",
    "Dida",
    "Ekal",
    "Gitau",
    "Hussein",
    "Imbuga",
    "Jeptoo",
    "Kamau",
    "Kariuki",
    "Kiprop",
    "Lekishon",
    "Mwangi",
    "Mutua",
    "Njoroge",
    "Nyambura",
    "Ochieng",
    "Odhiambo",
    "Omondi",
    "Ouma",
    "Rotich",
    "Said",
    "Salim",
    "Tanui",
    "Wafula",
    "Wambui",
    "Wekesa",
    "Abdi",
    "Koech",
    "Muriuki",
    "Langat",
    "Ndungu",
    "Okoth",
    "Chebet",
    "Mohamud",
    "Nduta",
    "Opiyo",
    "Kilonzo",
    "Awuor",
];

const DEALER_WORDS: &[&str] = &[
    "Savannah", "Highland", "Coastal", "Rift", "Summit", "Lakeside", "Acacia", "Equator",
    "Northern", "Crescent", "Baobab", "Kilima",
];

/// A place name for `n` in the home State: real towns for Kenya, `District n` elsewhere.
pub(crate) fn town(home: &str, n: usize) -> String {
    if home == "KE" {
        KENYAN_TOWNS[n % KENYAN_TOWNS.len()].to_string()
    } else {
        format!("District {}", n % 47 + 1)
    }
}

fn scale(weapons: usize, per: usize, min: usize, max: usize) -> usize {
    (weapons / per).clamp(min, max)
}

impl Holders {
    /// Builds the holders of a registry of `weapons` weapons in `home`.
    pub(crate) fn generate(rng: &mut impl Rng, home: &str, weapons: usize) -> Holders {
        let mut list: Vec<Holder> = Vec::new();
        let mut agencies = Vec::new();
        let units_total = scale(weapons, 150, 24, 1500);
        let depots_per_agency = 1 + scale(weapons, 50_000, 1, 10);
        let mut unit_no = 0usize;

        // Agencies first, so every parent comes before its units and depots.
        for (code, name, _, _) in AGENCIES {
            list.push(Holder {
                code: (*code).to_string(),
                kind: "state_agency",
                name: (*name).to_string(),
                parent: None,
                country: None,
                licence: None,
            });
        }
        let share_total: u32 = AGENCIES.iter().map(|a| a.2).sum();
        for (a, (code, name, share, unit_word)) in AGENCIES.iter().enumerate() {
            let mut depots = Vec::new();
            for d in 0..depots_per_agency {
                let depot_name = if d == 0 {
                    format!("{name}, Central Armoury ({})", town(home, a))
                } else {
                    let t = town(home, rng.random_range(0..1000));
                    format!("{name}, Regional Armoury {d} ({t})")
                };
                depots.push(list.len());
                list.push(Holder {
                    code: format!("{code}-DEPOT-{:02}", d + 1),
                    kind: "depot",
                    name: depot_name,
                    parent: Some(a),
                    country: None,
                    licence: None,
                });
            }
            let n_units = (units_total * *share as usize / share_total as usize).max(2);
            let mut units = Vec::new();
            for u in 0..n_units {
                unit_no += 1;
                let t = town(home, rng.random_range(0..1000) + unit_no);
                units.push(list.len());
                list.push(Holder {
                    code: format!("{code}-U{:04}", u + 1),
                    kind: "agency_unit",
                    name: format!("{name}, {unit_word} {} ({t})", u + 1),
                    parent: Some(a),
                    country: None,
                    licence: None,
                });
            }
            agencies.push(Agency {
                units,
                depots,
                share: *share,
            });
        }

        let mut manufacturers = Vec::new();
        for (i, name) in ["State Ordnance Factory", "National Small Arms Workshop"]
            .iter()
            .enumerate()
        {
            manufacturers.push(list.len());
            list.push(Holder {
                code: format!("MFR-{:02}", i + 1),
                kind: "manufacturer",
                name: (*name).to_string(),
                parent: None,
                country: None,
                licence: Some(format!("MF-{}-{:03}", 1995 + i * 7, i + 1)),
            });
        }

        let mut dealers = Vec::new();
        for i in 0..scale(weapons, 2_000, 5, 400) {
            let word = DEALER_WORDS[rng.random_range(0..DEALER_WORDS.len())];
            let surname = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let name = match rng.random_range(0..3) {
                0 => format!("{word} Arms & Outdoor Ltd"),
                1 => format!("{surname} Gun Shop"),
                _ => format!("{word} Sporting Supplies ({})", town(home, i)),
            };
            dealers.push(list.len());
            list.push(Holder {
                code: format!("DEALER-{:04}", i + 1),
                kind: "dealer",
                name,
                parent: None,
                country: None,
                licence: Some(format!("DL-{}-{:04}", rng.random_range(1998..2025), i + 1)),
            });
        }

        let mut security_companies = Vec::new();
        for i in 0..scale(weapons, 20_000, 2, 30) {
            let word = DEALER_WORDS[rng.random_range(0..DEALER_WORDS.len())];
            security_companies.push(list.len());
            list.push(Holder {
                code: format!("PSC-{:03}", i + 1),
                kind: "other",
                name: format!("{word} Guarding Services Ltd (private security company)"),
                parent: None,
                country: None,
                licence: Some(format!("PSC-{}-{:03}", rng.random_range(2005..2025), i + 1)),
            });
        }

        let mut civilians = Vec::new();
        for i in 0..scale(weapons, 40, 50, 4_000) {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            civilians.push(list.len());
            list.push(Holder {
                code: format!("CIV-{:06}", i + 1),
                kind: "civilian",
                name: format!("{first} {last}"),
                parent: None,
                country: None,
                licence: Some(format!("FL/{}/{:06}", rng.random_range(1995..2026), i + 1)),
            });
        }

        let mut foreign = Vec::new();
        for (cc, name) in FOREIGN_STATES.iter().filter(|(cc, _)| *cc != home) {
            foreign.push((list.len(), *cc));
            list.push(Holder {
                code: format!("STATE-{cc}"),
                kind: "foreign_state",
                name: (*name).to_string(),
                parent: None,
                country: Some(cc),
                licence: None,
            });
        }

        Holders {
            list,
            agencies,
            police: 1,
            manufacturers,
            dealers,
            civilians,
            security_companies,
            foreign,
        }
    }

    /// An agency index drawn by share.
    pub(crate) fn pick_agency(&self, rng: &mut impl Rng) -> usize {
        let total: u32 = self.agencies.iter().map(|a| a.share).sum();
        let mut r = rng.random_range(0..total);
        for (i, a) in self.agencies.iter().enumerate() {
            if r < a.share {
                return i;
            }
            r -= a.share;
        }
        0
    }
}

/// A uniformly drawn element of a non-empty slice of indices.
pub(crate) fn pick(rng: &mut impl Rng, from: &[usize]) -> usize {
    from[rng.random_range(0..from.len())]
}

/// A uniformly drawn element of `from` other than `not` (or `not` itself if it is the only
/// one).
pub(crate) fn pick_other(rng: &mut impl Rng, from: &[usize], not: usize) -> usize {
    for _ in 0..8 {
        let h = pick(rng, from);
        if h != not {
            return h;
        }
    }
    from.iter().copied().find(|h| *h != not).unwrap_or(not)
}
