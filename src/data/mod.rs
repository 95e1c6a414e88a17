//! The data stage: the typed files (districts, units, carriers, leaders, targets) checked and
//! cross-referenced, and every other `data/*.yaml` / `data/*.csv` loaded untyped. All of them
//! are in templates as `data.NAME`.

pub mod columns;
pub mod export;
pub mod quiz;
pub mod records;
pub mod refs;
pub mod sheet;
pub mod table;
pub mod targets;
mod typed;
mod xls_check;

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
        let table = sheet::is_table(&ext);
        if !(table || matches!(ext.as_str(), "yaml" | "yml")) {
            continue;
        }
        // Excel and WPS keep `~$carriers.xlsx` (and LibreOffice `.~lock.…#`) beside a file
        // while it is open: not data.
        if stem.starts_with("~$") || stem.starts_with(".~") {
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
        if table {
            let size = std::fs::metadata(&found.abs).map_or(0, |m| m.len());
            let sheet = match sheet::check_size(&shown, size)
                .and_then(|()| crate::files::read_bytes(root, &found.abs))
                .and_then(|bytes| sheet::read(&shown, bytes))
            {
                Ok(s) => s,
                Err(d) => {
                    diags.push(d);
                    set.typed.mark_broken(&stem);
                    continue;
                }
            };
            if let Some(v) =
                set.typed
                    .load_file(&stem, &shown, table::Source::Table(sheet.clone()), diags)
            {
                set.files.insert(stem, v);
                continue;
            }
            set.files.insert(stem, untyped_table(&sheet));
            continue;
        }
        // YAML data files are held to the tables' limits (#14: a 72 MB list of a million
        // carriers took 6 GB and minutes): the size before reading, the records before parsing.
        let size = std::fs::metadata(&found.abs).map_or(0, |m| m.len());
        let text = match sheet::check_size(&shown, size)
            .and_then(|()| crate::files::read_text(root, &found.abs))
            .and_then(|t| check_records(&shown, t))
        {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                set.typed.mark_broken(&stem);
                continue;
            }
        };
        if let Some(v) = set
            .typed
            .load_file(&stem, &shown, table::Source::Yaml(&text), diags)
        {
            set.files.insert(stem, v);
            continue;
        }
        let value = if text.trim().is_empty() {
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

/// A YAML list of more than [`sheet::MAX_ROWS`] records is refused before it is parsed: the
/// top-level items (`- ` at the start of a line) are counted.
fn check_records(shown: &str, text: String) -> Result<String, Diagnostic> {
    let items = text
        .lines()
        .filter(|l| l.starts_with("- ") || *l == "-")
        .count();
    if items > sheet::MAX_ROWS {
        return Err(sheet::too_big(
            shown,
            crate::messages::SheetLimit::Rows(sheet::MAX_ROWS),
        ));
    }
    Ok(text)
}

/// A table that is not one of the record kinds → a list of records (header → cell), for
/// templates as `data.NAME`: the first row that is not blank is the header, blank rows are
/// left out. A CSV file's cells are text; a workbook's numbers and yes/no cells keep their
/// type, its dates are `YYYY-MM-DD` text.
pub fn untyped_table(sheet: &sheet::Sheet) -> serde_json::Value {
    let mut rows = sheet.rows.iter();
    let Some(header) = rows.next() else {
        return serde_json::Value::Array(Vec::new());
    };
    let csv = sheet.shown.to_ascii_lowercase().ends_with(".csv");
    let out = rows
        .map(|row| {
            let mut map = serde_json::Map::new();
            for h in &header.cells {
                let key = h.value.as_text();
                let value = match row.get(h.col) {
                    None => serde_json::Value::String(String::new()),
                    Some(v) if csv => serde_json::Value::String(v.as_text()),
                    Some(sheet::Value::Number(n)) => serde_json::Number::from_f64(*n)
                        .map(|n| {
                            if n.as_f64()
                                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15)
                            {
                                serde_json::Value::from(n.as_f64().unwrap_or(0.0) as i64)
                            } else {
                                serde_json::Value::Number(n)
                            }
                        })
                        .unwrap_or(serde_json::Value::Null),
                    Some(sheet::Value::Bool(b)) => serde_json::Value::Bool(*b),
                    Some(v) => serde_json::Value::String(v.as_text()),
                };
                map.insert(key, value);
            }
            serde_json::Value::Object(map)
        })
        .collect();
    serde_json::Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> serde_json::Value {
        untyped_table(&sheet::read_csv("d.csv", text.as_bytes().to_vec()).unwrap())
    }

    #[test]
    fn csv_rows_become_records() {
        let v = csv("id,name\nwujin,武进区\n");
        assert_eq!(v[0]["name"], "武进区");
    }

    #[test]
    fn short_rows_get_empty_cells() {
        let v = csv("id,name\n\nwujin\n");
        assert_eq!(v[0]["name"], "");
        assert_eq!(v.as_array().map(Vec::len), Some(1));
    }
}
