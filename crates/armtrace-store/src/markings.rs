//! How the weapons projection keeps a weapon's markings (the `markings` column): a JSON
//! array, one element a marking, in the weapon's order.
//!
//! - `0` stands for the manufacture marking the row's own description implies: its serial
//!   as read, on the frame, with its country and year of manufacture
//!   ([`WeaponDescription::manufacture_marking`], PoA II.7, `002_a5a242391c6e9d2d.txt`).
//!   Almost every weapon carries it, and it repeats three columns of the same row.
//! - `[kind, place, text, country, year]` is any other marking, `country` and `year` null
//!   where the marking has none.
//! - `{"kind": …, "place": …, "text": …, "country": …, "year": …}` is the form stores
//!   written before this one keep; it is still read, so a store needs no migration.
//!
//! A million weapons then keep 34 bytes of markings each on average instead of 138, and a bulk
//! load writes (and its index builds read) that much less (docs/benchmarks.md). This is a
//! storage form only: the projection row, the ledger, exports and the API carry
//! [`Marking`]s as before, and `armtrace verify` compares the decoded markings with the
//! ones it derives from the ledger.

use crate::StoreError;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{CountryCode, Marking, WeaponDescription};
use armtrace_domain::{MarkingKind, MarkingPlace};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The stored form of a weapon's markings, `d` being the description the same row keeps.
pub(crate) fn encode(d: &WeaponDescription, markings: &[Marking]) -> String {
    // The same marking `decode` gives back for `0`, so the two can never disagree.
    let implied = d.manufacture_marking();
    let mut out = String::with_capacity(2 + markings.len() * 48);
    out.push('[');
    for (i, m) in markings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if implied.as_ref() == Some(m) {
            out.push('0');
        } else {
            let compact = (
                m.kind.name(),
                m.place.name(),
                &m.text,
                m.country.as_ref().map(CountryCode::as_str),
                m.year,
            );
            // A tuple of strings, an optional string and an optional number always
            // serialises.
            out.push_str(&serde_json::to_string(&compact).unwrap_or_default());
        }
    }
    out.push(']');
    out
}

/// A weapon's markings from their stored form, `d` being the description the same row
/// keeps, or why they cannot be read.
pub(crate) fn decode(d: &WeaponDescription, stored: &str) -> Result<Vec<Marking>, String> {
    let elements: Vec<Stored> = serde_json::from_str(stored).map_err(|e| e.to_string())?;
    elements
        .into_iter()
        .map(|e| match e {
            Stored::Given(m) => Ok(m),
            Stored::Implied => d.manufacture_marking().ok_or_else(|| {
                "0 stands for the manufacture marking of the serial, but the row has no serial"
                    .to_string()
            }),
        })
        .collect()
}

/// A row's markings read back from a store; a stored form that cannot be read is damage.
pub(crate) fn read(d: &WeaponDescription, stored: &str) -> Result<Vec<Marking>, StoreError> {
    decode(d, stored).map_err(|e| crate::backend::damaged("markings", stored, e))
}

/// One stored element.
enum Stored {
    Implied,
    Given(Marking),
}

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StoredVisitor)
    }
}

struct StoredVisitor;

impl<'de> Visitor<'de> for StoredVisitor {
    type Value = Stored;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0, a marking as [kind, place, text, country, year], or a marking object")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stored, E> {
        if v == 0 {
            Ok(Stored::Implied)
        } else {
            Err(E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Stored, E> {
        if v == 0 {
            Ok(Stored::Implied)
        } else {
            Err(E::invalid_value(de::Unexpected::Signed(v), &self))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stored, A::Error> {
        let kind: MarkingKind = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let place: MarkingPlace = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let text: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(2, &self))?;
        let country: Option<CountryCode> = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(3, &self))?;
        let year: Option<u16> = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(4, &self))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(6, &self));
        }
        Ok(Stored::Given(Marking {
            kind,
            place,
            text,
            country,
            year,
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Stored, A::Error> {
        Marking::deserialize(de::value::MapAccessDeserializer::new(map)).map(Stored::Given)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use armtrace_domain::Category;
    use proptest::prelude::*;

    fn description(serial: &str, country: Option<&str>, year: Option<u16>) -> WeaponDescription {
        WeaponDescription {
            category: Category::parse("assault_rifle").expect("category"),
            make: "Izhmash".into(),
            model: "AK-74".into(),
            calibre: "5.45x39mm".into(),
            serial: serial.into(),
            country_of_manufacture: country.map(|c| c.parse().expect("country")),
            year_of_manufacture: year,
            markings: Vec::new(),
        }
    }

    fn marking(
        kind: &str,
        place: &str,
        text: &str,
        country: Option<&str>,
        year: Option<u16>,
    ) -> Marking {
        Marking {
            kind: MarkingKind::parse(kind).expect("kind"),
            place: MarkingPlace::parse(place).expect("place"),
            text: text.into(),
            country: country.map(|c| c.parse().expect("country")),
            year,
        }
    }

    #[test]
    fn the_implied_manufacture_marking_is_kept_as_0_and_others_as_arrays() {
        let d = description("АК ۹۹۷۱۲", Some("RU"), Some(1991));
        let markings = vec![
            d.manufacture_marking().expect("serial"),
            marking("import", "frame", "KE 21 \"A\"", Some("KE"), Some(2021)),
            marking("other", "barrel", "proof", None, None),
        ];
        let stored = encode(&d, &markings);
        assert_eq!(
            stored,
            r#"[0,["import","frame","KE 21 \"A\"","KE",2021],["other","barrel","proof",null,null]]"#
        );
        assert_eq!(decode(&d, &stored), Ok(markings));
    }

    #[test]
    fn a_manufacture_marking_that_differs_from_the_description_is_kept_whole() {
        let d = description("123", Some("RU"), Some(1991));
        for m in [
            marking("manufacture", "frame", "124", Some("RU"), Some(1991)),
            marking("manufacture", "barrel", "123", Some("RU"), Some(1991)),
            marking("manufacture", "frame", "123", Some("BY"), Some(1991)),
            marking("manufacture", "frame", "123", Some("RU"), None),
        ] {
            let stored = encode(&d, std::slice::from_ref(&m));
            assert!(stored.starts_with("[["), "{stored}");
            assert_eq!(decode(&d, &stored), Ok(vec![m]));
        }
        assert_eq!(encode(&d, &[]), "[]");
    }

    #[test]
    fn the_form_of_earlier_stores_is_still_read() {
        let d = description("H788640", Some("CZ"), Some(1992));
        let stored = r#"[{"kind":"manufacture","place":"frame","text":"H788640","country":"CZ","year":1992},{"kind":"import","place":"frame","text":"KE-1954"}]"#;
        assert_eq!(
            decode(&d, stored),
            Ok(vec![
                d.manufacture_marking().expect("serial"),
                marking("import", "frame", "KE-1954", None, None),
            ])
        );
    }

    #[test]
    fn damaged_forms_say_what_is_wrong() {
        let d = description("", None, None);
        for stored in [
            "[0]",
            "[1]",
            "[[\"import\",\"frame\"]]",
            "[[\"import\",\"frame\",\"x\",null,null,7]]",
            "[[\"stamp\",\"frame\",\"x\",null,null]]",
            "[[\"import\",\"frame\",\"x\",\"XX\",null]]",
            "[\"x\"]",
            "{}",
            "",
        ] {
            assert!(decode(&d, stored).is_err(), "{stored}");
        }
    }

    proptest! {
        #[test]
        fn any_markings_come_back_as_they_went_in(
            serial in "\\PC{0,12}",
            texts in proptest::collection::vec(("\\PC{0,12}", 0usize..6, 0usize..4, any::<bool>(), proptest::option::of(1800u16..2100)), 0..4),
            implied_first in any::<bool>(),
        ) {
            let d = description(&serial, Some("RU"), Some(1991));
            let kinds = ["manufacture", "import", "state_transfer", "alternative_code", "remarking", "other"];
            let places = ["frame", "barrel", "slide", "other"];
            let mut markings: Vec<Marking> = texts
                .iter()
                .map(|(t, k, p, c, y)| marking(kinds[*k], places[*p], t, c.then_some("RU"), *y))
                .collect();
            if implied_first && let Some(m) = d.manufacture_marking() {
                markings.insert(0, m);
            }
            prop_assert_eq!(decode(&d, &encode(&d, &markings)), Ok(markings));
        }

        #[test]
        fn no_stored_text_makes_reading_panic(stored in "\\PC{0,80}") {
            let _ = decode(&description("1", None, None), &stored);
        }
    }
}
