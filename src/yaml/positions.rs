//! Where a value stands in a YAML text, for messages about values that parsed but are wrong
//! (an unknown reference, a bad date, a duplicate id).
//!
//! serde_yaml gives positions only for its own errors; this index, built from yaml-rust2's
//! marked events, gives the line and column of any key or value by its path
//! (`date`, `districts[1]`, `indicators[0].by_district.wujin`). It is built only when a
//! message needs a position, so the happy path never parses twice.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Pos};

/// Places diagnostics at the keys of one file's YAML: the one way a message about a value
/// that parsed but is wrong finds its line (site.yaml, front matter, data files). The YAML is
/// indexed the first time a position is asked for.
pub struct Placer<'a> {
    /// The file, relative to the site root (`content/news/a.md`).
    shown: &'a str,
    /// The whole file text, for the line shown under the message.
    source: &'a str,
    /// The YAML part of it, and the file line it starts on.
    yaml: &'a str,
    first_line: usize,
    index: std::cell::OnceCell<YamlPositions>,
}

impl<'a> Placer<'a> {
    /// For the YAML `yaml`, which starts on line `first_line` of the file `shown` whose whole
    /// text is `source`.
    pub fn new(shown: &'a str, source: &'a str, yaml: &'a str, first_line: usize) -> Placer<'a> {
        Placer {
            shown,
            source,
            yaml,
            first_line,
            index: std::cell::OnceCell::new(),
        }
    }

    /// A file that is all YAML (site.yaml, a data file).
    pub fn whole(shown: &'a str, text: &'a str) -> Placer<'a> {
        Placer::new(shown, text, text, 1)
    }

    pub fn positions(&self) -> &YamlPositions {
        self.index
            .get_or_init(|| YamlPositions::index(self.yaml, self.first_line))
    }

    /// `d` in this file, at the value of `path` (at the file when there is no such key).
    pub fn at_value(&self, path: &str, d: Diagnostic) -> Diagnostic {
        self.place(self.positions().value(path), d)
    }

    /// `d` in this file, at the key of `path`.
    pub fn at_key(&self, path: &str, d: Diagnostic) -> Diagnostic {
        self.place(self.positions().key(path), d)
    }

    fn place(&self, pos: Option<Pos>, d: Diagnostic) -> Diagnostic {
        let d = d.in_file(self.shown);
        match pos {
            Some(pos) => d.at(pos).with_source(self.source),
            None => d,
        }
    }
}

/// Positions of every key and value in one YAML text, by path.
#[derive(Debug, Default)]
pub struct YamlPositions {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl YamlPositions {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    /// A text that does not parse gives an empty index (serde_yaml reports that error).
    pub fn index(text: &str, first_line: usize) -> YamlPositions {
        let mut builder = Builder {
            first_line,
            stack: Vec::new(),
            out: YamlPositions::default(),
        };
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut builder, false);
        builder.out
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    /// Where the key of the mapping entry at `path` starts (falls back to its value).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }
}

enum Frame {
    Map {
        path: String,
        pending_key: Option<(String, Marker)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

struct Builder {
    first_line: usize,
    stack: Vec<Frame>,
    out: YamlPositions,
}

impl Builder {
    fn pos(&self, mark: Marker) -> Pos {
        Pos::new(mark.line() + self.first_line - 1, mark.col() + 1)
    }

    /// The path of the node starting now, or `None` when it is a mapping key.
    fn place_node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let first_line = self.first_line;
        let to_pos = |m: Marker| Pos::new(m.line() + first_line - 1, m.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { path, pending_key }) => match pending_key.take() {
                Some((key, key_mark)) => {
                    let p = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    self.out.keys.insert(p.clone(), to_pos(key_mark));
                    Some(p)
                }
                None => {
                    // This node is a key. Complex (non-scalar) keys get a placeholder name.
                    *pending_key = Some((scalar.unwrap_or("?").to_string(), mark));
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(path) = self.place_node(Some(&value), mark) {
                    let pos = self.pos(mark);
                    self.out.values.insert(path, pos);
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.place_node(None, mark) {
                    let pos = self.pos(mark);
                    self.out.values.insert(path, pos);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let path = match self.place_node(None, mark) {
                    Some(path) => path,
                    // A collection used as a key: index its inside under a placeholder.
                    None => "?".to_string(),
                };
                let pos = self.pos(mark);
                self.out.values.insert(path.clone(), pos);
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        pending_key: None,
                    }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_values_and_list_items() {
        let text = "title: 节水\ndistricts: [wujin, 新北区]\nevent:\n  start: 2021-03-22\nlist:\n  - a\n  - id: x\n";
        let idx = YamlPositions::index(text, 2);
        assert_eq!(idx.value("title"), Some(Pos::new(2, 8)));
        assert_eq!(idx.key("title"), Some(Pos::new(2, 1)));
        assert_eq!(idx.value("districts[1]"), Some(Pos::new(3, 20)));
        assert_eq!(idx.value("event.start"), Some(Pos::new(5, 10)));
        assert_eq!(idx.value("list[1].id"), Some(Pos::new(8, 9)));
        assert_eq!(idx.value("missing"), None);
    }

    #[test]
    fn broken_yaml_gives_an_index_not_a_panic() {
        let idx = YamlPositions::index("a: [1, 2\nb: {", 1);
        assert_eq!(idx.value("b"), None);
    }
}
