//! Automatic pinyin (front matter `pinyin: true`): every Han character in text gets ruby with
//! the reading its word gives it (`pinyin_dict`: 银行 háng, 衣服 yī fu), else its most common
//! reading; 一 and 不 take the tone change textbooks print (`pinyin_sandhi`). A 多音字 read
//! alone, and a word whose reading depends on its meaning where the words around do not settle
//! it (`pinyin_words`: 东西), get a warning.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::pinyin_dict::{default_reading, dict};
use super::pinyin_sandhi::{self, PinyinTones};
use super::pinyin_words::{Settled, settle};
use super::ruby::push_ruby;
use super::{Problem, Severity, escape_into, is_source_slice};
use crate::messages::Msg;

/// Common characters with more than one reading: (character, readings to suggest).
const POLYPHONES: &[(char, &[&str])] = &[
    ('行', &["xíng", "háng"]),
    ('长', &["cháng", "zhǎng"]),
    ('重', &["zhòng", "chóng"]),
    ('还', &["hái", "huán"]),
    ('为', &["wéi", "wèi"]),
    ('得', &["dé", "de", "děi"]),
    ('地', &["dì", "de"]),
    ('着', &["zhe", "zháo", "zhuó"]),
    ('乐', &["lè", "yuè"]),
    ('觉', &["jué", "jiào"]),
    ('调', &["diào", "tiáo"]),
    ('传', &["chuán", "zhuàn"]),
    ('处', &["chù", "chǔ"]),
    ('少', &["shǎo", "shào"]),
    ('好', &["hǎo", "hào"]),
    ('种', &["zhǒng", "zhòng"]),
    ('当', &["dāng", "dàng"]),
    ('数', &["shù", "shǔ"]),
    ('教', &["jiào", "jiāo"]),
    ('便', &["biàn", "pián"]),
];

fn polyphone_alternative(c: char, auto: &str) -> Option<&'static str> {
    let (_, readings) = POLYPHONES.iter().find(|(p, _)| *p == c)?;
    Some(
        readings
            .iter()
            .copied()
            .find(|r| *r != auto)
            .unwrap_or(readings[0]),
    )
}

pub(crate) struct AutoPinyin<'a> {
    src: &'a str,
    tones: PinyinTones,
    in_code_block: bool,
    image_depth: usize,
    in_ruby: bool,
    pub(crate) problems: Vec<Problem>,
}

impl<'a> AutoPinyin<'a> {
    pub(crate) fn new(src: &'a str, tones: PinyinTones) -> Self {
        AutoPinyin {
            src,
            tones,
            in_code_block: false,
            image_depth: 0,
            in_ruby: false,
            problems: Vec::new(),
        }
    }

    /// Passes `ev` on to `out`, text with Han characters turned into ruby.
    pub(crate) fn push(&mut self, ev: Event<'a>, range: Range<usize>, out: &mut Vec<Event<'a>>) {
        match &ev {
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            Event::InlineHtml(h) => {
                let (open, close) = (h.rfind("<ruby"), h.rfind("</ruby"));
                if open.is_some() || close.is_some() {
                    self.in_ruby = open > close;
                }
            }
            Event::Text(t) if !self.in_code_block && self.image_depth == 0 && !self.in_ruby => {
                if let Some(html) = self.annotate(t, &range) {
                    out.push(Event::InlineHtml(CowStr::from(html)));
                    return;
                }
            }
            _ => {}
        }
        out.push(ev);
    }

    /// The text as HTML with ruby, or None when it has no character to annotate.
    fn annotate(&mut self, text: &CowStr<'a>, range: &Range<usize>) -> Option<String> {
        let first = text
            .char_indices()
            .find(|(_, c)| default_reading(*c).is_some())?
            .0;
        let chars: Vec<char> = text.chars().collect();
        let mut syllables = dict().segment(&chars);
        if self.tones == PinyinTones::Textbook {
            pinyin_sandhi::apply(&chars, &mut syllables);
        }
        let mut html = String::with_capacity(text.len() * 8);
        escape_into(&mut html, &text[..first]);
        let mut plain_from = first;
        let mut word_reading: Option<std::str::Split<'static, char>> = None;
        for (n, (i, c)) in text.char_indices().enumerate() {
            let Some(s) = syllables[n] else {
                continue;
            };
            escape_into(&mut html, &text[plain_from..i]);
            plain_from = i + c.len_utf8();
            if s.word_start == n && s.in_word() {
                word_reading = match settle(&chars, &s) {
                    Settled::No => None,
                    Settled::By(r) => Some(r.split(' ')),
                    Settled::Unsure(m) => {
                        self.problems.push(Problem {
                            offset: self.offset_of(text, range, i, c),
                            severity: Severity::Warning,
                            msg: Msg::PolyphoneWord {
                                word: m.word.to_string(),
                                reading: m.common.to_string(),
                                alt: m.other.to_string(),
                            },
                        });
                        Some(m.common.split(' '))
                    }
                };
            }
            let reading = match word_reading.as_mut().filter(|_| s.in_word()) {
                Some(w) => w.next().unwrap_or(s.reading),
                None => s.reading,
            };
            push_ruby(&mut html, c, reading);
            if s.in_word() {
                continue;
            }
            if let Some(alt) = polyphone_alternative(c, reading) {
                self.problems.push(Problem {
                    offset: self.offset_of(text, range, i, c),
                    severity: Severity::Warning,
                    msg: Msg::Polyphone {
                        ch: c,
                        reading: reading.to_string(),
                        alt: alt.to_string(),
                    },
                });
            }
        }
        escape_into(&mut html, &text[plain_from..]);
        Some(html)
    }

    /// The source offset of the character at byte `i` of `text`.
    fn offset_of(&self, text: &str, range: &Range<usize>, i: usize, c: char) -> usize {
        if is_source_slice(self.src, &CowStr::Borrowed(text), range) {
            return range.start + i;
        }
        // The text differs from its source (entities, merged events): find the same
        // occurrence of the character in the source range.
        let nth = text[..i].matches(c).count();
        self.src
            .get(range.clone())
            .and_then(|s| s.match_indices(c).nth(nth))
            .map_or(range.start, |(j, _)| range.start + j)
    }
}

/// Plain text as HTML with pinyin ruby over its Chinese characters (quiz text), as automatic
/// pinyin gives it; warnings are left out (the text has no place in a Markdown file).
pub(crate) fn text_with_ruby(text: &str, tones: PinyinTones) -> String {
    let mut auto = AutoPinyin::new(text, tones);
    auto.annotate(&CowStr::Borrowed(text), &(0..text.len()))
        .unwrap_or_else(|| crate::text::html::escape(text))
}

#[cfg(test)]
mod tests {
    use super::super::Severity;
    use super::super::testhost::render_with;

    const R_SHUI: &str = "<ruby>水<rp>(</rp><rt>shuǐ</rt><rp>)</rp></ruby>";

    #[test]
    fn every_han_character_annotated() {
        let r = render_with("节水 & <b>水</b>", true);
        assert_eq!(
            r.html,
            format!(
                "<p><ruby>节<rp>(</rp><rt>jié</rt><rp>)</rp></ruby>{R_SHUI} &amp; <b>{R_SHUI}</b></p>\n"
            )
        );
        assert!(r.problems.is_empty());
        assert_eq!(render_with("节水", false).html, "<p>节水</p>\n");
    }

    #[test]
    fn not_in_code_urls_explicit_ruby_or_alt() {
        let r = render_with(
            "`水` [水](/水) ![水](x.png) {水|shuǐ}\n\n```\n水\n```\n\n<div>水</div>\n",
            true,
        );
        assert!(r.html.contains("<code>水</code>"), "{}", r.html);
        assert!(
            r.html
                .contains(&format!("<a href=\"/%E6%B0%B4\">{R_SHUI}</a>")),
            "{}",
            r.html
        );
        assert!(r.html.contains("alt=\"水\""), "{}", r.html);
        assert_eq!(r.html.matches("<rt>shuǐ</rt>").count(), 2, "{}", r.html);
        assert!(
            r.html.contains("<pre><code>水\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<div>水</div>"), "{}", r.html);
    }

    #[test]
    fn heading_ids_stay_plain() {
        let r = render_with("## 节水", true);
        assert_eq!(r.anchors, vec!["节水"]);
        assert_eq!(r.toc[0].title, "节水");
        assert!(r.html.starts_with("<h2 id=\"节水\"><ruby>节"), "{}", r.html);
    }

    #[test]
    fn polyphone_warnings_with_offsets() {
        let src = "# 标题\n\n行&amp;行，{行|háng}业为它";
        let r = render_with(src, true);
        let got: Vec<(usize, Severity)> =
            r.problems.iter().map(|p| (p.offset, p.severity)).collect();
        let first = src.find("行&").unwrap_or(0);
        let second = src.find("行，").unwrap_or(0);
        let third = src.find("为它").unwrap_or(0);
        assert_eq!(
            got,
            vec![
                (first, Severity::Warning),
                (second, Severity::Warning),
                (third, Severity::Warning)
            ]
        );
        assert_eq!(
            r.problems[0].msg.text(crate::messages::Lang::Zh),
            "多音字“行”没有标注读音，自动注音为 xíng"
        );
        assert_eq!(
            r.problems[0].msg.hint(crate::messages::Lang::Zh).as_deref(),
            Some("如不对，请写成 {行|háng}")
        );
        assert!(
            r.problems[2]
                .msg
                .text(crate::messages::Lang::Zh)
                .contains("“为”")
        );
        assert!(r.html.contains("<rt>háng</rt>"));
    }

    #[test]
    fn known_words_read_their_polyphones_without_warnings() {
        let r = render_with("去银行，参加节水行动，长江边的少年", true);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let readings: Vec<&str> = r
            .html
            .split("<rt>")
            .skip(1)
            .filter_map(|s| s.split("</rt>").next())
            .collect();
        assert_eq!(
            readings,
            [
                "qù", "yín", "háng", "cān", "jiā", "jié", "shuǐ", "xíng", "dòng", "cháng", "jiāng",
                "biān", "de", "shào", "nián"
            ]
        );
    }
}
