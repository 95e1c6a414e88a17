//! Quizzes: `data/quizzes/ID.yaml`, each shaped like a Chinese 试卷 — a title, an optional
//! grade, and questions with their choices, the letter of the right one and an optional
//! explanation. Each becomes a page at `/quizzes/ID/` and can be shown in a page with the
//! `quiz(id=…)` shortcode.
//!
//! Reading is in two steps so that another file format (a spreadsheet, once those load) only
//! has to make a [`RawQuiz`] and say where each field is: [`check`] does the rest, placing each
//! problem with the `place` function it is given (field path such as `questions[2].answer`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::walk::{WalkOptions, walk_files};
use crate::messages::Msg;
use crate::yaml::positions::Placer;

/// The folder under `data/` that holds quizzes.
pub const QUIZ_DIR: &str = "quizzes";

/// A quiz as a data file writes it, before checks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuiz {
    pub title: Text,
    #[serde(default)]
    pub grade: Option<Text>,
    /// Pinyin over the quiz's Chinese text, for pupils who read with it.
    #[serde(default)]
    pub pinyin: bool,
    /// Example content, shown as 示例.
    #[serde(default)]
    pub sample: bool,
    pub questions: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub question: Text,
    pub choices: Vec<Text>,
    /// The letter of the right choice: A for the first.
    pub answer: Text,
    #[serde(default)]
    pub explain: Option<Text>,
}

/// A text cell: YAML may read `2021` or `true` as a number or a yes/no, which a quiz means as text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::Text(s) => s.trim().to_string(),
            Text::Int(n) => n.to_string(),
            Text::Float(f) => f.to_string(),
            Text::Bool(b) => b.to_string(),
        }
    }
}

/// A checked quiz.
#[derive(Debug, Clone, Serialize)]
pub struct Quiz {
    pub id: String,
    /// The file it came from, as messages show it.
    pub shown: String,
    pub title: String,
    pub grade: Option<String>,
    pub pinyin: bool,
    pub sample: bool,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub question: String,
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub answer: usize,
    pub explain: Option<String>,
}

/// The letter of choice `i`: A, B, C…
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i.min(25) as u8))
}

/// Every quiz under `data/quizzes/`, in file-name order; problems go to `diags`.
pub fn load_all(root: &Path, diags: &mut Diagnostics) -> Vec<Quiz> {
    let dir = root.join("data").join(QUIZ_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let opts = WalkOptions {
        max_depth: Some(1),
        ..WalkOptions::default()
    };
    let mut quizzes = Vec::new();
    for found in walk_files(root, &dir, opts, diags) {
        let Some((stem, ext)) = found.rel.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext.to_ascii_lowercase().as_str(), "yaml" | "yml") {
            continue;
        }
        let shown = display_path(root, &found.abs);
        if let Err(why) = crate::data::refs::check_id(stem) {
            diags.push(
                Diagnostic::error(Msg::BadId {
                    id: stem.to_string(),
                    why,
                })
                .in_file(&shown),
            );
            continue;
        }
        let text = match crate::files::read_text(root, &found.abs) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(q) = parse_yaml(stem, &shown, &text, diags) {
            quizzes.push(q);
        }
    }
    quizzes.sort_by(|a, b| a.id.cmp(&b.id));
    quizzes
}

/// One quiz from its YAML text.
pub fn parse_yaml(id: &str, shown: &str, text: &str, diags: &mut Diagnostics) -> Option<Quiz> {
    let raw: RawQuiz = match crate::yaml::parse(shown, text, 1) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let placer = Placer::whole(shown, text);
    check(id, shown, raw, &|path, d| placer.at_value(path, d), diags)
}

/// Checks a quiz read from any format: no empty title, question or choice; two choices at
/// least and no two alike; an answer letter among the choices. `place` puts a message at a
/// field (`title`, `questions[0].choices[1]`).
pub fn check(
    id: &str,
    shown: &str,
    raw: RawQuiz,
    place: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    diags: &mut Diagnostics,
) -> Option<Quiz> {
    let errors_before = diags.error_count();
    let empty = |path: &str, field: &str| {
        place(
            path,
            Diagnostic::error(Msg::QuizEmptyText {
                field: field.to_string(),
            }),
        )
    };
    let title = raw.title.into_string();
    if title.is_empty() {
        diags.push(empty("title", "title"));
    }
    if raw.questions.is_empty() {
        diags.push(empty("questions", "questions"));
    }
    let mut questions = Vec::with_capacity(raw.questions.len());
    for (n, q) in raw.questions.into_iter().enumerate() {
        let at = format!("questions[{n}]");
        let question = q.question.into_string();
        if question.is_empty() {
            diags.push(empty(&format!("{at}.question"), "question"));
        }
        let choices: Vec<String> = q.choices.into_iter().map(Text::into_string).collect();
        if choices.len() < 2 {
            diags.push(place(
                &format!("{at}.choices"),
                Diagnostic::error(Msg::QuizTooFewChoices {
                    count: choices.len(),
                }),
            ));
        }
        for (i, c) in choices.iter().enumerate() {
            let here = format!("{at}.choices[{i}]");
            if c.is_empty() {
                diags.push(empty(&here, "choices"));
            } else if let Some(first) = choices[..i].iter().position(|o| o == c) {
                diags.push(place(
                    &here,
                    Diagnostic::error(Msg::QuizDuplicateChoice {
                        choice: c.clone(),
                        first: letter(first),
                    }),
                ));
            }
        }
        let written = q.answer.into_string();
        let answer = answer_index(&written).filter(|&i| i < choices.len());
        if answer.is_none() && choices.len() >= 2 {
            diags.push(place(
                &format!("{at}.answer"),
                Diagnostic::error(Msg::QuizBadAnswer {
                    answer: written,
                    last: letter(choices.len() - 1),
                }),
            ));
        }
        let explain = q.explain.map(Text::into_string).filter(|e| !e.is_empty());
        questions.push(Question {
            question,
            choices,
            answer: answer.unwrap_or(0),
            explain,
        });
    }
    (diags.error_count() == errors_before).then(|| Quiz {
        id: id.to_string(),
        shown: shown.to_string(),
        title,
        grade: raw.grade.map(Text::into_string).filter(|g| !g.is_empty()),
        pinyin: raw.pinyin,
        sample: raw.sample,
        questions,
    })
}

/// `A` → 0, `b` → 1, `Ｃ` (full width) → 2; anything else → None.
fn answer_index(s: &str) -> Option<usize> {
    let mut chars = s.trim().chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let c = match c {
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32)?,
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'A' as u32)?,
        c => c.to_ascii_uppercase(),
    };
    c.is_ascii_uppercase().then(|| (c as u8 - b'A') as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Quiz>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let q = parse_yaml("q", "data/quizzes/q.yaml", text, &mut diags);
        let lines = diags
            .iter()
            .map(|d| d.headline(crate::messages::Lang::En))
            .collect();
        (q, lines)
    }

    const GOOD: &str = "title: 节水知识小测验\ngrade: 三年级\nquestions:\n  - question: 世界水日是每年的哪一天？\n    choices: [3月22日, 5月15日, 6月5日]\n    answer: A\n    explain: 每年3月22日是世界水日。\n  - question: 数字\n    choices: [2021, 2022]\n    answer: b\n";

    #[test]
    fn a_good_quiz() {
        let (q, errors) = parse(GOOD);
        assert!(errors.is_empty(), "{errors:?}");
        let q = q.expect("quiz");
        assert_eq!(q.title, "节水知识小测验");
        assert_eq!(q.grade.as_deref(), Some("三年级"));
        assert_eq!(q.questions[0].answer, 0);
        assert_eq!(q.questions[1].choices, ["2021", "2022"]);
        assert_eq!(q.questions[1].answer, 1);
        assert_eq!(q.questions[1].explain, None);
    }

    #[test]
    fn each_bad_field_is_placed() {
        let cases = [
            (
                GOOD.replace("answer: A", "answer: D"),
                "data/quizzes/q.yaml:6:13",
            ),
            (
                GOOD.replace("answer: A", "answer: 甲"),
                "data/quizzes/q.yaml:6:13",
            ),
            (
                GOOD.replace("6月5日", "3月22日"),
                "data/quizzes/q.yaml:5:29",
            ),
            (
                GOOD.replace("question: 世界水日是每年的哪一天？", "question: \"\""),
                "data/quizzes/q.yaml:4:15",
            ),
            (
                GOOD.replace("choices: [2021, 2022]", "choices: [2021]"),
                "data/quizzes/q.yaml:9:14",
            ),
            (
                GOOD.replace("title: 节水知识小测验", "title: \" \""),
                "data/quizzes/q.yaml:1:8",
            ),
            (GOOD.replace("grade:", "grde:"), "data/quizzes/q.yaml:2:1"),
        ];
        for (text, at) in cases {
            let (q, errors) = parse(&text);
            assert!(q.is_none(), "{text}");
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with(&format!("error: {at}"))),
                "{at}: {errors:?}"
            );
        }
    }

    #[test]
    fn answer_letters() {
        assert_eq!(answer_index("A"), Some(0));
        assert_eq!(answer_index(" c "), Some(2));
        assert_eq!(answer_index("Ｂ"), Some(1));
        assert_eq!(answer_index("AB"), None);
        assert_eq!(answer_index("1"), None);
        assert_eq!(letter(2), 'C');
    }
}
