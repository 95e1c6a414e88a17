//! URLs: permalinks under `base_url`, and the rewrite that makes every internal URL relative
//! (`relative_urls: true`), so the output works from file:// and under any subpath.

/// `https://e.org/sub/` + `/news/a/` → `https://e.org/sub/news/a/`.
pub(crate) fn permalink(base_url: &str, path: &str) -> String {
    let mut out = String::with_capacity(base_url.len() + path.len());
    out.push_str(base_url);
    out.push_str(path.trim_start_matches('/'));
    out
}

/// The relative URL from the page at `from` (a site path such as `/a/b/` or `/404.html`)
/// to the site path `to` (`/c/d/#x`); a directory URL ends in `index.html`.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let split_at = to.find(['#', '?']).unwrap_or(to.len());
    let (to_path, suffix) = to.split_at(split_at);
    let from_dir = match from.rfind('/') {
        Some(i) => &from[..=i],
        None => "/",
    };
    let from_parts: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to_path.split('/').filter(|s| !s.is_empty()).collect();
    let to_is_dir = to_path.ends_with('/') || to_path.is_empty();
    let to_dirs = if to_is_dir {
        &to_parts[..]
    } else {
        &to_parts[..to_parts.len().saturating_sub(1)]
    };
    let common = from_parts
        .iter()
        .zip(to_dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_parts.len() {
        out.push_str("../");
    }
    for part in &to_parts[common..] {
        out.push_str(part);
        out.push('/');
    }
    if to_is_dir {
        out.push_str("index.html");
    } else {
        out.pop();
    }
    // A first segment holding `:` would be read as a scheme (`javascript:x/index.html`).
    if out
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        out.insert_str(0, "./");
    }
    out.push_str(suffix);
    out
}

/// Each address of a `srcset` value (`a-480w.webp 480w, a-960w.webp 960w`) mapped by `f`,
/// the width descriptors kept.
pub(crate) fn map_srcset(value: &str, f: impl Fn(&str) -> String) -> String {
    value
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            match candidate.split_once(char::is_whitespace) {
                Some((url, descriptor)) => format!("{} {}", f(url), descriptor.trim()),
                None => f(candidate),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rewrites `href`, `src`, `srcset`, `action` and `poster` values in `html` that point into the site
/// (absolute under `base_url`, or root-relative under its path) to URLs relative to `from`.
pub(crate) fn relativize_html(html: &str, from: &str, base_url: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = find_attr(rest) {
        let (before, after) = rest.split_at(i.value_start);
        out.push_str(before);
        let end = after.find(i.quote).unwrap_or(after.len());
        let value = &after[..end];
        let one = |value: &str| match site_path(value, base_url, base_path) {
            Some(path) => relative(from, &path),
            None => value.to_string(),
        };
        if i.srcset {
            out.push_str(&map_srcset(value, one));
        } else {
            out.push_str(&one(value));
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

struct AttrHit {
    value_start: usize,
    quote: char,
    srcset: bool,
}

fn find_attr(html: &str) -> Option<AttrHit> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(eq) = html[from..].find('=') {
        let eq = from + eq;
        from = eq + 1;
        let name_end = eq;
        let name_start = html[..name_end]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let name = &html[name_start..name_end];
        let is_url_attr = name.eq_ignore_ascii_case("href")
            || name.eq_ignore_ascii_case("src")
            || name.eq_ignore_ascii_case("action")
            || name.eq_ignore_ascii_case("poster")
            || name.eq_ignore_ascii_case("srcset");
        if !is_url_attr || name_start == 0 || !bytes[name_start - 1].is_ascii_whitespace() {
            continue;
        }
        let quote = match bytes.get(eq + 1) {
            Some(b'"') => '"',
            Some(b'\'') => '\'',
            _ => continue,
        };
        return Some(AttrHit {
            value_start: eq + 2,
            quote,
            srcset: name.eq_ignore_ascii_case("srcset"),
        });
    }
    None
}

/// The site path (`/a/b/`) a URL points to, if it points into the site.
fn site_path(url: &str, base_url: &str, base_path: &str) -> Option<String> {
    if let Some(rest) = url.strip_prefix(base_url) {
        return Some(format!("/{rest}"));
    }
    if url == base_url.trim_end_matches('/') {
        return Some("/".into());
    }
    if url.starts_with("//") {
        return None;
    }
    let rest = url.strip_prefix(base_path)?;
    Some(format!("/{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_join_cleanly() {
        assert_eq!(
            permalink("https://e.org/sub/", "/a/"),
            "https://e.org/sub/a/"
        );
        assert_eq!(
            permalink("https://e.org/", "style.css"),
            "https://e.org/style.css"
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative("/", "/"), "index.html");
        assert_eq!(relative("/", "/a/b/"), "a/b/index.html");
        assert_eq!(relative("/a/b/", "/"), "../../index.html");
        assert_eq!(relative("/a/b/", "/a/c/"), "../c/index.html");
        assert_eq!(relative("/a/b/", "/style.css"), "../../style.css");
        assert_eq!(relative("/a/b/", "/a/b/#x"), "index.html#x");
        assert_eq!(relative("/404.html", "/a/"), "a/index.html");
        assert_eq!(relative("/a/", "/a/img/p.png"), "img/p.png");
    }

    #[test]
    fn a_colon_in_the_first_segment_is_not_a_scheme() {
        assert_eq!(
            relative("/", "/javascript:alert(1)/"),
            "./javascript:alert(1)/index.html"
        );
        assert_eq!(relative("/a/", "/a/b:c/"), "./b:c/index.html");
        assert_eq!(relative("/a/", "/x:y/"), "../x:y/index.html");
    }

    #[test]
    fn html_rewrite_touches_only_site_urls() {
        let html = r#"<a href="https://e.org/s/a/">x</a> <img src="/s/p.png"> <a href="https://other.org/">o</a> <a href="/t/">t</a> <a data-href="/s/x/">"#;
        let out = relativize_html(html, "/b/", "https://e.org/s/", "/s/");
        assert_eq!(
            out,
            r#"<a href="../a/index.html">x</a> <img src="../p.png"> <a href="https://other.org/">o</a> <a href="/t/">t</a> <a data-href="/s/x/">"#
        );
    }
}
