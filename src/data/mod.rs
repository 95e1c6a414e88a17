//! The data stage: the typed files (districts, units, carriers, leaders, targets) checked and
//! cross-referenced, and every other `data/*.yaml` / `data/*.csv` loaded untyped. All of them
//! are in templates as `data.NAME`.

pub mod quiz;
pub mod records;
pub mod refs;
mod table;
pub mod targets;
mod typed;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::walk::{WalkOptions, walk_files};
use crate::messages::Msg;
pub use typed::{ContentRefs, DocRefs, IndicatorRefs, Typed, resolve_content};

/// Data files by name (file stem), as loaded, and the typed files.
#[derive(Debug, Default)]
pub struct DataSet {
    pub files: BTreeMap<String, serde_json::Value>,
    pub typed: Typed,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> DataSet {
    let dir = root.join("data");
    let mut set = DataSet::default();
    if !dir.is_dir() {
        return set;
    }
    // data/quizzes/ is read by `quiz`, after the files beside it.
    let mut origin: BTreeMap<String, String> = BTreeMap::new();
    let opts = WalkOptions {
        max_depth: Some(1),
        ..WalkOptions::default()
    };
    for found in walk_files(root, &dir, opts, diags) {
        let name = found.rel.clone();
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), e.to_ascii_lowercase()),
            None => continue,
        };
        if !matches!(ext.as_str(), "yaml" | "yml" | "csv") {
            continue;
        }
        let shown = display_path(root, &found.abs);
        if let Some(first) = origin.insert(stem.clone(), shown.clone()) {
            diags.push(
                Diagnostic::error(Msg::DataDefinedTwice {
                    name: stem.clone(),
                    first: first.clone(),
                })
                .in_file(&shown),
            );
            continue;
        }
        let text = match crate::files::read_text(root, &found.abs) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(v) = set
            .typed
            .load_file(&stem, &shown, &text, ext == "csv", diags)
        {
            set.files.insert(stem, v);
            continue;
        }
        let value = if ext == "csv" {
            parse_csv(&shown, &text)
        } else if text.trim().is_empty() {
            Ok(serde_json::Value::Null)
        } else {
            // serde_json's maps keep the last of two equal keys without a word; serde_yaml's
            // refuse them, with the place, so parse once that way to catch a duplicate key.
            crate::yaml::parse::<serde_yaml::Value>(&shown, &text, 1)
                .and_then(|_| crate::yaml::parse::<serde_json::Value>(&shown, &text, 1))
        };
        match value {
            Ok(v) => {
                set.files.insert(stem, v);
            }
            Err(d) => diags.push(d),
        }
    }
    set.typed.cross_check(diags);
    set.typed.quizzes = quiz::load_all(root, diags);
    set
}

/// A CSV file with a header row → a list of records (field → text).
pub fn parse_csv(shown: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(shown, &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect::<Vec<_>>();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(shown, &e))?;
        let mut map = serde_json::Map::new();
        for (h, v) in headers.iter().zip(record.iter()) {
            map.insert(h.clone(), serde_json::Value::String(v.to_string()));
        }
        rows.push(serde_json::Value::Object(map));
    }
    Ok(serde_json::Value::Array(rows))
}

fn csv_error(shown: &str, e: &csv::Error) -> Diagnostic {
    let mut d = Diagnostic::error(Msg::CsvUnreadable {
        detail: e.to_string(),
    })
    .in_file(shown);
    if let Some(pos) = e.position() {
        d = d.at(crate::diagnostics::Pos::line(pos.line() as usize));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_records() {
        let v = parse_csv("d.csv", "id,name\nwujin,武进区\n").unwrap();
        assert_eq!(v[0]["name"], "武进区");
    }

    #[test]
    fn ragged_csv_is_located() {
        let d = parse_csv("d.csv", "id,name\nwujin\n").unwrap_err();
        assert_eq!(d.pos.map(|p| p.line), Some(2));
    }
}
