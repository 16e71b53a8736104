//! What each command does, in terms of the library crates.

use crate::cli::{Cli, Command, DemoArgs, ImportArgs, ImportKind};
use crate::exit;
use crate::output;
use anyhow::{Context, Result, bail};
use armtrace_bulk::import::{FileKind, ImportOptions};
use armtrace_domain::WeaponId;
use armtrace_domain::ledger::EntryHash;
use armtrace_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;

/// Runs a command; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let user = cli
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".to_string());
    let quiet = cli.quiet;
    match cli.command {
        Command::Init => {
            let store = Store::open(&cli.db, true)?;
            let c = store.counts()?;
            println!(
                "armtrace store ready at {} ({} weapons, {} holders).",
                store.location(),
                c.weapons,
                c.holders
            );
            Ok(exit::OK)
        }
        Command::Demo(args) => demo(&cli.db, &user, quiet, &args),
        Command::Serve {
            listen,
            server_db,
            peer_ca,
            retry_base_ms,
            tls_cert,
            tls_key,
        } => crate::serve::serve(
            &cli.db,
            listen,
            server_db,
            &crate::serve::Extras {
                peer_ca,
                retry_base: std::time::Duration::from_millis(retry_base_ms),
                tls: tls_cert.zip(tls_key),
            },
        ),
        Command::Node(c) => crate::node::node(&cli.db, &user, c),
        Command::Hub(c) => crate::node::hub(c),
        Command::Trace(c) => crate::node::trace(&cli.db, &user, c),
        Command::User(crate::cli::UserCommand::Add {
            name,
            role,
            password_file,
            agency,
            server_db,
        }) => crate::serve::add_user(
            &cli.db,
            &name,
            &role,
            password_file.as_deref(),
            agency.as_deref(),
            server_db,
        ),
        Command::User(crate::cli::UserCommand::Password {
            name,
            password_file,
            server_db,
        }) => crate::serve::set_password(&cli.db, &name, password_file.as_deref(), server_db),
        Command::Import(args) => import(&cli.db, &user, quiet, &args),
        Command::Export { dir } => {
            let store = Store::open(&cli.db, false)?;
            audit(&store, &user, "export", &dir.display().to_string())?;
            let bar = bar(quiet, store.counts()?.entries, "exporting");
            let r = armtrace_bulk::export_dir(&store, &dir, &mut |n| bar.set_position(n))?;
            bar.finish_and_clear();
            println!(
                "Exported {} holders, {} weapons, {} events ({} ledger entries) to {}",
                r.holders,
                r.weapons,
                r.events,
                r.entries,
                dir.display()
            );
            Ok(exit::OK)
        }
        Command::Show { weapon, json } => show(&cli.db, &user, &weapon, json),
        Command::Search(args) => crate::search::run(&cli.db, &user, &args),
        Command::Record(args) => record(&cli.db, &user, &args),
        Command::Verify { expect_head, json } => {
            verify(&cli.db, &user, expect_head.as_deref(), json, quiet)
        }
        Command::Backup { path } => backup(&cli.db, &user, &path, quiet),
        Command::Restore { path } => restore(&cli.db, &path, quiet),
        Command::Stats { json } => {
            let store = Store::open(&cli.db, false)?;
            output::stats(&store, json)?;
            Ok(exit::OK)
        }
        Command::ToMark { limit } => {
            let store = Store::open(&cli.db, false)?;
            output::to_mark(&store, limit)?;
            Ok(exit::OK)
        }
        Command::Holders => {
            let store = Store::open(&cli.db, false)?;
            output::holders(&store)?;
            Ok(exit::OK)
        }
        Command::AccessLog { limit } => {
            let store = Store::open(&cli.db, false)?;
            audit(&store, &user, "access-log", &format!("last {limit}"))?;
            output::access_log(&store.access_log(limit)?);
            Ok(exit::OK)
        }
        Command::Retention => {
            output::retention();
            Ok(exit::OK)
        }
    }
}

fn bar(quiet: bool, len: u64, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {percent:>3}% {elapsed_precise} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    b.set_message(what.to_string());
    b
}

fn bytes_bar(quiet: bool, path: &Path, what: &str) -> ProgressBar {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if quiet {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {bytes}/{total_bytes} {elapsed_precise} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    b.set_message(what.to_string());
    b
}

/// Imports one CSV file and prints its report; returns the exit code.
fn import_csv(
    store: &Store,
    kind: FileKind,
    path: &Path,
    opts: &ImportOptions,
    quiet: bool,
) -> Result<u8> {
    let label = match kind {
        FileKind::Holders => "holders",
        FileKind::Weapons => "weapons",
        FileKind::Events => "events",
    };
    let bar = bytes_bar(quiet, path, label);
    let started = std::time::Instant::now();
    let report = armtrace_bulk::import_file(store, kind, path, opts, &mut |n| bar.set_position(n))?;
    bar.finish_and_clear();
    output::import_report(label, path, &report, started.elapsed());
    Ok(if report.rejected > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::OK
    })
}

fn import(db: &str, user: &str, quiet: bool, args: &ImportArgs) -> Result<u8> {
    let store = Store::open(db, true)?;
    let kind = match args.kind {
        ImportKind::Holders => FileKind::Holders,
        ImportKind::Weapons => FileKind::Weapons,
        ImportKind::Events => FileKind::Events,
        ImportKind::Ledger => {
            let bar = bar(quiet, 0, "ledger");
            let n = armtrace_bulk::ledger_file::replay_file(
                &store,
                &args.file,
                args.batch_size as usize,
                &mut |n| bar.set_position(n),
            )
            .with_context(|| {
                format!(
                    "{}: the ledger was not replayed past the last whole batch",
                    args.file.display()
                )
            })?;
            bar.finish_and_clear();
            println!(
                "Replayed {n} ledger entries from {}; the chain continues unbroken.",
                args.file.display()
            );
            return Ok(exit::OK);
        }
    };
    let mut opts = ImportOptions::new(user);
    opts.batch_size = args.batch_size as usize;
    opts.rejects = args.rejects.clone();
    // The command is a program of its own: a first load may take the store to itself.
    opts.alone = true;
    import_csv(&store, kind, &args.file, &opts, quiet)
}

fn demo(db: &str, user: &str, quiet: bool, args: &DemoArgs) -> Result<u8> {
    let config = armtrace_demo::DemoConfig {
        seed: args.seed,
        weapons: args.weapons,
        with_events: !args.no_events,
        ..armtrace_demo::DemoConfig::default()
    };
    if let Some(dir) = &args.generate_only {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let files = armtrace_demo::write_registry(&config, dir)?;
        println!(
            "Wrote {} holders, {} weapons and {} events as CSV into {}",
            files.holder_count,
            files.weapon_count,
            files.event_count,
            dir.display()
        );
        return Ok(exit::OK);
    }
    let store = Store::open(db, true)?;
    if store.counts()?.entries > 0 {
        println!(
            "The store at {} already holds records, so the demo leaves it as it is (it fills only a new store;\n\
             give another --db to make a fresh one).",
            store.location()
        );
        next_steps(&store, db)?;
        return demo_serve(db, args);
    }
    let tmp = tempfile::tempdir().context("cannot create a temporary folder for the demo files")?;
    if !quiet {
        eprintln!(
            "Generating a national registry of {} weapons (seed {})…",
            args.weapons, args.seed
        );
    }
    let files = armtrace_demo::write_registry(&config, tmp.path())?;
    let mut opts = ImportOptions::new(user);
    // Nothing serves the store until the demo is loaded.
    opts.alone = true;
    for (kind, path) in [
        (FileKind::Holders, &files.holders),
        (FileKind::Weapons, &files.weapons),
        (FileKind::Events, &files.events),
    ] {
        import_csv(&store, kind, path, &opts, quiet)?;
    }
    next_steps(&store, db)?;
    demo_serve(db, args)
}

/// After the demo: serve it, with demo accounts when there are none yet.
fn demo_serve(db: &str, args: &DemoArgs) -> Result<u8> {
    if args.no_serve {
        return Ok(exit::OK);
    }
    let accounts = crate::serve::demo_accounts(db, None)?;
    println!();
    crate::serve::serve_with(
        db,
        args.listen,
        None,
        &accounts,
        &crate::serve::Extras::default(),
    )
}

/// What the store holds, and what to try next.
fn next_steps(store: &Store, db: &str) -> Result<()> {
    let c = store.counts()?;
    let (seq, head) = store.head()?;
    let db_arg = if db == "armtrace.db" {
        String::new()
    } else {
        format!(" --db {db}")
    };
    println!();
    println!(
        "The registry in {} holds {} weapons, {} holders, {} ledger entries (head {seq}: {head}).",
        store.location(),
        c.weapons,
        c.holders,
        c.entries
    );
    if let Some(w) = store.to_be_marked(1)?.into_iter().next() {
        println!(
            "For example, weapon {} is waiting to be marked or destroyed.",
            w.id
        );
    }
    println!();
    println!("What to do next:");
    println!("  armtrace{db_arg} stats                 how many weapons, by status");
    println!(
        "  armtrace{db_arg} show <SERIAL>         a weapon's markings and history, e.g. one from `armtrace{db_arg} to-mark`"
    );
    println!(
        "  armtrace{db_arg} to-mark               weapons to be marked or destroyed (PoA II.8)"
    );
    println!("  armtrace{db_arg} verify                check that no record was altered");
    println!(
        "  armtrace{db_arg} export out/           everything as CSV and as a JSON Lines ledger"
    );
    println!(
        "  armtrace{db_arg} import weapons FILE   your own records (format: docs/import-format.md)"
    );
    println!(
        "(From a source checkout, run these as: cargo run --release -p armtrace -- stats, and so on.)"
    );
    Ok(())
}

fn record(db: &str, user: &str, a: &crate::cli::RecordArgs) -> Result<u8> {
    let store = Store::open(db, false)?;
    let found = find_weapon(&store, &a.weapon)?;
    let weapon = match found.as_slice() {
        [w] => w,
        [] => {
            eprintln!("No weapon has the id or serial '{}'.", a.weapon);
            crate::search::suggest(&store, &a.weapon)?;
            return Ok(exit::NOT_FOUND);
        }
        many => {
            eprintln!(
                "{} weapons carry the serial '{}'; give the weapon's id instead:",
                many.len(),
                a.weapon
            );
            for w in many {
                eprintln!(
                    "  {}  {} {} made in {}",
                    w.id,
                    w.description.make,
                    w.description.model,
                    w.description
                        .country_of_manufacture
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "?".into())
                );
            }
            return Ok(exit::FAILED);
        }
    };
    let (doc_kind, doc_ref) = match a.document.as_deref().map(|d| d.split_once(':')) {
        None => ("", ""),
        Some(Some((k, r))) => (k, r),
        Some(None) => bail!("--document must be KIND:NUMBER, e.g. court_order:HC-2026-118"),
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let (holder, country, location, marking, method, corrects, reason, notes) = (
        opt(&a.holder),
        opt(&a.country),
        opt(&a.location),
        opt(&a.marking),
        opt(&a.method),
        opt(&a.corrects),
        opt(&a.reason),
        opt(&a.notes),
    );
    let void = if a.void { "true" } else { "" };
    let fields = [
        ("kind", a.kind.as_str()),
        ("occurred_at", a.occurred_at.as_str()),
        ("holder", holder.as_str()),
        ("country", country.as_str()),
        ("location", location.as_str()),
        ("document_kind", doc_kind),
        ("document_ref", doc_ref),
        ("marking", marking.as_str()),
        ("method", method.as_str()),
        ("corrects", corrects.as_str()),
        ("reason", reason.as_str()),
        ("void", void),
        ("notes", notes.as_str()),
    ];
    let codes = store
        .holders()?
        .into_iter()
        .map(|h| (h.code, (h.id, h.kind)))
        .collect();
    let mut event = match armtrace_bulk::rows::event_from_fields(&fields, weapon.id, &codes) {
        Ok(e) => e,
        Err(p) => {
            let flag = match p.column.as_str() {
                "kind" => "KIND".to_string(),
                "occurred_at" => "--on".to_string(),
                "document_kind" | "document_ref" => "--document".to_string(),
                other => format!("--{}", other.replace('_', "-")),
            };
            eprintln!("error: {flag} '{}': {}", p.value, p.reason);
            return Ok(exit::FAILED);
        }
    };
    // Typed by a person now: a new event, never mistaken for an earlier identical one.
    event.id = armtrace_domain::EventId::new();
    audit(
        &store,
        user,
        "record",
        &format!("{} {} on weapon {}", a.kind, event.id, weapon.id),
    )?;
    let outcome = store.apply(
        &[armtrace_domain::Record::WeaponEvent(event.clone())],
        user,
        chrono::Utc::now(),
    )?;
    if let Some(r) = outcome.rejected.first() {
        eprintln!("Not recorded: {}", r.reason);
        return Ok(exit::FAILED);
    }
    let seq = outcome.written.first().map(|(_, s)| *s).unwrap_or_default();
    println!(
        "Recorded {} on {} {} '{}' as ledger entry {seq} (event id {}).",
        a.kind,
        weapon.description.make,
        weapon.description.model,
        weapon.description.serial,
        event.id
    );
    if let Some(w) = store.weapon(weapon.id)? {
        println!("Its status is now {}.", w.status);
    }
    Ok(exit::OK)
}

/// Where this command runs, for the access log.
pub fn origin() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("cli@{host}")
}

/// Logs an access before anything is shown or returned: what cannot be logged is not read.
pub fn audit(store: &Store, user: &str, action: &str, subject: &str) -> Result<()> {
    store
        .log_access(user, action, subject, &origin(), "ok", chrono::Utc::now())
        .context("the access could not be logged, so nothing is shown")?;
    Ok(())
}

fn find_weapon(store: &Store, text: &str) -> Result<Vec<armtrace_store::WeaponRow>> {
    if let Ok(id) = text.parse::<WeaponId>() {
        return Ok(store.weapon(id)?.into_iter().collect());
    }
    Ok(store.weapons_by_serial(text)?)
}

fn show(db: &str, user: &str, text: &str, json: bool) -> Result<u8> {
    let store = Store::open(db, false)?;
    let found = find_weapon(&store, text)?;
    let ids: Vec<String> = found.iter().map(|w| w.id.to_string()).collect();
    audit(
        &store,
        user,
        "show",
        &format!("{text} -> [{}]", ids.join(", ")),
    )?;
    if found.is_empty() {
        eprintln!(
            "No weapon has the id or serial '{text}' (serials are compared ignoring case and separators)."
        );
        crate::search::suggest(&store, text)?;
        return Ok(exit::NOT_FOUND);
    }
    let codes = store.holders()?;
    if json {
        let mut out = Vec::new();
        for w in &found {
            out.push(output::weapon_json(w, &store.history(w.id)?, &codes)?);
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        if found.len() > 1 {
            println!("{} weapons carry this serial:\n", found.len());
        }
        for w in &found {
            output::weapon_text(w, &store.history(w.id)?, &codes)?;
        }
    }
    Ok(exit::OK)
}

fn verify(db: &str, user: &str, expect_head: Option<&str>, json: bool, quiet: bool) -> Result<u8> {
    let expected: Option<EntryHash> = expect_head.map(str::parse).transpose()?;
    let store = Store::open(db, false)?;
    audit(&store, user, "verify", "the whole store")?;
    let bar = bar(quiet || json, store.counts()?.entries, "verifying");
    let report = store.verify(&mut |n| bar.set_position(n))?;
    bar.finish_and_clear();
    let head_ok = expected.is_none_or(|h| h == report.head.1);
    output::verify_report(&report, expected, json)?;
    Ok(if report.is_intact() && head_ok {
        exit::OK
    } else {
        exit::TAMPERED
    })
}

fn backup(db: &str, user: &str, path: &Path, quiet: bool) -> Result<u8> {
    let store = Store::open(db, false)?;
    audit(&store, user, "backup", &path.display().to_string())?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let bar = bar(quiet, store.counts()?.entries, "backing up");
    let mut n = 0u64;
    let mut last = (0u64, EntryHash::GENESIS);
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        store.for_each_entry(&mut |e| {
            armtrace_bulk::ledger_file::write_line(&mut w, &e).map_err(|source| {
                armtrace_store::StoreError::Io {
                    path: path.display().to_string(),
                    source,
                }
            })?;
            n += 1;
            last = (e.seq, e.hash);
            if n.is_multiple_of(10_000) {
                bar.set_position(n);
            }
            Ok(())
        })?;
        std::io::Write::flush(&mut w)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    bar.finish_and_clear();
    println!(
        "Backed up {n} ledger entries to {} (head {}: {}).",
        path.display(),
        last.0,
        last.1
    );
    println!(
        "Restore with: armtrace --db NEW_STORE restore {}",
        path.display()
    );
    Ok(exit::OK)
}

fn restore(db: &str, path: &Path, quiet: bool) -> Result<u8> {
    let store = Store::open(db, true)?;
    if store.counts()?.entries > 0 {
        bail!(
            "the store at {} is not empty: restore into a new store (give another --db)",
            store.location()
        );
    }
    let bar = bar(quiet, 0, "restoring");
    let n =
        armtrace_bulk::ledger_file::replay_file(&store, path, 5_000, &mut |n| bar.set_position(n))
            .with_context(|| {
                format!(
                    "{}: restore stopped; the new store holds only whole batches before the fault",
                    path.display()
                )
            })?;
    bar.finish_and_clear();
    let report = store.verify(&mut |_| {})?;
    if !report.is_intact() {
        output::verify_report(&report, None, false)?;
        return Ok(exit::TAMPERED);
    }
    println!(
        "Restored {n} ledger entries into {}; verified (head {}: {}).",
        store.location(),
        report.head.0,
        report.head.1
    );
    Ok(exit::OK)
}
