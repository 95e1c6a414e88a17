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

/// Each message says what to do: in a hint, or (a did-you-mean) in the message itself.
#[test]
fn every_message_says_what_to_do() {
    for d in samples() {
        for lang in [Lang::Zh, Lang::En] {
            let told = d.msg.hint(lang).is_some()
                || (lang == Lang::Zh && matches!(d.msg, Msg::UnknownField { .. }));
            assert!(told, "{} has no hint in {lang:?}", d.msg.kind());
        }
    }
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

/// Chinese text uses full-width punctuation: outside code (`…`), examples in braces and URLs, no
/// ASCII comma, semicolon, colon, question mark or parenthesis.
#[test]
fn chinese_uses_full_width_punctuation() {
    let mut bad = Vec::new();
    for d in samples() {
        // Text from a library (an io error, serde_yaml's or Tera's message) is carried as is.
        let carried = match &d.msg {
            Msg::CannotRead { detail }
            | Msg::YamlSyntax { detail }
            | Msg::CsvUnreadable { detail }
            | Msg::ShortcodeFailed { detail, .. }
            | Msg::CannotWrite { detail, .. }
            | Msg::TemplateError { detail, .. }
            | Msg::BadInterface { detail, .. }
            | Msg::CannotListen { detail, .. }
            | Msg::ServerFailed { detail }
            | Msg::WatchFailed { detail }
            | Msg::SheetUnreadable {
                detail: Some(detail),
            } => detail.as_str(),
            Msg::ZipFailed { detail, .. } | Msg::DeployFailed { detail, .. } => detail.as_str(),
            _ => "\u{0}",
        };
        let text = d.msg.text(Lang::Zh).replace(carried, "");
        let hint = d.msg.hint(Lang::Zh).unwrap_or_default();
        for s in [text, hint] {
            let prose = strip_code(&s);
            if prose.contains([',', ';', '?', '(', ')']) || prose.contains(": ") {
                bad.push(format!("{}: {s}", d.msg.kind()));
            }
        }
    }
    for s in Status::samples() {
        let prose = strip_code(&s.text(Lang::Zh));
        if prose.contains([',', ';', '?', '(', ')']) || prose.contains(": ") {
            bad.push(prose);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// `s` without `code`, `{…}` examples, `![…](…)` examples and web addresses.
fn strip_code(s: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut braces = 0usize;
    for c in s.chars() {
        match c {
            '`' => in_code = !in_code,
            '{' if !in_code => braces += 1,
            '}' if !in_code => braces = braces.saturating_sub(1),
            _ if in_code || braces > 0 => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace()
        .filter(|w| !w.contains("://") && !w.contains("]("))
        .collect::<Vec<_>>()
        .join(" ")
}
