//! The terms of a run of consecutive documents, counted per document and laid out by
//! partition of the term space, so each partition's lists are then built from contiguous data.

use std::collections::HashMap;

use super::encode::term_hash;
use super::tokenize::{Token, tokenize};

/// Weight bit: the term is in the title. The low two bits say how often it is in the body:
/// 0 never, 1 once, 2 two to four times, 3 five times or more.
pub(crate) const IN_TITLE: u8 = 4;

/// Partitions of the term space.
pub(crate) const PARTS: usize = 64;

/// Documents per chunk at most: a document's place in its chunk takes 18 bits.
pub(crate) const MAX_CHUNK: usize = 1 << 18;

/// Terms of the documents `first..` of a chunk, per partition.
pub(crate) struct Chunk {
    pub(crate) first: u32,
    /// `key << 21 | place << 3 | weight`, grouped by partition, in document order.
    pub(crate) grams: Vec<Vec<u64>>,
    /// `(start, end, place << 3 | weight)`, ranges of `text`, likewise.
    pub(crate) words: Vec<Vec<(u32, u32, u32)>>,
    pub(crate) text: String,
}

impl Chunk {
    /// Chunk of the documents (title, body) starting at id `first`.
    pub(crate) fn build(first: usize, docs: &[(&str, &str)], scratch: &mut Scratch) -> Chunk {
        // About one distinct gram per character of CJK text (three bytes each): size the
        // partitions' lists once rather than let them grow by copying.
        let bytes: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
        let mut chunk = Chunk {
            first: u32::try_from(first).unwrap_or(u32::MAX),
            grams: (0..PARTS)
                .map(|_| Vec::with_capacity(bytes / 3 / PARTS))
                .collect(),
            words: vec![Vec::new(); PARTS],
            text: String::new(),
        };
        for (place, (title, body)) in docs.iter().enumerate() {
            let place = (place % MAX_CHUNK) as u64;
            scratch.count(title, body);
            let Chunk {
                grams, words, text, ..
            } = &mut chunk;
            let mut gram = |k: u64, c: u32| {
                grams[gram_part(k)].push(k << 21 | place << 3 | u64::from(weight(c)));
            };
            scratch.grams.drain(&mut gram);
            scratch.chars.drain(&mut gram);
            let mut word = |w: &str, c: u32| {
                let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
                text.push_str(w);
                let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
                let tag = (place as u32) << 3 | u32::from(weight(c));
                words[word_part(w)].push((start, end, tag));
            };
            scratch.short_words.drain(|k, c| {
                let bytes = k.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(8);
                if let Ok(w) = std::str::from_utf8(&bytes[..len]) {
                    word(w, c);
                }
            });
            for (w, c) in scratch.words.drain() {
                word(&w, c);
            }
        }
        chunk
    }
}

/// Per-thread counting tables, reused from document to document.
#[derive(Default)]
pub(crate) struct Scratch {
    /// CJK characters of the Basic Multilingual Plane, by code.
    chars: Direct,
    /// Bigrams and other characters.
    grams: Counter,
    /// Words of up to 8 bytes, packed in a number (no allocation).
    short_words: Counter,
    words: HashMap<String, u32>,
    word: String,
}

/// Count bit: the term is in the title; the other bits count it in the body.
const TITLE_BIT: u32 = 1 << 31;

fn bump(count: &mut u32, title: bool) {
    if title {
        *count |= TITLE_BIT;
    } else if *count & !TITLE_BIT < TITLE_BIT - 1 {
        *count += 1;
    }
}

impl Scratch {
    fn count(&mut self, title: &str, body: &str) {
        let Scratch {
            chars,
            grams,
            short_words,
            words,
            word,
        } = self;
        for (text, title) in [(title, true), (body, false)] {
            tokenize(text, word, |t| match t {
                Token::Gram(k) if k < DIRECT => chars.add(k as usize, title),
                Token::Gram(k) => grams.add(k, title),
                Token::Word(w) if w.len() <= 8 => {
                    let mut b = [0u8; 8];
                    b[..w.len()].copy_from_slice(w.as_bytes());
                    short_words.add(u64::from_le_bytes(b), title);
                }
                Token::Word(w) => match words.get_mut(w) {
                    Some(c) => bump(c, title),
                    None => {
                        let mut c = 0;
                        bump(&mut c, title);
                        words.insert(w.to_string(), c);
                    }
                },
            });
        }
    }
}

/// The title bit and the body-frequency bucket of a count.
pub(crate) fn weight(count: u32) -> u8 {
    let bucket = match count & !TITLE_BIT {
        0 => 0,
        1 => 1,
        2..=4 => 2,
        _ => 3,
    };
    bucket | if count & TITLE_BIT != 0 { IN_TITLE } else { 0 }
}

const SCRAMBLE: u64 = 0x9E37_79B9_7F4A_7C15;

/// The partition of a gram key: the top bits of an odd multiple, which scrambles them.
pub(crate) fn gram_part(key: u64) -> usize {
    (key.wrapping_mul(SCRAMBLE) >> 58) as usize
}

pub(crate) fn word_part(word: &str) -> usize {
    (term_hash(word) >> 26) as usize
}

/// Keys below this are counted in a plain array.
const DIRECT: u64 = 1 << 16;

/// Counts per character of the Basic Multilingual Plane.
struct Direct {
    counts: Vec<u32>,
    used: Vec<u16>,
}

impl Default for Direct {
    fn default() -> Direct {
        Direct {
            counts: vec![0; DIRECT as usize],
            used: Vec::new(),
        }
    }
}

impl Direct {
    #[inline]
    fn add(&mut self, i: usize, title: bool) {
        let Some(c) = self.counts.get_mut(i) else {
            return;
        };
        if *c == 0 {
            self.used.push(i as u16);
        }
        bump(c, title);
    }

    fn drain(&mut self, mut f: impl FnMut(u64, u32)) {
        for &i in &self.used {
            f(
                u64::from(i),
                std::mem::take(&mut self.counts[usize::from(i)]),
            );
        }
        self.used.clear();
    }
}

/// Counts per key: an open-addressing table that empties itself when drained.
struct Counter {
    keys: Vec<u64>,
    counts: Vec<u32>,
    used: Vec<u32>,
    shift: u32,
}

/// No key is this (gram keys have at most 43 bits, and no word holds a 0xFF byte).
const EMPTY: u64 = u64::MAX;

impl Default for Counter {
    fn default() -> Counter {
        Counter {
            keys: vec![EMPTY; 1 << 12],
            counts: vec![0; 1 << 12],
            used: Vec::new(),
            shift: 64 - 12,
        }
    }
}

impl Counter {
    #[inline]
    fn add(&mut self, key: u64, title: bool) {
        if (self.used.len() + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = (key.wrapping_mul(SCRAMBLE) >> self.shift) as usize;
        loop {
            let k = self.keys[i];
            if k == key {
                break;
            }
            if k == EMPTY {
                self.keys[i] = key;
                self.counts[i] = 0;
                self.used.push(i as u32);
                break;
            }
            i = (i + 1) & mask;
        }
        bump(&mut self.counts[i], title);
    }

    fn grow(&mut self) {
        let old: Vec<(u64, u32)> = self
            .used
            .iter()
            .map(|&i| (self.keys[i as usize], self.counts[i as usize]))
            .collect();
        let size = self.keys.len() * 2;
        *self = Counter {
            keys: vec![EMPTY; size],
            counts: vec![0; size],
            used: Vec::with_capacity(old.len()),
            shift: 64 - size.trailing_zeros(),
        };
        for (k, c) in old {
            self.add(k, false);
            if let Some(&i) = self.used.last() {
                self.counts[i as usize] = c;
            }
        }
    }

    /// Calls `f` with each key and count, and empties the table.
    fn drain(&mut self, mut f: impl FnMut(u64, u32)) {
        for &i in &self.used {
            let i = i as usize;
            f(self.keys[i], self.counts[i]);
            self.keys[i] = EMPTY;
        }
        self.used.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_combine_title_and_body_frequency() {
        assert_eq!(weight(1), 1);
        assert_eq!(weight(4), 2);
        assert_eq!(weight(5), 3);
        assert_eq!(weight(TITLE_BIT), IN_TITLE);
        assert_eq!(weight(TITLE_BIT | 3), IN_TITLE | 2);
    }

    #[test]
    fn the_counter_counts_grows_and_empties() {
        let mut c = Counter::default();
        for k in 0..10_000u64 {
            c.add(k % 5000, false);
        }
        c.add(7, true);
        let mut seen = Vec::new();
        c.drain(|k, n| seen.push((k, n)));
        seen.sort_unstable();
        assert_eq!(seen.len(), 5000);
        assert!(
            seen.iter()
                .all(|&(k, n)| n & !TITLE_BIT == 2 && (n & TITLE_BIT != 0) == (k == 7))
        );
        let mut again = 0;
        c.drain(|_, _| again += 1);
        assert_eq!(again, 0);
        assert!(c.keys.iter().all(|&k| k == EMPTY));
    }

    #[test]
    fn chunks_lay_terms_out_by_partition() {
        let docs = [("节水", "节约用水 water"), ("水", "用水 Water")];
        let chunk = Chunk::build(10, &docs, &mut Scratch::default());
        assert_eq!(chunk.first, 10);
        for (p, list) in chunk.grams.iter().enumerate() {
            assert!(list.iter().all(|&e| gram_part(e >> 21) == p));
            let places: Vec<u64> = list.iter().map(|&e| (e >> 3) & 0x3FFFF).collect();
            assert!(places.windows(2).all(|w| w[0] <= w[1]), "document order");
        }
        let water: Vec<u32> = chunk.words[word_part("water")]
            .iter()
            .map(|w| w.2)
            .collect();
        assert_eq!(water, [1, 1 << 3 | 1]);
    }
}
