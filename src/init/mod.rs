//! `jieshui init DIR`: a small working site with the default theme, which the binary carries.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::files::theme::DEFAULT_THEME;
use crate::messages::Msg;

static SKELETON: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/skeleton");

pub(crate) fn init(dir: &Path) -> Result<(), Diagnostic> {
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
    write_dir(&SKELETON, dir)?;
    write_dir(&DEFAULT_THEME, &dir.join("themes").join("default"))
}

fn write_dir(embedded: &Dir<'_>, to: &Path) -> Result<(), Diagnostic> {
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
        std::fs::write(&dest, file.contents()).map_err(|e| fail(&dest, e))?;
    }
    for sub in embedded.dirs() {
        write_dir(sub, to)?;
    }
    Ok(())
}
