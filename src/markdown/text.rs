//! Plain text of a document (for summaries, search and word count).

use pulldown_cmark::{Event, TagEnd};

use crate::text::chars::{is_cjk, is_cjk_word};

/// Collects the text of the final events: no markup, soft breaks as the HTML shows them
/// (a space, or nothing where CJK lines joined), one newline between blocks.
#[derive(Debug, Default)]
pub(crate) struct PlainText {
    text: String,
}

impl PlainText {
    pub(crate) fn push(&mut self, e: &Event<'_>) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text.push_str(t)
            }
            Event::SoftBreak => self.text.push(' '),
            Event::HardBreak | Event::Rule => self.newline(),
            Event::End(TagEnd::TableCell) if !self.text.ends_with(char::is_whitespace) => {
                self.text.push(' ')
            }
            Event::End(TagEnd::TableCell) => {}
            Event::End(t) if is_block(t) => self.newline(),
            _ => {}
        }
    }

    fn newline(&mut self) {
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    pub(crate) fn finish(mut self) -> String {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        self.text
    }
}

fn is_block(t: &TagEnd) -> bool {
    !matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::TableCell
    )
}

/// Each CJK character (Han, kana, hangul) is a word; so is each run of other letters/digits.
pub(crate) fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        let word_char = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if is_cjk_word(c) {
            count += 1;
            in_word = false;
            continue;
        } else {
            !is_cjk(c) && c.is_alphanumeric()
        };
        if word_char {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::super::testhost::render_with;
    use super::*;

    #[test]
    fn counting_words() {
        assert_eq!(word_count("节水 is good"), 4);
        assert_eq!(word_count("节水is"), 3);
        assert_eq!(word_count("H2O, 2021年：水"), 4);
        assert_eq!(word_count("かな 한국"), 4);
        assert_eq!(word_count("，。！ ... "), 0);
    }

    #[test]
    fn plain_text_of_blocks() {
        let r = render_with(
            "# 标题\n\n段落**强调**与`代码`\n第二行\n\n- 甲\n- 乙\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n<div>raw</div>\n",
            false,
        );
        assert_eq!(r.text, "标题\n段落强调与代码第二行\n甲\n乙\na b\n1 2\ncode");
    }

    #[test]
    fn ruby_and_shortcodes_leave_base_text_only() {
        let r = render_with("学习{长江|cháng jiāng}。{{ figure(src=\"x\") }}", false);
        assert_eq!(r.text, "学习长江。");
        assert_eq!(r.word_count, 4);
        let r = render_with("节水", true);
        assert_eq!(r.text, "节水");
    }
}
