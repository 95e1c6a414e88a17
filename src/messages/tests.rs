use std::path::PathBuf;

use super::*;

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Compares `actual` with the checked-in file, or rewrites it when `var` is set.
fn compare_or_update(rel: &str, actual: &str, var: &str) {
    let path = repo_file(rel);
    if std::env::var_os(var).is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{rel} is out of date (first difference at line {}); run `{var}=1 cargo test` to rewrite it\n  checked in: {:?}\n  now:        {:?}",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}

#[test]
fn every_kind_has_one_sample_in_catalogue_order() {
    let kinds: Vec<&str> = samples().iter().map(|d| d.msg.kind()).collect();
    assert_eq!(kinds, KINDS);
}

#[test]
fn every_kind_has_a_guide_entry() {
    let mut titles = std::collections::HashSet::new();
    for d in samples() {
        let g = d.msg.guide();
        assert!(!g.title.trim().is_empty(), "{}", d.msg.kind());
        assert!(!g.fix.trim().is_empty(), "{}", d.msg.kind());
        assert!(titles.insert(g.title), "title used twice: {}", g.title);
    }
}

#[test]
fn kinds_are_stable_kebab_ids() {
    let mut seen = std::collections::HashSet::new();
    for k in KINDS {
        assert!(
            k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{k}"
        );
        assert!(seen.insert(k), "{k} twice");
    }
}

fn snapshot(lang: Lang) -> String {
    let mut out = String::new();
    for d in samples() {
        out.push_str(&format!("[{}]\n{}\n\n", d.msg.kind(), d.render(lang)));
    }
    for s in Status::samples() {
        out.push_str(&format!("[status]\n{}\n\n", s.text(lang)));
    }
    out
}

#[test]
fn catalogue_snapshot_zh() {
    compare_or_update(
        "tests/snapshots/messages.zh.txt",
        &snapshot(Lang::Zh),
        "JIESHUI_UPDATE_SNAPSHOTS",
    );
}

#[test]
fn catalogue_snapshot_en() {
    compare_or_update(
        "tests/snapshots/messages.en.txt",
        &snapshot(Lang::En),
        "JIESHUI_UPDATE_SNAPSHOTS",
    );
}

#[test]
fn errors_page_is_generated_from_the_catalogue() {
    compare_or_update(
        "docs/content/errors.md",
        &errors_page::render(),
        "JIESHUI_UPDATE_DOCS",
    );
}

#[test]
fn chinese_text_is_chinese() {
    for d in samples() {
        let text = d.msg.text(Lang::Zh);
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {text}",
            d.msg.kind()
        );
    }
}

#[test]
fn language_is_chosen_flag_then_env_then_site() {
    assert_eq!(Lang::resolve(Some(Lang::En), Some("zh-CN")), Lang::En);
    assert_eq!(Lang::resolve(None, Some("en-US")), Lang::En);
    assert_eq!(Lang::resolve(None, Some("zh-Hans")), Lang::Zh);
    assert_eq!(Lang::resolve(None, Some("fr")), Lang::Zh);
    assert_eq!(Lang::resolve(None, None), Lang::Zh);
    assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
}
