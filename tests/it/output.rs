//! Whole or nothing: a failed build leaves the previous output exactly as it was.

use crate::harness::Site;

#[test]
fn failed_build_keeps_the_previous_output() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nold\n");
    site.build().succeeds();
    let before = site.output_tree();
    site.write("content/a.md", "---\ntitle: a\n---\nnew\n");
    site.write("content/b.md", "---\ntitel: broken\n---\n");
    site.build().fails();
    assert_eq!(before, site.output_tree());
    assert!(site.out("a/index.html").contains("old"));
    assert_no_staging_left(&site);
}

#[test]
fn successful_build_replaces_and_cleans_up() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site.build().succeeds();
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    site.build().succeeds();
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
    site.build().succeeds();
    assert_no_staging_left(&site);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = Site::new();
    site.write("public/precious.txt", "mine");
    let run = site.build();
    run.fails();
    run.says("not made by jieshui");
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/precious.txt")).unwrap(),
        "mine"
    );
}

/// Nothing beside the output but, at most, the previous site kept for the next build (which
/// carries the marker, so it is recognisably jieshui's) and the lock file.
fn assert_no_staging_left(site: &Site) {
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            n.starts_with(".jieshui-")
                && n != ".jieshui-previous-public"
                && n != ".jieshui-lock-public"
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let previous = site.root().join(".jieshui-previous-public");
    assert!(!previous.exists() || previous.join(".jieshui").is_file());
}

/// The output of a build over earlier outputs, against a build of the same site from nothing.
fn assert_same_as_fresh(site: &Site) {
    let fresh = site.root().join("fresh-out");
    let _ = std::fs::remove_dir_all(&fresh);
    site.run(&["build", "--output-dir", "fresh-out"]).succeeds();
    let fresh_tree = crate::harness::tree(&fresh, None);
    std::fs::remove_dir_all(&fresh).unwrap();
    let _ = std::fs::remove_dir_all(site.root().join(".jieshui-previous-fresh-out"));
    let _ = std::fs::remove_file(site.root().join(".jieshui-lock-fresh-out"));
    assert_eq!(site.output_tree(), fresh_tree);
}

#[test]
fn a_rebuild_writes_over_the_previous_site_and_matches_a_fresh_build() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\none\n");
    site.write("content/b.md", "---\ntitle: b\n---\ntwo\n");
    site.write("static/x", "a file named x");
    site.build().succeeds();
    site.build().succeeds();
    assert!(
        site.root()
            .join(".jieshui-previous-public/a/index.html")
            .is_file()
    );

    // Page b goes, a changes; x turns from a file into a folder and a page takes a's old
    // folder name as a file: each is in the way of the other in the recycled folder.
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    site.write("content/a.md", "---\ntitle: a\n---\nchanged\n");
    std::fs::remove_file(site.root().join("static/x")).unwrap();
    site.write("static/x/inner.txt", "now a folder");
    site.build().succeeds();
    site.build().succeeds();
    assert!(!site.out_exists("b/index.html"));
    assert!(site.out("a/index.html").contains("changed"));
    assert_eq!(site.out("x/inner.txt"), "now a folder");
    assert_same_as_fresh(&site);

    // And back: x a file again.
    std::fs::remove_dir_all(site.root().join("static/x")).unwrap();
    site.write("static/x", "a file again");
    site.build().succeeds();
    site.build().succeeds();
    assert_eq!(site.out("x"), "a file again");
    assert_same_as_fresh(&site);
    assert_no_staging_left(&site);
}

#[cfg(unix)]
#[test]
fn links_planted_in_the_previous_site_are_not_written_through() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\none\n");
    site.build().succeeds();
    site.build().succeeds();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.html");
    std::fs::write(&victim, "untouched").unwrap();
    let planted = site.root().join(".jieshui-previous-public/a/index.html");
    std::fs::remove_file(&planted).unwrap();
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    // A hard link too: an overwrite in place would change the other name's contents.
    let linked = outside.path().join("linked.html");
    std::fs::hard_link(
        site.root().join(".jieshui-previous-public/index.html"),
        &linked,
    )
    .unwrap();
    let before = std::fs::read(&linked).unwrap();
    site.build().succeeds();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert_eq!(std::fs::read(&linked).unwrap(), before);
    assert!(site.out("a/index.html").contains("one"));
    assert!(!site.root().join("public/a/index.html").is_symlink());
}
