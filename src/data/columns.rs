//! The columns of each record kind's table: the field name, its Chinese header and other
//! headers staff write, and what a cell holds. One mapping for CSV files and spreadsheets
//! (documented in the guide's data page), for reading them, for the tables a build offers for
//! download and for the templates `jieshui init` writes.

use crate::layout::RecordKind;

/// What a column's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    /// A whole number (a year): `2021`, `2021.0` or `2021年`.
    Whole,
    /// 是/否, ✓/✗, TRUE/FALSE, 1/0.
    YesNo,
    /// Several names in one cell, separated by `;`, `；` or `、`.
    List,
}

/// One column of a record table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field name (the YAML key, and an English header).
    pub field: &'static str,
    /// The Chinese header templates and downloads use.
    pub zh: &'static str,
    /// Other headers read as this column.
    pub also: &'static [&'static str],
    pub cell: CellKind,
    /// Every row must fill it.
    pub required: bool,
}

const fn col(
    field: &'static str,
    zh: &'static str,
    also: &'static [&'static str],
    cell: CellKind,
) -> Column {
    Column {
        field,
        zh,
        also,
        cell,
        required: false,
    }
}

const ID: Column = Column {
    required: true,
    ..col("id", "编号", &[], CellKind::Text)
};
const NAME: Column = Column {
    required: true,
    ..col(
        "name",
        "名称",
        &["名字", "单位名称", "企业名称"],
        CellKind::Text,
    )
};
const ALIASES: Column = col("aliases", "别名", &["简称", "又名"], CellKind::List);
const DISTRICT: Column = col(
    "district",
    "区县",
    &["地区", "辖市区", "所在地区", "所属地区"],
    CellKind::Text,
);
const YEAR: Column = col("year", "年份", &["年度", "命名年份"], CellKind::Whole);
const SUMMARY: Column = col(
    "summary",
    "简介",
    &["备注", "说明", "简要介绍"],
    CellKind::Text,
);
const SAMPLE: Column = col("sample", "示例", &["样例"], CellKind::YesNo);

const DISTRICTS: &[Column] = &[
    ID,
    NAME,
    col("kind", "类型", &["类别"], CellKind::Text),
    ALIASES,
];
const UNITS: &[Column] = &[
    ID,
    NAME,
    col("kind", "类型", &["类别"], CellKind::Text),
    col("url", "网址", &["网站"], CellKind::Text),
    ALIASES,
];
const CARRIERS: &[Column] = &[
    ID,
    NAME,
    col("type", "类型", &["类别"], CellKind::Text),
    col("level", "级别", &["等级"], CellKind::Text),
    DISTRICT,
    YEAR,
    SUMMARY,
    ALIASES,
    SAMPLE,
];
const LEADERS: &[Column] = &[
    ID,
    NAME,
    col("sector", "领域", &["行业"], CellKind::Text),
    col("type", "类型", &["类别"], CellKind::Text),
    DISTRICT,
    YEAR,
    SUMMARY,
    ALIASES,
    SAMPLE,
];

/// The columns of `kind`'s table, in the order templates and downloads put them.
pub fn columns(kind: RecordKind) -> &'static [Column] {
    match kind {
        RecordKind::Districts => DISTRICTS,
        RecordKind::Units => UNITS,
        RecordKind::Carriers => CARRIERS,
        RecordKind::Leaders => LEADERS,
    }
}

/// A header as compared: spaces (also full-width ones) and a `*` marking it required left
/// out, a note in brackets at its end (`年份（年）`, `名称(必填)`) dropped, letters in
/// lower case.
pub fn normalize(header: &str) -> String {
    let mut h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if h.ends_with(close)
            && let Some(i) = h.rfind(open)
            && i > 0
        {
            h.truncate(i);
        }
    }
    h.to_lowercase()
}

/// The column of `kind` that `header` names (Chinese or English, see [`normalize`]).
pub fn find(kind: RecordKind, header: &str) -> Option<&'static Column> {
    let h = normalize(header);
    columns(kind)
        .iter()
        .find(|c| c.field == h || normalize(c.zh) == h || c.also.iter().any(|a| normalize(a) == h))
}

/// Every header `kind` accepts, as the hint of an unknown one lists them: `名称 name`.
pub fn expected(kind: RecordKind) -> Vec<String> {
    columns(kind)
        .iter()
        .map(|c| format!("{} {}", c.zh, c.field))
        .collect()
}

/// What a yes/no cell's text means, if it is one.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "√" | "✓" | "✔" | "☑" | "true" | "yes" | "y" | "1" | "示例" | "对" => {
            Some(true)
        }
        "否" | "×" | "✗" | "✘" | "☐" | "false" | "no" | "n" | "0" | "不是" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_name_the_same_column() {
        for h in ["名称", "name", "Name", " 名 称 ", "*名称", "名称（必填）"] {
            assert_eq!(
                find(RecordKind::Carriers, h).map(|c| c.field),
                Some("name"),
                "{h}"
            );
        }
        assert_eq!(
            find(RecordKind::Carriers, "类型").map(|c| c.field),
            Some("type")
        );
        assert_eq!(
            find(RecordKind::Districts, "类型").map(|c| c.field),
            Some("kind")
        );
        assert_eq!(
            find(RecordKind::Carriers, "备注").map(|c| c.field),
            Some("summary")
        );
        assert!(find(RecordKind::Carriers, "电话").is_none());
    }

    #[test]
    fn every_kind_has_id_and_name_first() {
        for kind in RecordKind::ALL {
            let c = columns(kind);
            assert_eq!((c[0].field, c[1].field), ("id", "name"));
        }
    }

    #[test]
    fn headers_are_unambiguous() {
        for kind in RecordKind::ALL {
            let mut seen = std::collections::HashSet::new();
            for c in columns(kind) {
                for h in [c.field, c.zh].iter().chain(c.also) {
                    assert!(seen.insert(normalize(h)), "{h} twice in {kind:?}");
                }
            }
        }
    }
}
