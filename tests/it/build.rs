//! What a good site builds into.

use crate::harness::Site;

#[test]
fn cjk_soft_breaks_join_and_latin_stays_spaced() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: 软换行\n---\n节约用水，\n人人有责。\n\nsave\nwater\n",
    );
    site.build().succeeds();
    let html = site.out("a/index.html");
    assert!(html.contains("节约用水，人人有责。"), "{html}");
    assert!(
        html.contains("save\nwater") || html.contains("save water"),
        "{html}"
    );
}

#[test]
fn soft_breaks_space_mode_is_commonmark() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nmarkdown:\n  cjk_soft_breaks: space\n",
    );
    site.write("content/a.md", "---\ntitle: a\n---\n节约用水\n人人有责\n");
    site.build().succeeds();
    assert!(site.out("a/index.html").contains("节约用水\n人人有责"));
}

#[test]
fn internal_links_resolve_with_anchors_under_a_subpath() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/jieshui/\ntheme: t\n",
    );
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write(
        "content/news/target.md",
        "---\ntitle: 目标\n---\n## 节水目标\n\ntext\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n见[目标](@/news/target.md#节水目标)。\n",
    );
    site.build().succeeds();
    let html = site.out("a/index.html");
    // The anchor may be percent-encoded in the href; browsers decode it to match the id.
    assert!(
        html.contains("href=\"https://example.org/jieshui/news/target/#节水目标\"")
            || html.contains("href=\"https://example.org/jieshui/news/target/#%E8%8A%82%E6%B0%B4%E7%9B%AE%E6%A0%87\""),
        "{html}"
    );
    assert!(
        site.out("news/target/index.html")
            .contains("id=\"节水目标\"")
    );
    // The theme's url() honours the subpath too.
    assert!(
        html.contains("href=\"https://example.org/jieshui/style.css\""),
        "{html}"
    );
}

#[test]
fn root_relative_markdown_links_go_under_the_subpath() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/jieshui/\ntheme: t\n",
    );
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write_bytes("static/logo.svg", b"<svg/>");
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n[新闻](/news/)、[已带子路径](/jieshui/news/)、[外站](//cdn.example.org/x)\n\n![标志](/logo.svg)\n",
    );
    let run = site.build();
    run.succeeds();
    // The image is found where the link now points: no missing-image warning.
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let html = site.out("a/index.html");
    for href in [
        "href=\"/jieshui/news/\">新闻",
        "href=\"/jieshui/news/\">已带子路径",
        "href=\"//cdn.example.org/x\"",
        "src=\"/jieshui/logo.svg\"",
    ] {
        assert!(html.contains(href), "{href} in {html}");
    }
}

#[test]
fn relative_mode_links_all_resolve_to_files() {
    let site = Site::new();
    site.write("site.yaml", "title: t\nbase_url: https://example.org/sub/\ntheme: t\nrelative_urls: true\ntaxonomies: [tags]\n");
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write(
        "content/news/a.md",
        "---\ntitle: a\ntags: [世界水日]\n---\n[b](@/news/b/index.md) and [home](@/_index.md) and [news](/news/) ![logo](/logo.png)\n",
    );
    site.write(
        "content/news/b/index.md",
        "---\ntitle: b\naliases: [/old/b/]\n---\n![p](photo.png)\n",
    );
    // Real pictures: their `<picture>` addresses (srcset too) must resolve as well.
    site.write_bytes("content/news/b/photo.png", &crate::images::png(64, 48));
    site.write_bytes("static/logo.png", &crate::images::png(32, 32));
    site.build().succeeds();
    let out = site.root().join("public");
    let checked = crate::harness::assert_relative_links_resolve(&out);
    assert!(checked >= 8, "only {checked} links checked");
}

#[test]
fn drafts_only_with_the_flag() {
    let site = Site::new();
    site.write("content/d.md", "---\ntitle: 草稿\ndraft: true\n---\nx\n");
    site.build().succeeds();
    assert!(!site.out_exists("d/index.html"));
    site.run(&["build", "--drafts"]).succeeds();
    assert!(site.out_exists("d/index.html"));
}

#[test]
fn chinese_file_names_get_pinyin_slugs_and_slug_wins() {
    let site = Site::new();
    site.write("content/世界水日.md", "---\ntitle: 世界水日\n---\nx\n");
    site.write(
        "content/中国水周.md",
        "---\ntitle: 水周\nslug: water-week\n---\nx\n",
    );
    site.build().succeeds();
    assert!(site.out_exists("shi-jie-shui-ri/index.html"));
    assert!(site.out_exists("water-week/index.html"));
}

#[test]
fn bundles_copy_their_files_beside_the_page() {
    let site = Site::new();
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write(
        "content/news/visit/index.md",
        "---\ntitle: 参观\n---\n![水厂](plant.png)\n",
    );
    site.write_bytes("content/news/visit/plan.pdf", b"%PDF-1.4 fake");
    site.write_bytes("content/news/visit/plant.png", &crate::images::png(64, 48));
    site.build().succeeds();
    assert_eq!(
        std::fs::read(site.root().join("public/news/visit/plan.pdf")).unwrap(),
        b"%PDF-1.4 fake"
    );
    // A photo is published as its variants, beside the page.
    assert!(site.out_exists("news/visit/plant-64w.png"));
    assert!(
        site.out("news/visit/index.html")
            .contains("src=\"plant-64w.png\"")
    );
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = Site::new();
    site.write("templates/page.html", "OVERRIDE {{ page.title }}");
    site.write("content/a.md", "---\ntitle: 页\n---\nx\n");
    site.build().succeeds();
    assert_eq!(site.out("a/index.html"), "OVERRIDE 页");
    // The section still comes from the theme.
    assert!(site.out("index.html").contains("<nav>"));
    // Static: the site's file wins over the theme's.
    site.write("static/style.css", "/* site */");
    site.build().succeeds();
    assert_eq!(site.out("style.css"), "/* site */");
}

#[test]
fn taxonomies_get_index_and_term_pages() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\ntaxonomies: [tags]\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: 甲\ntags: [世界水日, 节水]\n---\nx\n",
    );
    site.write("content/b.md", "---\ntitle: 乙\ntags: [世界水日]\n---\nx\n");
    site.build().succeeds();
    let list = site.out("tags/index.html");
    assert!(list.contains("世界水日") && list.contains("(2)"), "{list}");
    let term = site.out("tags/shi-jie-shui-ri/index.html");
    assert!(term.contains("甲") && term.contains("乙"), "{term}");
    assert!(site.out_exists("tags/jie-shui/index.html"));
}

#[test]
fn sections_sort_paginate_and_alias() {
    let site = Site::new();
    site.write(
        "content/news/_index.md",
        "---\ntitle: 新闻\nsort_by: weight\npaginate_by: 2\n---\n",
    );
    for (i, w) in [(1, 3), (2, 1), (3, 2)] {
        site.write(
            &format!("content/news/p{i}.md"),
            &format!("---\ntitle: P{i}\nweight: {w}\naliases: [/old/p{i}/]\n---\nx\n"),
        );
    }
    site.build().succeeds();
    let first = site.out("news/index.html");
    let (p2, p3) = (first.find("P2").unwrap(), first.find("P3").unwrap());
    assert!(p2 < p3 && !first.contains("P1"), "{first}");
    assert!(site.out("news/page/2/index.html").contains("P1"));
    let alias = site.out("old/p1/index.html");
    assert!(alias.contains("https://example.org/news/p1/"), "{alias}");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\ntaxonomies: [tags]\n",
    );
    for i in 0..30 {
        site.write(
            &format!("content/s{}/p{i}.md", i % 3),
            &format!(
                "---\ntitle: 第{i}篇\ndate: 2021-03-{:02}\ntags: [t{}]\n---\n节水{i}\n",
                i % 28 + 1,
                i % 4
            ),
        );
    }
    site.build().succeeds();
    let first = site.output_tree();
    site.build().succeeds();
    assert_eq!(first, site.output_tree());
    assert!(first.len() > 35);
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site.run(&["check"]).succeeds();
    assert!(!site.root().join("public").exists());
}

#[test]
fn init_makes_a_site_that_builds_and_checks() {
    let site = Site::empty();
    site.run(&["init", "mysite"]).succeeds();
    let root = site.root().join("mysite");
    let root_s = root.to_str().unwrap();
    site.run(&["check", "--root", root_s]).succeeds();
    site.run(&["build", "--root", root_s]).succeeds();
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/news/first-post/index.html").is_file());
    // One spreadsheet template per record kind, its 示例 row shown as such.
    for kind in ["districts", "units", "carriers", "leaders"] {
        let files: Vec<_> = std::fs::read_dir(root.join("data"))
            .unwrap()
            .flatten()
            .filter(|e| e.path().file_stem().and_then(|s| s.to_str()) == Some(kind))
            .collect();
        assert_eq!(files.len(), 1, "{kind}: one data file");
        assert!(root.join(format!("public/{kind}/{kind}.xlsx")).is_file());
    }
    let sample =
        std::fs::read_to_string(root.join("public/carriers/sample-carrier/index.html")).unwrap();
    assert!(
        sample.contains("示例区") && sample.contains("示例"),
        "{sample}"
    );
    // What the build writes is kept out of git.
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");
    for kept in [
        "/.jieshui-previous-*",
        "/.jieshui-lock-*",
        "/.jieshui-cache/",
    ] {
        assert!(ignore.lines().any(|l| l == kept), "{ignore}");
    }
    // A rebuild keeps the replaced site beside the output, which the ignore file covers.
    site.run(&["build", "--root", root_s]).succeeds();
    assert!(root.join(".jieshui-previous-public").is_dir());
    // init refuses a folder that is not empty.
    site.run(&["init", "mysite"]).fails();
}

/// Issue #18: a new site announced the 2021 宣传周 unless the user found `campaign_year`.
#[test]
fn init_writes_the_campaign_year_into_the_new_site() {
    let site = Site::empty();
    site.run(&["init", "a", "--year", "2027"]).succeeds();
    let yaml = std::fs::read_to_string(site.root().join("a/site.yaml")).unwrap();
    assert!(yaml.contains("campaign_year: 2027"), "{yaml}");
    let post = std::fs::read_to_string(site.root().join("a/content/news/first-post.md")).unwrap();
    assert!(post.contains("date: 2027-"), "{post}");
    let root = site.root().join("a");
    site.run(&["build", "--root", root.to_str().unwrap()])
        .succeeds();
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        home.contains("2027年节水宣传") && !home.contains("2021"),
        "the home page shows 2027"
    );
    // Without --year: this year, by the clock at init, written down (builds stay reproducible).
    site.run(&["init", "b"]).succeeds();
    let yaml = std::fs::read_to_string(site.root().join("b/site.yaml")).unwrap();
    let year: i32 = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("campaign_year: "))
        .expect("campaign_year written")
        .parse()
        .unwrap();
    assert!(year >= 2026, "{year}");
    assert!(
        !yaml.contains("@@")
            && !std::fs::read_to_string(site.root().join("b/content/_index.md"))
                .unwrap()
                .contains("@@")
    );
    site.run(&["init", "c", "--year", "1900"]).exits(2);
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::new();
    site.run(&["build", "--no-such-flag"]).exits(2);
    site.run(&["frobnicate"]).exits(2);
}

#[test]
fn the_command_line_speaks_chinese_by_default_and_english_when_asked() {
    let site = Site::new();
    let zh = site.run_in(None, &["biuld"]);
    zh.exits(2)
        .error_at("没有 `biuld` 这个命令，是否要写 `build`？");
    let en = site.run_in(Some("en"), &["biuld"]);
    en.exits(2).error_at("there is no command `biuld`");
    en.says("did you mean `build`?");
    // The flag beats the environment, wherever it stands.
    site.run_in(None, &["check", "--format", "xml", "--lang", "en"])
        .exits(2)
        .error_at("`xml` is not a valid value for `--format` (one of: text, json)");
    site.run_in(None, &["build", "--strict"])
        .exits(2)
        .error_at("`jieshui build` 没有 `--strict` 这个参数");
    site.run_in(None, &["init"])
        .exits(2)
        .error_at("`jieshui init` 还缺少 `<DIR>`");
    // Help, in Chinese, as a flag or as `help COMMAND`; the version.
    for args in [&["--help"][..], &["help"], &["-h"]] {
        let help = site.run_in(None, args);
        help.succeeds();
        assert!(
            help.stdout.contains("用法：jieshui [选项] <命令>"),
            "{}",
            help.stdout
        );
        assert!(
            help.stdout.contains("生成网站，写到输出文件夹"),
            "{}",
            help.stdout
        );
    }
    let help = site.run_in(None, &["help", "check"]);
    help.succeeds();
    assert!(help.stdout.contains("有警告也算失败"), "{}", help.stdout);
    let help = site.run_in(Some("en"), &["check", "--help"]);
    assert!(
        help.stdout
            .contains("Exit with status 1 when there is any warning"),
        "{}",
        help.stdout
    );
    let version = site.run_in(None, &["--version"]);
    version.succeeds();
    assert!(version.stdout.starts_with("jieshui "), "{}", version.stdout);
    // A good command line still runs.
    site.run_in(None, &["check", "--strict"]).succeeds();
}

#[test]
fn elder_mode_copies_pages_and_keeps_links_inside() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nelder_mode: true\n",
    );
    site.write("content/a.md", "---\ntitle: a\n---\n[b](@/b.md)\n");
    site.write("content/b.md", "---\ntitle: b\n---\nx\n");
    site.build().succeeds();
    let normal = site.out("a/index.html");
    let elder = site.out("elder/a/index.html");
    assert!(!normal.contains("class=\"elder\""));
    assert!(elder.contains("<html class=\"elder\""), "{elder}");
    assert!(
        elder.contains("href=\"https://example.org/elder/b/\""),
        "{elder}"
    );
    assert!(
        elder.contains("href=\"https://example.org/style.css\""),
        "{elder}"
    );
    assert!(site.out_exists("elder/index.html"));
    assert!(!site.out_exists("elder/404.html"));
}

#[test]
fn elder_pages_of_bundles_still_show_their_images() {
    let site = Site::new();
    site.write("site.yaml", "title: t\nbase_url: https://example.org/\ntheme: t\nelder_mode: true\nrelative_urls: true\n");
    site.write(
        "content/visit/index.md",
        "---\ntitle: 参观\n---\n![水厂](plant.png)\n",
    );
    site.write_bytes("content/visit/plant.png", &crate::images::png(64, 48));
    site.build().succeeds();
    let checked = crate::harness::assert_relative_links_resolve(&site.root().join("public"));
    assert!(checked >= 6, "{checked}");
    let elder = site.out("elder/visit/index.html");
    assert!(
        elder.contains("src=\"../../visit/plant-64w.png\""),
        "{elder}"
    );
    assert!(
        elder.contains("srcset=\"../../visit/plant-64w.webp 64w\""),
        "{elder}"
    );
}

#[test]
fn templates_see_the_table_of_contents_nested_by_level() {
    let site = Site::new();
    site.write(
        "templates/page.html",
        "{% for h in page.toc %}[{{ h.level }} {{ h.id }} {{ h.title }}{% for c in h.children %} ({{ c.level }} {{ c.id }} {{ c.title }}){% endfor %}]{% endfor %}",
    );
    site.write(
        "content/a.md",
        "---\ntitle: 甲\n---\n## 节水目标\n\n### 工业\n\n### 农业 {#nongye}\n\n## 保障措施\n",
    );
    site.build().succeeds();
    assert_eq!(
        site.out("a/index.html"),
        "[2 节水目标 节水目标 (3 工业 工业) (3 nongye 农业)][2 保障措施 保障措施]"
    );
}

/// Builds `root` into `out` on `threads` threads.
#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    // The bundled site (records, targets, feeds, calendar, search, elder pages) and a site of
    // many small pages, so that the order work finishes in differs between runs.
    let many = Site::new();
    many.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\nsearch: true\ntaxonomies: [tags]\n",
    );
    for s in 0..6 {
        many.write(
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: 栏目{s}\npaginate_by: 7\n---\n"),
        );
        for p in 0..60 {
            many.write(
                &format!("content/s{s}/p{p}.md"),
                &format!(
                    "---\ntitle: 第{p}篇\ndate: 2021-03-{:02}\ntags: [节水, 标签{}]\n---\n## 节水{p}\n\n节约用水，人人有责。[回到栏目](@/s{s}/_index.md)\n",
                    p % 28 + 1,
                    p % 5
                ),
            );
        }
    }
    let bundled = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for root in [bundled.as_path(), many.root()] {
        let dir = tempfile::tempdir().unwrap();
        let (one, eight) = (dir.path().join("one"), dir.path().join("eight"));
        crate::harness::build_site(root, &one, &[("RAYON_NUM_THREADS", "1")], &[]);
        crate::harness::build_site(root, &eight, &[("RAYON_NUM_THREADS", "8")], &[]);
        let files = crate::harness::assert_same_tree(&one, &eight, &root.display().to_string());
        assert!(files > 20, "{files} files");
    }
}

#[test]
fn elder_mode_has_two_larger_sizes_and_the_default_theme_switches_between_them() {
    let site = Site::empty();
    site.write(
        "site.yaml",
        "title: 节水\nbase_url: https://example.org/s/\nelder_mode: true\n",
    );
    site.write(
        "content/_index.md",
        "---\ntitle: 首页\n---\n见[乙](@/b.md)\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: 乙\n---\n回[首页](@/_index.md)\n",
    );
    site.build().succeeds();
    let switch = |html: &str| -> Vec<String> {
        html.lines()
            .filter(|l| l.contains(" data-mode=\""))
            .map(str::to_string)
            .collect()
    };
    for (prefix, current, class) in [
        ("", "standard", None),
        ("elder/", "elder", Some("elder")),
        ("elder-xl/", "elder-xl", Some("elder elder-xl")),
    ] {
        let html = site.out(&format!("{prefix}b/index.html"));
        match class {
            Some(c) => assert!(html.contains(&format!("<html class=\"{c}\"")), "{html}"),
            None => assert!(!html.contains("<html class="), "{html}"),
        }
        // The same three links on every level, to the same page; only the current is marked.
        let links = switch(&html);
        assert_eq!(links.len(), 3, "{html}");
        for (mode, target) in [
            ("standard", "https://example.org/s/b/"),
            ("elder", "https://example.org/s/elder/b/"),
            ("elder-xl", "https://example.org/s/elder-xl/b/"),
        ] {
            let link = links
                .iter()
                .find(|l| l.contains(&format!("data-mode=\"{mode}\"")))
                .unwrap();
            assert!(link.contains(&format!("href=\"{target}\"")), "{link}");
            assert_eq!(
                link.contains("aria-current=\"page\""),
                mode == current,
                "{prefix}: {link}"
            );
        }
        // Links in the text stay in their level.
        assert!(
            html.contains(&format!("href=\"https://example.org/s/{prefix}\">首页")),
            "{html}"
        );
        assert!(html.contains("长者模式"));
    }
    assert!(!site.out_exists("elder-xl/404.html"));
}
