//! Whole or nothing: a failed build leaves the previous output exactly as it was.

use crate::harness::Site;

#[test]
fn failed_build_keeps_the_previous_output() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nold\n");
    site.build().assert_status(0);
    let before = site.output_tree();
    site.write("content/a.md", "---\ntitle: a\n---\nnew\n");
    site.write("content/b.md", "---\ntitel: broken\n---\n");
    site.build().assert_status(1);
    assert_eq!(before, site.output_tree());
    assert!(site.out("a/index.html").contains("old"));
    assert_no_staging_left(&site);
}

#[test]
fn successful_build_replaces_and_cleans_up() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site.build().assert_status(0);
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    site.build().assert_status(0);
    assert!(
        !site.out_exists("a/index.html"),
        "a deleted page must not survive"
    );
    assert!(site.out_exists(".jieshui"));
    assert_no_staging_left(&site);
}

#[test]
fn leftover_staging_from_an_interrupted_build_is_removed() {
    let site = Site::new();
    site.write(".jieshui-staging-public-999999/.jieshui", "x");
    site.write(".jieshui-staging-public-999999/index.html", "half");
    site.build().assert_status(0);
    assert_no_staging_left(&site);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = Site::new();
    site.write("public/precious.txt", "mine");
    let run = site.build();
    run.assert_status(1);
    assert!(run.stderr.contains("not made by jieshui"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/precious.txt")).unwrap(),
        "mine"
    );
}

fn assert_no_staging_left(site: &Site) {
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".jieshui-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
