//! Marking search for armtrace: find a weapon from a worn, misread or partly filed-off
//! marking.
//!
//! - [`normalize`]: NFKC, Unicode digits to ASCII, case folding, separators removed, and
//!   a confusable skeleton across Latin, Cyrillic and Greek (UTS #39).
//! - [`confusion`]: the weighted table of stamping and reading confusions (`0`/`O`,
//!   `1`/`I`, `5`/`S`, `8`/`B` …).
//! - [`parse_query`]: the query language: `?`, `*`, `~1`/`~2`, filters.
//! - [`MarkingIndex`]: fst segments kept in step with the store by [`MarkingIndex::upsert`]
//!   and [`MarkingIndex::remove`], saved and loaded without a rebuild.
//!
//! The design, the score and the query language are documented in `docs/search.md`.
//!
//! ```
//! use armtrace_search::{parse_query, MarkingIndex, WeaponFacets, Tier};
//!
//! let mut index = MarkingIndex::new();
//! let facets = WeaponFacets { make: "Izhmash".into(), model: "AK-74".into(), ..Default::default() };
//! index.upsert(7, facets, &["КО 1234", "IMP-BE-1999"]).unwrap();
//!
//! // Latin K and O for Cyrillic К and О, a zero for the O.
//! let hits = index.search(&parse_query("k0-1234").unwrap(), 10, 0);
//! assert_eq!(hits[0].doc, 7);
//! assert_eq!(hits[0].tier, Tier::Confusion);
//! assert_eq!(hits[0].why.last().unwrap().to_string(), "О read as 0 at position 2 (confusion weight 4)");
//!
//! // The head is filed off, one character is unreadable; filters run in the index.
//! let hits = index.search(&parse_query("make:izhmash *12?4").unwrap(), 10, 0);
//! assert_eq!(hits[0].doc, 7);
//! ```
#![deny(missing_docs)]

mod align;
pub mod confusion;
mod facets;
mod hit;
mod index;
mod nfa;
pub mod normalize;
mod persist;
mod query;

pub use facets::WeaponFacets;
pub use hit::{DocId, Hit, Normalisations, Reason, Tier};
pub use index::{IndexError, MAX_MARKINGS_PER_WEAPON, MarkingIndex, TAIL_LIMIT};
pub use persist::{FORMAT_VERSION, PersistError};
pub use query::{
    EditBudget, Filters, MAX_EDIT_BUDGET, MAX_READING_CHARS, Query, QueryError, Token, parse_query,
};
