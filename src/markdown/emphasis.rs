//! `**strong**` next to CJK punctuation, which CommonMark's flanking rules get wrong
//! (`**重点：**节约用水` stays literal, `**“一”**和**“二”**` nests).
//!
//! Within one run of inline events (a paragraph, heading, cell…) holding a `**` next to a
//! CJK character, every `**` (literal ones left in text, and those pulldown-cmark turned into
//! `<strong>`) is paired again with CJK-friendly flanking: a CJK character on the far side of
//! a punctuation mark counts like punctuation, as in the proposed CommonMark amendment
//! (markdown-cjk-friendly). Pairs never cross another inline element; code and escaped `\*`
//! are left alone. Runs without CJK next to `**` keep pulldown-cmark's result.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, is_source_slice, slice_cow, sub_range};
use crate::text::chars::is_cjk;

/// Whether an event lives inside a run of inline content.
fn is_inline(e: &Event<'_>) -> bool {
    match e {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::Start(t) => is_inline_tag(t),
        Event::End(t) => is_inline_end(t),
        _ => false,
    }
}

fn is_inline_tag(t: &Tag<'_>) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

pub(crate) struct Emphasis<'a, I> {
    inner: I,
    src: &'a str,
    in_code_block: bool,
    /// Last character of text passed through in the current inline run.
    last: Option<char>,
    /// The inline run from its first `<strong>` or text holding `*`, until the run ends.
    buf: Vec<Ev<'a>>,
    out: VecDeque<Ev<'a>>,
}

impl<'a, I> Emphasis<'a, I> {
    pub(crate) fn new(inner: I, src: &'a str) -> Self {
        Emphasis {
            inner,
            src,
            in_code_block: false,
            last: None,
            buf: Vec::new(),
            out: VecDeque::new(),
        }
    }

    /// Whether the text event's first character was backslash-escaped in the source.
    fn escaped_start(&self, t: &CowStr<'_>, r: &std::ops::Range<usize>) -> bool {
        is_source_slice(self.src, t, r)
            && self.src.as_bytes()[..r.start]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count()
                % 2
                == 1
    }

    /// Merges adjacent text events that are contiguous in the source, so a `**` split over
    /// two events is seen as one run (escapes break contiguity, and so stay apart).
    fn merge(&self, events: Vec<Ev<'a>>) -> Vec<Ev<'a>> {
        let mut merged: Vec<Ev<'a>> = Vec::with_capacity(events.len());
        for (ev, r) in events {
            if let (Event::Text(t), Some((Event::Text(prev), pr))) = (&ev, merged.last_mut())
                && pr.end == r.start
                && !self.escaped_start(t, &r)
            {
                *prev = if is_source_slice(self.src, prev, pr) && is_source_slice(self.src, t, &r) {
                    CowStr::Borrowed(&self.src[pr.start..r.end])
                } else {
                    CowStr::from(format!("{prev}{t}"))
                };
                pr.end = r.end;
                continue;
            }
            merged.push((ev, r));
        }
        merged
    }

    /// Turns `<strong>` made from `**…**` back into literal `**` text.
    fn unpair_strong(&self, events: &mut [Ev<'a>]) {
        let mut open = Vec::new();
        for i in 0..events.len() {
            match events[i].0 {
                Event::Start(Tag::Strong) => open.push(i),
                Event::End(TagEnd::Strong) => {
                    let Some(j) = open.pop() else { continue };
                    let r = events[j].1.clone();
                    let src = self.src;
                    if r.len() >= 4
                        && src.get(r.start..r.start + 2) == Some("**")
                        && src.get(r.end - 2..r.end) == Some("**")
                    {
                        events[j] = (
                            Event::Text(CowStr::Borrowed(&src[r.start..r.start + 2])),
                            r.start..r.start + 2,
                        );
                        events[i] = (
                            Event::Text(CowStr::Borrowed(&src[r.end - 2..r.end])),
                            r.end - 2..r.end,
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether a `*` in the source of the buffered run stands next to a CJK character.
    fn star_touches_cjk(&self) -> bool {
        let start = self.buf.iter().map(|e| e.1.start).min().unwrap_or(0);
        let end = self.buf.iter().map(|e| e.1.end).max().unwrap_or(0);
        let Some(span) = self.src.get(start..end) else {
            return false;
        };
        let bytes = span.as_bytes();
        let mut from = 0;
        while let Some(i) = bytes[from..]
            .iter()
            .position(|&b| b == b'*')
            .map(|i| i + from)
        {
            let run_end = i + bytes[i..].iter().take_while(|&&b| b == b'*').count();
            let before = span[..i].chars().next_back();
            let after = span[run_end..].chars().next();
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                return true;
            }
            from = run_end;
        }
        false
    }

    /// Pairs the `**` of the buffered run again if one touches CJK, and queues the result.
    fn flush(&mut self) {
        if !self.star_touches_cjk() {
            self.out.extend(self.buf.drain(..));
            return;
        }
        let mut events = std::mem::take(&mut self.buf);
        self.unpair_strong(&mut events);
        let events = self.merge(events);
        let delims = self.delimiters(&events);
        let mut marks = pair(&delims).into_iter().peekable();
        for (k, (ev, r)) in events.into_iter().enumerate() {
            let Event::Text(t) = &ev else {
                self.out.push_back((ev, r));
                continue;
            };
            let mut from = 0;
            while let Some(&(_, at, open)) = marks.peek().filter(|m| m.0 == k) {
                marks.next();
                if from < at {
                    self.out.push_back((
                        Event::Text(slice_cow(t, from, at)),
                        sub_range(self.src, t, &r, from, at),
                    ));
                }
                let mark_range = sub_range(self.src, t, &r, at, at + 2);
                self.out.push_back((
                    if open {
                        Event::Start(Tag::Strong)
                    } else {
                        Event::End(TagEnd::Strong)
                    },
                    mark_range,
                ));
                from = at + 2;
            }
            if from == 0 {
                self.out.push_back((ev, r));
            } else if from < t.len() {
                self.out.push_back((
                    Event::Text(slice_cow(t, from, t.len())),
                    sub_range(self.src, t, &r, from, t.len()),
                ));
            }
        }
    }

    /// Every unescaped `**` run in the texts, with its flanking and inline scope.
    fn delimiters(&self, events: &[Ev<'a>]) -> Vec<Delim> {
        let mut delims = Vec::new();
        let mut scopes = vec![0usize];
        let mut next_scope = 1;
        let mut prev = self.last;
        for (k, (ev, r)) in events.iter().enumerate() {
            match ev {
                Event::Text(t) => {
                    let bytes = t.as_bytes();
                    let mut i = 0;
                    while let Some(found) = t[i..].find('*') {
                        i += found;
                        let start = i;
                        while i < bytes.len() && bytes[i] == b'*' {
                            i += 1;
                        }
                        if i - start != 2 || (start == 0 && self.escaped_start(t, r)) {
                            continue;
                        }
                        let before = if start == 0 {
                            prev
                        } else {
                            t[..start].chars().next_back()
                        };
                        let after = t[i..]
                            .chars()
                            .next()
                            .or_else(|| first_char_after(&events[k + 1..]));
                        delims.push(Delim {
                            ev: k,
                            at: start,
                            scope: scopes.last().copied().unwrap_or(0),
                            can_open: left_flanking(before, after),
                            can_close: left_flanking(after, before),
                        });
                    }
                    if let Some(c) = t.chars().next_back() {
                        prev = Some(c);
                    }
                }
                Event::Code(t) => prev = t.chars().next_back().or(prev),
                Event::SoftBreak | Event::HardBreak => prev = Some(' '),
                Event::Start(_) => {
                    scopes.push(next_scope);
                    next_scope += 1;
                }
                Event::End(_) => {
                    scopes.pop();
                    if scopes.is_empty() {
                        scopes.push(next_scope);
                        next_scope += 1;
                    }
                }
                _ => {}
            }
        }
        delims
    }
}

struct Delim {
    ev: usize,
    at: usize,
    scope: usize,
    can_open: bool,
    can_close: bool,
}

fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
    })
}

/// CommonMark's left-flanking test (`right` flanking is the mirror: swap the arguments),
/// where a CJK character before the run counts like punctuation.
fn left_flanking(before: Option<char>, after: Option<char>) -> bool {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    !ws(after) && (!is_punct(after) || ws(before) || is_punct(before) || before.is_some_and(is_cjk))
}

/// `(event index, byte offset, opens)` of every paired delimiter, in order: each closer takes
/// the nearest opener of its scope.
fn pair(delims: &[Delim]) -> Vec<(usize, usize, bool)> {
    let mut openers: Vec<&Delim> = Vec::new();
    let mut pairs = Vec::new();
    for d in delims {
        // Scopes are numbered in opening order, so one numbered above the delimiter's own
        // has closed before it: its openers can pair with nothing any more.
        while openers.last().is_some_and(|o| o.scope > d.scope) {
            openers.pop();
        }
        if d.can_close && openers.last().is_some_and(|o| o.scope == d.scope) {
            if let Some(o) = openers.pop() {
                pairs.push((o.ev, o.at, true));
                pairs.push((d.ev, d.at, false));
            }
        } else if d.can_open {
            openers.push(d);
        }
    }
    pairs.sort_unstable_by_key(|&(ev, at, _)| (ev, at));
    pairs
}

/// The first character of text after a delimiter run that ends its event.
fn first_char_after(events: &[Ev<'_>]) -> Option<char> {
    for (ev, _) in events {
        match ev {
            Event::Text(t) | Event::Code(t) => return t.chars().next(),
            Event::SoftBreak | Event::HardBreak => return Some(' '),
            _ => {}
        }
    }
    None
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Emphasis<'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(e) = self.out.pop_front() {
                return Some(e);
            }
            let Some((ev, r)) = self.inner.next() else {
                if self.buf.is_empty() {
                    return None;
                }
                self.flush();
                continue;
            };
            if self.in_code_block || !is_inline(&ev) {
                match &ev {
                    Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
                    Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
                    _ => {}
                }
                self.last = None;
                if self.buf.is_empty() {
                    return Some((ev, r));
                }
                self.flush();
                self.out.push_back((ev, r));
                continue;
            }
            if self.buf.is_empty() {
                match &ev {
                    Event::Text(t) if t.contains('*') => {}
                    Event::Start(Tag::Strong) => {}
                    Event::Text(t) | Event::Code(t) => {
                        self.last = t.chars().next_back().or(self.last);
                        return Some((ev, r));
                    }
                    Event::SoftBreak | Event::HardBreak => {
                        self.last = Some(' ');
                        return Some((ev, r));
                    }
                    _ => return Some((ev, r)),
                }
            }
            self.buf.push((ev, r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::html;

    #[test]
    fn cjk_punctuation_cases() {
        assert_eq!(
            html("**重点：**节约用水"),
            "<p><strong>重点：</strong>节约用水</p>\n"
        );
        assert_eq!(
            html("**“节水型企业”**称号"),
            "<p><strong>“节水型企业”</strong>称号</p>\n"
        );
        assert_eq!(
            html("这是**“重点”**内容"),
            "<p>这是<strong>“重点”</strong>内容</p>\n"
        );
        assert_eq!(
            html("# **重点：**节水"),
            "<h1 id=\"重点节水\"><strong>重点：</strong>节水</h1>\n"
        );
        assert_eq!(
            html("- **注：**见下"),
            "<ul>\n<li><strong>注：</strong>见下</li>\n</ul>\n"
        );
    }

    #[test]
    fn commonmark_emphasis_unchanged() {
        assert_eq!(
            html("**bold** and *em*"),
            "<p><strong>bold</strong> and <em>em</em></p>\n"
        );
        assert_eq!(html("a ** b ** c"), "<p>a ** b ** c</p>\n");
        assert_eq!(html("**Note:**text"), "<p>**Note:**text</p>\n");
        assert_eq!(
            html("中文**English**中文"),
            "<p>中文<strong>English</strong>中文</p>\n"
        );
        assert_eq!(
            html("**a **b** c**"),
            "<p><strong>a <strong>b</strong> c</strong></p>\n"
        );
        assert_eq!(html("__“下划线”__和"), "<p>__“下划线”__和</p>\n");
        assert_eq!(html("**“未闭合"), "<p>**“未闭合</p>\n");
    }

    #[test]
    fn code_and_escapes_untouched() {
        assert_eq!(
            html("`**重点：**节约`"),
            "<p><code>**重点：**节约</code></p>\n"
        );
        assert_eq!(
            html("```\n**重点：**节约\n```"),
            "<pre><code>**重点：**节约\n</code></pre>\n"
        );
        assert_eq!(html("\\*\\*重点：\\*\\*节约"), "<p>**重点：**节约</p>\n");
        assert_eq!(html("\\**重点：**节约"), "<p>**重点：**节约</p>\n");
    }

    #[test]
    fn pairs_do_not_cross_elements() {
        assert_eq!(
            html("[**“链接”](/x)**文字"),
            "<p><a href=\"/x\">**“链接”</a>**文字</p>\n"
        );
        assert_eq!(
            html("_强调**“重点”**文字_"),
            "<p><em>强调<strong>“重点”</strong>文字</em></p>\n"
        );
        assert_eq!(
            html("**“一”**和**“二”**"),
            "<p><strong>“一”</strong>和<strong>“二”</strong></p>\n"
        );
        assert_eq!(
            html("获得**“节水型企业”**和**“水效领跑者”**称号"),
            "<p>获得<strong>“节水型企业”</strong>和<strong>“水效领跑者”</strong>称号</p>\n"
        );
        assert_eq!(
            html("见**[通知](/x)**。"),
            "<p>见<strong><a href=\"/x\">通知</a></strong>。</p>\n"
        );
    }
}
