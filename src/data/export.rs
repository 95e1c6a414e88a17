//! Out again: a record kind's public table, as each list page (`/carriers/`…) offers it for
//! download, as `.xlsx` and as CSV with a BOM (so Excel opens it in Chinese without 乱码).
//!
//! Both are written here, the same bytes for the same data: the CSV by hand, the workbook as
//! the few XML parts an `.xlsx` needs, zipped with a fixed date (the `zip` crate, which the
//! spreadsheet reader needs anyway, so writing costs no new dependency). No cell starts a
//! formula: text beginning `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front
//! (CSV injection), which reading a table takes off again.

use std::io::Write as _;

use crate::data::columns::{self, CellKind};
pub use crate::data::sheet::{guard, unguard};
use crate::layout::RecordKind;

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Text(String),
    Number(f64),
}

/// The header row (Chinese headers) and one row per record, in the columns of `kind`; a
/// column no record fills is left out (`sample` when there are no 示例 records).
pub fn public_table(kind: RecordKind, records: &[serde_json::Value]) -> Vec<Vec<Out>> {
    let cols: Vec<_> = columns::columns(kind)
        .iter()
        .filter(|c| c.required || records.iter().any(|r| filled(r.get(c.field))))
        .collect();
    let mut rows = vec![cols.iter().map(|c| Out::Text(c.zh.to_string())).collect()];
    for r in records {
        rows.push(cols.iter().map(|c| cell(r.get(c.field), c.cell)).collect());
    }
    rows
}

/// The records of `kind` as loaded (what `data.KIND` holds), a carrier's or leader's
/// district by its name (as the public knows it; it reads back as the same district).
pub fn records_json(typed: &crate::data::Typed, kind: RecordKind) -> Vec<serde_json::Value> {
    fn all<T: serde::Serialize>(records: &[T]) -> Vec<serde_json::Value> {
        records
            .iter()
            .filter_map(|r| serde_json::to_value(r).ok())
            .collect()
    }
    let named = |mut list: Vec<serde_json::Value>, districts: &[Option<usize>]| {
        for (r, d) in list.iter_mut().zip(districts) {
            if let Some(district) = d.and_then(|i| typed.districts.records.get(i))
                && let Some(m) = r.as_object_mut()
            {
                m.insert("district".into(), district.name.clone().into());
            }
        }
        list
    };
    match kind {
        RecordKind::Districts => all(&typed.districts.records),
        RecordKind::Units => all(&typed.units.records),
        RecordKind::Carriers => named(all(&typed.carriers.records), &typed.carrier_district),
        RecordKind::Leaders => named(all(&typed.leaders.records), &typed.leader_district),
    }
}

fn filled(v: Option<&serde_json::Value>) -> bool {
    match v {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::Array(a)) => !a.is_empty(),
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => true,
    }
}

fn cell(v: Option<&serde_json::Value>, kind: CellKind) -> Out {
    use serde_json::Value as J;
    match v {
        None | Some(J::Null) => Out::Text(String::new()),
        Some(J::Number(n)) => Out::Number(n.as_f64().unwrap_or(0.0)),
        Some(J::Bool(b)) => Out::Text(if *b { "是" } else { "否" }.into()),
        Some(J::String(s)) => Out::Text(s.clone()),
        Some(J::Array(items)) if kind == CellKind::List => Out::Text(
            items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Some(other) => Out::Text(other.to_string()),
    }
}

fn out_text(c: &Out) -> String {
    match c {
        Out::Text(t) => guard(t),
        Out::Number(n) => crate::data::sheet::number_text(*n),
    }
}

/// The table as CSV: UTF-8 with a BOM, `\r\n` line ends, quotes where a cell needs them.
pub fn to_csv(rows: &[Vec<Out>]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let t = out_text(c);
                if t.contains([',', '"', '\n', '\r']) || t.trim() != t {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// XML text: escaped, and without the characters XML 1.0 cannot hold.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

fn workbook(sheet: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        xml(sheet)
    )
}

/// The sheet's XML: row 1 (the header) in bold and frozen, every cell an inline string or a
/// number.
fn worksheet(rows: &[Vec<Out>]) -> String {
    let width = rows.first().map_or(1, Vec::len).max(1);
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#,
    );
    out.push_str(&format!(
        r#"<cols><col min="1" max="{width}" width="20" customWidth="1"/></cols><sheetData>"#
    ));
    for (r, row) in rows.iter().enumerate() {
        let r = r + 1;
        out.push_str(&format!(r#"<row r="{r}">"#));
        let style = if r == 1 { r#" s="1""# } else { "" };
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{r}", crate::messages::column_letters(c + 1));
            match cell {
                Out::Number(n) => out.push_str(&format!(
                    r#"<c r="{at}"{style}><v>{}</v></c>"#,
                    crate::data::sheet::number_text(*n)
                )),
                Out::Text(t) if t.is_empty() => {}
                Out::Text(_) => out.push_str(&format!(
                    r#"<c r="{at}"{style} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    xml(&out_text(cell))
                )),
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// Zips `parts` (name, bytes) in order, deflated, every date 1980-01-01: the same parts give
/// the same bytes.
pub fn zip_parts(parts: &[(&str, &[u8])]) -> std::io::Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in parts {
        w.start_file(*name, opts).map_err(std::io::Error::other)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// The table as an `.xlsx` workbook with one sheet named `sheet`.
pub fn to_xlsx(sheet: &str, rows: &[Vec<Out>]) -> std::io::Result<Vec<u8>> {
    let book = workbook(sheet);
    let data = worksheet(rows);
    zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", data.as_bytes()),
    ])
}

/// A template for staff to fill: every column of `kind` (Chinese headers) and one 示例 row,
/// which the site shows marked 示例 until it is deleted.
pub fn template_table(kind: RecordKind) -> Vec<Vec<Out>> {
    let sample = |field: &str| -> Out {
        let t = |s: &str| Out::Text(s.to_string());
        match (kind, field) {
            (RecordKind::Districts, "id") => t("sample-district"),
            (RecordKind::Districts, "name") => t("示例区"),
            (RecordKind::Districts, "kind") => t("区"),
            (RecordKind::Units, "id") => t("sample-unit"),
            (RecordKind::Units, "name") => t("示例：某市级部门"),
            (RecordKind::Units, "kind") => t("市级部门"),
            (RecordKind::Carriers, "id") => t("sample-carrier"),
            (RecordKind::Carriers, "name") => t("示例：某节水型企业"),
            (RecordKind::Carriers, "type") => t("企业"),
            (RecordKind::Carriers, "level") => t("市级"),
            (RecordKind::Leaders, "id") => t("sample-leader"),
            (RecordKind::Leaders, "name") => t("示例：某水效领跑者企业"),
            (RecordKind::Leaders, "sector") => t("工业"),
            (_, "district") => t("示例区"),
            (_, "summary") => t("这是一条示例记录，填上你们的名单后删掉这一行。"),
            (_, "sample") => t("是"),
            _ => t(""),
        }
    };
    let cols = columns::columns(kind);
    vec![
        cols.iter().map(|c| Out::Text(c.zh.to_string())).collect(),
        cols.iter().map(|c| sample(c.field)).collect(),
    ]
}

/// The Chinese name of a kind's table (the workbook's sheet, the template's file).
pub fn sheet_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Districts => "各地区",
        RecordKind::Units => "单位",
        RecordKind::Carriers => "节水载体",
        RecordKind::Leaders => "水效领跑者",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::sheet::{self, Value};

    fn rows() -> Vec<Vec<Out>> {
        vec![
            vec![Out::Text("名称".into()), Out::Text("年份".into())],
            vec![Out::Text("=cmd|' /C calc'!A0".into()), Out::Number(2021.0)],
            vec![
                Out::Text("带,逗号和\"引号\"".into()),
                Out::Text(String::new()),
            ],
        ]
    }

    #[test]
    fn csv_has_a_bom_and_no_formula() {
        let csv = to_csv(&rows());
        assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(csv).unwrap();
        assert!(text.contains("\r\n'=cmd|' /C calc'!A0,2021\r\n"), "{text}");
        assert!(text.contains("\"带,逗号和\"\"引号\"\"\","), "{text}");
    }

    #[test]
    fn xlsx_reads_back_and_is_reproducible() {
        let a = to_xlsx("节水载体", &rows()).unwrap();
        let b = to_xlsx("节水载体", &rows()).unwrap();
        assert_eq!(a, b);
        let read = sheet::read("data/x.xlsx", a).unwrap();
        assert_eq!(read.rows.len(), 3);
        assert_eq!(
            read.rows[1].get(1),
            Some(&Value::Text("=cmd|' /C calc'!A0".into()))
        );
        assert_eq!(read.rows[1].get(2), Some(&Value::Number(2021.0)));
        assert_eq!(
            read.rows[2].get(1),
            Some(&Value::Text("带,逗号和\"引号\"".into()))
        );
    }

    #[test]
    fn guard_and_unguard() {
        for t in ["=1+1", "+86", "-3", "@SUM(A1)", "\tx"] {
            assert_eq!(unguard(&guard(t)), t);
            assert!(guard(t).starts_with('\''));
        }
        assert_eq!(guard("节水"), "节水");
        assert_eq!(unguard("'节水"), "'节水");
    }
}
