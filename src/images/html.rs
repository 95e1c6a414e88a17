//! Finding the `<img>` tags of a page's HTML (as Markdown, shortcodes or raw HTML made them)
//! so each can become a `<picture>`. Images already inside a `<picture>` are left alone.

/// One `<img>` tag: its address (unescaped) and its other attributes as written, minus those
/// the picture sets itself.
pub(crate) struct Img {
    pub(crate) src: String,
    pub(crate) attrs: String,
}

/// `html` with each `<img>` replaced by what `f` makes of it (`None` leaves it).
pub(crate) fn rewrite(html: &str, mut f: impl FnMut(&Img) -> Option<String>) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut in_picture = false;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let lower_start = rest.get(..9).unwrap_or(rest).to_ascii_lowercase();
        if lower_start.starts_with("<picture") {
            in_picture = true;
        } else if lower_start.starts_with("</picture") {
            in_picture = false;
        }
        let is_img = lower_start.starts_with("<img")
            && rest[4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>');
        if !is_img || in_picture {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let Some((img, len)) = parse(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        match f(&img) {
            Some(new) => out.push_str(&new),
            None => out.push_str(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// Parses `<img …>` at the start of `s`: the tag and its length.
fn parse(s: &str) -> Option<(Img, usize)> {
    let b = s.as_bytes();
    let mut i = 4;
    let mut src = None;
    let mut attrs = String::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        let mut value: Option<&str> = None;
        let mut raw_end = i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let start = i + 1;
                let end = start + s[start..].find(q as char)?;
                value = Some(&s[start..end]);
                i = end + 1;
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = Some(&s[start..i]);
            }
            raw_end = i;
        }
        match name.as_str() {
            "src" => src = value.map(unescape),
            "width" | "height" | "loading" | "decoding" | "srcset" | "sizes" => {}
            _ => {
                attrs.push(' ');
                attrs.push_str(&s[name_start..raw_end]);
            }
        }
    }
    Some((Img { src: src?, attrs }, i))
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_images_and_keeps_the_rest() {
        let html = "<p>a <img src=\"a&amp;b.jpg\" alt=\"水厂\" title=\"t\" loading=\"lazy\" /> b</p>\
                    <picture><img src=\"c.jpg\"></picture><IMG SRC=d.png>";
        let mut seen = Vec::new();
        let out = rewrite(html, |img| {
            seen.push((img.src.clone(), img.attrs.clone()));
            Some("[P]".into())
        });
        assert_eq!(
            out,
            "<p>a [P] b</p><picture><img src=\"c.jpg\"></picture>[P]"
        );
        assert_eq!(seen[0].0, "a&b.jpg");
        assert_eq!(seen[0].1, " alt=\"水厂\" title=\"t\"");
        assert_eq!(seen[1].0, "d.png");
    }

    #[test]
    fn broken_tags_are_left_alone() {
        for html in ["<img src=\"a.jpg", "<imgx src=a>", "<img", "<img alt=x>"] {
            assert_eq!(rewrite(html, |_| Some("X".into())), html);
        }
    }
}
