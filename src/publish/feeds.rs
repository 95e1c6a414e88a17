//! Atom feeds: `SECTION/atom.xml` for each section named in `feeds` (RFC 4287: ids, updated,
//! absolute links, summaries as escaped HTML).

use std::fmt::Write as _;

use crate::config::Config;
use crate::content::dates::SiteDate;
use crate::output::OutFile;
use crate::output::urls::permalink;
use crate::text::html::escape_xml as escape;

/// One entry of a feed.
pub(crate) struct FeedEntry<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub date: Option<&'a SiteDate>,
    pub updated: Option<&'a SiteDate>,
    /// HTML.
    pub summary: &'a str,
}

pub(crate) fn atom(
    config: &Config,
    section_title: &str,
    section_path: &str,
    entries: &[FeedEntry<'_>],
) -> OutFile {
    let stamp = |d: &SiteDate| rfc3339(d.timestamp);
    let newest = entries
        .iter()
        .filter_map(|e| e.updated.or(e.date).map(|d| d.timestamp))
        .max()
        .unwrap_or(0);
    let feed_url = permalink(&config.base_url, &format!("{section_path}atom.xml"));
    let author = config
        .organization
        .as_ref()
        .map(|o| o.sponsor.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(&config.title);
    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <id>{id}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{id}\"/>\n  <updated>{updated}</updated>\n  <author><name>{author}</name></author>\n  <generator>jieshui</generator>\n",
        lang = escape(&config.language),
        title = escape(&format!("{section_title} - {}", config.title)),
        id = escape(&permalink(&config.base_url, section_path)),
        feed = escape(&feed_url),
        updated = rfc3339(newest),
        author = escape(author),
    );
    for e in entries {
        let url = permalink(&config.base_url, e.path);
        let updated = e.updated.or(e.date).map_or_else(|| rfc3339(newest), stamp);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{updated}</updated>\n",
            escape(e.title),
            escape(&url),
            escape(&url),
        );
        if let Some(d) = e.date {
            let _ = writeln!(xml, "    <published>{}</published>", stamp(d));
        }
        let _ = write!(
            xml,
            "    <summary type=\"html\">{}</summary>\n  </entry>\n",
            escape(e.summary)
        );
    }
    xml.push_str("</feed>\n");
    OutFile {
        path: format!("{}atom.xml", section_path.trim_start_matches('/')),
        bytes: xml.into_bytes(),
    }
}

/// Seconds since the epoch as `2021-03-22T00:00:00Z`.
pub(crate) fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_has_required_elements_and_escapes() {
        let config =
            crate::config::Config::parse("title: 节水 & 宣传\nbase_url: https://e.org/\n", None)
                .unwrap();
        let date = crate::content::dates::parse("2021-03-22", &config.timezone).unwrap();
        let entries = [FeedEntry {
            title: "世界水日 <活动>",
            path: "/campaigns/wwd/",
            date: Some(&date),
            updated: None,
            summary: "<p>节水</p>",
        }];
        let xml =
            String::from_utf8(atom(&config, "宣传活动", "/campaigns/", &entries).bytes).unwrap();
        assert!(xml.contains("<id>https://e.org/campaigns/</id>"));
        assert!(xml.contains("<title>世界水日 &lt;活动&gt;</title>"));
        assert!(xml.contains("<summary type=\"html\">&lt;p&gt;节水&lt;/p&gt;</summary>"));
        // 2021-03-22 00:00 in Asia/Shanghai is 16:00 UTC the day before.
        assert!(
            xml.contains("<updated>2021-03-21T16:00:00Z</updated>"),
            "{xml}"
        );
        assert!(xml.contains("<title>宣传活动 - 节水 &amp; 宣传</title>"));
    }
}
