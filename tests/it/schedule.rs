//! Scheduled pages (`publish_date`, `expiry_date`, like Hugo's): a page not yet due or past its
//! expiry is left out of the site (pages, lists, sitemap), `--future` / `--expired` preview it, a
//! link to it is an error at the link, and the run says when the next page is due.

use crate::harness::Site;

/// Today in Asia/Shanghai (the fixture sites' timezone), as front matter writes it.
fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap())
        .date()
}

fn site_with(pages: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    for (name, front) in pages {
        site.write(
            &format!("content/news/{name}.md"),
            &format!("---\ntitle: {name}\n{front}---\n正文\n"),
        );
    }
    site
}

#[test]
fn a_page_not_yet_due_is_left_out_everywhere_until_previewed_with_future() {
    let site = site_with(&[
        ("now", "date: 2021-03-22\n"),
        ("later", "date: 2021-03-22\npublish_date: 2999-01-01\n"),
    ]);
    site.build()
        .succeeds()
        .says("1 page(s) not yet due were left out; the first, content/news/later.md, is due on 2999-01-01");
    assert!(site.out_exists("news/now/index.html"));
    assert!(!site.out_exists("news/later/index.html"));
    assert!(!site.out("news/index.html").contains("/news/later/"));
    assert!(!site.out("sitemap.xml").contains("/news/later/"));

    site.run(&["build", "--future"]).succeeds();
    assert!(site.out_exists("news/later/index.html"));
    assert!(site.out("news/index.html").contains("/news/later/"));
    assert!(site.out("sitemap.xml").contains("/news/later/"));
}

#[test]
fn a_date_still_to_come_holds_a_page_back_unless_publish_date_says_otherwise() {
    let site = site_with(&[
        ("future-date", "date: 2999-01-01\n"),
        ("announced", "date: 2999-01-01\npublish_date: 2021-01-01\n"),
        ("timed", "publish_date: 2021-01-01T09:00:00+08:00\n"),
    ]);
    site.build().succeeds().says("content/news/future-date.md");
    assert!(!site.out_exists("news/future-date/index.html"));
    assert!(site.out_exists("news/announced/index.html"));
    assert!(site.out_exists("news/timed/index.html"));
}

#[test]
fn an_expired_page_is_withdrawn_but_not_on_its_last_day() {
    let site = site_with(&[
        ("old", "date: 2021-03-01\nexpiry_date: 2021-12-31\n"),
        (
            "last-day",
            &format!("date: 2021-03-01\nexpiry_date: {}\n", today()),
        ),
    ]);
    let run = site.build();
    run.succeeds();
    // A withdrawn page is not scheduled: nothing is said of it.
    assert!(!run.stderr.contains("not yet due"), "{}", run.stderr);
    assert!(!site.out_exists("news/old/index.html"));
    assert!(!site.out("news/index.html").contains("/news/old/"));
    assert!(site.out_exists("news/last-day/index.html"));
    site.run(&["build", "--expired"]).succeeds();
    assert!(site.out_exists("news/old/index.html"));
}

#[test]
fn a_link_to_a_page_not_yet_due_or_withdrawn_is_an_error_at_the_link() {
    let site = site_with(&[
        ("later", "publish_date: 2999-01-01\n"),
        ("old", "date: 2021-03-01\nexpiry_date: 2021-12-31\n"),
    ]);
    site.write(
        "content/news/index-page.md",
        "---\ntitle: 汇总\n---\n见[预告](@/news/later.md)。\n\n见[旧闻](@/news/old.md)。\n",
    );
    site.run(&["check"])
        .fails()
        .error_at("content/news/index-page.md:4:2: internal link to `@/news/later.md`: that page is not published until 2999-01-01")
        .error_at("content/news/index-page.md:6:2: internal link to `@/news/old.md`: that page expired (`expiry_date: 2021-12-31`)");
    // Previewed with both, the links are fine.
    site.run(&["check", "--future", "--expired"]).succeeds();
}

#[test]
fn a_wrong_publish_date_is_an_error_at_its_value() {
    let site = site_with(&[("a", "publish_date: 2021-13-01\n")]);
    site.run(&["check"])
        .fails()
        .error_at("content/news/a.md:3:15: `2021-13-01` is not a valid date");
}

#[test]
fn an_expiry_not_after_the_publish_date_is_an_error() {
    let site = site_with(&[("a", "date: 2021-03-22\nexpiry_date: 2021-03-01\n")]);
    site.run(&["check"])
        .fails()
        .error_at("content/news/a.md:4:14: the page expires (2021-03-01) no later than it is published (2021-03-22)");
    // The same day is fine: a bare expiry date is published through its last second.
    let same_day = site_with(&[("a", "date: 2021-03-22\nexpiry_date: 2021-03-22\n")]);
    same_day.run(&["check", "--expired"]).succeeds();
}

#[test]
fn a_section_cannot_be_scheduled() {
    let site = Site::new();
    site.write(
        "content/news/_index.md",
        "---\ntitle: 新闻\npublish_date: 2999-01-01\n---\n",
    );
    site.run(&["check"])
        .fails()
        .error_at("content/news/_index.md:3:1: `publish_date` only applies to a page");
}

#[test]
fn check_says_when_the_next_page_is_due() {
    let site = site_with(&[
        ("b", "publish_date: 2999-06-01\n"),
        ("a", "publish_date: 2999-01-01\n"),
    ]);
    site.run(&["check"]).succeeds().says(
        "2 page(s) not yet due were left out; the first, content/news/a.md, is due on 2999-01-01",
    );
    let run = site.run(&["check", "--future"]);
    run.succeeds();
    assert!(!run.stderr.contains("not yet due"), "{}", run.stderr);
}

#[test]
fn templates_see_the_dates_as_written() {
    let site = site_with(&[(
        "a",
        "date: 2021-03-01\npublish_date: 2021-03-02\nexpiry_date: 2999-12-31\n",
    )]);
    site.write(
        "themes/t/templates/page.html",
        "{{ page.publish_date }}|{{ page.expiry_date }}",
    );
    site.build().succeeds();
    assert_eq!(site.out("news/a/index.html"), "2021-03-02|2999-12-31");
}

#[test]
fn a_page_not_yet_due_does_not_count_as_an_update_of_a_government_site() {
    let site = site_with(&[
        (
            "old",
            &format!("date: {}\n", today() - jiff::Span::new().days(20)),
        ),
        (
            "soon",
            &format!("date: {}\n", today() + jiff::Span::new().days(2)),
        ),
    ]);
    site.write(
        "site.yaml",
        "title: 节水\nbase_url: https://slj.example.gov.cn/\ntheme: t\ngovernment:\n  enabled: true\n",
    );
    site.run(&["check"])
        .succeeds()
        .warning_at("content/news/old.md:1: the newest page is dated");
    let run = site.run(&["check", "--future"]);
    assert!(!run.stderr.contains("without an update"), "{}", run.stderr);
}
