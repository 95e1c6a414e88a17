//! Messages that name what people actually did (issue #18): a link to a draft, Chinese
//! punctuation where YAML or a shortcode needs ASCII, an empty file that is one error.

use crate::harness::Site;

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = Site::new();
    site.write(
        "content/plan.md",
        "---\ntitle: 计划\ndraft: true\n---\n草稿\n",
    );
    site.write("content/a.md", "---\ntitle: a\n---\n见[计划](@/plan.md)\n");
    site.build()
        .fails()
        .error_at("content/a.md:4:2")
        .says("is a draft")
        .says("serve --drafts");
    // Previewed with drafts, the link is fine.
    site.run(&["build", "--drafts"]).succeeds();
}

#[test]
fn an_empty_file_is_one_error_not_one_more_at_every_link() {
    let site = Site::new();
    site.write("content/empty.md", "");
    site.write("content/a.md", "---\ntitle: a\n---\n见[空](@/empty.md)\n");
    site.write("content/b.md", "---\ntitle: b\n---\n[又见](@/empty.md)\n");
    let run = site.build();
    run.fails()
        .error_at("content/empty.md")
        .says("the file is empty");
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

#[test]
fn chinese_brackets_and_commas_in_front_matter_are_named() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\ntaxonomies: [tags]\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: a\ntags: 【世界水日，节水】\n---\nx\n",
    );
    site.build()
        .fails()
        .error_at("content/a.md:3:7")
        .says("the Chinese (full-width) mark `【` is used here where an ASCII `[` is needed")
        .says("tags: [World Water Day, saving]");
}

#[test]
fn chinese_quotes_in_a_shortcode_are_named() {
    let site = Site::new();
    site.write(
        "themes/t/templates/shortcodes/note.html",
        "<aside>{{ text }}</aside>",
    );
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n{{ note(text=“节水”) }}\n\n{{ note(text=\"a\"，x=1) }}\n",
    );
    site.build()
        .fails()
        .error_at("content/a.md:4:1")
        .says("the Chinese mark `“` is used where an ASCII `\"` is needed")
        .error_at("content/a.md:6:1")
        .says("the Chinese mark `，` is used where an ASCII `,` is needed");
}

#[test]
fn ascii_punctuation_in_chinese_running_text_is_a_warning_at_the_mark() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n节水,护水。\n\n开展用水审计(复查)。\n\n> 原文：建设(复查)1-2个,照录。\n\n方案说“用水审计(复查)”。\n\n合同节水管理(PPP)模式。\n",
    );
    let run = site.run(&["check"]);
    run.succeeds()
        .warning_at("content/a.md:4:3")
        .says("ASCII `,` in Chinese text")
        .warning_at("content/a.md:6:7")
        .says("ASCII `(` in Chinese text");
    assert_eq!(
        run.stderr.matches("warning:").count(),
        2,
        "quotations and Latin are left alone:\n{}",
        run.stderr
    );
}

/// The bundled site and the guide keep their own rule: no ASCII punctuation in their Chinese.
#[test]
fn the_bundled_site_and_the_guide_have_no_ascii_punctuation_in_chinese() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for root in [repo.to_path_buf(), repo.join("docs")] {
        let run = crate::harness::jieshui(&["check", "--format", "json", "--root"])
            .arg(&root)
            .run();
        let hits: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| l.contains("\"ascii-punctuation\""))
            .collect();
        assert!(hits.is_empty(), "{}: {hits:#?}", root.display());
        assert!(
            run.stdout.contains("\"kind\"") || run.status == 0,
            "{}",
            run.stderr
        );
    }
}
