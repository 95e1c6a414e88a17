//! Where a link is written, so staff can find it: in the Markdown of the pages it is on (the
//! line and column of its first occurrence in each), else in a template, site.yaml or a data
//! file (one place for all the pages it is on), else the first page it is on, with the number
//! of other pages.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::diagnostics::Pos;
use crate::files::walk::{WalkOptions, walk_files};
use crate::messages::Origin;

/// One place to report a link at: the file (none when not even a page file is known), the
/// position, the text of the file (for the excerpt) and how many other pages have the link.
pub(crate) struct Place {
    pub(crate) file: Option<String>,
    pub(crate) at: Option<(Pos, String)>,
    pub(crate) others: usize,
}

/// The site's files links may be written in, read when first needed.
pub(crate) struct Sources<'a> {
    root: &'a Path,
    theme: &'a str,
    config_text: &'a str,
    pages: HashMap<String, Option<String>>,
    /// Templates, site.yaml and data files: (shown, text).
    others: Option<Vec<(String, String)>>,
}

impl<'a> Sources<'a> {
    pub(crate) fn new(root: &'a Path, theme: &'a str, config_text: &'a str) -> Sources<'a> {
        Sources {
            root,
            theme,
            config_text,
            pages: HashMap::new(),
            others: None,
        }
    }

    pub(crate) fn places(&mut self, url: &str, origins: &BTreeSet<Origin>) -> Vec<Place> {
        let mut out = Vec::new();
        for file in origins.iter().filter_map(Origin::file) {
            let root = self.root;
            let text = self
                .pages
                .entry(file.to_string())
                .or_insert_with(|| crate::files::read_text(root, &root.join(file)).ok());
            if let Some(text) = text
                && let Some(at) = find(text, url)
            {
                out.push(Place {
                    file: Some(file.to_string()),
                    at: Some((Pos::of_offset(text, at, 1), text.clone())),
                    others: 0,
                });
            }
        }
        if !out.is_empty() {
            return out;
        }
        let written = self.others().iter().find_map(|(shown, text)| {
            find(text, url).map(|at| Place {
                file: Some(shown.clone()),
                at: Some((Pos::of_offset(text, at, 1), text.clone())),
                others: 0,
            })
        });
        if let Some(place) = written {
            return vec![place];
        }
        let first = origins.iter().find_map(Origin::file).map(str::to_string);
        vec![Place {
            file: first,
            at: None,
            others: origins.len().saturating_sub(1),
        }]
    }

    /// Templates (the site's, the theme's or the built-in theme's), site.yaml, data files.
    fn others(&mut self) -> &[(String, String)] {
        let (root, theme, config_text) = (self.root, self.theme, self.config_text);
        self.others.get_or_insert_with(|| {
            let mut out = Vec::new();
            let mut ignored = crate::diagnostics::Diagnostics::new();
            let folder = crate::files::theme::Theme::resolve(root, theme);
            if folder == crate::files::theme::Theme::BuiltIn {
                for (name, bytes) in crate::files::theme::built_in_files("templates") {
                    let shown = format!(
                        "(built-in themes/{}/templates/{name})",
                        crate::files::theme::BUILT_IN
                    );
                    out.push((shown, String::from_utf8_lossy(bytes).into_owned()));
                }
            }
            let dirs = [
                root.join("templates"),
                folder.folder("templates").unwrap_or_default(),
            ];
            for dir in dirs.iter().filter(|d| d.is_dir()) {
                for file in walk_files(root, dir, WalkOptions::default(), &mut ignored) {
                    if let Ok(text) = crate::files::read_text(root, &file.abs) {
                        out.push((crate::diagnostics::display_path(root, &file.abs), text));
                    }
                }
            }
            out.push((
                crate::layout::CONFIG_FILE.to_string(),
                config_text.to_string(),
            ));
            let data = root.join("data");
            if data.is_dir() {
                for file in walk_files(root, &data, WalkOptions::default(), &mut ignored) {
                    let text_file = [".yaml", ".yml", ".csv"]
                        .iter()
                        .any(|e| file.rel.ends_with(e));
                    if text_file && let Ok(text) = crate::files::read_text(root, &file.abs) {
                        out.push((crate::diagnostics::display_path(root, &file.abs), text));
                    }
                }
            }
            out
        })
    }
}

/// Where `url` is written in `text`: as it is, percent-decoded, or with `&amp;`; an
/// occurrence not followed by more of an address (`…/a` in `…/ab`) preferred.
fn find(text: &str, url: &str) -> Option<usize> {
    let decoded = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .map(|d| d.into_owned())
        .unwrap_or_else(|_| url.to_string());
    let mut first = None;
    for form in [url.to_string(), decoded, url.replace('&', "&amp;")] {
        for (at, _) in text.match_indices(form.as_str()) {
            let next = text[at + form.len()..].chars().next();
            let ends =
                next.is_none_or(|c| !(c.is_alphanumeric() || "-._~/%?=&+:@!$*,;".contains(c)));
            if ends {
                return Some(at);
            }
            first.get_or_insert(at);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_found_as_written() {
        let text = "见 https://a.example/ab 和 [通知](https://a.example/a#top)。";
        assert_eq!(
            find(text, "https://a.example/a"),
            text.find("https://a.example/a#")
        );
        let text = "[文件](https://a.example/文件.pdf)";
        assert_eq!(
            find(text, "https://a.example/%E6%96%87%E4%BB%B6.pdf"),
            Some(9)
        );
        assert_eq!(
            find(
                "<a href=\"https://a.example/?x=1&amp;y=2\">",
                "https://a.example/?x=1&y=2"
            ),
            Some(9)
        );
        assert_eq!(find("nothing", "https://a.example/"), None);
    }
}
