//! CJK character classes and the soft-break joiner.

use std::collections::VecDeque;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Ev;
use crate::text::chars::is_cjk;

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

    fn html(src: &str, mode: SoftBreaks) -> String {
        let opts = Options {
            cjk_soft_breaks: mode,
            ..Options::default()
        };
        render(src, &opts, &TestHost).html
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
