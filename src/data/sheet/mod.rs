//! Tables as staff keep them: a CSV file (UTF-8 with or without BOM, or GBK/GB18030 as Excel
//! on Chinese Windows saves it) or the first sheet of a workbook (`.xlsx`, `.xls`, `.ods`),
//! read into rows of cells, each knowing where it stands: the spreadsheet's row and column
//! (`第4行 D列`) and, for a CSV file, the line and column in the text.
//!
//! This is the one way into a table, whatever its format: [`read`] gives a [`Sheet`], and the
//! typed record files ([`crate::data::table`]) and anything else that reads rows of cells
//! build on it. Every read is bounded: [`MAX_ROWS`] rows, [`MAX_COLUMNS`] columns, files up to
//! [`MAX_FILE_MIB`] MiB, and a workbook (a zip) that would unpack to more than
//! [`MAX_UNPACKED_MIB`] MiB is refused before it is unpacked.

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::{Cell, Msg, SheetLimit};

/// The most rows a table may have.
pub const MAX_ROWS: usize = 100_000;
/// The most columns a table may use.
pub const MAX_COLUMNS: usize = 200;
/// The most cells (that are not empty) a table may have, all rows together: 100,000 rows of
/// 40 columns, and a bound on the memory a table takes.
pub const MAX_CELLS: usize = 4_000_000;
/// The largest table file read.
pub const MAX_FILE_MIB: u64 = 50;
/// The most a workbook (a zip of XML files) may unpack to.
pub const MAX_UNPACKED_MIB: u64 = 200;

/// The file name endings read as tables.
pub const TABLE_EXTENSIONS: [&str; 4] = ["csv", "xlsx", "xls", "ods"];

/// What one cell holds, as the spreadsheet stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, as `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time of day).
    Date(String),
    /// A formula's error value (`#DIV/0!`).
    Error(String),
}

impl Value {
    /// The cell as text: a whole number without `.0`, a boolean as 是/否.
    pub fn as_text(&self) -> String {
        match self {
            Value::Text(t) | Value::Date(t) | Value::Error(t) => t.clone(),
            Value::Number(n) => number_text(*n),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// `2021.0` → `2021`; other numbers as Rust prints them (shortest exact form).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Text that a spreadsheet would take for a formula gets a `'` in front.
pub fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// What [`guard`] did, undone (reading a table that jieshui wrote gives the same text back).
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

/// A cell that is not empty.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCell {
    /// 1-based (A = 1).
    pub col: usize,
    pub value: Value,
}

/// A row with at least one cell that is not empty (blank rows are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based, as the spreadsheet numbers it (for a CSV file, the record's number: a cell
    /// holding a line break does not add a row).
    pub row: usize,
    /// The cells that are not empty, left to right.
    pub cells: Vec<SheetCell>,
    /// CSV only: where each field starts in the text (also the empty ones), left to right.
    starts: Vec<Pos>,
}

impl Row {
    /// The cell in column `col`, if it is not empty.
    pub fn get(&self, col: usize) -> Option<&Value> {
        self.cells.iter().find(|c| c.col == col).map(|c| &c.value)
    }
}

/// One table, read.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file, as messages name it (`data/carriers.xlsx`).
    pub shown: String,
    /// The sheet's name, when the workbook has more than one (messages name it then).
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    /// The text of a CSV file (for excerpts under messages); `None` for a workbook.
    text: Option<String>,
}

impl Sheet {
    /// Where cell (`row`, `col`) of the file is, for the `PATH:LINE:COL` frame: for a
    /// workbook its row and column, for a CSV file its line and character column.
    pub fn pos(&self, row: &Row, col: usize) -> Pos {
        if self.text.is_none() {
            return Pos::new(row.row, col);
        }
        match row.starts.get(col.wrapping_sub(1)) {
            Some(p) => *p,
            None => row
                .starts
                .first()
                .map_or(Pos::line(row.row), |p| Pos::line(p.line)),
        }
    }

    /// `d` placed at cell (`row`, `col`), with the cell said in the message (`第4行 D列（级别）`)
    /// and, for a CSV file, the line under it. `col` `None`: the whole row.
    pub fn diag(
        &self,
        row: &Row,
        col: Option<usize>,
        header: Option<&str>,
        d: Diagnostic,
    ) -> Diagnostic {
        let pos = match col {
            Some(c) => self.pos(row, c),
            None => {
                let p = self.pos(row, 1);
                if self.text.is_some() {
                    Pos::line(p.line)
                } else {
                    Pos::line(row.row)
                }
            }
        };
        let mut d = d.in_file(&self.shown).at(pos).in_cell(Cell {
            sheet: self.sheet.clone(),
            row: row.row,
            col,
            header: header.map(str::to_string),
        });
        if let Some(text) = &self.text {
            d = d.with_source(text);
        }
        d
    }
}

/// A table file of `len` bytes is refused before it is read when it passes [`MAX_FILE_MIB`].
pub fn check_size(shown: &str, len: u64) -> Result<(), Diagnostic> {
    if len > MAX_FILE_MIB << 20 {
        return Err(too_big(shown, SheetLimit::File(MAX_FILE_MIB)));
    }
    Ok(())
}

/// Whether `ext` (lower case, no dot) is read as a table.
pub fn is_table(ext: &str) -> bool {
    TABLE_EXTENSIONS.contains(&ext)
}

/// Reads a table file: a CSV file or the first sheet of a workbook, by its name's ending.
pub fn read(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    let ext = shown
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    check_size(shown, bytes.len() as u64)?;
    if ext == "csv" {
        read_csv(shown, bytes)
    } else {
        read_workbook(shown, bytes)
    }
}

pub(crate) fn too_big(shown: &str, why: SheetLimit) -> Diagnostic {
    Diagnostic::error(Msg::SheetTooBig { why }).in_file(shown)
}

mod csv;
mod workbook;

pub use csv::{decode_csv, read_csv};
pub use workbook::read_workbook;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_file_is_not_a_workbook() {
        let d = read("data/x.xlsx", b"id,name\n".to_vec()).unwrap_err();
        assert_eq!(d.msg.kind(), "sheet-unreadable");
    }

    #[test]
    fn column_letters() {
        use crate::messages::column_letters as l;
        assert_eq!(
            [l(1), l(4), l(26), l(27), l(52), l(703)],
            ["A", "D", "Z", "AA", "AZ", "AAA"]
        );
    }
}
