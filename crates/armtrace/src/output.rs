//! How results are shown: text for people, JSON (its own wire types) for machines.

use anyhow::Result;
use armtrace_bulk::ImportReport;
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::retention::{MANUFACTURING_YEARS, OTHER_YEARS};
use armtrace_domain::{Holder, HolderId};
use armtrace_store::{Store, VerifyReport, WeaponRow};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

pub fn import_report(label: &str, path: &Path, r: &ImportReport, took: Duration) {
    println!(
        "{label}: {} rows read from {} in {:.1} s: {} stored, {} already present, {} rejected.",
        r.rows,
        path.display(),
        took.as_secs_f64(),
        r.written,
        r.already_present,
        r.rejected
    );
    if let Some(f) = &r.rejects_file {
        for x in &r.first_rejections {
            println!(
                "  row {}: {} = '{}': {}",
                x.row, x.column, x.value, x.reason
            );
        }
        if r.rejected > r.first_rejections.len() as u64 {
            println!(
                "  … and {} more.",
                r.rejected - r.first_rejections.len() as u64
            );
        }
        println!(
            "  Rejected rows (row, column, value, reason) are in {}; nothing of them was stored.",
            f.display()
        );
    }
}

pub fn stats(store: &Store, json: bool) -> Result<()> {
    let c = store.counts()?;
    let (seq, head) = store.head()?;
    if json {
        #[derive(Serialize)]
        struct Stats<'a> {
            store: String,
            entries: u64,
            weapons: u64,
            holders: u64,
            to_be_marked_or_destroyed: u64,
            by_status: &'a [(String, u64)],
            head_seq: u64,
            head_hash: String,
        }
        let s = Stats {
            store: store.location().to_string(),
            entries: c.entries,
            weapons: c.weapons,
            holders: c.holders,
            to_be_marked_or_destroyed: c.to_be_marked,
            by_status: &c.by_status,
            head_seq: seq,
            head_hash: head.to_string(),
        };
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    println!("Store: {}", store.location());
    println!(
        "Weapons: {}   holders: {}   ledger entries: {}",
        c.weapons, c.holders, c.entries
    );
    println!("To be marked or destroyed (PoA II.8): {}", c.to_be_marked);
    println!("By status:");
    for (s, n) in &c.by_status {
        println!("  {s:<18} {n:>10}");
    }
    println!("Ledger head: entry {seq}, hash {head}");
    Ok(())
}

pub fn to_mark(store: &Store, limit: usize) -> Result<()> {
    let rows = store.to_be_marked(limit)?;
    if rows.is_empty() {
        println!("No weapon is waiting to be marked or destroyed.");
        return Ok(());
    }
    println!(
        "Weapons to be marked or destroyed (PoA II.8), first {}:",
        rows.len()
    );
    for w in rows {
        let d = &w.description;
        println!(
            "  {}  {} {} ({})  serial '{}'  {}  missing: {}",
            w.id,
            d.make,
            d.model,
            d.category,
            d.serial,
            w.status,
            w.deficiencies.replace(',', ", ")
        );
    }
    Ok(())
}

pub fn holders(store: &Store) -> Result<()> {
    let hs = store.holders()?;
    let codes: HashMap<HolderId, &str> = hs.iter().map(|h| (h.id, h.code.as_str())).collect();
    for h in &hs {
        let parent = h.parent.and_then(|p| codes.get(&p).copied()).unwrap_or("");
        println!("{:<20} {:<14} {:<40} {}", h.code, h.kind, h.name, parent);
    }
    println!("{} holders.", hs.len());
    Ok(())
}

pub fn retention() {
    println!("Retention rules (ITI record-keeping; PoA II.9 'for as long as possible'):");
    println!(
        "  manufacturing records (registrations, 'manufactured' events): at least {MANUFACTURING_YEARS} years"
    );
    println!(
        "  all other records (import, export, holding, events):           at least {OTHER_YEARS} years"
    );
    println!(
        "Policy in force: keep-forever. armtrace never purges a record; no record can be released"
    );
    println!("before its minimum period, and none is released at all under this policy.");
}

/// The weapon record of `show --json`: the same wire type as the API's
/// `GET /api/v1/weapons/{id}`, so both say the same thing the same way.
pub fn weapon_json(
    w: &WeaponRow,
    entries: &[Entry],
    holders: &[Holder],
) -> Result<armtrace_server::api::Weapon> {
    armtrace_server::api::weapon(w, entries, holders).map_err(anyhow::Error::msg)
}

pub fn weapon_text(w: &WeaponRow, entries: &[Entry], holders: &[Holder]) -> Result<()> {
    let j = weapon_json(w, entries, holders)?;
    println!("{} {} — {} ({})", j.make, j.model, j.calibre, j.category);
    println!("  weapon id   {}", j.id);
    println!(
        "  serial      {}",
        if j.serial.is_empty() {
            "(none)"
        } else {
            &j.serial
        }
    );
    println!(
        "  made        {} {}",
        j.country_of_manufacture
            .as_deref()
            .unwrap_or("(country unknown)"),
        j.year_of_manufacture
            .map(|y| y.to_string())
            .unwrap_or_default()
    );
    println!("  status      {}", j.status);
    println!("  holder      {}", j.holder.as_deref().unwrap_or("-"));
    if let Some(l) = &j.location {
        println!("  location    {l}");
    }
    if j.to_be_marked_or_destroyed {
        println!(
            "  !! TO BE MARKED OR DESTROYED (PoA II.8): {}",
            j.deficiencies.join(", ")
        );
    }
    println!("  markings:");
    for m in &j.markings {
        let mut extra = Vec::new();
        if let Some(c) = &m.country {
            extra.push(c.clone());
        }
        if let Some(y) = m.year {
            extra.push(y.to_string());
        }
        println!(
            "    {:<17} {:<7} {}  {}",
            m.kind,
            m.place,
            m.text,
            extra.join(" ")
        );
    }
    println!("  history:");
    for h in &j.history {
        let mut line = format!(
            "    #{:<8} {:<20} {:<19}",
            h.seq,
            h.occurred.as_deref().unwrap_or(""),
            h.record
        );
        for (label, v) in [
            ("holder", &h.holder),
            ("country", &h.country),
            ("at", &h.location),
            ("doc", &h.document),
            ("marking", &h.marking),
            ("method", &h.method),
            ("corrects", &h.corrects),
            ("because", &h.reason),
            ("notes", &h.notes),
        ] {
            if let Some(v) = v {
                line.push_str(&format!("  {label}: {v}"));
            }
        }
        if h.superseded {
            line.push_str("  [corrected later]");
        }
        println!("{line}");
        println!("{:14}recorded {} by {}", "", h.recorded_at, h.recorded_by);
    }
    println!();
    Ok(())
}

pub fn verify_report(r: &VerifyReport, expected: Option<EntryHash>, json: bool) -> Result<()> {
    let head_ok = expected.is_none_or(|h| h == r.head.1);
    if json {
        #[derive(Serialize)]
        struct V {
            intact: bool,
            entries: u64,
            weapons: u64,
            holders: u64,
            head_seq: u64,
            head_hash: String,
            expected_head: Option<String>,
            problems: Vec<String>,
        }
        let v = V {
            intact: r.is_intact() && head_ok,
            entries: r.entries,
            weapons: r.weapons,
            holders: r.holders,
            head_seq: r.head.0,
            head_hash: r.head.1.to_string(),
            expected_head: expected.map(|h| h.to_string()),
            problems: r.problems.iter().map(|p| p.to_string()).collect(),
        };
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    if r.is_intact() && head_ok {
        println!(
            "Intact: {} ledger entries chain unbroken to head {} ({}); {} weapons and {} holders match their records; {} access-log entries, {} exchange message-log records and {} trace-log records chain unbroken.",
            r.entries, r.head.0, r.head.1, r.weapons, r.holders, r.accesses, r.messages, r.traces
        );
        return Ok(());
    }
    println!("NOT INTACT: the store was altered outside armtrace or is damaged.");
    if !head_ok && let Some(h) = expected {
        println!(
            "  the ledger head is {} but {} was expected: entries were added or removed since it was recorded",
            r.head.1, h
        );
    }
    for p in &r.problems {
        println!("  {p}");
    }
    if r.problems.len() == VerifyReport::MAX_PROBLEMS {
        println!(
            "  (only the first {} problems are listed)",
            VerifyReport::MAX_PROBLEMS
        );
    }
    Ok(())
}

pub fn access_log(entries: &[armtrace_domain::access::AccessEntry]) {
    if entries.is_empty() {
        println!("The access log is empty.");
        return;
    }
    for e in entries {
        println!(
            "#{:<7} {}  {:<16} {:<11} {}  ({})",
            e.seq,
            armtrace_domain::ledger::format_recorded_at(&e.at),
            e.account,
            e.action,
            e.subject,
            e.origin
        );
    }
}
