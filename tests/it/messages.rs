//! Messages in Chinese by default, in English when asked (flag, then `JIESHUI_LANG`, then the
//! site's `language`), always in the `error: PATH:LINE:COL: …` frame.

use crate::harness::Site;

fn typo_site() -> Site {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\ntitel: b\n---\nx\n");
    site
}

#[test]
fn a_front_matter_typo_is_explained_in_chinese_by_default() {
    let site = typo_site();
    let run = site.run_in(None, &["build"]);
    run.fails()
        .error_at("content/a.md:3:1: 未知字段 `titel`，是否要写 `title`？");
    run.says("生成失败：1 个错误，0 个警告");
    assert!(!run.stderr.contains("unknown field"), "{}", run.stderr);
}

#[test]
fn english_when_asked_by_environment_or_flag() {
    let site = typo_site();
    site.run_in(Some("en"), &["build"])
        .fails()
        .error_at("content/a.md:3:1: unknown field `titel`");
    let run = site.run_in(None, &["--lang", "en", "check"]);
    run.fails()
        .error_at("content/a.md:3:1: unknown field `titel`");
    run.says("= help: did you mean `title`?");
    // The flag beats the environment.
    site.run_in(Some("en"), &["check", "--lang", "zh"])
        .error_at("content/a.md:3:1: 未知字段 `titel`");
}

#[test]
fn the_sites_language_decides_unless_asked() {
    let site = typo_site();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nlanguage: en-US\n",
    );
    site.run_in(None, &["check"])
        .error_at("content/a.md:3:1: unknown field `titel`");
    site.run_in(Some("zh"), &["check"])
        .error_at("content/a.md:3:1: 未知字段 `titel`");
}

#[test]
fn a_broken_site_yaml_is_reported_in_the_asked_language_else_chinese() {
    let site = Site::new();
    site.write("site.yaml", "title: t\nbase_ulr: x\n");
    site.run_in(None, &["check"])
        .fails()
        .error_at("site.yaml:2:1: 未知字段 `base_ulr`，是否要写 `base_url`？");
    site.run_in(Some("en"), &["check"])
        .error_at("site.yaml:2:1: unknown field `base_ulr`");
}

#[test]
fn the_summary_says_what_was_built_in_chinese() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\n正文\n");
    let run = site.run_in(None, &["build"]);
    run.succeeds();
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("生成完成：1 篇文章、1 个栏目、0 条数据记录，写入 "),
        "{}",
        run.stderr
    );
    assert!(last.contains("0 个警告，用时 "), "{last}");
    // Not a terminal: no progress bar, nothing but the summary.
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn json_lines_carry_a_stable_kind_in_both_languages() {
    let site = typo_site();
    for (lang, message) in [
        ("zh", "未知字段 `titel`，是否要写 `title`？"),
        ("en", "unknown field `titel`"),
    ] {
        let run = site.run_in(Some(lang), &["check", "--format", "json"]);
        run.fails();
        let line: serde_json::Value =
            serde_json::from_str(run.stdout.lines().next().unwrap_or_default()).unwrap();
        assert_eq!(line["kind"], "unknown-field", "{line}");
        assert_eq!(line["severity"], "error");
        assert_eq!(line["path"], "content/a.md");
        assert_eq!(line["line"], 3);
        assert_eq!(line["column"], 1);
        assert_eq!(line["message"], message, "{line}");
    }
}

#[test]
fn a_template_function_failure_is_in_the_chosen_language() {
    let site = Site::new();
    site.write(
        "templates/page.html",
        "{% set p = get_page(path=\"nosuch.md\") %}{{ p.title }}",
    );
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    let zh = site.run_in(None, &["build"]);
    zh.fails();
    assert!(
        zh.stderr
            .contains("`get_page()`：没有 `nosuch.md` 这篇文章"),
        "{}",
        zh.stderr
    );
    let en = site.run_in(Some("en"), &["build"]);
    en.fails();
    en.says("get_page(): no page `nosuch.md`");
}
