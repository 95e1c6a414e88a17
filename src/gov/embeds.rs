//! What a page loads from other sites: `<script src>`, `<iframe src>`, `<embed src>` and
//! `<object data>` pointing at a host that is neither the site's own nor in
//! `government.allowed_hosts` (government sites may carry no commercial advertising, which
//! comes in this way). Read in the Markdown of every page and section and in the templates.

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// One external resource: the tag, the host and the byte offset of the tag in `text`.
pub fn external(text: &str, own: &str, allowed: &[String]) -> Vec<(String, String, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (tag, attr) in [
        ("script", "src"),
        ("iframe", "src"),
        ("embed", "src"),
        ("object", "data"),
    ] {
        let open = format!("<{tag}");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&open).map(|i| i + from) {
            from = at + open.len();
            let end = lower[at..].find('>').map_or(lower.len(), |i| at + i);
            let Some(url) = attr_value(&text[at..end], &lower[at..end], attr) else {
                continue;
            };
            if let Some(host) = host_of(url)
                && !host.eq_ignore_ascii_case(own)
                && !allowed.iter().any(|a| allows(a, &host))
            {
                out.push((tag.to_string(), host, at));
            }
        }
    }
    out.sort_by_key(|(_, _, at)| *at);
    out
}

/// Warnings for `text` (a file shown as `shown`, whose first line is `first_line`).
pub fn warnings(
    shown: &str,
    text: &str,
    first_line: usize,
    own: &str,
    allowed: &[String],
) -> Vec<Diagnostic> {
    external(text, own, allowed)
        .into_iter()
        .map(|(tag, host, at)| {
            Diagnostic::warning(Msg::ExternalResource { tag, host })
                .in_file(shown)
                .at(Pos::of_offset(text, at, first_line))
        })
        .collect()
}

/// `allowed` is the host or a parent domain of it (`gov.cn` allows `www.gov.cn`).
fn allows(allowed: &str, host: &str) -> bool {
    let allowed = allowed.trim().trim_start_matches('.');
    let host = host.to_ascii_lowercase();
    let allowed = allowed.to_ascii_lowercase();
    host == allowed || host.ends_with(&format!(".{allowed}"))
}

/// The value of `name=` in a tag's text (`lower` is the same text in lower case).
fn attr_value<'a>(tag: &'a str, lower: &str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before_ok = i > 0 && lower.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = lower.len() - rest[1..].trim_start().len();
        let value = &tag[value_at..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// The host of an absolute (`https://h/…`) or protocol-relative (`//h/…`) address.
fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("//") {
        r
    } else {
        let (scheme, r) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        r
    };
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_frames_from_other_hosts_are_found() {
        let text = "a\n<script src=\"https://ads.example.com/a.js\"></script>\n<SCRIPT>inline()</SCRIPT>\n<iframe width=1 src='//v.example.net/x'></iframe>\n<script src=\"/local.js\"></script>\n<script src=\"https://slj.example.gov.cn/a.js\"></script>\n<embed src=https://www.gov.cn/x.swf>\n<img src=\"https://ads.example.com/b.png\">";
        let allowed = vec!["gov.cn".to_string()];
        let found = external(text, "slj.example.gov.cn", &allowed);
        let hosts: Vec<(&str, &str)> = found
            .iter()
            .map(|(t, h, _)| (t.as_str(), h.as_str()))
            .collect();
        assert_eq!(
            hosts,
            [("script", "ads.example.com"), ("iframe", "v.example.net")]
        );
        let w = warnings("content/a.md", text, 1, "slj.example.gov.cn", &allowed);
        assert!(
            w[1].headline(crate::messages::Lang::En)
                .starts_with("warning: content/a.md:4:1:")
        );
    }

    #[test]
    fn allow_list_takes_parent_domains_not_lookalikes() {
        assert!(allows("gov.cn", "www.gov.cn"));
        assert!(allows("www.gov.cn", "WWW.gov.cn"));
        assert!(!allows("gov.cn", "evilgov.cn"));
    }
}
