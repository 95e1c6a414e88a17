//! The output stage: every file is written into a staging folder beside the output, which is
//! swapped in only when all of it succeeded. A failed or interrupted build leaves the previous
//! output as it was; jieshui only ever replaces a folder it made itself (it keeps a marker).

pub mod calendar;
pub mod feeds;
mod guard;
pub mod sitemap;
mod statics;
mod swap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutFile;

pub use guard::{check_output_dir, resolve_output_dir};
pub use statics::{Copy, collect_copies};

/// The marker file jieshui keeps at the root of every output folder it makes.
pub const MARKER: &str = ".jieshui";
const MARKER_TEXT: &str = "This folder is made by jieshui. `jieshui build` replaces it whole.\n";

/// What one output file is made from.
enum Source<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

/// Writes `files` and `copies` as the new content of `out`. Returns how many files were written.
pub fn write_site(
    out: &Path,
    files: &[OutFile],
    copies: &[Copy],
    diags: &mut Diagnostics,
) -> usize {
    let mut plan: BTreeMap<&str, (Source<'_>, String)> = BTreeMap::new();
    for c in copies {
        // A later source (the site's static/ over the theme's) wins by design.
        plan.insert(&c.to, (Source::Copy(&c.from), c.shown.clone()));
    }
    for f in files {
        let origin = format!("the page at /{}", f.path.trim_end_matches("index.html"));
        if let Some((_, first)) = plan.insert(&f.path, (Source::Bytes(&f.bytes), origin.clone())) {
            diags.push(
                Diagnostic::error(format!("two things write {}: {first} and {origin}", f.path))
                    .hint("rename the static file or change the page's slug"),
            );
        }
    }
    if diags.has_errors() {
        return 0;
    }
    let staging = match swap::Staging::create(out) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return 0;
        }
    };
    let dirs: std::collections::BTreeSet<PathBuf> = plan
        .keys()
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for dir in &dirs {
        if let Err(e) = std::fs::create_dir_all(staging.path().join(dir)) {
            diags.push(Diagnostic::error(format!(
                "cannot create {}: {e}",
                dir.display()
            )));
            return 0;
        }
    }
    let errors: Vec<Diagnostic> = plan
        .par_iter()
        .filter_map(|(rel, (source, shown))| {
            let dest = staging.path().join(rel);
            let result = match source {
                Source::Bytes(bytes) => std::fs::write(&dest, bytes),
                Source::Copy(from) => std::fs::copy(from, &dest).map(|_| ()),
            };
            result
                .err()
                .map(|e| Diagnostic::error(format!("cannot write {rel} (from {shown}): {e}")))
        })
        .collect();
    if !errors.is_empty() {
        diags.extend(errors);
        return 0;
    }
    match staging.commit(out) {
        Ok(()) => plan.len(),
        Err(d) => {
            diags.push(d);
            0
        }
    }
}
