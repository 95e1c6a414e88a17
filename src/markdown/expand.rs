//! Expands the prepass tokens: shortcodes through the host, ruby into markup; inside code
//! (and link destinations) a token turns back into the text the author wrote.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::prepass::{Item, Kind};
use super::ruby::{RUBY_OPEN, push_ruby, push_ruby_close};
use super::token::{self, Piece};
use super::{Ev, Host, Problem, Severity, slice_cow, sub_range};
use crate::messages::Msg;

/// How a token is turned into a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In code: the original source text.
    Source,
    /// In raw HTML: the HTML.
    Html,
    /// In an image's alt text: plain text.
    Plain,
}

pub(crate) struct Expand<'a, 's, I> {
    inner: I,
    /// The parsed (rewritten) text and the original source.
    text: &'a str,
    source: &'a str,
    items: &'a [Item],
    host: &'s dyn Host,
    problems: &'s mut Vec<Problem>,
    in_code_block: bool,
    image_depth: usize,
    out: VecDeque<Ev<'a>>,
}

impl<'a, 's, I> Expand<'a, 's, I> {
    pub(crate) fn new(
        inner: I,
        text: &'a str,
        source: &'a str,
        items: &'a [Item],
        host: &'s dyn Host,
        problems: &'s mut Vec<Problem>,
    ) -> Self {
        Expand {
            inner,
            text,
            source,
            items,
            host,
            problems,
            in_code_block: false,
            image_depth: 0,
            out: VecDeque::new(),
        }
    }

    fn report(&mut self, item: &Item, msg: Msg) {
        self.problems.push(Problem {
            offset: item.at,
            severity: Severity::Error,
            msg,
        });
    }

    /// The shortcode's HTML from the host, or None after reporting the host's message.
    fn call(&mut self, item: &Item) -> Option<String> {
        let Kind::Shortcode { name, args, body } = &item.kind else {
            return None;
        };
        match self.host.shortcode(name, args, body.as_deref()) {
            Ok(html) => Some(html),
            Err(message) => {
                self.report(item, message);
                None
            }
        }
    }

    /// `s` with its tokens replaced as `mode` says.
    fn replace(&mut self, s: &str, mode: Mode) -> String {
        let items = self.items;
        let mut out = String::with_capacity(s.len() + 16);
        let mut skip_close = false;
        for piece in token::split(s, items.len()) {
            match piece {
                Piece::Text(a, b) => {
                    let t = &s[a..b];
                    out.push_str(if skip_close {
                        t.strip_prefix("-->").unwrap_or(t)
                    } else {
                        t
                    });
                    skip_close = false;
                }
                Piece::Token { idx, .. } => {
                    let item = &items[idx];
                    if item.block && out.ends_with("<!--") {
                        out.truncate(out.len() - 4);
                        skip_close = true;
                    }
                    let original = &self.source[item.source.clone()];
                    match (&item.kind, mode) {
                        (_, Mode::Source) => out.push_str(original),
                        (Kind::Shortcode { .. }, Mode::Html) => match self.call(item) {
                            Some(html) => out.push_str(&html),
                            None => out.push_str(original),
                        },
                        (Kind::Shortcode { .. }, Mode::Plain) => out.push_str(original),
                        (Kind::Ruby(pairs), Mode::Html) => {
                            pairs.iter().for_each(|(c, r)| push_ruby(&mut out, *c, r));
                        }
                        (Kind::Ruby(pairs), Mode::Plain) => out.extend(pairs.iter().map(|p| p.0)),
                        (Kind::Literal { text, error }, _) => {
                            if let Some(e) = error {
                                self.report(item, e.clone());
                            }
                            out.push_str(text);
                        }
                    }
                }
            }
        }
        out
    }

    /// Queues the events for a text outside code.
    fn expand_text(&mut self, t: &CowStr<'a>, r: &Range<usize>) {
        let items = self.items;
        for piece in token::split(t, items.len()) {
            match piece {
                Piece::Text(a, b) => {
                    self.out.push_back((
                        Event::Text(slice_cow(t, a, b)),
                        sub_range(self.text, t, r, a, b),
                    ));
                }
                Piece::Token { idx, a, b } => {
                    let item = &items[idx];
                    let range = sub_range(self.text, t, r, a, b);
                    match &item.kind {
                        Kind::Shortcode { .. } => {
                            let event = match self.call(item) {
                                Some(html) => Event::InlineHtml(CowStr::from(html)),
                                None => {
                                    Event::Text(CowStr::Borrowed(&self.source[item.source.clone()]))
                                }
                            };
                            self.out.push_back((event, range));
                        }
                        Kind::Ruby(pairs) => {
                            for (c, reading) in pairs {
                                let mut close = String::with_capacity(48);
                                push_ruby_close(&mut close, reading);
                                self.out.push_back((
                                    Event::InlineHtml(CowStr::Borrowed(RUBY_OPEN)),
                                    range.clone(),
                                ));
                                self.out
                                    .push_back((Event::Text(CowStr::from(*c)), range.clone()));
                                self.out.push_back((
                                    Event::InlineHtml(CowStr::from(close)),
                                    range.clone(),
                                ));
                            }
                        }
                        Kind::Literal { text, error } => {
                            if let Some(e) = error {
                                self.report(item, e.clone());
                            }
                            self.out
                                .push_back((Event::Text(CowStr::Borrowed(text)), range));
                        }
                    }
                }
            }
        }
    }

    fn restore_dest(&mut self, s: CowStr<'a>) -> CowStr<'a> {
        if s.contains(token::START) {
            CowStr::from(self.replace(&s, Mode::Source))
        } else {
            s
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Expand<'a, '_, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(e) = self.out.pop_front() {
                return Some(e);
            }
            let (ev, r) = self.inner.next()?;
            if self.items.is_empty() {
                return Some((ev, r));
            }
            let has = |t: &CowStr<'_>| t.contains(token::START);
            let ev = match ev {
                Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                    self.in_code_block = matches!(ev, Event::Start(_));
                    ev
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let (dest_url, title) = (self.restore_dest(dest_url), self.restore_dest(title));
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    self.image_depth += 1;
                    let (dest_url, title) = (self.restore_dest(dest_url), self.restore_dest(title));
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::End(TagEnd::Image) => {
                    self.image_depth = self.image_depth.saturating_sub(1);
                    ev
                }
                Event::Text(t) if has(&t) => {
                    if self.in_code_block {
                        Event::Text(CowStr::from(self.replace(&t, Mode::Source)))
                    } else if self.image_depth > 0 {
                        Event::Text(CowStr::from(self.replace(&t, Mode::Plain)))
                    } else {
                        self.expand_text(&t, &r);
                        continue;
                    }
                }
                Event::Code(t) if has(&t) => {
                    Event::Code(CowStr::from(self.replace(&t, Mode::Source)))
                }
                Event::Html(t) if has(&t) => {
                    Event::Html(CowStr::from(self.replace(&t, Mode::Html)))
                }
                Event::InlineHtml(t) if has(&t) => {
                    Event::InlineHtml(CowStr::from(self.replace(&t, Mode::Html)))
                }
                other => other,
            };
            return Some((ev, r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::{html, render_with};

    #[test]
    fn inline_shortcode() {
        assert_eq!(
            html("图：{{ figure(src=\"a.png\") }}。"),
            "<p>图：<figure>a.png</figure>。</p>\n"
        );
        assert_eq!(
            html("{{ args(s='x', n=3, f=1.5, b=true, l=[\"a\", 2]) }} x"),
            "<p>{\"b\":true,\"f\":1.5,\"l\":[\"a\",2],\"n\":3,\"s\":\"x\"} x</p>\n"
        );
    }

    #[test]
    fn alone_on_its_line_not_in_a_paragraph() {
        assert_eq!(
            html("{{ figure(src=\"a.png\") }}\n"),
            "<figure>a.png</figure>\n"
        );
        assert_eq!(
            html("上文\n{{ figure(src=\"a\") }}\n下文"),
            "<p>上文</p>\n<figure>a</figure>\n<p>下文</p>\n"
        );
        assert_eq!(
            html("> {{ figure(src=\"q\") }}\n"),
            "<blockquote>\n<figure>q</figure>\n</blockquote>\n"
        );
    }

    #[test]
    fn block_shortcode_body_is_raw() {
        assert_eq!(
            html("{% note() %}\n**不是**Markdown\n\n第二段\n{% end %}\n\n后文"),
            "<div class=\"note\">**不是**Markdown\n\n第二段</div>\n<p>后文</p>\n"
        );
        assert_eq!(
            html("前 {% note() %}x{% end %} 后"),
            "<p>前 <div class=\"note\">x</div> 后</p>\n"
        );
    }

    #[test]
    fn not_expanded_in_code() {
        assert_eq!(
            html("`{{ figure(src=\"a\") }}`"),
            "<p><code>{{ figure(src=\"a\") }}</code></p>\n"
        );
        assert_eq!(
            html("```\n{{ figure(src=\"a\") }}\n{% note() %}b{% end %}\n```"),
            "<pre><code>{{ figure(src=\"a\") }}\n{% note() %}b{% end %}\n</code></pre>\n"
        );
        assert_eq!(
            html("    {{ figure() }}\n"),
            "<pre><code>{{ figure() }}\n</code></pre>\n"
        );
        assert_eq!(html("``{{ oops(``"), "<p><code>{{ oops(</code></p>\n");
        assert!(
            render_with("``{{ oops(``\n\n```\n{% n() %}\n```", false)
                .problems
                .is_empty()
        );
    }

    #[test]
    fn escaped_shortcode_shown_literally() {
        assert_eq!(
            html("{{/* figure(src=\"a\") */}} <b>"),
            "<p>{{ figure(src=\"a\") }} <b></p>\n"
        );
    }

    #[test]
    fn in_raw_html() {
        assert_eq!(
            html("<div>\n{{ figure(src=\"a\") }}\n</div>\n"),
            "<div>\n<figure>a</figure>\n</div>\n"
        );
    }

    #[test]
    fn errors_at_their_offsets() {
        let src = "第一段\n\n{{ unknown() }}\n\n文字 {{ figure(src=) }}\n\n{% end %}x";
        let r = render_with(src, false);
        let got: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
        let nth = |pat: &str, n: usize| src.match_indices(pat).nth(n).map_or(0, |(i, _)| i);
        assert_eq!(
            got,
            vec![nth("{{", 0), nth("{{", 1), nth("{%", 0)],
            "{:?}",
            r.problems
        );
        assert!(
            r.problems[0]
                .msg
                .text(crate::messages::Lang::Zh)
                .contains("unknown")
        );
        assert!(
            r.problems[1]
                .msg
                .text(crate::messages::Lang::Zh)
                .contains("src")
        );
        assert!(
            r.html.contains("<p>文字 {{ figure(src=) }}</p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn stray_end_and_missing_end() {
        let r = render_with("{% end %}", false);
        assert_eq!(r.problems.len(), 1);
        let r = render_with("a\n\n{% note() %}\nbody", false);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, 3);
        assert!(
            r.problems[0]
                .msg
                .text(crate::messages::Lang::Zh)
                .contains("end")
        );
    }
}
