//! Front matter: split from the body, then parsed into a typed struct (unknown keys rejected).

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// Front matter as written. Section-only keys are checked by the caller.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Not published before this moment (a date is its first second, in the site's timezone);
    /// default: `date`. `--future` builds it anyway.
    pub publish_date: Option<String>,
    /// Not published after this date (a date is published through its last second).
    /// `--expired` builds it anyway.
    pub expiry_date: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub districts: Vec<String>,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub carriers: Vec<String>,
    pub event: Option<Event>,
    #[serde(default)]
    pub pinyin: bool,
    /// A photo for cards and social previews (`cover: stall.jpg` beside the page, or
    /// `/images/x.jpg`); templates make it a picture with `image()`.
    pub cover: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    // Sections only.
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    #[serde(default)]
    pub transparent: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub start: String,
    pub end: Option<String>,
    pub location: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Date,
    Weight,
    Title,
}

/// A content file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line the YAML starts on (2: the line after `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Cuts `---\nYAML\n---\nBODY`. CRLF line endings are accepted.
pub fn split<'a>(shown: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(Msg::EmptyFile).in_file(shown));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(Msg::NoFrontMatter)
            .in_file(shown)
            .at(Pos::new(1, 1))
            .with_source(text));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let current = text[offset..end].trim_end_matches('\r');
        if current == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::error(Msg::FrontMatterNotClosed)
        .in_file(shown)
        .at(Pos::new(1, 1))
        .with_source(text))
}

/// Parses the YAML of a split file.
pub fn parse(shown: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(Msg::EmptyFrontMatter)
            .in_file(shown)
            .at(Pos::line(split.yaml_line)));
    }
    crate::yaml::parse(shown, split.yaml, split.yaml_line)
}

/// Parses the YAML of a split file and, when some of its keys are wrong, says what is wrong
/// with each of them (not only the first), placed at each. The front matter without the wrong
/// keys comes back beside them when it can be read, so the rest of the file is still checked
/// (a wrong district written below an unknown key is reported in the same run).
pub fn parse_all(shown: &str, split: &Split<'_>) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let first = match parse(shown, split) {
        Ok(fm) => return (Some(fm), Vec::new()),
        Err(d) => d,
    };
    // Syntax errors stop here: there are no keys to go through.
    let Ok(serde_yaml::Value::Mapping(map)) =
        crate::yaml::parse::<serde_yaml::Value>(shown, split.yaml, split.yaml_line)
    else {
        return (None, vec![first]);
    };
    let positions = crate::yaml::positions::YamlPositions::index(split.yaml, split.yaml_line);
    let title = serde_yaml::Value::String("title".into());
    let mut problems = vec![first.clone()];
    let mut good = serde_yaml::Mapping::new();
    for (key, value) in &map {
        let mut alone = serde_yaml::Mapping::new();
        if key != &title {
            alone.insert(title.clone(), serde_yaml::Value::String("x".into()));
        }
        alone.insert(key.clone(), value.clone());
        let e = match serde_yaml::from_value::<FrontMatter>(serde_yaml::Value::Mapping(alone)) {
            Ok(_) => {
                good.insert(key.clone(), value.clone());
                continue;
            }
            Err(e) => e,
        };
        let msg = crate::yaml::classify(crate::yaml::strip_path(&e.to_string()), None, false);
        // The first problem is already said, at its exact place.
        if msg == first.msg {
            continue;
        }
        let name = key.as_str().unwrap_or_default();
        let pos = match msg {
            Msg::UnknownField { .. } => positions.key(name),
            _ => positions.value(name).or_else(|| positions.key(name)),
        };
        let mut d = Diagnostic::error(msg).in_file(shown);
        if let Some(pos) = pos {
            d = d.at(pos).with_source_lines(split.yaml, split.yaml_line);
        }
        problems.push(d);
    }
    let fm = serde_yaml::from_value::<FrontMatter>(serde_yaml::Value::Mapping(good)).ok();
    (fm, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_lines() {
        let s = split("a.md", "---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let crlf = split("a.md", "---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(crlf.body, "body");
    }

    #[test]
    fn unclosed_and_missing() {
        assert!(
            split("a.md", "---\ntitle: x\n")
                .unwrap_err()
                .message(crate::messages::Lang::En)
                .contains("not closed")
        );
        assert!(
            split("a.md", "title: x\n")
                .unwrap_err()
                .message(crate::messages::Lang::En)
                .contains("does not start")
        );
        assert!(
            split("a.md", "  \n")
                .unwrap_err()
                .message(crate::messages::Lang::En)
                .contains("empty")
        );
    }

    #[test]
    fn typo_is_located_on_the_file_line() {
        let text = "---\ntitle: x\ntitel: y\n---\n";
        let s = split("a.md", text).unwrap();
        let d = parse("a.md", &s).unwrap_err();
        assert!(
            d.headline(crate::messages::Lang::En)
                .starts_with("error: a.md:3:1:"),
            "{}",
            d.headline(crate::messages::Lang::En)
        );
    }
}
