//! References between records and from pages to records, resolved by id, name or alias, and
//! checked: an unknown one is an error where it is written, with the closest match as a hint.

use std::collections::HashMap;

use crate::data::records::Record;
use crate::data::table::SourceMap;
use crate::diagnostics::Diagnostic;
use crate::messages::{IdWhy, Msg};

/// The record kinds (named `Kind` in the data stage).
pub use crate::layout::RecordKind as Kind;

/// One typed list file, with lookup by id, name and alias.
#[derive(Debug)]
pub struct Table<T> {
    pub records: Vec<T>,
    pub map: Option<SourceMap>,
    lookup: HashMap<String, usize>,
    /// The file exists but could not be read: references to it are not checked (its own
    /// error says what is wrong), so one mistake does not cascade into many.
    broken: bool,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            records: Vec::new(),
            map: None,
            lookup: HashMap::new(),
            broken: false,
        }
    }
}

impl<T> Table<T> {
    /// Marks the table as read only in part (some of its rows are wrong): references that
    /// find nothing in it are not reported, since the missing record may be a wrong row.
    pub fn set_broken(&mut self, broken: bool) {
        self.broken |= broken;
    }

    pub fn broken() -> Table<T> {
        Table {
            broken: true,
            ..Table::default()
        }
    }
}

impl<T: Record> Table<T> {
    /// Indexes `records`, reporting bad and duplicate ids (naming both lines).
    pub fn new(records: Vec<T>, map: SourceMap, diags: &mut Vec<Diagnostic>) -> Table<T> {
        let mut lookup = HashMap::new();
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Err(why) = check_id(r.id()) {
                diags.push(map.diag(
                    "",
                    i,
                    "id",
                    Diagnostic::error(Msg::BadId {
                        id: r.id().to_string(),
                        why,
                    }),
                ));
            }
            if let Some(&first) = first_of.get(r.id()) {
                let first_line = map
                    .pos("", first, "id")
                    .map_or(String::from("?"), |p| p.line.to_string());
                diags.push(map.diag(
                    "",
                    i,
                    "id",
                    Diagnostic::error(Msg::DuplicateId {
                        id: r.id().to_string(),
                        first_line,
                    }),
                ));
                continue;
            }
            first_of.insert(r.id(), i);
        }
        // Ids win over names, names over aliases, when spellings collide.
        for (i, r) in records.iter().enumerate().rev() {
            for alias in r.aliases() {
                lookup.insert(alias.clone(), i);
            }
        }
        for (i, r) in records.iter().enumerate().rev() {
            lookup.insert(r.name().to_string(), i);
        }
        for (i, r) in records.iter().enumerate().rev() {
            lookup.insert(r.id().to_string(), i);
        }
        Table {
            records,
            map: Some(map),
            lookup,
            broken: false,
        }
    }

    pub fn resolve(&self, key: &str) -> Option<usize> {
        self.lookup.get(key.trim()).copied()
    }

    /// Whether the file has errors of its own (its records may be incomplete).
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    pub fn is_present(&self) -> bool {
        self.map.is_some()
    }

    /// A message for an unknown reference, with the closest id or name as a hint; `None` when
    /// the file itself is broken (its own error is reported).
    pub fn unknown(&self, kind: Kind, key: &str) -> Option<Diagnostic> {
        if self.broken {
            return None;
        }
        if !self.is_present() {
            return Some(Diagnostic::error(Msg::NoDataFile {
                kind,
                key: key.to_string(),
            }));
        }
        let candidates = self.records.iter().flat_map(|r| {
            [r.id(), r.name()]
                .into_iter()
                .chain(r.aliases().iter().map(String::as_str))
        });
        Some(Diagnostic::error(Msg::UnknownRecord {
            kind,
            key: key.to_string(),
            suggestion: crate::yaml::did_you_mean(key, candidates).map(str::to_string),
        }))
    }
}

pub(crate) fn check_id(id: &str) -> Result<(), IdWhy> {
    if id.is_empty() {
        return Err(IdWhy::Empty);
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(IdWhy::Characters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::records::Unit;
    use crate::data::table::read_list;

    #[test]
    fn resolves_by_id_name_and_alias() {
        let text = "- id: gxj\n  name: 常州市工业和信息化局\n  aliases: [工信局, 工业和信息局]\n";
        let (list, map) = read_list::<Unit>(
            "data/units.yaml",
            crate::data::table::Source::Yaml(text),
            Kind::Units,
            &mut Vec::new(),
        )
        .unwrap();
        let mut diags = Vec::new();
        let t = Table::new(list, map, &mut diags);
        assert!(diags.is_empty());
        for key in ["gxj", "常州市工业和信息化局", "工信局", "工业和信息局"] {
            assert_eq!(t.resolve(key), Some(0), "{key}");
        }
        assert_eq!(t.resolve("财政局"), None);
        let d = t.unknown(Kind::Units, "gxi").unwrap();
        assert_eq!(
            d.hint(crate::messages::Lang::En).as_deref(),
            Some("did you mean `gxj`?")
        );
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let text = "- id: a\n  name: A\n- id: a\n  name: B\n";
        let (list, map) = read_list::<Unit>(
            "data/units.yaml",
            crate::data::table::Source::Yaml(text),
            Kind::Units,
            &mut Vec::new(),
        )
        .unwrap();
        let mut diags = Vec::new();
        Table::new(list, map, &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0]
                .headline(crate::messages::Lang::En)
                .starts_with("error: data/units.yaml:3:7: duplicate id `a`: line 1"),
            "{}",
            diags[0].headline(crate::messages::Lang::En)
        );
    }
}
