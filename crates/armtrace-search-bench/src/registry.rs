//! A synthetic registry: weapons of the makers of `armtrace-demo`, with their serials in
//! each maker's own style, factory codes and import marks.

use armtrace_demo::serial::{MANUFACTURERS, UniqueSerials, serial};
use armtrace_demo::vocab::STATUSES;
use armtrace_search::WeaponFacets;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One weapon of the registry.
#[derive(Debug, Clone)]
pub struct Weapon {
    /// Index into `MANUFACTURERS`.
    pub maker: u16,
    /// Index into the maker's models.
    pub model: u8,
    /// Year of manufacture.
    pub year: u16,
    /// Index into `STATUSES`.
    pub status: u8,
    /// The serial first, then an alternative code and an import mark for some.
    pub markings: Vec<String>,
}

impl Weapon {
    /// The facets the index keeps.
    pub fn facets(&self) -> WeaponFacets {
        let m = &MANUFACTURERS[usize::from(self.maker)];
        let (model, calibre, category) = m.models[usize::from(self.model)];
        WeaponFacets {
            make: m.make.to_owned(),
            model: model.to_owned(),
            calibre: calibre.to_owned(),
            category: category.to_owned(),
            country: Some(m.country.to_owned()),
            year: Some(self.year),
            status: STATUSES[usize::from(self.status)].to_owned(),
        }
    }

    /// The serial.
    pub fn serial(&self) -> &str {
        &self.markings[0]
    }
}

/// Importing countries used for import marks.
const IMPORTERS: &[&str] = &["BE", "KE", "NG", "CO", "PH", "UA", "ML", "PE", "TZ", "IQ"];

/// Generates `n` weapons deterministically from `seed`. Weapon `i` has store id `i + 1`.
pub fn generate(n: usize, seed: u64) -> Vec<Weapon> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut unique = UniqueSerials::new(seed);
    let total: u64 = MANUFACTURERS.iter().map(|m| u64::from(m.weight)).sum();
    let mut weapons = Vec::with_capacity(n);
    for _ in 0..n {
        let mut r = rng.random_range(0..total);
        let mut maker = 0;
        for (i, m) in MANUFACTURERS.iter().enumerate() {
            if r < u64::from(m.weight) {
                maker = i;
                break;
            }
            r -= u64::from(m.weight);
        }
        let m = &MANUFACTURERS[maker];
        let model = rng.random_range(0..m.models.len());
        let (first, last) = m.model_years.get(model).copied().unwrap_or(m.years);
        let year = rng.random_range(first..=last.max(first));
        let serial = unique
            .next(&mut rng, maker, year)
            .unwrap_or_else(|| serial(&mut rng, m, year));
        let mut markings = vec![serial];
        if !m.factory_codes.is_empty() {
            let code = m.factory_codes[rng.random_range(0..m.factory_codes.len())];
            markings.push(code.to_owned());
        }
        if rng.random_bool(0.25) {
            let importer = IMPORTERS[rng.random_range(0..IMPORTERS.len())];
            let y = (year + rng.random_range(0..15)).min(2025);
            markings.push(format!("{importer} {y}"));
        }
        weapons.push(Weapon {
            maker: maker as u16,
            model: model as u8,
            year,
            status: rng.random_range(0..STATUSES.len()) as u8,
            markings,
        });
    }
    weapons
}
