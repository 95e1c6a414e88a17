//! Markdown → HTML: pulldown-cmark plus the adapters Chinese content needs.
//!
//! The pipeline, in order:
//! 1. [`prepass`]: shortcodes and `{汉字|pinyin}` ruby are replaced by placeholder tokens
//!    (only when the source has a `{`), keeping an offset map back to the source.
//! 2. one pulldown-cmark parse, with source offsets;
//! 3. event adapters: [`expand`] (tokens → HTML, or back to text inside code),
//!    [`emphasis`] (CJK `**`), [`links`] (`@/` links), [`cjk`] (soft breaks),
//!    [`heading`] (ids and toc);
//! 4. a last pass collecting plain text and the summary cut, with [`pinyin`] ruby when asked,
//!    and the checks that only watch: [`alt`] text of images, [`typography`] of Chinese text.

mod alt;
mod cjk;
mod emphasis;
mod expand;
mod heading;
mod links;
mod pinyin;
mod pinyin_dict;
#[cfg(test)]
mod pinyin_dict_gen;
mod pinyin_sandhi;
mod pinyin_words;
mod prepass;
mod ruby;
mod shortcode;
mod summary;
#[cfg(test)]
mod testhost;
mod text;
mod token;
mod typography;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser};

pub use pinyin_sandhi::PinyinTones;

/// What a soft line break between two CJK characters becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SoftBreaks {
    /// Nothing: the lines join (the default, what Chinese readers expect).
    #[default]
    Join,
    /// CommonMark behaviour: a newline, shown as a space.
    Space,
}

/// Per-document rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub cjk_soft_breaks: SoftBreaks,
    /// Front matter `pinyin: true`: ruby over every Han character.
    pub pinyin: bool,
    /// The tones automatic pinyin gives 一 and 不 (site.yaml `markdown.pinyin_tones`).
    pub pinyin_tones: PinyinTones,
}

/// What the engine supplies while one document renders.
pub trait Host {
    /// `path` is what follows `@/` in an internal link, without `#anchor`
    /// (e.g. "campaigns/world-water-day.md"). Returns the URL to put in href, or a message.
    fn resolve_link(&self, path: &str) -> Result<String, crate::messages::Msg>;
    /// Renders shortcode `name` with its arguments (and body for the block form). Err = message.
    fn shortcode(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
    ) -> Result<String, crate::messages::Msg>;
    /// The path the site is served under (`/`, or `/sub/` for `base_url: https://e.org/sub/`):
    /// root-relative links (`/news/a/`) are taken as site-root links and put under it.
    fn base_path(&self) -> &str {
        "/"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found while rendering; `offset` is a byte offset into the source given to [`render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub severity: Severity,
    pub msg: crate::messages::Msg,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// An internal `@/` link that resolved, for the engine to check its anchor later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub path: String,
    pub anchor: Option<String>,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// HTML of what stands before `<!-- more -->`, if the marker is present (well-formed).
    pub summary: Option<String>,
    /// Plain text, blocks separated by newlines.
    pub text: String,
    pub toc: Vec<TocEntry>,
    /// Every heading id, in document order.
    pub anchors: Vec<String>,
    pub links: Vec<LinkRef>,
    /// Every image (`path` is its address as written, `anchor` unused).
    pub images: Vec<LinkRef>,
    pub word_count: usize,
    pub problems: Vec<Problem>,
}

/// An event with its byte range in the parsed text.
pub(crate) type Ev<'a> = (Event<'a>, Range<usize>);

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one Markdown document.
pub fn render(src: &str, opts: &Options, host: &dyn Host) -> Rendered {
    let prepared = prepass::prepare(src);
    let (text, items): (&str, &[prepass::Item]) = match &prepared {
        Some(p) => (&p.text, &p.items),
        None => (src, &[]),
    };

    let mut problems = Vec::new();
    let mut link_problems = Vec::new();
    let mut links = Vec::new();
    let mut headings = heading::HeadingSink::default();
    let mut plain = text::PlainText::default();
    let mut cut = summary::Cut::default();
    let mut auto = opts
        .pinyin
        .then(|| pinyin::AutoPinyin::new(text, opts.pinyin_tones));
    let mut alt = alt::AltCheck::default();
    let mut typography = typography::TypographyCheck::default();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(text.len() / 16 + 16);
    {
        let parsed = Parser::new_ext(text, parser_options()).into_offset_iter();
        let expanded = expand::Expand::new(parsed, text, src, items, host, &mut problems);
        let emphasised = emphasis::Emphasis::new(expanded, text);
        let linked = links::Links::new(emphasised, host, &mut link_problems, &mut links);
        let joined = cjk::SoftBreakJoin::new(linked, opts.cjk_soft_breaks == SoftBreaks::Join);
        for (event, range) in heading::Headings::new(joined, &mut headings) {
            plain.push(&event);
            alt.observe(&event, &range);
            typography.observe(&event, &range, text);
            let event = cut.observe(event, events.len());
            match auto.as_mut() {
                Some(a) => a.push(event, range, &mut events),
                None => events.push(event),
            }
        }
    }

    let summary = cut.render(&events);
    let mut html = String::with_capacity(text.len() + text.len() / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());

    problems.append(&mut link_problems);
    problems.append(&mut alt.problems);
    problems.append(&mut typography.problems);
    if let Some(a) = auto.as_mut() {
        problems.append(&mut a.problems);
    }
    let to_source = |offset: usize| match &prepared {
        Some(p) => p.to_source(offset),
        None => offset,
    };
    for p in &mut problems {
        p.offset = to_source(p.offset);
    }
    problems.sort_by_key(|p| p.offset);
    for l in links.iter_mut().chain(alt.images.iter_mut()) {
        l.offset = to_source(l.offset);
    }

    let plain_text = plain.finish();
    Rendered {
        html,
        summary,
        word_count: text::word_count(&plain_text),
        text: plain_text,
        toc: headings.toc(),
        anchors: headings.anchors,
        links,
        images: alt.images,
        problems,
    }
}

/// `text` as HTML with pinyin ruby over its Chinese characters, as `pinyin: true` pages get.
pub fn pinyin_html(text: &str, tones: PinyinTones) -> String {
    pinyin::text_with_ruby(text, tones)
}

/// Appends `s` to `out` with `& < > "` escaped, for text and attribute values.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// True when `text` is exactly `src[range]` (borrowed from it), so positions inside it
/// map to source offsets by addition.
pub(crate) fn is_source_slice(src: &str, text: &CowStr<'_>, range: &Range<usize>) -> bool {
    matches!(text, CowStr::Borrowed(_))
        && text.len() == range.len()
        && src
            .get(range.clone())
            .is_some_and(|s| s.as_ptr() == text.as_ptr())
}

/// `text[a..b]` as a `CowStr`, borrowing when the text is borrowed.
pub(crate) fn slice_cow<'a>(text: &CowStr<'a>, a: usize, b: usize) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[a..b]),
        other => CowStr::from(other[a..b].to_string()),
    }
}

/// The source range of `text[a..b]` when `text` is a source slice, else the whole range.
pub(crate) fn sub_range(
    src: &str,
    text: &CowStr<'_>,
    range: &Range<usize>,
    a: usize,
    b: usize,
) -> Range<usize> {
    if is_source_slice(src, text, range) {
        range.start + a..range.start + b
    } else {
        range.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::testhost::{TestHost, html, render_with};
    use super::*;

    #[test]
    fn escape_into_escapes_the_four() {
        let mut s = String::new();
        escape_into(&mut s, r#"a<b>&"c""#);
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&quot;");
    }

    #[test]
    fn plain_markdown_extensions() {
        let h = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ - [x] t\n\nx[^1]\n\n[^1]: n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<del>x</del>"), "{h}");
        assert!(h.contains("footnote-definition"), "{h}");
        assert!(html("<b>raw</b>\n").contains("<b>raw</b>"));
    }

    #[test]
    fn word_count_and_text() {
        let r = render("# 标题\n\n节水 is good", &Options::default(), &TestHost);
        assert_eq!(r.text, "标题\n节水 is good");
        assert_eq!(r.word_count, 2 + 2 + 2);
    }

    #[test]
    fn problems_sorted_and_mapped_to_source() {
        let src = "{{ fail() }} [a](@/missing.md) {{ nope( }}";
        let r = render_with(src, false);
        let offsets: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, vec![0, 13, 31]);
        assert!(r.problems.iter().all(|p| p.severity == Severity::Error));
    }

    /// Documents made of tricky fragments in pseudo-random order never panic.
    #[test]
    fn never_panics() {
        const PARTS: &[&str] = &[
            "{{",
            "}}",
            "{%",
            "%}",
            "{% end %}",
            "{{ figure(src=\"a\") }}",
            "{% note() %}",
            "(",
            ")",
            "=\"",
            "{长|",
            "cháng",
            "}",
            "{#x}",
            "|",
            "**",
            "*",
            "“",
            "”",
            "：",
            "`",
            "```",
            "\n",
            "\n\n",
            "    ",
            "> ",
            "- ",
            "<!-- more -->",
            "[a](@/x.md#b)",
            "](",
            "\\",
            "&amp;",
            "行",
            "节水",
            "a",
            " ",
            "<b>",
            "[^1]",
            "[^1]: n",
            "{{/*",
            "*/}}",
            "\u{E000}",
            "\u{E010}",
            "\u{E001}",
            "# ",
            "|---|",
            "~~~",
            "{",
            "\r\n",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut doc = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 24) {
                let r = seed.rotate_left(k as u32 * 5) ^ k;
                doc.push_str(PARTS[(r % PARTS.len() as u64) as usize]);
            }
            let r = render_with(&doc, seed.is_multiple_of(3));
            assert!(r.problems.iter().all(|p| p.offset <= doc.len()), "{doc:?}");
        }
    }

    #[test]
    fn everything_together() {
        let src = "## 节水 {长江|cháng jiāng}\n\n**重点：**见[活动](@/campaigns/world-water-day.md#a)。\n\n{{ figure(src=\"a.png\") }}\n";
        let r = render_with(src, false);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.anchors, vec!["节水-长江"]);
        assert!(r.html.contains("<strong>重点：</strong>"), "{}", r.html);
        assert!(
            r.html.contains("href=\"/campaigns/world-water-day/#a\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("\n<figure>a.png</figure>\n"), "{}", r.html);
        assert_eq!(r.links[0].offset, src.find("[活动]").unwrap_or(0));
    }
}
