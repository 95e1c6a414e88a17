//! Character classes of Chinese text: Han characters, CJK word characters, CJK punctuation.

/// A Han character (CJK ideographs and their extensions, compatibility ideographs, 〇).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A character that counts as one word: Han, kana, hangul.
pub fn is_cjk_word(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF // hiragana, katakana
            | 0x31F0..=0x31FF // katakana extension
            | 0xFF66..=0xFF9D // halfwidth katakana
            | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF) // hangul
}

/// A CJK character for line joining: word characters plus CJK and fullwidth punctuation.
pub fn is_cjk(c: char) -> bool {
    is_cjk_word(c)
        || matches!(c as u32,
            0x2E80..=0x2FDF // radicals
            | 0x3000..=0x303F // CJK symbols and punctuation: 、。《》【】「」
            | 0x3100..=0x312F // bopomofo
            | 0x3200..=0x33FF // enclosed, compatibility
            | 0xFE30..=0xFE4F // compatibility forms
            | 0xFF00..=0xFF65 // fullwidth forms: ，：；？！（）
            | 0xFFE0..=0xFFEF
            | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x00B7) // — ‘ ’ “ ” … ·
}

/// The ASCII mark a Chinese input method's full-width mark stands for where YAML or a shortcode
/// needs ASCII: `【` → `[`, `，` → `,`, `“` → `"`…
pub fn ascii_mark(c: char) -> Option<char> {
    Some(match c {
        '【' | '［' => '[',
        '】' | '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '，' | '、' => ',',
        '：' => ':',
        '“' | '”' | '＂' => '"',
        '‘' | '’' | '＇' => '\'',
        '（' => '(',
        '）' => ')',
        '＝' => '=',
        _ => return None,
    })
}

/// A character that shows nothing or changes how the text around it is shown: zero-width
/// spaces and joiners, bidirectional controls (U+202E turns `gpj.exe` around), soft hyphens,
/// byte-order marks, variation selectors, tags, fillers. In a web address it makes two
/// addresses look alike that are not.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F
        | 0x200B..=0x200F // zero-width space, joiners, marks
        | 0x202A..=0x202E // bidirectional embeddings and overrides
        | 0x2060..=0x206F // word joiner, invisible operators, isolates
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters() {
        for c in [
            '\u{200B}',
            '\u{202E}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{2066}',
            '\u{E0041}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['a', '节', ' ', '-', '\u{3000}', '·'] {
            assert!(!is_invisible(c), "{c}");
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('节') && is_han('〇') && !is_han('。') && !is_han('a'));
        assert!(is_cjk_word('か') && is_cjk_word('한') && !is_cjk_word('，'));
        for c in "。，、；：？！“”‘’（）《》【】—…·".chars() {
            assert!(is_cjk(c), "{c}");
        }
        assert!(!is_cjk('a') && !is_cjk(',') && !is_cjk(' '));
    }
}
