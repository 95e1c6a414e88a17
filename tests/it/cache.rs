//! The serve cache: after every kind of edit, a build that reuses the previous build's per-file
//! results produces exactly what a fresh build produces.

use std::sync::Arc;

use jieshui::build::BuildCache;
use jieshui::build::{BuildOptions, build_to_memory};

use crate::harness::Site;

/// Every rendered file (path → bytes) of a build, or the error headlines when it failed.
fn outcome(
    site: &Site,
    cache: Option<Arc<BuildCache>>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        cache,
        ..BuildOptions::default()
    };
    let (out, report) = build_to_memory(&opts);
    match out {
        Some(out) => {
            let mut files: Vec<(String, Vec<u8>)> =
                out.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            files.sort();
            Ok(files)
        }
        None => Err(report
            .diagnostics
            .iter()
            .map(|d| d.headline(jieshui::messages::Lang::En))
            .collect()),
    }
}

fn page(files: &[(String, Vec<u8>)], path: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// Builds with the cache and without it and asserts both give the same; returns the files.
fn same_as_fresh(
    site: &Site,
    cache: &Arc<BuildCache>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    let cached = outcome(site, Some(cache.clone()));
    let fresh = outcome(site, None);
    assert_eq!(cached, fresh, "a cached build differs from a fresh one");
    cached
}

fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "templates/shortcodes/title_of.html",
        "{% set p = get_page(path=path) %}<span class=\"t\">{{ p.title }}</span>",
    );
    site.write(
        "templates/shortcodes/fact.html",
        "<span class=\"f\">{{ data.facts.saving }}</span>",
    );
    site.write("data/facts.yaml", "saving: 一千吨\n");
    site.write(
        "content/a.md",
        "---\ntitle: 甲\n---\n正文一。\n\n{{ title_of(path=\"b.md\") }} {{ fact() }}\n\n[去乙](@/b.md#jie-shui)\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: 乙\n---\n## 节水 {#jie-shui}\n\n乙的正文。\n",
    );
    site
}

#[test]
fn every_kind_of_edit_gives_what_a_fresh_build_gives() {
    let site = fixture();
    let cache = Arc::new(BuildCache::default());

    let files = same_as_fresh(&site, &cache).expect("the fixture builds");
    assert!(page(&files, "a/index.html").contains("<span class=\"t\">乙</span>"));

    // Nothing changed: everything comes from the cache, and nothing differs.
    same_as_fresh(&site, &cache).expect("builds again");

    // A body edit.
    site.write("content/a.md", "---\ntitle: 甲\n---\n正文二。\n\n{{ title_of(path=\"b.md\") }} {{ fact() }}\n\n[去乙](@/b.md#jie-shui)\n");
    let files = same_as_fresh(&site, &cache).expect("body edit");
    assert!(page(&files, "a/index.html").contains("正文二"));

    // Another page's front matter, read by a shortcode on this page.
    site.write(
        "content/b.md",
        "---\ntitle: 乙改\n---\n## 节水 {#jie-shui}\n\n乙的正文。\n",
    );
    let files = same_as_fresh(&site, &cache).expect("title edit");
    assert!(page(&files, "a/index.html").contains("<span class=\"t\">乙改</span>"));

    // A shortcode template.
    site.write(
        "templates/shortcodes/title_of.html",
        "{% set p = get_page(path=path) %}<b class=\"t\">{{ p.title }}</b>",
    );
    let files = same_as_fresh(&site, &cache).expect("template edit");
    assert!(page(&files, "a/index.html").contains("<b class=\"t\">乙改</b>"));

    // A data file.
    site.write("data/facts.yaml", "saving: 两千吨\n");
    let files = same_as_fresh(&site, &cache).expect("data edit");
    assert!(page(&files, "a/index.html").contains("两千吨"));

    // The heading a link points at goes away: the unchanged linking page now has an error.
    site.write(
        "content/b.md",
        "---\ntitle: 乙改\n---\n## 别的\n\n乙的正文。\n",
    );
    let errors = same_as_fresh(&site, &cache).expect_err("broken anchor");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/a.md") && e.contains("jie-shui")),
        "{errors:?}"
    );

    // Fixed again; then the linked page is deleted.
    site.write(
        "content/b.md",
        "---\ntitle: 乙改\n---\n## 节水 {#jie-shui}\n",
    );
    same_as_fresh(&site, &cache).expect("fixed");
    std::fs::remove_file(site.root().join("content/b.md")).expect("remove");
    let errors = same_as_fresh(&site, &cache).expect_err("deleted page");
    assert!(
        errors.iter().any(|e| e.contains("content/a.md")),
        "{errors:?}"
    );

    // site.yaml.
    site.write(
        "content/b.md",
        "---\ntitle: 乙改\n---\n## 节水 {#jie-shui}\n",
    );
    site.write(
        "site.yaml",
        "title: 新站名\nbase_url: https://example.org/sub/\ntheme: t\n",
    );
    let files = same_as_fresh(&site, &cache).expect("config edit");
    assert!(page(&files, "a/index.html").contains("https://example.org/sub/b/"));
}

#[test]
fn a_broken_edit_and_its_fix_are_both_seen() {
    let site = fixture();
    let cache = Arc::new(BuildCache::default());
    same_as_fresh(&site, &cache).expect("the fixture builds");

    site.write("content/a.md", "---\ntitle: [甲\n---\n正文。\n");
    let errors = same_as_fresh(&site, &cache).expect_err("broken front matter");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("error: content/a.md:2")),
        "{errors:?}"
    );

    site.write("content/a.md", "---\ntitle: 甲\n---\n{{ nosuch() }}\n");
    let errors = same_as_fresh(&site, &cache).expect_err("unknown shortcode");
    assert!(
        errors.iter().any(|e| e.contains("content/a.md:4")),
        "{errors:?}"
    );

    site.write("content/a.md", "---\ntitle: 甲\n---\n好了。\n");
    let files = same_as_fresh(&site, &cache).expect("fixed");
    assert!(page(&files, "a/index.html").contains("好了"));
}
