//! Chinese typography in running text: an ASCII comma between two Han characters (`节水,护水`)
//! or ASCII parentheses around Chinese (`用水审计(复查)`) is a warning at the mark, since Chinese
//! text takes the full-width `，` and `（）`.
//!
//! Not checked: code (spans and blocks), parentheses around Latin (`(PPP)`), and text quoted
//! verbatim from a source, which keeps its own punctuation: inside a block quotation (`> `) or
//! Chinese quotation marks (`“…”`, `「…」`).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{Problem, Severity};
use crate::messages::Msg;
use crate::text::chars::is_han;

/// Watches the text events of one document.
#[derive(Default)]
pub(crate) struct TypographyCheck {
    quotation_blocks: usize,
    code_blocks: usize,
    /// Open `“` or `「` in the current block.
    quote_marks: usize,
    /// The last character of the text before, in the current block.
    last: Option<char>,
    pub(crate) problems: Vec<Problem>,
}

impl TypographyCheck {
    pub(crate) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>, src: &str) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.quotation_blocks += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quotation_blocks = self.quotation_blocks.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => self.code_blocks += 1,
            Event::End(TagEnd::CodeBlock) => self.code_blocks = self.code_blocks.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => {
                self.quote_marks = 0;
                self.last = None;
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => self.last = None,
            Event::Text(text) => {
                // Where the text is in the source, when it is written there as it is.
                // (else, at the start of the text: an escaped shortcode, an entity).
                let exact = src.get(range.clone()) == Some(text.as_ref());
                self.text(text, range.start, exact);
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, start: usize, exact: bool) {
        let at = |i: usize| if exact { start + i } else { start };
        let skip = self.quotation_blocks > 0 || self.code_blocks > 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '“' | '「' => self.quote_marks += 1,
                '”' | '」' => self.quote_marks = self.quote_marks.saturating_sub(1),
                ',' if !skip && self.quote_marks == 0 => {
                    let next = chars.peek().map(|&(_, n)| n);
                    if self.last.is_some_and(is_han) && next.is_some_and(is_han) {
                        self.warn(at(i), ',', '，');
                    }
                }
                '(' if !skip && self.quote_marks == 0 => {
                    let inside = text[i + 1..].split(')').next().unwrap_or("");
                    if inside.chars().any(is_han) {
                        self.warn(at(i), '(', '（');
                    }
                }
                _ => {}
            }
            self.last = Some(c);
        }
    }

    fn warn(&mut self, offset: usize, mark: char, full: char) {
        self.problems.push(Problem {
            offset,
            severity: Severity::Warning,
            msg: Msg::AsciiPunctuation { mark, full },
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::testhost::render_with;
    use crate::messages::Msg;

    fn marks(src: &str) -> Vec<(usize, char)> {
        render_with(src, false)
            .problems
            .iter()
            .filter_map(|p| match p.msg {
                Msg::AsciiPunctuation { mark, .. } => Some((p.offset, mark)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn ascii_commas_and_parentheses_in_chinese_are_found() {
        let src = "节水,护水。\n\n开展用水审计(复查)工作。\n";
        let found = marks(src);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&src[found[0].0..found[0].0 + 1], ",");
        assert_eq!(&src[found[1].0..found[1].0 + 1], "(");
    }

    #[test]
    fn quotations_code_and_latin_are_left_alone() {
        for src in [
            "方案原文：“开展用水审计(复查)工作”。\n",
            "> 建设(复查)1-2个,按计划推进\n",
            "运行 `jieshui build(复查)` 即可。\n",
            "```\n节水,护水(复查)\n```\n",
            "采用合同节水管理(PPP)模式,with a, b。\n",
            "节水, 护水\n",
            "见 <https://example.org/a,b(c)>。\n",
        ] {
            assert_eq!(marks(src), [], "{src}");
        }
    }
}
