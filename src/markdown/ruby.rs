//! Explicit pinyin ruby: `{长江|cháng jiāng}` (tone marks or numbers, one syllable per
//! character) and the ruby markup shared with automatic pinyin.

use super::escape_into;
use crate::messages::Msg;
use crate::text::chars::is_han;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RubyScan {
    /// Not ruby syntax: leave the text alone.
    NotRuby,
    /// Characters with their readings; the syntax ends at `end`.
    Ruby {
        pairs: Vec<(char, String)>,
        end: usize,
    },
    /// Ruby syntax whose syllables do not match the characters.
    Error { end: usize, message: Msg },
}

/// Reads `{汉字|pin yin}` at `at` (which holds `{`). Only Han characters before `|`, only
/// letters, digits and spaces after it, all on one line.
pub(crate) fn parse_ruby(s: &str, at: usize) -> RubyScan {
    let rest = &s[at + 1..];
    let Some(bar) = rest.find(|c: char| !is_han(c)) else {
        return RubyScan::NotRuby;
    };
    if bar == 0 || !rest[bar..].starts_with('|') {
        return RubyScan::NotRuby;
    }
    let base = &rest[..bar];
    let after = &rest[bar + 1..];
    let Some(close) = after.find(|c: char| !(c == ' ' || c.is_alphanumeric()) || is_han(c)) else {
        return RubyScan::NotRuby;
    };
    if !after[close..].starts_with('}') {
        return RubyScan::NotRuby;
    }
    let readings = &after[..close];
    let end = at + 1 + bar + 1 + close + 1;
    let chars = base.chars().count();
    let syllables = readings.split_whitespace().count();
    if syllables != chars {
        return RubyScan::Error {
            end,
            message: Msg::RubyMismatch {
                base: base.to_string(),
                readings: readings.to_string(),
                chars,
                syllables,
            },
        };
    }
    let pairs = base
        .chars()
        .zip(readings.split_whitespace().map(tone_marks))
        .collect();
    RubyScan::Ruby { pairs, end }
}

/// `jiang1` → `jiāng`, `lv4` → `lǜ`; a syllable without a tone number is kept as written.
pub(crate) fn tone_marks(syllable: &str) -> String {
    let Some(last) = syllable.chars().next_back() else {
        return String::new();
    };
    let tone = match last {
        '1'..='4' => last as usize - '0' as usize,
        '0' | '5' => 0,
        _ => return syllable.to_string(),
    };
    let letters: String = syllable[..syllable.len() - 1]
        .chars()
        .map(|c| match c {
            'v' => 'ü',
            'V' => 'Ü',
            c => c,
        })
        .collect();
    if tone == 0 {
        return letters;
    }
    let lower = letters.to_lowercase();
    let target = if let Some(i) = lower.find(['a', 'e']) {
        Some(i)
    } else if let Some(i) = lower.find("ou") {
        Some(i)
    } else {
        lower.rfind(['i', 'o', 'u', 'ü'])
    };
    let Some(target) = target.filter(|_| lower.len() == letters.len()) else {
        return letters;
    };
    let mut out = String::with_capacity(letters.len() + 2);
    for (i, c) in letters.char_indices() {
        out.push(if i == target { mark(c, tone) } else { c });
    }
    out
}

fn mark(vowel: char, tone: usize) -> char {
    const TABLE: [(char, [char; 4]); 12] = [
        ('a', ['ā', 'á', 'ǎ', 'à']),
        ('e', ['ē', 'é', 'ě', 'è']),
        ('i', ['ī', 'í', 'ǐ', 'ì']),
        ('o', ['ō', 'ó', 'ǒ', 'ò']),
        ('u', ['ū', 'ú', 'ǔ', 'ù']),
        ('ü', ['ǖ', 'ǘ', 'ǚ', 'ǜ']),
        ('A', ['Ā', 'Á', 'Ǎ', 'À']),
        ('E', ['Ē', 'É', 'Ě', 'È']),
        ('I', ['Ī', 'Í', 'Ǐ', 'Ì']),
        ('O', ['Ō', 'Ó', 'Ǒ', 'Ò']),
        ('U', ['Ū', 'Ú', 'Ǔ', 'Ù']),
        ('Ü', ['Ǖ', 'Ǘ', 'Ǚ', 'Ǜ']),
    ];
    TABLE
        .iter()
        .find(|(v, _)| *v == vowel)
        .and_then(|(_, marks)| marks.get(tone.wrapping_sub(1)))
        .copied()
        .unwrap_or(vowel)
}

pub(crate) const RUBY_OPEN: &str = "<ruby>";

/// The markup after a ruby's base character: `<rp>(</rp><rt>cháng</rt><rp>)</rp></ruby>`.
pub(crate) fn push_ruby_close(out: &mut String, reading: &str) {
    out.push_str("<rp>(</rp><rt>");
    escape_into(out, reading);
    out.push_str("</rt><rp>)</rp></ruby>");
}

/// One character with its reading, complete.
pub(crate) fn push_ruby(out: &mut String, base: char, reading: &str) {
    out.push_str(RUBY_OPEN);
    out.push(base);
    push_ruby_close(out, reading);
}

#[cfg(test)]
mod tests {
    use super::super::Severity;
    use super::super::testhost::{html, render_with};
    use super::*;

    fn pairs(s: &str) -> Vec<(char, String)> {
        match parse_ruby(s, 0) {
            RubyScan::Ruby { pairs, end } => {
                assert_eq!(end, s.len());
                pairs
            }
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn syntax() {
        assert_eq!(
            pairs("{长江|cháng jiāng}"),
            vec![('长', "cháng".into()), ('江', "jiāng".into())]
        );
        assert_eq!(pairs("{绿|lv4}"), vec![('绿', "lǜ".into())]);
        for not in [
            "{#id}",
            "{长江}",
            "{长江|长江}",
            "{a|b}",
            "{长江|cháng, jiāng}",
            "{长江|cháng\njiāng}",
            "{长江|cháng jiāng",
        ] {
            assert_eq!(parse_ruby(not, 0), RubyScan::NotRuby, "{not}");
        }
        assert!(matches!(
            parse_ruby("{长江|cháng}", 0),
            RubyScan::Error { end: 15, .. }
        ));
    }

    #[test]
    fn numbered_tones() {
        assert_eq!(tone_marks("jiang1"), "jiāng");
        assert_eq!(tone_marks("hao3"), "hǎo");
        assert_eq!(tone_marks("gou4"), "gòu");
        assert_eq!(tone_marks("gui4"), "guì");
        assert_eq!(tone_marks("liu2"), "liú");
        assert_eq!(tone_marks("nv3"), "nǚ");
        assert_eq!(tone_marks("de5"), "de");
        assert_eq!(tone_marks("cháng"), "cháng");
    }

    #[test]
    fn rendered() {
        assert_eq!(
            html("{长江|cháng jiāng}"),
            "<p><ruby>长<rp>(</rp><rt>cháng</rt><rp>)</rp></ruby><ruby>江<rp>(</rp><rt>jiāng</rt><rp>)</rp></ruby></p>\n"
        );
        assert_eq!(
            html("| 词 |\n|---|\n| {长|cháng} |"),
            "<table><thead><tr><th>词</th></tr></thead><tbody>\n<tr><td><ruby>长<rp>(</rp><rt>cháng</rt><rp>)</rp></ruby></td></tr>\n</tbody></table>\n"
        );
        assert_eq!(html("`{长|cháng}`"), "<p><code>{长|cháng}</code></p>\n");
        assert_eq!(
            html("    {长|cháng}\n"),
            "<pre><code>{长|cháng}\n</code></pre>\n"
        );
        assert_eq!(
            html("## {长|cháng} {#c}"),
            "<h2 id=\"c\"><ruby>长<rp>(</rp><rt>cháng</rt><rp>)</rp></ruby></h2>\n"
        );
        assert_eq!(
            html("![{长|cháng}](a.png)"),
            "<p><img src=\"a.png\" alt=\"长\" /></p>\n"
        );
    }

    #[test]
    fn count_mismatch_is_an_error_at_its_offset() {
        let src = "学习\n\n一条{长江|cháng}。";
        let r = render_with(src, false);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, src.find('{').unwrap_or(0));
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert!(r.html.contains("一条{长江|cháng}。"), "{}", r.html);
        // inside code, no problem
        assert!(render_with("`{长江|cháng}`", false).problems.is_empty());
    }
}
