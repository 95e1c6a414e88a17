//! Typed YAML with located errors: serde_yaml's messages mapped to the file's own lines and to
//! catalogue messages (an unknown field gets a did-you-mean suggestion).

pub mod positions;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// Parses `text` (which starts on line `first_line` of `shown`) into `T`.
pub fn parse<T: DeserializeOwned>(
    shown: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some(offset) = too_deep(text) {
        return Err(Diagnostic::error(Msg::YamlTooDeep { max: MAX_DEPTH })
            .in_file(shown)
            .at(Pos::of_offset(text, offset, first_line))
            .with_source_lines(text, first_line));
    }
    if let Some(offset) = aliases_too_big(text) {
        return Err(Diagnostic::error(Msg::YamlAliasesTooBig)
            .in_file(shown)
            .at(Pos::of_offset(text, offset, first_line))
            .with_source_lines(text, first_line));
    }
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(shown, text, first_line, &e))
}

/// serde_yaml refuses more nesting than this anyway, but only after its parser has read it
/// all, which takes quadratic time in the depth of `[[[[…` (20,000 levels: seconds).
const MAX_DEPTH: usize = 128;

/// The offset of the first `[` or `{` nested deeper than [`MAX_DEPTH`], if there is one.
///
/// A rough YAML scanner: a quote opens a quoted value, and a bracket a flow collection, only
/// where a value can start (at the start of a line, after `:`, `-`, `,`, `?` or an opening
/// bracket), as YAML's own rule says: the apostrophe of `it's` or the bracket of `第[1]号` in
/// a plain value opens nothing. Inside brackets every bracket counts. Comments are skipped.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    // Whether a value may start here: at a line's start, after `: `, `- `, `? `, and inside
    // brackets after `,`, `:` or an opening bracket (spaces between do not change it).
    let mut value_start = true;
    let spaced = |i: usize| {
        bytes
            .get(i + 1)
            .is_none_or(|n| matches!(n, b' ' | b'\t' | b'\n' | b'\r'))
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if comment {
            comment = b != b'\n';
            value_start = !comment;
            i += 1;
            continue;
        }
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(b'\'') if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            Some(q) if b == q => {
                quote = None;
                value_start = false;
            }
            Some(_) => {}
            None => match b {
                b'\n' => value_start = true,
                b' ' | b'\t' | b'\r' => {}
                b'"' | b'\'' if value_start => quote = Some(b),
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => comment = true,
                b'[' | b'{' if depth > 0 || value_start => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(i);
                    }
                    value_start = true;
                }
                b']' | b'}' if depth > 0 => {
                    depth -= 1;
                    value_start = false;
                }
                b',' if depth > 0 => value_start = true,
                b':' if depth > 0 || spaced(i) => value_start = true,
                b'-' | b'?' if spaced(i) => value_start = true,
                _ => value_start = false,
            },
        }
        i += 1;
    }
    None
}

/// How much text the values of a YAML file may come to once every alias (`*name`) is replaced
/// by what its anchor (`&name`) names: 16 MiB, or 4 times the file when that is more. A small
/// file whose aliases multiply one long value would otherwise take gigabytes to read.
fn expansion_limit(text: &str) -> u64 {
    (16u64 << 20).max(text.len() as u64 * 4)
}

/// The offset of the alias where the expanded values pass [`expansion_limit`], if they do.
/// Only texts that have both `&` and `*` are looked at (read once more, by events).
fn aliases_too_big(text: &str) -> Option<usize> {
    if !(text.contains('&') && text.contains('*')) {
        return None;
    }
    let mut counter = Expansion {
        limit: expansion_limit(text),
        total: 0,
        frames: vec![(0, 0)],
        sizes: std::collections::HashMap::new(),
        over_at: None,
    };
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let _ = parser.load(&mut counter, true);
    // yaml-rust2 counts characters; diagnostics place bytes.
    counter.over_at.map(|chars| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    })
}

/// Adds up the size of every value, aliases expanded: each collection's size is known when it
/// ends, each anchor's when its node ends.
struct Expansion {
    limit: u64,
    /// What the aliases met so far expand to.
    total: u64,
    /// The size so far of each open collection, with its anchor (0: none).
    frames: Vec<(u64, usize)>,
    /// Anchor id → the size of the node it names.
    sizes: std::collections::HashMap<usize, u64>,
    /// The byte offset where the total passed the limit.
    over_at: Option<usize>,
}

impl Expansion {
    fn grow(&mut self, size: u64) {
        if let Some((top, _)) = self.frames.last_mut() {
            *top = top.saturating_add(size);
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for Expansion {
    fn on_event(&mut self, event: yaml_rust2::parser::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::parser::Event;
        if self.over_at.is_some() {
            return;
        }
        match event {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + 1;
                if anchor > 0 {
                    self.sizes.insert(anchor, size);
                }
                self.grow(size);
            }
            Event::Alias(id) => {
                let size = self.sizes.get(&id).copied().unwrap_or(1);
                self.grow(size);
                self.total = self.total.saturating_add(size);
                if self.total > self.limit {
                    self.over_at = Some(mark.index());
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.frames.push((1, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (size, anchor) = self.frames.pop().unwrap_or((0, 0));
                if anchor > 0 {
                    self.sizes.insert(anchor, size);
                }
                self.grow(size);
            }
            _ => {}
        }
    }
}

/// Turns a serde_yaml error into a diagnostic at the right line of the file.
pub fn to_diagnostic(
    shown: &str,
    text: &str,
    first_line: usize,
    e: &serde_yaml::Error,
) -> Diagnostic {
    let raw = e.to_string();
    let message = strip_path(strip_location(&raw));
    let line = e
        .location()
        .and_then(|loc| text.lines().nth(loc.line().saturating_sub(1)));
    let mut msg = classify(message, line, text.contains('\t'));
    let mut at = e.location().map(|loc| (loc.line(), loc.column()));
    // An unclosed quote or bracket is found where the text ends: point at where it opened
    // (the parser's "context" mark), which is where the author must look.
    if let Some((found, (l, c))) = unclosed(&raw, text) {
        msg = found;
        at = Some((l, c));
    } else if let (Some(line), Some((_, col))) = (line, at)
        && message.contains("did not find expected key")
        && text_after_quote(line, col)
    {
        msg = Msg::TextAfterQuote;
    }
    // libyaml says where a control character is as an offset from the start, not a line.
    if message.starts_with("control characters are not allowed")
        && let Some((offset, c)) = text.char_indices().find(|(_, c)| forbidden_in_yaml(*c))
    {
        return Diagnostic::error(Msg::ControlCharacter {
            code: format!("U+{:04X}", c as u32),
        })
        .in_file(shown)
        .at(Pos::of_offset(text, offset, first_line))
        .with_source_lines(text, first_line);
    }
    let mut d = Diagnostic::error(msg).in_file(shown);
    if let Some((l, c)) = at {
        d = d
            .at(Pos::new(l + first_line - 1, c))
            .with_source_lines(text, first_line);
    }
    d
}

/// A character YAML does not allow anywhere (C0 and C1 controls but tab, line feed, carriage
/// return and NEL; DEL; U+FFFE and U+FFFF).
fn forbidden_in_yaml(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// An unclosed quoted value or `[` / `{` list, from libyaml's message (`…, while scanning a
/// quoted scalar at line L column C`): the catalogue message and where it opened (1-based).
fn unclosed(raw: &str, text: &str) -> Option<(Msg, (usize, usize))> {
    let (_, context) = raw.rsplit_once(", while ")?;
    let (what, mark) = context.split_once(" at line ")?;
    let (l, c) = mark.split_once(" column ")?;
    let (l, c): (usize, usize) = (l.trim().parse().ok()?, c.trim().parse().ok()?);
    let opened = text
        .lines()
        .nth(l.checked_sub(1)?)
        .and_then(|line| line.chars().nth(c.checked_sub(1)?));
    let msg = match what {
        "scanning a quoted scalar" => Msg::UnclosedQuote {
            quote: opened.filter(|q| *q == '\'').unwrap_or('"'),
        },
        "parsing a flow sequence" => Msg::UnclosedBracket { open: '[' },
        "parsing a flow mapping" => Msg::UnclosedBracket { open: '{' },
        _ => return None,
    };
    Some((msg, (l, c)))
}

/// `title: "节水"宣传周`: the value's text goes on after its closing quote, before column `col`
/// (1-based, where the parser stopped).
fn text_after_quote(line: &str, col: usize) -> bool {
    let before: String = line.chars().take(col.saturating_sub(1)).collect();
    before.trim_end().ends_with(['"', '\''])
}

/// serde_yaml prefixes nested errors with their path (`.[0].type: …`); the position says it.
pub fn strip_path(message: &str) -> &str {
    match message.find(": ") {
        Some(i) if !message[..i].contains(' ') && !message[..i].is_empty() => &message[i + 2..],
        _ => message,
    }
}

/// serde_yaml appends " at line L column C"; we print our own position.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The catalogue message for one of serde's (or serde_yaml's) error messages, at `line` (its
/// text, when known); `tabs` when the text has a tab somewhere. What is not recognised is
/// carried as a YAML syntax error.
pub fn classify(message: &str, line: Option<&str>, tabs: bool) -> Msg {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = backticked(rest);
        return Msg::UnknownField {
            suggestion: did_you_mean(&field, expected.iter().map(String::as_str))
                .map(str::to_string),
            field,
            expected,
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = backticked(rest);
        return Msg::UnknownValue {
            suggestion: did_you_mean(&value, expected.iter().map(String::as_str))
                .map(str::to_string),
            value,
            expected,
        };
    }
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        if found.contains('：') {
            return Msg::ChineseColon;
        }
        // `tags: 【世界水日，节水】`: a list typed with a Chinese input method.
        if let Some(mark) = found
            .chars()
            .find(|c| crate::text::chars::ascii_mark(*c).is_some())
        {
            return Msg::ChinesePunctuation { mark };
        }
        return Msg::WrongType {
            found: found.to_string(),
            expected: expected.to_string(),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return Msg::MissingField {
            field: rest.trim_end_matches('`').to_string(),
        };
    }
    if let Some(rest) = message
        .strip_prefix("duplicate entry with key ")
        .or_else(|| message.strip_prefix("duplicate field "))
    {
        return Msg::DuplicateKey {
            key: rest.trim_matches(['"', '`']).to_string(),
        };
    }
    if message == "repetition limit exceeded" {
        // serde_yaml's guard against "billion laughs": aliases that expand exponentially.
        return Msg::YamlAliasesTooBig;
    }
    if (message.contains("found character that cannot start any token")
        || message.contains("tab character"))
        && tabs
    {
        return Msg::YamlTab;
    }
    if message.contains("mapping values are not allowed in this context") {
        // `title: 重点: 节约用水` (a second `: ` in the value), or a key indented under a value.
        let second_colon = line.is_none_or(|l| {
            l.split_once(": ")
                .is_some_and(|(_, value)| value.contains(": "))
        });
        return if second_colon {
            Msg::NeedsQuotes
        } else {
            Msg::BadIndent
        };
    }
    if message.contains("did not find expected key") {
        return Msg::BadIndent;
    }
    Msg::YamlSyntax {
        detail: message.to_string(),
    }
}

/// `titel`, expected one of `title`, `date`` → ("titel", ["title", "date"]).
fn backticked(rest: &str) -> (String, Vec<String>) {
    let (word, expected) = rest.split_once('`').unwrap_or((rest, ""));
    let candidates = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    (word.to_string(), candidates)
}

/// The candidate closest to `word`, if any is close enough to be a likely typo. Chinese is
/// compared character by character (`武近区` → `武进区`: one character off in three), Latin by
/// Jaro-Winkler, which suits typed words (`titel` → `title`).
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.trim();
    if word.chars().any(crate::text::chars::is_han) {
        let len = word.chars().count();
        let allowed = (len / 3).max(1);
        return candidates
            .filter(|c| c.chars().any(crate::text::chars::is_han))
            .map(|c| (strsim::levenshtein(word, c), c))
            .filter(|(d, c)| *d <= allowed && *d < len.min(c.chars().count()))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c);
    }
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl Diagnostic {
    /// Like `with_source`, for a text that starts on line `first_line` of its file.
    pub fn with_source_lines(mut self, text: &str, first_line: usize) -> Diagnostic {
        if let Some(pos) = self.pos
            && let Some(line) = text.lines().nth(pos.line.saturating_sub(first_line))
        {
            self.excerpt = Some(crate::diagnostics::Excerpt::around(line, pos.col));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        date: Option<String>,
    }

    #[test]
    fn unknown_field_gets_line_and_hint() {
        let d = parse::<Fm>("content/a.md", "title: x\ntitel: y\n", 2).unwrap_err();
        assert_eq!(
            d.headline(Lang::En),
            "error: content/a.md:3:1: unknown field `titel`"
        );
        assert_eq!(
            d.headline(Lang::Zh),
            "error: content/a.md:3:1: 未知字段 `titel`，是否要写 `title`？"
        );
        assert_eq!(d.hint(Lang::En).as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unclosed_quotes_and_brackets_point_where_they_open() {
        let cases: [(&str, Msg, (usize, usize)); 5] = [
            (
                "title: \"未闭合\ndate: 2021-03-22\n",
                Msg::UnclosedQuote { quote: '"' },
                (2, 8),
            ),
            (
                "title: '未闭合\ndate: 2021-03-22\n",
                Msg::UnclosedQuote { quote: '\'' },
                (2, 8),
            ),
            (
                "title: 甲\ntags: [节水, 护水\ndate: 2021-03-22\n",
                Msg::UnclosedBracket { open: '[' },
                (3, 7),
            ),
            (
                "title: 甲\nextra: {a: 1\n",
                Msg::UnclosedBracket { open: '{' },
                (3, 8),
            ),
            ("title: \"节水\"宣传周\n", Msg::TextAfterQuote, (2, 12)),
        ];
        for (text, msg, (line, col)) in cases {
            let d = parse::<serde_json::Value>("content/a.md", text, 2).unwrap_err();
            assert_eq!((&d.msg, d.pos), (&msg, Some(Pos::new(line, col))), "{text}");
        }
        // A key after a quoted value on its own line is not "text after a quote".
        let d = parse::<serde_json::Value>("a.md", "title: \"a\"\n  date: 1\n", 2).unwrap_err();
        assert_eq!(d.msg, Msg::BadIndent);
    }

    #[test]
    fn wrong_type_is_located() {
        let d = parse::<Fm>("a.md", "title: [1, 2]\n", 2).unwrap_err();
        assert_eq!(d.pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn deep_nesting_fails_fast_and_located() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = parse::<serde_json::Value>("d.yaml", &deep, 1).unwrap_err();
        // Refused by the depth check before the parser reads it (no timing asserted: the
        // parser's own refusal would be another message, at another place).
        assert_eq!(d.msg, Msg::YamlTooDeep { max: MAX_DEPTH });
        assert_eq!(d.pos, Some(Pos::new(2, 4 + MAX_DEPTH)));
        // Brackets in quotes and comments do not count; the allowed depth parses.
        let quoted = format!(
            "a: '{}'\nb: \"{}\\\"\" # {}\n",
            "[".repeat(200),
            "{".repeat(200),
            "[".repeat(200)
        );
        assert!(parse::<serde_json::Value>("q.yaml", &quoted, 1).is_ok());
        let ok = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse::<serde_json::Value>("ok.yaml", &ok, 1).is_ok());
    }

    #[test]
    fn an_apostrophe_in_a_plain_value_does_not_hide_deep_nesting() {
        // Issue #14 item 7: `it's` opened a "quote" that hid the brackets after it.
        for text in [
            format!("title: it's here\ntags: {}\n", "[".repeat(20_000)),
            format!("title: 第[1]号 it's\nb: {{x: {}\n", "[".repeat(20_000)),
        ] {
            let d = parse::<serde_json::Value>("a.md", &text, 2).unwrap_err();
            assert_eq!(d.msg, Msg::YamlTooDeep { max: MAX_DEPTH }, "{text:.40}");
            assert_eq!(d.pos.map(|p| p.line), Some(3));
        }
        // Plain values may hold quotes and brackets freely; quoted ones keep theirs.
        let fine = format!(
            "title: it's [ok] {}\nb: 'it''s {}'\nc: [a, \"b]\", {{d: 'e'}}]\n",
            "[".repeat(300),
            "[".repeat(300)
        );
        if let Err(d) = parse::<serde_json::Value>("f.yaml", &fine, 1) {
            panic!("{}", d.render(Lang::En));
        }
    }

    #[test]
    fn aliases_are_bounded_by_what_they_expand_to() {
        // Issue #14 item 6: one long value referred to many times (few aliases, huge result).
        let long = "节".repeat(200_000);
        let refs = vec!["*s"; 400].join(", ");
        let text = format!("a: &s {long}\nb: [{refs}]\n");
        let d = parse::<serde_json::Value>("data/x.yaml", &text, 1).unwrap_err();
        assert_eq!(d.msg, Msg::YamlAliasesTooBig);
        assert_eq!(
            d.pos.map(|p| p.line),
            Some(2),
            "at the alias that passes the limit"
        );
        // Collections count whole, nested anchors included.
        let nested = format!(
            "a: &m {{k: &s {long}}}\nb: [{}]\n",
            vec!["*m"; 400].join(", ")
        );
        let d = parse::<serde_json::Value>("data/x.yaml", &nested, 1).unwrap_err();
        assert_eq!(d.msg, Msg::YamlAliasesTooBig);
        // Ordinary reuse is fine.
        let ok = "base: &b {a: 1, b: 2}\nx: *b\ny: *b\n";
        assert!(parse::<serde_json::Value>("ok.yaml", ok, 1).is_ok());
    }

    #[test]
    fn a_control_character_is_placed_where_it_is() {
        // Issue #14 item 15: libyaml gives an offset; the message named line 1 (or the first
        // line of the front matter).
        let text = "title: a\ndate: 2021-03-22\n\nextra: \"节水\u{b}y\"\n";
        let d = parse::<serde_json::Value>("content/a.md", text, 2).unwrap_err();
        assert_eq!(
            d.msg,
            Msg::ControlCharacter {
                code: "U+000B".into()
            }
        );
        assert_eq!(d.pos, Some(Pos::new(5, 11)));
        assert!(d.render(Lang::En).contains("extra:"), "the line is shown");
    }

    #[test]
    fn tabs_get_a_hint() {
        for text in ["title: a\n\ttags: [x]\n", "a:\n\t- b\n"] {
            let d = parse::<serde_json::Value>("a.md", text, 2).unwrap_err();
            assert_eq!(d.msg, Msg::YamlTab, "{}", d.render(Lang::En));
        }
    }

    #[test]
    fn no_hint_for_far_words() {
        assert_eq!(did_you_mean("zzz", ["title", "date"].into_iter()), None);
        let districts = ["wujin", "武进区", "tianning", "天宁区", "xinbei", "新北区"];
        assert_eq!(
            did_you_mean("武近区", districts.into_iter()),
            Some("武进区")
        );
        assert_eq!(did_you_mean("天宁", districts.into_iter()), Some("天宁区"));
        assert_eq!(did_you_mean("wujing", districts.into_iter()), Some("wujin"));
        // Nothing alike: no guess (one character in common of three is not a typo).
        assert_eq!(did_you_mean("金坛区", districts.into_iter()), None);
        assert_eq!(did_you_mean("钟楼", districts.into_iter()), None);
        assert_eq!(
            did_you_mean("dat", ["title", "date"].into_iter()),
            Some("date")
        );
    }

    #[test]
    fn common_mistakes_get_their_own_messages() {
        let kind = |text: &str| parse::<Fm>("a.md", text, 2).unwrap_err().msg.kind();
        assert_eq!(kind("title: a\ntitle: b\n"), "duplicate-key");
        assert_eq!(kind("title：世界水日\ndate: x\n"), "chinese-colon");
        assert_eq!(kind("title: 重点: 节约用水\n"), "needs-quotes");
        assert_eq!(kind("date: x\n"), "missing-field");
        assert_eq!(kind("title: [1]\n"), "wrong-type");
        assert_eq!(kind("title: a\n date: b\n"), "bad-indent");
        assert_eq!(kind("title: \"a\n"), "unclosed-quote");
        assert_eq!(kind("title: a\n%x\n"), "yaml-syntax");
        assert_eq!(
            parse::<Fm>("a.md", "title: a\ndate: b\n", 2)
                .map(|f| f.title)
                .ok(),
            Some("a".to_string())
        );
    }

    #[test]
    fn wrong_type_reads_in_chinese() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Draft {
            draft: bool,
        }
        let d = parse::<Draft>("a.md", "draft: 是\n", 2).unwrap_err();
        assert_eq!(
            d.message(Lang::Zh),
            "这里的值格式不对：应该是 `true` 或 `false`，却写成了“是”"
        );
    }
}
