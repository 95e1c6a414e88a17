//! One test per mistake an author can make: exit status 1, the file and line named, no panic,
//! nothing written.

use crate::harness::{Site, assert_fails_at};

#[test]
fn typo_in_front_matter_key() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\ntitel: b\n---\nx\n");
    let run = assert_fails_at(&site, "error: content/a.md:3:1: unknown field `titel`");
    run.says("did you mean `title`");
}

#[test]
fn unclosed_front_matter() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n\nbody\n");
    assert_fails_at(
        &site,
        "error: content/a.md:1:1: the front matter is not closed",
    );
}

#[test]
fn unknown_site_yaml_key() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nbase_ulr: x\n",
    );
    let run = assert_fails_at(&site, "error: site.yaml:4:1: unknown field `base_ulr`");
    run.says("did you mean `base_url`");
}

#[test]
fn invalid_yaml_in_front_matter() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\ntags: [x, y\n---\nx\n");
    assert_fails_at(
        &site,
        "error: content/a.md:3:7: the `[` that starts here has no matching `]`",
    );
}

#[test]
fn unclosed_quote_in_front_matter() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: \"世界水日\ndate: 2021-03-22\n---\nx\n",
    );
    let run = assert_fails_at(
        &site,
        "error: content/a.md:2:8: the quote `\"` that starts here is never closed",
    );
    run.says("title: \"World Water Day\"");
}

#[test]
fn text_after_a_closing_quote_in_front_matter() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: \"节水\"宣传周\n---\nx\n");
    assert_fails_at(
        &site,
        "error: content/a.md:2:12: text after the closing quote",
    );
}

#[test]
fn bad_date() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\ndate: 2021-13-40\n---\nx\n");
    assert_fails_at(&site, "error: content/a.md:3:7:");
}

#[test]
fn invalid_utf8() {
    let site = Site::new();
    // "节水" in GBK.
    site.write_bytes("content/a.md", b"---\ntitle: a\n---\n\xbd\xda\xcb\xae\n");
    let run = assert_fails_at(&site, "error: content/a.md:4:1:");
    run.says("UTF-8");
}

#[test]
fn empty_file() {
    let site = Site::new();
    site.write("content/a.md", "");
    assert_fails_at(&site, "error: content/a.md: the file is empty");
}

#[test]
fn unknown_shortcode() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n\n正文\n{{ nosuch(x=1) }}\n",
    );
    assert_fails_at(&site, "error: content/a.md:6:");
}

#[test]
fn broken_internal_link_and_anchor() {
    let site = Site::new();
    site.write("content/b.md", "---\ntitle: b\n---\n## 有\n");
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n[x](@/missing.md)\n\n[y](@/b.md#没有)\n",
    );
    let run = assert_fails_at(&site, "error: content/a.md:4:");
    run.error_at("content/a.md:6:");
}

#[test]
fn template_syntax_error() {
    let site = Site::new();
    site.write(
        "themes/t/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}",
    );
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    assert_fails_at(&site, "error: themes/t/templates/page.html:");
}

#[test]
fn template_render_error_names_template_and_page() {
    let site = Site::new();
    site.write(
        "templates/page.html",
        "line1\n{{ page.title | nosuchfilter }}\n",
    );
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    let run = assert_fails_at(&site, "error: templates/page.html:");
    assert!(
        run.stderr.contains("content/a.md") || run.stderr.contains("nosuchfilter"),
        "{}",
        run.stderr
    );
}

#[test]
fn slug_that_climbs() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\nslug: ../../etc\n---\nx\n");
    assert_fails_at(&site, "error: content/a.md:3:7: slug");
}

#[test]
fn output_dir_is_the_root() {
    let site = Site::new();
    let before = site.inputs();
    let run = site.run(&["build", "--output-dir", "."]);
    run.fails();
    run.says("cannot build into");
    assert_eq!(before, site.inputs());
    let parent = site.run(&["build", "--output-dir", ".."]);
    parent.fails();
}

#[test]
fn symlink_loop() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("content/loop")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/loop/back"),
    )
    .unwrap();
    let run = assert_fails_at(&site, "error: content/loop/back");
    run.says("loop");
}

#[test]
fn link_out_of_the_site() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: secret\n---\nx\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.root().join("content/s.md"),
    )
    .unwrap();
    assert_fails_at(&site, "error: content/s.md: this link points outside");
}

#[test]
fn two_pages_one_url() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site.write("content/b.md", "---\ntitle: b\nslug: a\n---\nx\n");
    let run = assert_fails_at(&site, "error: content/b.md: two files claim the URL /a/");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn missing_title_and_wrong_type() {
    let site = Site::new();
    site.write("content/a.md", "---\ndate: 2021-03-22\n---\nx\n");
    site.write("content/b.md", "---\ntitle: b\nweight: heavy\n---\nx\n");
    let run = assert_fails_at(&site, "error: content/a.md:");
    run.says("title");
    run.error_at("content/b.md:3:9:");
}

#[test]
fn all_errors_are_reported_not_only_the_first() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitel: a\n---\n");
    site.write("content/b.md", "");
    site.write("content/c.md", "---\ntitle: c\n---\n[x](@/nope.md)\n");
    let run = assert_fails_at(&site, "error: content/a.md:2:1:");
    run.error_at("content/b.md:").error_at("content/c.md:4:");
}

#[test]
fn section_keys_on_a_page() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\nsort_by: weight\n---\nx\n");
    assert_fails_at(&site, "error: content/a.md:3:1: `sort_by` only applies");
}

#[test]
fn not_a_site() {
    let site = Site::empty();
    site.build().fails();
}

#[test]
fn check_json_prints_one_object_per_diagnostic() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\ntitel: b\n---\nx\n");
    site.write("content/b.md", "");
    let run = site.run(&["check", "--format", "json"]);
    run.fails();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["path"], "content/a.md");
    assert_eq!(first["line"], 3);
    assert_eq!(first["severity"], "error");
}

#[test]
fn event_ending_before_it_starts() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: a\nevent: { start: 2021-03-28, end: 2021-03-22 }\n---\nx\n",
    );
    assert_fails_at(&site, "error: content/a.md:3:34: the event ends");
}

#[test]
fn a_broken_template_is_one_error_not_one_per_use() {
    let site = Site::new();
    site.write(
        "themes/t/templates/section.html",
        "{% for p in section.pages %}[{{ p.title }]{% endfor %}",
    );
    site.write(
        "themes/t/templates/shortcodes/note.html",
        "<b>{{ text }</b>",
    );
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write(
        "content/news/a.md",
        "---\ntitle: a\n---\n{{ note(text=\"一\") }}\n\n{{ note(text=\"二\") }}\n",
    );
    site.write(
        "content/news/b.md",
        "---\ntitle: b\n---\n{{ note(text=\"三\") }}\n",
    );
    let run = assert_fails_at(&site, "error: themes/t/templates/section.html:1:");
    run.error_at("themes/t/templates/shortcodes/note.html:1:");
    assert_eq!(run.stderr.matches("error: ").count(), 2, "{}", run.stderr);
}
