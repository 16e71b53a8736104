//! The CSV importer: header check, row validation, batches written in one transaction
//! each, and the rejected-row report.

use crate::columns::{Columns, HeaderError};
use crate::rows::{self, CellProblem, HolderCodes, WeaponRef};
use armtrace_domain::ledger::Record;
use armtrace_domain::natural_key::natural_key;
use armtrace_domain::vocab::Vocabulary;
use armtrace_store::{Prepared, Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// holders.csv
    Holders,
    /// weapons.csv
    Weapons,
    /// events.csv
    Events,
}

impl FileKind {
    fn format(self) -> &'static crate::columns::Format {
        match self {
            FileKind::Holders => &rows::HOLDERS,
            FileKind::Weapons => &rows::WEAPONS,
            FileKind::Events => &rows::EVENTS,
        }
    }
}

/// Rows written per transaction unless told otherwise. Batches pass through the importer's
/// three threads one after another, so the first batch keeps the writer waiting and the last
/// ones keep it writing alone: 20,000 rows keep both short while a commit's own cost stays
/// small (1M weapons on SQLite: 8.0 s against 8.8 s with 50,000 and 8.3 s with 10,000,
/// docs/benchmarks.md).
pub const DEFAULT_BATCH: usize = 20_000;

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Rows written per transaction.
    pub batch_size: usize,
    /// Who records (the account name stored with every entry).
    pub recorded_by: String,
    /// Where to write the rejected-row report; `FILE.rejected.csv` when `None`.
    pub rejects: Option<PathBuf>,
    /// The time of recording.
    pub now: DateTime<Utc>,
    /// This program is the store's only user while the import runs (the command line, not
    /// a server): a first load into a store without weapons may then take the store to
    /// itself and write faster (`Store::begin_bulk_load`).
    pub alone: bool,
}

impl ImportOptions {
    /// Options with the default batch size, recorded now by `recorded_by`.
    pub fn new(recorded_by: &str) -> Self {
        Self {
            batch_size: DEFAULT_BATCH,
            recorded_by: recorded_by.to_string(),
            rejects: None,
            now: Utc::now(),
            alone: false,
        }
    }
}

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RejectedRow {
    /// Line of the file (the header is line 1).
    pub row: u64,
    /// The column at fault (`-` when the row as a whole breaks a rule).
    pub column: String,
    /// The value found.
    pub value: String,
    /// The rule broken.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    /// Rows written.
    pub written: u64,
    /// Rows already in the store (nothing written).
    pub already_present: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The rejected-row report, if any row was rejected.
    pub rejects_file: Option<PathBuf>,
    /// The first rejected rows (at most 20), for the screen.
    pub first_rejections: Vec<RejectedRow>,
}

/// An import that could not run (as opposed to rows that were rejected).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read or the report written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// The header does not fit the format.
    #[error("{path}: line 1 (header): {source}")]
    Header {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: HeaderError,
    },
    /// The file is not CSV at all.
    #[error("{path}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The store failed; the batch in progress was not written.
    #[error("{0}")]
    Store(#[from] StoreError),
}

#[derive(Default)]
struct Pending {
    /// The line of each record.
    rows: Vec<u64>,
    records: Vec<Prepared>,
}

impl Pending {
    fn with_capacity(n: usize) -> Self {
        Pending {
            rows: Vec::with_capacity(n),
            records: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, row: u64, record: Prepared) {
        self.rows.push(row);
        self.records.push(record);
    }
}

/// One batch read and checked, on its way to be prepared.
struct Parsed {
    /// The line of each record.
    lines: Vec<u64>,
    records: Vec<Record>,
    /// The kind of each holder known when the batch was read (for the projection rows).
    kinds: HashMap<armtrace_domain::HolderId, armtrace_domain::HolderKind>,
    rejects: Vec<RejectedRow>,
    rows: u64,
    bytes: u64,
}

impl Parsed {
    /// Prepares every record for the writer ([`Store::prepare`]): payload JSON, natural
    /// key, checks that need no stored record, projection row and its markings as stored.
    fn prepare(self, store: &Store, now: DateTime<Utc>) -> Converted {
        let kind_of = |h| self.kinds.get(&h).copied();
        let mut pending = Pending::with_capacity(self.records.len());
        for (line, record) in self.lines.into_iter().zip(self.records) {
            pending.push(line, store.prepare(record, &kind_of, now));
        }
        Converted {
            pending,
            rejects: self.rejects,
            rows: self.rows,
            bytes: self.bytes,
        }
    }
}

/// One batch prepared, on its way to the writer.
struct Converted {
    pending: Pending,
    rejects: Vec<RejectedRow>,
    rows: u64,
    bytes: u64,
}

/// Imports one CSV file. `progress` is called after each batch with the bytes read so far.
pub fn import_file(
    store: &Store,
    kind: FileKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let lines = std::sync::Arc::new(std::sync::Mutex::new(crate::lines::LineIndex::default()));
    let reader = crate::lines::Tracking {
        inner: std::io::BufReader::with_capacity(1 << 20, file),
        count: count.clone(),
        lines: lines.clone(),
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|e| ImportError::Csv {
            path: path.to_path_buf(),
            message: format!("line 1 (header): {e}"),
        })?
        .clone();
    let cols = Columns::new(kind.format(), &header).map_err(|source| ImportError::Header {
        path: path.to_path_buf(),
        source,
    })?;
    let width = header.len();
    let mut csv = csv;

    let codes: HolderCodes = store
        .holders()?
        .into_iter()
        .map(|h| (h.code, (h.id, h.kind)))
        .collect();
    // Weapons into a store that holds none yet: a first bulk load, checked against its
    // own keys while the store's unique indexes wait until the end (Store::begin_bulk_load).
    let mut bulk = match kind {
        FileKind::Weapons => store.begin_bulk_load(opts.alone)?,
        _ => None,
    };
    let mut report = ImportReport::default();
    let mut rejects: Vec<RejectedRow> = Vec::new();

    // Three stages on three threads: reading and checking rows, preparing records, and
    // writing batches. On two cores the first two share the core the writer leaves, so
    // neither waits for the other to finish a whole batch (docs/benchmarks.md). Each
    // stage hands its batch over when the next one takes it (no queue): at most three
    // batches are held at once, and the writer is never far behind when the file ends.
    let (parsed_tx, parsed_rx) = std::sync::mpsc::sync_channel::<Result<Parsed, ImportError>>(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Converted, ImportError>>(0);
    // Written batches go back to the preparing thread to be freed there: memory is then
    // returned to the thread that allocated it and reused for the next batch, instead of
    // being handed back to the system and faulted in again (a quarter of the writer's time
    // on a first load, docs/benchmarks.md).
    let (spent_tx, spent_rx) = std::sync::mpsc::sync_channel::<Pending>(4);
    let read_bytes = count.clone();
    let loaded = std::thread::scope(|scope| -> Result<(), ImportError> {
        let preparer = scope.spawn(move || {
            for parsed in parsed_rx {
                while let Ok(spent) = spent_rx.try_recv() {
                    drop(spent);
                }
                let converted = parsed.map(|p| p.prepare(store, opts.now));
                let failed = converted.is_err();
                if tx.send(converted).is_err() || failed {
                    return;
                }
            }
        });
        let tx = parsed_tx;
        let reader = scope.spawn(move || {
            let mut codes = codes;
            let mut batch: Vec<(u64, csv::StringRecord)> = Vec::with_capacity(opts.batch_size);
            let mut raw = csv::ByteRecord::new();
            let mut rows = 0u64;
            let mut rejects = Vec::new();
            loop {
                let more = match csv.read_byte_record(&mut raw) {
                    Ok(m) => m,
                    Err(e) => {
                        let row = match (e.position(), lines.lock()) {
                            (Some(p), Ok(mut l)) => l.line_of(p.byte()),
                            _ => rows + 2,
                        };
                        let _ = tx.send(Err(ImportError::Csv {
                            path: path.to_path_buf(),
                            message: format!(
                                "line {row}: the file cannot be read as CSV ({e}); nothing from line {row} on was imported"
                            ),
                        }));
                        return;
                    }
                };
                if more {
                    rows += 1;
                    let row = match (raw.position(), lines.lock()) {
                        (Some(p), Ok(mut l)) => l.line_of(p.byte()),
                        _ => rows + 1,
                    };
                    if raw.len() != width {
                        rejects.push(RejectedRow {
                            row,
                            column: "-".into(),
                            value: String::new(),
                            reason: format!("the row has {} fields but the header has {width}", raw.len()),
                        });
                    } else {
                        match csv::StringRecord::from_byte_record(raw.clone()) {
                            Ok(r) => batch.push((row, r)),
                            Err(e) => rejects.push(RejectedRow {
                                row,
                                column: header.get(e.utf8_error().field()).unwrap_or("-").to_string(),
                                value: String::new(),
                                reason: "not valid UTF-8: save the file as UTF-8".into(),
                            }),
                        }
                    }
                }
                if batch.len() >= opts.batch_size || !more {
                    let converted = to_records(store, kind, &cols, &batch, &mut codes, opts.now, &mut rejects).map(|(lines, records, kinds)| Parsed {
                        lines,
                        records,
                        kinds,
                        rejects: std::mem::take(&mut rejects),
                        rows: std::mem::take(&mut rows),
                        bytes: read_bytes.load(std::sync::atomic::Ordering::Relaxed),
                    });
                    batch.clear();
                    let failed = converted.is_err();
                    if tx.send(converted).is_err() || failed {
                        return;
                    }
                }
                if !more {
                    return;
                }
            }
        });
        let mut outcome = Ok(());
        for converted in rx {
            let c = match converted {
                Ok(c) => c,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            };
            if report.rows == 0
                && c.bytes > 0
                && let Some(b) = bulk.as_mut()
            {
                // The file's rows, at the first batch's bytes per row.
                let ahead = u128::from(file_len) * u128::from(c.rows) / u128::from(c.bytes);
                b.expect(usize::try_from(ahead).unwrap_or(usize::MAX));
            }
            report.rows += c.rows;
            rejects.extend(c.rejects);
            let written = write_batch(
                store,
                &c.pending,
                opts,
                bulk.as_mut(),
                &mut report,
                &mut rejects,
            );
            // When the reader has stopped taking them, the batch is freed here.
            let _ = spent_tx.try_send(c.pending);
            if let Err(e) = written {
                outcome = Err(e);
                break;
            }
            progress(c.bytes);
        }
        // The receiver is gone: the preparer, and so the reader, stop at their next batch.
        let stopped = [reader.join().is_err(), preparer.join().is_err()];
        if stopped.contains(&true) && outcome.is_ok() {
            outcome = Err(ImportError::Csv {
                path: path.to_path_buf(),
                message: "reading the file stopped on an internal error; the batches before it were stored, nothing after".into(),
            });
        }
        outcome
    });
    // The indexes are built whatever became of the load (what was written stays written).
    let finished = bulk.map_or(Ok(()), |b| store.finish_bulk_load(b));
    loaded?;
    finished?;
    progress(count.load(std::sync::atomic::Ordering::Relaxed));
    report.rejected = rejects.len() as u64;
    rejects.sort_by_key(|r| r.row);
    report.first_rejections = rejects.iter().take(20).cloned().collect();
    if !rejects.is_empty() {
        let out = opts.rejects.clone().unwrap_or_else(|| {
            let mut p = path.as_os_str().to_owned();
            p.push(".rejected.csv");
            PathBuf::from(p)
        });
        let mut w = csv::Writer::from_path(&out).map_err(|e| ImportError::Csv {
            path: out.clone(),
            message: e.to_string(),
        })?;
        for r in &rejects {
            w.serialize(r).map_err(|e| ImportError::Csv {
                path: out.clone(),
                message: e.to_string(),
            })?;
        }
        w.flush().map_err(|source| ImportError::Io {
            path: out.clone(),
            source,
        })?;
        report.rejects_file = Some(out);
    }
    Ok(report)
}

fn reject(rejects: &mut Vec<RejectedRow>, row: u64, p: CellProblem) {
    rejects.push(RejectedRow {
        row,
        column: p.column,
        value: p.value,
        reason: p.reason,
    });
}

/// A batch's records read and checked, with the line of each and the holders' kinds.
type Records = (
    Vec<u64>,
    Vec<Record>,
    HashMap<armtrace_domain::HolderId, armtrace_domain::HolderKind>,
);

/// Reads and checks a batch's rows into records (the events' weapons looked up by natural
/// key); each rejected row goes to `rejects`.
fn to_records(
    store: &Store,
    kind: FileKind,
    cols: &Columns,
    batch: &[(u64, csv::StringRecord)],
    codes: &mut HolderCodes,
    now: DateTime<Utc>,
    rejects: &mut Vec<RejectedRow>,
) -> Result<Records, ImportError> {
    let today = now.date_naive();
    let mut lines = Vec::with_capacity(batch.len());
    let mut records = Vec::with_capacity(batch.len());
    let mut out = |line: u64, record: Record| {
        lines.push(line);
        records.push(record);
    };
    match kind {
        FileKind::Holders => {
            for (row, r) in batch {
                match rows::holder(cols, r, codes) {
                    Ok(h) => {
                        codes.entry(h.code.clone()).or_insert((h.id, h.kind));
                        out(*row, Record::HolderRegistered(h));
                    }
                    Err(p) => reject(rejects, *row, p),
                }
            }
        }
        FileKind::Weapons => {
            for (row, r) in batch {
                match rows::weapon(cols, r, codes, today) {
                    Ok(reg) => out(*row, Record::WeaponRegistered(reg)),
                    Err(p) => reject(rejects, *row, p),
                }
            }
        }
        FileKind::Events => {
            let mut refs = Vec::with_capacity(batch.len());
            for (row, r) in batch {
                match rows::weapon_ref(cols, r) {
                    Ok(w) => refs.push(Some(w)),
                    Err(p) => {
                        reject(rejects, *row, p);
                        refs.push(None);
                    }
                }
            }
            let keys: Vec<String> = refs
                .iter()
                .filter_map(|w| match w {
                    Some(WeaponRef::Key(k)) => Some(k.clone()),
                    _ => None,
                })
                .collect();
            let by_key: HashMap<String, armtrace_domain::WeaponId> = if keys.is_empty() {
                HashMap::new()
            } else {
                store.weapon_ids_by_natural_key(&keys)?
            };
            for ((row, r), w) in batch.iter().zip(refs) {
                let weapon = match w {
                    None => continue,
                    Some(WeaponRef::Id(id)) => id,
                    Some(WeaponRef::Key(k)) => match by_key.get(&k) {
                        Some(id) => *id,
                        None => {
                            reject(
                                rejects,
                                *row,
                                CellProblem {
                                    column: "serial".into(),
                                    value: cols.get(r, "serial").to_string(),
                                    reason: format!(
                                        "no registered weapon is made by '{}' with this serial in '{}': import the weapon first",
                                        cols.get(r, "make"),
                                        cols.get(r, "country_of_manufacture")
                                    ),
                                },
                            );
                            continue;
                        }
                    },
                };
                match rows::event(cols, r, weapon, codes) {
                    Ok(e) => out(*row, Record::WeaponEvent(e)),
                    Err(p) => reject(rejects, *row, p),
                }
            }
        }
    }
    // The holders' kinds as they stand after this batch (a holders file adds its own).
    let kinds = codes.values().copied().collect();
    Ok((lines, records, kinds))
}

fn write_batch(
    store: &Store,
    pending: &Pending,
    opts: &ImportOptions,
    bulk: Option<&mut armtrace_store::BulkLoad>,
    report: &mut ImportReport,
    rejects: &mut Vec<RejectedRow>,
) -> Result<(), ImportError> {
    let Pending { rows, records } = pending;
    if records.is_empty() {
        return Ok(());
    }
    let outcome = store.apply_prepared(records, &opts.recorded_by, opts.now, bulk)?;
    report.written += outcome.written.len() as u64;
    report.already_present += outcome.already_present.len() as u64;
    for r in outcome.rejected {
        let column = match records[r.index].record() {
            Record::WeaponEvent(_) => "kind",
            Record::WeaponRegistered(w) if natural_key(&w.description).is_none() => "serial",
            Record::WeaponRegistered(_) => "-",
            Record::HolderRegistered(_) => "parent",
        };
        let value = match records[r.index].record() {
            Record::WeaponEvent(e) => e.kind.name().to_string(),
            _ => String::new(),
        };
        rejects.push(RejectedRow {
            row: rows[r.index],
            column: column.into(),
            value,
            reason: r.reason,
        });
    }
    Ok(())
}
