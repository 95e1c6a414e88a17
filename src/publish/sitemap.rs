//! `sitemap.xml` (every page, absolute URLs, `lastmod` from `updated`/`date`) and `robots.txt`.

use std::fmt::Write as _;

use crate::config::Config;
use crate::output::OutFile;
use crate::output::urls::permalink;

/// One URL of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Entry {
    pub path: String,
    /// `YYYY-MM-DD` or RFC 3339.
    pub lastmod: Option<String>,
}

pub(crate) fn sitemap(config: &Config, mut entries: Vec<Entry>) -> OutFile {
    // One entry per URL, keeping the one that knows its date.
    entries.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| b.lastmod.cmp(&a.lastmod)));
    entries.dedup_by(|a, b| a.path == b.path);
    let mut xml = String::with_capacity(entries.len() * 96 + 128);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in &entries {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            crate::text::html::escape_xml(&permalink(&config.base_url, &e.path))
        );
        if let Some(lastmod) = &e.lastmod {
            let _ = writeln!(
                xml,
                "    <lastmod>{}</lastmod>",
                crate::text::html::escape_xml(lastmod)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

pub(crate) fn robots(config: &Config) -> OutFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if config.sitemap {
        let _ = writeln!(
            text,
            "Sitemap: {}",
            permalink(&config.base_url, "sitemap.xml")
        );
    }
    OutFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_urls_once() {
        let config =
            crate::config::Config::parse("title: t\nbase_url: https://e.org/sub/\n", None).unwrap();
        let out = sitemap(
            &config,
            vec![
                Entry {
                    path: "/b/".into(),
                    lastmod: Some("2021-03-22".into()),
                },
                Entry {
                    path: "/".into(),
                    lastmod: None,
                },
                Entry {
                    path: "/b/".into(),
                    lastmod: None,
                },
            ],
        );
        let xml = String::from_utf8(out.bytes).unwrap();
        assert_eq!(xml.matches("<loc>").count(), 2);
        assert!(xml.contains("<loc>https://e.org/sub/b/</loc>\n    <lastmod>2021-03-22</lastmod>"));
        let robots = String::from_utf8(robots(&config).bytes).unwrap();
        assert!(robots.contains("Sitemap: https://e.org/sub/sitemap.xml"));
    }
}
