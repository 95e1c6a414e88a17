//! The output stage: every file is written into a staging folder beside the output, which is
//! swapped in only when all of it succeeded. A failed or interrupted build leaves the previous
//! output as it was; jieshui only ever replaces a folder it made itself (it keeps a marker).

mod guard;
mod images;
mod lock;
mod mount;
pub(crate) mod pack;
pub(crate) mod progress;
mod sink;
mod statics;
mod swap;
pub(crate) mod urls;

pub(crate) use guard::{check_output_dir, inside_site, resolve_output_dir};
pub(crate) use images::{ImageRef, image_target, missing_images};
pub(crate) use lock::OutputLock;
pub(crate) use sink::{Kept, Observer, Sink};
pub(crate) use statics::{Copy, Source, collect_copies};
pub(crate) use swap::Staging;

/// A file to write: its path under the output root (`news/a/index.html`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The pretty-path rule: a site path is written as a folder's `index.html`
/// (`/news/a/` → `news/a/index.html`); a path to a file stays that file (`/404.html` → `404.html`).
pub(crate) fn file_for(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
