//! The summary: what stands before `<!-- more -->`, as complete HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Where the marker is replaced in the page, as Zola does, so "read more" can link to it.
pub(crate) const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

fn is_marker(html: &str) -> bool {
    matches!(html.trim(), "<!-- more -->" | "<!--more-->")
}

/// Watches the final events for the first `<!-- more -->`.
#[derive(Debug, Default)]
pub(crate) struct Cut {
    /// Elements open at the current point, as the ends that close them.
    open: Vec<TagEnd>,
    /// Index of the marker event and the elements open there.
    marker: Option<(usize, Vec<TagEnd>)>,
}

impl Cut {
    /// Notes event number `index`; a marker event is replaced by [`CONTINUE_READING`].
    pub(crate) fn observe<'a>(&mut self, e: Event<'a>, index: usize) -> Event<'a> {
        if self.marker.is_some() {
            return e;
        }
        match &e {
            Event::Start(t) => self.open.push(t.to_end()),
            Event::End(_) => {
                self.open.pop();
            }
            Event::Html(h) | Event::InlineHtml(h)
                if is_marker(h)
                    && !self
                        .open
                        .iter()
                        .any(|t| matches!(t, TagEnd::FootnoteDefinition)) =>
            {
                self.marker = Some((index, std::mem::take(&mut self.open)));
                return match e {
                    Event::Html(_) => {
                        Event::Html(CowStr::Borrowed("<span id=\"continue-reading\"></span>\n"))
                    }
                    _ => Event::InlineHtml(CowStr::Borrowed(CONTINUE_READING)),
                };
            }
            _ => {}
        }
        e
    }

    /// The summary HTML: the events before the marker, footnotes left out, open elements closed.
    pub(crate) fn render(&self, events: &[Event<'_>]) -> Option<String> {
        let (index, open) = self.marker.as_ref()?;
        let mut in_footnote = 0usize;
        let before = events.get(..*index)?.iter().filter(move |e| match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote += 1;
                false
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = in_footnote.saturating_sub(1);
                false
            }
            Event::FootnoteReference(_) => false,
            _ => in_footnote == 0,
        });
        let closing = open.iter().rev().map(|t| Event::End(*t));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, before.cloned().chain(closing));
        Some(html.trim_end().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::render_with;

    #[test]
    fn split_at_the_marker() {
        let r = render_with(
            "# 标题\n\n第一段[^1]。\n\n<!-- more -->\n\n第二段\n\n[^1]: 注\n",
            false,
        );
        assert_eq!(
            r.summary.as_deref(),
            Some("<h1 id=\"标题\">标题</h1>\n<p>第一段。</p>")
        );
        assert!(
            r.html
                .contains("<span id=\"continue-reading\"></span>\n<p>第二段</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("footnote-reference"), "{}", r.html);
        assert!(render_with("没有标记", false).summary.is_none());
    }

    #[test]
    fn summary_is_well_formed_inside_containers() {
        let r = render_with("> - 甲\n>\n>   <!--more-->\n>\n>   乙\n", false);
        assert_eq!(
            r.summary.as_deref(),
            Some("<blockquote>\n<ul>\n<li>\n<p>甲</p>\n</li>\n</ul>\n</blockquote>")
        );
        let r = render_with("甲 **强<!-- more -->调** 乙", false);
        assert_eq!(r.summary.as_deref(), Some("<p>甲 <strong>强</strong></p>"));
    }

    #[test]
    fn footnote_definitions_left_out() {
        let r = render_with("[^a]: 注释\n\n正文[^a]\n\n<!-- more -->\n\n后文", false);
        assert_eq!(r.summary.as_deref(), Some("<p>正文</p>"));
    }

    #[test]
    fn pinyin_summary() {
        let r = render_with("水\n\n<!-- more -->\n\n火", true);
        assert_eq!(
            r.summary.as_deref(),
            Some("<p><ruby>水<rp>(</rp><rt>shuǐ</rt><rp>)</rp></ruby></p>")
        );
    }
}
