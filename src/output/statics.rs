//! Files copied as they are: the theme's `static/` (from the binary for the built-in default
//! theme), then the site's (which wins), then the files of page bundles and sections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::theme::Theme;
use crate::messages::Msg;

#[derive(Debug, Clone)]
pub struct Copy {
    pub from: Source,
    /// Path under the output root.
    pub to: String,
    /// The source, for messages.
    pub shown: String,
}

/// Where a copied file's bytes are.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file of the site, read when it is copied (or served).
    Disk(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

pub fn collect_copies(
    root: &Path,
    theme: &str,
    lib: &Library,
    diags: &mut Diagnostics,
) -> Vec<Copy> {
    let mut by_dest: BTreeMap<String, Copy> = BTreeMap::new();
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let theme = Theme::resolve(root, theme);
    if theme == Theme::BuiltIn {
        for (to, bytes) in crate::files::theme::built_in_files("static") {
            let shown = format!(
                "(built-in themes/{}/static/{to})",
                crate::files::theme::BUILT_IN
            );
            by_dest.insert(
                to.clone(),
                Copy {
                    from: Source::BuiltIn(bytes),
                    to,
                    shown,
                },
            );
        }
    }
    for dir in theme
        .folder("static")
        .into_iter()
        .chain([root.join("static")])
    {
        if !dir.is_dir() {
            continue;
        }
        if !std::fs::canonicalize(&dir).is_ok_and(|d| d.starts_with(&canonical_root)) {
            diags.push(Diagnostic::error(Msg::LinkOutsideSite).in_file(display_path(root, &dir)));
            continue;
        }
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::files::walk::is_ignored(&e.file_name().to_string_lossy())
            });
        for item in walker {
            let entry = match item {
                Ok(e) => e,
                Err(e) => {
                    let shown = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                    diags.push(
                        Diagnostic::error(Msg::CannotRead {
                            detail: e.to_string(),
                        })
                        .in_file(shown),
                    );
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let shown = display_path(root, entry.path());
            if entry.path_is_symlink() || entry.depth() > 1 {
                let inside = std::fs::canonicalize(entry.path())
                    .is_ok_and(|t| t.starts_with(&canonical_root));
                if !inside {
                    diags.push(Diagnostic::error(Msg::LinkOutsideSite).in_file(shown));
                    continue;
                }
            }
            let to = display_path(&dir, entry.path());
            by_dest.insert(
                to.clone(),
                Copy {
                    from: Source::Disk(entry.path().to_path_buf()),
                    to,
                    shown,
                },
            );
        }
    }
    let mut copies: Vec<Copy> = by_dest.into_values().collect();
    for page in &lib.pages {
        let bundle_dir = page.doc.rel.rsplit_once('/').map_or("", |(d, _)| d);
        for asset in &page.assets {
            let inner = asset
                .rel
                .strip_prefix(bundle_dir)
                .unwrap_or(&asset.rel)
                .trim_start_matches('/');
            copies.push(Copy {
                from: Source::Disk(asset.abs.clone()),
                to: format!("{}{inner}", page.doc.path.trim_start_matches('/')),
                shown: format!("content/{}", asset.rel),
            });
        }
    }
    for section in &lib.sections {
        let dir = section.doc.rel.rsplit_once('/').map_or("", |(d, _)| d);
        for asset in &section.assets {
            let inner = asset
                .rel
                .strip_prefix(dir)
                .unwrap_or(&asset.rel)
                .trim_start_matches('/');
            copies.push(Copy {
                from: Source::Disk(asset.abs.clone()),
                to: format!("{}{inner}", section.doc.path.trim_start_matches('/')),
                shown: format!("content/{}", asset.rel),
            });
        }
    }
    copies
}
