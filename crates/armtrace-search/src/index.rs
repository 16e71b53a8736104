//! The marking index: immutable fst segments plus a small mutable tail.
//!
//! Every marking is indexed under its [`skeleton`]. A segment holds an fst map from
//! skeleton to the start of its postings (weapon slot and marking number), and an fst set
//! of the reversed skeletons for readings whose head is missing (`*1234`). New and changed
//! weapons go to the tail, which is scanned linearly and frozen into a segment when it
//! reaches [`TAIL_LIMIT`] markings; segments of similar size are merged, as in a
//! log-structured merge tree. A weapon that is re-marked or removed leaves a dead slot that
//! the next merge or [`MarkingIndex::compact`] drops.

use std::collections::HashMap;

use fst::Streamer;
use fst::raw::{Builder, Fst, Node, Output};

use crate::align::{Step, align, align_steps};
use crate::facets::{FacetTable, FilterSet, WeaponFacets};
use crate::hit::{DocId, Hit, Normalisations, Reason, Tier, score};
use crate::nfa::{Nfa, State};
use crate::normalize::{ascii_digit, is_separator, normalize, raw_positions, skeleton};
use crate::query::{EditBudget, Query, Token};

/// Markings in the tail before it is frozen into a segment.
pub const TAIL_LIMIT: usize = 2048;

/// The most markings indexed per weapon.
pub const MAX_MARKINGS_PER_WEAPON: usize = 255;

const MARKING_SEPARATOR: u8 = 0x1F;

/// Why the index refused a change.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// More markings on one weapon than [`MAX_MARKINGS_PER_WEAPON`].
    #[error("weapon {doc} has {count} markings; at most {MAX_MARKINGS_PER_WEAPON} are indexed")]
    TooManyMarkings {
        /// The weapon.
        doc: DocId,
        /// Its number of markings.
        count: usize,
    },
    /// The index holds 4 GiB of marking text or 2^31 weapon versions.
    #[error("the index is full (4 GiB of marking text or 2^31 weapon versions); compact it")]
    Full,
    /// The fst library refused a build (a bug: keys are sorted before building).
    #[error("building the marking fst failed: {0}")]
    Fst(#[from] fst::Error),
}

/// One version of a weapon: its store id, its facets and where its markings' text starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    pub doc: DocId,
    pub combo: u32,
    pub text: u32,
}

/// An immutable part of the index.
#[derive(Clone)]
pub(crate) struct Segment {
    /// Skeleton → index into `postings` of its first posting.
    pub fwd: Fst<Vec<u8>>,
    /// Reversed skeletons (an fst set; look the key up in `fwd`). May hold keys whose
    /// postings all died in a merge: they are missing from `fwd` and skipped.
    pub rev: Fst<Vec<u8>>,
    /// `slot << 1 | more`, grouped by key in key order.
    pub slots: Vec<u32>,
    /// The marking number of each entry of `slots`.
    pub marks: Vec<u8>,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("keys", &self.fwd.len())
            .field("postings", &self.slots.len())
            .finish()
    }
}

/// `slot << 8 | marking number`.
fn posting(slot: u32, idx: usize) -> u64 {
    (u64::from(slot) << 8) | idx as u64
}

fn posting_slot(p: u64) -> u32 {
    (p >> 8) as u32
}

fn posting_idx(p: u64) -> usize {
    (p & 0xFF) as usize
}

impl Segment {
    fn postings_at(&self, start: u64) -> impl Iterator<Item = u64> + '_ {
        let start = (start as usize).min(self.slots.len());
        let rest = &self.slots[start..];
        let end = rest
            .iter()
            .position(|p| p & 1 == 0)
            .map_or(rest.len(), |e| e + 1);
        rest[..end]
            .iter()
            .zip(&self.marks[start..])
            .map(|(s, m)| posting(s >> 1, usize::from(*m)))
    }

    fn entries(&self) -> usize {
        self.slots.len()
    }

    /// A segment from (skeleton, posting) pairs in any order.
    fn build(mut entries: Vec<(String, u64)>) -> Result<Segment, IndexError> {
        entries.sort_unstable();
        entries.dedup();
        let mut postings = Postings::default();
        let mut fwd = Builder::memory();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut group = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let mut j = i + 1;
            while j < entries.len() && entries[j].0 == entries[i].0 {
                j += 1;
            }
            fwd.insert(entries[i].0.as_bytes(), postings.slots.len() as u64)?;
            group.clear();
            group.extend(entries[i..j].iter().map(|e| e.1));
            postings.push(&group);
            let key = std::mem::take(&mut entries[i].0);
            keys.push(key.chars().rev().collect::<String>().into_bytes());
            i = j;
        }
        drop(entries);
        keys.sort_unstable();
        let mut rev = Builder::memory();
        for k in &keys {
            rev.insert(k, 0)?;
        }
        Ok(Segment {
            fwd: Fst::new(fwd.into_inner()?)?,
            rev: Fst::new(rev.into_inner()?)?,
            slots: postings.slots,
            marks: postings.marks,
        })
    }

    /// Merges segments, keeping postings for which `keep` holds.
    fn merge(parts: &[&Segment], keep: &dyn Fn(u64) -> bool) -> Result<Segment, IndexError> {
        let mut postings = Postings::default();
        let mut fwd = Builder::memory();
        let mut op = fst::raw::OpBuilder::new();
        for p in parts {
            op.push(p.fwd.stream());
        }
        let mut union = op.union();
        let mut buf = Vec::new();
        while let Some((key, values)) = union.next() {
            buf.clear();
            for v in values {
                buf.extend(parts[v.index].postings_at(v.value).filter(|&p| keep(p)));
            }
            if buf.is_empty() {
                continue;
            }
            buf.sort_unstable();
            buf.dedup();
            fwd.insert(key, postings.slots.len() as u64)?;
            postings.push(&buf);
        }
        let mut rev = Builder::memory();
        let mut op = fst::raw::OpBuilder::new();
        for p in parts {
            op.push(p.rev.stream());
        }
        let mut union = op.union();
        while let Some((key, _)) = union.next() {
            rev.insert(key, 0)?;
        }
        Ok(Segment {
            fwd: Fst::new(fwd.into_inner()?)?,
            rev: Fst::new(rev.into_inner()?)?,
            slots: postings.slots,
            marks: postings.marks,
        })
    }
}

/// Postings being written.
#[derive(Default)]
struct Postings {
    slots: Vec<u32>,
    marks: Vec<u8>,
}

impl Postings {
    /// Appends the postings of one key.
    fn push(&mut self, postings: &[u64]) {
        let n = postings.len();
        for (i, p) in postings.iter().enumerate() {
            self.slots
                .push((posting_slot(*p) << 1) | u32::from(i + 1 < n));
            self.marks.push(posting_idx(*p) as u8);
        }
    }
}

/// Weapon id → slot: a vector for the dense ids a store hands out, a map for the others.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocMap {
    dense: Vec<u32>,
    sparse: HashMap<DocId, u32>,
    len: usize,
}

const ABSENT: u32 = u32::MAX;

impl DocMap {
    pub fn get(&self, doc: DocId) -> Option<u32> {
        match usize::try_from(doc).ok().and_then(|d| self.dense.get(d)) {
            Some(&s) => (s != ABSENT).then_some(s),
            None => self.sparse.get(&doc).copied(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn insert(&mut self, doc: DocId, slot: u32) {
        let dense_limit = 2 * (self.len as u64) + 4096;
        if doc >= self.dense.len() as u64 && doc <= dense_limit {
            self.dense.resize(doc as usize + 1, ABSENT);
            if !self.sparse.is_empty() {
                let n = self.dense.len() as u64;
                let moved: Vec<(DocId, u32)> = self
                    .sparse
                    .iter()
                    .filter(|(d, _)| **d < n)
                    .map(|(d, s)| (*d, *s))
                    .collect();
                for (d, s) in moved {
                    self.sparse.remove(&d);
                    self.dense[d as usize] = s;
                }
            }
        }
        let old = match usize::try_from(doc)
            .ok()
            .and_then(|d| self.dense.get_mut(d))
        {
            Some(s) => std::mem::replace(s, slot),
            None => self.sparse.insert(doc, slot).unwrap_or(ABSENT),
        };
        if old == ABSENT {
            self.len += 1;
        }
    }

    pub fn remove(&mut self, doc: DocId) -> Option<u32> {
        let old = match usize::try_from(doc)
            .ok()
            .and_then(|d| self.dense.get_mut(d))
        {
            Some(s) => std::mem::replace(s, ABSENT),
            None => self.sparse.remove(&doc).unwrap_or(ABSENT),
        };
        (old != ABSENT).then(|| {
            self.len -= 1;
            old
        })
    }

    fn heap_bytes(&self) -> usize {
        self.dense.capacity() * 4
            + self.sparse.capacity() * 8 / 7 * (std::mem::size_of::<(DocId, u32)>() + 1)
    }
}

/// The marking index. See the crate documentation for an example.
#[derive(Debug, Clone, Default)]
pub struct MarkingIndex {
    pub(crate) facets: FacetTable,
    pub(crate) slots: Vec<Slot>,
    pub(crate) alive: Vec<u64>,
    pub(crate) text: Vec<u8>,
    pub(crate) by_doc: DocMap,
    pub(crate) segments: Vec<Segment>,
    pub(crate) tail: Vec<(Box<str>, u64)>,
    pub(crate) generation: u64,
}

/// A hasher for slot numbers (small integers chosen by us, not by an attacker).
#[derive(Debug, Default, Clone, Copy)]
struct SlotHasher(u64);

impl std::hash::Hasher for SlotHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01B3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type SlotMap<V> = HashMap<u32, V, std::hash::BuildHasherDefault<SlotHasher>>;

/// The best match of one weapon so far.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: u32,
    tier: Tier,
    idx: u8,
}

impl MarkingIndex {
    /// An empty index.
    pub fn new() -> MarkingIndex {
        MarkingIndex::default()
    }

    /// Number of weapons indexed.
    pub fn len(&self) -> usize {
        self.by_doc.len()
    }

    /// True when no weapon is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_doc.len() == 0
    }

    /// True when the weapon is indexed.
    pub fn contains(&self, doc: DocId) -> bool {
        self.by_doc.get(doc).is_some()
    }

    /// The caller's generation: a number the caller sets after applying changes (for
    /// example the store's last change sequence number), saved with the index, so that a
    /// restarted process can load the index and apply only what changed since.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Sets the caller's generation; see [`MarkingIndex::generation`].
    pub fn set_generation(&mut self, generation: u64) {
        self.generation = generation;
    }

    /// The facets of an indexed weapon.
    pub fn facets(&self, doc: DocId) -> Option<WeaponFacets> {
        let slot = self.slots.get(self.by_doc.get(doc)? as usize)?;
        self.facets.facets(slot.combo)
    }

    /// The markings of an indexed weapon, as stored.
    pub fn markings(&self, doc: DocId) -> Option<Vec<String>> {
        let slot = self.by_doc.get(doc)?;
        let text = self.slot_text(slot);
        if text.is_empty() {
            return Some(Vec::new());
        }
        Some(
            text.split(|&b| b == MARKING_SEPARATOR)
                .map(|m| String::from_utf8_lossy(m).into_owned())
                .collect(),
        )
    }

    fn slot_text(&self, slot: u32) -> &[u8] {
        let start = self.slots[slot as usize].text as usize;
        let end = self
            .slots
            .get(slot as usize + 1)
            .map_or(self.text.len(), |s| s.text as usize);
        &self.text[start..end]
    }

    fn marking_text(&self, slot: u32, idx: usize) -> String {
        self.slot_text(slot)
            .split(|&b| b == MARKING_SEPARATOR)
            .nth(idx)
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .unwrap_or_default()
    }

    pub(crate) fn is_alive(&self, slot: u32) -> bool {
        self.alive
            .get(slot as usize / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    fn set_alive(&mut self, slot: u32, on: bool) {
        let word = slot as usize / 64;
        if self.alive.len() <= word {
            self.alive.resize(word + 1, 0);
        }
        if on {
            self.alive[word] |= 1 << (slot % 64);
        } else {
            self.alive[word] &= !(1 << (slot % 64));
        }
    }

    /// Adds a slot for a new version of `doc`; returns its number.
    fn push_slot(
        &mut self,
        doc: DocId,
        facets: &WeaponFacets,
        markings: &[impl AsRef<str>],
    ) -> Result<u32, IndexError> {
        if markings.len() > MAX_MARKINGS_PER_WEAPON {
            return Err(IndexError::TooManyMarkings {
                doc,
                count: markings.len(),
            });
        }
        let slot = u32::try_from(self.slots.len())
            .ok()
            .filter(|&s| s < 1 << 31)
            .ok_or(IndexError::Full)?;
        let text = u32::try_from(self.text.len()).map_err(|_| IndexError::Full)?;
        let added: usize = markings.iter().map(|m| m.as_ref().len() + 1).sum();
        if u32::try_from(self.text.len() + added).is_err() {
            return Err(IndexError::Full);
        }
        self.remove(doc);
        for (i, m) in markings.iter().enumerate() {
            if i > 0 {
                self.text.push(MARKING_SEPARATOR);
            }
            self.text.extend(
                m.as_ref()
                    .bytes()
                    .map(|b| if b == MARKING_SEPARATOR { b' ' } else { b }),
            );
        }
        let combo = self.facets.combo(facets);
        self.slots.push(Slot { doc, combo, text });
        self.set_alive(slot, true);
        self.by_doc.insert(doc, slot);
        Ok(slot)
    }

    /// Indexes a weapon, replacing what was indexed for it before: call it when a weapon
    /// is registered or imported, re-marked, or its facets (status, …) change. It is
    /// findable as soon as this returns. Markings with no letter or digit are kept but not
    /// searchable.
    pub fn upsert(
        &mut self,
        doc: DocId,
        facets: WeaponFacets,
        markings: &[&str],
    ) -> Result<(), IndexError> {
        let slot = self.push_slot(doc, &facets, markings)?;
        for (idx, m) in markings.iter().enumerate() {
            let key = skeleton(m);
            if !key.is_empty() {
                self.tail.push((key.into(), posting(slot, idx)));
            }
        }
        if self.tail.len() >= TAIL_LIMIT {
            self.flush_tail()?;
        }
        Ok(())
    }

    /// Indexes many weapons at once (a bulk import, or building the index from the store):
    /// one segment is built for the whole batch, which is much faster than [`upsert`]
    /// one by one. Same semantics as calling [`upsert`] for each, in order.
    ///
    /// [`upsert`]: MarkingIndex::upsert
    pub fn upsert_many<I, S>(&mut self, weapons: I) -> Result<(), IndexError>
    where
        I: IntoIterator<Item = (DocId, WeaponFacets, Vec<S>)>,
        S: AsRef<str>,
    {
        let mut entries = Vec::new();
        for (doc, facets, markings) in weapons {
            let slot = self.push_slot(doc, &facets, &markings)?;
            for (idx, m) in markings.iter().enumerate() {
                let key = skeleton(m.as_ref());
                if !key.is_empty() {
                    entries.push((key, posting(slot, idx)));
                }
            }
        }
        if !entries.is_empty() {
            let seg = Segment::build(entries)?;
            self.add_segment(seg)?;
        }
        Ok(())
    }

    /// Removes a weapon from the index. Returns whether it was there.
    pub fn remove(&mut self, doc: DocId) -> bool {
        match self.by_doc.remove(doc) {
            Some(slot) => {
                self.set_alive(slot, false);
                true
            }
            None => false,
        }
    }

    /// Freezes the tail into a segment.
    fn flush_tail(&mut self) -> Result<(), IndexError> {
        if self.tail.is_empty() {
            return Ok(());
        }
        let entries = std::mem::take(&mut self.tail)
            .into_iter()
            .filter(|(_, p)| self.is_alive(posting_slot(*p)))
            .map(|(k, p)| (k.into_string(), p))
            .collect::<Vec<_>>();
        if entries.is_empty() {
            return Ok(());
        }
        let seg = Segment::build(entries)?;
        self.add_segment(seg)
    }

    fn add_segment(&mut self, seg: Segment) -> Result<(), IndexError> {
        self.segments.push(seg);
        while self.segments.len() >= 2 {
            let n = self.segments.len();
            if self.segments[n - 2].entries() > 2 * self.segments[n - 1].entries() {
                break;
            }
            let b = self.segments.pop();
            let a = self.segments.pop();
            if let (Some(a), Some(b)) = (a, b) {
                let merged = Segment::merge(&[&a, &b], &|p| self.is_alive(posting_slot(p)))?;
                self.segments.push(merged);
            }
        }
        Ok(())
    }

    /// Rewrites the index as one segment without dead weapon versions, and renumbers the
    /// slots. Worth calling before [`MarkingIndex::save`] after many changes.
    pub fn compact(&mut self) -> Result<(), IndexError> {
        let mut new_slot = vec![u32::MAX; self.slots.len()];
        let mut slots = Vec::with_capacity(self.by_doc.len());
        let mut text = Vec::with_capacity(self.text.len());
        for old in 0..self.slots.len() as u32 {
            if !self.is_alive(old) {
                continue;
            }
            let mut s = self.slots[old as usize];
            let start = text.len() as u32;
            text.extend_from_slice(self.slot_text(old));
            s.text = start;
            new_slot[old as usize] = slots.len() as u32;
            slots.push(s);
        }
        let remap = |p: u64| -> Option<u64> {
            let n = *new_slot.get(posting_slot(p) as usize)?;
            (n != u32::MAX).then(|| posting(n, posting_idx(p)))
        };
        let mut entries = Vec::new();
        for seg in &self.segments {
            let mut stream = seg.fwd.stream();
            while let Some((key, start)) = stream.next() {
                let key = String::from_utf8_lossy(key).into_owned();
                for p in seg.postings_at(start.value()) {
                    if let Some(p) = remap(p) {
                        entries.push((key.clone(), p));
                    }
                }
            }
        }
        for (k, p) in &self.tail {
            if let Some(p) = remap(*p) {
                entries.push((k.to_string(), p));
            }
        }
        let segment = if entries.is_empty() {
            None
        } else {
            Some(Segment::build(entries)?)
        };
        self.by_doc = DocMap::default();
        for (i, s) in slots.iter().enumerate() {
            self.by_doc.insert(s.doc, i as u32);
        }
        self.alive = vec![0; slots.len().div_ceil(64)];
        self.slots = slots;
        self.text = text;
        for i in 0..self.slots.len() as u32 {
            self.set_alive(i, true);
        }
        self.segments = segment.into_iter().collect();
        self.tail.clear();
        Ok(())
    }

    /// Searches. Hits are in rank order (best score first, then lower weapon id); at most
    /// `limit` hits after skipping `offset`. A weapon appears once, with its best marking.
    pub fn search(&self, q: &Query, limit: usize, offset: usize) -> Vec<Hit> {
        let Some(filter) = self.facets.resolve(q.filters()) else {
            return Vec::new();
        };
        let want = offset.saturating_add(limit);
        let mut found: SlotMap<Candidate> = SlotMap::default();
        match q.budget() {
            EditBudget::Max(k) => self.collect(q, k, &filter, &mut found),
            EditBudget::Auto => {
                self.collect(q, 0, &filter, &mut found);
                // A reading that equals a marking (up to normalisation and look-alike
                // letters) is taken as read; otherwise a plain reading is widened to one
                // edit while it has fewer hits than asked for, a reading with wildcards
                // only when it has none.
                let as_read = found.values().any(|c| c.tier <= Tier::LookAlike);
                let widen = if q.has_wildcards() {
                    found.is_empty()
                } else {
                    !as_read && found.len() < want
                };
                if widen {
                    self.collect(q, 1, &filter, &mut found);
                }
            }
        }
        let mut ranked: Vec<(u32, DocId, u32, Candidate)> = found
            .into_iter()
            .map(|(slot, c)| (c.score, self.slots[slot as usize].doc, slot, c))
            .collect();
        let order = |a: &(u32, DocId, u32, Candidate), b: &(u32, DocId, u32, Candidate)| {
            b.0.cmp(&a.0).then(a.1.cmp(&b.1))
        };
        if want < ranked.len() {
            ranked.select_nth_unstable_by(want, order);
            ranked.truncate(want);
        }
        ranked.sort_unstable_by(order);
        ranked
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, doc, slot, c)| self.hit(q, doc, slot, c))
            .collect()
    }

    /// Counts the weapons a query matches, ignoring limits (the budget is as given; `Auto`
    /// counts matches without edits).
    pub fn count(&self, q: &Query) -> usize {
        let Some(filter) = self.facets.resolve(q.filters()) else {
            return 0;
        };
        let mut found = SlotMap::default();
        let k = match q.budget() {
            EditBudget::Max(k) => k,
            EditBudget::Auto => 0,
        };
        self.collect(q, k, &filter, &mut found);
        found.len()
    }

    /// Finds every marking within `k` edits and keeps each weapon's best.
    fn collect(&self, q: &Query, k: u8, filter: &FilterSet, found: &mut SlotMap<Candidate>) {
        let tokens = q.tokens();
        let m = tokens.len();
        let qnorm = normalize(q.reading());
        let open = filter.is_open();
        let mut chars: Vec<char> = Vec::with_capacity(64);
        let mut consider = |key: &str, p: u64| {
            let slot = posting_slot(p);
            if !self.is_alive(slot) {
                return;
            }
            let s = &self.slots[slot as usize];
            if !open && !filter.accepts(&self.facets.combos[s.combo as usize]) {
                return;
            }
            chars.clear();
            chars.extend(key.chars());
            let Some(a) = align(tokens, &chars, k) else {
                return;
            };
            let tier = if a.edits > 0 {
                Tier::Edit
            } else if q.has_wildcards() {
                Tier::Wildcard
            } else if a.weight > 0 {
                Tier::Confusion
            } else {
                let stored = self.marking_text(slot, posting_idx(p));
                if stored == q.reading() {
                    Tier::Exact
                } else if normalize(&stored) == qnorm {
                    Tier::Normalised
                } else {
                    Tier::LookAlike
                }
            };
            let cand = Candidate {
                score: score(tier, a.weight, a.covered, a.edits),
                tier,
                idx: posting_idx(p) as u8,
            };
            found
                .entry(slot)
                .and_modify(|c| {
                    if (cand.score, std::cmp::Reverse(cand.idx))
                        > (c.score, std::cmp::Reverse(c.idx))
                    {
                        *c = cand;
                    }
                })
                .or_insert(cand);
        };

        let has_run = tokens.contains(&Token::Run);
        // Literal characters before the first and after the last wildcard: the walk
        // starts from the end that prunes the trie sooner.
        let lit = |t: &&Token| matches!(t, Token::Lit(_));
        let lead = tokens.iter().take_while(lit).count();
        let trail = tokens.iter().rev().take_while(lit).count();
        let reversed: Vec<Token> = tokens.iter().rev().copied().collect();
        // (reverse?, protect_until, protect_edits)
        let plans: Vec<(bool, usize, u8)> = if k == 0 || has_run {
            vec![(lead < trail, 0, 0)]
        } else {
            let h = (m - 1) / 2;
            vec![(false, h, k - 1), (true, m - 1 - h, 0)]
        };
        for (rev, until, edits) in plans {
            let nfa = if rev {
                Nfa::new(&reversed, k, until, edits)
            } else {
                Nfa::new(tokens, k, until, edits)
            };
            for seg in &self.segments {
                if rev {
                    walk(&seg.rev, &nfa, &mut |rkey, _| {
                        let Ok(rkey) = std::str::from_utf8(rkey) else {
                            return;
                        };
                        let key: String = rkey.chars().rev().collect();
                        if let Some(start) = seg.fwd.get(key.as_bytes()) {
                            for p in seg.postings_at(start.value()) {
                                consider(&key, p);
                            }
                        }
                    });
                } else {
                    walk(&seg.fwd, &nfa, &mut |key, start| {
                        let Ok(key) = std::str::from_utf8(key) else {
                            return;
                        };
                        for p in seg.postings_at(start) {
                            consider(key, p);
                        }
                    });
                }
            }
        }
        if !self.tail.is_empty() {
            let nfa = Nfa::new(tokens, k, 0, 0);
            for (key, p) in &self.tail {
                if nfa.matches(key) {
                    consider(key, *p);
                }
            }
        }
    }

    /// Builds the hit for a weapon's best marking, with the reasons.
    fn hit(&self, q: &Query, doc: DocId, slot: u32, c: Candidate) -> Hit {
        let stored = self.marking_text(slot, usize::from(c.idx));
        let why = reasons(q, &stored, c.tier);
        Hit {
            doc,
            marking: stored,
            tier: c.tier,
            score: c.score,
            why,
        }
    }

    /// Bytes of memory the index holds (heap, approximately).
    pub fn memory_bytes(&self) -> usize {
        self.memory_breakdown().iter().map(|(_, b)| b).sum()
    }

    /// [`MarkingIndex::memory_bytes`] by part: `fst` (skeleton maps), `reverse fst`,
    /// `postings`, `weapons` (slots, liveness, id map), `marking text`, `facets`, `tail`.
    pub fn memory_breakdown(&self) -> Vec<(&'static str, usize)> {
        let fwd = self.segments.iter().map(|s| s.fwd.as_bytes().len()).sum();
        let rev = self.segments.iter().map(|s| s.rev.as_bytes().len()).sum();
        let postings = self
            .segments
            .iter()
            .map(|s| s.slots.capacity() * 4 + s.marks.capacity())
            .sum();
        let weapons = self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.alive.capacity() * 8
            + self.by_doc.heap_bytes();
        let facets = self
            .facets
            .strings
            .iter()
            .map(|s| s.len() * 3 + 64)
            .sum::<usize>()
            + self.facets.combos.len() * 64;
        let tail = self.tail.iter().map(|(k, _)| k.len() + 24).sum();
        vec![
            ("fst", fwd),
            ("reverse fst", rev),
            ("postings", postings),
            ("weapons", weapons),
            ("marking text", self.text.capacity()),
            ("facets", facets),
            ("tail", tail),
        ]
    }

    /// Number of markings indexed (live weapons' searchable markings, plus dead ones not
    /// yet dropped by a merge).
    pub fn indexed_markings(&self) -> usize {
        self.segments.iter().map(Segment::entries).sum::<usize>() + self.tail.len()
    }

    /// Number of segments (for diagnostics).
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }
}

/// Depth-first walk of an fst under an automaton, calling `f` with each accepted key and
/// its value.
fn walk(fst: &Fst<Vec<u8>>, nfa: &Nfa, f: &mut dyn FnMut(&[u8], u64)) {
    let mut key = Vec::with_capacity(64);
    let start = nfa.start();
    if nfa.alive(&start) {
        walk_node(
            fst,
            fst.root(),
            Output::zero(),
            &start,
            nfa,
            &mut key,
            0,
            0,
            f,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn walk_node(
    fst: &Fst<Vec<u8>>,
    node: Node<'_>,
    out: Output,
    state: &State,
    nfa: &Nfa,
    key: &mut Vec<u8>,
    pending: usize,
    char_start: usize,
    f: &mut dyn FnMut(&[u8], u64),
) {
    if pending == 0 && node.is_final() && nfa.accepts(state) {
        f(key, out.cat(node.final_output()).value());
    }
    for t in node.transitions() {
        key.push(t.inp);
        let out = out.cat(t.out);
        if pending > 1 {
            walk_node(
                fst,
                fst.node(t.addr),
                out,
                state,
                nfa,
                key,
                pending - 1,
                char_start,
                f,
            );
        } else if pending == 1 || t.inp >= 0x80 {
            let (pending, start) = if pending == 1 {
                (0, char_start)
            } else {
                (utf8_len(t.inp).saturating_sub(1), key.len() - 1)
            };
            if pending > 0 {
                walk_node(
                    fst,
                    fst.node(t.addr),
                    out,
                    state,
                    nfa,
                    key,
                    pending,
                    start,
                    f,
                );
            } else if let Some(c) = std::str::from_utf8(&key[start..])
                .ok()
                .and_then(|s| s.chars().next())
            {
                let s = nfa.step(state, c);
                if nfa.alive(&s) {
                    walk_node(fst, fst.node(t.addr), out, &s, nfa, key, 0, 0, f);
                }
            }
        } else {
            // Decode the child node only when the automaton survives the byte.
            let s = nfa.step(state, char::from(t.inp));
            if nfa.alive(&s) {
                walk_node(fst, fst.node(t.addr), out, &s, nfa, key, 0, 0, f);
            }
        }
        key.pop();
    }
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Where the separators are: (letters and digits before it, separator).
fn separator_layout(s: &str) -> Vec<(usize, char)> {
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.chars() {
        if c == '?' || c == '*' {
            n += 1;
        } else if is_separator(c) {
            out.push((n, c));
        } else {
            n += 1;
        }
    }
    out
}

fn normalisations(reading: &str, stored: &str) -> Normalisations {
    use unicode_normalization::UnicodeNormalization;
    let foreign_digit = |s: &str| {
        s.chars()
            .any(|c| !c.is_ascii_digit() && ascii_digit(c).is_some())
    };
    Normalisations {
        case: reading
            .chars()
            .chain(stored.chars())
            .any(char::is_lowercase),
        separators: separator_layout(reading) != separator_layout(stored),
        digit_forms: foreign_digit(reading) || foreign_digit(stored),
        unicode_forms: reading.nfkc().ne(reading.chars()) || stored.nfkc().ne(stored.chars()),
    }
}

/// Why `stored` matched the query, with positions in `stored`.
fn reasons(q: &Query, stored: &str, tier: Tier) -> Vec<Reason> {
    if tier == Tier::Exact {
        return vec![Reason::Exact];
    }
    let mut why = Vec::new();
    let mut n = normalisations(q.reading(), stored);
    // Separators under a `*` cannot be known.
    n.separators &= !q.tokens().contains(&Token::Run);
    if n != Normalisations::default() {
        why.push(Reason::Normalised(n));
    }
    let norm: Vec<char> = normalize(stored).chars().collect();
    let key: Vec<char> = skeleton(stored).chars().collect();
    let pos = raw_positions(stored);
    let at = |k: usize| {
        pos.get(k)
            .copied()
            .unwrap_or(pos.last().map_or(1, |p| p + 1))
    };
    let read = q.normalized_chars();
    let Some(a) = align_steps(q.tokens(), &key, crate::query::MAX_EDIT_BUDGET) else {
        return why;
    };
    let mut run: Option<(usize, usize, String)> = None;
    for step in a.steps {
        if let Step::RunChar { key: k } = step {
            let r = run.get_or_insert_with(|| (at(k), at(k), String::new()));
            r.1 = at(k);
            r.2.push(norm[k]);
            continue;
        }
        if let Some((position, end, stored)) = run.take() {
            why.push(Reason::UnreadableRun {
                position,
                end,
                stored,
            });
        }
        let r = |t: usize| read.get(t).copied().flatten().unwrap_or('?');
        match step {
            Step::Same { token, key: k } => {
                if r(token) != norm[k] {
                    why.push(Reason::LookAlike {
                        position: at(k),
                        stored: norm[k],
                        read: r(token),
                    });
                }
            }
            Step::Confused {
                token,
                key: k,
                weight,
            } => why.push(Reason::Confusion {
                position: at(k),
                stored: norm[k],
                read: r(token),
                weight,
            }),
            Step::One { key: k } => why.push(Reason::Unreadable {
                position: at(k),
                stored: norm[k],
            }),
            Step::Substituted { token, key: k } => why.push(Reason::Misread {
                position: at(k),
                stored: norm[k],
                read: r(token),
            }),
            Step::Missed { key: k } => why.push(Reason::Missing {
                position: at(k),
                stored: norm[k],
            }),
            Step::Extra { token, key: k } => why.push(Reason::Extra {
                position: at(k),
                read: r(token),
            }),
            Step::Swapped { key: k, .. } => why.push(Reason::Transposed {
                position: at(k),
                stored: [norm[k], norm[k + 1]],
            }),
            Step::RunChar { .. } => {}
        }
    }
    if let Some((position, end, stored)) = run.take() {
        why.push(Reason::UnreadableRun {
            position,
            end,
            stored,
        });
    }
    if tier == Tier::Wildcard
        && !why
            .iter()
            .any(|r| matches!(r, Reason::Unreadable { .. } | Reason::UnreadableRun { .. }))
    {
        let position = if q.tokens().first() == Some(&Token::Run) {
            1
        } else {
            at(key.len())
        };
        why.push(Reason::UnreadableRun {
            position,
            end: position,
            stored: String::new(),
        });
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn facets() -> WeaponFacets {
        WeaponFacets::default()
    }

    /// Every doc whose marking aligns within the budget, by brute force.
    fn reference(markings: &[(DocId, String)], q: &Query, k: u8) -> BTreeSet<DocId> {
        markings
            .iter()
            .filter(|(_, m)| {
                let key: Vec<char> = skeleton(m).chars().collect();
                !key.is_empty() && align(q.tokens(), &key, k).is_some()
            })
            .map(|(d, _)| *d)
            .collect()
    }

    fn docs(index: &MarkingIndex, q: &Query) -> BTreeSet<DocId> {
        index
            .search(q, usize::MAX, 0)
            .iter()
            .map(|h| h.doc)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The fst walk (both directions, protected halves, segments and tail) finds
        /// exactly what aligning the reading with every marking finds.
        #[test]
        fn index_equals_brute_force(
            serials in proptest::collection::vec("[AB0O18Z2X-]{1,7}", 1..60),
            reading in "[AB0O18Z2X?*]{1,7}",
            k in 0u8..=2,
            split in 0usize..60,
        ) {
            let Ok(q) = Query::from_reading(&reading) else { return Ok(()) };
            let q = q.with_budget(k).expect("budget within range");
            let markings: Vec<(DocId, String)> =
                serials.iter().enumerate().map(|(i, s)| (i as DocId, s.clone())).collect();
            let mut index = MarkingIndex::new();
            // Part bulk-loaded into segments, part in the tail.
            let split = split.min(markings.len());
            index
                .upsert_many(markings[..split].iter().map(|(d, m)| (*d, facets(), vec![m.clone()])))
                .expect("indexed");
            for (d, m) in &markings[split..] {
                index.upsert(*d, facets(), &[m]).expect("indexed");
            }
            prop_assert_eq!(docs(&index, &q), reference(&markings, &q, k));
        }
    }

    #[test]
    fn sparse_and_dense_ids() {
        let mut index = MarkingIndex::new();
        for doc in [1u64, 5, 1 << 40, u64::MAX, 3, 10_000] {
            index
                .upsert(doc, facets(), &[&format!("ID{doc}")])
                .expect("indexed");
        }
        assert_eq!(index.len(), 6);
        for doc in [1u64, 5, 1 << 40, u64::MAX, 3, 10_000] {
            let q = Query::from_reading(&format!("ID{doc}")).expect("valid");
            assert_eq!(index.search(&q, 1, 0)[0].doc, doc);
        }
        assert!(index.remove(1 << 40));
        assert!(!index.contains(1 << 40));
        assert!(index.contains(u64::MAX));
        assert_eq!(index.len(), 5);
    }

    #[test]
    fn merges_and_compaction_keep_results() {
        let mut index = MarkingIndex::new();
        let serial = |i: u64| format!("KR{:06}", i * 7919 % 1_000_000);
        for i in 0..(3 * TAIL_LIMIT as u64 + 17) {
            index.upsert(i, facets(), &[&serial(i)]).expect("indexed");
        }
        assert!(index.segment_count() >= 1);
        // Re-mark every third weapon and remove every fifth.
        for i in (0..100u64).step_by(3) {
            index
                .upsert(i, facets(), &[&format!("NEW{i}")])
                .expect("indexed");
        }
        for i in (0..100u64).step_by(5) {
            index.remove(i);
        }
        let check = |index: &MarkingIndex| {
            for i in 0..100u64 {
                let hits = index.search(&Query::from_reading(&serial(i)).expect("valid"), 10, 0);
                let found = hits.iter().any(|h| h.doc == i && h.tier == Tier::Exact);
                assert_eq!(found, i % 3 != 0 && i % 5 != 0, "weapon {i}");
                let hits = index.search(
                    &Query::from_reading(&format!("NEW{i}")).expect("valid"),
                    10,
                    0,
                );
                let found = hits.iter().any(|h| h.doc == i);
                assert_eq!(found, i % 3 == 0 && i % 5 != 0, "re-marked weapon {i}");
            }
        };
        check(&index);
        index.compact().expect("compacted");
        assert_eq!(index.segment_count(), 1);
        check(&index);
    }
}
