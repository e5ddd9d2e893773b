//! Every text exists in every language: `leptos_i18n` only warns when a language lacks a
//! key (the page then shows the English text), so this fails instead.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LANGUAGES: [&str; 2] = ["en", "es"];
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn read(language: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(format!("{language}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// `devices` for `devices_one`: a plural's forms are one text to the code, and languages
/// have different sets of forms.
fn plural_base(name: &str) -> Option<&str> {
    PLURAL_FORMS
        .iter()
        .find_map(|form| name.strip_suffix(form)?.strip_suffix('_'))
}

/// Every text of a language by dotted key, a plural's forms together.
fn texts(value: &Value, prefix: &str, language: &str, out: &mut BTreeMap<String, Vec<String>>) {
    let Value::Object(map) = value else {
        panic!("{language}: {prefix} must hold texts");
    };
    for (name, inner) in map {
        let base = plural_base(name);
        if base.is_some_and(|b| !map.contains_key(&format!("{b}_other"))) {
            panic!("{language}: {prefix}.{name} is a plural without its `_other` form");
        }
        let name = base.unwrap_or(name);
        let key = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        match inner {
            Value::String(text) => {
                assert!(!text.trim().is_empty(), "{language}: {key} is empty");
                out.entry(key).or_default().push(text.clone());
            }
            Value::Object(_) => texts(inner, &key, language, out),
            other => panic!("{language}: {key} must be a text, not {other}"),
        }
    }
}

fn all_texts(language: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    texts(&read(language), "", language, &mut out);
    out
}

/// The `{{ name }}` values a text shows.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

#[test]
fn every_language_has_every_text() {
    let english = all_texts("en");
    assert!(english.len() > 10, "English has almost no texts");
    for language in &LANGUAGES[1..] {
        let theirs = all_texts(language);
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .collect();
        let extra: Vec<_> = theirs
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language} lacks {missing:?}, and has {extra:?} that English lacks"
        );
    }
}

#[test]
fn every_language_shows_the_same_values() {
    let english = all_texts("en");
    for language in &LANGUAGES[1..] {
        for (key, texts) in all_texts(language) {
            let Some(english_texts) = english.get(&key) else {
                continue;
            };
            let expected: BTreeSet<_> =
                english_texts.iter().flat_map(|t| placeholders(t)).collect();
            for text in texts {
                let found = placeholders(&text);
                // A plural's singular may spell its number out ("un minuto").
                assert!(
                    found.is_subset(&expected) && expected.difference(&found).all(|n| n == "count"),
                    "{language}: {key} shows {found:?}, English {expected:?}"
                );
            }
        }
    }
}

#[test]
fn the_check_finds_a_missing_text() {
    let mut english = BTreeMap::new();
    texts(
        &serde_json::json!({"a": {"b": "x", "n_one": "1", "n_other": "{{ count }}"}}),
        "",
        "en",
        &mut english,
    );
    assert_eq!(
        english.keys().collect::<Vec<_>>(),
        ["a.b", "a.n"],
        "a plural's forms are one text"
    );
    assert_eq!(placeholders("in {{ wait }} or {{count}}").len(), 2);
}
