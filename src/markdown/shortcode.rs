//! Zola shortcode syntax: `{{ name(k=v, ...) }}`, `{% name(k=v) %}body{% end %}`.
//!
//! Argument values: `"str"`, `'str'`, `` `raw` ``, integers, floats, `true`/`false`, arrays.

use crate::messages::{Msg, ShortcodeWhy};
use serde_json::{Map, Number, Value};

/// A parsed call: the opening `{{ … }}` or `{% … %}` spans `start..end`.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) args: Map<String, Value>,
    pub(crate) end: usize,
}

#[derive(Debug)]
pub(crate) enum Scan {
    /// Not shortcode syntax (e.g. `{{ page.title }}`): leave the text alone.
    NotCall,
    Call(Call),
    /// `{% end %}` ending at this offset, with no block open.
    StrayEnd(usize),
    Error(Msg),
}

struct Cur<'s> {
    s: &'s str,
    pos: usize,
    limit: usize,
}

impl<'s> Cur<'s> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.limit).then(|| self.s.as_bytes()[self.pos])
    }
    /// The next character when it is a Chinese input method's mark that stands for an ASCII one.
    fn chinese_mark(&self) -> Option<char> {
        let c = self.s.get(self.pos..self.limit)?.chars().next()?;
        crate::text::chars::ascii_mark(c).map(|_| c)
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }
    fn eat(&mut self, lit: &str) -> bool {
        let end = self.pos + lit.len();
        if end <= self.limit && self.s.as_bytes()[self.pos..end] == *lit.as_bytes() {
            self.pos = end;
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<&'s str> {
        let start = self.pos;
        if !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return None;
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        Some(&self.s[start..self.pos])
    }
}

/// Parses the call opening at `at` (`{{` or `{%`), not reading at or past `limit`.
pub(crate) fn parse_call(s: &str, at: usize, limit: usize) -> Scan {
    let limit = limit.min(s.len());
    let block = s.as_bytes().get(at + 1) == Some(&b'%');
    let close = if block { "%}" } else { "}}" };
    let mut c = Cur {
        s,
        pos: at + 2,
        limit,
    };
    c.skip_ws();
    let Some(name) = c.ident() else {
        return Scan::NotCall;
    };
    c.skip_ws();
    if block && name == "end" && c.eat(close) {
        return Scan::StrayEnd(c.pos);
    }
    if !c.eat("(") {
        return if c.eat(close) {
            Scan::Error(Msg::ShortcodeSyntax {
                name: name.to_string(),
                why: ShortcodeWhy::NoParentheses,
            })
        } else {
            Scan::NotCall
        };
    }
    let args = match parse_args(&mut c) {
        Ok(args) => args,
        Err(why) => {
            return Scan::Error(Msg::ShortcodeSyntax {
                name: name.to_string(),
                why,
            });
        }
    };
    c.skip_ws();
    if !c.eat(close) {
        return Scan::Error(Msg::ShortcodeSyntax {
            name: name.to_string(),
            why: ShortcodeWhy::NotClosed(close.to_string()),
        });
    }
    Scan::Call(Call {
        name: name.to_string(),
        args,
        end: c.pos,
    })
}

fn parse_args(c: &mut Cur<'_>) -> Result<Map<String, Value>, ShortcodeWhy> {
    let mut args = Map::new();
    loop {
        c.skip_ws();
        if c.eat(")") {
            return Ok(args);
        }
        let Some(key) = c.ident() else {
            return Err(ShortcodeWhy::ExpectedName);
        };
        c.skip_ws();
        if !c.eat("=") {
            return Err(c.chinese_mark().map_or(
                ShortcodeWhy::ExpectedEquals(key.to_string()),
                ShortcodeWhy::ChinesePunctuation,
            ));
        }
        c.skip_ws();
        let value =
            parse_value(c).map_err(|e| ShortcodeWhy::InArgument(key.to_string(), Box::new(e)))?;
        if args.insert(key.to_string(), value).is_some() {
            return Err(ShortcodeWhy::DuplicateArgument(key.to_string()));
        }
        c.skip_ws();
        if !c.eat(",") && c.peek() != Some(b')') {
            return Err(c.chinese_mark().map_or(
                ShortcodeWhy::ExpectedCommaOrParen(key.to_string()),
                ShortcodeWhy::ChinesePunctuation,
            ));
        }
    }
}

fn parse_value(c: &mut Cur<'_>) -> Result<Value, ShortcodeWhy> {
    match c.peek() {
        Some(q @ (b'"' | b'\'' | b'`')) => parse_string(c, q).map(Value::String),
        Some(b'[') => {
            c.pos += 1;
            let mut items = Vec::new();
            loop {
                c.skip_ws();
                if c.eat("]") {
                    return Ok(Value::Array(items));
                }
                items.push(parse_value(c)?);
                c.skip_ws();
                if !c.eat(",") && c.peek() != Some(b']') {
                    return Err(c
                        .chinese_mark()
                        .map_or(ShortcodeWhy::ArrayComma, ShortcodeWhy::ChinesePunctuation));
                }
            }
        }
        Some(b't') if c.eat("true") => Ok(Value::Bool(true)),
        Some(b'f') if c.eat("false") => Ok(Value::Bool(false)),
        Some(b'-' | b'+' | b'0'..=b'9') => parse_number(c),
        _ => Err(c
            .chinese_mark()
            .map_or(ShortcodeWhy::BadValue, ShortcodeWhy::ChinesePunctuation)),
    }
}

fn parse_string(c: &mut Cur<'_>, quote: u8) -> Result<String, ShortcodeWhy> {
    c.pos += 1;
    let mut out = String::new();
    let mut from = c.pos;
    while let Some(b) = c.peek() {
        if b == quote {
            out.push_str(&c.s[from..c.pos]);
            c.pos += 1;
            return Ok(out);
        }
        if b == b'\\' && quote != b'`' && c.pos + 1 < c.limit {
            out.push_str(&c.s[from..c.pos]);
            let next = c.s.as_bytes()[c.pos + 1];
            match next {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'\\' | b'"' | b'\'' => out.push(char::from(next)),
                _ => out.push('\\'),
            }
            c.pos += if matches!(next, b'n' | b't' | b'\\' | b'"' | b'\'') {
                2
            } else {
                1
            };
            from = c.pos;
            continue;
        }
        c.pos += 1;
    }
    Err(ShortcodeWhy::UnclosedQuote)
}

fn parse_number(c: &mut Cur<'_>) -> Result<Value, ShortcodeWhy> {
    let start = c.pos;
    if matches!(c.peek(), Some(b'-' | b'+')) {
        c.pos += 1;
    }
    while c
        .peek()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'_'))
    {
        c.pos += 1;
    }
    let text: String = c.s[start..c.pos].chars().filter(|&ch| ch != '_').collect();
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or(ShortcodeWhy::BadNumber(text))
}

/// Where a block's body ends.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BlockEnd {
    /// The body is `from..body_end`; the `{% end %}` tag ends at `end`.
    Found {
        body_end: usize,
        end: usize,
    },
    Missing,
}

/// Finds the `{% end %}` closing a block whose body starts at `from`. Another block opening
/// first (blocks do not nest) means this one has no end.
pub(crate) fn find_end(s: &str, from: usize, limit: usize) -> BlockEnd {
    let limit = limit.min(s.len());
    let mut search = from;
    if search > limit {
        return BlockEnd::Missing;
    }
    while let Some(i) = s[search..limit].find("{%").map(|i| i + search) {
        let mut c = Cur {
            s,
            pos: i + 2,
            limit,
        };
        c.skip_ws();
        match c.ident() {
            Some("end") => {
                c.skip_ws();
                if c.eat("%}") {
                    return BlockEnd::Found {
                        body_end: i,
                        end: c.pos,
                    };
                }
            }
            Some(_) => {
                c.skip_ws();
                if c.eat("(") {
                    return BlockEnd::Missing;
                }
            }
            None => {}
        }
        search = i + 2;
    }
    BlockEnd::Missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(s: &str) -> Call {
        match parse_call(s, 0, s.len()) {
            Scan::Call(c) => c,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn arguments_of_every_kind() {
        let c = call(
            r#"{{ figure(src="a \"b\".png", n=3, x=-1.5, ok=true, no=false, l=['a', "b"], r=`c\d`,) }} tail"#,
        );
        assert_eq!(c.name, "figure");
        let v = serde_json::Value::Object(c.args).to_string();
        assert_eq!(
            v,
            r#"{"l":["a","b"],"n":3,"no":false,"ok":true,"r":"c\\d","src":"a \"b\".png","x":-1.5}"#
        );
        assert_eq!(c.end, r#"{{ figure(src="a \"b\".png", n=3, x=-1.5, ok=true, no=false, l=['a', "b"], r=`c\d`,) }}"#.len());
    }

    #[test]
    fn multi_line_and_block_opening() {
        let c = call("{%  note(\n  title=\"节水\"\n) %}body");
        assert_eq!(c.name, "note");
        assert_eq!(c.args.get("title").and_then(|v| v.as_str()), Some("节水"));
        assert_eq!(c.end, "{%  note(\n  title=\"节水\"\n) %}".len());
    }

    #[test]
    fn not_calls_and_errors() {
        assert!(matches!(
            parse_call("{{ page.title }}", 0, 16),
            Scan::NotCall
        ));
        assert!(matches!(parse_call("{{ 中文 }}", 0, 12), Scan::NotCall));
        assert!(matches!(parse_call("{% end %}", 0, 9), Scan::StrayEnd(9)));
        for bad in [
            "{{ x }}",
            "{{ x(a=) }}",
            "{{ x(a=\"b) }}",
            "{{ x(a) }}",
            "{{ x(a=1 b=2) }}",
            "{{ x()",
            "{{ x(a=1, a=2) }}",
            "{{ x(n=1.2.3) }}",
        ] {
            assert!(
                matches!(parse_call(bad, 0, bad.len()), Scan::Error(_)),
                "{bad}"
            );
        }
        // the limit is respected: the closing }} lies past it
        assert!(matches!(parse_call("{{ x() }}", 0, 7), Scan::Error(_)));
    }

    #[test]
    fn block_end() {
        let s = "{% a() %}body{%end%} {% b() %}x{% a() %}y{% end %}";
        assert_eq!(
            find_end(s, 9, s.len()),
            BlockEnd::Found {
                body_end: 13,
                end: 20
            }
        );
        assert_eq!(find_end(s, 30, s.len()), BlockEnd::Missing);
        assert_eq!(find_end(s, 9, 15), BlockEnd::Missing);
    }
}
