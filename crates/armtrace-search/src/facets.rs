//! The weapon's record fields that queries filter on, kept interned inside the index so
//! that filters run there.

use std::collections::HashMap;

use crate::normalize::normalize;
use crate::query::Filters;

/// What a filter can ask about a weapon. Strings are as the store has them; they compare
/// after [`normalize`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct WeaponFacets {
    /// Manufacturer.
    pub make: String,
    /// Model.
    pub model: String,
    /// Calibre.
    pub calibre: String,
    /// Category (e.g. a UN Register sub-category).
    pub category: String,
    /// Country of manufacture, ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Year of manufacture.
    pub year: Option<u16>,
    /// Record status (e.g. `registered`, `seized`, `destroyed`).
    pub status: String,
}

const NONE: u32 = u32::MAX;

/// Interned facets of one weapon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Combo {
    pub make: u32,
    pub model: u32,
    pub calibre: u32,
    pub category: u32,
    pub country: u32,
    pub status: u32,
    /// 0 when unknown.
    pub year: u16,
}

/// Interned strings and combinations of facets.
#[derive(Debug, Default, Clone)]
pub(crate) struct FacetTable {
    ids: HashMap<Box<str>, u32>,
    pub strings: Vec<Box<str>>,
    normalized: Vec<Box<str>>,
    combo_ids: HashMap<Combo, u32>,
    pub combos: Vec<Combo>,
}

impl FacetTable {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.normalized.push(normalize(s).into());
        self.ids.insert(s.into(), id);
        id
    }

    /// The id of a weapon's facets, interning what is new.
    pub fn combo(&mut self, f: &WeaponFacets) -> u32 {
        let combo = Combo {
            make: self.intern(&f.make),
            model: self.intern(&f.model),
            calibre: self.intern(&f.calibre),
            category: self.intern(&f.category),
            country: f.country.as_deref().map_or(NONE, |c| self.intern(c)),
            status: self.intern(&f.status),
            year: f.year.unwrap_or(0),
        };
        self.push_combo(combo)
    }

    pub fn push_combo(&mut self, combo: Combo) -> u32 {
        if let Some(&id) = self.combo_ids.get(&combo) {
            return id;
        }
        let id = self.combos.len() as u32;
        self.combos.push(combo);
        self.combo_ids.insert(combo, id);
        id
    }

    /// Rebuilds the lookup maps after loading `strings` and `combos`.
    pub fn from_parts(strings: Vec<Box<str>>, combos: Vec<Combo>) -> FacetTable {
        let normalized = strings.iter().map(|s| normalize(s).into()).collect();
        let ids = strings
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        let combo_ids = combos
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u32))
            .collect();
        FacetTable {
            ids,
            strings,
            normalized,
            combo_ids,
            combos,
        }
    }

    /// The facets of a combination, as given.
    pub fn facets(&self, combo: u32) -> Option<WeaponFacets> {
        let c = self.combos.get(combo as usize)?;
        let s = |id: u32| self.strings.get(id as usize).map(|s| s.to_string());
        Some(WeaponFacets {
            make: s(c.make)?,
            model: s(c.model)?,
            calibre: s(c.calibre)?,
            category: s(c.category)?,
            country: s(c.country),
            year: (c.year != 0).then_some(c.year),
            status: s(c.status)?,
        })
    }

    /// The filter as sets of interned ids; `None` when some filter matches no value at all
    /// (so nothing can match).
    pub fn resolve(&self, f: &Filters) -> Option<FilterSet> {
        let ids = |values: &[String]| -> Option<Option<Vec<u32>>> {
            if values.is_empty() {
                return Some(None);
            }
            let wanted: Vec<String> = values.iter().map(|v| normalize(v)).collect();
            let mut ids: Vec<u32> = self
                .normalized
                .iter()
                .enumerate()
                .filter(|(_, n)| wanted.iter().any(|w| w.as_str() == &***n))
                .map(|(i, _)| i as u32)
                .collect();
            ids.sort_unstable();
            (!ids.is_empty()).then_some(Some(ids))
        };
        Some(FilterSet {
            make: ids(&f.make)?,
            model: ids(&f.model)?,
            calibre: ids(&f.calibre)?,
            category: ids(&f.category)?,
            country: ids(&f.country)?,
            status: ids(&f.status)?,
            year: f.year,
        })
    }
}

/// Filters resolved to interned ids.
#[derive(Debug, Clone)]
pub(crate) struct FilterSet {
    make: Option<Vec<u32>>,
    model: Option<Vec<u32>>,
    calibre: Option<Vec<u32>>,
    category: Option<Vec<u32>>,
    country: Option<Vec<u32>>,
    status: Option<Vec<u32>>,
    year: Option<(u16, u16)>,
}

impl FilterSet {
    /// True when the filters let no weapon out.
    pub fn is_open(&self) -> bool {
        self.make.is_none()
            && self.model.is_none()
            && self.calibre.is_none()
            && self.category.is_none()
            && self.country.is_none()
            && self.status.is_none()
            && self.year.is_none()
    }

    /// True when a weapon with these facets passes.
    pub fn accepts(&self, c: &Combo) -> bool {
        let ok = |set: &Option<Vec<u32>>, id: u32| {
            set.as_ref()
                .is_none_or(|ids| ids.binary_search(&id).is_ok())
        };
        ok(&self.make, c.make)
            && ok(&self.model, c.model)
            && ok(&self.calibre, c.calibre)
            && ok(&self.category, c.category)
            && ok(&self.country, c.country)
            && ok(&self.status, c.status)
            && self
                .year
                .is_none_or(|(from, to)| c.year != 0 && (from..=to).contains(&c.year))
    }
}
