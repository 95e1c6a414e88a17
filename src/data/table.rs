//! A list file (`.yaml` list of records, or `.csv` with a header row) read into typed records,
//! with a map back to where each record and field stands, for messages.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;
use crate::yaml::positions::YamlPositions;

/// Where things are in one data file.
#[derive(Debug)]
pub struct SourceMap {
    pub shown: String,
    text: String,
    kind: MapKind,
}

#[derive(Debug)]
enum MapKind {
    Yaml(OnceLock<YamlPositions>),
    /// Line of each CSV record, and the header's field names.
    Csv {
        lines: Vec<usize>,
        headers: Vec<String>,
    },
}

impl SourceMap {
    pub fn yaml(shown: &str, text: &str) -> SourceMap {
        SourceMap {
            shown: shown.into(),
            text: text.into(),
            kind: MapKind::Yaml(OnceLock::new()),
        }
    }

    /// The position of `field` of record `index` (`field` may be a path like `by_district.wujin`
    /// or empty for the record itself). `prefix` is the path of the list in the YAML file.
    pub fn pos(&self, prefix: &str, index: usize, field: &str) -> Option<Pos> {
        match &self.kind {
            MapKind::Yaml(cell) => {
                let idx = cell.get_or_init(|| YamlPositions::index(&self.text, 1));
                let base = format!("{prefix}[{index}]");
                let path = if field.is_empty() {
                    base.clone()
                } else {
                    format!("{base}.{field}")
                };
                idx.value(&path).or_else(|| idx.value(&base))
            }
            MapKind::Csv { lines, headers } => {
                let line = *lines.get(index)?;
                let top = field.split(['.', '[']).next().unwrap_or("");
                match headers.iter().position(|h| h == top) {
                    Some(col) => column_of(&self.text, line, col)
                        .map(|c| Pos::new(line, c))
                        .or(Some(Pos::line(line))),
                    None => Some(Pos::line(line)),
                }
            }
        }
    }

    /// The position of a full YAML path (`indicators[2].total`); YAML files only.
    pub fn pos_path(&self, path: &str) -> Option<Pos> {
        match &self.kind {
            MapKind::Yaml(cell) => cell
                .get_or_init(|| YamlPositions::index(&self.text, 1))
                .value(path),
            MapKind::Csv { .. } => None,
        }
    }

    /// The position of the key of a full YAML path (`indicators[0].by_district.wujin`).
    pub fn pos_key_path(&self, path: &str) -> Option<Pos> {
        match &self.kind {
            MapKind::Yaml(cell) => cell
                .get_or_init(|| YamlPositions::index(&self.text, 1))
                .key(path),
            MapKind::Csv { .. } => None,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// A diagnostic at a field of a record (or at the file when the place is unknown).
    pub fn diag(&self, prefix: &str, index: usize, field: &str, d: Diagnostic) -> Diagnostic {
        let d = d.in_file(&self.shown);
        match self.pos(prefix, index, field) {
            Some(pos) => d.at(pos).with_source(&self.text),
            None => d,
        }
    }
}

/// The 1-based character column where field `col` starts on `line` of a CSV text.
fn column_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_text = text.lines().nth(line.checked_sub(1)?)?;
    let mut field = 0;
    let mut in_quotes = false;
    for (i, ch) in line_text.chars().enumerate() {
        if field == col {
            return Some(i + 1);
        }
        match ch {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => field += 1,
            _ => {}
        }
    }
    (field == col).then_some(line_text.chars().count() + 1)
}

/// Reads a list of `T` from YAML or CSV text.
pub(crate) fn read_list<T: DeserializeOwned>(
    shown: &str,
    text: &str,
    csv: bool,
) -> Result<(Vec<T>, SourceMap), Diagnostic> {
    if csv {
        return read_csv(shown, text);
    }
    let map = SourceMap::yaml(shown, text);
    if text.trim().is_empty() {
        return Ok((Vec::new(), map));
    }
    let list: Vec<T> = crate::yaml::parse(shown, text, 1)?;
    Ok((list, map))
}

fn read_csv<T: DeserializeOwned>(
    shown: &str,
    text: &str,
) -> Result<(Vec<T>, SourceMap), Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(shown, &e))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut list = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(shown, &e)),
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        // Empty cells are missing values, not empty strings.
        let cleaned: csv::StringRecord = record.iter().collect();
        let header_record = csv::StringRecord::from(headers.clone());
        let row: T = deserialize_row(&cleaned, &header_record).map_err(|e| {
            let message = e.to_string();
            let field = unknown_or_named_field(&message, &headers);
            let col = field.and_then(|f| headers.iter().position(|h| h == f));
            let pos = match col.and_then(|c| column_of(text, line, c)) {
                Some(c) => Pos::new(line, c),
                None => Pos::line(line),
            };
            Diagnostic::error(crate::yaml::classify(&message, None, false))
                .in_file(shown)
                .at(pos)
                .with_source(text)
        })?;
        list.push(row);
        lines.push(line);
    }
    let map = SourceMap {
        shown: shown.into(),
        text: text.into(),
        kind: MapKind::Csv { lines, headers },
    };
    Ok((list, map))
}

/// Builds the row as a map (empty cells left out) and deserializes it like YAML would.
fn deserialize_row<T: DeserializeOwned>(
    row: &csv::StringRecord,
    headers: &csv::StringRecord,
) -> Result<T, serde_yaml::Error> {
    let mut map = serde_yaml::Mapping::new();
    for (h, v) in headers.iter().zip(row.iter()) {
        if v.is_empty() {
            continue;
        }
        // Numbers and booleans in cells parse as YAML scalars; everything else stays text.
        let value = match serde_yaml::from_str::<serde_yaml::Value>(v) {
            Ok(serde_yaml::Value::Number(n)) if h != "id" && h != "name" => {
                serde_yaml::Value::Number(n)
            }
            Ok(serde_yaml::Value::Bool(b)) => serde_yaml::Value::Bool(b),
            _ => serde_yaml::Value::String(v.to_string()),
        };
        map.insert(serde_yaml::Value::String(h.to_string()), value);
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(map))
}

fn unknown_or_named_field<'a>(message: &str, headers: &'a [String]) -> Option<&'a str> {
    let quoted = message.split('`').nth(1)?;
    headers
        .iter()
        .find(|h| h.as_str() == quoted)
        .map(String::as_str)
}

fn csv_error(shown: &str, e: &csv::Error) -> Diagnostic {
    let mut d = Diagnostic::error(Msg::CsvUnreadable {
        detail: e.to_string(),
    })
    .in_file(shown);
    if let Some(pos) = e.position() {
        d = d.at(Pos::line(pos.line() as usize));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::records::District;

    #[test]
    fn csv_rows_are_typed_and_located() {
        let text = "id,name,kind,aliases\nwujin,武进区,区,武进\nliyang,溧阳市,县级市,\n";
        let (list, map) = read_list::<District>("data/districts.csv", text, true).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].aliases, vec!["武进"]);
        assert!(list[1].aliases.is_empty());
        assert_eq!(map.pos("", 1, "kind"), Some(Pos::new(3, 12)));
    }

    #[test]
    fn csv_bad_enum_is_located() {
        let text = "id,name,kind\nwujin,武进区,县\n";
        let d = read_list::<District>("data/districts.csv", text, true).unwrap_err();
        assert_eq!(
            d.pos.map(|p| p.line),
            Some(2),
            "{}",
            d.render(crate::messages::Lang::En)
        );
        assert_eq!(
            d.message(crate::messages::Lang::En),
            "unknown value `县`",
            "{}",
            d.render(crate::messages::Lang::En)
        );
    }

    #[test]
    fn yaml_positions_of_fields() {
        let text = "- id: a\n  name: A\n- id: b\n  name: B\n";
        let (list, map) = read_list::<District>("d.yaml", text, false).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(map.pos("", 1, "name"), Some(Pos::new(4, 9)));
    }
}
