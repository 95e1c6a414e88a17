//! Pages rendered with their Markdown ("streamed", when no template reads another page's HTML)
//! give the same site as pages rendered after all the Markdown, with every page held whole.

use std::path::Path;

use crate::harness::{Site, assert_same_tree, build_site, copy_bundled_site};

/// A template no page uses, whose only effect is to read a listed page's HTML: with it in
/// `templates/`, the build keeps every page whole until the end.
const HOLDS_PAGES: (&str, &str) = (
    "templates/zz-full-list.html",
    "{% for p in section.pages %}{{ p.content | safe }}{% endfor %}",
);

/// Builds `root` into `out` with stage timings on; returns whether pages streamed.
fn build(root: &Path, out: &Path) -> bool {
    build_site(root, out, &[("JIESHUI_TIMINGS", "1")], &[]).contains("(streamed)")
}

/// Builds `root` as it is (asserting pages stream), then with [`HOLDS_PAGES`] added (asserting
/// they do not), and compares the two outputs byte for byte.
fn assert_same_both_ways(root: &Path) {
    let out = tempfile::tempdir().expect("temp dir");
    let (streamed, held) = (out.path().join("streamed"), out.path().join("held"));
    assert!(build(root, &streamed), "{} should stream", root.display());
    let extra = root.join(HOLDS_PAGES.0);
    std::fs::create_dir_all(extra.parent().expect("parent")).expect("mkdir");
    std::fs::write(&extra, HOLDS_PAGES.1).expect("write");
    assert!(!build(root, &held), "{} should hold pages", root.display());
    let files = assert_same_tree(&streamed, &held, &root.display().to_string());
    assert!(files > 10, "{files} files");
}

#[test]
fn the_bundled_site_is_the_same_streamed_or_held() {
    let copy = tempfile::tempdir().expect("temp dir");
    copy_bundled_site(copy.path());
    assert_same_both_ways(copy.path());
}

#[test]
fn lookups_lists_and_shortcodes_are_the_same_streamed_or_held() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/sub/\ntheme: t\ntaxonomies: [tags]\nsearch: true\n",
    );
    // Page templates read sections (their HTML and subsections) but no other page; shortcodes
    // look pages and sections up.
    site.write(
        "themes/t/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% set root = get_section(path=\"_index.md\") %}\
         <nav>{% for s in root.subsections %}<a href=\"{{ s.permalink }}\">{{ s.title }}：{{ s.description }}</a>{% endfor %}</nav>\
         <h1>{{ page.title }}</h1><p>{{ page.summary | safe }}</p>{{ page.content | safe }}\
         <ol>{% for h in page.toc %}<li>{{ h.title }}</li>{% endfor %}</ol>{% endblock content %}",
    );
    site.write(
        "themes/t/templates/taxonomy_single.html",
        "{% for p in term.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{{ p.word_count }}{% endfor %}",
    );
    site.write(
        "themes/t/templates/shortcodes/see.html",
        "{% set p = get_page(path=path) %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>\
         {% set s = get_section(path=\"a/_index.md\") %}（{{ s.title }}，{{ s.page_count }} 篇：{{ s.description }}）",
    );
    site.write(
        "content/a/_index.md",
        "---\ntitle: 甲栏目\npaginate_by: 2\n---\n甲栏目的介绍。\n",
    );
    site.write(
        "content/b/_index.md",
        "---\ntitle: 乙栏目\n---\n乙栏目的介绍。\n",
    );
    for i in 0..5 {
        site.write(
            &format!("content/a/p{i}.md"),
            &format!(
                "---\ntitle: 甲{i}\ndate: 2021-03-0{}\ntags: [节水]\n---\n## 小标题{i}\n\n正文{i}。{{{{ see(path=\"b/q.md\") }}}}\n",
                i + 1
            ),
        );
    }
    site.write(
        "content/b/q.md",
        "---\ntitle: 乙页\ntags: [节水, 护水]\naliases: [/old/q/]\n---\n乙页正文。\n",
    );
    assert_same_both_ways(site.root());
    // A page's shortcode sees sections whole: a description made from the section's text.
    site.build().succeeds();
    let html = site.out("a/p0/index.html");
    assert!(html.contains("（甲栏目，5 篇：甲栏目的介绍。）"), "{html}");
}

#[test]
fn a_listed_pages_html_is_there_when_a_template_reads_it() {
    let site = Site::new();
    site.write(
        "themes/t/templates/section.html",
        "{% for p in section.pages %}<article>{{ p.content | safe }}</article><p>{{ p.toc | length }}</p>{% endfor %}",
    );
    site.write("content/a/_index.md", "---\ntitle: 甲栏目\n---\n");
    site.write(
        "content/a/x.md",
        "---\ntitle: 甲\n---\n## 一\n\n甲页的正文。\n\n## 二\n",
    );
    let run = site.run(&["build"]);
    run.succeeds();
    let html = site.out("a/index.html");
    assert!(html.contains("甲页的正文。"), "{html}");
    assert!(html.contains("<p>2</p>"), "{html}");
}

#[test]
fn a_page_template_can_look_another_page_up_whole() {
    let site = Site::new();
    site.write(
        "themes/t/templates/page.html",
        "{% set other = get_page(path=\"a/y.md\") %}<h1>{{ page.title }}</h1><aside>{{ other.title }}：{{ other.summary | safe }}（{{ other.word_count }} 字）</aside>",
    );
    site.write("content/a/_index.md", "---\ntitle: 甲栏目\n---\n");
    site.write("content/a/x.md", "---\ntitle: 甲\n---\n甲页。\n");
    site.write(
        "content/a/y.md",
        "---\ntitle: 乙\n---\n乙页的第一段。\n\n第二段。\n",
    );
    site.run(&["build"]).succeeds();
    let html = site.out("a/x/index.html");
    assert!(
        html.contains("乙：乙页的第一段。 第二段。（9 字）"),
        "{html}"
    );
}

#[test]
fn a_page_template_error_names_the_page_streamed_or_held() {
    let site = Site::new();
    site.write(
        "themes/t/templates/page.html",
        "<h1>{{ page.title }}</h1>\n{{ page.extra.missing.deeper }}\n",
    );
    site.write("content/a.md", "---\ntitle: 甲\n---\n正文。\n");
    site.write(
        "content/b.md",
        "---\ntitle: 乙\nextra: {missing: {deeper: 1}}\n---\n正文。\n",
    );
    for held in [false, true] {
        if held {
            site.write(HOLDS_PAGES.0, HOLDS_PAGES.1);
        }
        let run = crate::harness::assert_fails_at(&site, "error: themes/t/templates/page.html:2:");
        run.says("content/a.md");
        assert!(!run.stderr.contains("content/b.md"), "{}", run.stderr);
        assert_eq!(run.stderr.matches("error: ").count(), 1, "{}", run.stderr);
    }
}
