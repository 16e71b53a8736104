//! What happens to a weapon after it is registered: a small state machine over where the
//! weapon is, drawing one event at a time.
//!
//! The rules the importer enforces hold by construction: events of a weapon are in time
//! order and none is before its registration; `issued` goes from a depot to a unit of the
//! same agency and `returned` from a unit to a depot of the same agency; nothing follows
//! `destroyed`; after `exported` only `imported` may follow; the kinds that need a holder,
//! a country, a marking, a method or a document have one.

use rand::Rng;

use crate::date;
use crate::holders::{Holders, pick, pick_other, town};

/// Last day an event may fall on (the generator never looks at the clock, so the files
/// are the same whenever they are written).
pub(crate) const LAST_EVENT_DAY: (i32, u32, u32) = (2026, 6, 30);

/// What kind of stock a weapon in a depot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Ordinary stock.
    Stock,
    /// Designated surplus, waiting for disposal.
    Surplus,
    /// Seized, collected or recovered, held by the police.
    Evidence,
}

/// Where a weapon is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Depot {
        agency: usize,
        holder: usize,
        mode: Mode,
    },
    Unit {
        agency: usize,
        holder: usize,
    },
    Civilian(usize),
    Dealer(usize),
    /// Held by a private security company or a domestic manufacturer.
    Other(usize),
    /// Reported lost or stolen.
    Missing,
    Abroad(&'static str),
    Destroyed,
}

/// One row of `events.csv`, before ids are given.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: &'static str,
    pub day: i32,
    pub holder: Option<usize>,
    pub country: &'static str,
    pub location: String,
    pub document_kind: &'static str,
    pub document_ref: String,
    pub marking: String,
    pub method: &'static str,
    /// Position (in the same weapon's list) of the event a correction corrects.
    pub corrects: Option<usize>,
    pub reason: &'static str,
    pub notes: &'static str,
}

impl Event {
    fn new(kind: &'static str, day: i32) -> Event {
        Event {
            kind,
            day,
            holder: None,
            country: "",
            location: String::new(),
            document_kind: "",
            document_ref: String::new(),
            marking: String::new(),
            method: "",
            corrects: None,
            reason: "",
            notes: "",
        }
    }

    fn holder(mut self, holder: usize) -> Event {
        self.holder = Some(holder);
        self
    }

    fn at(mut self, location: String) -> Event {
        self.location = location;
        self
    }

    fn document(mut self, kind: &'static str, reference: String) -> Event {
        self.document_kind = kind;
        self.document_ref = reference;
        self
    }

    fn notes(mut self, notes: &'static str) -> Event {
        self.notes = notes;
        self
    }
}

/// Escapes `;` and `\` in a marking's text (syntax of the `markings` cell).
pub(crate) fn escape_marking_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, ';' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn choose(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut r = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    0
}

/// How many events (besides a `marked` one) a weapon gets at most: 0 to 6, mean about 2.6.
fn target_count(rng: &mut impl Rng) -> usize {
    choose(rng, &[10, 18, 22, 20, 14, 9, 7])
}

/// Days to the next event: 2 weeks to 4 years, shorter gaps more likely.
fn gap(rng: &mut impl Rng) -> i32 {
    let a = rng.random_range(14..=1460);
    let b = rng.random_range(14..=1460);
    a.min(b)
}

/// The context a chain is drawn in.
#[derive(Debug)]
pub(crate) struct Chains<'a> {
    pub holders: &'a Holders,
    pub home: &'a str,
    pub last_day: i32,
}

impl Chains<'_> {
    fn name(&self, holder: usize) -> String {
        self.holders.list[holder].name.clone()
    }

    fn place_name(&self, rng: &mut impl Rng, place: Place) -> String {
        match place {
            Place::Depot { holder, .. } | Place::Unit { holder, .. } => self.name(holder),
            _ => town(self.home, rng.random_range(0..1000)),
        }
    }

    fn police_depot(&self, rng: &mut impl Rng) -> Place {
        let agency = self.holders.police;
        Place::Depot {
            agency,
            holder: pick(rng, &self.holders.agencies[agency].depots),
            mode: Mode::Evidence,
        }
    }

    /// A depot of an agency drawn by share, other than `not` where possible.
    fn any_depot(&self, rng: &mut impl Rng, not: Option<usize>) -> Place {
        let agency = self.holders.pick_agency(rng);
        let depots = &self.holders.agencies[agency].depots;
        let holder = match not {
            Some(not) => pick_other(rng, depots, not),
            None => pick(rng, depots),
        };
        Place::Depot {
            agency,
            holder,
            mode: Mode::Stock,
        }
    }

    /// Draws the events of one weapon registered on `registered` at `start` into `out`
    /// (cleared first). `remark` numbers the national marking applied first to a weapon
    /// registered with inadequate markings.
    pub(crate) fn draw(
        &self,
        rng: &mut impl Rng,
        start: Place,
        registered: i32,
        remark: Option<u64>,
        out: &mut Vec<Event>,
    ) {
        out.clear();
        let mut day = registered;
        let mut place = start;
        // Seven in ten inadequately marked weapons have been marked since; the others are
        // still on the "to be marked or destroyed" list (PoA II.8).
        if let Some(n) = remark.filter(|_| rng.random_range(0..10) < 7) {
            day += rng.random_range(1..=400);
            if day > self.last_day {
                return;
            }
            let year = date::year_of(day);
            let marking = format!(
                "remarking/frame/{home}/{year}={home}-{year}-{n:07}",
                home = self.home
            );
            let location = self.place_name(rng, place);
            out.push(Event {
                marking,
                ..Event::new("marked", day).at(location)
            });
        }
        for _ in 0..target_count(rng) {
            day += gap(rng);
            if day > self.last_day {
                break;
            }
            match self.step(rng, place, day) {
                Some((event, next)) => {
                    out.push(event);
                    place = next;
                }
                None => break,
            }
        }
        if !out.is_empty() && rng.random_range(0..1000) < 3 {
            self.correct_one(rng, out);
        }
    }

    /// One event from `place` on `day`, and where the weapon is after it; `None` when
    /// nothing more happens (destroyed, gone abroad, or missing for good).
    fn step(&self, rng: &mut impl Rng, place: Place, day: i32) -> Option<(Event, Place)> {
        let h = self.holders;
        let year = date::year_of(day);
        Some(match place {
            Place::Destroyed => return None,
            Place::Abroad(country) => {
                if rng.random_range(0..10) != 0 {
                    return None;
                }
                let to = if rng.random_bool(0.5) {
                    Place::Dealer(pick(rng, &h.dealers))
                } else {
                    self.any_depot(rng, None)
                };
                let holder = holder_of(to)?;
                let home = self.home;
                let marking = format!(
                    "import/frame/{home}/{year}={}",
                    escape_marking_text(&format!("{home} {:02}", year % 100))
                );
                let event = Event {
                    country,
                    marking,
                    ..Event::new("imported", day).holder(holder).document(
                        "licence",
                        format!("IMP-{year}-{:05}", rng.random_range(1..100_000)),
                    )
                };
                (event, to)
            }
            Place::Missing => match choose(rng, &[30, 20, 10, 40]) {
                0 => {
                    let to = self.police_depot(rng);
                    let location = town(self.home, rng.random_range(0..1000));
                    (
                        Event::new("recovered", day)
                            .holder(holder_of(to)?)
                            .at(location),
                        to,
                    )
                }
                1 => {
                    let to = self.police_depot(rng);
                    let event = self.seizure(rng, day, holder_of(to)?);
                    (event, to)
                }
                2 => {
                    let to = self.police_depot(rng);
                    let event = Event::new("collected", day)
                        .holder(holder_of(to)?)
                        .at(town(self.home, rng.random_range(0..1000)))
                        .notes("Handed in during a weapons amnesty, \"no questions asked\"");
                    (event, to)
                }
                _ => return None,
            },
            Place::Depot {
                holder,
                mode: Mode::Surplus,
                ..
            } => match choose(rng, &[80, 15, 5]) {
                0 => (self.destruction(rng, day, holder), Place::Destroyed),
                1 => self.export(rng, day),
                _ => {
                    let to = self.any_depot(rng, Some(holder));
                    let event = Event::new("transferred", day)
                        .holder(holder_of(to)?)
                        .notes("Surplus reallocated to another agency");
                    (event, to)
                }
            },
            Place::Depot {
                agency,
                holder,
                mode: Mode::Evidence,
            } => match choose(rng, &[45, 20, 10, 10, 15]) {
                0 => {
                    let to = Place::Depot {
                        agency,
                        holder,
                        mode: Mode::Surplus,
                    };
                    (
                        Event::new("designated_surplus", day).at(self.name(holder)),
                        to,
                    )
                }
                1 => {
                    let mut event = self.destruction(rng, day, holder);
                    event.notes = "Destruction ordered by the court after the proceedings";
                    (event, Place::Destroyed)
                }
                2 => {
                    let to = Place::Depot {
                        agency,
                        holder: pick_other(rng, &h.agencies[agency].depots, holder),
                        mode: Mode::Evidence,
                    };
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                3 => {
                    let to = Place::Civilian(pick(rng, &h.civilians));
                    let event = Event::new("transferred", day)
                        .holder(holder_of(to)?)
                        .document("court_order", court_ref(rng, year))
                        .notes("Returned to the lawful owner");
                    (event, to)
                }
                _ => {
                    let to = Place::Unit {
                        agency,
                        holder: pick(rng, &h.agencies[agency].units),
                    };
                    let event = Event::new("issued", day)
                        .holder(holder_of(to)?)
                        .notes("Taken into police service after marking and recording");
                    (event, to)
                }
            },
            Place::Depot {
                agency,
                holder,
                mode: Mode::Stock,
            } => match choose(rng, &[66, 12, 14, 4, 2, 2]) {
                0 => {
                    let to = Place::Unit {
                        agency,
                        holder: pick(rng, &h.agencies[agency].units),
                    };
                    (
                        Event::new("issued", day)
                            .holder(holder_of(to)?)
                            .at(self.name(holder)),
                        to,
                    )
                }
                1 => {
                    let to = self.any_depot(rng, Some(holder));
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                2 => {
                    let to = Place::Depot {
                        agency,
                        holder,
                        mode: Mode::Surplus,
                    };
                    let event = Event::new("designated_surplus", day)
                        .at(self.name(holder))
                        .notes("Identified as surplus in the annual stockpile review");
                    (event, to)
                }
                3 => self.export(rng, day),
                4 => {
                    let event = Event::new("reported_stolen", day)
                        .at(self.name(holder))
                        .document("police_report", police_ref(rng, year));
                    (event, Place::Missing)
                }
                _ => (
                    Event::new("reported_lost", day).at(self.name(holder)),
                    Place::Missing,
                ),
            },
            Place::Unit { agency, holder } => match choose(rng, &[74, 18, 4, 4]) {
                0 => {
                    let to = Place::Depot {
                        agency,
                        holder: pick(rng, &h.agencies[agency].depots),
                        mode: Mode::Stock,
                    };
                    (Event::new("returned", day).holder(holder_of(to)?), to)
                }
                1 => {
                    let to = Place::Unit {
                        agency,
                        holder: pick_other(rng, &h.agencies[agency].units, holder),
                    };
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                2 => {
                    let location = town(self.home, rng.random_range(0..1000));
                    (
                        Event::new("reported_lost", day).at(location),
                        Place::Missing,
                    )
                }
                _ => {
                    let event = Event::new("reported_stolen", day)
                        .at(self.name(holder))
                        .document("police_report", police_ref(rng, year));
                    (event, Place::Missing)
                }
            },
            Place::Civilian(owner) => match choose(rng, &[45, 18, 9, 4, 14, 10]) {
                0 => {
                    let to = Place::Civilian(pick_other(rng, &h.civilians, owner));
                    let event = Event::new("transferred", day)
                        .holder(holder_of(to)?)
                        .document("licence", licence_ref(rng, year));
                    (event, to)
                }
                1 => {
                    let to = Place::Dealer(pick(rng, &h.dealers));
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                2 => {
                    let event = Event::new("reported_stolen", day)
                        .at(town(self.home, rng.random_range(0..1000)))
                        .document("police_report", police_ref(rng, year))
                        .notes("Stolen in a burglary, owner's report");
                    (event, Place::Missing)
                }
                3 => {
                    let location = town(self.home, rng.random_range(0..1000));
                    (
                        Event::new("reported_lost", day).at(location),
                        Place::Missing,
                    )
                }
                4 => {
                    let to = self.police_depot(rng);
                    let event = Event::new("collected", day)
                        .holder(holder_of(to)?)
                        .at(town(self.home, rng.random_range(0..1000)))
                        .notes("Voluntary surrender, licence not renewed");
                    (event, to)
                }
                _ => {
                    let to = self.police_depot(rng);
                    (self.seizure(rng, day, holder_of(to)?), to)
                }
            },
            Place::Dealer(_) => match choose(rng, &[72, 10, 12, 3, 3]) {
                0 => {
                    let to = Place::Civilian(pick(rng, &h.civilians));
                    let event = Event::new("transferred", day)
                        .holder(holder_of(to)?)
                        .document("licence", licence_ref(rng, year));
                    (event, to)
                }
                1 => {
                    let to = self.any_depot(rng, None);
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                2 => self.export(rng, day),
                3 => {
                    let event = Event::new("reported_stolen", day)
                        .at(town(self.home, rng.random_range(0..1000)))
                        .document("police_report", police_ref(rng, year));
                    (event, Place::Missing)
                }
                _ => {
                    let to = self.police_depot(rng);
                    let mut event = self.seizure(rng, day, holder_of(to)?);
                    event.notes = "Dealer's licence suspended, stock seized";
                    (event, to)
                }
            },
            Place::Other(_) => match choose(rng, &[50, 30, 10, 10]) {
                0 => {
                    let to = Place::Dealer(pick(rng, &h.dealers));
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                1 => {
                    let to = self.any_depot(rng, None);
                    (Event::new("transferred", day).holder(holder_of(to)?), to)
                }
                2 => {
                    let event = Event::new("reported_stolen", day)
                        .at(town(self.home, rng.random_range(0..1000)))
                        .document("police_report", police_ref(rng, year));
                    (event, Place::Missing)
                }
                _ => {
                    let location = town(self.home, rng.random_range(0..1000));
                    (
                        Event::new("reported_lost", day).at(location),
                        Place::Missing,
                    )
                }
            },
        })
    }

    fn seizure(&self, rng: &mut impl Rng, day: i32, holder: usize) -> Event {
        let year = date::year_of(day);
        let event = Event::new("seized", day)
            .holder(holder)
            .at(town(self.home, rng.random_range(0..1000)));
        match choose(rng, &[40, 40, 20]) {
            0 => event.document("court_order", court_ref(rng, year)),
            1 => event.document("police_report", police_ref(rng, year)),
            _ => event,
        }
    }

    fn destruction(&self, rng: &mut impl Rng, day: i32, holder: usize) -> Event {
        let year = date::year_of(day);
        let method = crate::vocab::DESTRUCTION_METHODS[choose(rng, &[40, 20, 15, 10, 10, 3, 2])];
        let public = rng.random_range(0..4) == 0;
        let location = if public {
            format!(
                "Public destruction, {}",
                town(self.home, rng.random_range(0..1000))
            )
        } else {
            self.name(holder)
        };
        let mut event = Event::new("destroyed", day).at(location).document(
            "destruction_certificate",
            format!("DC-{year}-{:04}", rng.random_range(1..10_000)),
        );
        event.method = method;
        if public {
            event.notes = "Witnessed by the national commission and civil society";
        }
        event
    }

    fn export(&self, rng: &mut impl Rng, day: i32) -> (Event, Place) {
        let year = date::year_of(day);
        let (_, country) = self.holders.foreign[rng.random_range(0..self.holders.foreign.len())];
        let event = Event {
            country,
            ..Event::new("exported", day).document(
                "licence",
                format!("EXP-{year}-{:05}", rng.random_range(1..100_000)),
            )
        };
        (event, Place::Abroad(country))
    }

    /// Adds one `correction` right after an event of `events`: a wrong date (moved later,
    /// never past the next event) or a wrong location.
    fn correct_one(&self, rng: &mut impl Rng, events: &mut Vec<Event>) {
        const CORRECTABLE: &[&str] = &[
            "issued",
            "returned",
            "transferred",
            "reported_lost",
            "reported_stolen",
            "designated_surplus",
            "recovered",
            "collected",
            "seized",
        ];
        let candidates: Vec<usize> = (0..events.len())
            .filter(|i| CORRECTABLE.contains(&events[*i].kind))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let j = candidates[rng.random_range(0..candidates.len())];
        let original = &events[j];
        let limit = events.get(j + 1).map_or(self.last_day, |next| next.day);
        let mut correction = original.clone();
        correction.kind = "correction";
        correction.corrects = Some(j);
        if limit - original.day >= 2 && rng.random_bool(0.5) {
            correction.day = original.day + rng.random_range(1..=(limit - original.day).min(30));
            correction.reason = "Date misrecorded: the register entry was made from the wrong form";
        } else {
            correction.location = town(self.home, rng.random_range(0..1000));
            correction.reason = "Location misrecorded at data entry";
        }
        events.insert(j + 1, correction);
    }
}

/// The holder a weapon has at `place`, if it has one.
pub(crate) fn holder_of(place: Place) -> Option<usize> {
    match place {
        Place::Depot { holder, .. } | Place::Unit { holder, .. } => Some(holder),
        Place::Civilian(h) | Place::Dealer(h) | Place::Other(h) => Some(h),
        Place::Missing | Place::Abroad(_) | Place::Destroyed => None,
    }
}

fn licence_ref(rng: &mut impl Rng, year: i32) -> String {
    format!("TL-{year}-{:06}", rng.random_range(1..1_000_000))
}

fn court_ref(rng: &mut impl Rng, year: i32) -> String {
    format!("CR {}/{year}", rng.random_range(1..3000))
}

fn police_ref(rng: &mut impl Rng, year: i32) -> String {
    format!("OB/{year}/{:05}", rng.random_range(1..100_000))
}
