//! Where a document goes: its folder, the slug of a file or folder name, and the checks on a
//! slug written in front matter.

use crate::files::walk::windows_name_problem;
use crate::messages::SlugWhy;
use crate::text::chars::is_invisible;
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

/// Whether a front-matter `slug` stays inside its section (no separators, no `.`/`..`) and can
/// be one part of a web address and a file name everywhere (see [`part_problem`]).
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
    part_problem(slug).map_or(Ok(()), Err)
}

/// What keeps `part` (a slug, one folder of an alias) from being one part of a web address that
/// links, looks like what it is, and names a file that Windows and a FAT USB stick can hold.
pub fn part_problem(part: &str) -> Option<SlugWhy> {
    for c in part.chars() {
        if c.is_control() || c.is_whitespace() {
            return Some(SlugWhy::Space);
        }
        if is_invisible(c) {
            return Some(SlugWhy::Invisible(c));
        }
        if matches!(c, '?' | '#' | '%') {
            return Some(SlugWhy::BreaksLinks(c));
        }
    }
    windows_name_problem(part).map(SlugWhy::NotPortable)
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

    #[test]
    fn slugs_make_one_plain_part_of_an_address() {
        // Issue #14 item 14: each of these built, and `check --strict` passed.
        use crate::messages::NameWhy;
        for (slug, why) in [
            ("a?b", SlugWhy::BreaksLinks('?')),
            ("a#b", SlugWhy::BreaksLinks('#')),
            ("%2e%2e", SlugWhy::BreaksLinks('%')),
            ("a:b", SlugWhy::NotPortable(NameWhy::Character(':'))),
            ("<b>x", SlugWhy::NotPortable(NameWhy::Character('<'))),
            ("a\"b", SlugWhy::NotPortable(NameWhy::Character('"'))),
            ("a|b*", SlugWhy::NotPortable(NameWhy::Character('|'))),
            ("CON", SlugWhy::NotPortable(NameWhy::Reserved("CON".into()))),
            (
                "com1",
                SlugWhy::NotPortable(NameWhy::Reserved("com1".into())),
            ),
            ("end.", SlugWhy::NotPortable(NameWhy::EndsWithDotOrSpace)),
            ("gpj\u{202E}exe", SlugWhy::Invisible('\u{202E}')),
            ("wa\u{200B}ter", SlugWhy::Invisible('\u{200B}')),
            ("\u{FEFF}a", SlugWhy::Invisible('\u{FEFF}')),
            ("a\u{3000}b", SlugWhy::Space),
        ] {
            assert_eq!(check_slug(slug), Err(why), "{slug:?}");
        }
        for slug in [
            "world-water-day",
            "节水周",
            "2021_plan",
            "a.b",
            "console",
            "con-1",
        ] {
            assert_eq!(check_slug(slug), Ok(()), "{slug}");
        }
    }
}
