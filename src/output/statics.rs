//! Files copied as they are: the theme's `static/` (from the binary for the built-in default
//! theme), then the site's (which wins), then the files of page bundles and sections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::theme::Theme;
use crate::files::walk::{WalkOptions, walk_files};
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

pub(crate) fn collect_copies(
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
        for file in walk_files(root, &dir, WalkOptions::default(), diags) {
            by_dest.insert(
                file.rel.clone(),
                Copy {
                    shown: display_path(root, &file.abs),
                    from: Source::Disk(file.abs),
                    to: file.rel,
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
