//! The index files: a small manifest, term shards (ranges of term hashes) and document shards
//! (runs of document ids), each a script that hands its data to `window.__jieshuiSearch.add`,
//! so the search page can load them with `<script>` elements, from file:// too. Where shards
//! split is decided in one quick pass; the files are then written in parallel.

use std::ops::Range;

use rayon::prelude::*;

use super::SearchDoc;
use super::encode::{
    FNV64_START, content_hash, ends_number, fnv64, js_string, js_text, push_varint,
};
use super::postings::TermPostings;
use crate::output::OutFile;

/// Upper limit of a term shard's size in bytes. A posting list longer than that is split
/// over consecutive shards.
pub(crate) const TERM_SHARD_BYTES: usize = 32 * 1024;
/// Target size of a document shard; a shard closes once it reaches it.
pub(crate) const DOC_SHARD_BYTES: usize = 16 * 1024;
/// Characters of a document's text kept for excerpts.
pub(crate) const MAX_TEXT_CHARS: usize = 1500;
/// Characters of a title or section name kept.
const MAX_TITLE_CHARS: usize = 200;
/// Format version, checked by search.js.
pub(crate) const FORMAT: u32 = 1;

const CALL: &str = "window.__jieshuiSearch.add(";
/// Room kept for the call around a shard's data.
const WRAPPER: usize = 64;

/// A piece of a term shard: a term (index) and a byte range of its posting list.
type Piece = (usize, Range<usize>);

/// All index files, manifest first.
pub(crate) fn files(docs: &[&SearchDoc], terms: &[TermPostings]) -> Vec<OutFile> {
    let keys: Vec<String> = terms
        .par_iter()
        .map(|t| {
            let mut k = String::with_capacity(t.term.len() + 3);
            js_string(&mut k, &t.term);
            k
        })
        .collect();
    let plan = plan_terms(terms, &keys);
    let entries: Vec<String> = docs.par_iter().map(|d| doc_entry(d)).collect();
    let runs = plan_docs(&entries);
    let term_files = plan.par_iter().enumerate().map(|(i, pieces)| {
        let mut js = String::with_capacity(TERM_SHARD_BYTES);
        js.push_str(&format!("{CALL}\"t\",{i},{{"));
        for (n, (t, range)) in pieces.iter().enumerate() {
            if n > 0 {
                js.push(',');
            }
            js.push_str(&keys[*t]);
            js.push_str(":\"");
            js.push_str(terms[*t].postings.get(range.clone()).unwrap_or(""));
            js.push('"');
        }
        js.push_str("});\n");
        (format!("search/t-{i}.js"), js)
    });
    let doc_files = runs.par_iter().enumerate().map(|(i, run)| {
        let size: usize = entries[run.clone()].iter().map(|e| e.len() + 1).sum();
        let mut js = String::with_capacity(size + WRAPPER);
        js.push_str(&format!("{CALL}\"d\",{i},["));
        for (n, e) in entries[run.clone()].iter().enumerate() {
            if n > 0 {
                js.push(',');
            }
            js.push_str(e);
        }
        js.push_str("]);\n");
        (format!("search/d-{i}.js"), js)
    });
    let shards: Vec<(OutFile, u64)> = term_files
        .chain(doc_files)
        .map(|(path, js)| {
            let h = content_hash(js.as_bytes());
            let file = OutFile {
                path,
                bytes: js.into_bytes(),
            };
            (file, h)
        })
        .collect();
    let mut id = FNV64_START;
    for (_, h) in &shards {
        fnv64(&mut id, &h.to_le_bytes());
    }
    let manifest = manifest(id, docs.len(), &plan, terms, &runs);
    std::iter::once(manifest)
        .chain(shards.into_iter().map(|(f, _)| f))
        .collect()
}

fn manifest(
    id: u64,
    docs: usize,
    plan: &[Vec<Piece>],
    terms: &[TermPostings],
    runs: &[Range<usize>],
) -> OutFile {
    let mut term_shards = String::new();
    let mut prev = 0u32;
    for pieces in plan {
        let hash = |p: Option<&Piece>| p.map_or(prev, |(t, _)| terms[*t].hash);
        let (lo, hi) = (hash(pieces.first()), hash(pieces.last()));
        push_varint(&mut term_shards, u64::from(lo.saturating_sub(prev)));
        push_varint(&mut term_shards, u64::from(hi.saturating_sub(lo)));
        prev = hi;
    }
    let mut doc_shards = String::new();
    for run in runs {
        push_varint(&mut doc_shards, run.len() as u64);
    }
    let js = format!(
        "{CALL}\"m\",0,{{\"v\":{FORMAT},\"id\":\"{id:016x}\",\"docs\":{docs},\"docShards\":\"{doc_shards}\",\"termShards\":\"{term_shards}\"}});\n"
    );
    OutFile {
        path: "search/manifest.js".into(),
        bytes: js.into_bytes(),
    }
}

/// The pieces of each term shard. Terms stay whole unless one is too long for a shard of its
/// own; then it starts a shard and is cut after the last whole posting that fits.
fn plan_terms(terms: &[TermPostings], keys: &[String]) -> Vec<Vec<Piece>> {
    let room = TERM_SHARD_BYTES - WRAPPER;
    let mut shards = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut size = 0;
    for (t, term) in terms.iter().enumerate() {
        let overhead = keys[t].len() + 4;
        let postings = term.postings.as_bytes();
        let mut start = 0;
        while start < postings.len() || start == 0 {
            let rest = postings.len() - start;
            if size + overhead + rest <= room || (cur.is_empty() && overhead + 1 > room) {
                cur.push((t, start..postings.len()));
                size += overhead + rest;
                break;
            }
            if !cur.is_empty() {
                shards.push(std::mem::take(&mut cur));
                size = 0;
                continue;
            }
            let fits = room.saturating_sub(overhead).min(rest);
            let cut = postings[start..start + fits]
                .iter()
                .rposition(|&b| ends_number(b))
                .map_or(postings.len(), |i| start + i + 1);
            cur.push((t, start..cut));
            shards.push(std::mem::take(&mut cur));
            start = cut;
        }
    }
    if !cur.is_empty() {
        shards.push(cur);
    }
    shards
}

/// The documents of each document shard: consecutive runs of about `DOC_SHARD_BYTES`.
fn plan_docs(entries: &[String]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        size += e.len() + 1;
        if size >= DOC_SHARD_BYTES - WRAPPER {
            runs.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < entries.len() {
        runs.push(start..entries.len());
    }
    runs
}

/// `[path,title,section,date,text]`: the date as YYYY-MM-DD, the text with its whitespace
/// collapsed and cut to `MAX_TEXT_CHARS`.
fn doc_entry(d: &SearchDoc) -> String {
    let date = d.date.as_deref().unwrap_or("");
    let date = date.get(..10).unwrap_or(date);
    let mut s = String::with_capacity(d.text.len().min(MAX_TEXT_CHARS * 3) + 128);
    s.push('[');
    js_string(&mut s, &d.path);
    s.push(',');
    js_text(&mut s, &d.title, MAX_TITLE_CHARS);
    s.push(',');
    js_text(&mut s, &d.section, MAX_TITLE_CHARS);
    s.push(',');
    js_string(&mut s, date);
    s.push(',');
    js_text(&mut s, &d.text, MAX_TEXT_CHARS);
    s.push(']');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(hash: u32, term: &str, postings: &str) -> TermPostings {
        TermPostings {
            hash,
            term: term.into(),
            postings: postings.into(),
        }
    }

    #[test]
    fn a_long_posting_list_is_split_at_posting_boundaries() {
        let mut postings = String::new();
        for i in 0..60_000u64 {
            push_varint(&mut postings, i % 3000);
        }
        let terms = vec![
            term(0, "水", "#"),
            term(1, "节水", &postings),
            term(2, "水", "#"),
        ];
        let files = files(&[], &terms);
        let shards: Vec<String> = files[1..]
            .iter()
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect();
        assert!(shards.len() >= 4);
        assert!(shards.iter().all(|s| s.len() <= TERM_SHARD_BYTES));
        let mut joined = String::new();
        for s in &shards {
            if let Some((_, rest)) = s.split_once("\"节水\":\"") {
                joined.push_str(rest.split('"').next().unwrap_or(""));
            }
        }
        assert_eq!(joined, postings);
        let plan = plan_terms(
            &terms,
            &["\"水\"".into(), "\"节水\"".into(), "\"水\"".into()],
        );
        assert_eq!(plan[0].len(), 1, "the long list starts a new shard");
        assert_eq!(plan.last().map(Vec::len), Some(2));
    }

    #[test]
    fn documents_pack_into_runs() {
        let entries: Vec<String> = (0..100).map(|_| "x".repeat(1000)).collect();
        let runs = plan_docs(&entries);
        let per = (DOC_SHARD_BYTES - WRAPPER).div_ceil(1001);
        assert_eq!(runs.first(), Some(&(0..per)));
        assert_eq!(runs.last().map(|r| r.end), Some(100));
        assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
    }
}
