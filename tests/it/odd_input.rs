//! Input that built a wrong or unsafe page without a word (issue #14, items 12–14 and the list
//! after them): control characters in feeds, a file name in the calendar, slugs and aliases
//! that break links or USB copies, a file name that is not UTF-8, an empty tag, script and data
//! links, `HTTPS://` in base_url, a UTC offset of more than a day.

use crate::harness::Site;

fn page(site: &Site, rel: &str, front: &str) {
    site.write(rel, &format!("---\ntitle: 一篇\n{front}---\n正文\n"));
}

#[test]
fn a_control_character_in_a_title_leaves_the_feed_well_formed() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\nfeeds: [news]\n",
    );
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    // YAML's "\f" and "\e" are a form feed and an escape; both went into atom.xml raw.
    site.write(
        "content/news/a.md",
        "---\ntitle: \"节水\\f周\\e开幕\"\ndate: 2021-05-09\n---\n正文\n",
    );
    site.build().succeeds();
    let feed = site.out("news/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom.xml is well-formed XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"节水周开幕"), "{titles:?}");
    roxmltree::Document::parse(&site.out("sitemap.xml")).expect("sitemap.xml is well-formed");
}

#[test]
fn a_file_name_cannot_add_lines_to_the_calendar() {
    let site = Site::new();
    page(
        &site,
        "content/a\nX-INJECTED:1.md",
        "event: { start: 2021-03-22 }\n",
    );
    site.build();
    let ics = site.out("events.ics");
    assert!(
        !ics.lines().any(|l| l.starts_with("X-INJECTED")),
        "a line of its own: {ics}"
    );
    assert!(ics.contains("UID:page-a%0AX-INJECTED%3A1@"), "{ics}");
}

#[test]
fn slugs_that_break_links_or_usb_copies_are_errors() {
    let site = Site::new();
    page(&site, "content/q.md", "slug: a?b\n");
    page(&site, "content/con.md", "slug: CON\n");
    page(&site, "content/colon.md", "slug: a:b\n");
    page(&site, "content/rtl.md", "slug: \"gpj\\u202Eexe\"\n");
    page(&site, "content/zw.md", "slug: \"wa\\u200Bter\"\n");
    let run = site.run(&["check", "--strict"]);
    run.fails()
        .error_at("content/q.md:3:7")
        .says("cannot contain `?`")
        .error_at("content/con.md:3:7")
        .says("`CON` is a reserved device name")
        .error_at("content/colon.md:3:7")
        .says("it contains `:`")
        .error_at("content/rtl.md:3:7")
        .says("U+202E")
        .error_at("content/zw.md:3:7")
        .says("U+200B");
}

#[test]
fn each_part_of_an_alias_is_checked_like_a_slug() {
    let site = Site::new();
    page(
        &site,
        "content/a.md",
        "aliases: [\"/old/a#b/\", /旧/新闻/]\n",
    );
    site.build()
        .fails()
        .error_at("content/a.md:3")
        .says("alias `/old/a#b/`")
        .says("cannot contain `#`");
}

#[test]
fn a_file_name_that_is_not_utf8_is_an_error_not_a_page_called_page() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::new();
    // 节水.md as GBK, what an old Windows zip tool leaves.
    let name = std::ffi::OsStr::from_bytes(b"\xbd\xda\xcb\xae.md");
    std::fs::write(
        site.root().join("content").join(name),
        "---\ntitle: 节水\n---\n正文\n",
    )
    .unwrap();
    site.build()
        .fails()
        .error_at("content/\u{FFFD}")
        .says("not UTF-8");
    assert!(!site.out_exists("page/index.html"));
}

#[test]
fn an_empty_tag_is_an_error_at_its_place() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\ntaxonomies: [tags]\n",
    );
    page(&site, "content/a.md", "tags: [节水, \"\"]\n");
    page(&site, "content/b.md", "tags:\n  - \"  \"\n");
    site.build()
        .fails()
        .error_at("content/a.md:3:12")
        .says("an entry of `tags` is empty")
        .error_at("content/b.md:4:5");
    assert!(!site.out_exists("tags/page/index.html"));
}

#[test]
fn script_and_data_links_in_markdown_are_refused() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n[x](VBScript:msgbox(1))\n\n[y](data:text/html;base64,PHNjcmlwdD4=)\n\n![图](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n",
    );
    let run = site.build();
    run.fails()
        .error_at("content/a.md:4:1")
        .says("`vbscript:` links are not allowed")
        .error_at("content/a.md:6:1")
        .says("`data:` links are not allowed");
    assert!(
        !run.stderr.contains("content/a.md:8"),
        "a data: image is fine: {}",
        run.stderr
    );
}

#[test]
fn base_url_scheme_in_capitals_is_read_as_browsers_do() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: HTTPS://Example.ORG/sub\ntheme: t\n",
    );
    site.build().succeeds();
    assert!(
        site.out("sitemap.xml")
            .contains("<loc>https://example.org/sub/</loc>")
    );
}

#[test]
fn a_utc_offset_of_more_than_a_day_is_refused() {
    let site = Site::new();
    page(&site, "content/a.md", "date: 2021-03-22T09:00:00+25:00\n");
    site.build()
        .fails()
        .error_at("content/a.md:3:7")
        .says("`2021-03-22T09:00:00+25:00` is not a valid date");
}

/// Issue #14: a million carriers in YAML took gigabytes and minutes to check. YAML data files
/// are held to the tables' limits: 50 MB, and 100,000 records counted before parsing.
#[test]
fn a_yaml_list_past_the_record_limit_is_refused_before_parsing() {
    let site = Site::new();
    let mut yaml = String::with_capacity(100_001 * 12);
    for i in 0..100_001 {
        yaml.push_str(&format!("- id: c{i}\n"));
    }
    site.write("data/carriers.yaml", &yaml);
    site.run(&["check"])
        .fails()
        .error_at("data/carriers.yaml")
        .says("100000 rows");
}
