//! 长者模式 (elderly-friendly mode) without JavaScript: with `elder_mode: true` every page also
//! exists at two larger sizes, under `/elder/` (大字) and `/elder-xl/` (特大字), marked
//! `<html class="elder">` / `<html class="elder elder-xl">` (the theme's large-text,
//! high-contrast style), and its links to pages stay inside its level, so the mode is remembered
//! from page to page. The theme's switch links carry `data-mode="standard|elder|elder-xl"` and
//! are left as they are; the copy moves `aria-current="page"` from the standard one to its own.
//! A link without `data-mode` that points into the copy's own level points out of it (an older
//! theme's single toggle keeps working).

use crate::output::urls::permalink;

/// One larger size: where its pages live, the classes its `<html>` gets, its `data-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Level {
    pub(crate) prefix: &'static str,
    class: &'static str,
    mode: &'static str,
}

/// 大字 (125 %) and 特大字 (150 %), both high contrast.
pub(crate) const LEVELS: [Level; 2] = [
    Level {
        prefix: "/elder",
        class: "elder",
        mode: "elder",
    },
    Level {
        prefix: "/elder-xl",
        class: "elder elder-xl",
        mode: "elder-xl",
    },
];

/// The copy of the page at site path `page` at `level` (absolute URLs, before any relative
/// rewrite). Relative URLs (a bundle's `photo.jpg`) are made absolute against the original
/// page, since the copy lives elsewhere.
pub(crate) fn elder_copy(
    html: &str,
    page: &str,
    base_url: &str,
    base_path: &str,
    level: &Level,
) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    if let Some(i) = rest.find("<html") {
        out.push_str(&rest[..i + 5]);
        out.push_str(" class=\"");
        out.push_str(level.class);
        out.push('"');
        rest = &rest[i + 5..];
    }
    while let Some((i, attr_len)) = next_url_attr(rest) {
        let value_start = i + attr_len;
        out.push_str(&rest[..value_start]);
        let after = &rest[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        if attr_len == 9 {
            // srcset="…": each file stays where it is.
            let absolute = |url: &str| match is_relative(url) {
                true => permalink(base_url, &format!("{page}{url}")),
                false => url.to_string(),
            };
            out.push_str(&crate::output::urls::map_srcset(value, absolute));
            rest = &after[end..];
            continue;
        }
        if is_relative(value) {
            out.push_str(&permalink(base_url, &format!("{page}{value}")));
            rest = &after[end..];
            continue;
        }
        if attr_len == 6 {
            // src="…": files stay where they are.
            out.push_str(value);
            rest = &after[end..];
            continue;
        }
        let tag_start = out.rfind('<').unwrap_or(0);
        let tag = &out[tag_start..];
        let keep = tag.contains(" data-mode=\"")
            || tag.contains("rel=\"canonical\"")
            || tag.contains("rel=\"alternate\"")
            || tag.contains("rel=\"stylesheet\"")
            || tag.contains("rel=\"icon\"");
        match (keep, page_path(value, base_url, base_path)) {
            (false, Some(path)) => out.push_str(&permalink(base_url, &moved(&path, level))),
            _ => out.push_str(value),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    if !out.contains(" data-mode=\"") {
        return out;
    }
    out.replace(
        " data-mode=\"standard\" aria-current=\"page\"",
        " data-mode=\"standard\"",
    )
    .replace(
        &format!(" data-mode=\"{}\"", level.mode),
        &format!(" data-mode=\"{}\" aria-current=\"page\"", level.mode),
    )
}

/// The next ` href="`, ` src="` or ` srcset="`: (offset, length of the attribute text).
fn next_url_attr(html: &str) -> Option<(usize, usize)> {
    [(" href=\"", 7), (" src=\"", 6), (" srcset=\"", 9)]
        .iter()
        .filter_map(|(attr, len)| html.find(attr).map(|i| (i, *len)))
        .min()
}

/// `photo.jpg`, `sub/x.pdf`: relative to the page (not `#x`, `/x`, `?x` or `scheme:`).
fn is_relative(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with(['#', '/', '?'])
        && !url
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':')
}

/// Where a link to page `path` goes from a copy at `level`: `/a/` → `/elder/a/`; a link into
/// the copy's own level leads out of it (`/elder/a/` → `/a/`), into another level stays.
fn moved(path: &str, level: &Level) -> String {
    for l in &LEVELS {
        if let Some(rest) = path.strip_prefix(l.prefix)
            && rest.starts_with('/')
        {
            return match l == level {
                true => rest.to_string(),
                false => path.to_string(),
            };
        }
    }
    format!("{}{path}", level.prefix)
}

/// The site path of a URL that points at a page of this site (not a file such as style.css).
fn page_path(url: &str, base_url: &str, base_path: &str) -> Option<String> {
    let rest = match url.strip_prefix(base_url) {
        Some(r) => r,
        None if !url.starts_with("//") => url.strip_prefix(base_path)?,
        None => return None,
    };
    let path_end = rest.find(['#', '?']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(path_end);
    let is_page = path.is_empty() || path.ends_with('/') || path.ends_with(".html");
    (is_page && path != "404.html").then(|| format!("/{path}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_move_into_elder_and_the_toggle_flips_back() {
        let html = concat!(
            "<html lang=\"zh-CN\"><head><link rel=\"canonical\" href=\"https://e.org/s/a/\">",
            "<link rel=\"stylesheet\" href=\"https://e.org/s/style.css\"></head>",
            "<a href=\"https://e.org/s/b/#x\">b</a><a href=\"https://e.org/s/elder/a/\">toggle</a>",
            "<a href=\"https://other.org/\">o</a><a href=\"/s/\">home</a></html>"
        );
        let out = elder_copy(html, "/a/", "https://e.org/s/", "/s/", &LEVELS[0]);
        assert!(out.starts_with("<html class=\"elder\" lang=\"zh-CN\">"));
        assert!(out.contains("rel=\"canonical\" href=\"https://e.org/s/a/\""));
        assert!(out.contains("href=\"https://e.org/s/style.css\""));
        assert!(out.contains("href=\"https://e.org/s/elder/b/#x\""));
        assert!(out.contains("href=\"https://e.org/s/a/\">toggle"));
        assert!(out.contains("href=\"https://other.org/\""));
        assert!(out.contains("href=\"https://e.org/s/elder/\">home"));
    }

    #[test]
    fn relative_files_point_back_to_the_original_page() {
        let html = "<html><img src=\"photo.jpg\"><a href=\"plan.pdf\">p</a><img src=\"https://e.org/s/logo.png\"><a href=\"#top\">t</a></html>";
        let out = elder_copy(html, "/news/visit/", "https://e.org/s/", "/s/", &LEVELS[0]);
        assert!(
            out.contains("src=\"https://e.org/s/news/visit/photo.jpg\""),
            "{out}"
        );
        assert!(
            out.contains("href=\"https://e.org/s/news/visit/plan.pdf\""),
            "{out}"
        );
        assert!(out.contains("src=\"https://e.org/s/logo.png\""), "{out}");
        assert!(out.contains("href=\"#top\""), "{out}");
    }

    #[test]
    fn the_switch_stays_and_marks_the_level_shown() {
        let html = concat!(
            "<html lang=\"zh-CN\"><a data-mode=\"standard\" aria-current=\"page\" href=\"https://e.org/a/\">标准</a>",
            "<a data-mode=\"elder\" href=\"https://e.org/elder/a/\">大字</a>",
            "<a data-mode=\"elder-xl\" href=\"https://e.org/elder-xl/a/\">特大字</a>",
            "<a href=\"https://e.org/b/\">b</a><a href=\"https://e.org/elder/b/\">old toggle</a></html>"
        );
        let xl = elder_copy(html, "/a/", "https://e.org/", "/", &LEVELS[1]);
        assert!(
            xl.starts_with("<html class=\"elder elder-xl\" lang=\"zh-CN\">"),
            "{xl}"
        );
        assert!(
            xl.contains("<a data-mode=\"standard\" href=\"https://e.org/a/\">标准</a>"),
            "{xl}"
        );
        assert!(
            xl.contains("<a data-mode=\"elder\" href=\"https://e.org/elder/a/\">大字</a>"),
            "{xl}"
        );
        assert!(
            xl.contains("<a data-mode=\"elder-xl\" aria-current=\"page\" href=\"https://e.org/elder-xl/a/\">特大字</a>"),
            "{xl}"
        );
        assert!(xl.contains("href=\"https://e.org/elder-xl/b/\">b"), "{xl}");
        // A link into another level stays there.
        assert!(
            xl.contains("href=\"https://e.org/elder/b/\">old toggle"),
            "{xl}"
        );
        let big = elder_copy(html, "/a/", "https://e.org/", "/", &LEVELS[0]);
        assert!(
            big.contains("<a data-mode=\"elder\" aria-current=\"page\" href"),
            "{big}"
        );
        assert!(
            big.contains("href=\"https://e.org/b/\">old toggle"),
            "{big}"
        );
    }
}
