//! `armtrace search`: marking search over the store's index, for people and for machines.

use crate::cli::SearchArgs;
use crate::exit;
use anyhow::{Context, Result};
use armtrace_index::{Found, SearchIndex};
use armtrace_search::{Query, parse_query};
use armtrace_store::{Location, Store};
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

/// One hit as JSON (a wire type).
#[derive(Serialize)]
struct HitJson {
    weapon_id: String,
    serial: String,
    make: String,
    model: String,
    category: String,
    status: String,
    marking: String,
    match_kind: String,
    score: u32,
    why: Vec<String>,
}

/// One query's answer as JSON (a wire type).
#[derive(Serialize)]
struct AnswerJson<'a> {
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    hits: Vec<HitJson>,
    micros: u128,
}

fn hit_json(f: &Found) -> HitJson {
    let d = &f.weapon.description;
    HitJson {
        weapon_id: f.weapon.id.to_string(),
        serial: d.serial.clone(),
        make: d.make.clone(),
        model: d.model.clone(),
        category: d.category.to_string(),
        status: f.weapon.status.to_string(),
        marking: f.hit.marking.clone(),
        match_kind: f.hit.tier.name().to_string(),
        score: f.hit.score,
        why: f.hit.why.iter().map(ToString::to_string).collect(),
    }
}

pub fn index_path(store: &Store, given: &Option<PathBuf>) -> PathBuf {
    if let Some(p) = given {
        return p.clone();
    }
    match store.location() {
        Location::Sqlite(db) => {
            let mut p = db.as_os_str().to_owned();
            p.push(".search");
            PathBuf::from(p)
        }
        Location::Postgres(_) => PathBuf::from("armtrace-search.idx"),
    }
}

fn with_filters(mut q: Query, a: &SearchArgs) -> Result<Query> {
    if let Some(v) = &a.make {
        q = q.make(v);
    }
    if let Some(v) = &a.model {
        q = q.model(v);
    }
    if let Some(v) = &a.calibre {
        q = q.calibre(v);
    }
    if let Some(v) = &a.category {
        q = q.category(v);
    }
    if let Some(v) = &a.country {
        q = q.country(v)?;
    }
    if let Some(v) = &a.year {
        q = q.years_text(v)?;
    }
    if let Some(v) = &a.status {
        q = q.status(v);
    }
    Ok(q)
}

/// Runs `armtrace search`.
pub fn run(db: &str, user: &str, a: &SearchArgs) -> Result<u8> {
    let store = Store::open(db, false)?;
    let subject = match (&a.batch, &a.query) {
        (Some(file), _) => format!("batch {}", file.display()),
        (None, Some(q)) => q.clone(),
        (None, None) => String::new(),
    };
    crate::commands::audit(&store, user, "search", &subject)?;
    let path = index_path(&store, &a.index);
    let index = SearchIndex::open(&store, Some(&path))
        .with_context(|| format!("the search index {}", path.display()))?;
    let (limit, offset) = (a.limit as usize, a.offset as usize);

    if let Some(file) = &a.batch {
        let input =
            std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let out = std::io::stdout();
        let mut out = std::io::BufWriter::new(out.lock());
        for line in std::io::BufReader::new(input).lines() {
            let line = line.with_context(|| format!("{} is not UTF-8 text", file.display()))?;
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let started = Instant::now();
            let answer = match parse_query(text)
                .map_err(anyhow::Error::from)
                .and_then(|q| with_filters(q, a))
            {
                Ok(q) => {
                    let found = index.search(&q, limit, offset)?;
                    let micros = started.elapsed().as_micros();
                    AnswerJson {
                        query: text,
                        error: None,
                        hits: found.iter().map(hit_json).collect(),
                        micros,
                    }
                }
                Err(e) => AnswerJson {
                    query: text,
                    error: Some(e.to_string()),
                    hits: Vec::new(),
                    micros: 0,
                },
            };
            serde_json::to_writer(&mut out, &answer)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        return Ok(exit::OK);
    }

    let text = a.query.as_deref().unwrap_or_default();
    let q = match parse_query(text)
        .map_err(anyhow::Error::from)
        .and_then(|q| with_filters(q, a))
    {
        Ok(q) => q,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "  a query is the marking as read: ? for one unreadable character, * for several, ~1 or ~2 for misreads; see docs/search.md"
            );
            return Ok(exit::FAILED);
        }
    };
    let started = Instant::now();
    let found = index.search(&q, limit, offset)?;
    let micros = started.elapsed().as_micros();
    if a.json {
        let answer = AnswerJson {
            query: text,
            error: None,
            hits: found.iter().map(hit_json).collect(),
            micros,
        };
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else if found.is_empty() {
        println!("No weapon matches '{text}' among {} indexed.", index.len());
        println!(
            "Try fewer characters with * for what cannot be read, or allow misreads with ~1 or ~2."
        );
    } else {
        let n = found.len();
        let noun = if n == 1 {
            "weapon matches"
        } else {
            "weapons match"
        };
        println!("{n} {noun} '{text}' (best first, {micros} µs):");
        for (i, f) in found.iter().enumerate() {
            let h = hit_json(f);
            println!(
                "{:>3}. {} {} ({})  serial '{}'  {}  [{} {}]",
                offset + i + 1,
                h.make,
                h.model,
                h.category,
                h.serial,
                h.status,
                h.match_kind,
                h.score
            );
            println!("     id {}  marking '{}'", h.weapon_id, h.marking);
            for why in &h.why {
                println!("     - {why}");
            }
        }
        println!("Open one with: armtrace show <id>");
    }
    Ok(if found.is_empty() {
        exit::NOT_FOUND
    } else {
        exit::OK
    })
}

/// Prints the weapons whose markings come closest to `text`, for a look-up that found
/// nothing exactly (misread or partly unreadable serials).
pub fn suggest(store: &Store, text: &str) -> Result<()> {
    let Ok(query) = parse_query(text) else {
        return Ok(());
    };
    let path = index_path(
        store,
        &std::env::var_os("ARMTRACE_INDEX").map(PathBuf::from),
    );
    let index = SearchIndex::open(store, Some(&path))?;
    let found = index.search(&query, 5, 0)?;
    if found.is_empty() {
        return Ok(());
    }
    eprintln!("Closest markings (armtrace search '{text}' for more):");
    for f in &found {
        let h = hit_json(f);
        eprintln!(
            "  {}  {} {}  serial '{}'  [{}]",
            h.weapon_id, h.make, h.model, h.serial, h.match_kind
        );
    }
    Ok(())
}
