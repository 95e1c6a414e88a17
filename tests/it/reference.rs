//! The guide's format reference (`docs/content/reference.md`) lists exactly what jieshui reads
//! (issue #18): each table after `<!-- keys: WHAT -->` names the keys jieshui itself offers for
//! WHAT when given an unknown one (its "write one of" hint, from the same serde types that read
//! the files); `<!-- names: functions|filters|shortcodes -->` tables name what the source registers
//! and what the default theme ships.

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::Site;

fn reference() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content/reference.md");
    std::fs::read_to_string(path).unwrap()
}

/// The backticked names in the first column of the table after `<!-- MARK -->`.
fn table(text: &str, mark: &str) -> BTreeSet<String> {
    let start = text
        .find(&format!("<!-- {mark} -->"))
        .unwrap_or_else(|| panic!("reference.md has no <!-- {mark} --> table"));
    text[start..]
        .lines()
        .skip(3) // the mark, the header, the rule
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cell = l.trim_start_matches('|').split('|').next()?.trim();
            let name = cell.strip_prefix('`')?.split(['`', '(']).next()?;
            Some(name.to_string())
        })
        .collect()
}

/// The keys jieshui offers when `file` (with `text`) holds the unknown key `zzz`.
fn offered(file: &str, text: &str) -> BTreeSet<String> {
    let site = Site::new();
    site.write(file, text);
    let run = site.run(&["check"]);
    let hint = run
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("= help: write one of: "))
        .unwrap_or_else(|| panic!("{file}: no list of keys:\n{}", run.stderr));
    hint.split(", ")
        .map(|k| k.trim_matches('`').to_string())
        .collect()
}

#[test]
fn every_key_jieshui_reads_is_in_the_reference_and_no_other() {
    let text = reference();
    let site = "title: t\nbase_url: https://e.org/\ntheme: t\n";
    let cases = [
        ("keys: site.yaml", "site.yaml", format!("{site}zzz: 1\n")),
        (
            "keys: site.yaml organization",
            "site.yaml",
            format!("{site}organization: {{ zzz: 1 }}\n"),
        ),
        (
            "keys: site.yaml government",
            "site.yaml",
            format!("{site}government: {{ zzz: 1 }}\n"),
        ),
        (
            "keys: site.yaml links",
            "site.yaml",
            format!("{site}links: {{ zzz: 1 }}\n"),
        ),
        (
            "keys: site.yaml menu",
            "site.yaml",
            format!("{site}menu: [{{ zzz: 1 }}]\n"),
        ),
        (
            "keys: site.yaml markdown",
            "site.yaml",
            format!("{site}markdown: {{ zzz: 1 }}\n"),
        ),
        (
            "keys: site.yaml limits",
            "site.yaml",
            format!("{site}limits: {{ zzz: 1 }}\n"),
        ),
        (
            "keys: site.yaml deploy",
            "site.yaml",
            format!("{site}deploy: {{ provider: s3, bucket: b, zzz: 1 }}\n"),
        ),
        (
            "keys: front matter",
            "content/a.md",
            "---\ntitle: a\nzzz: 1\n---\n".to_string(),
        ),
        (
            "keys: front matter event",
            "content/a.md",
            "---\ntitle: a\nevent: { start: 2021-03-22, zzz: 1 }\n---\n".to_string(),
        ),
        (
            "keys: data districts",
            "data/districts.yaml",
            "- id: a\n  zzz: 1\n".to_string(),
        ),
        (
            "keys: data units",
            "data/units.yaml",
            "- id: a\n  zzz: 1\n".to_string(),
        ),
        (
            "keys: data carriers",
            "data/carriers.yaml",
            "- id: a\n  zzz: 1\n".to_string(),
        ),
        (
            "keys: data leaders",
            "data/leaders.yaml",
            "- id: a\n  zzz: 1\n".to_string(),
        ),
        (
            "keys: data targets",
            "data/targets.yaml",
            "year: 2021\nzzz: 1\n".to_string(),
        ),
    ];
    for (mark, file, input) in cases {
        assert_eq!(
            table(&text, mark),
            offered(file, &input),
            "docs/content/reference.md <!-- {mark} --> against what jieshui reads"
        );
    }
}

/// `tera.register_function("NAME"` / `register_filter("NAME"` in the source, by kind.
fn registered(kind: &str) -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let mut rest = text.as_str();
        let call = format!("register_{kind}(");
        while let Some(i) = rest.find(&call) {
            rest = &rest[i + call.len()..];
            let name = rest.trim_start().trim_start_matches('"');
            if let Some(end) = name.find('"')
                && rest.trim_start().starts_with('"')
            {
                names.insert(name[..end].to_string());
            }
        }
    }
    names
}

#[test]
fn every_function_filter_and_shortcode_is_in_the_reference() {
    let text = reference();
    let mut functions = registered("function");
    functions.extend(["get_page".to_string(), "get_section".to_string()]);
    assert_eq!(table(&text, "names: functions"), functions);
    assert_eq!(table(&text, "names: filters"), registered("filter"));
    let shortcodes: BTreeSet<String> = std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/shortcodes"),
    )
    .unwrap()
    .flatten()
    .filter_map(|e| {
        e.file_name()
            .to_string_lossy()
            .strip_suffix(".html")
            .map(str::to_string)
    })
    .collect();
    assert_eq!(table(&text, "names: shortcodes"), shortcodes);
}
