//! Closed vocabularies: the machine names that CSV files, the API and the database use
//! for enumerations, with one error type for a value outside them.

use std::fmt;

/// A value that is not in a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {what}; expected one of: {expected}")]
pub struct UnknownValue {
    /// What kind of value was expected, e.g. "category".
    pub what: &'static str,
    /// The value that was given.
    pub value: String,
    /// The accepted values, comma-separated.
    pub expected: String,
}

/// An enumeration with stable snake_case machine names.
pub trait Vocabulary: Sized + Copy + 'static {
    /// What a value of this vocabulary is called in messages.
    const WHAT: &'static str;
    /// Every value, in documentation order.
    const ALL: &'static [Self];
    /// The stable machine name.
    fn name(self) -> &'static str;

    /// Parses a machine name (exact, after trimming; ASCII case-insensitive).
    fn parse(value: &str) -> Result<Self, UnknownValue> {
        let v = value.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|x| x.name().eq_ignore_ascii_case(v))
            .ok_or_else(|| UnknownValue {
                what: Self::WHAT,
                value: value.to_string(),
                expected: Self::ALL
                    .iter()
                    .map(|x| x.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// Declares a vocabulary enum with serde, Display and [`Vocabulary`] from one table.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }
        impl $crate::vocab::Vocabulary for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[ $( Self::$variant ),+ ];
            fn name(self) -> &'static str {
                match self { $( Self::$variant => $text ),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::vocab::Vocabulary::name(*self))
            }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::vocab::Vocabulary>::parse(s)
            }
        }
    };
}
pub(crate) use vocabulary;

/// Writes a list of vocabulary names (used in help texts).
pub fn names<V: Vocabulary>() -> impl fmt::Display {
    V::ALL
        .iter()
        .map(|v| v.name())
        .collect::<Vec<_>>()
        .join(", ")
}
