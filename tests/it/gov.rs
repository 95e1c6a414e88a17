//! The government profile (issue #19): footer and `<meta>` set, filing-number formats at their
//! line in site.yaml, and a theme that leaves out a required item.

use crate::harness::Site;

const GOV_ORG: &str = "organization:\n  sponsor: 常州市水利局\n  site_code: \"3204000001\"\n  icp: 苏ICP备12345678号-1\n  police_record: 苏公网安备 32041102000123号\n  contact: 0519-00000000\n";

/// A site on the built-in default theme with the government profile on.
fn gov_site(org: &str) -> Site {
    let site = Site::empty();
    site.write(
        "site.yaml",
        &format!("title: 节水\nbase_url: https://slj.example.gov.cn/\n{org}"),
    );
    site.write("content/_index.md", "---\ntitle: 首页\n---\n欢迎\n");
    site.write(
        "content/news/_index.md",
        "---\ntitle: 工作动态\nextra:\n  column_type: 工作动态类\n---\n",
    );
    site.write(
        "content/news/a.md",
        "---\ntitle: 节水宣传周启动\ndate: 2021-05-10T09:30:00+08:00\nextra:\n  source: 常州市节约用水办公室\n---\n正文\n",
    );
    site
}

#[test]
fn every_page_has_the_meta_set_and_the_footer_links() {
    let site = gov_site(GOV_ORG);
    site.build().succeeds();
    let page = site.out("news/a/index.html");
    for meta in [
        r#"<meta name="SiteName" content="节水">"#,
        r#"<meta name="SiteDomain" content="slj.example.gov.cn">"#,
        r#"<meta name="SiteIDCode" content="3204000001">"#,
        r#"<meta name="ColumnName" content="工作动态">"#,
        r#"<meta name="ColumnType" content="工作动态类">"#,
        r#"<meta name="ArticleTitle" content="节水宣传周启动">"#,
        r#"<meta name="PubDate" content="2021-05-10 09:30:00">"#,
        r#"<meta name="ContentSource" content="常州市节约用水办公室">"#,
    ] {
        assert!(page.contains(meta), "{meta} missing:\n{page}");
    }
    let home = site.out("index.html");
    assert!(home.contains(r#"<meta name="SiteIDCode" content="3204000001">"#));
    assert!(
        !home.contains("ArticleTitle"),
        "the home page is no article"
    );
    let section = site.out("news/index.html");
    assert!(section.contains(r#"<meta name="ColumnName" content="工作动态">"#));
    for html in [&page, &home, &section] {
        assert!(html.contains(
            r#"<a href="https://beian.miit.gov.cn/" rel="noopener">苏ICP备12345678号-1</a>"#
        ));
        assert!(html.contains(r#"<a href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32041102000123" rel="noopener">苏公网安备 32041102000123号</a>"#));
        assert!(html.contains("<dd>3204000001</dd>") && html.contains("<dd>常州市水利局</dd>"));
        assert!(
            !html.contains("党政机关网站标识"),
            "not configured, not shown"
        );
    }
}

#[test]
fn the_conac_mark_is_shown_when_configured() {
    let org = format!("{GOV_ORG}  conac_url: https://bszs.conac.cn/sitename?method=show&id=ABC\n");
    let site = gov_site(&org);
    site.build().succeeds();
    let home = site.out("index.html");
    assert!(home.contains(r#"<dt>党政机关网站标识</dt><dd><a href="https://bszs.conac.cn/sitename?method=show&amp;id=ABC""#), "{home}");
}

#[test]
fn outside_the_profile_there_is_no_meta_set() {
    let site = gov_site("organization:\n  sponsor: 常州市水利局\n  site_code: \"\"\n");
    site.build().succeeds();
    assert!(!site.out("news/a/index.html").contains("SiteIDCode"));
    // Switched on explicitly, without a site code: the profile is on and says the code is missing.
    let site = gov_site("government:\n  enabled: true\n");
    site.build().succeeds().says("organization.site_code");
    assert!(
        site.out("news/a/index.html")
            .contains(r#"<meta name="SiteIDCode" content="">"#)
    );
}

#[test]
fn malformed_filing_numbers_are_warned_at_their_line() {
    let site = gov_site(
        "organization:\n  sponsor: 常州市水利局\n  site_code: \"320400001\"\n  icp: ICP备12345678号\n  police_record: 苏公网安备 3204110200012号\n  contact: 0519-00000000\n",
    );
    site.run(&["check"])
        .succeeds()
        .warning_at("site.yaml:5:14: organization.site_code")
        .warning_at("site.yaml:6:8: organization.icp")
        .warning_at("site.yaml:7:18: organization.police_record")
        .says("14 digits");
    // A malformed 公安 number is shown, not linked to a record that is not there.
    site.build().succeeds();
    assert!(!site.out("index.html").contains("recordcode="));
    site.run(&["check", "--strict"]).fails();
}

#[test]
fn a_missing_police_number_is_warned_and_a_department_code_is_accepted() {
    let site = gov_site(
        "organization:\n  sponsor: 水利部\n  site_code: bm17000009\n  icp: 京ICP备05000000号\n  police_record: \"\"\n  contact: 010-00000000\n",
    );
    let run = site.run(&["check"]);
    run.succeeds()
        .warning_at("site.yaml:7:18: organization.police_record (公安机关备案号) is empty");
    assert!(
        !run.stderr.contains("organization.site_code"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_without_the_meta_set_or_footer_links_is_named() {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: 节水\nbase_url: https://slj.example.gov.cn/\ntheme: t\n{GOV_ORG}"),
    );
    let run = site.run(&["check"]);
    run.succeeds()
        .says("themes/t/templates/")
        .says("<meta name=\"SiteIDCode\">")
        .says("beian.miit.gov.cn");
    // The built-in default theme has everything: no such warning.
    let ok = gov_site(GOV_ORG);
    let run = ok.run(&["check"]);
    run.succeeds();
    assert!(!run.stderr.contains("has none"), "{}", run.stderr);
}

/// Today in Asia/Shanghai (the fixture sites' timezone), as front matter writes it.
fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap())
        .date()
}

#[test]
fn undated_pages_and_an_empty_section_are_warned_at_their_files() {
    let site = gov_site(GOV_ORG);
    site.write("content/news/undated.md", "---\ntitle: 无日期\n---\n正文\n");
    site.write("content/policy/_index.md", "---\ntitle: 政策解读\n---\n");
    site.run(&["check"])
        .succeeds()
        .warning_at("content/news/undated.md:1: this page has no `date:`")
        .warning_at("content/policy/_index.md:1: section “政策解读” is empty");
    // Outside the profile neither is said.
    let plain = Site::new();
    plain.write("content/news/undated.md", "---\ntitle: 无日期\n---\n正文\n");
    plain.write("content/policy/_index.md", "---\ntitle: 政策解读\n---\n");
    let run = plain.run(&["check"]);
    run.succeeds();
    assert!(
        !run.stderr.contains("no `date:`") && !run.stderr.contains("is empty"),
        "{}",
        run.stderr
    );
}

#[test]
fn five_empty_sections_are_an_error_four_are_warnings() {
    let site = gov_site(GOV_ORG);
    for i in 1..=4 {
        site.write(
            &format!("content/s{i}/_index.md"),
            &format!("---\ntitle: 栏目{i}\n---\n"),
        );
    }
    let run = site.run(&["check"]);
    run.succeeds();
    assert_eq!(run.stderr.matches("is empty").count(), 4, "{}", run.stderr);
    site.write("content/s5/_index.md", "---\ntitle: 栏目5\n---\n");
    site.run(&["check"])
        .fails()
        .error_at("site.yaml")
        .says("5 sections are empty");
}

#[test]
fn a_site_not_updated_for_two_weeks_is_warned_and_the_days_are_configurable() {
    let site = gov_site(GOV_ORG);
    let old = today() - jiff::Span::new().days(20);
    site.write(
        "content/news/a.md",
        &format!("---\ntitle: 旧闻\ndate: {old}\n---\n正文\n"),
    );
    site.run(&["check"])
        .succeeds()
        .warning_at("content/news/a.md:1: the newest page is dated")
        .says("20 days without an update (more than 14)");
    site.write(
        "site.yaml",
        &format!("title: 节水\nbase_url: https://slj.example.gov.cn/\n{GOV_ORG}government:\n  stale_days: 30\n"),
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("without an update"), "{}", run.stderr);
    // A page dated today is fresh.
    let fresh = gov_site(GOV_ORG);
    fresh.write(
        "content/news/b.md",
        &format!("---\ntitle: 新闻\ndate: {}\n---\n正文\n", today()),
    );
    let run = fresh.run(&["check"]);
    assert!(!run.stderr.contains("without an update"), "{}", run.stderr);
}

#[test]
fn the_bundled_site_with_the_profile_on_checks_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::copy_bundled_site(dir.path());
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    let yaml = yaml
        .replace("site_code: \"\"", "site_code: \"3204000001\"")
        .replace("icp: \"\"", "icp: 苏ICP备12345678号")
        .replace(
            "police_record: \"\"",
            "police_record: 苏公网安备 32041102000123号",
        )
        .replace("contact: \"\"", "contact: 0519-00000000");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let run = crate::harness::jieshui(&["check"])
        .current_dir(dir.path())
        .run();
    run.succeeds().says("has no `date:`");
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("has none"),
        "the default theme has every item: {}",
        run.stderr
    );
}

#[test]
fn an_external_script_or_frame_is_warned_unless_its_host_is_allowed() {
    let site = gov_site(GOV_ORG);
    site.write(
        "content/news/ad.md",
        "---\ntitle: 广告\ndate: 2021-05-10\n---\n正文\n\n<script src=\"https://ads.example.com/a.js\"></script>\n\n<iframe src=\"https://www.gov.cn/video/\"></iframe>\n",
    );
    site.run(&["check"])
        .succeeds()
        .warning_at("content/news/ad.md:7:1: <script> loads from another site, ads.example.com")
        .warning_at("content/news/ad.md:9:1: <iframe> loads from another site, www.gov.cn");
    site.write(
        "site.yaml",
        &format!("title: 节水\nbase_url: https://slj.example.gov.cn/\n{GOV_ORG}government:\n  allowed_hosts: [gov.cn]\n"),
    );
    let run = site.run(&["check"]);
    run.succeeds().says("ads.example.com");
    assert!(!run.stderr.contains("www.gov.cn"), "{}", run.stderr);
}

#[test]
fn wording_hits_in_a_page_and_a_data_name_and_an_accepted_quotation() {
    let site = Site::new();
    site.write(
        "data/wording.yaml",
        "- wrong: 常州市水利厅\n  right: 常州市水利局\n  note: 单位名称\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: 通知\n---\n本文由\n常州市水利厅发布。\n",
    );
    site.write(
        "content/quote.md",
        "---\ntitle: 原文\nextra:\n  wording_ok: [常州市水利厅]\n---\n原文照录：常州市水利厅\n",
    );
    site.write(
        "content/whole.md",
        "---\ntitle: 全文\nextra:\n  verbatim: true\n---\n常州市水利厅\n",
    );
    site.write("data/units.yaml", "- id: slj\n  name: 常州市水利厅\n");
    let run = site.run(&["check"]);
    run.warning_at("content/a.md:5:1: “常州市水利厅” should be “常州市水利局”")
        .warning_at("data/units.yaml:2:9: “常州市水利厅”");
    assert!(!run.stderr.contains("content/quote.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("content/whole.md"), "{}", run.stderr);
    // A malformed dictionary is an error at its line.
    site.write("data/wording.yaml", "- wrong: 甲\n  rihgt: 乙\n");
    site.run(&["check"]).fails().error_at("data/wording.yaml:2");
}
