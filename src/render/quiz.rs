//! Quiz views: what `quiz.html` and the `quiz` shortcode see, their text already HTML (with
//! pinyin ruby when the quiz asks for it), and the path of each quiz's page.

use tera::Value;

use crate::config::Config;
use crate::data::quiz::{Quiz, letter};
use crate::output::urls::permalink;
use crate::render::values::obj;

pub(crate) fn quiz_path(id: &str) -> String {
    format!("/quizzes/{id}/")
}

/// `id`, `title`, `grade`, `sample`, `pinyin`, `path`, `permalink`, `questions` (each with
/// `number`, `id`, `question`, `choices` (`letter`, `text`, `right`), `answer`, `answer_text`,
/// `explain`). Text fields are HTML: show them with `| safe`.
pub(crate) fn view(config: &Config, quiz: &Quiz) -> Value {
    let html = |s: &str| -> Value {
        Value::from(if quiz.pinyin {
            crate::markdown::pinyin_html(s, config.pinyin_tones)
        } else {
            crate::text::html::escape(s)
        })
    };
    let questions: Vec<Value> = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let choices: Vec<Value> = q
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    obj([
                        ("letter", Value::from(letter(i).to_string())),
                        ("text", html(c)),
                        ("right", Value::from(i == q.answer)),
                    ])
                })
                .collect();
            obj([
                ("number", Value::from(n + 1)),
                ("id", Value::from(format!("{}-{}", quiz.id, n + 1))),
                ("question", html(&q.question)),
                ("choices", Value::from(choices)),
                ("answer", Value::from(letter(q.answer).to_string())),
                (
                    "answer_text",
                    html(q.choices.get(q.answer).map_or("", String::as_str)),
                ),
                ("explain", q.explain.as_deref().map_or(Value::none(), html)),
            ])
        })
        .collect();
    let path = quiz_path(&quiz.id);
    obj([
        ("id", Value::from(quiz.id.as_str())),
        ("title", Value::from(quiz.title.as_str())),
        ("title_html", html(&quiz.title)),
        (
            "grade",
            quiz.grade.as_deref().map_or(Value::none(), Value::from),
        ),
        ("sample", Value::from(quiz.sample)),
        ("pinyin", Value::from(quiz.pinyin)),
        ("permalink", Value::from(permalink(&config.base_url, &path))),
        ("path", Value::from(path)),
        ("questions", Value::from(questions)),
    ])
}
