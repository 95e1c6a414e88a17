//! What the templates read of pages, found by scanning the tags of their sources (Tera 2 keeps
//! its syntax tree to itself). It decides how much of the site a build holds at once: when no
//! template can read the `content` or `toc` of a page other than the one it renders, each page
//! is rendered whole, template included, as soon as its Markdown is, and only a list entry of it
//! (everything but `content` and `toc`) is kept for section, taxonomy and record pages.
//!
//! The scan errs towards "reads everything": a template that names `content` or `toc` on
//! anything but `page` or `section`, binds `page` or `section` to something else, uses a key as
//! a string (`p["content"]`), walks a map's entries (`for k, v in …`, `values`, `pairs`), or
//! includes a template by a computed name keeps every page's content until the end, as before.

use std::collections::{BTreeMap, BTreeSet};

/// What one template's tags show.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    /// Reads `content` or `toc` of a value that may be another page (or cannot be told).
    pub(crate) other_content: bool,
    pub(crate) calls_get_page: bool,
    pub(crate) calls_get_section: bool,
    /// Names `pages` (a section's or a term's list).
    pub(crate) reads_pages: bool,
    /// Defines a component, which any template may call.
    pub(crate) defines_component: bool,
    /// Templates it extends or includes, by name.
    pub(crate) uses: Vec<String>,
    /// Includes a template whose name is computed.
    pub(crate) dynamic_include: bool,
}

/// What the build needs to hold, from all the templates together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Some template may read the `content` or `toc` of a listed or looked-up page.
    pub(crate) listed_content: bool,
    /// A template rendered for a page looks other pages up (`get_page`, or `pages` of a
    /// `get_section`): pages must wait until every page's Markdown is rendered.
    pub(crate) page_lookups: bool,
    /// Shortcodes (or what they include) call `get_page` or `get_section`.
    pub(crate) shortcode_lookups: bool,
}

impl Usage {
    /// Pages can be rendered whole inside the Markdown pass.
    pub(crate) fn streams(&self) -> bool {
        !self.listed_content && !self.page_lookups
    }

    /// Reads the facts of every template: `page_templates` are the templates pages are rendered
    /// with (`page.html` and every `template:` of a page).
    pub(crate) fn of<'a>(
        facts: &'a BTreeMap<String, Facts>,
        page_templates: impl IntoIterator<Item = &'a str>,
    ) -> Usage {
        let components: Vec<&str> = facts
            .iter()
            .filter(|(_, f)| f.defines_component)
            .map(|(n, _)| n.as_str())
            .collect();
        let mut start: Vec<&str> = components.clone();
        start.extend(page_templates);
        let pages = reach(facts, start);
        let mut start = components;
        start.extend(
            facts
                .keys()
                .map(String::as_str)
                .filter(|n| n.starts_with("shortcodes/")),
        );
        let shortcodes = reach(facts, start);
        let any = |set: &[&Facts], f: fn(&Facts) -> bool| set.iter().any(|x| f(x));
        Usage {
            listed_content: facts.values().any(|f| f.other_content),
            page_lookups: any(&pages, |f| f.calls_get_page)
                || (any(&pages, |f| f.calls_get_section) && any(&pages, |f| f.reads_pages)),
            shortcode_lookups: any(&shortcodes, |f| f.calls_get_page || f.calls_get_section),
        }
    }
}

/// The facts of the named templates and of every template they extend or include; all of them
/// when one includes by a computed name.
fn reach<'f, 'n>(
    facts: &'f BTreeMap<String, Facts>,
    start: impl IntoIterator<Item = &'n str>,
) -> Vec<&'f Facts> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo: Vec<&str> = start.into_iter().collect();
    let mut found = Vec::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        let Some(f) = facts.get(name) else { continue };
        if f.dynamic_include {
            return facts.values().collect();
        }
        todo.extend(f.uses.iter().map(String::as_str));
        found.push(f);
    }
    found
}

/// A token inside a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    Str(&'a str),
    Punct(u8),
}

/// Scans one template's source.
pub(crate) fn scan(source: &str) -> Facts {
    let mut facts = Facts::default();
    for tag in tags(source) {
        read_tag(&tag, &mut facts);
    }
    facts.uses.sort();
    facts.uses.dedup();
    facts
}

fn read_tag(t: &[Tok<'_>], facts: &mut Facts) {
    let bound = |tok: &Tok<'_>| matches!(tok, Tok::Ident("page" | "section"));
    match t.first() {
        Some(Tok::Ident("block" | "endblock" | "endcomponent" | "endfilter")) => return,
        Some(Tok::Ident("extends")) => {
            if let Some(Tok::Str(name)) = t.get(1) {
                facts.uses.push((*name).to_string());
            }
            return;
        }
        Some(Tok::Ident("include")) => {
            let names: Vec<&str> = t
                .iter()
                .filter_map(|x| match x {
                    Tok::Str(s) => Some(*s),
                    _ => None,
                })
                .collect();
            let literal = t[1..]
                .iter()
                .all(|x| matches!(x, Tok::Str(_) | Tok::Ident("ignore" | "missing")));
            if names.is_empty() || !literal {
                facts.dynamic_include = true;
            }
            facts.uses.extend(names.into_iter().map(str::to_string));
            return;
        }
        Some(Tok::Ident("component")) => {
            facts.defines_component = true;
            if t[1..].iter().any(bound) {
                facts.other_content = true;
            }
        }
        Some(Tok::Ident("set" | "set_global")) if t.get(1).is_some_and(bound) => {
            facts.other_content = true;
        }
        _ => {}
    }
    for (i, tok) in t.iter().enumerate() {
        match tok {
            Tok::Ident("for") => {
                let names: Vec<&Tok<'_>> = t[i + 1..]
                    .iter()
                    .take_while(|x| !matches!(x, Tok::Ident("in")))
                    .filter(|x| matches!(x, Tok::Ident(_)))
                    .collect();
                // Two names walk a map's entries, a page's among them possibly.
                if names.len() > 1 || names.into_iter().any(bound) {
                    facts.other_content = true;
                }
            }
            Tok::Ident("content" | "toc") if is_attribute(t, i) && !owned_by_page(t, i) => {
                facts.other_content = true;
            }
            Tok::Str("content" | "toc") | Tok::Ident("values" | "pairs") => {
                facts.other_content = true;
            }
            Tok::Ident("get_page") => facts.calls_get_page = true,
            Tok::Ident("get_section") => facts.calls_get_section = true,
            Tok::Ident("pages") | Tok::Str("pages") => facts.reads_pages = true,
            _ => {}
        }
    }
}

/// `x.NAME` or `x?.NAME`.
fn is_attribute(t: &[Tok<'_>], i: usize) -> bool {
    i > 0 && t[i - 1] == Tok::Punct(b'.')
}

/// `page.NAME` or `section.NAME`, where `page` / `section` is the template's own variable (not
/// itself an attribute of something).
fn owned_by_page(t: &[Tok<'_>], i: usize) -> bool {
    let mut j = i - 1;
    if j > 0 && t[j - 1] == Tok::Punct(b'?') {
        j -= 1;
    }
    if j == 0 || !matches!(t[j - 1], Tok::Ident("page" | "section")) {
        return false;
    }
    let owner = j - 1;
    owner == 0 || !matches!(t[owner - 1], Tok::Punct(b'.' | b'?' | b']' | b')'))
}

/// The tokens of every `{{ … }}` and `{% … %}` tag, comments and `raw` blocks skipped.
fn tags(src: &str) -> Vec<Vec<Tok<'_>>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = src[i..].find('{') {
        let at = i + off;
        match b.get(at + 1) {
            Some(b'#') => {
                i = src[at + 2..].find("#}").map_or(b.len(), |e| at + 2 + e + 2);
            }
            Some(b'{' | b'%') => {
                let (toks, end) = lex_tag(src, at + 2);
                i = end;
                if toks.first() == Some(&Tok::Ident("raw")) {
                    i = skip_raw(src, i);
                }
                out.push(toks);
            }
            _ => i = at + 1,
        }
    }
    out
}

/// Past the `{% endraw %}` closing a raw block.
fn skip_raw(src: &str, from: usize) -> usize {
    let mut i = from;
    while let Some(off) = src[i..].find("{%") {
        let (toks, end) = lex_tag(src, i + off + 2);
        if toks.first() == Some(&Tok::Ident("endraw")) {
            return end;
        }
        i = i + off + 2;
    }
    src.len()
}

/// Tokens from `start` (just inside the opening delimiter) to the closing `}}` / `%}`; returns
/// them and the offset after the tag.
fn lex_tag(src: &str, start: usize) -> (Vec<Tok<'_>>, usize) {
    let b = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        match c {
            b'}' | b'%' if b.get(i + 1) == Some(&b'}') => return (toks, i + 2),
            b'"' | b'\'' | b'`' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != c {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                toks.push(Tok::Str(&src[i + 1..end]));
                i = end + 1;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                toks.push(Tok::Ident(&src[i..j]));
                i = j;
            }
            _ if c.is_ascii_whitespace() || c.is_ascii_digit() || c == b'-' => i += 1,
            _ => {
                toks.push(Tok::Punct(c));
                i += 1;
            }
        }
    }
    (toks, b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> Facts {
        scan(src)
    }

    #[test]
    fn own_content_is_not_another_pages() {
        let f = facts(
            "{% extends \"base.html\" %}{% block content %}{{ page.content | safe }}\
             {% for h in page.toc %}{{ h.title }}{% endfor %}{{ section.content }}{% endblock content %}\
             <meta name=\"viewport\" content=\"width=device-width\">",
        );
        assert!(!f.other_content, "{f:?}");
        assert_eq!(f.uses, ["base.html"]);
    }

    #[test]
    fn listed_content_is_seen() {
        for src in [
            "{% for p in section.pages %}{{ p.content }}{% endfor %}",
            "{% for p in section.pages %}{{ p.toc | length }}{% endfor %}",
            "{{ get_page(path=\"a.md\").content }}",
            "{{ section.pages[0].content }}",
            "{% for page in section.pages %}{{ page.content }}{% endfor %}",
            "{% set page = get_page(path=\"a.md\") %}{{ page.content }}",
            "{% set_global section = get_section(path=\"a/_index.md\") %}",
            "{{ p[\"content\"] }}",
            "{{ p | get(key=\"toc\") }}",
            "{% for k, v in p %}{{ v }}{% endfor %}",
            "{{ p | values | join(sep=\",\") }}",
            "{{ x.page.content }}",
            "{{ p?.content }}",
            "{% component Card(page) %}{{ page.content }}{% endcomponent Card %}",
            "{{ [p.title for page in section.pages] }}",
        ] {
            assert!(facts(src).other_content, "{src}");
        }
    }

    #[test]
    fn comments_strings_and_raw_blocks_are_not_read() {
        let f = facts(
            "{# p.content get_page #}{% raw %}{{ p.content }}{% endraw %}\
             {{ \"p.content\" }}{{ content }}",
        );
        assert_eq!(f, Facts::default());
        assert!(facts("{{ x(content=1) }}").eq(&Facts::default()));
    }

    #[test]
    fn broken_templates_scan_without_panicking() {
        for src in [
            "{{ \"abc",
            "{{ '\\中文' }}{% raw %}{{",
            "{# never closed",
            "{% for 页 in 栏目 %}{{ 页.content }",
            "{{ p[\"\\",
            "{",
            "{%",
            "}}{{}}{%%}",
        ] {
            let _ = facts(src);
        }
    }

    #[test]
    fn lookups_and_includes() {
        let f = facts(
            "{%- set root = get_section(path=\"_index.md\") %}{% include \"partials/a.html\" %}\
             {% for s in root.subsections %}{{ s.title }}{% endfor %}",
        );
        assert!(f.calls_get_section && !f.calls_get_page && !f.reads_pages);
        assert_eq!(f.uses, ["partials/a.html"]);
        assert!(facts("{% include name %}").dynamic_include);
        assert!(facts("{{ get_section(path=\"a\").pages | length }}").reads_pages);
    }

    #[test]
    fn usage_follows_extends_and_includes() {
        let mut all = BTreeMap::new();
        all.insert(
            "page.html".to_string(),
            facts("{% extends \"base.html\" %}"),
        );
        all.insert(
            "base.html".to_string(),
            facts("{% include \"nav.html\" %}{{ page.content }}"),
        );
        all.insert(
            "nav.html".to_string(),
            facts("{% set s = get_section(path=\"a\") %}{{ s.title }}"),
        );
        all.insert(
            "section.html".to_string(),
            facts("{% for p in section.pages %}{{ p.summary }}{% endfor %}"),
        );
        let usage = Usage::of(&all, ["page.html"]);
        assert!(usage.streams(), "{usage:?}");
        assert!(!usage.shortcode_lookups);

        // The page's nav now lists a section's pages: pages wait for all the Markdown.
        all.insert(
            "nav.html".to_string(),
            facts("{% for p in get_section(path=\"a\").pages %}{{ p.title }}{% endfor %}"),
        );
        assert!(Usage::of(&all, ["page.html"]).page_lookups);
        // …but not when only the section template does.
        all.insert("nav.html".to_string(), facts(""));
        all.insert(
            "shortcodes/x.html".to_string(),
            facts("{{ get_page(path=path).title }}"),
        );
        let usage = Usage::of(&all, ["page.html"]);
        assert!(usage.streams() && usage.shortcode_lookups, "{usage:?}");
        // A page with its own template that lists another page's content.
        all.insert(
            "wide.html".to_string(),
            facts("{{ get_page(path=\"b.md\").title }}"),
        );
        assert!(Usage::of(&all, ["page.html", "wide.html"]).page_lookups);
    }
}
