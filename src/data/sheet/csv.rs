//! CSV files as Excel and WPS save them: UTF-8 (with or without BOM), UTF-16 with a BOM
//! ("Unicode text", tab-separated) or GBK/GB18030, split into rows that remember the line and
//! column of each field.

use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Row, Sheet, SheetCell, Value, too_big, unguard};
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::{Cell, Msg, SheetLimit};

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
}
