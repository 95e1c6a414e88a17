//! The one directory walk, for every folder jieshui reads (`content/`, `data/`, templates,
//! static files), and the sorting of `content/` into sections, pages and their files. Loops,
//! unreadable entries and links out of the site are diagnostics, never hangs or panics.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::messages::{Msg, NameWhy};

/// What the walk found, with paths relative to `content/` using `/`.
#[derive(Debug, Default)]
pub struct ContentFiles {
    /// `_index.md` files (section sources).
    pub sections: Vec<Entry>,
    /// Page sources: `x.md` and bundle `x/index.md`.
    pub pages: Vec<Entry>,
    /// Every other file, to be copied beside its page or section.
    pub assets: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub abs: PathBuf,
    /// Relative to `content/`, `/`-separated (`news/a.md`).
    pub rel: String,
    /// Whether the walk reached it through a symbolic link (to it or to a folder above it).
    /// One that was not is read without resolving its path again.
    pub linked: bool,
}

impl Entry {
    /// Reads the file's bytes, refusing a file that a link puts outside the site.
    pub fn read_bytes(&self, root: &Path) -> Result<Vec<u8>, Diagnostic> {
        if self.linked {
            crate::files::read_bytes(root, &self.abs)
        } else {
            crate::files::read_unlinked(root, &self.abs)
        }
    }
}

/// Hidden files and editors' temporary files, ignored everywhere.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// One file found under a folder of the site.
#[derive(Debug, Clone)]
pub struct Found {
    pub abs: PathBuf,
    /// Relative to the folder walked, `/`-separated (`news/a.md`).
    pub rel: String,
    /// Whether the walk reached it through a symbolic link (to it or to a folder above it).
    pub linked: bool,
}

/// What a walk looks at besides the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// How deep to go (1: the folder's own files); everything when `None`.
    pub max_depth: Option<usize>,
    /// Warn about names Windows and FAT USB sticks cannot store.
    pub portable_names: bool,
}

/// The one walk of jieshui: every file under `dir` (a folder of the site at `root`), sorted
/// by name. Hidden and editors' temporary files and folders are skipped; links are followed,
/// but a link that leads out of the site is an error and nothing under it is read; loops and
/// unreadable entries are errors. A `dir` that is missing gives nothing.
pub fn walk_files(
    root: &Path,
    dir: &Path,
    opts: WalkOptions,
    diags: &mut Diagnostics,
) -> Vec<Found> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return found;
    }
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // linked[d]: whether the entry at depth d, or a folder above it, is a link.
    let mut linked: Vec<bool> = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    if let Some(depth) = opts.max_depth {
        walker = walker.max_depth(depth);
    }
    let mut walker = walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    while let Some(item) = walker.next() {
        let entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        if entry.path_is_symlink() {
            match std::fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(&canonical_root) => {}
                _ => {
                    diags.push(
                        Diagnostic::error(Msg::LinkOutsideSite)
                            .in_file(display_path(root, entry.path())),
                    );
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
        }
        if entry.depth() > 0 && entry.file_name().to_str().is_none() {
            // Its name could not be shown, linked or turned into an address (it would have
            // become `/page/`): nothing under it is used.
            diags.push(
                Diagnostic::error(Msg::FileNameNotUtf8).in_file(display_path(root, entry.path())),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        linked.truncate(entry.depth());
        let above = linked.last().copied().unwrap_or(false);
        linked.push(above || entry.path_is_symlink());
        if opts.portable_names
            && entry.depth() > 0
            && let Some(why) = windows_name_problem(&entry.file_name().to_string_lossy())
        {
            diags.push(
                Diagnostic::warning(Msg::BadFileName { why })
                    .in_file(display_path(root, entry.path())),
            );
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let abs = entry.path().to_path_buf();
        found.push(Found {
            rel: display_path(dir, &abs),
            abs,
            linked: linked.last().copied().unwrap_or(false),
        });
    }
    found
}

/// Walks `content/`: sections, pages, and the other files of bundles and sections.
pub fn walk(root: &Path, diags: &mut Diagnostics) -> ContentFiles {
    let content = root.join("content");
    let mut files = ContentFiles::default();
    if !content.is_dir() {
        diags.push(Diagnostic::error(Msg::NoContentFolder));
        return files;
    }
    let opts = WalkOptions {
        portable_names: true,
        ..WalkOptions::default()
    };
    for Found { abs, rel, linked } in walk_files(root, &content, opts, diags) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let list = if name == "_index.md" {
            &mut files.sections
        } else if name.ends_with(".md") {
            &mut files.pages
        } else {
            &mut files.assets
        };
        list.push(Entry { abs, rel, linked });
    }
    files
}

/// Why Windows (and FAT, the format of most USB sticks) cannot store a file named `name`, if it
/// cannot: the site would build here but not survive being copied there.
pub fn windows_name_problem(name: &str) -> Option<NameWhy> {
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, ':' | '*' | '?' | '<' | '>' | '|' | '"' | '\\') || c.is_control())
    {
        return Some(if c.is_control() {
            NameWhy::ControlCharacter
        } else {
            NameWhy::Character(c)
        });
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(NameWhy::EndsWithDotOrSpace);
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let reserved = ["CON", "PRN", "AUX", "NUL"]
        .iter()
        .any(|r| stem.eq_ignore_ascii_case(r))
        || (stem.len() == 4
            && ["COM", "LPT"]
                .iter()
                .any(|r| stem.as_bytes()[..3].eq_ignore_ascii_case(r.as_bytes()))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    reserved.then(|| NameWhy::Reserved(stem.to_string()))
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let shown = e
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| "content".into());
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(Msg::SymlinkLoop {
            target: display_path(root, ancestor),
        })
        .in_file(shown);
    }
    let why = e
        .io_error()
        .map(|io| io.to_string())
        .unwrap_or_else(|| e.to_string());
    Diagnostic::error(Msg::CannotRead { detail: why }).in_file(shown)
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".hidden",
            "a.md~",
            ".a.md.swp",
            "a.swp",
            "#a.md#",
            "~$doc.docx",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["a.md", "_index.md", "photo.jpg"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn names_windows_cannot_store() {
        use super::windows_name_problem as p;
        for name in [
            "a:b.md",
            "a*b.md",
            "问题?.md",
            "a<b>.md",
            "a|b.md",
            "\"x\".md",
            "a\\b.md",
            "end.",
            "end ",
            "CON",
            "con.md",
            "Aux.txt",
            "COM1.md",
            "lpt9",
            "a\tb",
        ] {
            assert!(p(name).is_some(), "{name:?}");
        }
        for name in [
            "a.md",
            "节水 宣传.md",
            "my page.md",
            "console.md",
            "COM0.md",
            "COM10.md",
            "_index.md",
            "a中",
            "中a",
        ] {
            assert!(p(name).is_none(), "{name:?}: {:?}", p(name));
        }
    }
}
