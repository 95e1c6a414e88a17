//! HTML escaping for text jieshui writes into pages itself.

pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Escaped for XML (feeds, sitemaps): as for HTML, and without the characters XML 1.0 does
/// not allow at all (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF), which
/// would make the whole file unreadable to a feed reader.
pub fn escape_xml(text: &str) -> String {
    if text.chars().any(not_in_xml) {
        let kept: String = text.chars().filter(|c| !not_in_xml(*c)).collect();
        return escape(&kept);
    }
    escape(text)
}

fn not_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The first `max` characters of `text` (whitespace folded), with `…` when cut.
pub fn truncate_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = true;
    for ch in text.chars() {
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        if ch == ' ' && last_space {
            continue;
        }
        last_space = ch == ' ';
        if count == max {
            return format!("{}…", out.trim_end());
        }
        out.push(ch);
        count += 1;
    }
    out.trim_end().to_string()
}

/// The scheme of `url` (`https`, `javascript`) as a browser reads it, lower-cased, or `None`
/// for a path. Browsers skip leading spaces and control characters and drop tabs and newlines
/// anywhere, so `" java\tscript:x"` has the scheme `javascript`.
pub fn link_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = &cleaned[..cleaned.find(':')?];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Whether a link written in site.yaml or data may go into a page: a path on the site, or an
/// `http`, `https`, `mailto` or `tel` address (never `javascript:`, `data:`, `vbscript:`).
pub fn is_safe_link(url: &str) -> bool {
    link_scheme(url).is_none_or(|s| matches!(s.as_str(), "http" | "https" | "mailto" | "tel"))
}

/// Text of an HTML fragment, for descriptions.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_schemes_as_browsers_read_them() {
        assert_eq!(link_scheme("https://e.org/").as_deref(), Some("https"));
        assert_eq!(
            link_scheme(" \u{1}Java\tScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            link_scheme("javascript://%0aalert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(link_scheme("/a:b/"), None);
        assert_eq!(link_scheme("a/b:c"), None);
        assert_eq!(link_scheme("2021:x"), None);
        assert_eq!(link_scheme("@/_index.md"), None);
        assert!(is_safe_link("mailto:a@b.org") && is_safe_link("style.css"));
        assert!(!is_safe_link("data:text/html,x") && !is_safe_link("vbscript:x"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }

    #[test]
    fn xml_keeps_only_what_xml_allows() {
        // Issue #14 item 12: a form feed in a title made the whole feed unreadable.
        assert_eq!(escape_xml("a\u{c}b\u{1}<c>\u{FFFF}"), "ab&lt;c&gt;");
        assert_eq!(escape_xml("节水\t周\n"), "节水\t周\n");
    }

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate_text("节约  用水\n人人有责", 4), "节约 用…");
        assert_eq!(truncate_text("短", 10), "短");
    }
}
