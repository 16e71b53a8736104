//! armtrace's words in the six official languages of the United Nations — Arabic,
//! Chinese, English, French, Russian and Spanish — through Fluent (Project Fluent's
//! `fluent-bundle`), with the language chosen per user or negotiated from a browser's
//! `Accept-Language` (`fluent-langneg`), and dates and numbers written as each language
//! writes them (month names from CLDR/glibc locale data through chrono, digit grouping
//! from CLDR through `num-format`).
//!
//! Invariants:
//! - every message id exists in every language, with the same variables (tested in
//!   `tests/catalog.rs`); a missing message shows the English text, never an id;
//! - the message files are compiled into the binary (`locales/*.ftl`): nothing is read
//!   at run time;
//! - Arabic is written right to left ([`Lang::dir`]); its placeables are wrapped in
//!   Unicode isolation marks so that Latin serials and numbers keep their order.
#![deny(missing_docs)]

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// One of the six languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// العربية
    Ar,
    /// 中文
    Zh,
    /// English
    En,
    /// Français
    Fr,
    /// Русский
    Ru,
    /// Español
    Es,
}

impl Lang {
    /// The six, in the order of the UN's own language menus.
    pub const ALL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    /// The BCP 47 tag (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// The language's own name for itself, for a language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ar => "العربية",
            Lang::Zh => "中文",
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ru => "Русский",
            Lang::Es => "Español",
        }
    }

    /// Text direction: `rtl` for Arabic, `ltr` for the others.
    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    /// Reads a tag (`fr`, `fr-CA`, `zh-Hans-CN`…): the language subtag decides.
    pub fn parse(tag: &str) -> Option<Lang> {
        let id: LanguageIdentifier = tag.trim().parse().ok()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == id.language.as_str())
    }

    fn langid(self) -> LanguageIdentifier {
        // The six codes are valid tags.
        self.code().parse().unwrap_or_default()
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Ar => include_str!("../locales/ar.ftl"),
            Lang::Zh => include_str!("../locales/zh.ftl"),
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Fr => include_str!("../locales/fr.ftl"),
            Lang::Ru => include_str!("../locales/ru.ftl"),
            Lang::Es => include_str!("../locales/es.ftl"),
        }
    }

    fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::Ar => chrono::Locale::ar_EG,
            Lang::Zh => chrono::Locale::zh_CN,
            Lang::En => chrono::Locale::en_GB,
            Lang::Fr => chrono::Locale::fr_FR,
            Lang::Ru => chrono::Locale::ru_RU,
            Lang::Es => chrono::Locale::es_ES,
        }
    }

    fn number_locale(self) -> &'static num_format::Locale {
        match self {
            Lang::Ar => &num_format::Locale::ar,
            Lang::Zh => &num_format::Locale::zh,
            Lang::En => &num_format::Locale::en,
            Lang::Fr => &num_format::Locale::fr,
            Lang::Ru => &num_format::Locale::ru,
            Lang::Es => &num_format::Locale::es,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The language for a browser's `Accept-Language` header (RFC 9110 §12.5.4), by
/// Fluent's negotiation; English when nothing matches.
pub fn negotiate(accept_language: &str) -> Lang {
    let requested = fluent_langneg::parse_accepted_languages(accept_language);
    let available: Vec<LanguageIdentifier> = Lang::ALL.iter().map(|l| l.langid()).collect();
    let default = Lang::En.langid();
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .and_then(|id| Lang::parse(&id.to_string()))
        .unwrap_or(Lang::En)
}

/// A message file that does not parse, or repeats a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("locales/{lang}.ftl: {problems}")]
pub struct CatalogError {
    /// The language whose file is at fault.
    pub lang: Lang,
    /// What is wrong.
    pub problems: String,
}

/// The compiled message bundles of all six languages.
pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

impl Catalog {
    /// Parses the six message files.
    pub fn load() -> Result<Catalog, CatalogError> {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            let error = |problems: String| CatalogError { lang, problems };
            let resource = FluentResource::try_new(lang.source().to_string())
                .map_err(|(_, errors)| error(format!("{errors:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            bundle.set_use_isolating(lang == Lang::Ar);
            bundle
                .add_resource(resource)
                .map_err(|errors| error(format!("{errors:?}")))?;
            bundles.push((lang, bundle));
        }
        Ok(Catalog { bundles })
    }

    /// The catalog compiled into this binary (parsed once).
    pub fn global() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The files are compiled in and checked by the tests: a failure here is a
            // build that was never tested. Fall back to whatever parses.
            Catalog::load().unwrap_or_else(|_| Catalog {
                bundles: Vec::new(),
            })
        })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// Whether `lang` has message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang)
            .and_then(|b| b.get_message(id))
            .and_then(|m| m.value())
            .is_some()
    }

    /// The message ids of a language's file, in file order.
    pub fn ids(lang: Lang) -> Vec<String> {
        let Ok(resource) = FluentResource::try_new(lang.source().to_string()) else {
            return Vec::new();
        };
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    /// Message `id` in `lang` with `args`; the English text when `lang` lacks it; the id
    /// itself only when English lacks it too (a bug the tests catch).
    pub fn message(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
        for l in [lang, Lang::En] {
            if let Some(text) = self.format(l, id, args) {
                return text;
            }
        }
        id.to_string()
    }

    fn format(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<String> {
        let bundle = self.bundle(lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let v = match value {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, v);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

/// A value given to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text, shown as it is.
    Text(String),
    /// A number that chooses a plural form (`{ $n -> [one] … *[other] … }`).
    Count(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

/// `n` with the language's digit grouping (`30,000`, `30 000`, `30.000`…).
pub fn number(lang: Lang, n: u64) -> String {
    use num_format::ToFormattedString;
    n.to_formatted_string(lang.number_locale())
}

/// A calendar day as the language writes it, with the pattern of message `date-format`
/// (`2 December 2026`, `2 décembre 2026`, `2026年12月2日`…).
pub fn date(lang: Lang, day: chrono::NaiveDate) -> String {
    let pattern = Catalog::global().message(lang, "date-format", &[]);
    format_with(&pattern, |p| {
        day.format_localized(p, lang.chrono_locale()).to_string()
    })
}

/// A moment in UTC as the language writes it, with the pattern of `date-time-format`.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let pattern = Catalog::global().message(lang, "date-time-format", &[]);
    format_with(&pattern, |p| {
        at.format_localized(p, lang.chrono_locale()).to_string()
    })
}

/// A month (`YYYY-MM`) as the language writes it short (`Dec 2026`…), with the pattern of
/// `month-format`; the text as given when it is not a month.
pub fn month(lang: Lang, year_month: &str) -> String {
    let Ok(day) = chrono::NaiveDate::parse_from_str(&format!("{year_month}-01"), "%Y-%m-%d") else {
        return year_month.to_string();
    };
    let pattern = Catalog::global().message(lang, "month-format", &[]);
    format_with(&pattern, |p| {
        day.format_localized(p, lang.chrono_locale()).to_string()
    })
}

/// Formats with a translator's pattern, refusing patterns chrono cannot read (so a
/// broken translation shows the ISO form instead of panicking).
fn format_with(pattern: &str, f: impl Fn(&str) -> String) -> String {
    use chrono::format::{Item, StrftimeItems};
    if StrftimeItems::new(pattern).any(|i| matches!(i, Item::Error)) {
        return f("%Y-%m-%d");
    }
    f(pattern)
}

/// Message `id` in `lang`: `t(lang, "nav-search", &[])`, or with arguments
/// `t(lang, "search-hits", &[("n", Arg::Count(3))])`.
pub fn t(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    Catalog::global().message(lang, id, args)
}
