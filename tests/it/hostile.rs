//! A site folder someone sends you (issue #14): links planted at jieshui's own names, an
//! output_dir that points elsewhere, two sources of one output path, the marker's name taken,
//! and two builds of one output at once. None may write or delete outside what the user meant.

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::harness::{Site, jieshui, tree};

/// A folder outside the site that looks like a jieshui output (it has the marker) and holds a
/// file the user cares about.
fn precious_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".jieshui"), "planted").unwrap();
    std::fs::write(dir.path().join("precious.txt"), "mine").unwrap();
    dir
}

fn assert_precious(dir: &Path) {
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt"))
            .ok()
            .as_deref(),
        Some("mine"),
        "a folder outside the output was changed: {:?}",
        tree(dir, None).keys().collect::<Vec<_>>()
    );
    assert!(
        !dir.join("index.html").exists(),
        "the site was written into {dir:?}"
    );
}

fn is_real_dir(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

#[test]
fn a_link_at_the_previous_output_name_is_never_followed() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\n---\nx\n");
    site.write("content/.jieshui", "");
    symlink("content", site.root().join(".jieshui-previous-public")).unwrap();
    let outside = precious_folder();
    let before = tree(&site.root().join("content"), None);
    // Twice: the second build recycles what the first kept, and the link is at the name it uses.
    site.build().succeeds();
    symlink(outside.path(), site.root().join(".jieshui-previous-public"))
        .or_else(|_| {
            std::fs::remove_dir_all(site.root().join(".jieshui-previous-public"))?;
            symlink(outside.path(), site.root().join(".jieshui-previous-public"))
        })
        .unwrap();
    site.build().succeeds();
    site.build().succeeds();
    assert_eq!(before, tree(&site.root().join("content"), None));
    assert_precious(outside.path());
    assert!(
        is_real_dir(&site.root().join("public")),
        "public must stay a folder"
    );
    assert!(site.out("a/index.html").contains('x'));
}

#[test]
fn a_link_at_a_staging_name_is_never_followed() {
    let site = Site::new();
    let outside = precious_folder();
    symlink(
        outside.path(),
        site.root().join(".jieshui-staging-public-999999"),
    )
    .unwrap();
    site.build().succeeds();
    assert_precious(outside.path());
    site.build().succeeds();
    assert_precious(outside.path());
}

#[test]
fn a_foreign_folder_at_the_previous_output_name_is_left_alone() {
    let site = Site::new();
    site.write(".jieshui-previous-public/notes.txt", "mine");
    site.build().succeeds();
    site.build().succeeds();
    site.build().succeeds();
    assert_eq!(
        std::fs::read_to_string(site.root().join(".jieshui-previous-public/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_marker_that_is_a_link_does_not_make_a_folder_ours() {
    let site = Site::new();
    let outside = precious_folder();
    std::fs::create_dir(site.root().join("public")).unwrap();
    std::fs::write(site.root().join("public/keep.txt"), "mine").unwrap();
    symlink(
        outside.path().join(".jieshui"),
        site.root().join("public/.jieshui"),
    )
    .unwrap();
    site.build().fails().error_at("").assert_no_panic();
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/keep.txt")).unwrap(),
        "mine"
    );
    assert_precious(outside.path());
}

#[test]
fn output_dir_in_site_yaml_cannot_leave_the_site_folder() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    let site = Site::new();
    // The site lives in `parent/site`, so `../escape` would be `parent/escape`.
    std::fs::rename(site.root(), &root).unwrap();
    let run_with = |output_dir: &str| {
        std::fs::write(
            root.join("site.yaml"),
            format!("title: t\nbase_url: https://e.org/\ntheme: t\noutput_dir: {output_dir}\n"),
        )
        .unwrap();
        let run = jieshui(&["build", "--root"]).arg(&root).run();
        (Some(run.status), run.stderr)
    };
    let abs = parent.path().join("abs-out");
    for bad in ["../escape", abs.to_str().unwrap()] {
        let (code, stderr) = run_with(bad);
        assert_eq!(code, Some(1), "{bad}: {stderr}");
        assert!(
            stderr.starts_with("error: site.yaml:4:13: "),
            "{bad}: {stderr}"
        );
        assert!(stderr.contains("--output-dir"), "{stderr}");
    }
    assert!(!parent.path().join("escape").exists());
    assert!(!abs.exists());
    // A link inside the site that leads out counts as out.
    symlink(parent.path(), root.join("out")).unwrap();
    let (code, stderr) = run_with("out/escape");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!parent.path().join("escape").exists());
    std::fs::remove_file(root.join("out")).unwrap();
    // Inside the site is fine, and the command line may choose anywhere.
    let (code, stderr) = run_with("build/site");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(root.join("build/site/index.html").is_file());
    jieshui(&["build", "--root"])
        .arg(&root)
        .arg("--output-dir")
        .arg(parent.path().join("chosen"))
        .run()
        .succeeds();
    assert!(parent.path().join("chosen/index.html").is_file());
    // `site` is moved out of its TempDir; the parent removes it.
    drop(site);
}

/// Every run of `build` and `check` fails, naming both sources, and nothing is published.
fn assert_clash(site: &Site, path: &str, first: &str, second: &str) {
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        run.fails();
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error: ") && l.contains(path))
            .unwrap_or_else(|| panic!("{cmd}: no error naming {path}:\n{}", run.stderr));
        assert!(
            line.contains(first) && line.contains(second),
            "{cmd}: {line}"
        );
    }
    assert!(
        !site.out_exists("index.html"),
        "a clashing build was published"
    );
}

#[test]
fn a_static_file_where_a_section_folder_goes_is_an_error_naming_both() {
    let site = Site::new();
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site.write("content/news/a.md", "---\ntitle: a\n---\nx\n");
    site.write("static/news", "a file");
    assert_clash(&site, "news", "static/news", "content/news/");
}

#[test]
fn a_slug_or_alias_over_a_generated_file_is_an_error_naming_both() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\nslug: sitemap.xml\n---\nx\n");
    assert_clash(&site, "sitemap.xml", "content/a.md", "sitemap.xml");
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: a\nslug: index.html\n---\nx\n");
    assert_clash(&site, "index.html", "content/a.md", "content/_index.md");
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: a\naliases: [/sitemap.xml]\n---\nx\n",
    );
    assert_clash(&site, "sitemap.xml", "/sitemap.xml", "sitemap.xml");
}

#[test]
fn the_marker_name_cannot_be_taken_by_a_page() {
    for front in ["slug: .jieshui", "aliases: [/.jieshui]"] {
        let site = Site::new();
        site.write("content/a.md", &format!("---\ntitle: a\n{front}\n---\nx\n"));
        let run = site.build();
        run.fails();
        assert!(run.stderr.contains(".jieshui"), "{front}: {}", run.stderr);
        // Fixed, the next build works.
        site.write("content/a.md", "---\ntitle: a\n---\nx\n");
        site.build().succeeds();
        assert!(site.out("a/index.html").contains('x'));
        assert_eq!(
            std::fs::symlink_metadata(site.root().join("public/.jieshui"))
                .map(|m| m.is_file())
                .ok(),
            Some(true)
        );
        site.build().succeeds();
    }
}

#[test]
fn a_second_build_of_one_output_waits_its_turn_with_a_clear_message() {
    let site = Site::new();
    site.build().succeeds();
    // Another build holds the output: this one says so and leaves everything as it was.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(site.root().join(".jieshui-lock-public"))
        .expect("the build leaves its lock file beside the output");
    lock.try_lock().expect("nobody else holds it");
    let before = site.output_tree();
    let run = site.build();
    run.fails();
    run.says("another jieshui build");
    assert_eq!(before, site.output_tree());
    lock.unlock().unwrap();
    site.build().succeeds();
}

#[test]
fn a_link_at_the_lock_name_is_not_followed() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim.txt");
    std::fs::write(&target, "mine").unwrap();
    symlink(&target, site.root().join(".jieshui-lock-public")).unwrap();
    let run = site.build();
    run.fails().error_at("");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
}

#[test]
fn simultaneous_builds_never_lose_the_marker() {
    let site = Site::new();
    for i in 0..300 {
        site.write(
            &format!("content/p{i}.md"),
            &format!("---\ntitle: p{i}\n---\n正文 {i}\n"),
        );
    }
    site.build().succeeds();
    let spawn = || {
        jieshui(&["build"])
            .current_dir(site.root())
            .command()
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..8 {
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() || stderr.contains("another jieshui build"),
                "round {round}: {stderr}"
            );
        }
        assert!(
            site.out_exists(".jieshui") && site.out_exists("p7/index.html"),
            "round {round}: the output lost its marker or pages"
        );
        let left: Vec<String> = std::fs::read_dir(site.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".jieshui-staging"))
            .collect();
        assert!(left.is_empty(), "round {round}: {left:?}");
    }
}
