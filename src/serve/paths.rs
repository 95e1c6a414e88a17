//! A request's path → the key of a file in the built site, confined to the site: every segment
//! is percent-decoded on its own and must be a plain name, so `..`, `%2e%2e`, an encoded `/` or
//! `\`, empty segments (`//etc/passwd`) and NUL bytes are refused before any lookup.

/// Where a request points inside the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// Decoded segments joined by `/`, without leading or trailing slash (`""` for the root).
    pub(crate) key: String,
    /// The request ended in `/` (or was the root): it asks for a folder's `index.html`.
    pub(crate) dir: bool,
}

impl Target {
    /// The file to look up first.
    pub(crate) fn file(&self) -> String {
        if self.dir {
            self.index()
        } else {
            self.key.clone()
        }
    }

    /// `KEY/index.html` (`index.html` for the root).
    pub(crate) fn index(&self) -> String {
        if self.key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}/index.html", self.key)
        }
    }
}

/// Why a path was refused (answered with 400).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadPath;

/// Resolves the raw (still percent-encoded) path of a request.
pub(crate) fn resolve(raw: &str) -> Result<Target, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath)?;
    if rest.is_empty() {
        return Ok(Target {
            key: String::new(),
            dir: true,
        });
    }
    let (body, dir) = match rest.strip_suffix('/') {
        Some(body) => (body, true),
        None => (rest, false),
    };
    let mut segments = Vec::new();
    for raw_segment in body.split('/') {
        segments.push(segment(raw_segment)?);
    }
    Ok(Target {
        key: segments.join("/"),
        dir,
    })
}

/// One decoded segment, or `BadPath` when it is empty, `.`, `..` or hides a separator.
fn segment(raw: &str) -> Result<String, BadPath> {
    let decoded = percent_decode(raw)?;
    let bad = decoded.is_empty()
        || decoded == "."
        || decoded == ".."
        || decoded.contains(['/', '\\', '\0']);
    if bad { Err(BadPath) } else { Ok(decoded) }
}

fn percent_decode(raw: &str) -> Result<String, BadPath> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadPath)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadPath)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadPath)?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPath)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> (String, bool) {
        let t = resolve(raw).unwrap();
        (t.key, t.dir)
    }

    #[test]
    fn plain_paths_resolve() {
        assert_eq!(key("/"), (String::new(), true));
        assert_eq!(key("/news/a/"), ("news/a".to_string(), true));
        assert_eq!(key("/style.css"), ("style.css".to_string(), false));
        assert_eq!(
            key("/%E8%8A%82%E6%B0%B4/"),
            ("节水".to_string(), true),
            "percent-encoded Chinese"
        );
        assert_eq!(resolve("/").unwrap().file(), "index.html");
        assert_eq!(resolve("/a/b/").unwrap().file(), "a/b/index.html");
        assert_eq!(resolve("/a/b").unwrap().index(), "a/b/index.html");
    }

    #[test]
    fn traversal_is_refused() {
        for raw in [
            "/../site.yaml",
            "/..",
            "/a/../../etc/passwd",
            "/./a",
            "/%2e%2e/site.yaml",
            "/%2E%2E/",
            "/%2e%2e%2fsite.yaml",
            "/a%2f..%2f..%2fetc",
            "/a%5c..%5csite.yaml",
            "//etc/passwd",
            "/a//b",
            "/a%00b",
            "/%zz",
            "/%e",
            "/%ff",
            "etc/passwd",
            "",
        ] {
            assert_eq!(resolve(raw), Err(BadPath), "{raw}");
        }
    }
}
