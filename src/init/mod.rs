//! `jieshui init DIR`: a small working site with the default theme, which the binary carries.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::files::theme::DEFAULT_THEME;
use crate::messages::Msg;

static SKELETON: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/skeleton");

/// Writes the new site into `dir`: the skeleton, its campaign year (`year`) and first post's
/// date (`today`, kept in that year) written in, and the default theme.
pub(crate) fn init(dir: &Path, year: i16, today: jiff::civil::Date) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(Msg::InitNotEmpty {
                dir: shown.to_string(),
            }));
        }
    }
    let first_post = if today.year() == year {
        today
    } else {
        jiff::civil::date(year, 3, 22)
    };
    let fill = |text: &str| {
        text.replace("@@YEAR@@", &year.to_string())
            .replace("@@DATE@@", &first_post.to_string())
    };
    write_dir(&SKELETON, dir, &fill)?;
    write_templates(dir)?;
    write_dir(&DEFAULT_THEME, &dir.join("themes").join("default"), &|t| {
        t.to_string()
    })
}

/// A spreadsheet for each record kind (`data/carriers.xlsx`…): the right headers and one 示例
/// row, to be filled in Excel or WPS. Only for a kind the skeleton has no data file for, so
/// there is one file per kind.
fn write_templates(dir: &Path) -> Result<(), Diagnostic> {
    use crate::data::export;
    for kind in crate::layout::RecordKind::ALL {
        let taken = SKELETON
            .get_dir("data")
            .into_iter()
            .flat_map(|d| d.files())
            .any(|f| f.path().file_stem().and_then(|s| s.to_str()) == Some(kind.name()));
        if taken {
            continue;
        }
        let path = dir.join("data").join(format!("{}.xlsx", kind.name()));
        let fail = |e: std::io::Error| {
            Diagnostic::error(Msg::CannotWrite {
                path: path.display().to_string(),
                from: None,
                detail: e.to_string(),
            })
        };
        let bytes = export::to_xlsx(export::sheet_name(kind), &export::template_table(kind))
            .map_err(fail)?;
        std::fs::create_dir_all(dir.join("data")).map_err(fail)?;
        std::fs::write(&path, bytes).map_err(fail)?;
    }
    Ok(())
}

/// Writes `embedded` into `to`, its text files through `fill`.
fn write_dir(
    embedded: &Dir<'_>,
    to: &Path,
    fill: &dyn Fn(&str) -> String,
) -> Result<(), Diagnostic> {
    let fail = |p: &Path, e: std::io::Error| {
        Diagnostic::error(Msg::CannotWrite {
            path: p.display().to_string(),
            from: None,
            detail: e.to_string(),
        })
    };
    std::fs::create_dir_all(to).map_err(|e| fail(to, e))?;
    for file in embedded.files() {
        let dest = to.join(file.path());
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        let written = match file.contents_utf8() {
            Some(text) if text.contains("@@") => std::fs::write(&dest, fill(text)),
            _ => std::fs::write(&dest, file.contents()),
        };
        written.map_err(|e| fail(&dest, e))?;
    }
    for sub in embedded.dirs() {
        write_dir(sub, to, fill)?;
    }
    Ok(())
}
