//! Export: holders.csv, weapons.csv, events.csv and ledger.jsonl, all from one consistent
//! snapshot of the ledger. Importing them into an empty store gives back the same records.

use crate::ledger_file::write_line;
use crate::marking_cell;
use armtrace_domain::ledger::Record;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{HolderId, MarkingKind};
use armtrace_store::{Store, StoreError};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Holders written.
    pub holders: u64,
    /// Weapons written.
    pub weapons: u64,
    /// Events written.
    pub events: u64,
    /// Ledger entries written.
    pub entries: u64,
}

fn csv_err(e: csv::Error) -> StoreError {
    StoreError::Io {
        path: "export".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the four export files into `dir` (created if needed).
pub fn export_dir(
    store: &Store,
    dir: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportReport, StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let open = |name: &str| -> Result<csv::Writer<std::fs::File>, StoreError> {
        let p = dir.join(name);
        csv::Writer::from_path(&p).map_err(|e| StoreError::Io {
            path: p.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })
    };
    let mut holders = open("holders.csv")?;
    let mut weapons = open("weapons.csv")?;
    let mut events = open("events.csv")?;
    let ledger_path = dir.join("ledger.jsonl");
    let mut ledger =
        std::io::BufWriter::new(std::fs::File::create(&ledger_path).map_err(io_err(&ledger_path))?);

    holders
        .write_record(
            crate::rows::HOLDERS
                .required
                .iter()
                .chain(crate::rows::HOLDERS.optional),
        )
        .map_err(csv_err)?;
    let weapon_cols: Vec<&str> = crate::rows::WEAPONS
        .required
        .iter()
        .chain(crate::rows::WEAPONS.optional)
        .copied()
        .collect();
    weapons.write_record(&weapon_cols).map_err(csv_err)?;
    let event_cols = [
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
        "void",
        "notes",
    ];
    events.write_record(event_cols).map_err(csv_err)?;

    let mut report = ExportReport::default();
    let mut codes: HashMap<HolderId, String> = HashMap::new();
    let code = |codes: &HashMap<HolderId, String>, h: Option<HolderId>| {
        h.and_then(|h| codes.get(&h).cloned()).unwrap_or_default()
    };
    let opt = |v: Option<String>| v.unwrap_or_default();

    store.for_each_entry(&mut |e| {
        write_line(&mut ledger, &e).map_err(io_err(&ledger_path))?;
        report.entries += 1;
        if report.entries % 10_000 == 0 {
            progress(report.entries);
        }
        let record = e
            .record()
            .map_err(|x| StoreError::Damaged(format!("entry {}: {x}", e.seq)))?;
        match record {
            Record::HolderRegistered(h) => {
                holders
                    .write_record([
                        h.code.clone(),
                        h.kind.name().to_string(),
                        h.name.clone(),
                        code(&codes, h.parent),
                        opt(h.country.map(|c| c.to_string())),
                        opt(h.licence.clone()),
                        h.id.to_string(),
                    ])
                    .map_err(csv_err)?;
                codes.insert(h.id, h.code);
                report.holders += 1;
            }
            Record::WeaponRegistered(r) => {
                let d = &r.description;
                let mut others = d.markings.clone();
                let import = others
                    .iter()
                    .position(|m| m.kind == MarkingKind::Import)
                    .map(|i| others.remove(i));
                let row: Vec<String> = vec![
                    d.category.name().to_string(),
                    d.make.clone(),
                    d.model.clone(),
                    d.calibre.clone(),
                    d.serial.clone(),
                    opt(d.country_of_manufacture.map(|c| c.to_string())),
                    opt(d.year_of_manufacture.map(|y| y.to_string())),
                    opt(import.as_ref().map(|m| m.text.clone())),
                    opt(import
                        .as_ref()
                        .and_then(|m| m.country)
                        .map(|c| c.to_string())),
                    opt(import.as_ref().and_then(|m| m.year).map(|y| y.to_string())),
                    code(&codes, r.holder),
                    opt(r.status.map(|s| s.name().to_string())),
                    marking_cell::format(&others),
                    r.registered_on.format("%Y-%m-%d").to_string(),
                    r.weapon.to_string(),
                ];
                weapons.write_record(&row).map_err(csv_err)?;
                report.weapons += 1;
            }
            Record::WeaponEvent(ev) => {
                let c = ev.correction.as_ref();
                events
                    .write_record([
                        ev.id.to_string(),
                        ev.weapon.to_string(),
                        ev.kind.name().to_string(),
                        ev.occurred.to_string(),
                        code(&codes, ev.holder),
                        opt(ev.country.map(|c| c.to_string())),
                        opt(ev.location.clone()),
                        opt(ev.document.as_ref().map(|d| d.kind.name().to_string())),
                        opt(ev.document.as_ref().map(|d| d.reference.clone())),
                        ev.marking
                            .as_ref()
                            .map(|m| marking_cell::format(std::slice::from_ref(m)))
                            .unwrap_or_default(),
                        opt(ev.method.map(|m| m.name().to_string())),
                        opt(c.map(|c| c.corrects.to_string())),
                        opt(c.map(|c| c.reason.clone())),
                        if c.is_some_and(|c| c.void) {
                            "true".into()
                        } else {
                            String::new()
                        },
                        opt(ev.notes.clone()),
                    ])
                    .map_err(csv_err)?;
                report.events += 1;
            }
        }
        Ok(())
    })?;
    progress(report.entries);
    for w in [&mut holders, &mut weapons, &mut events] {
        w.flush().map_err(io_err(dir))?;
    }
    ledger.flush().map_err(io_err(&ledger_path))?;
    Ok(report)
}
