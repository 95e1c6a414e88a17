//! Where a document goes: its folder, the slug of a file or folder name, and the checks on a
//! slug written in front matter.

use crate::messages::SlugWhy;
use crate::text::slug::slugify;

/// `news/a.md` → `news`; `a.md` → ``.
pub(super) fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Pinyin slug of a file or folder name; a name with nothing to transliterate keeps a safe form.
pub(super) fn slug_or_keep(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "page".into() } else { s }
}

/// Whether a front-matter `slug` stays inside its section: no separators, no `.`/`..`.
pub fn check_slug(slug: &str) -> Result<(), SlugWhy> {
    if slug.is_empty() {
        return Err(SlugWhy::Empty);
    }
    if slug.contains(['/', '\\']) {
        return Err(SlugWhy::Slash);
    }
    if slug == "." || slug == ".." || slug.contains("..") {
        return Err(SlugWhy::DotDot);
    }
    if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(SlugWhy::Space);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_climb() {
        assert!(check_slug("..").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("a\\b").is_err());
        assert!(check_slug("ok-slug").is_ok());
    }
}
