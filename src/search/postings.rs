//! Posting lists: for every term, the documents that hold it, each with a small weight. Built
//! in parallel: each document's distinct terms first, grouped by partitions of the term space,
//! then the lists of each partition.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::chunk::{Chunk, MAX_CHUNK, PARTS, Scratch};
use super::encode::{push_varint, term_hash};
use super::tokenize::gram_string;

/// A term and where it occurs.
#[derive(Debug)]
pub(crate) struct TermPostings {
    /// `term_hash(term)`: shards hold ranges of it.
    pub(crate) hash: u32,
    pub(crate) term: String,
    /// Per document, in id order, one varint: `(id − previous id − 1) × 7 + weight − 1`
    /// (the previous id starts at −1).
    pub(crate) postings: String,
}

/// The posting lists of documents given as (title, body) in id order, sorted by (hash, term).
pub(crate) fn build(docs: &[(&str, &str)]) -> Vec<TermPostings> {
    let size = (docs.len() / (rayon::current_num_threads() * 8)).clamp(64, MAX_CHUNK);
    let chunks: Vec<Chunk> = docs
        .par_chunks(size)
        .enumerate()
        .map_init(Scratch::default, |scratch, (i, run)| {
            Chunk::build(i * size, run, scratch)
        })
        .collect();
    let mut out: Vec<TermPostings> = (0..PARTS)
        .into_par_iter()
        .flat_map_iter(|p| partition(&chunks, p))
        .collect();
    out.par_sort_unstable_by(|a, b| (a.hash, &a.term).cmp(&(b.hash, &b.term)));
    out
}

/// The posting lists of the terms in partition `p`.
fn partition(chunks: &[Chunk], p: usize) -> Vec<TermPostings> {
    let mut grams: HashMap<u64, Vec<u32>, BuildHasherDefault<Finalize>> = HashMap::default();
    let mut words: HashMap<&str, Vec<u32>> = HashMap::new();
    for c in chunks {
        let first = c.first << 3;
        for &e in &c.grams[p] {
            let tag = (e & 0x1F_FFFF) as u32;
            grams.entry(e >> 21).or_default().push(first + tag);
        }
        for &(start, end, tag) in &c.words[p] {
            if let Some(word) = c.text.get(start as usize..end as usize) {
                words.entry(word).or_default().push(first + tag);
            }
        }
    }
    let grams = grams.into_iter().map(|(k, list)| (gram_string(k), list));
    let words = words.into_iter().map(|(w, list)| (w.to_string(), list));
    grams
        .chain(words)
        .map(|(term, list)| TermPostings {
            hash: term_hash(&term),
            postings: encode(&list),
            term,
        })
        .collect()
}

fn encode(list: &[u32]) -> String {
    let mut s = String::with_capacity(list.len() + list.len() / 2);
    let mut next = 0u64;
    for &e in list {
        let id = u64::from(e >> 3);
        let w = u64::from(e & 7).max(1);
        push_varint(&mut s, (id.saturating_sub(next)) * 7 + w - 1);
        next = id + 1;
    }
    s
}

/// Hasher for gram keys: a SplitMix64 finaliser, so all bits of the table hash vary.
#[derive(Default)]
struct Finalize(u64);

impl Hasher for Finalize {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_encode_gaps_and_weights() {
        let s = encode(&[3, 5 << 3 | 1, 6 << 3 | 7]);
        // id 0 weight 3, id 5 weight 1, id 6 weight 7.
        let decoded = super::super::encode::decode_varints(&s);
        assert_eq!(decoded, Some(vec![2, 4 * 7, 6]));
    }
}
