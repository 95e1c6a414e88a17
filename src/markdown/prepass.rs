//! Before parsing: shortcodes and explicit ruby are cut out of the source and replaced by
//! placeholder tokens (see [`super::token`]), so Markdown never sees their syntax. A shortcode
//! alone on its line becomes `<!--TOKEN-->`, an HTML block, so its HTML is not put in a `<p>`.
//!
//! Tokens are made everywhere, code included; the expansion pass puts the original text back
//! where a token lands in code. Inside a fenced block a block shortcode must end in the fence.

use std::ops::Range;

use serde_json::{Map, Value};

use super::ruby::{RubyScan, parse_ruby};
use super::shortcode::{BlockEnd, Scan, find_end, parse_call};
use super::token;
use crate::messages::Msg;
use crate::text::chars::is_han;

#[derive(Debug)]
pub(crate) enum Kind {
    Shortcode {
        name: String,
        args: Map<String, Value>,
        body: Option<String>,
    },
    Ruby(Vec<(char, String)>),
    /// Text shown as written: an escaped `{{/* … */}}`, or syntax with an error in it.
    Literal {
        text: String,
        error: Option<Msg>,
    },
}

#[derive(Debug)]
pub(crate) struct Item {
    pub(crate) kind: Kind,
    /// Where it stands in the original source.
    pub(crate) source: Range<usize>,
    /// Where its replacement starts in the rewritten text.
    pub(crate) at: usize,
    /// Alone on its line: wrapped as `<!--TOKEN-->`.
    pub(crate) block: bool,
}

#[derive(Debug)]
struct Shift {
    new: Range<usize>,
    old: Range<usize>,
}

#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) text: String,
    pub(crate) items: Vec<Item>,
    shifts: Vec<Shift>,
}

impl Prepared {
    /// The source offset of an offset in the rewritten text.
    pub(crate) fn to_source(&self, p: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.new.start <= p);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => p,
            Some(s) if p < s.new.end => s.old.start,
            Some(s) => s.old.end + (p - s.new.end),
        }
    }
}

/// Rewrites `src`, or None when it holds nothing to replace.
pub(crate) fn prepare(src: &str) -> Option<Prepared> {
    if !src.as_bytes().contains(&b'{') {
        return None;
    }
    let mut b = Builder {
        src,
        out: String::new(),
        copied: 0,
        items: Vec::new(),
        shifts: Vec::new(),
    };
    let bytes = src.as_bytes();
    let mut pos = 0;
    let mut fence_end: Option<usize> = None;
    while pos < src.len() {
        let mut line_end = line_end(bytes, pos);
        if fence_end.is_some_and(|e| pos >= e) {
            fence_end = None;
        }
        if fence_end.is_none() {
            fence_end = fence_open(&src[pos..line_end]).map(|f| fence_close(src, line_end, f));
        }
        let limit = fence_end.unwrap_or(src.len());
        let mut p = pos;
        while let Some(i) = bytes[p..line_end].iter().position(|&c| c == b'{') {
            let at = p + i;
            match b.replace_at(at, limit) {
                Some(end) => {
                    p = end;
                    if end > line_end {
                        line_end = self::line_end(bytes, end);
                    }
                }
                None => p = at + 1,
            }
        }
        pos = line_end + 1;
    }
    if b.items.is_empty() {
        return None;
    }
    b.out.push_str(&src[b.copied..]);
    Some(Prepared {
        text: b.out,
        items: b.items,
        shifts: b.shifts,
    })
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

struct Builder<'s> {
    src: &'s str,
    out: String,
    copied: usize,
    items: Vec<Item>,
    shifts: Vec<Shift>,
}

impl Builder<'_> {
    /// Replaces what starts at `at` (a `{`) if it is ours; returns where it ends.
    fn replace_at(&mut self, at: usize, limit: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[at..limit];
        for (open, close, shown) in [
            ("{{/*", "*/}}", ("{{", "}}")),
            ("{%/*", "*/%}", ("{%", "%}")),
        ] {
            if let Some(inner) = rest.strip_prefix(open) {
                let inner_end = inner.find(close)?;
                let text = format!("{}{}{}", shown.0, &inner[..inner_end], shown.1);
                let end = at + open.len() + inner_end + close.len();
                return Some(self.push(at..end, Kind::Literal { text, error: None }, false));
            }
        }
        let error = |message: Msg| Kind::Literal {
            text: src[at..at + 2].to_string(),
            error: Some(message),
        };
        if rest.starts_with("{{") || rest.starts_with("{%") {
            let (end, kind) = match parse_call(src, at, limit) {
                Scan::NotCall => return None,
                Scan::StrayEnd(end) => (
                    end,
                    Kind::Literal {
                        text: src[at..end].to_string(),
                        error: Some(Msg::StrayEnd),
                    },
                ),
                Scan::Error(message) => (at + 2, error(message)),
                Scan::Call(call) if rest.starts_with("{{") => (
                    call.end,
                    Kind::Shortcode {
                        name: call.name,
                        args: call.args,
                        body: None,
                    },
                ),
                Scan::Call(call) => match find_end(src, call.end, limit) {
                    BlockEnd::Found { body_end, end } => {
                        let body = trim_one_newline(&src[call.end..body_end]).to_string();
                        (
                            end,
                            Kind::Shortcode {
                                name: call.name,
                                args: call.args,
                                body: Some(body),
                            },
                        )
                    }
                    BlockEnd::Missing => (at + 2, error(Msg::ShortcodeNoEnd { name: call.name })),
                },
            };
            let block = matches!(kind, Kind::Shortcode { .. }) && alone_on_line(src, at, end);
            return Some(self.push(at..end, kind, block));
        }
        if rest[1..].chars().next().is_some_and(is_han) {
            let (end, kind) = match parse_ruby(src, at) {
                RubyScan::NotRuby => return None,
                RubyScan::Ruby { pairs, end } => (end, Kind::Ruby(pairs)),
                RubyScan::Error { end, message } => (
                    end,
                    Kind::Literal {
                        text: src[at..end].to_string(),
                        error: Some(message),
                    },
                ),
            };
            return Some(self.push(at..end, kind, false));
        }
        None
    }

    fn push(&mut self, source: Range<usize>, kind: Kind, block: bool) -> usize {
        self.out.push_str(&self.src[self.copied..source.start]);
        let at = self.out.len();
        if block {
            self.out.push_str("<!--");
        }
        token::push(&mut self.out, self.items.len());
        if block {
            self.out.push_str("-->");
        }
        self.shifts.push(Shift {
            new: at..self.out.len(),
            old: source.clone(),
        });
        self.copied = source.end;
        let end = source.end;
        self.items.push(Item {
            kind,
            source,
            at,
            block,
        });
        end
    }
}

fn trim_one_newline(body: &str) -> &str {
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    body.strip_suffix("\r\n")
        .or_else(|| body.strip_suffix('\n'))
        .unwrap_or(body)
}

/// Only indentation or `>` before `start` on its line, only whitespace after `end` on its line.
fn alone_on_line(src: &str, start: usize, end: usize) -> bool {
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let after = &src[end..line_end(src.as_bytes(), end)];
    src[line_start..start]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'>'))
        && after.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// A fence opening line (inside block quotes and list items too): its character and length.
fn fence_open(line: &str) -> Option<(u8, usize)> {
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if let Some(r) = rest.strip_prefix('>') {
            rest = r;
        } else if let Some(r) = list_marker(rest) {
            rest = r;
        } else {
            break;
        }
    }
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == ch).count();
    (n >= 3 && !(ch == b'`' && rest[n..].contains('`'))).then_some((ch, n))
}

fn list_marker(s: &str) -> Option<&str> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match s.as_bytes().get(digits)? {
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        b'-' | b'*' | b'+' if digits == 0 => 1,
        _ => return None,
    };
    let r = &s[marker..];
    r.starts_with([' ', '\t']).then_some(r)
}

/// Where the fence opened on the line ending at `from` ends: after its closing line, or at
/// the end of the source.
fn fence_close(src: &str, from: usize, (ch, n): (u8, usize)) -> usize {
    let bytes = src.as_bytes();
    let mut pos = from + 1;
    while pos < src.len() {
        let end = line_end(bytes, pos);
        let line = src[pos..end]
            .trim_start_matches([' ', '\t', '>'])
            .trim_end();
        if line.len() >= n && line.bytes().all(|b| b == ch) {
            return end;
        }
        pos = end + 1;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        prepare(src).map_or_else(Vec::new, |p| {
            p.items
                .iter()
                .map(|i| match &i.kind {
                    Kind::Shortcode { name, body, .. } => format!("{name}:{body:?}:{}", i.block),
                    Kind::Ruby(pairs) => format!("ruby:{}", pairs.len()),
                    Kind::Literal { text, error } => format!("lit:{text}:{}", error.is_some()),
                })
                .collect()
        })
    }

    #[test]
    fn fast_path_and_nothing_to_do() {
        assert!(prepare("no braces").is_none());
        assert!(prepare("{#id} {{ page.title }} {a|b}").is_none());
    }

    #[test]
    fn items_found() {
        assert_eq!(kinds("a {{ x() }} b"), vec!["x:None:false"]);
        assert_eq!(kinds("  {{ x() }}  \nb"), vec!["x:None:true"]);
        assert_eq!(
            kinds("> {% n() %}\nbody\n{% end %}\n"),
            vec!["n:Some(\"body\"):true"]
        );
        assert_eq!(
            kinds("{% n() %}a{% end %} tail"),
            vec!["n:Some(\"a\"):false"]
        );
        assert_eq!(kinds("{{/* x() */}}"), vec!["lit:{{ x() }}:false"]);
        assert_eq!(
            kinds("{长江|cháng jiāng}{长|a b}"),
            vec!["ruby:2", "lit:{长|a b}:true"]
        );
        assert_eq!(
            kinds("{% end %} {% n() %}x"),
            vec!["lit:{% end %}:true", "lit:{%:true"]
        );
    }

    #[test]
    fn fences_bound_block_shortcodes() {
        // the opener in the fence cannot reach the end tag after it
        let src = "```\n{% n() %}\n```\n\n{% m() %}b{% end %}";
        assert_eq!(kinds(src), vec!["lit:{%:true", "m:Some(\"b\"):true"]);
        // a block outside fences may hold a fence in its body
        let src = "{% n() %}\n```\ncode\n```\n{% end %}";
        assert_eq!(kinds(src), vec!["n:Some(\"```\\ncode\\n```\"):true"]);
        assert_eq!(fence_open("- ```rust"), Some((b'`', 3)));
        assert_eq!(fence_open("> ~~~~"), Some((b'~', 4)));
        assert_eq!(fence_open("```a`b"), None);
        assert_eq!(fence_open("``"), None);
    }

    #[test]
    fn offsets_map_back() {
        let src = "ab{{ x() }}cd{长|cháng}ef";
        let p = prepare(src).unwrap_or_else(|| panic!("items"));
        let cd = p.text.find("cd").unwrap_or(0);
        assert_eq!(p.to_source(cd), src.find("cd").unwrap_or(0));
        assert_eq!(p.to_source(p.items[1].at + 1), src.find("{长").unwrap_or(0));
        assert_eq!(p.to_source(1), 1);
        let ef = p.text.find("ef").unwrap_or(0);
        assert_eq!(p.to_source(ef), src.find("ef").unwrap_or(0));
    }
}
