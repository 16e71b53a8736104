//! `armtrace node …`, `armtrace hub …` and `armtrace trace …`: wiring for the exchange
//! (`armtrace-node`, protocol in docs/exchange.md, guide in docs/tracing.md).

use crate::cli::{HubCommand, NodeCommand, TraceCommand};
use crate::exit;
use anyhow::{Context, Result, bail};
use armtrace_exchange::{Contact, Directory, DirectoryEntry, KeyPair, NodeId, TraceRequestBody};
use armtrace_node::trace::{self as tr, Decision, TraceCase};
use armtrace_node::{Node, NodeConfig, NodeOptions};
use armtrace_store::{Location, Store};
use chrono::Utc;
use std::path::PathBuf;

fn default_key(db: &str) -> Result<PathBuf> {
    Ok(match Location::parse(db)? {
        Location::Sqlite(path) => {
            let mut p = path.into_os_string();
            p.push(".node.key");
            PathBuf::from(p)
        }
        Location::Postgres(_) => PathBuf::from("armtrace-node.key"),
    })
}

fn open_node(store: &Store) -> Result<Node> {
    Node::open(store, NodeOptions::default())?.ok_or_else(|| {
        anyhow::anyhow!("this store is not a node yet: run `armtrace node init` first")
    })
}

/// `armtrace node …`.
pub fn node(db: &str, user: &str, cmd: NodeCommand) -> Result<u8> {
    let store = Store::open(db, false)?;
    match cmd {
        NodeCommand::Init {
            node,
            office,
            inbox,
            email,
            phone,
            address,
            key,
            keep_key,
        } => {
            let node: NodeId = node.parse().map_err(|e| anyhow::anyhow!("--node: {e}"))?;
            let key_file = match key {
                Some(k) => k,
                None => default_key(db)?,
            };
            if key_file.exists() && !keep_key {
                bail!(
                    "--key: {} exists already; pass --keep-key to keep using it, or name another file",
                    key_file.display()
                );
            }
            let config = NodeConfig {
                node,
                office,
                contact: Contact {
                    email,
                    phone,
                    address,
                },
                inbox,
                key_file,
                key_valid_from: Utc::now(),
                retired_keys: Vec::new(),
            };
            let key = armtrace_node::init(&store, &config, user, keep_key)?;
            println!(
                "This store is node {} ({}), inbox {}.\nSigning key {} in {} (keep it secret; back it up).\nNext: give `armtrace node entry` to your hub, trust its key with `armtrace node trust-hub`, import its directory with `armtrace node import-directory`, then `armtrace serve`.",
                config.node,
                config.office,
                config.inbox,
                key.kid(),
                config.key_file.display()
            );
            Ok(exit::OK)
        }
        NodeCommand::Show => {
            let node = open_node(&store)?;
            let dir = node.directory();
            println!("node        {}", node.id());
            println!("office      {}", node.config().office);
            println!("inbox       {}", node.config().inbox);
            println!("key id      {}", node.identity().kid());
            println!(
                "directory   version {} from {} ({} points of contact: {})",
                dir.version,
                if dir.issuer.is_empty() {
                    "-"
                } else {
                    &dir.issuer
                },
                dir.entries.len(),
                dir.entries
                    .iter()
                    .map(|e| e.node.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let pending = store.exchange().pending()?;
            println!(
                "outbox      {} message(s) awaiting a receipt",
                pending.len()
            );
            for d in store.exchange().deliveries(10)? {
                println!(
                    "  {} {} to {}: {} ({} attempt(s){})",
                    d.queued_at.format("%Y-%m-%d %H:%M:%S"),
                    d.kind,
                    d.recipient,
                    d.outcome.as_deref().unwrap_or("pending"),
                    d.attempts,
                    if d.detail.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", d.detail)
                    }
                );
            }
            Ok(exit::OK)
        }
        NodeCommand::Entry => {
            let node = open_node(&store)?;
            let entry = node.entry();
            println!("{}", serde_json::to_string_pretty(&entry)?);
            Ok(exit::OK)
        }
        NodeCommand::RotateKey { overlap_days } => {
            let overlap = chrono::Duration::days(i64::from(overlap_days));
            let old = open_node(&store)?.config().key_file.clone();
            let (config, key) = armtrace_node::rotate_key(&store, overlap, user)?;
            let until = config
                .retired_keys
                .last()
                .map(|r| r.valid_until.to_rfc3339())
                .unwrap_or_default();
            println!(
                "New signing key {} in {}.",
                key.kid(),
                config.key_file.display()
            );
            println!(
                "The old key ({}) stays accepted until {until}.",
                old.display()
            );
            println!();
            println!(
                "Next: give the hub this node's entry (armtrace node entry), which lists both keys."
            );
            println!(
                "This node goes on signing with the old key until the directory it imports lists the"
            );
            println!(
                "new one, then signs with the new key; a running server picks this up within 30 s."
            );
            println!(
                "Import the new directory before {until}: after that, peers refuse the old key."
            );
            Ok(exit::OK)
        }
        NodeCommand::TrustHub { file } => {
            let jwk = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let (key, added) = armtrace_node::trust_hub(&store, jwk.trim(), user)?;
            println!(
                "Hub key {} {}.",
                key.kid(),
                if added {
                    "is now trusted"
                } else {
                    "was already trusted"
                }
            );
            Ok(exit::OK)
        }
        NodeCommand::ImportDirectory { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let signed = armtrace_node::import_directory(&store, text.trim().as_bytes(), user)?;
            let d = signed.directory();
            println!(
                "Directory version {} from {} imported: {} points of contact. A running server picks it up within 30 seconds.",
                d.version,
                d.issuer,
                d.entries.len()
            );
            Ok(exit::OK)
        }
        NodeCommand::Log { limit } => {
            crate::commands::audit(&store, user, "node.log", &format!("last {limit}"))?;
            let (head, _) = store.exchange().log_head()?;
            let from = head.saturating_sub(limit) + 1;
            for r in store.exchange().log_records(from, limit)? {
                let p: serde_json::Value = serde_json::from_str(&r.payload).unwrap_or_default();
                let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                println!(
                    "{:>6} {} {:<16} {} {} {}{}",
                    r.seq,
                    r.at.format("%Y-%m-%d %H:%M:%S"),
                    r.kind,
                    s("message_type"),
                    s("message_id"),
                    [s("from"), s("to")].concat(),
                    if s("code").is_empty() {
                        String::new()
                    } else {
                        format!(" [{}] {}", s("code"), s("reason"))
                    }
                );
            }
            Ok(exit::OK)
        }
    }
}

/// `armtrace hub …`.
pub fn hub(cmd: HubCommand) -> Result<u8> {
    match cmd {
        HubCommand::Keygen { key, public } => {
            if key.exists() {
                bail!("--key: {} exists already; name another file", key.display());
            }
            let pair = KeyPair::generate();
            pair.write_file(&key)?;
            let jwk = pair.public().to_jwk();
            if let Some(p) = public {
                std::fs::write(&p, format!("{jwk}\n"))
                    .with_context(|| format!("cannot write {}", p.display()))?;
            }
            println!("{jwk}");
            eprintln!("Hub key {} written to {}.", pair.kid(), key.display());
            Ok(exit::OK)
        }
        HubCommand::Sign {
            key,
            issuer,
            directory_version: version,
            out,
            entries,
        } => {
            let pair = KeyPair::read_file(&key)?;
            let mut list = Vec::new();
            for f in &entries {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                let e: DirectoryEntry = serde_json::from_str(&text)
                    .with_context(|| format!("{}: not a directory entry", f.display()))?;
                list.push(e);
            }
            let dir = Directory {
                version,
                issued: Utc::now(),
                issuer,
                entries: list,
            };
            let signed = dir.sign(&pair)?;
            std::fs::write(&out, signed.as_str())
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "Directory version {version} with {} points of contact signed into {}.",
                dir.entries.len(),
                out.display()
            );
            Ok(exit::OK)
        }
    }
}

fn print_case(c: &TraceCase) {
    println!(
        "{}  {:?} {:?}{}  ref {}  peer {}  answer by {}",
        c.id,
        c.direction,
        c.status,
        if c.overdue { " OVERDUE" } else { "" },
        c.request.reference,
        c.peer
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into()),
        c.request.answer_by
    );
}

/// `armtrace trace …`.
pub fn trace(db: &str, user: &str, cmd: TraceCommand) -> Result<u8> {
    let store = Store::open(db, false)?;
    match cmd {
        TraceCommand::List => {
            crate::commands::audit(&store, user, "trace.list", "-")?;
            for c in tr::list(&store)? {
                print_case(&c);
            }
            Ok(exit::OK)
        }
        TraceCommand::Show { id, json } => {
            crate::commands::audit(&store, user, "trace.view", &id)?;
            let c = tr::get(&store, &id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c)?);
                return Ok(exit::OK);
            }
            print_case(&c);
            if !c.domestic.is_empty() {
                println!("domestic trace: {} record(s) here fit", c.domestic.len());
            }
            for (state, why) in &c.proposals {
                println!("proposed: ask {state} ({why})");
            }
            if let Some(d) = &c.draft {
                println!("draft answer: {:?}", d.outcome);
            }
            for a in &c.answers {
                println!(
                    "answer: {:?}{}  conditions: {}",
                    a.outcome,
                    a.reasons
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default(),
                    a.conditions
                );
            }
            for s in &c.steps {
                println!(
                    "  {:>5} {} {:?} by {}",
                    s.seq,
                    s.at.format("%Y-%m-%d %H:%M:%S"),
                    s.kind,
                    s.actor
                );
            }
            Ok(exit::OK)
        }
        TraceCommand::Open { request, weapon } => {
            let text = std::fs::read_to_string(&request)
                .with_context(|| format!("cannot read {}", request.display()))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{}: not JSON", request.display()))?;
            let Some(map) = value.as_object() else {
                bail!("{}: the request must be a JSON object", request.display());
            };
            let body = TraceRequestBody::from_body(map)
                .map_err(|e| anyhow::anyhow!("{}: {e}", request.display()))?;
            let weapon = weapon
                .map(|w| {
                    w.parse()
                        .map_err(|_| anyhow::anyhow!("--weapon: '{w}' is not a weapon id"))
                })
                .transpose()?;
            // The domestic trace searches the markings as the `search` command does.
            let path = crate::search::index_path(
                &store,
                &std::env::var_os("ARMTRACE_INDEX").map(std::path::PathBuf::from),
            );
            let index = armtrace_index::SearchIndex::open(&store, Some(&path))
                .with_context(|| format!("the search index {}", path.display()))?;
            let index = std::sync::Mutex::new(index);
            let c = tr::open_searching(
                &store,
                Some(&index),
                tr::Opening {
                    request: body,
                    weapon,
                },
                user,
            )?;
            print_case(&c);
            for (state, why) in &c.proposals {
                println!("proposed: ask {state} ({why})");
            }
            Ok(exit::OK)
        }
        TraceCommand::Send { id, to } => {
            let node = open_node(&store)?;
            let to: NodeId = to.parse().map_err(|e| anyhow::anyhow!("--to: {e}"))?;
            let c = node.send(&id, &to, user)?;
            print_case(&c);
            println!("Queued; a running `armtrace serve` delivers it and records the receipt.");
            Ok(exit::OK)
        }
        TraceCommand::Decide {
            id,
            decision,
            reasons,
            final_answer_by,
        } => {
            let node = open_node(&store)?;
            let d: Decision = serde_json::from_value(serde_json::Value::String(decision.clone()))
                .map_err(|_| {
                anyhow::anyhow!(
                    "--decision: '{decision}' is not one of approve, restrict, delay, decline"
                )
            })?;
            let by = final_answer_by
                .map(|s| {
                    chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
                        anyhow::anyhow!("--final-answer-by: '{s}' is not a date YYYY-MM-DD")
                    })
                })
                .transpose()?;
            let c = node.decide(&id, d, reasons, by, None, user)?;
            print_case(&c);
            Ok(exit::OK)
        }
        TraceCommand::FollowUp { id, to } => {
            let to: NodeId = to.parse().map_err(|e| anyhow::anyhow!("--to: {e}"))?;
            let c = tr::follow_up(&store, &id, &to, user)?;
            print_case(&c);
            Ok(exit::OK)
        }
        TraceCommand::Chain { id } => {
            crate::commands::audit(&store, user, "trace.chain", &id)?;
            let node = open_node(&store)?;
            for l in tr::chain(&store, &id, node.id().state())? {
                println!(
                    "{} {:<18} {} {}{}{}",
                    l.state,
                    l.what,
                    l.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    l.party.unwrap_or_default(),
                    l.other_state.map(|s| format!(" ({s})")).unwrap_or_default(),
                    l.document.map(|d| format!(" [{d}]")).unwrap_or_default()
                );
            }
            Ok(exit::OK)
        }
    }
}
