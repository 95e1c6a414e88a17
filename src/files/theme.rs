//! Where the theme's files come from: the site's `themes/NAME/` folder when it has one, else,
//! for the theme named `default`, the default theme the binary carries (the same files
//! `jieshui init` writes). A site that keeps its own `themes/default/` uses that copy.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

/// The default theme, as in `themes/default/` of this repository.
pub(crate) static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme the binary carries.
pub const BUILT_IN: &str = "default";

/// The theme a site uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Theme {
    /// `themes/NAME/` under the site root (it may lack `templates/` or `static/`).
    Folder(PathBuf),
    /// The default theme inside the binary: the site has no `themes/default/`.
    BuiltIn,
    /// Neither: `themes/NAME/` does not exist and NAME is not the built-in theme.
    Missing,
}

impl Theme {
    /// Resolves `theme:` of site.yaml for the site at `root`.
    pub fn resolve(root: &Path, name: &str) -> Theme {
        let dir = root.join("themes").join(name);
        // `symlink_metadata` too: a link that leads nowhere is the site's (broken) theme, to be
        // reported as such, not silently replaced.
        if dir.is_dir() || dir.symlink_metadata().is_ok() {
            Theme::Folder(dir)
        } else if name == BUILT_IN {
            Theme::BuiltIn
        } else {
            Theme::Missing
        }
    }

    /// The folder of the theme's `sub` files (`templates`, `static`) on disk, if any.
    pub fn folder(&self, sub: &str) -> Option<PathBuf> {
        match self {
            Theme::Folder(dir) => Some(dir.join(sub)),
            Theme::BuiltIn | Theme::Missing => None,
        }
    }
}

/// The built-in theme's files under `sub` (`templates`, `static`): (path relative to `sub`, bytes),
/// sorted by path. Hidden and editors' temporary files are left out, as in a theme folder.
pub fn built_in_files(sub: &str) -> Vec<(String, &'static [u8])> {
    fn walk(d: &'static Dir<'static>, sub: &str, out: &mut Vec<(String, &'static [u8])>) {
        for f in d.files() {
            // Paths are relative to the theme folder: `static/style.css`.
            let path = f.path().to_string_lossy().replace('\\', "/");
            let Some(rel) = path.strip_prefix(sub).and_then(|p| p.strip_prefix('/')) else {
                continue;
            };
            if !rel.split('/').any(crate::files::walk::is_ignored) {
                out.push((rel.to_string(), f.contents()));
            }
        }
        for d in d.dirs() {
            walk(d, sub, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
        walk(dir, sub, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_folder_wins_and_only_default_is_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(Theme::resolve(root, "default"), Theme::BuiltIn);
        assert_eq!(Theme::resolve(root, "other"), Theme::Missing);
        std::fs::create_dir_all(root.join("themes/default")).unwrap();
        assert_eq!(
            Theme::resolve(root, "default"),
            Theme::Folder(root.join("themes/default"))
        );
    }

    #[test]
    fn built_in_files_are_relative_to_their_folder() {
        let templates = built_in_files("templates");
        assert!(templates.iter().any(|(p, _)| p == "page.html"));
        assert!(templates.iter().all(|(p, _)| !p.starts_with("templates/")));
        let statics = built_in_files("static");
        assert!(statics.iter().any(|(p, _)| p == "style.css"));
    }
}
