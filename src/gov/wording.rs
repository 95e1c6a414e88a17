//! 易错表述: wrong → right forms staff keep in `data/wording.yaml`, looked for in the Markdown of
//! every page and section and in the text of every data file (names of units, leaders…). Each
//! hit is a warning at its line and column with the right form. A page that quotes a source
//! word for word, mistakes included, says so in its front matter: `extra.verbatim: true`
//! accepts every form on the page, `extra.wording_ok: [错词]` only those listed.
//!
//! There is no built-in list: we found no published list of wrong forms we could cite entry by
//! entry, and an uncited entry would pose as a rule.

use std::path::Path;

use serde::Deserialize;

use crate::content::{Doc, Library};
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// The dictionary's file, under `data/`.
pub const FILE: &str = "wording.yaml";

/// One entry of `data/wording.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub wrong: String,
    pub right: String,
    /// Why, for the people who keep the list (not shown).
    #[serde(default)]
    pub note: String,
}

/// The dictionary, or `None` when the site has none; a malformed one is an error at its line.
pub fn load(root: &Path) -> Result<Option<Vec<Entry>>, Diagnostic> {
    let path = root.join("data").join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::files::read_text(root, &path)?;
    let shown = format!("data/{FILE}");
    let entries: Vec<Entry> = if text.trim().is_empty() {
        Vec::new()
    } else {
        crate::yaml::parse(&shown, &text, 1)?
    };
    Ok(Some(
        entries
            .into_iter()
            .filter(|e| !e.wrong.trim().is_empty())
            .collect(),
    ))
}

/// Warnings for every wrong form in the pages, sections and data files.
pub fn check(root: &Path, lib: &Library, entries: &[Entry]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let docs = lib.pages.iter().map(|p| &p.doc);
    for doc in docs.chain(lib.sections.iter().map(|s| &s.doc)) {
        if accepts_all(doc) {
            continue;
        }
        let ok = accepted(doc);
        // The whole file: the title and description are read too.
        out.extend(hits(&doc.source, 1, &doc.shown, entries).filter(|d| {
            !ok.iter()
                .any(|w| matches!(&d.msg, Msg::Wording { wrong, .. } if wrong == w))
        }));
    }
    out.extend(check_data(root, entries));
    out
}

fn check_data(root: &Path, entries: &[Entry]) -> Vec<Diagnostic> {
    let dir = root.join("data");
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = read.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let data = [".yaml", ".yml", ".csv"].iter().any(|e| name.ends_with(e));
        if !data || name == FILE || !path.is_file() {
            continue;
        }
        // Its reading errors are reported by the data step.
        if let Ok(text) = crate::files::read_text(root, &path) {
            out.extend(hits(&text, 1, &format!("data/{name}"), entries));
        }
    }
    out
}

fn hits<'a>(
    text: &'a str,
    first_line: usize,
    shown: &'a str,
    entries: &'a [Entry],
) -> impl Iterator<Item = Diagnostic> + 'a {
    entries.iter().flat_map(move |e| {
        text.match_indices(e.wrong.as_str()).map(move |(at, _)| {
            Diagnostic::warning(Msg::Wording {
                wrong: e.wrong.clone(),
                right: e.right.clone(),
            })
            .in_file(shown)
            .at(Pos::of_offset(text, at, first_line))
        })
    })
}

fn accepts_all(doc: &Doc) -> bool {
    doc.fm.extra.get("verbatim").and_then(|v| v.as_bool()) == Some(true)
}

fn accepted(doc: &Doc) -> Vec<String> {
    match doc.fm.extra.get("wording_ok") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}
