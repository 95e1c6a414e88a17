//! Images the pages show that the built site does not have: each is a warning at the image
//! (`![水厂](shuichang.jpg)` with no such file beside the page or in `static/` would be a broken
//! picture on the public site). Checked against every file the build wrote or copied.

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;

/// An image as written in a document, with a warning placed at it should it be missing.
#[derive(Debug, Clone)]
pub(crate) struct ImageRef {
    /// The site path of the document (`/news/a/`), which a relative address is resolved from.
    pub doc_path: String,
    pub src: String,
    pub missing: Diagnostic,
}

/// The warnings for images whose file is not among `written` (output paths, `/`-separated).
pub(crate) fn missing_images(
    images: Vec<ImageRef>,
    written: &HashSet<String>,
    base_url: &str,
    base_path: &str,
) -> Vec<Diagnostic> {
    images
        .into_iter()
        .filter(|i| {
            image_target(&i.src, &i.doc_path, base_url, base_path)
                .is_some_and(|t| !written.contains(&t))
        })
        .map(|i| i.missing)
        .collect()
}

/// The output file an image address points to, when it is in this site (`None` for another
/// site, `data:` and the like). Relative addresses are resolved from the document's URL, as a
/// browser does; `%`-escapes are decoded; a folder means its `index.html`.
pub(crate) fn image_target(
    src: &str,
    doc_path: &str,
    base_url: &str,
    base_path: &str,
) -> Option<String> {
    let src = src.split(['#', '?']).next().unwrap_or_default();
    if src.is_empty() {
        return None;
    }
    let path = if let Some(rest) = src.strip_prefix(base_url) {
        format!("/{rest}")
    } else if src.starts_with("//") || src.contains(':') {
        return None;
    } else if src.starts_with('/') {
        match src.strip_prefix(base_path) {
            Some(rest) if base_path.len() > 1 => format!("/{rest}"),
            _ => src.to_string(),
        }
    } else {
        let dir = &doc_path[..doc_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{src}")
    };
    let mut parts: Vec<String> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(
                percent_encoding::percent_decode_str(p)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
        }
    }
    if path.ends_with('/') || parts.is_empty() {
        parts.push("index.html".into());
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::image_target as target;

    const BASE: &str = "https://example.org/sub/";

    #[test]
    fn addresses_resolve_to_output_files() {
        let t = |src: &str| target(src, "/visit/", BASE, "/sub/");
        assert_eq!(t("plant.png").as_deref(), Some("visit/plant.png"));
        assert_eq!(t("./img/a.png?v=2#x").as_deref(), Some("visit/img/a.png"));
        assert_eq!(t("../logo.svg").as_deref(), Some("logo.svg"));
        assert_eq!(t("/images/a.png").as_deref(), Some("images/a.png"));
        assert_eq!(t("/sub/images/a.png").as_deref(), Some("images/a.png"));
        assert_eq!(
            t("https://example.org/sub/visit/plant.png").as_deref(),
            Some("visit/plant.png")
        );
        assert_eq!(
            t("%E6%B0%B4%E5%8E%82.jpg").as_deref(),
            Some("visit/水厂.jpg")
        );
        assert_eq!(t("水厂.jpg").as_deref(), Some("visit/水厂.jpg"));
        assert_eq!(t("https://other.org/a.png"), None);
        assert_eq!(t("//cdn.example.com/a.png"), None);
        assert_eq!(t("data:image/png;base64,AAAA"), None);
    }

    #[test]
    fn a_relative_address_on_a_file_page_resolves_beside_it() {
        assert_eq!(
            target("a.png", "/404.html", BASE, "/sub/").as_deref(),
            Some("a.png")
        );
    }
}
