//! `verify`: walks the ledger's hash chain from the first entry to the recorded head,
//! derives every weapon's state again from its records, and compares it with what is
//! stored; reports the first break of the chain with its position, and every projection
//! row that disagrees with the records.

use crate::backend::WeaponRow;
use crate::projection::weapon_row;
use crate::{Store, StoreError};
use armtrace_domain::ledger::{ChainBreak, ChainWalker, EntryHash, Record, Registration};
use armtrace_domain::{Holder, HolderId, HolderKind, WeaponEvent, WeaponId};
use std::collections::HashMap;

/// One thing `verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyProblem {
    /// The hash chain is broken.
    #[error(transparent)]
    Chain(#[from] ChainBreak),
    /// An entry's stored weapon reference does not match its record.
    #[error("entry {seq} is filed under weapon {stored:?} but its record is about {actual:?}")]
    Misfiled {
        /// Position.
        seq: u64,
        /// Weapon column.
        stored: Option<WeaponId>,
        /// Weapon in the record.
        actual: Option<WeaponId>,
    },
    /// An event refers to a weapon with no registration before it.
    #[error("entry {seq} is about weapon {weapon}, which has no registration before it")]
    Orphan {
        /// Position.
        seq: u64,
        /// The weapon.
        weapon: WeaponId,
    },
    /// A weapon's history breaks a rule.
    #[error("weapon {weapon}: its history breaks a rule: {reason}")]
    History {
        /// The weapon.
        weapon: WeaponId,
        /// The rule.
        reason: String,
    },
    /// The access log's chain is broken.
    #[error("access log: {0}")]
    AccessLog(ChainBreak),
    /// The exchange's message log or trace log is broken.
    #[error("exchange: {0}")]
    Exchange(crate::exchange::ExchangeBreak),
    /// The stored state of a weapon differs from what its records say.
    #[error(
        "weapon {weapon}: the stored row disagrees with its records ({field}: stored {stored}, records say {derived})"
    )]
    WeaponRow {
        /// The weapon.
        weapon: WeaponId,
        /// The first field that differs.
        field: &'static str,
        /// What is stored.
        stored: String,
        /// What the records say.
        derived: String,
    },
    /// A weapon row exists with no registration in the ledger.
    #[error("weapon {0} is in the weapons table but was never registered in the ledger")]
    UnregisteredWeapon(WeaponId),
    /// A registered weapon has no row.
    #[error("weapon {0} is registered in the ledger but missing from the weapons table")]
    MissingWeapon(WeaponId),
    /// The holders table differs from the holder records.
    #[error("holder {code}: the holders table disagrees with the ledger ({what})")]
    Holder {
        /// The holder's code.
        code: String,
        /// What differs.
        what: String,
    },
}

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Entries walked.
    pub entries: u64,
    /// Weapons whose state was derived and compared.
    pub weapons: u64,
    /// Holders compared.
    pub holders: u64,
    /// Access-log entries walked.
    pub accesses: u64,
    /// Message-log records of the exchange walked.
    pub messages: u64,
    /// Trace-log records walked.
    pub traces: u64,
    /// The head recorded by the store.
    pub head: (u64, EntryHash),
    /// Problems, the chain break first; at most [`VerifyReport::MAX_PROBLEMS`].
    pub problems: Vec<VerifyProblem>,
}

impl VerifyReport {
    /// How many problems are listed at most.
    pub const MAX_PROBLEMS: usize = 100;

    /// Whether nothing was found wrong.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }

    fn push(&mut self, p: VerifyProblem) {
        if self.problems.len() < Self::MAX_PROBLEMS {
            self.problems.push(p);
        }
    }
}

/// Weapon numbers checked together: bounds the memory `verify` needs.
const VERIFY_WINDOW: i64 = 50_000;

impl Store {
    /// Verifies the whole store from one consistent snapshot. `progress` is called with
    /// the number of entries walked so far.
    pub fn verify(&self, progress: &mut dyn FnMut(u64)) -> Result<VerifyReport, StoreError> {
        let mut report = VerifyReport::default();
        self.backend.read(&mut |tx| {
            report = VerifyReport {
                head: tx.head()?,
                ..VerifyReport::default()
            };
            // 1. The chain, and the holder records.
            let mut walker = ChainWalker::default();
            let mut broken = false;
            let mut holders: HashMap<HolderId, Holder> = HashMap::new();
            let mut registered_weapons: u64 = 0;
            tx.for_each_entry(&mut |e| {
                report.entries += 1;
                if report.entries % 10_000 == 0 {
                    progress(report.entries);
                }
                if broken {
                    return Ok(());
                }
                if let Err(b) = walker.step(&e) {
                    broken = true;
                    report.push(b.into());
                    return Ok(());
                }
                match e.record() {
                    Ok(Record::HolderRegistered(h)) => {
                        holders.insert(h.id, h);
                    }
                    Ok(Record::WeaponRegistered(_)) => registered_weapons += 1,
                    Ok(_) => {}
                    Err(x) => {
                        broken = true;
                        report.push(
                            ChainBreak::Payload {
                                seq: e.seq,
                                reason: x.to_string(),
                            }
                            .into(),
                        );
                    }
                }
                Ok(())
            })?;
            progress(report.entries);
            if !broken && let Err(b) = walker.finish(report.head.0, report.head.1) {
                report.push(b.into());
            }

            // 2. Holders table against holder records.
            let stored_holders = tx.holders()?;
            report.holders = stored_holders.len() as u64;
            for h in &stored_holders {
                match holders.get(&h.id) {
                    None => report.push(VerifyProblem::Holder {
                        code: h.code.clone(),
                        what: "no holder record in the ledger".into(),
                    }),
                    Some(r) if r != h => report.push(VerifyProblem::Holder {
                        code: h.code.clone(),
                        what: "its fields differ".into(),
                    }),
                    Some(_) => {}
                }
            }
            if stored_holders.len() != holders.len() {
                for (id, h) in &holders {
                    if !stored_holders.iter().any(|s| s.id == *id) {
                        report.push(VerifyProblem::Holder {
                            code: h.code.clone(),
                            what: "missing from the holders table".into(),
                        });
                    }
                }
            }
            let kinds: HashMap<HolderId, HolderKind> =
                holders.iter().map(|(k, v)| (*k, v.kind)).collect();
            let kind = |h: HolderId| kinds.get(&h).copied();

            // 3. Each weapon's state, derived again from its entries, against its row:
            //    both streams come ordered by the weapon number the entries are filed under.
            struct Group {
                num: i64,
                row_id: Option<WeaponId>,
                registration: Option<Registration>,
                events: Vec<WeaponEvent>,
            }
            let finish = |g: Option<Group>,
                          out: &mut Vec<(i64, WeaponId, Result<WeaponRow, String>)>,
                          problems: &mut Vec<VerifyProblem>,
                          filed: &mut u64| {
                let Some(g) = g else { return };
                if g.registration.is_some() {
                    *filed += 1;
                }
                match (g.registration, g.row_id) {
                    (Some(reg), Some(_)) => {
                        let id = reg.weapon;
                        out.push((
                            g.num,
                            id,
                            weapon_row(&reg, &g.events, &kind).map_err(|e| e.to_string()),
                        ));
                    }
                    (Some(reg), None) => problems.push(VerifyProblem::MissingWeapon(reg.weapon)),
                    (None, _) => {}
                }
            };
            // In windows of weapon numbers, so memory stays bounded at any registry size.
            let max = tx.max_weapon_num()?;
            let mut filed: u64 = 0;
            let mut lo: i64 = 0;
            while lo <= max {
                let hi = lo.saturating_add(VERIFY_WINDOW);
                let mut derived: Vec<(i64, WeaponId, Result<WeaponRow, String>)> = Vec::new();
                let mut problems: Vec<VerifyProblem> = Vec::new();
                let mut current: Option<Group> = None;
                tx.for_each_weapon_entry(lo..hi, &mut |num, row_id, e| {
                    if current.as_ref().map(|c| c.num) != Some(num) {
                        finish(current.take(), &mut derived, &mut problems, &mut filed);
                        current = Some(Group {
                            num,
                            row_id,
                            registration: None,
                            events: Vec::new(),
                        });
                    }
                    let Ok(record) = e.record() else {
                        return Ok(());
                    };
                    let Some(g) = current.as_mut() else {
                        return Ok(());
                    };
                    if row_id.is_some() && record.weapon() != row_id {
                        problems.push(VerifyProblem::Misfiled {
                            seq: e.seq,
                            stored: row_id,
                            actual: record.weapon(),
                        });
                        return Ok(());
                    }
                    match record {
                        Record::WeaponRegistered(r) if g.registration.is_none() => {
                            g.registration = Some(r)
                        }
                        Record::WeaponRegistered(r) => problems.push(VerifyProblem::History {
                            weapon: r.weapon,
                            reason: format!("registered twice (again at entry {})", e.seq),
                        }),
                        Record::WeaponEvent(ev) if g.registration.is_some() => g.events.push(ev),
                        Record::WeaponEvent(ev) => problems.push(VerifyProblem::Orphan {
                            seq: e.seq,
                            weapon: ev.weapon,
                        }),
                        Record::HolderRegistered(_) => problems.push(VerifyProblem::Misfiled {
                            seq: e.seq,
                            stored: row_id,
                            actual: None,
                        }),
                    }
                    Ok(())
                })?;
                finish(current.take(), &mut derived, &mut problems, &mut filed);
                for p in problems {
                    report.push(p);
                }
                let mut next = derived.into_iter().peekable();
                tx.for_each_weapon_in(lo..hi, &mut |row| {
                    report.weapons += 1;
                    while next.peek().is_some_and(|(n, _, _)| *n < row.num) {
                        next.next();
                    }
                    match next.peek() {
                        Some((n, _, _)) if *n == row.num => {
                            if let Some((_, _, d)) = next.next() {
                                match d {
                                    Ok(d) => {
                                        if let Some(p) = compare(&row, &d) {
                                            report.push(p);
                                        }
                                    }
                                    Err(reason) => report.push(VerifyProblem::History {
                                        weapon: row.id,
                                        reason,
                                    }),
                                }
                            }
                        }
                        _ => report.push(VerifyProblem::UnregisteredWeapon(row.id)),
                    }
                    Ok(())
                })?;
                lo = hi;
            }
            // Registrations whose entries are filed under no weapon number at all.
            if filed < registered_weapons {
                let unfiled = registered_weapons - filed;
                report.push(VerifyProblem::History {
                    weapon: WeaponId(uuid::Uuid::nil()),
                    reason: format!(
                        "{unfiled} registrations in the ledger are filed under no weapon row"
                    ),
                });
            }
            Ok(())
        })?;
        // The access log is a chain of its own.
        match self.verify_access_log()? {
            Ok(n) => report.accesses = n,
            Err(b) => report.push(VerifyProblem::AccessLog(b)),
        }
        // So are the exchange's message log and trace log.
        match self.exchange().verify()? {
            Ok((messages, traces)) => {
                report.messages = messages;
                report.traces = traces;
            }
            Err(b) => report.push(VerifyProblem::Exchange(b)),
        }
        Ok(report)
    }
}

fn compare(stored: &WeaponRow, derived: &WeaponRow) -> Option<VerifyProblem> {
    // The first field that differs, shown as text; nothing is formatted for equal rows.
    macro_rules! field {
        ($f:ident, $label:literal, $show:expr) => {
            if stored.$f != derived.$f {
                let show = $show;
                return Some(VerifyProblem::WeaponRow {
                    weapon: stored.id,
                    field: $label,
                    stored: show(&stored.$f),
                    derived: show(&derived.$f),
                });
            }
        };
        ($f:ident, $label:literal) => {
            field!($f, $label, |v: &dyn std::fmt::Debug| format!("{v:?}"))
        };
    }
    field!(id, "id");
    field!(natural_key, "natural key");
    field!(description, "description");
    field!(markings, "markings");
    field!(status, "status", |v: &armtrace_domain::Status| v
        .to_string());
    field!(holder, "holder");
    field!(location, "location");
    field!(deficiencies, "deficiencies", |v: &String| v.clone());
    field!(registered_on, "registered on", |v: &String| v.clone());
    field!(last_event, "last event");
    field!(events_in_force, "events in force", |v: &u32| v.to_string());
    None
}
