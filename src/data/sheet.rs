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

use std::io::Cursor;

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

// ---------------------------------------------------------------------------------------------
// CSV

/// Decodes a CSV file: UTF-8 (a BOM dropped), UTF-16 with a BOM, or GB18030 (which GBK and
/// GB2312 are part of). Text that is none of them, or decodes to control characters, is an
/// error: guessing would give a page of 乱码.
pub fn decode_csv(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return crate::files::decode(shown, bytes);
    }
    let unknown = || Diagnostic::error(Msg::CsvEncodingUnknown).in_file(shown);
    for (bom, encoding) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[2..])
                .map(|t| t.into_owned())
                .ok_or_else(unknown);
        }
    }
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        return crate::files::decode(shown, bytes);
    }
    let text = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .ok_or_else(unknown)?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(unknown());
    }
    Ok(text.into_owned())
}

/// Reads a CSV file (any of the encodings [`decode_csv`] knows).
pub fn read_csv(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    let text = decode_csv(shown, bytes)?;
    let rows = parse_csv(shown, &text)?;
    Ok(Sheet {
        shown: shown.to_string(),
        sheet: None,
        rows,
        text: Some(text),
    })
}

/// Splits CSV text into rows (RFC 4180, as Excel and WPS write it): fields separated by `,`,
/// a field in `"…"` may hold commas, line breaks and `""` (a quote); records end with `\r\n`,
/// `\n` or `\r`. Text after a closing quote is kept, as Excel does. Blank rows are counted
/// (the spreadsheet shows them) but not kept.
fn parse_csv(shown: &str, text: &str) -> Result<Vec<Row>, Diagnostic> {
    // Excel's "Unicode text" (UTF-16) separates cells with tabs: a first line with tabs and
    // no comma says so.
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let sep = if first_line.contains('\t') && !first_line.contains(',') {
        '\t'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut col) = (1usize, 1usize);
    let mut record = 0usize;
    // The current record.
    let mut starts: Vec<Pos> = Vec::new();
    let mut cells: Vec<SheetCell> = Vec::new();
    let mut field = String::new();
    let mut field_start = Pos::new(1, 1);
    let mut at_field_start = true;
    let mut quoted = false;
    let mut in_quotes = false;
    let mut any = false;
    // Cells and cell positions kept so far (a bound on the memory the rows take).
    let mut kept = 0usize;
    let end_field = |field: &mut String,
                     starts: &mut Vec<Pos>,
                     cells: &mut Vec<SheetCell>,
                     start: Pos|
     -> Result<(), Diagnostic> {
        let n = starts.len() + 1;
        if n <= MAX_COLUMNS + 1 {
            starts.push(start);
        }
        let value = field.trim();
        if !value.is_empty() {
            if n > MAX_COLUMNS {
                return Err(too_big(shown, SheetLimit::Columns(MAX_COLUMNS)));
            }
            cells.push(SheetCell {
                col: n,
                value: Value::Text(unguard(value).to_string()),
            });
        }
        field.clear();
        Ok(())
    };
    loop {
        let c = chars.next();
        if in_quotes {
            match c {
                None => {
                    return Err(Diagnostic::error(Msg::UnclosedQuote { quote: '"' })
                        .in_file(shown)
                        .at(field_start)
                        .in_cell(Cell {
                            sheet: None,
                            row: record + 1,
                            col: Some(starts.len() + 1),
                            header: None,
                        })
                        .with_source(text));
                }
                Some('"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                    col += 2;
                }
                Some('"') => {
                    in_quotes = false;
                    col += 1;
                }
                Some('\r') => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                        field.push('\r');
                    }
                    field.push('\n');
                    line += 1;
                    col = 1;
                }
                Some('\n') => {
                    field.push('\n');
                    line += 1;
                    col = 1;
                }
                Some(ch) => {
                    field.push(ch);
                    col += 1;
                }
            }
            continue;
        }
        if at_field_start {
            field_start = Pos::new(line, col);
            at_field_start = false;
            quoted = false;
        }
        match c {
            Some('"') if field.trim().is_empty() && !quoted => {
                field.clear();
                in_quotes = true;
                quoted = true;
                any = true;
                col += 1;
            }
            Some(c) if c == sep => {
                end_field(&mut field, &mut starts, &mut cells, field_start)?;
                at_field_start = true;
                any = true;
                col += 1;
            }
            None | Some('\n' | '\r') => {
                if c == Some('\r') && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if c.is_none() && !any && field.is_empty() {
                    break;
                }
                end_field(&mut field, &mut starts, &mut cells, field_start)?;
                record += 1;
                if record > MAX_ROWS {
                    return Err(too_big(shown, SheetLimit::Rows(MAX_ROWS)));
                }
                if !cells.is_empty() {
                    // Where the empty cells after the last one start is not needed.
                    starts.truncate(cells.last().map_or(0, |c| c.col));
                    kept = kept.saturating_add(cells.len() + starts.len());
                    if kept > 2 * MAX_CELLS {
                        return Err(too_big(shown, SheetLimit::Cells(MAX_CELLS)));
                    }
                    rows.push(Row {
                        row: record,
                        cells: std::mem::take(&mut cells),
                        starts: std::mem::take(&mut starts),
                    });
                } else {
                    starts.clear();
                }
                if c.is_none() {
                    break;
                }
                line += 1;
                col = 1;
                at_field_start = true;
                any = false;
            }
            Some(ch) => {
                field.push(ch);
                any = true;
                col += 1;
            }
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Workbooks

/// Reads the first sheet of a workbook: `.xlsx` (Excel, WPS), `.xls` (older Excel), `.ods`
/// (LibreOffice, WPS). The file's own bytes say which it is, whatever its name: a file that
/// is none of them is an error, not a guess.
pub fn read_workbook(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    // calamine asserts things of the files it reads (a damaged .xls can fail `assert_eq!`):
    // a panic in it is a damaged file, said as such, not a crash of the build.
    match quietly(|| read_workbook_inner(shown, bytes)) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let first_line = why.lines().next().unwrap_or_default();
            Err(sheet_error(shown, format!("calamine: {first_line}")))
        }
    }
}

thread_local! {
    /// Set while this thread runs calamine: its panics are caught and said as an error, so
    /// the panic hook stays silent.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic in it without printing it (a hook installed once passes every
/// other panic on to the previous hook).
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result
}

fn read_workbook_inner(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let unreadable = || Diagnostic::error(Msg::SheetUnreadable { detail: None }).in_file(shown);
    if bytes.starts_with(b"PK\x03\x04") {
        let names = check_zip(shown, &bytes)?;
        if names.iter().any(|n| n == "xl/workbook.xml") {
            return read_xlsx(shown, bytes);
        }
        if names.iter().any(|n| n == "content.xml") {
            return read_ods(shown, bytes);
        }
        return Err(unreadable());
    }
    if bytes.starts_with(&OLE) {
        return read_xls(shown, bytes);
    }
    Err(unreadable())
}

/// Checks a zip's directory before anything is unpacked: what it says every file unpacks to
/// (which the zip reader holds each file to) must stay within [`MAX_UNPACKED_MIB`]. Returns the
/// names of its files.
fn check_zip(shown: &str, bytes: &[u8]) -> Result<Vec<String>, Diagnostic> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(Msg::SheetUnreadable {
            detail: Some(e.to_string()),
        })
        .in_file(shown)
    })?;
    if archive.len() > 10_000 {
        return Err(too_big(shown, SheetLimit::Unpacked(MAX_UNPACKED_MIB)));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(|e| {
            Diagnostic::error(Msg::SheetUnreadable {
                detail: Some(e.to_string()),
            })
            .in_file(shown)
        })?;
        total = total.saturating_add(file.size());
        names.push(file.name().map(|n| n.into_owned()).unwrap_or_default());
    }
    if total > MAX_UNPACKED_MIB << 20 {
        return Err(too_big(shown, SheetLimit::Unpacked(MAX_UNPACKED_MIB)));
    }
    Ok(names)
}

/// Collects cells into rows, in the order a sheet gives them, with the limits checked.
#[derive(Default)]
struct Collect {
    rows: std::collections::BTreeMap<usize, Vec<SheetCell>>,
}

impl Collect {
    /// A cell at 0-based (`row`, `col`).
    fn add(
        &mut self,
        shown: &str,
        row: u32,
        col: u32,
        value: Option<Value>,
    ) -> Result<(), Diagnostic> {
        let Some(value) = value else { return Ok(()) };
        let (row, col) = (row as usize + 1, col as usize + 1);
        if row > MAX_ROWS {
            return Err(too_big(shown, SheetLimit::Rows(MAX_ROWS)));
        }
        if col > MAX_COLUMNS {
            return Err(too_big(shown, SheetLimit::Columns(MAX_COLUMNS)));
        }
        self.rows
            .entry(row)
            .or_default()
            .push(SheetCell { col, value });
        Ok(())
    }

    fn finish(self, shown: &str, sheet: Option<String>) -> Sheet {
        let rows = self
            .rows
            .into_iter()
            .map(|(row, mut cells)| {
                cells.sort_by_key(|c| c.col);
                cells.dedup_by_key(|c| c.col);
                Row {
                    row,
                    cells,
                    starts: Vec::new(),
                }
            })
            .collect();
        Sheet {
            shown: shown.to_string(),
            sheet,
            rows,
            text: None,
        }
    }
}

/// A text cell: trimmed, `None` when blank.
fn text_value(t: &str) -> Option<Value> {
    let t = t.trim();
    (!t.is_empty()).then(|| Value::Text(unguard(t).to_string()))
}

/// A date cell's serial number (days since 1899-12-30, or 1904-01-01) as `YYYY-MM-DD`.
fn excel_date(serial: f64, is_1904: bool) -> Value {
    let (y, m, d) = if is_1904 {
        (1904, 1, 1)
    } else {
        (1899, 12, 30)
    };
    let days = serial.floor();
    let secs = ((serial - days) * 86_400.0).round() as i64;
    let date = jiff::civil::Date::new(y, m, d)
        .ok()
        .and_then(|base| base.checked_add(jiff::Span::new().days(days as i64)).ok());
    match date {
        Some(date) if secs == 0 => Value::Date(date.to_string()),
        Some(date) => Value::Date(format!(
            "{date} {:02}:{:02}:{:02}",
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60
        )),
        None => Value::Number(serial),
    }
}

fn from_data_ref(v: &calamine::DataRef<'_>, is_1904: bool) -> Option<Value> {
    use calamine::DataRef as D;
    match v {
        D::Int(i) => Some(Value::Number(*i as f64)),
        D::Float(f) => Some(Value::Number(*f)),
        D::String(s) => text_value(s),
        D::SharedString(s) => text_value(s),
        D::Bool(b) => Some(Value::Bool(*b)),
        D::DateTime(dt) if dt.is_datetime() => Some(excel_date(dt.as_f64(), is_1904)),
        D::DateTime(dt) => Some(Value::Number(dt.as_f64())),
        D::DateTimeIso(s) | D::DurationIso(s) => {
            text_value(s).map(|v| Value::Date(v.as_text().replace('T', " ")))
        }
        D::Error(e) => Some(Value::Error(e.to_string())),
        D::Empty => None,
    }
}

fn from_data(v: &calamine::Data, is_1904: bool) -> Option<Value> {
    use calamine::Data as D;
    match v {
        D::Int(i) => Some(Value::Number(*i as f64)),
        D::Float(f) => Some(Value::Number(*f)),
        D::String(s) => text_value(s),
        D::Bool(b) => Some(Value::Bool(*b)),
        D::DateTime(dt) if dt.is_datetime() => Some(excel_date(dt.as_f64(), is_1904)),
        D::DateTime(dt) => Some(Value::Number(dt.as_f64())),
        D::DateTimeIso(s) | D::DurationIso(s) => {
            text_value(s).map(|v| Value::Date(v.as_text().replace('T', " ")))
        }
        D::Error(e) => Some(Value::Error(e.to_string())),
        D::Empty => None,
    }
}

fn sheet_error(shown: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Msg::SheetUnreadable {
        detail: Some(e.to_string()),
    })
    .in_file(shown)
}

/// The name to show in messages: only when there is more than one sheet to choose from.
fn shown_sheet(names: &[String]) -> Option<String> {
    (names.len() > 1).then(|| names[0].clone())
}

/// `.xlsx`: cells are streamed from the sheet's XML (never a dense grid, which a sheet with one
/// cell at A1 and one at XFD1048576 would make huge), and a formula gives its saved value.
fn read_xlsx(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| sheet_error(shown, e))?;
    let names = book.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Ok(Collect::default().finish(shown, None));
    };
    let is_1904 = book.has_1904_epoch();
    let mut collect = Collect::default();
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| sheet_error(shown, e))?;
    let mut seen: usize = 0;
    while let Some(cell) = cells.next_cell().map_err(|e| sheet_error(shown, e))? {
        seen += 1;
        if seen > MAX_CELLS {
            return Err(too_big(shown, SheetLimit::Cells(MAX_CELLS)));
        }
        let (row, col) = cell.get_position();
        collect.add(shown, row, col, from_data_ref(cell.get_value(), is_1904))?;
    }
    drop(cells);
    Ok(collect.finish(shown, shown_sheet(&names)))
}

/// `.xls` (BIFF, at most 65,536 × 256 cells by its format) and `.ods`: read whole by calamine.
fn read_range(
    shown: &str,
    range: &calamine::Range<calamine::Data>,
    names: &[String],
    is_1904: bool,
) -> Result<Sheet, Diagnostic> {
    let mut collect = Collect::default();
    for (row, col, value) in range.used_cells() {
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        collect.add(
            shown,
            start_row + row as u32,
            start_col + col as u32,
            from_data(value, is_1904),
        )?;
    }
    Ok(collect.finish(shown, shown_sheet(names)))
}

fn read_xls(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    use calamine::Reader;
    if let Some((cells, widest)) = crate::data::xls_check::spelled_out(&bytes) {
        if widest > MAX_COLUMNS {
            return Err(too_big(shown, SheetLimit::Columns(MAX_COLUMNS)));
        }
        if cells > MAX_SPELLED_CELLS {
            return Err(too_big(shown, SheetLimit::Cells(MAX_CELLS)));
        }
    }
    let mut book: calamine::Xls<_> =
        calamine::Xls::new(Cursor::new(bytes)).map_err(|e| sheet_error(shown, e))?;
    let names = book.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Ok(Collect::default().finish(shown, None));
    };
    let is_1904 = book.has_1904_epoch();
    let range = book
        .worksheet_range(&first)
        .map_err(|e| sheet_error(shown, e))?;
    read_range(shown, &range, &names, is_1904)
}

/// The most cells an `.ods` or `.xls` may make calamine hold (it reads every sheet whole, into
/// grids as large as the rectangle around their cells, repeated cells spelled out): about
/// 128 MiB of them.
const MAX_SPELLED_CELLS: u64 = MAX_CELLS as u64;

/// Checks an `.ods`'s sheets before calamine reads them: a few bytes of XML can say "this
/// cell, repeated 16,000 times, in a row repeated a million times". Counts rows and columns as
/// calamine will spell them out, up to the last cell that holds something.
fn check_ods(shown: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| sheet_error(shown, e))?;
    let mut xml = Vec::new();
    archive
        .by_name("content.xml")
        .map_err(|e| sheet_error(shown, e))?
        .read_to_end(&mut xml)
        .map_err(|e| sheet_error(shown, e))?;
    let repeat = |tag: &[u8], attr: &[u8]| -> u64 {
        find(tag, attr)
            .and_then(|i| {
                let rest = &tag[i + attr.len()..];
                let digits: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(u8::is_ascii_digit)
                    .collect();
                std::str::from_utf8(&digits).ok()?.parse::<u64>().ok()
            })
            .unwrap_or(1)
    };
    // Rows so far in this sheet, its widest row, the cells of the sheets before it.
    let (mut rows, mut width, mut before) = (0u64, 0u64, 0u64);
    let mut sheet_cells = 0u64;
    // The current row: its repeat count, the columns so far, the last one that holds something.
    let (mut row_repeat, mut col, mut last) = (1u64, 0u64, 0u64);
    let mut i = 0;
    while let Some(open) = find(&xml[i..], b"<").map(|o| i + o) {
        let end = find(&xml[open..], b">").map_or(xml.len(), |e| open + e + 1);
        let tag = &xml[open..end];
        i = end;
        if tag.starts_with(b"<table:table ") || tag.starts_with(b"<table:table>") {
            before = before.saturating_add(sheet_cells);
            (rows, width, sheet_cells) = (0, 0, 0);
        } else if tag.starts_with(b"<table:table-row") && !tag.starts_with(b"<table:table-rows") {
            row_repeat = repeat(tag, b"table:number-rows-repeated=\"");
            (col, last) = (0, 0);
        } else if tag.starts_with(b"<table:table-cell")
            || tag.starts_with(b"<table:covered-table-cell")
        {
            let n = repeat(tag, b"table:number-columns-repeated=\"");
            let holds = find(tag, b"office:value-type").is_some() || !tag.ends_with(b"/>");
            col = col.saturating_add(n);
            if holds {
                last = col;
            }
        } else if tag.starts_with(b"</table:table-row") {
            rows = rows.saturating_add(row_repeat);
            if last > 0 {
                if last > MAX_COLUMNS as u64 {
                    return Err(too_big(shown, SheetLimit::Columns(MAX_COLUMNS)));
                }
                if rows > MAX_ROWS as u64 {
                    return Err(too_big(shown, SheetLimit::Rows(MAX_ROWS)));
                }
            }
            if last > 0 {
                // calamine spells out every row up to here, each as wide as the widest.
                width = width.max(last);
                sheet_cells = rows.saturating_mul(width);
                if before.saturating_add(sheet_cells) > MAX_SPELLED_CELLS {
                    return Err(too_big(shown, SheetLimit::Cells(MAX_CELLS)));
                }
            }
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn read_ods(shown: &str, bytes: Vec<u8>) -> Result<Sheet, Diagnostic> {
    use calamine::Reader;
    check_ods(shown, &bytes)?;
    let mut book: calamine::Ods<_> =
        calamine::Ods::new(Cursor::new(bytes)).map_err(|e| sheet_error(shown, e))?;
    let names = book.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Ok(Collect::default().finish(shown, None));
    };
    let range = book
        .worksheet_range(&first)
        .map_err(|e| sheet_error(shown, e))?;
    read_range(shown, &range, &names, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<(usize, String)>)> {
        parse_csv("t.csv", text)
            .unwrap()
            .into_iter()
            .map(|r| {
                (
                    r.row,
                    r.cells.iter().map(|c| (c.col, c.value.as_text())).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn crlf_and_lf_number_rows_alike() {
        let lf = rows("a,b\n1,2\n3,4\n");
        let crlf = rows("a,b\r\n1,2\r\n3,4\r\n");
        assert_eq!(lf, crlf);
        assert_eq!(lf[2].0, 3);
    }

    #[test]
    fn a_line_break_in_a_cell_does_not_add_a_row() {
        let text = "a,b\r\n\"x\r\ny\",2\r\n3,\"4\"\r\n";
        let sheet = read_csv("t.csv", text.as_bytes().to_vec()).unwrap();
        let r = &sheet.rows;
        assert_eq!(r[1].get(1), Some(&Value::Text("x\r\ny".into())));
        assert_eq!(r[2].row, 3);
        // The frame points at the line where the cell is.
        assert_eq!(sheet.pos(&r[2], 2), Pos::new(4, 3));
        assert_eq!(sheet.pos(&r[1], 2), Pos::new(3, 4));
    }

    #[test]
    fn blank_rows_and_columns_are_left_out_but_counted() {
        let r = rows("a,,b\n,,\n\n1,,2\n,,,,,,\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1], (4, vec![(1, "1".into()), (3, "2".into())]));
    }

    #[test]
    fn tab_separated_text_is_read_too() {
        let r = rows("名称\t级别\n甲\t市级\n");
        assert_eq!(r[1].1, vec![(1, "甲".into()), (2, "市级".into())]);
    }

    #[test]
    fn quotes_and_commas_inside_cells() {
        let r = rows("\"a,b\",\"say \"\"hi\"\"\"\n");
        assert_eq!(r[0].1, vec![(1, "a,b".into()), (2, "say \"hi\"".into())]);
    }

    #[test]
    fn an_unclosed_quote_is_located_where_it_opens() {
        let d = parse_csv("t.csv", "a,b\n1,\"2\n3,4\n").unwrap_err();
        assert_eq!(d.pos, Some(Pos::new(2, 3)));
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("名称,级别\n节水学校,市级\n");
        let sheet = read_csv("t.csv", bytes.into_owned()).unwrap();
        assert_eq!(sheet.rows[1].get(1), Some(&Value::Text("节水学校".into())));
    }

    #[test]
    fn utf8_with_bom_and_utf16_are_decoded() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("名称\n甲\n".as_bytes());
        assert_eq!(read_csv("t.csv", bytes).unwrap().rows.len(), 2);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "名称\n乙\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let sheet = read_csv("t.csv", utf16).unwrap();
        assert_eq!(sheet.rows[1].get(1), Some(&Value::Text("乙".into())));
    }

    #[test]
    fn binary_is_not_a_csv() {
        let d = read_csv("t.csv", vec![0x80, 0x00, 0xFF, 0x01, 0x02]).unwrap_err();
        assert_eq!(d.msg, Msg::CsvEncodingUnknown);
    }

    #[test]
    fn too_many_rows_is_refused_early() {
        let text = "a\n".repeat(MAX_ROWS + 1);
        let d = read_csv("t.csv", text.into_bytes()).unwrap_err();
        assert_eq!(
            d.msg,
            Msg::SheetTooBig {
                why: SheetLimit::Rows(MAX_ROWS)
            }
        );
    }

    #[test]
    fn a_renamed_file_is_not_a_workbook() {
        let d = read("data/x.xlsx", b"id,name\n".to_vec()).unwrap_err();
        assert_eq!(d.msg.kind(), "sheet-unreadable");
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(44277.0, false), Value::Date("2021-03-22".into()));
        assert_eq!(
            excel_date(44277.5, false),
            Value::Date("2021-03-22 12:00:00".into())
        );
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
