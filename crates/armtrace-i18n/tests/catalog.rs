//! Every message exists in every language, with the same variables, and every file
//! parses; the formats are valid patterns in every language.

use armtrace_i18n::{Catalog, Lang};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

fn source(lang: Lang) -> String {
    let path = format!("{}/locales/{}.ftl", env!("CARGO_MANIFEST_DIR"), lang.code());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn collect_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                collect_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
        _ => {}
    }
}

/// Message id → the variables it uses.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let text = source(lang);
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("locales/{lang}.ftl does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                collect_vars(p, &mut vars);
            }
            let id = m.id.name.to_string();
            assert!(
                out.insert(id.clone(), vars).is_none(),
                "locales/{lang}.ftl: message {id} appears twice"
            );
        }
    }
    out
}

#[test]
fn every_message_is_in_every_language_with_the_same_variables() {
    let english = messages(Lang::En);
    assert!(english.len() > 300, "{} messages", english.len());
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let other = messages(lang);
        for (id, vars) in &english {
            match other.get(id) {
                None => problems.push(format!("{lang}: missing {id}")),
                Some(v) if v != vars => {
                    problems.push(format!("{lang}: {id} uses {v:?}, English {vars:?}"))
                }
                _ => {}
            }
        }
        for id in other.keys() {
            if !english.contains_key(id) {
                problems.push(format!("{lang}: {id} is not in English"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_file_loads_into_a_bundle() {
    Catalog::load().expect("all six files load");
}

#[test]
fn dates_and_numbers_are_written_per_language() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
    assert_eq!(armtrace_i18n::date(Lang::En, day), "2 December 2026");
    for lang in Lang::ALL {
        let d = armtrace_i18n::date(lang, day);
        assert!(d.contains("2026"), "{lang}: {d}");
        assert!(!d.contains('%'), "{lang}: {d}");
        let m = armtrace_i18n::month(lang, "2026-12");
        assert!(!m.contains('%') && !m.is_empty(), "{lang}: {m}");
    }
    assert_eq!(armtrace_i18n::number(Lang::En, 30_000), "30,000");
    assert_ne!(
        armtrace_i18n::number(Lang::Fr, 30_000),
        "30,000",
        "French does not group with commas"
    );
}

#[test]
fn accept_language_is_negotiated() {
    assert_eq!(
        armtrace_i18n::negotiate("fr-CH, fr;q=0.9, en;q=0.8"),
        Lang::Fr
    );
    assert_eq!(armtrace_i18n::negotiate("ar-EG,ar;q=0.9"), Lang::Ar);
    assert_eq!(armtrace_i18n::negotiate("zh-CN"), Lang::Zh);
    assert_eq!(armtrace_i18n::negotiate("de-DE, es;q=0.5"), Lang::Es);
    assert_eq!(armtrace_i18n::negotiate("de-DE"), Lang::En);
    assert_eq!(armtrace_i18n::negotiate(""), Lang::En);
    assert_eq!(armtrace_i18n::negotiate(";;;q=zz,\u{0}"), Lang::En);
    assert_eq!(Lang::Ar.dir(), "rtl");
    assert_eq!(Lang::Fr.dir(), "ltr");
}

#[test]
fn a_message_with_a_plural_chooses_its_form() {
    let one = armtrace_i18n::t(
        Lang::En,
        "search-results",
        &[("n", armtrace_i18n::Arg::Count(1)), ("query", "X".into())],
    );
    assert!(one.starts_with("One weapon"), "{one}");
    let many = armtrace_i18n::t(
        Lang::En,
        "search-results",
        &[("n", armtrace_i18n::Arg::Count(3)), ("query", "X".into())],
    );
    assert!(many.starts_with("3 weapons"), "{many}");
}
