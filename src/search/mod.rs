//! The offline search index (`search: true`).
//!
//! Pages are indexed by CJK characters and bigrams and by lower-cased words (`tokenize`);
//! runs of documents are counted in parallel (`chunk`) and merged into posting lists, also in
//! parallel (`postings`); the lists and the documents' texts are written as script files that
//! the default theme's `search.js` loads with `<script>` elements, so search works from
//! file://, under a subpath and with relative URLs (`shards`, `encode`). The format:
//!
//! - `search/manifest.js`: `{v, id, docs, docShards, termShards}`. `docShards` holds one
//!   varint per document shard, its number of documents; `termShards` two per term shard, the
//!   first term hash minus the previous shard's last one, and its last minus its first.
//! - `search/t-N.js`: `{term: postings}` for the terms whose `term_hash` lies in the shard's
//!   range; a long list continues in the next shards (concatenate the strings in order).
//! - `search/d-N.js`: `[[path, title, section, date, text], …]` for consecutive document ids.
//!
//! Each file is `window.__jieshuiSearch.add(KIND, N, DATA);` with KIND `m`, `t` or `d`.

mod chunk;
mod encode;
mod postings;
mod shards;
#[cfg(test)]
mod tests;
mod tokenize;

use crate::output::OutFile;

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

/// The index files to write under the output root (`search/manifest.js`, `search/t-N.js`,
/// `search/d-N.js`). The same documents in any order give the same bytes.
pub fn build_index(docs: &[SearchDoc]) -> Vec<OutFile> {
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| {
        (&a.path, &a.title, &a.section, &a.date, &a.text)
            .cmp(&(&b.path, &b.title, &b.section, &b.date, &b.text))
    });
    let pairs: Vec<(&str, &str)> = order
        .iter()
        .map(|d| (d.title.as_str(), d.text.as_str()))
        .collect();
    let terms = postings::build(&pairs);
    shards::files(&order, &terms)
}
