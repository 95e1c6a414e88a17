//! The built-in default theme: `theme: default` (or no `theme:`) with no `themes/default/`
//! folder uses the theme inside the binary; the site's own folder, `templates/` and `static/`
//! still win.

use crate::harness::{MINIMAL_THEME, Site};

const DEFAULT_CSS: &str = include_str!("../../themes/default/static/style.css");
const DEFAULT_PRINT_CSS: &str = include_str!("../../themes/default/static/print.css");

/// A site with a page and no `themes/` folder; `theme` is the site.yaml line, if any.
fn site_without_themes(theme: &str) -> Site {
    let site = Site::empty();
    site.write(
        "site.yaml",
        &format!("title: 测试站\nbase_url: https://example.org/\n{theme}"),
    );
    site.write("content/_index.md", "---\ntitle: 首页\n---\n欢迎\n");
    site.write("content/a.md", "---\ntitle: 一篇文章\n---\n正文\n");
    site
}

/// What only the default theme's `base.html` writes.
fn has_default_theme_frame(html: &str) -> bool {
    html.contains("class=\"skip-link\"") && html.contains("class=\"site-header\"")
}

#[test]
fn no_theme_folder_means_the_built_in_default_theme() {
    for theme in ["theme: default\n", ""] {
        let site = site_without_themes(theme);
        site.run(&["check", "--strict"]).succeeds();
        site.build().succeeds();
        for page in ["index.html", "a/index.html"] {
            let html = site.out(page);
            assert!(
                has_default_theme_frame(&html),
                "{theme:?}: {page} is not in the default theme:\n{html}"
            );
        }
        assert!(site.out("a/index.html").contains("一篇文章"));
        assert!(
            site.out("index.html")
                .contains("href=\"https://example.org/style.css\"")
        );
        assert_eq!(site.out("style.css"), DEFAULT_CSS, "{theme:?}");
        assert_eq!(site.out("print.css"), DEFAULT_PRINT_CSS, "{theme:?}");
        assert!(
            !site.root().join("themes").exists(),
            "the build must not write the theme into the site"
        );
    }
}

#[test]
fn site_templates_and_static_override_the_built_in_theme() {
    let site = site_without_themes("theme: default\n");
    site.write("templates/page.html", "OVERRIDE {{ page.title }}");
    site.write("static/style.css", "/* site */");
    site.build().succeeds();
    assert_eq!(site.out("a/index.html"), "OVERRIDE 一篇文章");
    assert!(has_default_theme_frame(&site.out("index.html")));
    assert_eq!(site.out("style.css"), "/* site */");
    assert_eq!(site.out("print.css"), DEFAULT_PRINT_CSS);
}

#[test]
fn a_local_default_theme_wins_over_the_built_in_one() {
    let site = site_without_themes("theme: default\n");
    for (path, text) in MINIMAL_THEME {
        site.write(&path.replace("themes/t/", "themes/default/"), text);
    }
    site.build().succeeds();
    let home = site.out("index.html");
    assert!(home.contains("<nav>"), "not the local theme:\n{home}");
    assert!(!has_default_theme_frame(&home));
    assert!(!has_default_theme_frame(&site.out("a/index.html")));
    assert_eq!(site.out("style.css"), "body { line-height: 1.8; }\n");
    // The local theme is the whole theme: nothing of the built-in one is mixed in.
    assert!(!site.out_exists("print.css"));
}

#[test]
fn another_missing_theme_is_still_an_error() {
    let site = site_without_themes("theme: blue\n");
    site.build()
        .fails()
        .error_at("site.yaml: theme `blue` not found");
}

/// Issue #14 item 16: a circle of includes made every template "not found" and a shortcode
/// that exists "unknown", before the real error, which had no file or line.
#[test]
fn a_circle_of_includes_is_one_error_at_its_place() {
    let site = Site::new();
    site.write(
        "themes/t/templates/shortcodes/note.html",
        "<aside>\n  {% include \"partials/box.html\" %}\n</aside>\n",
    );
    site.write(
        "themes/t/templates/partials/box.html",
        "<div>{% include \"shortcodes/note.html\" %}</div>\n",
    );
    site.write("content/a.md", "---\ntitle: a\n---\n{{ note() }}\n");
    let run = site.build();
    run.fails()
        .error_at("themes/t/templates/partials/box.html:1:17")
        .says("partials/box.html → shortcodes/note.html → partials/box.html");
    assert_eq!(
        run.stderr.matches("error:").count(),
        1,
        "one error, nothing about the page or other templates:\n{}",
        run.stderr
    );
}

#[test]
fn a_circle_of_extends_is_one_error_and_the_rest_still_builds() {
    let site = Site::new();
    site.write("themes/t/templates/a.html", "{% extends \"b.html\" %}\n");
    site.write("themes/t/templates/b.html", "{% extends \"a.html\" %}\n");
    let run = site.build();
    run.fails().says("extend each other in a circle");
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

/// A site whose page template is `body`, with `limits` in site.yaml.
fn runaway_site(limits: &str, body: &str) -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: 测试站\nbase_url: https://example.org/\ntheme: t\nlimits: {limits}\n"),
    );
    site.write("themes/t/templates/page.html", body);
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site
}

/// Issue #14 item 9: two nested `range(end=100000)` loops ran without end.
#[test]
fn nested_ranges_are_stopped_at_the_call() {
    let site = runaway_site(
        "{}",
        "<p>\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n</p>\n",
    );
    site.build()
        .fails()
        .error_at("themes/t/templates/page.html:2:")
        .says("limits.range_items");
}

#[test]
fn a_page_past_its_size_is_stopped() {
    let site = runaway_site(
        "{ page_mb: 1 }",
        "{% for i in range(end=1000000) %}0123456789{% endfor %}",
    );
    site.build()
        .fails()
        .error_at("themes/t/templates/page.html")
        .says("more than 1 MB for content/a.md");
}

#[test]
fn a_render_past_its_time_is_stopped_naming_template_and_page() {
    // Ten billion silent iterations: no output, within a raised range budget.
    let site = runaway_site(
        "{ render_seconds: 1, range_items: 100000000000 }",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    site.build()
        .fails()
        .error_at("themes/t/templates/page.html")
        .says("ran for more than 1 s on content/a.md");
    assert!(!site.out_exists("a/index.html"));
}

#[test]
fn a_string_doubled_with_set_is_stopped_at_the_memory_limit() {
    // Reached 23 GB before the kernel killed it.
    let site = runaway_site(
        "{ memory_mb: 300 }",
        "{% set s = \"节水\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
    site.build()
        .fails()
        .says("more than 300 MB of memory while rendering content/a.md");
}
