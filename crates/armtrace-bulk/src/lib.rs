//! armtrace bulk formats: CSV import of holders, weapons and event histories with a
//! rejected-row report; export of everything as CSV and as a full-fidelity JSON Lines
//! ledger; replay of such a ledger into an empty store (migration, restore).
//!
//! Invariant: a row is either stored whole or reported in the rejected-row report with its
//! row, column, value and the rule it breaks; a batch is written in one transaction; the
//! same file imported twice adds nothing the second time. The CSV and JSON Lines types
//! here are wire types, converted by hand to and from the domain's.
#![deny(missing_docs)]

pub mod columns;
pub mod export;
pub mod import;
pub mod ledger_file;
mod lines;
pub mod marking_cell;
pub mod rows;

pub use export::{ExportReport, export_dir};
pub use import::{FileKind, ImportError, ImportOptions, ImportReport, RejectedRow, import_file};
