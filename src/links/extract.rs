//! The addresses of other sites a rendered page links to or loads: `<a href>`, `<img src>`,
//! `<script src>`, `<iframe src>` and `<link href>` (not `preconnect`/`dns-prefetch`, which
//! name a host, not a page). Comments and the text of scripts and styles are skipped.

/// The `http(s)` addresses in `html`, as written (entities decoded, the `#fragment` cut off,
/// `//host/…` made `https://host/…`), leaving out those under `own` (the site's `base_url`).
pub(crate) fn external_urls(html: &str, own: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &b[i..]).map(|k| k + i) {
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(b.len(), |k| at + k + 3);
            continue;
        }
        let name_len = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = html[i..i + name_len].to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let (attrs, end) = attributes(html, i + name_len);
        i = end;
        let wanted = match name.as_str() {
            "a" | "link" => "href",
            "img" | "script" | "iframe" => "src",
            _ => "",
        };
        let hint_only = name == "link"
            && attrs.iter().any(|(k, v)| {
                k == "rel"
                    && v.split_ascii_whitespace().any(|r| {
                        r.eq_ignore_ascii_case("preconnect")
                            || r.eq_ignore_ascii_case("dns-prefetch")
                    })
            });
        if !wanted.is_empty() && !hint_only {
            let found = attrs.iter().find(|(k, _)| k == wanted);
            if let Some(url) = found.and_then(|(_, v)| absolute(v, own)) {
                out.push(url);
            }
        }
        if name == "script" || name == "style" {
            i = closing_tag(html, i, &name);
        }
    }
    out
}

/// Where `</name` (any case) starts from `from`, else the end of `html`.
fn closing_tag(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(at) = memchr::memmem::find(&b[i..], b"</").map(|k| k + i) {
        let after = at + 2;
        if b.len() >= after + name.len()
            && b[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return at;
        }
        i = after;
    }
    b.len()
}

/// A tag's attributes from `from` (just after its name) to its `>`: (name in lower case,
/// value with entities decoded), and where the tag ends.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut i = from;
    let mut out = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (out, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |k| i + 1 + k);
                value = decode(&html[i + 1..end]);
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode(&html[start..i]);
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
}

/// The character references an attribute value may hold (`&amp;`, `&#39;`, `&#x27;`…).
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').filter(|&k| k <= 10).map(|k| k + 1);
        let named = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "lt" => '<',
                "gt" => '>',
                _ => {
                    let num = entity.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match named {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `url` when it leads to another site over HTTP(S), without its fragment.
fn absolute(url: &str, own: &str) -> Option<String> {
    let url = url.trim();
    let url = match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => {
            let scheme = crate::text::html::link_scheme(url)?;
            if scheme != "http" && scheme != "https" {
                return None;
            }
            // The scheme in lower case, as it is sent.
            format!("{scheme}{}", &url[url.find(':')?..])
        }
    };
    let url = url.split('#').next().unwrap_or_default();
    let host = url
        .split_once("://")
        .map(|(_, r)| r.split(['/', '?']).next().unwrap_or_default())?;
    if host.is_empty() || !own.is_empty() && url.starts_with(own) {
        return None;
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_resources_to_other_sites_are_found() {
        let html = r##"<html><head>
<link rel="stylesheet" href="https://cdn.example.com/a.css">
<link rel=preconnect href="https://fonts.example.com">
<link rel="canonical" href="https://e.org/news/">
<script src='//cdn.example.com/x.js'></script>
<script>var s = "<a href='https://in.script.example/'>";</script>
</head><body>
<!-- <a href="https://commented.example/"> -->
<a class=x href="https://www.example.org/a?b=1&amp;c=2#top">a</a>
<A HREF=HTTP://Old.Example.net/p>b</A>
<a href="/local/">c</a><a href="mailto:a@b.org">m</a><a href="#top">t</a>
<img alt="a > b" src="https://img.example.com/p.png">
<iframe src="https://v.example.com/e"></iframe>
<a href="https://e.org/about/">own</a>
</body></html>"##;
        assert_eq!(
            external_urls(html, "https://e.org/"),
            [
                "https://cdn.example.com/a.css",
                "https://cdn.example.com/x.js",
                "https://www.example.org/a?b=1&c=2",
                "http://Old.Example.net/p",
                "https://img.example.com/p.png",
                "https://v.example.com/e",
            ]
        );
    }

    #[test]
    fn entities_are_decoded_and_broken_ones_kept() {
        assert_eq!(decode("a&amp;b&#39;c&#x27;d&e &zz;"), "a&b'c'd&e &zz;");
    }
}
