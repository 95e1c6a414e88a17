//! Typed YAML with located errors: serde_yaml's messages mapped to the file's own lines, its
//! "unknown field" turned into a did-you-mean hint.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Pos};

/// Parses `text` (which starts on line `first_line` of `shown`) into `T`.
pub fn parse<T: DeserializeOwned>(
    shown: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(shown, text, first_line, &e))
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
    let mut d = Diagnostic::error(explain(message)).in_file(shown);
    if let Some(loc) = e.location() {
        d = d
            .at(Pos::new(loc.line() + first_line - 1, loc.column()))
            .with_source_lines(text, first_line);
    }
    if let Some(hint) = unknown_field_hint(message) {
        d = d.hint(hint);
    } else if message.contains("found character that cannot start any token") && text.contains('\t')
    {
        d = d.hint("YAML does not allow tabs for indentation: indent with spaces");
    }
    d
}

/// serde_yaml prefixes nested errors with their path (`.[0].type: …`); the position says it.
fn strip_path(message: &str) -> &str {
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

fn explain(message: &str) -> String {
    message.replacen("missing field", "missing required field", 1)
}

/// `unknown field `titel`, expected one of `title`, `date`` → "did you mean `title`?".
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("write one of: {}", candidates.join(", "))),
    }
}

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
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
            self.excerpt = Some(crate::diagnostics::Excerpt {
                line_text: line.trim_end_matches('\r').to_string(),
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            d.headline()
                .starts_with("error: content/a.md:3:1: unknown field `titel`"),
            "{}",
            d.headline()
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert!(!d.message.contains("at line"));
    }

    #[test]
    fn wrong_type_is_located() {
        let d = parse::<Fm>("a.md", "title: [1, 2]\n", 2).unwrap_err();
        assert_eq!(d.pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn no_hint_for_far_words() {
        assert_eq!(did_you_mean("zzz", ["title", "date"].into_iter()), None);
        assert_eq!(
            did_you_mean("dat", ["title", "date"].into_iter()),
            Some("date")
        );
    }
}
