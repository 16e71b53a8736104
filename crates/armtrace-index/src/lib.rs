//! The marking search index of a store, kept in step with it.
//!
//! The index ([`armtrace_search::MarkingIndex`]) lives in memory and in a file beside the
//! store. It remembers up to which ledger position it holds the store, and the hashes of
//! the store's first entry and of that position: on [`SearchIndex::open`] it applies only
//! the weapons recorded since (no rebuild after a restart), and rebuilds from the store
//! when the file is missing, damaged, or belongs to another store or another history
//! (a restored backup).
//!
//! Invariant: after `open` or `catch_up`, every weapon in the store up to the head read is
//! findable by every one of its markings, with its current facets (status…).
#![deny(missing_docs)]

use armtrace_domain::ledger::EntryHash;
use armtrace_domain::vocab::Vocabulary;
use armtrace_search::{Hit, MarkingIndex, Query, WeaponFacets};
use armtrace_store::{Store, StoreError, WeaponRow};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Index failures.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index refused a weapon.
    #[error("marking index: {0}")]
    Index(#[from] armtrace_search::IndexError),
    /// The index file could not be written.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// What the index file holds of the store, to tell whether it can be reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IndexState {
    /// Hash of the store's first ledger entry: which store.
    first: String,
    /// Ledger position the index holds the store up to.
    seq: u64,
    /// Hash of that entry: which history.
    at: String,
}

/// A weapon found, with its record.
#[derive(Debug, Clone)]
pub struct Found {
    /// How it matched.
    pub hit: Hit,
    /// The weapon as stored now.
    pub weapon: WeaponRow,
}

/// The weapons of `hits` (from [`SearchIndex::hits`]) as stored now, in the order of
/// the hits; a hit whose weapon is no longer in the store is left out.
pub fn found(store: &Store, hits: Vec<Hit>) -> Result<Vec<Found>, IndexError> {
    let nums: Vec<i64> = hits
        .iter()
        .map(|h| i64::try_from(h.doc).unwrap_or(i64::MAX))
        .collect();
    let mut rows: std::collections::HashMap<i64, WeaponRow> = store
        .weapons_by_num(&nums)?
        .into_iter()
        .map(|w| (w.num, w))
        .collect();
    Ok(hits
        .into_iter()
        .filter_map(|hit| {
            let weapon = rows.remove(&i64::try_from(hit.doc).ok()?)?;
            Some(Found { hit, weapon })
        })
        .collect())
}

/// A store's marking search index.
#[derive(Debug)]
pub struct SearchIndex {
    store: Store,
    index: MarkingIndex,
    path: Option<PathBuf>,
    state: Option<IndexState>,
}

/// The facets the index filters on, from a weapon row.
pub fn facets(w: &WeaponRow) -> WeaponFacets {
    let d = &w.description;
    WeaponFacets {
        make: d.make.clone(),
        model: d.model.clone(),
        calibre: d.calibre.clone(),
        category: d.category.name().to_string(),
        country: d.country_of_manufacture.map(|c| c.to_string()),
        year: d.year_of_manufacture,
        status: w.status.name().to_string(),
    }
}

fn doc(w: &WeaponRow) -> u64 {
    u64::try_from(w.num).unwrap_or(0)
}

fn state_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".state");
    PathBuf::from(p)
}

/// How many weapons are indexed per segment when building from the store.
const BUILD_BATCH: usize = 200_000;

impl SearchIndex {
    /// Opens the index of `store`, from `path` when it holds a usable index, catching up
    /// with what the store recorded since; builds it from the store otherwise. With a
    /// path, the index is saved there when it changed.
    pub fn open(store: &Store, path: Option<&Path>) -> Result<SearchIndex, IndexError> {
        let mut me = SearchIndex {
            store: store.clone(),
            index: MarkingIndex::new(),
            path: path.map(Path::to_path_buf),
            state: None,
        };
        let first = store.hash_at(1)?;
        if let (Some(p), Some(first)) = (path, first)
            && let Some((index, state)) = Self::load(p)
        {
            let same_history = state.first == first.to_string()
                && store.hash_at(state.seq)?.map(|h| h.to_string()) == Some(state.at.clone());
            if same_history {
                me.index = index;
                me.state = Some(state);
            }
        }
        let changed = if me.state.is_some() {
            me.catch_up()?
        } else {
            me.rebuild()?
        };
        if changed > 0 || !path.is_some_and(Path::exists) {
            me.save()?;
        }
        Ok(me)
    }

    fn load(path: &Path) -> Option<(MarkingIndex, IndexState)> {
        let state: IndexState =
            serde_json::from_slice(&std::fs::read(state_path(path)).ok()?).ok()?;
        let index = MarkingIndex::load(path).ok()?;
        (index.generation() == state.seq).then_some((index, state))
    }

    /// Builds the index from every weapon of the store; returns how many were indexed.
    pub fn rebuild(&mut self) -> Result<usize, IndexError> {
        let mut index = MarkingIndex::new();
        let mut batch: Vec<(u64, WeaponFacets, Vec<String>)> = Vec::with_capacity(BUILD_BATCH);
        let mut count = 0usize;
        let mut failure: Option<armtrace_search::IndexError> = None;
        let seq = self.store.for_each_weapon(&mut |w| {
            batch.push((
                doc(&w),
                facets(&w),
                w.markings.iter().map(|m| m.text.clone()).collect(),
            ));
            if batch.len() >= BUILD_BATCH {
                count += batch.len();
                if let Err(e) = index.upsert_many(batch.drain(..)) {
                    failure.get_or_insert(e);
                }
            }
            Ok(())
        })?;
        if let Some(e) = failure {
            return Err(e.into());
        }
        count += batch.len();
        index.upsert_many(batch.drain(..))?;
        self.index = index;
        self.set_state(seq)?;
        Ok(count)
    }

    /// Applies every weapon recorded since the index was last brought up to date; returns
    /// how many weapons were re-indexed.
    pub fn catch_up(&mut self) -> Result<usize, IndexError> {
        let since = self.state.as_ref().map(|s| s.seq).unwrap_or(0);
        let (rows, head) = self.store.weapons_changed_since(since)?;
        if head == since {
            return Ok(0);
        }
        let n = rows.len();
        self.index.upsert_many(rows.iter().map(|w| {
            (
                doc(w),
                facets(w),
                w.markings
                    .iter()
                    .map(|m| m.text.clone())
                    .collect::<Vec<_>>(),
            )
        }))?;
        self.set_state(head)?;
        Ok(n)
    }

    fn set_state(&mut self, seq: u64) -> Result<(), IndexError> {
        let first = self.store.hash_at(1)?.unwrap_or(EntryHash::GENESIS);
        let at = if seq == 0 {
            EntryHash::GENESIS
        } else {
            self.store.hash_at(seq)?.unwrap_or(EntryHash::GENESIS)
        };
        self.index.set_generation(seq);
        self.state = Some(IndexState {
            first: first.to_string(),
            seq,
            at: at.to_string(),
        });
        Ok(())
    }

    /// Writes the index and its state beside the store (when it has a path).
    pub fn save(&self) -> Result<(), IndexError> {
        let (Some(path), Some(state)) = (&self.path, &self.state) else {
            return Ok(());
        };
        let fail = |reason: String| IndexError::File {
            path: path.clone(),
            reason,
        };
        self.index.save(path).map_err(|e| fail(e.to_string()))?;
        let json = serde_json::to_vec(state).map_err(|e| fail(e.to_string()))?;
        std::fs::write(state_path(path), json).map_err(|e| fail(e.to_string()))?;
        Ok(())
    }

    /// Weapons indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no weapon is indexed.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The ledger position the index holds the store up to.
    pub fn position(&self) -> u64 {
        self.state.as_ref().map(|s| s.seq).unwrap_or(0)
    }

    /// Runs a query; returns the hits in rank order with each weapon's record.
    pub fn search(
        &self,
        query: &Query,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Found>, IndexError> {
        found(&self.store, self.hits(query, limit, offset))
    }

    /// The hits of `query` in the index alone, without reading the store: with
    /// [`found`], what [`SearchIndex::search`] answers, for callers that share the index
    /// behind a lock and need not hold it while the store is read.
    pub fn hits(&self, query: &Query, limit: usize, offset: usize) -> Vec<Hit> {
        self.index.search(query, limit, offset)
    }

    /// The index itself (for measurements).
    pub fn index(&self) -> &MarkingIndex {
        &self.index
    }
}
