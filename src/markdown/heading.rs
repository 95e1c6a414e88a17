//! Heading ids (Chinese kept, `{#id}` wins, duplicates numbered) and the table of contents.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, TocEntry};

/// What the heading pass found.
#[derive(Debug, Default)]
pub(crate) struct HeadingSink {
    pub(crate) anchors: Vec<String>,
    /// `(level, id, title)` in document order.
    flat: Vec<(u8, String, String)>,
    used: HashSet<String>,
    /// For each base id, the suffix to try next: n headings with one title take n steps in
    /// all, not n² (`目标`, `目标-1`, `目标-2`…).
    next_suffix: HashMap<String, usize>,
}

impl HeadingSink {
    /// A unique id from `base`: itself, else `base-1`, `base-2`…
    fn unique(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// The headings nested by level: each under the nearest earlier one of a lower level.
    pub(crate) fn toc(&mut self) -> Vec<TocEntry> {
        fn insert(list: &mut Vec<TocEntry>, e: TocEntry) {
            match list.last_mut() {
                Some(last) if last.level < e.level => insert(&mut last.children, e),
                _ => list.push(e),
            }
        }
        let mut root = Vec::new();
        for (level, id, title) in self.flat.drain(..) {
            insert(
                &mut root,
                TocEntry {
                    level,
                    id,
                    title,
                    children: Vec::new(),
                },
            );
        }
        root
    }
}

/// The id for a heading's text: ASCII lower-cased, whitespace runs → `-`, punctuation
/// dropped, letters and digits of every script (Chinese too) kept; empty → `section`.
pub(crate) fn slugify(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            if gap && !id.is_empty() {
                id.push('-');
            }
            gap = false;
            id.push(c.to_ascii_lowercase());
        }
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}

/// Gives every heading an id and records it for the toc.
pub(crate) struct Headings<'s, 'a, I> {
    inner: I,
    sink: &'s mut HeadingSink,
    out: VecDeque<Ev<'a>>,
}

impl<'s, 'a, I> Headings<'s, 'a, I> {
    pub(crate) fn new(inner: I, sink: &'s mut HeadingSink) -> Self {
        Headings {
            inner,
            sink,
            out: VecDeque::new(),
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Headings<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        if let Some(e) = self.out.pop_front() {
            return Some(e);
        }
        let (ev, range) = self.inner.next()?;
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = ev
        else {
            return Some((ev, range));
        };
        let mut title = String::new();
        for (e, r) in self.inner.by_ref() {
            match &e {
                Event::End(TagEnd::Heading(_)) => {
                    self.out.push_back((e, r));
                    break;
                }
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::SoftBreak | Event::HardBreak => title.push(' '),
                _ => {}
            }
            self.out.push_back((e, r));
        }
        let title = title.trim().to_string();
        let id = match id {
            Some(custom) => {
                self.sink.used.insert(custom.to_string());
                custom.to_string()
            }
            None => self.sink.unique(slugify(&title)),
        };
        self.sink.anchors.push(id.clone());
        self.sink.flat.push((level as u8, id.clone(), title));
        let start = Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        };
        Some((Event::Start(start), range))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::{html, render_with};
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("节水目标"), "节水目标");
        assert_eq!(slugify("Water  Saving 2021"), "water-saving-2021");
        assert_eq!(slugify("一、节水（2021年）：“目标”。"), "一节水2021年目标");
        assert_eq!(slugify("A & B"), "a-b");
        assert_eq!(slugify("long-term_plan"), "long-term_plan");
        assert_eq!(slugify("？！"), "section");
        assert_eq!(slugify("Ärger"), "Ärger");
    }

    #[test]
    fn ids_in_html() {
        assert_eq!(html("## 节水目标"), "<h2 id=\"节水目标\">节水目标</h2>\n");
        assert_eq!(html("## 标题 {#my-id}"), "<h2 id=\"my-id\">标题</h2>\n");
        assert_eq!(html("## a\"b {#x\"y}"), "<h2 id=\"x&quot;y\">a\"b</h2>\n");
        assert_eq!(
            html("## `code` *em*"),
            "<h2 id=\"code-em\"><code>code</code> <em>em</em></h2>\n"
        );
    }

    #[test]
    fn duplicates_numbered() {
        let r = render_with("## 目标\n## 目标\n## 目标\n## 目标-1 {#x}\n## ！", false);
        assert_eq!(r.anchors, vec!["目标", "目标-1", "目标-2", "x", "section"]);
        let r = render_with("## a {#b}\n## b", false);
        assert_eq!(r.anchors, vec!["b", "b-1"]);
    }

    #[test]
    fn many_equal_headings_take_one_step_each() {
        // Issue #14 item 8: the search for a free suffix restarted at 1 for every heading.
        let mut sink = HeadingSink::default();
        let ids: Vec<String> = (0..20_000).map(|_| sink.unique("节水".into())).collect();
        assert_eq!(ids[0], "节水");
        assert_eq!(ids[19_999], "节水-19999");
        // One candidate tried per heading: the next suffix is where the last one stopped.
        assert_eq!(sink.next_suffix.get("节水"), Some(&20_000));
        // A suffix taken by an explicit id is still skipped.
        let mut sink = HeadingSink::default();
        sink.used.insert("a-1".into());
        let ids: Vec<String> = (0..3).map(|_| sink.unique("a".into())).collect();
        assert_eq!(ids, ["a", "a-2", "a-3"]);
    }

    #[test]
    fn toc_nested() {
        let r = render_with(
            "# 总\n## 一\n### 甲\n### 乙\n## 二\n#### 深\n## 三 `x`",
            false,
        );
        assert_eq!(r.toc.len(), 1);
        let top = &r.toc[0];
        assert_eq!((top.level, top.title.as_str()), (1, "总"));
        let names: Vec<&str> = top.children.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(names, vec!["一", "二", "三 x"]);
        assert_eq!(top.children[0].children.len(), 2);
        assert_eq!(top.children[1].children[0].id, "深");
        let r = render_with("### 深\n## 浅", false);
        assert_eq!(r.toc.len(), 2);
    }
}
