//! The offline search index (`search: true`). Scaffold: the search work replaces this body.

use crate::render::OutFile;

/// One searchable document.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Site path (`/plan/task-01/`).
    pub path: String,
    pub title: String,
    /// Title of the section it belongs to, if any.
    pub section: String,
    /// ISO date, if any.
    pub date: Option<String>,
    /// Plain text of the body.
    pub text: String,
}

/// The index files to write under the output root (e.g. `search/index-*.js`).
pub fn build_index(docs: &[SearchDoc]) -> Vec<OutFile> {
    let _ = docs;
    Vec::new()
}
