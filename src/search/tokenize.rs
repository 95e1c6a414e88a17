//! Search tokens: CJK text gives every character and every pair of adjacent characters
//! (bigrams), other text its lower-cased words; punctuation and spaces separate tokens.
//! `themes/default/static/search.js` tokenises queries the same way: change both together.

/// Words longer than this many characters (URLs, hashes) are not indexed.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// Bigram keys have this bit; a unigram key is the character itself.
const BIGRAM: u64 = 1 << 42;

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A CJK character or bigram, packed as a key (see `gram_string`).
    Gram(u64),
    /// A lower-cased word of letters and digits.
    Word(&'a str),
}

/// A character of the scripts indexed by n-grams: Han (with 〇), kana, hangul.
#[inline]
pub(crate) fn is_gram_char(c: char) -> bool {
    let u = c as u32;
    // The common case first, then a quick exit for everything below hangul jamo.
    (0x4E00..=0x9FFF).contains(&u)
        || (u >= 0x1100
            && matches!(u,
                0x3007 | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3134F
                | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D // kana
                | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)) // hangul
}

/// General and CJK punctuation and spaces (“”、。《》【】…), none of them a letter or digit.
#[inline]
fn is_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F)
}

/// Fullwidth ASCII becomes ASCII, the ideographic space a space, and a letter its lower case
/// when that is a single character (so positions in a text and its normalised copy agree).
pub(crate) fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Calls `emit` with every token of `text`, in order. `word` is a scratch buffer.
pub(crate) fn tokenize(text: &str, word: &mut String, mut emit: impl FnMut(Token<'_>)) {
    let mut prev: Option<char> = None;
    let mut word_chars = 0usize;
    word.clear();
    for raw in text.chars() {
        // Gram characters are their own normal form, and common punctuation separates:
        // skip the Unicode tables for both.
        let c = if is_gram_char(raw) || is_punctuation(raw) {
            raw
        } else {
            normalize(raw)
        };
        if is_gram_char(c) {
            flush(word, &mut word_chars, &mut emit);
            emit(Token::Gram(c as u64));
            if let Some(p) = prev {
                emit(Token::Gram(bigram(p, c)));
            }
            prev = Some(c);
        } else if !is_punctuation(c) && c.is_alphanumeric() {
            prev = None;
            word.push(c);
            word_chars += 1;
        } else {
            prev = None;
            flush(word, &mut word_chars, &mut emit);
        }
    }
    flush(word, &mut word_chars, &mut emit);
}

fn flush(word: &mut String, chars: &mut usize, emit: &mut impl FnMut(Token<'_>)) {
    if !word.is_empty() && *chars <= MAX_WORD_CHARS {
        emit(Token::Word(word));
    }
    word.clear();
    *chars = 0;
}

fn bigram(a: char, b: char) -> u64 {
    BIGRAM | (a as u64) << 21 | b as u64
}

/// The text of a gram key: one character or two.
pub(crate) fn gram_string(key: u64) -> String {
    let mut s = String::with_capacity(8);
    let second = char::from_u32((key & 0x1F_FFFF) as u32);
    if key & BIGRAM != 0 {
        s.extend(char::from_u32(((key >> 21) & 0x1F_FFFF) as u32));
    }
    s.extend(second);
    s
}

/// The tokens of `text` as strings, in order (for tests and diagnostics).
#[cfg(test)]
pub(crate) fn token_strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    tokenize(text, &mut word, |t| {
        out.push(match t {
            Token::Gram(k) => gram_string(k),
            Token::Word(w) => w.to_string(),
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_gives_characters_and_bigrams() {
        assert_eq!(token_strings("节水"), ["节", "水", "节水"]);
        assert_eq!(
            token_strings("节约用水"),
            ["节", "约", "节约", "用", "约用", "水", "用水"]
        );
    }

    #[test]
    fn punctuation_and_spaces_break_runs_and_are_dropped() {
        assert_eq!(
            token_strings("节水，宣传！"),
            ["节", "水", "节水", "宣", "传", "宣传"]
        );
        assert_eq!(token_strings("“水”"), ["水"]);
        assert_eq!(token_strings("节 水"), ["节", "水"]);
        assert!(token_strings("，。！？、；：（）《》—…· ,.;!?").is_empty());
    }

    #[test]
    fn latin_words_are_lower_cased_and_split_from_cjk() {
        assert_eq!(
            token_strings("Save Water, 2021年COD"),
            ["save", "water", "2021", "年", "cod"]
        );
        assert_eq!(token_strings("ＡＢＣ１２３"), ["abc123"]);
        assert_eq!(token_strings("Straße"), ["straße"]);
    }

    #[test]
    fn the_punctuation_shortcut_holds_no_letters_or_digits() {
        for c in (0x2000..=0x303F)
            .filter_map(char::from_u32)
            .filter(|&c| is_punctuation(c))
        {
            assert!(!c.is_alphanumeric() && !is_gram_char(c), "{c:?}");
        }
    }

    #[test]
    fn overlong_words_are_skipped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(token_strings(&format!("{long} ok")), ["ok"]);
        assert_eq!(token_strings(&"b".repeat(MAX_WORD_CHARS)).len(), 1);
    }

    #[test]
    fn kana_hangul_and_extension_han_are_grams() {
        assert_eq!(token_strings("ひら"), ["ひ", "ら", "ひら"]);
        assert_eq!(token_strings("물"), ["물"]);
        assert_eq!(token_strings("𠀀〇"), ["𠀀", "〇", "𠀀〇"]);
    }

    #[test]
    fn gram_keys_round_trip() {
        let mut keys = Vec::new();
        tokenize("𠀀水", &mut String::new(), |t| {
            if let Token::Gram(k) = t {
                keys.push(k);
            }
        });
        let strings: Vec<String> = keys.into_iter().map(gram_string).collect();
        assert_eq!(strings, ["𠀀", "水", "𠀀水"]);
    }
}
