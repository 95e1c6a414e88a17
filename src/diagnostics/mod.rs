//! Problems found in a site, collected and reported together, never thrown one by one.
//!
//! The first line of each is the contract's machine-readable frame
//! (`error: PATH:LINE:COL: MESSAGE`); an excerpt of the source may follow. The message is a
//! catalogue entry ([`Msg`]), put into words only when printed, in the language asked for.

pub mod json;
pub mod timing;

use std::fmt::Write as _;
use std::path::Path;

use crate::messages::{Cell, Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: Option<usize>,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line,
            col: Some(col),
        }
    }

    pub fn line(line: usize) -> Pos {
        Pos { line, col: None }
    }

    /// The position of byte `offset` in `text`, whose first line is file line `first_line`.
    pub fn of_offset(text: &str, offset: usize, first_line: usize) -> Pos {
        let offset = floor_char_boundary(text, offset);
        let before = &text[..offset];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos::new(line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators; `None` when the problem has no file.
    pub path: Option<String>,
    pub pos: Option<Pos>,
    /// What is wrong (and what to do about it), from the catalogue.
    pub msg: Msg,
    /// The source text the position points into, for an excerpt.
    pub excerpt: Option<Excerpt>,
    /// The table cell the problem is in (a CSV file or a spreadsheet), said before the
    /// message the way staff see it: `第4行 D列（级别）`.
    pub cell: Option<Cell>,
}

/// The line a diagnostic points at, kept so it can be shown under the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub line_text: String,
    /// Characters of a long line left out before `line_text`, which keeps only a window around
    /// the column (a 10 MB line with 10,000 errors must not make 10,000 copies of itself).
    pub skipped: usize,
}

/// The most characters of a line an excerpt keeps.
const EXCERPT_CHARS: usize = 160;

impl Excerpt {
    /// The part of `line` worth showing for a problem at character column `col`.
    pub fn around(line: &str, col: Option<usize>) -> Excerpt {
        let line = line.trim_end_matches('\r');
        if line.len() <= EXCERPT_CHARS {
            return Excerpt {
                line_text: line.to_string(),
                skipped: 0,
            };
        }
        let skipped = col.unwrap_or(1).saturating_sub(1 + EXCERPT_CHARS / 2);
        let mut chars = line.chars().skip(skipped);
        let mut line_text: String = chars.by_ref().take(EXCERPT_CHARS).collect();
        if chars.next().is_some() {
            line_text.push('…');
        }
        Excerpt { line_text, skipped }
    }
}

impl Diagnostic {
    pub fn error(msg: Msg) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            pos: None,
            msg,
            excerpt: None,
            cell: None,
        }
    }

    pub fn warning(msg: Msg) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(msg)
        }
    }

    /// The same problem, said with another message (the place and excerpt kept).
    pub fn with_msg(mut self, msg: Msg) -> Diagnostic {
        self.msg = msg;
        self
    }

    pub fn in_file(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Says which table cell the problem is in (before the message).
    pub fn in_cell(mut self, cell: Cell) -> Diagnostic {
        self.cell = Some(cell);
        self
    }

    pub fn at(mut self, pos: Pos) -> Diagnostic {
        self.pos = Some(pos);
        self
    }

    /// Keeps the text of the line the position points at (from the whole file's text).
    pub fn with_source(mut self, file_text: &str) -> Diagnostic {
        if let Some(pos) = self.pos
            && let Some(line_text) = file_text.lines().nth(pos.line.saturating_sub(1))
        {
            self.excerpt = Some(Excerpt::around(line_text, pos.col));
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang` (after the table cell it is in, if any).
    pub fn message(&self, lang: Lang) -> String {
        match &self.cell {
            Some(cell) => {
                let sep = match lang {
                    Lang::Zh => "：",
                    Lang::En => ": ",
                };
                format!("{}{sep}{}", cell.text(lang), self.msg.text(lang))
            }
            None => self.msg.text(lang),
        }
    }

    /// What to do about it in `lang`, if the catalogue says more than the message; in a
    /// table's cell, in the words of columns and cells.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        if self.cell.is_some()
            && let Some(hint) = self.msg.cell_hint(lang)
        {
            return Some(hint);
        }
        self.msg.hint(lang)
    }

    /// The first line: `error: PATH:LINE:COL: MESSAGE`.
    pub fn headline(&self, lang: Lang) -> String {
        let mut out = format!("{}: ", self.severity.label());
        if let Some(path) = &self.path {
            out.push_str(path);
            if let Some(pos) = self.pos {
                let _ = write!(out, ":{}", pos.line);
                if let Some(col) = pos.col {
                    let _ = write!(out, ":{col}");
                }
            }
            out.push_str(": ");
        }
        out.push_str(&self.message(lang));
        out
    }

    /// The whole diagnostic as printed: the first line, the excerpt, the hint.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.headline(lang);
        if let (Some(excerpt), Some(pos)) = (&self.excerpt, self.pos) {
            out.push('\n');
            out.push_str(&render_excerpt(excerpt, pos, self.path.as_deref()));
        }
        if let Some(hint) = self.hint(lang) {
            let _ = match lang {
                Lang::Zh => write!(out, "\n  = 提示：{hint}"),
                Lang::En => write!(out, "\n  = help: {hint}"),
            };
        }
        out
    }

    fn sort_key(&self) -> (Option<&str>, Option<Pos>, Severity, &Msg) {
        (self.path.as_deref(), self.pos, self.severity, &self.msg)
    }
}

fn render_excerpt(excerpt: &Excerpt, pos: Pos, path: Option<&str>) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let cut = if excerpt.skipped > 0 {
        format!("…{}", excerpt.line_text)
    } else {
        excerpt.line_text.clone()
    };
    let text = cut.as_str();
    // The column within what is shown (`…` stands for the characters left out).
    let col = pos
        .col
        .map(|c| c.saturating_sub(excerpt.skipped) + usize::from(excerpt.skipped > 0));
    let start = col
        .and_then(|c| text.char_indices().nth(c.saturating_sub(1)))
        .map_or(0, |(i, _)| i);
    // The word there: a run of Chinese characters, letters, digits, `-`, `_` and `.`
    // (`武近区`, `titel`, `2021年3月22日`); any other character alone.
    let in_word = |c: &char| {
        crate::text::chars::is_han(*c) || c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
    };
    let rest = &text[start..];
    let word: usize = rest.chars().take_while(in_word).map(char::len_utf8).sum();
    let end = start + word.max(rest.chars().next().map_or(0, char::len_utf8));
    let mut snippet = Snippet::source(text).line_start(pos.line).fold(false);
    if let Some(path) = path {
        snippet = snippet.path(path);
    }
    let report = &[Group::with_level(Level::ERROR)
        .element(snippet.annotation(AnnotationKind::Primary.span(start..end)))];
    Renderer::plain().render(report).to_string()
}

/// All the diagnostics of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Keeps only the diagnostics `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file and position, duplicates removed, so output is stable.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The path of `path` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}错{}", "节".repeat(100_000), "水".repeat(100_000));
        let d = Diagnostic::error(Msg::EmptyTitle)
            .in_file("a.md")
            .at(Pos::new(1, 100_001))
            .with_source(&line);
        let excerpt = d.excerpt.as_ref().unwrap();
        assert!(excerpt.line_text.chars().count() <= EXCERPT_CHARS + 1);
        let shown = d.render(Lang::En);
        assert!(shown.len() < 2_000, "{} bytes", shown.len());
        assert!(
            shown.starts_with("error: a.md:1:100001: the title is empty"),
            "{shown}"
        );
        // The caret stands under 错.
        let lines: Vec<&str> = shown.lines().collect();
        let code = lines.iter().position(|l| l.contains('错')).unwrap();
        let caret = lines[code + 1].find('^').unwrap();
        let before: String = lines[code].chars().take_while(|&c| c != '错').collect();
        assert_eq!(caret, unicode_width_of(&before), "{shown}");
    }

    #[test]
    fn the_caret_underlines_the_whole_word() {
        let under = |line: &str, col: usize| {
            let shown = Diagnostic::error(Msg::EmptyTitle)
                .in_file("a.md")
                .at(Pos::new(1, col))
                .with_source(line)
                .render(Lang::En);
            let carets = shown.lines().find(|l| l.contains('^')).unwrap_or_default();
            carets.matches('^').count()
        };
        assert_eq!(under("districts: [武近区, 天宁]", 13), 6);
        assert_eq!(under("titel: 世界水日", 1), 5);
        assert_eq!(under("date: 2021-13-40", 7), 10);
        assert_eq!(under("tags: [节水, 护水", 7), 1);
        assert_eq!(under("date: 2021年3月22日", 7), 13);
    }

    /// Display width: CJK characters and `…` as annotate-snippets counts them.
    fn unicode_width_of(s: &str) -> usize {
        s.chars()
            .map(|c| if c.is_ascii() || c == '…' { 1 } else { 2 })
            .sum()
    }

    #[test]
    fn headline_has_the_contract_frame() {
        let d = Diagnostic::error(Msg::EmptyTitle)
            .in_file("content/a.md")
            .at(Pos::new(3, 1));
        assert_eq!(
            d.headline(Lang::En),
            "error: content/a.md:3:1: the title is empty"
        );
        assert_eq!(d.headline(Lang::Zh), "error: content/a.md:3:1: 标题是空的");
        let w = Diagnostic::warning(Msg::EmptyOutputDir).in_file("site.yaml");
        assert_eq!(
            w.headline(Lang::En),
            "warning: site.yaml: output_dir is empty"
        );
        let l = Diagnostic::error(Msg::EmptyFile)
            .in_file("a")
            .at(Pos::line(7));
        assert_eq!(l.headline(Lang::En), "error: a:7: the file is empty");
    }

    #[test]
    fn offset_maps_to_line_and_char_column() {
        let text = "一二\n三四五\n";
        let off = text.find('五').unwrap();
        assert_eq!(Pos::of_offset(text, off, 2), Pos::new(3, 3));
        assert_eq!(Pos::of_offset(text, 0, 1), Pos::new(1, 1));
        // An offset inside a character is clamped, never a panic.
        assert_eq!(Pos::of_offset(text, 1, 1), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 999, 1).line, 3);
    }

    #[test]
    fn display_shows_excerpt_below_the_first_line() {
        let d = Diagnostic::error(Msg::EmptyTitle)
            .in_file("a.md")
            .at(Pos::new(2, 3))
            .with_source("x\nab节水\n");
        let shown = d.render(Lang::Zh);
        let mut lines = shown.lines();
        assert_eq!(lines.next(), Some("error: a.md:2:3: 标题是空的"));
        assert!(shown.contains("ab节水"), "{shown}");
        assert!(
            shown.ends_with("  = 提示：在 `title:` 后面写上文章标题"),
            "{shown}"
        );
    }
}
