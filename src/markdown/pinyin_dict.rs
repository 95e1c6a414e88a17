//! The word list automatic pinyin reads words from: CC-CEDICT's words of 2 to 6 characters with
//! their readings, 轻声 unmarked (爸爸 bà ba, 衣服 yī fu, 东西 dōng xi), kept in
//! `third_party/cc-cedict/` under its own licence (CC BY-SA 4.0; see the README there). A word
//! whose every character reads as the character alone is kept without its reading (it still
//! matters for segmentation: 不少 keeps 少年 from being read in 不少年轻人); 一 and 不 are kept in
//! their citation tones, the tone change being `pinyin_sandhi`'s work.
//!
//! The list is parsed once, the first time a page asks for pinyin, into a map borrowing from the
//! text built into the binary. Text is segmented by longest match, left to right.

use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::{ToPinyin, ToPinyinMulti};

/// `word` or `word reading`, one a line; `#` lines are comments (the attribution).
static WORDS_TXT: &str = include_str!("../../third_party/cc-cedict/pinyin-words.txt");

/// Words CC-CEDICT lacks that this project's pages use (jieshui's own, MIT): the campaign's
/// names and terms. A reading here wins over the list's.
const SUPPLEMENT: &[(&str, &str)] = &[
    ("少年行", "shào nián xíng"),
    ("河长", "hé zhǎng"),
    ("湖长", "hú zhǎng"),
    ("还要", "hái yào"),
    ("调水", "diào shuǐ"),
    ("调蓄", "tiáo xù"),
    ("做好", "zuò hǎo"),
    ("便民", "biàn mín"),
    ("用水量", "yòng shuǐ liàng"),
    ("利用率", "lì yòng lǜ"),
    ("节水", "jié shuǐ"),
];

pub(crate) struct Dict {
    /// Word → its readings separated by spaces, or None when each character reads as alone.
    words: HashMap<&'static str, Option<&'static str>>,
    /// The longest word, in characters.
    longest: usize,
}

/// The word list, parsed on first use.
pub(crate) fn dict() -> &'static Dict {
    static DICT: OnceLock<Dict> = OnceLock::new();
    DICT.get_or_init(|| Dict::parse(WORDS_TXT, SUPPLEMENT))
}

/// One character's reading as segmentation found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Syllable {
    pub(crate) reading: &'static str,
    /// Where its word starts and how many characters it has (1: read alone).
    pub(crate) word_start: usize,
    pub(crate) word_len: usize,
}

impl Syllable {
    pub(crate) fn in_word(&self) -> bool {
        self.word_len > 1
    }
}

impl Dict {
    pub(crate) fn parse(text: &'static str, extra: &[(&'static str, &'static str)]) -> Dict {
        let mut words = HashMap::with_capacity(text.len() / 9 + extra.len());
        let mut longest = 1;
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, reading) = match line.split_once(' ') {
                Some((w, r)) => (w, Some(r)),
                None => (line, None),
            };
            longest = longest.max(word.chars().count());
            words.insert(word, reading);
        }
        for (word, reading) in extra {
            longest = longest.max(word.chars().count());
            words.insert(*word, Some(*reading));
        }
        Dict { words, longest }
    }

    /// The reading the list gives `word`: Some(None) for a word whose characters read as alone.
    pub(crate) fn get(&self, word: &str) -> Option<Option<&'static str>> {
        self.words.get(word).copied()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The length of the longest word of `chars[from..to]` starting at `from` (forward) or
    /// ending at `to` (backward); 1 when there is none.
    fn longest(
        &self,
        chars: &[char],
        from: usize,
        to: usize,
        forward: bool,
        key: &mut String,
    ) -> usize {
        for len in (2..=(to - from).min(self.longest)).rev() {
            let (start, end) = if forward {
                (from, from + len)
            } else {
                (to - len, to)
            };
            key.clear();
            key.extend(&chars[start..end]);
            if self.words.contains_key(key.as_str()) {
                return len;
            }
        }
        1
    }

    /// The words of one run of characters with pinyin, by longest match from the left and
    /// from the right; the one with fewer words wins, then the one with fewer characters left
    /// alone, then the one leaving fewer 多音字 alone (长江|边, not 长|江边), then the
    /// right-to-left one (做东西 is 做|东西, not 做东|西).
    fn words_of_run(&self, chars: &[char], key: &mut String) -> Vec<usize> {
        let mut forward = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            let len = self.longest(chars, at, chars.len(), true, key);
            forward.push(len);
            at += len;
        }
        let mut backward = Vec::new();
        let mut end = chars.len();
        while end > 0 {
            let len = self.longest(chars, 0, end, false, key);
            backward.push(len);
            end -= len;
        }
        backward.reverse();
        // Characters left alone, and those of them with more than one reading.
        let singles = |w: &[usize]| {
            let (mut alone, mut heteronyms, mut at) = (0, 0, 0);
            for &len in w {
                if len == 1 {
                    alone += 1;
                    heteronyms += usize::from(is_heteronym(chars[at]));
                }
                at += len;
            }
            (w.len(), alone, heteronyms)
        };
        let (f, b) = (singles(&forward), singles(&backward));
        if f < b { forward } else { backward }
    }

    /// Each character of `chars` with its reading (None for one without pinyin: punctuation,
    /// Latin letters), in words found by [`Self::words_of_run`].
    pub(crate) fn segment(&self, chars: &[char]) -> Vec<Option<Syllable>> {
        let mut out = Vec::with_capacity(chars.len());
        let mut key = String::with_capacity(self.longest * 4);
        let mut i = 0;
        while i < chars.len() {
            if default_reading(chars[i]).is_none() {
                out.push(None);
                i += 1;
                continue;
            }
            let run = chars[i..]
                .iter()
                .take_while(|c| default_reading(**c).is_some())
                .count();
            for len in self.words_of_run(&chars[i..i + run], &mut key) {
                let word = &chars[i..i + len];
                let reading = if len > 1 {
                    key.clear();
                    key.extend(word);
                    self.get(&key).flatten()
                } else {
                    None
                };
                let mut syllables = reading.map(|r| r.split(' '));
                for &c in word {
                    let own = syllables.as_mut().and_then(|s| s.next());
                    out.push(Some(Syllable {
                        reading: own.or_else(|| default_reading(c)).unwrap_or(""),
                        word_start: i,
                        word_len: len,
                    }));
                }
                i += len;
            }
        }
        out
    }
}

/// A character with more than one reading, 轻声 aside (长 cháng zhǎng, not 边 biān bian).
fn is_heteronym(c: char) -> bool {
    c.to_pinyin_multi().is_some_and(|m| {
        let mut toned = m
            .into_iter()
            .map(|p| p.with_tone())
            .filter(|r| tone(r) != 0);
        toned.next().is_some() && toned.next().is_some()
    })
}

/// The tone of a syllable: 1–4 from its mark, 0 for 轻声.
pub(crate) fn tone(s: &str) -> u8 {
    for c in s.chars() {
        match c {
            'ā' | 'ē' | 'ī' | 'ō' | 'ū' | 'ǖ' => return 1,
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'ǘ' => return 2,
            'ǎ' | 'ě' | 'ǐ' | 'ǒ' | 'ǔ' | 'ǚ' => return 3,
            'à' | 'è' | 'ì' | 'ò' | 'ù' | 'ǜ' => return 4,
            _ => {}
        }
    }
    0
}

/// A character's most common reading, with its tone mark (None: not a character with pinyin).
pub(crate) fn default_reading(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.with_tone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        dict()
            .segment(&chars)
            .iter()
            .map(|s| s.map_or("_", |s| s.reading))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every word read in a form its characters have (a tone mark, or none for 轻声).
    #[test]
    fn every_reading_is_one_the_character_has() {
        let toneless = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    'ā' | 'á' | 'ǎ' | 'à' => 'a',
                    'ē' | 'é' | 'ě' | 'è' => 'e',
                    'ī' | 'í' | 'ǐ' | 'ì' => 'i',
                    'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
                    'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
                    'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'ü',
                    c => c,
                })
                .collect()
        };
        let d = dict();
        assert!(d.len() > 90_000, "{}", d.len());
        let mut bad = Vec::new();
        let mut checked = 0;
        for (word, reading) in &d.words {
            let Some(reading) = reading else { continue };
            let syllables: Vec<&str> = reading.split(' ').collect();
            if syllables.len() != word.chars().count() {
                bad.push(format!("{word}: {reading} (count)"));
                continue;
            }
            for (c, r) in word.chars().zip(syllables) {
                checked += 1;
                let known: Vec<&str> = c
                    .to_pinyin_multi()
                    .map(|m| m.into_iter().map(|p| p.with_tone()).collect())
                    .unwrap_or_default();
                let plain: Vec<String> = known.iter().map(|k| toneless(k)).collect();
                // 轻声 (no mark) of a reading the character has, or the reading itself.
                let light = toneless(r) == r && plain.iter().any(|p| p == r);
                if !known.contains(&r) && !light {
                    bad.push(format!("{word}: {c} {r} (has {known:?})"));
                }
            }
        }
        assert!(checked > 10_000);
        // CC-CEDICT gives some characters readings the character table lacks (儿 as `er` in
        // 花儿, rare literary readings): 165 of about 30,000 syllables today.
        assert!(
            bad.len() < 250,
            "{} readings:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    #[test]
    fn attribution_travels_with_the_data() {
        assert!(WORDS_TXT.starts_with('#'));
        assert!(WORDS_TXT.contains("CC-CEDICT"));
        assert!(WORDS_TXT.contains("https://creativecommons.org/licenses/by-sa/4.0/"));
    }

    #[test]
    fn neutral_tones_from_the_list() {
        assert_eq!(readings("爸爸"), "bà ba");
        assert_eq!(readings("妈妈"), "mā ma");
        assert_eq!(readings("衣服"), "yī fu");
        assert_eq!(readings("时候"), "shí hou");
        assert_eq!(readings("告诉"), "gào su");
        assert_eq!(readings("东西"), "dōng xi");
        assert_eq!(readings("朋友们"), "péng you men");
        assert_eq!(readings("桌子"), "zhuō zi");
    }

    #[test]
    fn longest_match_segments() {
        // 不少 is taken before 少年 can be.
        assert_eq!(readings("不少年轻人"), "bù shǎo nián qīng rén");
        // From the right when both ways find as many words: 做|东西, not 做东|西.
        assert_eq!(readings("工厂做东西"), "gōng chǎng zuò dōng xi");
        // Fewer words win: 研究|生命 against 研究生|命.
        assert_eq!(readings("研究生命"), "yán jiū shēng mìng");
        // Then the way that leaves no 多音字 alone: 长江|边.
        assert_eq!(readings("长江边"), "cháng jiāng biān");
        assert_eq!(readings("少年"), "shào nián");
        assert_eq!(readings("银行长江"), "yín háng cháng jiāng");
        // The supplement: 少年行 is the campaign's name.
        assert_eq!(readings("节水少年行"), "jié shuǐ shào nián xíng");
        // Non-Han characters break words and have no reading.
        assert_eq!(readings("银，行"), "yín _ xíng");
        let chars: Vec<char> = "去银行".chars().collect();
        let s = dict().segment(&chars);
        assert_eq!(s[0].map(|s| s.in_word()), Some(false));
        assert_eq!(s[2].map(|s| (s.word_start, s.word_len)), Some((1, 2)));
    }

    #[test]
    fn supplement_wins_and_parse_reads_bare_words() {
        let d = Dict::parse("# c\n甲乙\n丙丁 bǐng dīng\n", &[("甲乙", "jiǎ yǐ")]);
        assert_eq!(d.get("甲乙"), Some(Some("jiǎ yǐ")));
        assert_eq!(d.get("丙丁"), Some(Some("bǐng dīng")));
        assert_eq!(d.get("# c"), None);
        let d = Dict::parse("甲乙\n", &[]);
        assert_eq!(d.get("甲乙"), Some(None));
        assert_eq!(d.longest, 2);
    }
}
