//! The index file: the fst segments and tables as they are in memory, so that loading is
//! a read and a checksum, not a rebuild.
//!
//! ```text
//! "ARMTSRCH" | format u32 | generation u64 | sections … | SHA-256 of all before (32 bytes)
//! ```
//! All integers little-endian; byte strings and arrays prefixed by a u64 count.

use std::io::Write;
use std::path::{Path, PathBuf};

use fst::raw::Fst;
use sha2::{Digest, Sha256};

use crate::facets::{Combo, FacetTable};
use crate::index::{MarkingIndex, Segment, Slot};

const MAGIC: &[u8; 8] = b"ARMTSRCH";
/// Version of the file format; a file of another version is refused (rebuild it).
pub const FORMAT_VERSION: u32 = 1;

/// Why an index file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not an armtrace index.
    #[error("{path}: not an armtrace marking index file")]
    NotAnIndex {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by another format version.
    #[error(
        "{path}: index format {found}, this program reads format {expected}; rebuild the index"
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// Its format.
        found: u32,
        /// The format this program reads.
        expected: u32,
    },
    /// The checksum does not match: the file is damaged or truncated.
    #[error("{path}: checksum mismatch, the file is damaged; rebuild the index")]
    Checksum {
        /// The file.
        path: PathBuf,
    },
    /// The checksum matched but the content does not parse (a bug).
    #[error("{path}: malformed index file ({what})")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What did not parse.
        what: String,
    },
}

struct Out(Vec<u8>);

impl Out {
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
}

struct In<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn len(&mut self) -> Result<usize, String> {
        let n = self.u64()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.buf.len())
            .ok_or_else(|| format!("count {n} larger than the file"))
    }
    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.len()?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|e| e.to_string())
    }
    fn fst(&mut self) -> Result<Fst<Vec<u8>>, String> {
        Fst::new(self.bytes()?.to_vec()).map_err(|e| e.to_string())
    }
}

impl MarkingIndex {
    /// Writes the index to `path` (atomically: a temporary file is renamed over it).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), PersistError> {
        let path = path.as_ref();
        let mut o = Out(Vec::with_capacity(self.memory_bytes() + 1024));
        o.0.extend_from_slice(MAGIC);
        o.u32(FORMAT_VERSION);
        o.u64(self.generation);
        o.len(self.facets.strings.len());
        for s in &self.facets.strings {
            o.bytes(s.as_bytes());
        }
        o.len(self.facets.combos.len());
        for c in &self.facets.combos {
            for v in [c.make, c.model, c.calibre, c.category, c.country, c.status] {
                o.u32(v);
            }
            o.u16(c.year);
        }
        o.len(self.slots.len());
        for s in &self.slots {
            o.u64(s.doc);
            o.u32(s.combo);
            o.u32(s.text);
        }
        o.len(self.alive.len());
        for w in &self.alive {
            o.u64(*w);
        }
        o.bytes(&self.text);
        o.len(self.tail.len());
        for (k, p) in &self.tail {
            o.bytes(k.as_bytes());
            o.u64(*p);
        }
        o.len(self.segments.len());
        for seg in &self.segments {
            o.bytes(seg.fwd.as_bytes());
            o.bytes(seg.rev.as_bytes());
            o.len(seg.slots.len());
            for p in &seg.slots {
                o.u32(*p);
            }
            o.bytes(&seg.marks);
        }
        let digest = Sha256::digest(&o.0);
        o.0.extend_from_slice(&digest);
        let io = |source| PersistError::Io {
            path: path.to_owned(),
            source,
        };
        let tmp = path.with_extension("tmp");
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&o.0).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Reads an index written by [`MarkingIndex::save`]. Compare its
    /// [`generation`](MarkingIndex::generation) with the store's to know what to apply.
    pub fn load(path: impl AsRef<Path>) -> Result<MarkingIndex, PersistError> {
        let path = path.as_ref();
        let buf = std::fs::read(path).map_err(|source| PersistError::Io {
            path: path.to_owned(),
            source,
        })?;
        if buf.len() < MAGIC.len() + 4 + 32 || &buf[..8] != MAGIC {
            return Err(PersistError::NotAnIndex {
                path: path.to_owned(),
            });
        }
        let mut version = [0u8; 4];
        version.copy_from_slice(&buf[8..12]);
        let found = u32::from_le_bytes(version);
        if found != FORMAT_VERSION {
            return Err(PersistError::Version {
                path: path.to_owned(),
                found,
                expected: FORMAT_VERSION,
            });
        }
        let (body, digest) = buf.split_at(buf.len() - 32);
        if Sha256::digest(body).as_slice() != digest {
            return Err(PersistError::Checksum {
                path: path.to_owned(),
            });
        }
        parse(body).map_err(|what| PersistError::Malformed {
            path: path.to_owned(),
            what,
        })
    }
}

fn parse(body: &[u8]) -> Result<MarkingIndex, String> {
    let mut i = In { buf: body, pos: 12 };
    let generation = i.u64()?;
    let n = i.len()?;
    let strings = (0..n)
        .map(|_| i.string().map(String::into_boxed_str))
        .collect::<Result<Vec<_>, _>>()?;
    let n = i.len()?;
    let mut combos = Vec::with_capacity(n);
    for _ in 0..n {
        combos.push(Combo {
            make: i.u32()?,
            model: i.u32()?,
            calibre: i.u32()?,
            category: i.u32()?,
            country: i.u32()?,
            status: i.u32()?,
            year: i.u16()?,
        });
    }
    let n = i.len()?;
    let mut slots = Vec::with_capacity(n);
    for _ in 0..n {
        slots.push(Slot {
            doc: i.u64()?,
            combo: i.u32()?,
            text: i.u32()?,
        });
    }
    let n = i.len()?;
    let alive = (0..n).map(|_| i.u64()).collect::<Result<Vec<_>, _>>()?;
    let text = i.bytes()?.to_vec();
    let n = i.len()?;
    let mut tail = Vec::with_capacity(n);
    for _ in 0..n {
        tail.push((i.string()?.into_boxed_str(), i.u64()?));
    }
    let n = i.len()?;
    let mut segments = Vec::with_capacity(n);
    for _ in 0..n {
        let fwd = i.fst()?;
        let rev = i.fst()?;
        let np = i.len()?;
        let slots = (0..np).map(|_| i.u32()).collect::<Result<Vec<_>, _>>()?;
        let marks = i.bytes()?.to_vec();
        if marks.len() != slots.len() {
            return Err("postings and marking numbers differ in length".into());
        }
        segments.push(Segment {
            fwd,
            rev,
            slots,
            marks,
        });
    }
    if i.pos != body.len() {
        return Err(format!("{} bytes left over", body.len() - i.pos));
    }
    if slots
        .iter()
        .any(|s| s.combo as usize >= combos.len() || s.text as usize > text.len())
        || slots.windows(2).any(|w| w[0].text > w[1].text)
    {
        return Err("slot out of range".into());
    }
    if alive.len() != slots.len().div_ceil(64) {
        return Err("liveness bitmap of the wrong size".into());
    }
    let in_range = |p: u64| (p >> 8) < slots.len() as u64;
    if !tail.iter().all(|(_, p)| in_range(*p))
        || !segments
            .iter()
            .all(|s: &Segment| s.slots.iter().all(|p| in_range(u64::from(p >> 1) << 8)))
    {
        return Err("posting out of range".into());
    }
    let mut index = MarkingIndex {
        facets: FacetTable::from_parts(strings, combos),
        slots,
        alive,
        text,
        by_doc: Default::default(),
        segments,
        tail,
        generation,
    };
    for s in 0..index.slots.len() as u32 {
        if index.is_alive(s) {
            index.by_doc.insert(index.slots[s as usize].doc, s);
        }
    }
    Ok(index)
}
