//! One weapon at a time: maker, model, serial, manufacture and import markings, and who
//! held it and in what status on the day it was registered.

use rand::Rng;

use crate::DemoError;
use crate::date;
use crate::events::{Mode, Place, escape_marking_text, holder_of};
use crate::holders::{FOREIGN_STATES, Holders, pick};
use crate::serial::{MANUFACTURERS, Manufacturer, UniqueSerials};
use crate::vocab::is_light_weapon;

/// First year weapons are registered in (the registry's initial census).
const FIRST_REGISTRATION_YEAR: i32 = 1995;
/// Last year weapons are registered in.
const LAST_REGISTRATION_YEAR: i32 = 2025;
/// Share of light weapons, in per mille.
const LIGHT_WEAPONS_PER_MILLE: u32 = 35;

/// One row of `weapons.csv`, with what the event chain needs to start from.
#[derive(Debug, Clone)]
pub(crate) struct Weapon {
    pub category: &'static str,
    pub make: &'static str,
    pub model: &'static str,
    pub calibre: &'static str,
    pub serial: String,
    pub country: &'static str,
    pub year: Option<u16>,
    pub import_marking: String,
    pub import_year: Option<u16>,
    pub holder: Option<usize>,
    pub status: &'static str,
    pub markings: String,
    pub registered: i32,
    /// Where the weapon is at registration.
    pub place: Place,
    /// Registered with inadequate markings (no serial or no country): to be marked.
    pub inadequately_marked: bool,
}

/// Draws weapons; keeps the per-maker serial counters.
#[derive(Debug)]
pub(crate) struct Weapons<'a> {
    holders: &'a Holders,
    home: &'a str,
    serials: UniqueSerials,
    /// `(manufacturer index, weight)` of makers of small arms, and of light weapons.
    small: Vec<(usize, u32)>,
    light: Vec<(usize, u32)>,
}

fn weighted(rng: &mut impl Rng, items: &[(usize, u32)]) -> usize {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut r = rng.random_range(0..total);
    for (item, w) in items {
        if r < *w {
            return *item;
        }
        r -= w;
    }
    items[0].0
}

/// How common a category is among a maker's models (an assault rifle more than a light
/// machine gun, an RPG more than a MANPADS).
fn category_weight(category: &str) -> u32 {
    match category {
        "pistol_revolver" | "assault_rifle" | "anti_tank_launcher" => 4,
        "mortar" | "heavy_machine_gun" => 3,
        "rifle_carbine" | "submachine_gun" | "small_arm_other" | "grenade_launcher"
        | "recoilless_rifle" => 2,
        _ => 1,
    }
}

/// A model of `m` of the light-weapons or the small-arms kind, drawn by
/// [`category_weight`], with its years of manufacture.
fn pick_model(
    rng: &mut impl Rng,
    m: &Manufacturer,
    light: bool,
) -> (&'static str, &'static str, &'static str, (u16, u16)) {
    let candidates = || {
        m.models
            .iter()
            .zip(m.model_years)
            .filter(move |((_, _, category), _)| is_light_weapon(category) == light)
    };
    let total: u32 = candidates().map(|((_, _, c), _)| category_weight(c)).sum();
    let mut r = rng.random_range(0..total.max(1));
    for (&(model, calibre, category), &years) in candidates() {
        let w = category_weight(category);
        if r < w {
            return (model, calibre, category, years);
        }
        r -= w;
    }
    let (&(model, calibre, category), &years) = candidates()
        .next()
        .unwrap_or((&m.models[0], &m.model_years[0]));
    (model, calibre, category, years)
}

/// Categories a civilian, a dealer or a security company may hold in the generated
/// registry (anything else stays with the State).
fn civilian_category(category: &str) -> bool {
    matches!(
        category,
        "pistol_revolver" | "rifle_carbine" | "small_arm_other"
    )
}

impl<'a> Weapons<'a> {
    pub(crate) fn new(seed: u64, holders: &'a Holders, home: &'a str) -> Weapons<'a> {
        let small = MANUFACTURERS
            .iter()
            .enumerate()
            .filter(|(_, m)| m.makes_small_arms())
            .map(|(i, m)| (i, m.weight))
            .collect();
        let light = MANUFACTURERS
            .iter()
            .enumerate()
            .filter(|(_, m)| m.makes_light_weapons())
            .map(|(i, m)| (i, m.weight))
            .collect();
        Weapons {
            holders,
            home,
            serials: UniqueSerials::new(seed),
            small,
            light,
        }
    }

    /// The next weapon.
    pub(crate) fn draw(&mut self, rng: &mut impl Rng) -> Result<Weapon, DemoError> {
        let light = rng.random_range(0..1000) < LIGHT_WEAPONS_PER_MILLE;
        let makers = if light { &self.light } else { &self.small };
        let mut mi = weighted(rng, makers);
        let mut tries = 0;
        while self.serials.is_exhausted(mi) {
            // Only in registries far larger than the benchmarks: the maker's serial
            // space is used up, so another maker is drawn and nothing repeats.
            tries += 1;
            if tries > 1000 {
                return Err(DemoError::SerialSpaceExhausted {
                    make: MANUFACTURERS[mi].make,
                    country: MANUFACTURERS[mi].country,
                });
            }
            mi = weighted(rng, makers);
        }
        let m = &MANUFACTURERS[mi];
        let (model, calibre, category, (first, last)) = pick_model(rng, m, light);
        let y0 = m.years.0.max(first);
        let y1 = m
            .years
            .1
            .min(last)
            .min(LAST_REGISTRATION_YEAR as u16)
            .max(y0);
        let yom = rng.random_range(y0..=y1);
        let base = (yom as i32).max(FIRST_REGISTRATION_YEAR);
        let reg_year = if rng.random_bool(0.6) {
            base + rng.random_range(0..=2)
        } else {
            rng.random_range(base..=LAST_REGISTRATION_YEAR.max(base))
        }
        .min(LAST_REGISTRATION_YEAR);
        let registered = date::year_start(reg_year)
            + rng.random_range(0..(date::year_start(reg_year + 1) - date::year_start(reg_year)));

        let (place, status) = self.holding(rng, category);

        // Inadequate markings: obliterated serials among seized and collected weapons,
        // and a few weapons of unknown origin.
        let obliterated = matches!(status, "seized" | "collected") && rng.random_range(0..100) < 8;
        let unknown_origin = !obliterated && rng.random_range(0..1000) == 0;

        let serial = if obliterated {
            String::new()
        } else {
            self.unique_serial(rng, mi, yom)?
        };
        let country = if unknown_origin { "" } else { m.country };
        let year = if (obliterated || unknown_origin) && rng.random_bool(0.5) {
            None
        } else {
            Some(yom)
        };

        let (import_marking, import_year) =
            if country.is_empty() || country == self.home || obliterated {
                (String::new(), None)
            } else {
                self.import_marking(rng, yom, reg_year as u16)
            };

        let mut weapon = Weapon {
            category,
            make: m.make,
            model,
            calibre,
            serial,
            country,
            year,
            import_marking,
            import_year,
            holder: holder_of(place),
            status,
            markings: String::new(),
            registered,
            place,
            inadequately_marked: obliterated || unknown_origin,
        };
        weapon.markings = self.markings(rng, m, &weapon, yom);
        Ok(weapon)
    }

    fn unique_serial(
        &mut self,
        rng: &mut impl Rng,
        mi: usize,
        yom: u16,
    ) -> Result<String, DemoError> {
        self.serials
            .next(rng, mi, yom)
            .ok_or(DemoError::SerialSpaceExhausted {
                make: MANUFACTURERS[mi].make,
                country: MANUFACTURERS[mi].country,
            })
    }

    /// Who holds the weapon at registration, and its status.
    fn holding(&self, rng: &mut impl Rng, category: &str) -> (Place, &'static str) {
        let h = self.holders;
        let weights: [u32; 7] = if civilian_category(category) {
            [760, 120, 40, 15, 5, 55, 5]
        } else {
            [940, 0, 0, 0, 0, 55, 5]
        };
        let total: u32 = weights.iter().sum();
        let mut r = rng.random_range(0..total);
        let mut choice = 0;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                choice = i;
                break;
            }
            r -= w;
        }
        match choice {
            0 => {
                let agency = h.pick_agency(rng);
                if rng.random_range(0..100) < 35 {
                    let surplus = rng.random_range(0..100) < 3;
                    let place = Place::Depot {
                        agency,
                        holder: pick(rng, &h.agencies[agency].depots),
                        mode: if surplus { Mode::Surplus } else { Mode::Stock },
                    };
                    (place, if surplus { "surplus" } else { "in_stock" })
                } else {
                    let place = Place::Unit {
                        agency,
                        holder: pick(rng, &h.agencies[agency].units),
                    };
                    (place, "in_service")
                }
            }
            1 => (
                Place::Civilian(pick(rng, &h.civilians)),
                "civilian_licensed",
            ),
            2 => (Place::Dealer(pick(rng, &h.dealers)), "in_stock"),
            3 => (
                Place::Other(pick(rng, &h.security_companies)),
                "civilian_licensed",
            ),
            4 => (Place::Other(pick(rng, &h.manufacturers)), "in_stock"),
            5 => {
                let agency = h.police;
                let place = Place::Depot {
                    agency,
                    holder: pick(rng, &h.agencies[agency].depots),
                    mode: Mode::Evidence,
                };
                let status = match rng.random_range(0..10) {
                    0..5 => "seized",
                    5..9 => "collected",
                    _ => "recovered",
                };
                (place, status)
            }
            _ => (
                Place::Missing,
                if rng.random_bool(0.5) {
                    "lost"
                } else {
                    "stolen"
                },
            ),
        }
    }

    /// The import marking of a weapon made abroad in `yom` and registered in `reg_year`,
    /// and the year of import; older imports (before the ITI) are often unmarked.
    fn import_marking(&self, rng: &mut impl Rng, yom: u16, reg_year: u16) -> (String, Option<u16>) {
        let last = reg_year.min(yom.saturating_add(8)).max(yom);
        let year = rng.random_range(yom..=last);
        let marked = if year >= 2001 {
            rng.random_range(0..100) < 92
        } else {
            rng.random_range(0..100) < 20
        };
        if !marked {
            return (String::new(), None);
        }
        let home = self.home;
        let text = match rng.random_range(0..3) {
            0 => format!("{home} {:02}", year % 100),
            1 => format!("{home}-{year}"),
            _ => format!(
                "{home} {:02} {}",
                year % 100,
                char::from(b'A' + rng.random_range(0..6u8))
            ),
        };
        (text, Some(year))
    }

    /// The `markings` cell: factory codes, slide serials, earlier import marks, proof marks.
    /// `w` is the weapon drawn so far, made by `m` in `yom`.
    fn markings(&self, rng: &mut impl Rng, m: &Manufacturer, w: &Weapon, yom: u16) -> String {
        let (category, serial, import_year) = (w.category, w.serial.as_str(), w.import_year);
        let reg_year = date::year_of(w.registered) as u16;
        let mut out: Vec<String> = Vec::new();
        if !m.factory_codes.is_empty() {
            let code = m.factory_codes[rng.random_range(0..m.factory_codes.len())];
            out.push(format!("alternative_code/frame/{}=△ {code}", m.country));
        }
        if category == "pistol_revolver" && !serial.is_empty() && rng.random_range(0..100) < 15 {
            out.push(format!("manufacture/slide={}", escape_marking_text(serial)));
        }
        if let Some(imported) = import_year
            && rng.random_range(0..100) < 4
        {
            let (cc, _) = FOREIGN_STATES[rng.random_range(0..FOREIGN_STATES.len())];
            if cc != self.home && cc != m.country {
                let year = rng.random_range(yom..=imported);
                out.push(format!("import/frame/{cc}/{year}={cc} {:02}", year % 100));
            }
        }
        if m.country == "US" && rng.random_range(0..100) < 3 {
            let year = (yom + rng.random_range(0..3)).min(reg_year).max(yom);
            out.push(format!("state_transfer/frame/US/{year}=U.S. GOVT PROPERTY"));
        }
        if rng.random_range(0..100) == 0 {
            let text = format!("PROOF; LOT {}", rng.random_range(1..100));
            out.push(format!("other/barrel={}", escape_marking_text(&text)));
        }
        if rng.random_range(0..100) == 0 {
            out.push(format!(
                "alternative_code/barrel=◇△ {:04}",
                rng.random_range(0..10_000)
            ));
        }
        out.join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 10 million weapons no maker runs out of serials (styles of one maker share
    /// their space through the fallback in [`UniqueSerials::next`]).
    #[test]
    fn serial_spaces_hold_ten_million_weapons() {
        let weapons = 10_000_000f64;
        let light_share = f64::from(LIGHT_WEAPONS_PER_MILLE) / 1000.0;
        let total = |light: bool| -> f64 {
            MANUFACTURERS
                .iter()
                .filter(|m| {
                    if light {
                        m.makes_light_weapons()
                    } else {
                        m.makes_small_arms()
                    }
                })
                .map(|m| f64::from(m.weight))
                .sum()
        };
        let (small_total, light_total) = (total(false), total(true));
        for m in MANUFACTURERS {
            let mut expected = 0.0;
            if m.makes_small_arms() {
                expected += weapons * (1.0 - light_share) * f64::from(m.weight) / small_total;
            }
            if m.makes_light_weapons() {
                expected += weapons * light_share * f64::from(m.weight) / light_total;
            }
            let capacity: u64 = m.styles.iter().map(|s| s.capacity()).sum();
            assert!(
                expected < capacity as f64 * 0.8,
                "{} ({}): {expected:.0} weapons expected, {capacity} serials",
                m.make,
                m.country
            );
        }
    }
}
