//! Workbooks: the first sheet of an `.xlsx` (streamed cell by cell), `.xls` or `.ods` (read
//! whole by calamine, after their size is checked from the bytes), told apart by their bytes.

use std::io::Cursor;

use super::{
    MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_MIB, Row, Sheet, SheetCell, Value, too_big,
    unguard,
};
use crate::diagnostics::Diagnostic;
use crate::messages::{Msg, SheetLimit};

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

/// A text cell: trimmed, `None` when blank (the cell's own string kept when it is already so).
fn text_value(t: String) -> Option<Value> {
    let kept = unguard(t.trim());
    match (kept.is_empty(), kept.len() == t.len()) {
        (true, _) => None,
        (false, true) => Some(Value::Text(t)),
        (false, false) => Some(Value::Text(kept.to_string())),
    }
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

/// A streamed `.xlsx` cell's value, read like one of a whole sheet.
fn from_data_ref(v: &calamine::DataRef<'_>, is_1904: bool) -> Option<Value> {
    from_data(calamine::Data::from(v.clone()), is_1904)
}

fn from_data(v: calamine::Data, is_1904: bool) -> Option<Value> {
    use calamine::Data as D;
    match v {
        D::Int(i) => Some(Value::Number(i as f64)),
        D::Float(f) => Some(Value::Number(f)),
        D::String(s) => text_value(s),
        D::Bool(b) => Some(Value::Bool(b)),
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
            from_data(value.clone(), is_1904),
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

    #[test]
    fn text_cells_are_trimmed_and_unguarded_and_blank_ones_dropped() {
        let t = |s: &str| text_value(s.to_string());
        assert_eq!(t("  甲 "), Some(Value::Text("甲".into())));
        assert_eq!(t("甲"), Some(Value::Text("甲".into())));
        assert_eq!(t("'=1+1"), Some(Value::Text("=1+1".into())));
        assert_eq!(t("'x"), Some(Value::Text("'x".into())));
        assert_eq!(t("   "), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(44277.0, false), Value::Date("2021-03-22".into()));
        assert_eq!(
            excel_date(44277.5, false),
            Value::Date("2021-03-22 12:00:00".into())
        );
    }
}
