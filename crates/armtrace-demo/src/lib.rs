//! A deterministic generator of a realistic synthetic national registry of small arms and
//! light weapons.
//!
//! [`write_registry`] writes `holders.csv`, `weapons.csv` and `events.csv` in the format of
//! `docs/import-format.md`, ready for `armtrace import`. The same [`DemoConfig`] always
//! gives byte-identical files: every draw comes from a ChaCha8 generator seeded with
//! [`DemoConfig::seed`], the clock is never read, and every row carries a deterministic
//! `id` so importing the files twice adds nothing.
//!
//! What a generated registry looks like:
//!
//! - **holders** (a few hundred to a few thousand, scaled with the number of weapons): the
//!   home State's agencies (defence, police, border guard, prisons, wildlife, customs,
//!   forests) with their units and depots, two licensed manufacturers, licensed dealers,
//!   private security companies, civilian licence holders (a fictional name and a licence
//!   number, nothing more) and foreign States;
//! - **weapons**: real makes and models from about twenty countries with serials in each
//!   maker's own style ([`serial`]), Cyrillic series letters, Arabic-Indic and Persian
//!   digits and Chinese factory codes included; about 3.5 % light weapons (RPG-7, DShK,
//!   Igla, mortars, recoilless rifles, ...); import markings on weapons made abroad; the
//!   holder and status on the day of registration (1995–2025); about 0.5 % inadequately
//!   marked (serial filed off, or origin unknown);
//! - **events**: what happened after registration, 0 to 7 per weapon (about 2 on
//!   average) up to mid-2026: issue and return between depots and units, transfers,
//!   losses, thefts, recoveries, seizures, collections, surplus and destruction, exports
//!   and re-imports, the marking of seven in ten inadequately marked weapons (the others
//!   stay on the "to be marked or destroyed" list), and a few corrections.
//!
//! Memory use does not grow with the number of weapons: weapons and their events are
//! written as they are drawn, and serials are unique by construction
//! ([`serial::UniqueSerials`]), so 10 million weapons need no set of seen serials.
//!
//! ```no_run
//! use armtrace_demo::{DemoConfig, write_registry};
//!
//! let config = DemoConfig { weapons: 1_000, ..DemoConfig::default() };
//! let files = write_registry(&config, std::path::Path::new("demo-data"))?;
//! println!("{} weapons, {} events", files.weapon_count, files.event_count);
//! # Ok::<(), armtrace_demo::DemoError>(())
//! ```

#![deny(missing_docs)]

pub mod serial;
pub mod vocab;

mod date;
mod events;
mod holders;
mod ids;
mod weapons;

use std::fs::File;
use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::events::{Chains, Event};
use crate::holders::Holders;
use crate::ids::{Table, row_id};
use crate::weapons::{Weapon, Weapons};

/// What registry to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of every random draw: the same configuration gives the same files, byte for
    /// byte.
    pub seed: u64,
    /// Number of weapons to write.
    pub weapons: usize,
    /// ISO 3166-1 alpha-2 code of the State whose registry this is (two capital letters).
    /// It is the import country of import markings, and weapons made there carry none.
    /// The default, `KE` (Kenya), also gives the place names Kenyan towns; any other
    /// State gets `District n` place names.
    pub home_country: String,
    /// Whether to write events; when false `events.csv` has only its header row.
    pub with_events: bool,
}

impl Default for DemoConfig {
    /// Seed 2001 (the year of the Programme of Action), 30,000 weapons, Kenya, with
    /// events.
    fn default() -> Self {
        DemoConfig {
            seed: 2001,
            weapons: 30_000,
            home_country: "KE".to_string(),
            with_events: true,
        }
    }
}

/// The files [`write_registry`] wrote and how many rows each has (header not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFiles {
    /// Path of `holders.csv`.
    pub holders: PathBuf,
    /// Path of `weapons.csv`.
    pub weapons: PathBuf,
    /// Path of `events.csv`.
    pub events: PathBuf,
    /// Rows in `holders.csv`.
    pub holder_count: usize,
    /// Rows in `weapons.csv`.
    pub weapon_count: usize,
    /// Rows in `events.csv`.
    pub event_count: usize,
}

/// Why a registry could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The configuration is not usable (the message says which field and why).
    #[error("invalid demo configuration: {0}")]
    InvalidConfig(String),
    /// The output directory or a file could not be created.
    #[error("cannot create {path}: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A CSV file could not be written.
    #[error("cannot write {path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: csv::Error,
    },
    /// Every style of a maker's serials is used up (registries far beyond 10 million
    /// weapons).
    #[error("no unused serial numbers left for {make} ({country})")]
    SerialSpaceExhausted {
        /// The make.
        make: &'static str,
        /// Its country of manufacture.
        country: &'static str,
    },
}

/// Header of `holders.csv`.
const HOLDER_COLUMNS: &[&str] = &["id", "code", "kind", "name", "parent", "country", "licence"];
/// Header of `weapons.csv`.
const WEAPON_COLUMNS: &[&str] = &[
    "id",
    "category",
    "make",
    "model",
    "calibre",
    "serial",
    "country_of_manufacture",
    "year_of_manufacture",
    "import_marking",
    "import_country",
    "import_year",
    "holder",
    "status",
    "markings",
    "registered_on",
];
/// Header of `events.csv` (weapons are named by `weapon_id`, not by natural key).
const EVENT_COLUMNS: &[&str] = &[
    "id",
    "weapon_id",
    "kind",
    "occurred_at",
    "holder",
    "country",
    "location",
    "document_kind",
    "document_ref",
    "marking",
    "method",
    "corrects",
    "reason",
    "notes",
];

/// A CSV file being written, with its path for error messages.
struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<File>,
}

impl CsvFile {
    fn create(path: PathBuf, header: &[&str]) -> Result<CsvFile, DemoError> {
        let writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_path(&path)
            .map_err(|source| DemoError::Csv {
                path: path.clone(),
                source,
            })?;
        let mut file = CsvFile { path, writer };
        file.write(header)?;
        Ok(file)
    }

    fn write(&mut self, record: &[&str]) -> Result<(), DemoError> {
        self.writer
            .write_record(record)
            .map_err(|source| DemoError::Csv {
                path: self.path.clone(),
                source,
            })
    }

    fn finish(mut self) -> Result<PathBuf, DemoError> {
        self.writer.flush().map_err(|source| DemoError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path)
    }
}

fn validate(config: &DemoConfig) -> Result<(), DemoError> {
    let cc = &config.home_country;
    if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DemoError::InvalidConfig(format!(
            "home_country {cc:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"
        )));
    }
    Ok(())
}

/// Writes `holders.csv`, `weapons.csv` and `events.csv` of a generated registry into
/// `dir` (created if missing; existing files of those names are replaced).
///
/// Weapons and events are streamed to disk as they are drawn, so memory stays small at
/// 10 million weapons. Weapon rows come out in generation order and each weapon's events
/// follow in time order, all after its `registered_on` date. `with_events` does not
/// change `holders.csv` or `weapons.csv` (events draw from their own seeded generator).
pub fn write_registry(config: &DemoConfig, dir: &Path) -> Result<DemoFiles, DemoError> {
    validate(config)?;
    std::fs::create_dir_all(dir).map_err(|source| DemoError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let seed = config.seed;
    let home = config.home_country.as_str();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut event_rng = ChaCha8Rng::seed_from_u64(ids::mix(seed ^ 0x6576_656E_7473));

    let holders = Holders::generate(&mut rng, home, config.weapons);
    let holders_path = write_holders(seed, &holders, dir.join("holders.csv"))?;

    let mut weapons_csv = CsvFile::create(dir.join("weapons.csv"), WEAPON_COLUMNS)?;
    let mut events_csv = CsvFile::create(dir.join("events.csv"), EVENT_COLUMNS)?;
    let (y, m, d) = events::LAST_EVENT_DAY;
    let chains = Chains {
        holders: &holders,
        home,
        last_day: date::days_from_civil(y, m, d),
    };
    let mut generator = Weapons::new(seed, &holders, home);
    let mut chain: Vec<Event> = Vec::new();
    let mut event_ids: Vec<uuid::Uuid> = Vec::new();
    let mut event_count: u64 = 0;
    let mut remarks: u64 = 0;

    for index in 0..config.weapons {
        let weapon = generator.draw(&mut rng)?;
        let weapon_id = row_id(seed, Table::Weapon, index as u64, weapon.registered);
        write_weapon(&mut weapons_csv, &holders, home, weapon_id, &weapon)?;
        if !config.with_events {
            continue;
        }
        let remark = weapon.inadequately_marked.then(|| {
            remarks += 1;
            remarks
        });
        chains.draw(
            &mut event_rng,
            weapon.place,
            weapon.registered,
            remark,
            &mut chain,
        );
        event_ids.clear();
        for event in &chain {
            event_ids.push(row_id(seed, Table::Event, event_count, event.day));
            event_count += 1;
        }
        for (event, id) in chain.iter().zip(&event_ids) {
            let corrects = event.corrects.map(|j| event_ids[j]);
            write_event(&mut events_csv, &holders, *id, weapon_id, event, corrects)?;
        }
    }

    Ok(DemoFiles {
        holders: holders_path,
        weapons: weapons_csv.finish()?,
        events: events_csv.finish()?,
        holder_count: holders.list.len(),
        weapon_count: config.weapons,
        event_count: event_count as usize,
    })
}

fn write_holders(seed: u64, holders: &Holders, path: PathBuf) -> Result<PathBuf, DemoError> {
    let mut file = CsvFile::create(path, HOLDER_COLUMNS)?;
    let day = date::days_from_civil(1995, 1, 1);
    let mut buf = uuid::Uuid::encode_buffer();
    for (i, h) in holders.list.iter().enumerate() {
        let id = row_id(seed, Table::Holder, i as u64, day);
        let parent = h.parent.map_or("", |p| holders.list[p].code.as_str());
        file.write(&[
            id.hyphenated().encode_lower(&mut buf),
            &h.code,
            h.kind,
            &h.name,
            parent,
            h.country.unwrap_or(""),
            h.licence.as_deref().unwrap_or(""),
        ])?;
    }
    file.finish()
}

fn write_weapon(
    file: &mut CsvFile,
    holders: &Holders,
    home: &str,
    id: uuid::Uuid,
    w: &Weapon,
) -> Result<(), DemoError> {
    let mut buf = uuid::Uuid::encode_buffer();
    let year = w.year.map(|y| y.to_string()).unwrap_or_default();
    let import_year = w.import_year.map(|y| y.to_string()).unwrap_or_default();
    let import_country = if w.import_year.is_some() { home } else { "" };
    let holder = w.holder.map_or("", |h| holders.list[h].code.as_str());
    let registered = date::format(w.registered);
    file.write(&[
        id.hyphenated().encode_lower(&mut buf),
        w.category,
        w.make,
        w.model,
        w.calibre,
        &w.serial,
        w.country,
        &year,
        &w.import_marking,
        import_country,
        &import_year,
        holder,
        w.status,
        &w.markings,
        &registered,
    ])
}

fn write_event(
    file: &mut CsvFile,
    holders: &Holders,
    id: uuid::Uuid,
    weapon_id: uuid::Uuid,
    e: &Event,
    corrects: Option<uuid::Uuid>,
) -> Result<(), DemoError> {
    let mut id_buf = uuid::Uuid::encode_buffer();
    let mut weapon_buf = uuid::Uuid::encode_buffer();
    let mut corrects_buf = uuid::Uuid::encode_buffer();
    let corrects: &str = match corrects {
        Some(c) => c.hyphenated().encode_lower(&mut corrects_buf),
        None => "",
    };
    let occurred = date::format(e.day);
    let holder = e.holder.map_or("", |h| holders.list[h].code.as_str());
    file.write(&[
        id.hyphenated().encode_lower(&mut id_buf),
        weapon_id.hyphenated().encode_lower(&mut weapon_buf),
        e.kind,
        &occurred,
        holder,
        e.country,
        &e.location,
        e.document_kind,
        &e.document_ref,
        &e.marking,
        e.method,
        corrects,
        e.reason,
        e.notes,
    ])
}
