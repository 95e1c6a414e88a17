//! CJK character classes and the soft-break joiner.

use std::collections::VecDeque;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Ev;

/// A Han character (CJK ideographs and their extensions, compatibility ideographs, 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A character that counts as one word: Han, kana, hangul.
pub(crate) fn is_cjk_word(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF // hiragana, katakana
            | 0x31F0..=0x31FF // katakana extension
            | 0xFF66..=0xFF9D // halfwidth katakana
            | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF) // hangul
}

/// A CJK character for line joining: word characters plus CJK and fullwidth punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
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

/// Events that neither carry text nor end the line's context: the soft break is decided by
/// the text on either side of them (`**强调**\n节水`).
fn transparent(e: &Event<'_>) -> bool {
    match e {
        Event::InlineHtml(_) | Event::FootnoteReference(_) => true,
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

/// Drops a soft break whose neighbouring characters are both CJK (when enabled).
pub(crate) struct SoftBreakJoin<'a, I> {
    inner: I,
    enabled: bool,
    /// Last character of text seen in the current block.
    last: Option<char>,
    /// A held soft break followed by transparent events, waiting for the next text.
    held: VecDeque<Ev<'a>>,
    out: VecDeque<Ev<'a>>,
}

impl<'a, I> SoftBreakJoin<'a, I> {
    pub(crate) fn new(inner: I, enabled: bool) -> Self {
        SoftBreakJoin {
            inner,
            enabled,
            last: None,
            held: VecDeque::new(),
            out: VecDeque::new(),
        }
    }

    /// Releases the held events; the soft break is kept unless `join`.
    fn release(&mut self, join: bool) {
        let mut first = true;
        while let Some(e) = self.held.pop_front() {
            if !(first && join) {
                self.out.push_back(e);
            }
            first = false;
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for SoftBreakJoin<'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        if !self.enabled {
            return self.inner.next();
        }
        loop {
            if let Some(e) = self.out.pop_front() {
                return Some(e);
            }
            let Some(ev) = self.inner.next() else {
                self.release(false);
                return self.out.pop_front();
            };
            let text = match &ev.0 {
                Event::Text(t) | Event::Code(t) => Some(t.chars().next_back()),
                _ => None,
            };
            let hold = self.held.is_empty()
                && matches!(ev.0, Event::SoftBreak)
                && self.last.is_some_and(is_cjk);
            if !self.held.is_empty() {
                if let Event::Text(t) | Event::Code(t) = &ev.0 {
                    let join = t.chars().next().is_some_and(is_cjk);
                    self.release(join);
                } else if transparent(&ev.0) {
                    self.held.push_back(ev);
                    continue;
                } else {
                    self.release(false);
                }
            } else if hold {
                self.held.push_back(ev);
                continue;
            }
            match text {
                Some(Some(c)) => self.last = Some(c),
                Some(None) => {}
                None if transparent(&ev.0) => {}
                None => self.last = None,
            }
            if self.out.is_empty() {
                return Some(ev);
            }
            self.out.push_back(ev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::TestHost;
    use super::super::{Options, SoftBreaks, render};
    use super::*;

    fn html(src: &str, mode: SoftBreaks) -> String {
        let opts = Options {
            cjk_soft_breaks: mode,
            pinyin: false,
        };
        render(src, &opts, &TestHost).html
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

    #[test]
    fn join_between_cjk_only() {
        assert_eq!(html("节约\n用水", SoftBreaks::Join), "<p>节约用水</p>\n");
        assert_eq!(
            html("节约。\n“用水”", SoftBreaks::Join),
            "<p>节约。“用水”</p>\n"
        );
        assert_eq!(
            html("save\nwater", SoftBreaks::Join),
            "<p>save\nwater</p>\n"
        );
        assert_eq!(
            html("节约\nwater", SoftBreaks::Join),
            "<p>节约\nwater</p>\n"
        );
        assert_eq!(
            html("water\n节约", SoftBreaks::Join),
            "<p>water\n节约</p>\n"
        );
    }

    #[test]
    fn space_mode_is_commonmark() {
        assert_eq!(html("节约\n用水", SoftBreaks::Space), "<p>节约\n用水</p>\n");
    }

    #[test]
    fn across_inline_elements() {
        assert_eq!(
            html("**强调**\n节水", SoftBreaks::Join),
            "<p><strong>强调</strong>节水</p>\n"
        );
        assert_eq!(
            html("节水\n*强调*", SoftBreaks::Join),
            "<p>节水<em>强调</em></p>\n"
        );
        assert_eq!(
            html("节水\n[链接](/x)", SoftBreaks::Join),
            "<p>节水<a href=\"/x\">链接</a></p>\n"
        );
        assert_eq!(
            html("`code`\n节水", SoftBreaks::Join),
            "<p><code>code</code>\n节水</p>\n"
        );
        assert_eq!(
            html("**a**\n节水", SoftBreaks::Join),
            "<p><strong>a</strong>\n节水</p>\n"
        );
    }

    #[test]
    fn hard_breaks_and_blocks_untouched() {
        assert_eq!(
            html("节约  \n用水", SoftBreaks::Join),
            "<p>节约<br />\n用水</p>\n"
        );
        assert_eq!(
            html("节约\n\n用水", SoftBreaks::Join),
            "<p>节约</p>\n<p>用水</p>\n"
        );
        let r = render("节约\n用水\nand\nmore", &Options::default(), &TestHost);
        assert_eq!(r.text, "节约用水 and more");
    }
}
