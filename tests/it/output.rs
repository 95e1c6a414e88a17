//! Whole or nothing: a failed build leaves the previous output exactly as it was.

use std::path::Path;

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

/// Runs `script` with `sh` in a new user and mount namespace (`unshare -rm`, no root needed),
/// where `$MNT` is a fresh tmpfs mounted on `mnt`, `$J` the jieshui binary and `$KEEP` a
/// folder outside the mount that outlives it. Returns stdout and stderr.
fn on_a_mount_point(site: &Site, mnt: &Path, keep: &Path, script: &str) -> (String, String) {
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c"])
        .arg(format!("set -e; mount -t tmpfs none \"$MNT\"; {script}"))
        .env("MNT", mnt)
        .env("KEEP", keep)
        .env("J", env!("CARGO_BIN_EXE_jieshui"))
        .env("JIESHUI_LANG", "en")
        .current_dir(site.root())
        .output()
        .expect("unshare (util-linux) runs: it makes the mount point for this test");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        !stderr.contains("unshare:") && !stderr.contains("mount:"),
        "could not make a mount point for the test (unshare -rm, mount -t tmpfs): {stderr}"
    );
    (stdout, stderr)
}

/// Issue #14 item 17: `--output-dir` at a mount point (the root of a USB stick) failed every
/// time with EBUSY and a "disk full?" hint.
#[test]
fn a_mount_point_is_replaced_file_by_file_with_one_warning() {
    let site = Site::new();
    site.write("content/old.md", "---\ntitle: 旧\n---\n旧的\n");
    let mnt = tempfile::tempdir().unwrap();
    let keep = tempfile::tempdir().unwrap();
    let (stdout, stderr) = on_a_mount_point(
        &site,
        mnt.path(),
        keep.path(),
        r#"
        "$J" build --output-dir "$MNT" 2>&1
        mkdir "$KEEP/first"; cp -a "$MNT/." "$KEEP/first/"
        rm content/old.md
        printf -- '---\ntitle: 新\n---\n新的\n' > content/new.md
        "$J" build --output-dir "$MNT" 2>&1
        mkdir "$KEEP/second"; cp -a "$MNT/." "$KEEP/second/"
        "#,
    );
    let stderr = stdout + &stderr;
    let warnings = stderr
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains("is a mount point"))
        .count();
    assert_eq!(warnings, 2, "one warning a build:\n{stderr}");
    assert!(!stderr.contains("error:"), "{stderr}");
    let first = keep.path().join("first");
    assert!(first.join("old/index.html").is_file() && first.join(".jieshui").is_file());
    let second = keep.path().join("second");
    assert!(second.join("new/index.html").is_file(), "{stderr}");
    assert!(
        !second.join("old").exists(),
        "the page removed from the site is gone"
    );
    assert!(second.join(".jieshui").is_file() && second.join("index.html").is_file());
    let left: Vec<String> = std::fs::read_dir(&second)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".jieshui-staging") || n.starts_with(".jieshui-previous"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_mount_point_holding_other_files_is_refused_and_kept() {
    let site = Site::new();
    let mnt = tempfile::tempdir().unwrap();
    let keep = tempfile::tempdir().unwrap();
    let (stdout, stderr) = on_a_mount_point(
        &site,
        mnt.path(),
        keep.path(),
        r#"
        echo mine > "$MNT/mine.txt"
        "$J" build --output-dir "$MNT" 2>&1 || echo "exit $?"
        cat "$MNT/mine.txt"
        ls -A "$MNT"
        "#,
    );
    assert!(stdout.contains("exit 1"), "{stdout}{stderr}");
    assert!(
        stdout.contains("error:") && stdout.contains("not made by jieshui"),
        "{stdout}"
    );
    let listing: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "mine")
        .skip(1)
        .collect();
    assert_eq!(listing, ["mine.txt"], "nothing was added or removed");
}
