//! A list file (a `.yaml` list of records, or a table: `.csv`, `.xlsx`, `.xls`, `.ods` with a
//! header row) read into typed records, with a map back to where each record and field
//! stands, for messages.
//!
//! A table is read row by row and cell by cell, so that every bad cell of a file is reported
//! in one run (up to [`MAX_CELL_PROBLEMS`], then one line says how many more), each named the
//! way staff see it: `第4行 D列（级别）`. Headers may be Chinese or English
//! ([`crate::data::columns`]); title rows above the header row and blank rows and columns are
//! skipped.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::data::columns::{self, CellKind, Column};
use crate::data::sheet::{Row, Sheet, Value};
use crate::diagnostics::{Diagnostic, Pos};
use crate::layout::RecordKind;
use crate::messages::{Msg, column_letters};
use crate::yaml::positions::YamlPositions;

/// The most problems listed for one table's cells; past it, one line says how many more.
pub const MAX_CELL_PROBLEMS: usize = 20;

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
    /// A table: the row of each record, and the column (and its header) of each field.
    Sheet {
        sheet: Sheet,
        rows: Vec<usize>,
        fields: HashMap<&'static str, (usize, String)>,
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
            MapKind::Sheet {
                sheet,
                rows,
                fields,
            } => {
                let row = &sheet.rows[*rows.get(index)?];
                let top = field.split(['.', '[']).next().unwrap_or("");
                Some(match fields.get(top) {
                    Some((col, _)) => sheet.pos(row, *col),
                    None => sheet.pos(row, 1),
                })
            }
        }
    }

    /// The position of a full YAML path (`indicators[2].total`); YAML files only.
    pub fn pos_path(&self, path: &str) -> Option<Pos> {
        match &self.kind {
            MapKind::Yaml(cell) => cell
                .get_or_init(|| YamlPositions::index(&self.text, 1))
                .value(path),
            MapKind::Sheet { .. } => None,
        }
    }

    /// The position of the key of a full YAML path (`indicators[0].by_district.wujin`).
    pub fn pos_key_path(&self, path: &str) -> Option<Pos> {
        match &self.kind {
            MapKind::Yaml(cell) => cell
                .get_or_init(|| YamlPositions::index(&self.text, 1))
                .key(path),
            MapKind::Sheet { .. } => None,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// A diagnostic at a field of a record (or at the file when the place is unknown); in a
    /// table, at the field's cell, said the way staff see it (`第4行 D列（区县）`).
    pub fn diag(&self, prefix: &str, index: usize, field: &str, d: Diagnostic) -> Diagnostic {
        if let MapKind::Sheet {
            sheet,
            rows,
            fields,
        } = &self.kind
            && let Some(&r) = rows.get(index)
        {
            let top = field.split(['.', '[']).next().unwrap_or("");
            let row = &sheet.rows[r];
            return match fields.get(top) {
                Some((col, header)) => sheet.diag(row, Some(*col), Some(header), d),
                None => sheet.diag(row, None, None, d),
            };
        }
        let d = d.in_file(&self.shown);
        match self.pos(prefix, index, field) {
            Some(pos) => d.at(pos).with_source(&self.text),
            None => d,
        }
    }
}

/// Where a list comes from.
pub enum Source<'a> {
    Yaml(&'a str),
    Table(Sheet),
}

/// Reads a list of `T` (records of `kind`) from YAML or a table. `Err` when nothing could be
/// read; otherwise the records that could be read, and the problems of the others.
pub fn read_list<T: DeserializeOwned>(
    shown: &str,
    source: Source<'_>,
    kind: RecordKind,
    problems: &mut Vec<Diagnostic>,
) -> Result<(Vec<T>, SourceMap), Diagnostic> {
    let text = match source {
        Source::Table(sheet) => return Ok(read_table(sheet, kind, problems)),
        Source::Yaml(text) => text,
    };
    let map = SourceMap::yaml(shown, text);
    if text.trim().is_empty() {
        return Ok((Vec::new(), map));
    }
    let first = match crate::yaml::parse::<Vec<T>>(shown, text, 1) {
        Ok(list) => return Ok((list, map)),
        Err(d) => d,
    };
    // Some records are wrong: say what is wrong with each of them, not only the first, and
    // keep the others. The first problem keeps serde's exact place.
    let Ok(values) = crate::yaml::parse::<Vec<serde_yaml::Value>>(shown, text, 1) else {
        return Err(first);
    };
    let positions = YamlPositions::index(text, 1);
    let mut list = Vec::new();
    let mut found = vec![first.clone()];
    for (i, value) in values.into_iter().enumerate() {
        let e = match serde_yaml::from_value::<T>(value.clone()) {
            Ok(record) => {
                list.push(record);
                continue;
            }
            Err(e) => e,
        };
        let serde_yaml::Value::Mapping(fields) = value else {
            found.push(yaml_problem(
                shown,
                text,
                &positions,
                &format!("[{i}]"),
                &e,
                false,
            ));
            continue;
        };
        let mut any = false;
        for (key, v) in &fields {
            let Some(name) = key.as_str() else { continue };
            let mut alone = serde_yaml::Mapping::new();
            for (f, placeholder) in [("id", "x"), ("name", "x")] {
                if f != name {
                    alone.insert(f.into(), placeholder.into());
                }
            }
            alone.insert(key.clone(), v.clone());
            if let Err(e) = serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(alone)) {
                any = true;
                let path = format!("[{i}].{name}");
                let unknown = e.to_string().starts_with("unknown field");
                found.push(yaml_problem(shown, text, &positions, &path, &e, unknown));
            }
        }
        if !any {
            found.push(yaml_problem(
                shown,
                text,
                &positions,
                &format!("[{i}]"),
                &e,
                false,
            ));
        }
    }
    // The first problem was found again above, placed less exactly: said once.
    let head = found.remove(0);
    found.retain(|d| !(d.msg == head.msg && d.pos.map(|p| p.line) == head.pos.map(|p| p.line)));
    found.insert(0, head);
    let mut problems = Problems {
        out: problems,
        listed: 0,
        more: 0,
        first_more: None,
    };
    found.into_iter().for_each(|d| problems.push(d));
    problems.finish();
    Ok((list, map))
}

/// A record's problem in a YAML list, at `path` (`[2].level`): at the key for an unknown field,
/// else at the value.
fn yaml_problem(
    shown: &str,
    text: &str,
    positions: &YamlPositions,
    path: &str,
    e: &serde_yaml::Error,
    at_key: bool,
) -> Diagnostic {
    let msg = crate::yaml::classify(crate::yaml::strip_path(&e.to_string()), None, false);
    let pos = if at_key {
        positions.key(path)
    } else {
        positions.value(path)
    };
    let d = Diagnostic::error(msg).in_file(shown);
    match pos {
        Some(p) => d.at(p).with_source(text),
        None => d,
    }
}

/// The header row of a table: the first of its first rows with a cell that names a column
/// of `kind` (rows above it are titles and notes), else the first row.
fn header_row(sheet: &Sheet, kind: RecordKind) -> Option<usize> {
    if sheet.rows.is_empty() {
        return None;
    }
    let names_a_column = |row: &Row| {
        row.cells
            .iter()
            .any(|c| matches!(&c.value, Value::Text(t) if columns::find(kind, t).is_some()))
    };
    Some(
        sheet
            .rows
            .iter()
            .take(10)
            .position(names_a_column)
            .unwrap_or(0),
    )
}

/// Problems of one table, counted against [`MAX_CELL_PROBLEMS`].
struct Problems<'a> {
    out: &'a mut Vec<Diagnostic>,
    listed: usize,
    more: usize,
    first_more: Option<Diagnostic>,
}

impl Problems<'_> {
    fn push(&mut self, d: Diagnostic) {
        if self.listed < MAX_CELL_PROBLEMS {
            self.listed += 1;
            self.out.push(d);
        } else {
            self.more += 1;
            self.first_more.get_or_insert(d);
        }
    }

    fn finish(self) {
        if let Some(first) = self.first_more {
            self.out
                .push(first.with_msg(Msg::MoreProblems { count: self.more }));
        }
    }
}

fn read_table<T: DeserializeOwned>(
    sheet: Sheet,
    kind: RecordKind,
    out: &mut Vec<Diagnostic>,
) -> (Vec<T>, SourceMap) {
    let mut problems = Problems {
        out,
        listed: 0,
        more: 0,
        first_more: None,
    };
    let mut list = Vec::new();
    let mut rows = Vec::new();
    let mut fields: HashMap<&'static str, (usize, String)> = HashMap::new();
    if let Some(h) = header_row(&sheet, kind) {
        let header = &sheet.rows[h];
        // Column number → its column of `kind`, for the headers that name one.
        let mut by_col: HashMap<usize, (&'static Column, String)> = HashMap::new();
        for cell in &header.cells {
            let text = cell.value.as_text();
            match columns::find(kind, &text) {
                Some(c) => match fields.get(c.field) {
                    Some((first, _)) => problems.push(sheet.diag(
                        header,
                        Some(cell.col),
                        Some(&text),
                        Diagnostic::error(Msg::DuplicateColumn {
                            field: c.field.to_string(),
                            first: column_letters(*first),
                        }),
                    )),
                    None => {
                        fields.insert(c.field, (cell.col, text.clone()));
                        by_col.insert(cell.col, (c, text));
                    }
                },
                None => {
                    let expected = columns::expected(kind);
                    let names = columns::columns(kind).iter().flat_map(|c| [c.zh, c.field]);
                    problems.push(sheet.diag(
                        header,
                        Some(cell.col),
                        Some(&text),
                        Diagnostic::error(Msg::UnknownColumn {
                            suggestion: crate::yaml::did_you_mean(&text, names).map(str::to_string),
                            header: text.clone(),
                            expected,
                        }),
                    ));
                }
            }
        }
        let mut missing_column = false;
        for c in columns::columns(kind).iter().filter(|c| c.required) {
            if !fields.contains_key(c.field) {
                missing_column = true;
                problems.push(sheet.diag(
                    header,
                    None,
                    None,
                    Diagnostic::error(Msg::MissingColumn {
                        field: c.field.to_string(),
                        header: c.zh.to_string(),
                    }),
                ));
            }
        }
        let named: Vec<usize> = header.cells.iter().map(|c| c.col).collect();
        let mut headless: Vec<usize> = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate().skip(h + 1) {
            for cell in &row.cells {
                if !named.contains(&cell.col) && !headless.contains(&cell.col) {
                    headless.push(cell.col);
                    problems.push(sheet.diag(
                        row,
                        Some(cell.col),
                        None,
                        Diagnostic::error(Msg::ColumnWithoutHeader),
                    ));
                }
            }
            if missing_column {
                continue;
            }
            match read_row::<T>(&sheet, row, &by_col) {
                Ok(record) => {
                    list.push(record);
                    rows.push(r);
                }
                Err(found) => found.into_iter().for_each(|d| problems.push(d)),
            }
        }
    }
    problems.finish();
    let map = SourceMap {
        shown: sheet.shown.clone(),
        text: String::new(),
        kind: MapKind::Sheet {
            sheet,
            rows,
            fields,
        },
    };
    (list, map)
}

/// One row as a record, or every bad cell of it.
fn read_row<T: DeserializeOwned>(
    sheet: &Sheet,
    row: &Row,
    by_col: &HashMap<usize, (&'static Column, String)>,
) -> Result<T, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut cells: Vec<(usize, &'static Column, serde_yaml::Value)> = Vec::new();
    let mut cols: Vec<_> = by_col.iter().collect();
    cols.sort_by_key(|(col, _)| **col);
    let header_of = |col: usize| by_col.get(&col).map(|(_, h)| h.clone()).unwrap_or_default();
    for (&col, &(c, ref header)) in cols {
        let header = header.clone();
        match row.get(col) {
            None if c.required => found.push(sheet.diag(
                row,
                Some(col),
                Some(&header),
                Diagnostic::error(Msg::MissingField {
                    field: c.field.to_string(),
                }),
            )),
            None => {}
            Some(Value::Error(e)) => found.push(sheet.diag(
                row,
                Some(col),
                Some(&header),
                Diagnostic::error(Msg::CellError { value: e.clone() }),
            )),
            Some(v) => cells.push((col, c, yaml_value(v, c))),
        }
    }
    let mapping = |cells: &mut dyn Iterator<Item = (&'static str, serde_yaml::Value)>| {
        let mut map = serde_yaml::Mapping::new();
        for (field, value) in cells {
            map.insert(serde_yaml::Value::String(field.to_string()), value);
        }
        serde_yaml::Value::Mapping(map)
    };
    let whole = mapping(&mut cells.iter().map(|(_, c, v)| (c.field, v.clone())));
    let e = match serde_yaml::from_value::<T>(whole) {
        Ok(record) if found.is_empty() => return Ok(record),
        Ok(_) => return Err(found),
        Err(e) => e,
    };
    // Which cells are wrong: each tried alone, with a placeholder id and name (an empty
    // required cell is said above).
    for (col, c, v) in &cells {
        let mut alone = vec![
            ("id", serde_yaml::Value::String("x".into())),
            ("name", serde_yaml::Value::String("x".into())),
        ];
        alone.retain(|(f, _)| *f != c.field);
        alone.push((c.field, v.clone()));
        if let Err(e) = serde_yaml::from_value::<T>(mapping(&mut alone.into_iter())) {
            found.push(sheet.diag(
                row,
                Some(*col),
                Some(&header_of(*col)),
                Diagnostic::error(crate::yaml::classify(&e.to_string(), None, false)),
            ));
        }
    }
    if found.is_empty() {
        found.push(sheet.diag(
            row,
            None,
            None,
            Diagnostic::error(crate::yaml::classify(&e.to_string(), None, false)),
        ));
    }
    Err(found)
}

/// A cell's value as the record's field takes it: a year from `2021`, `2021.0` or `2021年`,
/// yes/no from 是/否 or ✓, several names from one cell; anything else is text. A value that
/// does not fit is passed on as text, for the field's own message.
fn yaml_value(v: &Value, c: &Column) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match (c.cell, v) {
        (CellKind::Whole, Value::Number(n)) if n.fract() == 0.0 => Y::Number((*n as i64).into()),
        (CellKind::Whole, Value::Text(t)) => {
            match t.trim().trim_end_matches('年').trim().parse::<i64>() {
                Ok(n) => Y::Number(n.into()),
                Err(_) => Y::String(t.clone()),
            }
        }
        (CellKind::YesNo, Value::Bool(b)) => Y::Bool(*b),
        (CellKind::YesNo, Value::Number(n)) if *n == 0.0 || *n == 1.0 => Y::Bool(*n == 1.0),
        (CellKind::YesNo, Value::Text(t)) => match columns::yes_no(t) {
            Some(b) => Y::Bool(b),
            None => Y::String(t.clone()),
        },
        _ => Y::String(v.as_text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::records::{Carrier, District};
    use crate::messages::Lang;

    fn table<T: DeserializeOwned>(
        shown: &str,
        kind: RecordKind,
        text: &str,
    ) -> (Vec<T>, SourceMap, Vec<Diagnostic>) {
        let sheet = crate::data::sheet::read_csv(shown, text.as_bytes().to_vec()).unwrap();
        let mut problems = Vec::new();
        let (list, map) = read_list(shown, Source::Table(sheet), kind, &mut problems).unwrap();
        (list, map, problems)
    }

    fn headlines(problems: &[Diagnostic]) -> Vec<String> {
        problems.iter().map(|d| d.headline(Lang::Zh)).collect()
    }

    #[test]
    fn csv_rows_are_typed_and_located() {
        let text = "id,name,kind,aliases\nwujin,武进区,区,武进\nliyang,溧阳市,县级市,\n";
        let (list, map, problems) =
            table::<District>("data/districts.csv", RecordKind::Districts, text);
        assert!(problems.is_empty(), "{:?}", headlines(&problems));
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].aliases, vec!["武进"]);
        assert!(list[1].aliases.is_empty());
        assert_eq!(map.pos("", 1, "kind"), Some(Pos::new(3, 12)));
    }

    #[test]
    fn csv_bad_enum_is_located_and_named_as_a_cell() {
        let text = "id,name,kind\r\nwujin,武进区,区\r\nx,X,县\r\n";
        let (list, _, problems) =
            table::<District>("data/districts.csv", RecordKind::Districts, text);
        assert_eq!(list.len(), 1);
        assert_eq!(
            headlines(&problems),
            ["error: data/districts.csv:3:5: 第3行 C列（kind）：不认识的值 `县`"]
        );
    }

    #[test]
    fn every_bad_cell_is_reported_with_chinese_headers() {
        let text = "名称,编号,级别,年份,示例\n甲,a,省,2021,是\n乙,b,市级,二〇二一,✓\n丙,c,国家级,2020年,maybe\n";
        let (list, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        assert_eq!(list.len(), 0);
        let h = headlines(&problems);
        assert_eq!(h.len(), 3, "{h:#?}");
        assert_eq!(
            problems[2].hint(Lang::Zh).as_deref(),
            Some("这一格填 是 或 否（也可以写 ✓ 或 ×）")
        );
        assert!(
            h[0].starts_with("error: data/carriers.csv:2:5: 第2行 C列（级别）：不认识的值 `省`"),
            "{h:#?}"
        );
        assert!(
            h[1].starts_with("error: data/carriers.csv:3:8: 第3行 D列（年份）："),
            "{h:#?}"
        );
        assert!(
            h[2].starts_with("error: data/carriers.csv:4:15: 第4行 E列（示例）："),
            "{h:#?}"
        );
    }

    #[test]
    fn title_rows_blank_rows_and_columns_are_skipped() {
        let text = "2021年节水载体名单,,,\n,,,\n编号,名称,,级别\n,,,\na,甲,,市级\n,,,\n";
        let (list, map, problems) =
            table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        assert!(problems.is_empty(), "{:?}", headlines(&problems));
        assert_eq!(list.len(), 1);
        assert_eq!(map.pos("", 0, "level"), Some(Pos::new(5, 6)));
    }

    #[test]
    fn unknown_and_missing_columns() {
        let text = "编号,名字称,级别\na,甲,市级\n";
        let (_, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        let h = headlines(&problems);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(
            h[0].contains("第1行 B列（名字称）：不认识的表头 `名字称`"),
            "{h:#?}"
        );
        assert!(
            h[1].contains("表格缺少必填的一列：名称（`name`）"),
            "{h:#?}"
        );
    }

    #[test]
    fn a_column_with_data_but_no_header_is_refused() {
        let text = "编号,名称,\na,甲,多出来的\n";
        let (_, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].msg, Msg::ColumnWithoutHeader);
    }

    #[test]
    fn many_bad_cells_are_capped_with_one_line() {
        let mut text = String::from("编号,名称,级别\n");
        for i in 0..30 {
            text.push_str(&format!("c{i},名{i},坏\n"));
        }
        let (_, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, &text);
        assert_eq!(problems.len(), MAX_CELL_PROBLEMS + 1);
        assert_eq!(
            problems.last().map(|d| d.msg.clone()),
            Some(Msg::MoreProblems { count: 10 })
        );
    }

    #[test]
    fn an_empty_required_cell_does_not_hide_a_bad_one() {
        let text = "编号,名称,级别\na,,省\n";
        let (_, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        let h = headlines(&problems);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(
            h[0].contains("第2行 B列（名称）：缺少必填的字段 `name`"),
            "{h:#?}"
        );
        assert!(
            h[1].contains("第2行 C列（级别）：不认识的值 `省`"),
            "{h:#?}"
        );
    }

    #[test]
    fn missing_name_hint_speaks_of_cells() {
        let text = "编号,名称\na,\n";
        let (_, _, problems) = table::<Carrier>("data/carriers.csv", RecordKind::Carriers, text);
        let hint = problems[0].hint(Lang::Zh).unwrap_or_default();
        assert!(hint.contains("这一格"), "{hint}");
        assert!(!hint.contains(':'), "{hint}");
    }

    #[test]
    fn yaml_positions_of_fields() {
        let text = "- id: a\n  name: A\n- id: b\n  name: B\n";
        let (list, map) = read_list::<District>(
            "d.yaml",
            Source::Yaml(text),
            RecordKind::Districts,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(map.pos("", 1, "name"), Some(Pos::new(4, 9)));
    }
}
