//! The files beside the pages, parsed as their readers would: sitemap.xml and atom.xml by an
//! XML parser with their required elements, events.ics against RFC 5545's line rules.

use crate::harness::Site;

fn publishing_site() -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 节水 & 宣传\nbase_url: https://example.org/sub/\ntheme: t\nfeeds: [campaigns]\ncampaigns:\n  2019:\n    全国城市节约用水宣传周: { start: 2019-05-11, end: 2019-05-17 }\n",
    );
    site.write("content/campaigns/_index.md", "---\ntitle: 宣传活动\n---\n");
    site.write(
        "content/campaigns/wwd.md",
        "---\ntitle: \"世界水日 <活动> & 宣传\"\ndate: 2021-03-22\nupdated: 2021-03-28\nevent: { start: 2021-03-22, end: 2021-03-28, location: \"常州市, 天宁区; 文化广场\" }\n---\n**节水**宣传，详见[链接](@/campaigns/old.md)。\n",
    );
    site.write(
        "content/campaigns/old.md",
        "---\ntitle: 旧闻\ndate: 2019-05-12\n---\n旧闻\n",
    );
    site
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls_and_lastmod() {
    let site = publishing_site();
    site.build().succeeds();
    let xml = site.out("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<(String, Option<String>)> = root
        .children()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let text = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (text("loc").expect("loc"), text("lastmod"))
        })
        .collect();
    for (loc, _) in &urls {
        assert!(loc.starts_with("https://example.org/sub/"), "{loc}");
    }
    let wwd = urls
        .iter()
        .find(|(l, _)| l == "https://example.org/sub/campaigns/wwd/")
        .expect("page listed");
    assert_eq!(wwd.1.as_deref(), Some("2021-03-28"), "lastmod from updated");
    assert!(urls.iter().any(|(l, _)| l == "https://example.org/sub/"));
    assert!(
        site.out("robots.txt")
            .contains("Sitemap: https://example.org/sub/sitemap.xml")
    );
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

#[test]
fn atom_feed_is_valid_and_escaped() {
    let site = publishing_site();
    site.build().succeeds();
    let xml = site.out("campaigns/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed feed");
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    // RFC 4287 4.1.1: id, title, updated required; author unless every entry has one.
    for name in ["id", "title", "updated", "author"] {
        assert!(child(feed, name).is_some(), "feed lacks {name}");
    }
    assert_eq!(
        child(feed, "title").unwrap().text(),
        Some("宣传活动 - 节水 & 宣传")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2);
    let first = entries[0];
    assert_eq!(
        child(first, "title").unwrap().text(),
        Some("世界水日 <活动> & 宣传")
    );
    assert_eq!(
        child(first, "id").unwrap().text(),
        Some("https://example.org/sub/campaigns/wwd/")
    );
    assert_eq!(
        child(first, "link").unwrap().attribute("href"),
        Some("https://example.org/sub/campaigns/wwd/")
    );
    let updated = child(first, "updated").unwrap().text().unwrap();
    assert!(
        updated.parse::<jiff::Timestamp>().is_ok() && updated.ends_with('Z'),
        "{updated}"
    );
    let summary = child(first, "summary").unwrap();
    assert_eq!(summary.attribute("type"), Some("html"));
    assert!(summary.text().unwrap().contains("节水宣传"));
    // The feed is linked from the section page's head when the theme asks for it.
    assert!(site.out_exists("campaigns/index.html"));
}

#[test]
fn calendar_follows_rfc5545_line_rules() {
    let site = publishing_site();
    site.build().succeeds();
    let bytes = std::fs::read(site.root().join("public/events.ics")).unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break"
        );
    }
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0") && lines.iter().any(|l| l.starts_with("PRODID:")));
    let events: Vec<&[&str]> = lines
        .split(|l| *l == "BEGIN:VEVENT")
        .skip(1)
        .map(|chunk| {
            &chunk[..chunk
                .iter()
                .position(|l| *l == "END:VEVENT")
                .expect("END:VEVENT")]
        })
        .collect();
    // The page's event and the three campaigns of 2019 and of 2021 (the years the site covers).
    assert_eq!(events.len(), 7, "{unfolded}");
    let mut uids = std::collections::BTreeSet::new();
    for e in &events {
        for prop in [
            "UID:",
            "DTSTAMP:",
            "DTSTART;VALUE=DATE:",
            "DTEND;VALUE=DATE:",
            "SUMMARY:",
        ] {
            assert!(
                e.iter().any(|l| l.starts_with(prop)),
                "event lacks {prop}: {e:?}"
            );
        }
        assert!(
            uids.insert(
                e.iter()
                    .find(|l| l.starts_with("UID:"))
                    .unwrap()
                    .to_string()
            ),
            "UIDs unique"
        );
    }
    let page = events
        .iter()
        .find(|e| e.contains(&"SUMMARY:世界水日 <活动> & 宣传"))
        .expect("page event");
    assert!(
        page.contains(&"DTSTART;VALUE=DATE:20210322")
            && page.contains(&"DTEND;VALUE=DATE:20210329")
    );
    assert!(
        page.contains(&"LOCATION:常州市\\, 天宁区\\; 文化广场"),
        "{page:?}"
    );
    assert!(
        page.contains(&"DTSTAMP:20210328T000000Z"),
        "stamp from the page's updated date"
    );
    // 2019's published week overrides the rule.
    assert!(
        events
            .iter()
            .any(|e| e.contains(&"SUMMARY:第二十八届全国城市节约用水宣传周")
                && e.contains(&"DTSTART;VALUE=DATE:20190511"))
    );
}

#[test]
fn unknown_feed_section_is_located() {
    let site = publishing_site();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nfeeds: [campaigns, news]\n",
    );
    let run = site.build();
    run.fails();
    run.error_at("site.yaml:4:20: feeds: there is no section at /news/");
}
