//! The three CSV formats (`docs/import-format.md`) and their conversion to domain records.
//! These are wire types: the domain never sees a CSV row.

use crate::columns::{Columns, Format};
use crate::marking_cell;
use armtrace_domain::event::CorrectionOf;
use armtrace_domain::ids::content_uuid;
use armtrace_domain::ledger::Registration;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    Category, CountryCode, DestructionMethod, DocumentKind, DocumentRef, EventId, EventKind,
    Holder, HolderId, HolderKind, Marking, MarkingKind, MarkingPlace, Occurred, Status,
    WeaponDescription, WeaponEvent, WeaponId,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::str::FromStr;

/// The holders file.
pub const HOLDERS: Format = Format {
    name: "holders",
    required: &["code", "kind", "name"],
    optional: &["parent", "country", "licence", "id"],
};

/// The weapons file.
pub const WEAPONS: Format = Format {
    name: "weapons",
    required: &[
        "category",
        "make",
        "model",
        "calibre",
        "serial",
        "country_of_manufacture",
        "year_of_manufacture",
        "import_marking",
        "import_country",
        "import_year",
        "holder",
        "status",
    ],
    optional: &["markings", "registered_on", "id"],
};

/// The events file.
pub const EVENTS: Format = Format {
    name: "events",
    required: &["kind", "occurred_at"],
    optional: &[
        "id",
        "weapon_id",
        "make",
        "serial",
        "country_of_manufacture",
        "holder",
        "country",
        "location",
        "document_kind",
        "document_ref",
        "marking",
        "method",
        "corrects",
        "reason",
        "void",
        "notes",
    ],
};

/// One cell that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The column.
    pub column: String,
    /// The value found.
    pub value: String,
    /// The rule.
    pub reason: String,
}

fn problem(column: &str, value: &str, reason: impl ToString) -> CellProblem {
    CellProblem {
        column: column.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// Longest free text (location, notes, reason) accepted.
pub const MAX_TEXT: usize = 2000;

fn text(
    cols: &Columns,
    r: &csv::StringRecord,
    column: &str,
) -> Result<Option<String>, CellProblem> {
    match cols.opt(r, column) {
        Some(v) if v.chars().count() > MAX_TEXT => Err(problem(
            column,
            v,
            format!("longer than {MAX_TEXT} characters"),
        )),
        Some(v) => Ok(Some(v.to_string())),
        None => Ok(None),
    }
}

/// A date written YYYY-MM-DD: what `NaiveDate::parse_from_str(v, "%Y-%m-%d")` accepts,
/// with the format read once instead of for every row.
pub(crate) fn parse_date(v: &str) -> Option<NaiveDate> {
    use chrono::format::{Item, Parsed, StrftimeItems, parse};
    static ITEMS: std::sync::LazyLock<Vec<Item<'static>>> =
        std::sync::LazyLock::new(|| StrftimeItems::new("%Y-%m-%d").collect());
    let mut parsed = Parsed::new();
    parse(&mut parsed, v, ITEMS.iter()).ok()?;
    parsed.to_naive_date().ok()
}

fn parsed<T: FromStr>(
    cols: &Columns,
    r: &csv::StringRecord,
    column: &str,
) -> Result<Option<T>, CellProblem>
where
    T::Err: std::fmt::Display,
{
    cols.opt(r, column)
        .map(|v| v.parse::<T>().map_err(|e| problem(column, v, e)))
        .transpose()
}

fn year(cols: &Columns, r: &csv::StringRecord, column: &str) -> Result<Option<u16>, CellProblem> {
    cols.opt(r, column)
        .map(|v| {
            v.parse::<u16>()
                .ok()
                .filter(|y| *y >= 1000)
                .ok_or_else(|| problem(column, v, "not a four-digit year"))
        })
        .transpose()
}

/// Looks holders up by code.
pub type HolderCodes = HashMap<String, (HolderId, HolderKind)>;

fn holder_ref(
    codes: &HolderCodes,
    cols: &Columns,
    r: &csv::StringRecord,
    column: &str,
) -> Result<Option<HolderId>, CellProblem> {
    match cols.opt(r, column) {
        None => Ok(None),
        Some(code) => codes.get(code).map(|(id, _)| Some(*id)).ok_or_else(|| {
            problem(
                column,
                code,
                "no holder has this code: import the holders file first, or correct the code",
            )
        }),
    }
}

/// Reads a holders row.
pub fn holder(
    cols: &Columns,
    r: &csv::StringRecord,
    codes: &HolderCodes,
) -> Result<Holder, CellProblem> {
    let code = cols.get(r, "code").to_string();
    let id = match cols.opt(r, "id") {
        Some(v) => v.parse::<HolderId>().map_err(|e| problem("id", v, e))?,
        None => HolderId(content_uuid("armtrace/holder", &[&code])),
    };
    let kind = HolderKind::parse(cols.get(r, "kind"))
        .map_err(|e| problem("kind", cols.get(r, "kind"), e))?;
    let h = Holder {
        id,
        code,
        kind,
        name: cols.get(r, "name").to_string(),
        parent: holder_ref(codes, cols, r, "parent")?,
        country: parsed::<CountryCode>(cols, r, "country")?,
        licence: text(cols, r, "licence")?,
    };
    h.validate().map_err(|e| {
        let column = if matches!(e, armtrace_domain::holder::HolderError::BadName) {
            "name"
        } else {
            "code"
        };
        problem(column, cols.get(r, column), e)
    })?;
    Ok(h)
}

/// Reads a weapons row into a registration.
pub fn weapon(
    cols: &Columns,
    r: &csv::StringRecord,
    codes: &HolderCodes,
    today: NaiveDate,
) -> Result<Registration, CellProblem> {
    let category = Category::parse(cols.get(r, "category"))
        .map_err(|e| problem("category", cols.get(r, "category"), e))?;
    let mut markings: Vec<Marking> = Vec::new();
    if let Some(text) = cols.opt(r, "import_marking") {
        markings.push(Marking {
            kind: MarkingKind::Import,
            place: MarkingPlace::Frame,
            text: text.to_string(),
            country: parsed(cols, r, "import_country")?,
            year: year(cols, r, "import_year")?,
        });
    } else if let Some(c) = cols.opt(r, "import_country").or(cols.opt(r, "import_year")) {
        return Err(problem(
            "import_marking",
            "",
            format!(
                "empty, but an import country or year ('{c}') is given: write the import marking as read"
            ),
        ));
    }
    markings.extend(
        marking_cell::parse(cols.get(r, "markings"))
            .map_err(|e| problem("markings", cols.get(r, "markings"), e))?,
    );
    let description = WeaponDescription {
        category,
        make: cols.get(r, "make").to_string(),
        model: cols.get(r, "model").to_string(),
        calibre: cols.get(r, "calibre").to_string(),
        serial: cols.get(r, "serial").to_string(),
        country_of_manufacture: parsed(cols, r, "country_of_manufacture")?,
        year_of_manufacture: year(cols, r, "year_of_manufacture")?,
        markings,
    };
    let current_year = u16::try_from(chrono::Datelike::year(&today)).unwrap_or(u16::MAX);
    description.validate(current_year).map_err(|e| {
        use armtrace_domain::weapon::DescriptionError as D;
        let column = match &e {
            D::Empty { field } | D::TooLong { field, .. } | D::Year { field, .. } => *field,
        };
        let column = match column {
            "marking" | "marking year" => "markings",
            c => c,
        };
        problem(column, cols.get(r, column), e)
    })?;
    let weapon = match cols.opt(r, "id") {
        Some(v) => v.parse::<WeaponId>().map_err(|e| problem("id", v, e))?,
        None => WeaponId::new(),
    };
    let registered_on = match cols.opt(r, "registered_on") {
        Some(v) => {
            parse_date(v).ok_or_else(|| problem("registered_on", v, "not a date (YYYY-MM-DD)"))?
        }
        None => today,
    };
    if registered_on > today {
        return Err(problem(
            "registered_on",
            cols.get(r, "registered_on"),
            "is in the future",
        ));
    }
    Ok(Registration {
        id: registration_id(weapon),
        weapon,
        description,
        status: cols
            .opt(r, "status")
            .map(|s| Status::parse(s).map_err(|e| problem("status", s, e)))
            .transpose()?,
        holder: holder_ref(codes, cols, r, "holder")?,
        registered_on,
    })
}

/// The id of a weapon's registration record, derived from the weapon id so that exports
/// re-import to the same records.
pub fn registration_id(weapon: WeaponId) -> EventId {
    EventId(content_uuid(
        "armtrace/registration",
        &[&weapon.to_string()],
    ))
}

/// How an events row names its weapon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeaponRef {
    /// By id.
    Id(WeaponId),
    /// By natural key (make, serial, country), already folded.
    Key(String),
}

/// Reads how an events row names its weapon.
pub fn weapon_ref(cols: &Columns, r: &csv::StringRecord) -> Result<WeaponRef, CellProblem> {
    if let Some(v) = cols.opt(r, "weapon_id") {
        return v
            .parse::<WeaponId>()
            .map(WeaponRef::Id)
            .map_err(|e| problem("weapon_id", v, e));
    }
    let serial = cols.get(r, "serial");
    if cols.opt(r, "make").is_none() || serial.is_empty() {
        return Err(problem(
            "weapon_id",
            "",
            "name the weapon: give weapon_id, or make, serial and country_of_manufacture",
        ));
    }
    let country = parsed::<CountryCode>(cols, r, "country_of_manufacture")?;
    let d = WeaponDescription {
        category: Category::SmallArmOther,
        make: cols.get(r, "make").to_string(),
        model: String::new(),
        calibre: String::new(),
        serial: serial.to_string(),
        country_of_manufacture: country,
        year_of_manufacture: None,
        markings: Vec::new(),
    };
    armtrace_domain::natural_key::natural_key(&d)
        .map(WeaponRef::Key)
        .ok_or_else(|| {
            problem(
                "serial",
                serial,
                "a serial must hold at least one letter or digit",
            )
        })
}

/// Reads an events row for the given weapon.
pub fn event(
    cols: &Columns,
    r: &csv::StringRecord,
    weapon: WeaponId,
    codes: &HolderCodes,
) -> Result<WeaponEvent, CellProblem> {
    let kind = EventKind::parse(cols.get(r, "kind"))
        .map_err(|e| problem("kind", cols.get(r, "kind"), e))?;
    let occurred: Occurred = cols
        .get(r, "occurred_at")
        .parse()
        .map_err(|e| problem("occurred_at", cols.get(r, "occurred_at"), e))?;
    if occurred.instant() > chrono::Utc::now() + chrono::Duration::days(1) {
        return Err(problem(
            "occurred_at",
            cols.get(r, "occurred_at"),
            "is in the future",
        ));
    }
    let document = match (cols.opt(r, "document_kind"), cols.opt(r, "document_ref")) {
        (None, None) => None,
        (Some(k), Some(reference)) => Some(DocumentRef {
            kind: DocumentKind::parse(k).map_err(|e| problem("document_kind", k, e))?,
            reference: reference.to_string(),
        }),
        (Some(k), None) => {
            return Err(problem(
                "document_ref",
                "",
                format!("a '{k}' document needs its number in document_ref"),
            ));
        }
        (None, Some(d)) => {
            return Err(problem(
                "document_kind",
                "",
                format!("say what kind of document '{d}' is in document_kind"),
            ));
        }
    };
    let correction = if kind == EventKind::Correction {
        let corrects = cols.get(r, "corrects");
        let corrects = corrects.parse::<EventId>().map_err(|_| {
            problem(
                "corrects",
                corrects,
                "a correction needs the id of the event it corrects",
            )
        })?;
        let reason = text(cols, r, "reason")?
            .ok_or_else(|| problem("reason", "", "a correction must say why it is made"))?;
        let void = match cols.get(r, "void").to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            other => return Err(problem("void", other, "write true or false")),
        };
        Some(CorrectionOf {
            corrects,
            reason,
            void,
            description: None,
        })
    } else {
        for c in ["corrects", "reason", "void"] {
            if let Some(v) = cols.opt(r, c) {
                return Err(problem(c, v, "only a correction has this column"));
            }
        }
        None
    };
    let marking = marking_cell::parse_single(cols.get(r, "marking"))
        .map_err(|e| problem("marking", cols.get(r, "marking"), e))?;
    let mut e = WeaponEvent {
        id: EventId::new(),
        weapon,
        kind,
        occurred,
        holder: holder_ref(codes, cols, r, "holder")?,
        country: parsed(cols, r, "country")?,
        location: text(cols, r, "location")?,
        document,
        marking,
        method: cols
            .opt(r, "method")
            .map(|m| DestructionMethod::parse(m).map_err(|e| problem("method", m, e)))
            .transpose()?,
        notes: text(cols, r, "notes")?,
        correction,
    };
    if let Err(err) = armtrace_domain::state::check_event_fields(&e) {
        let column = match err {
            armtrace_domain::state::HistoryError::Missing {
                field: "a holder", ..
            } => "holder",
            armtrace_domain::state::HistoryError::Missing {
                field: "a destination country",
                ..
            } => "country",
            armtrace_domain::state::HistoryError::Missing {
                field: "a marking", ..
            } => "marking",
            armtrace_domain::state::HistoryError::NoReason { .. } => "reason",
            _ => "kind",
        };
        return Err(problem(column, cols.get(r, column), err));
    }
    e.id = match cols.opt(r, "id") {
        Some(v) => v.parse::<EventId>().map_err(|x| problem("id", v, x))?,
        None => {
            // The same row always gets the same id: re-importing adds nothing.
            let cells: Vec<&str> = r.iter().collect();
            let mut parts = vec![weapon.to_string()];
            parts.extend(cells.iter().map(|c| c.trim().to_string()));
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            EventId(content_uuid("armtrace/event", &refs))
        }
    };
    Ok(e)
}

/// Reads one event given as `(column, value)` pairs of the events format — as typed on a
/// command line or in a form — with exactly the checks and messages of the importer.
pub fn event_from_fields(
    fields: &[(&str, &str)],
    weapon: WeaponId,
    codes: &HolderCodes,
) -> Result<WeaponEvent, CellProblem> {
    let header: csv::StringRecord = fields.iter().map(|(c, _)| *c).collect();
    let record: csv::StringRecord = fields.iter().map(|(_, v)| *v).collect();
    let cols = Columns::new(&EVENTS, &header).map_err(|e| problem("-", "", e))?;
    event(&cols, &record, weapon, codes)
}

/// Reads one weapon given as `(column, value)` pairs of the weapons format — as typed in
/// a form or sent to the API — with exactly the checks and messages of the importer.
/// Columns of the format that are not given are empty.
pub fn weapon_from_fields(
    fields: &[(&str, &str)],
    codes: &HolderCodes,
    today: NaiveDate,
) -> Result<Registration, CellProblem> {
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    for c in WEAPONS.required {
        if !all.iter().any(|(name, _)| name == c) {
            all.push((c, ""));
        }
    }
    let header: csv::StringRecord = all.iter().map(|(c, _)| *c).collect();
    let record: csv::StringRecord = all.iter().map(|(_, v)| *v).collect();
    let cols = Columns::new(&WEAPONS, &header).map_err(|e| problem("-", "", e))?;
    weapon(&cols, &record, codes, today)
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn dates_are_read_as_written() {
        assert_eq!(
            parse_date("2004-09-24"),
            NaiveDate::from_ymd_opt(2004, 9, 24)
        );
        assert_eq!(parse_date("2004-02-30"), None);
        assert_eq!(parse_date("24/09/2004"), None);
        assert_eq!(parse_date(""), None);
    }

    proptest! {
        /// The format read once accepts and refuses exactly what chrono's own
        /// `parse_from_str` does.
        #[test]
        fn parse_date_agrees_with_parse_from_str(s in "[0-9 +-]{0,12}|\\PC{0,12}") {
            prop_assert_eq!(parse_date(&s), NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        }
    }
}
