//! `jieshui build --zip FILE`: one reproducible zip, with relative URLs, that works unzipped.

use std::collections::BTreeSet;
use std::io::Read;

use crate::harness::{Site, assert_relative_links_resolve, copy_bundled_site, jieshui};

/// The bundled site, with a file whose name is Chinese and a page linking to it.
fn bundled_with_chinese_name() -> Site {
    let site = Site::empty();
    copy_bundled_site(site.root());
    site.write_bytes("static/资料/节水宣传单.pdf", b"%PDF-1.4 sample\n");
    site.write(
        "content/learn/zip-fixture.md",
        "---\ntitle: 下载\n---\n[宣传单](/资料/节水宣传单.pdf)\n",
    );
    site
}

#[test]
fn the_zip_is_the_same_bytes_every_time_and_every_link_resolves_inside_it() {
    let site = bundled_with_chinese_name();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("节水.zip"), dir.path().join("again.zip"));
    let run = site.run(&["build", "--zip", a.to_str().unwrap()]);
    run.succeeds().says("unzipped, open index.html");
    // A second build, with the output folder of a normal build in between: same bytes.
    site.build().succeeds();
    site.run(&["build", "--zip", b.to_str().unwrap()])
        .succeeds();
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "two builds, two zips");
    // Nothing is left beside it.
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["again.zip".into(), "节水.zip".into()])
    );

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut seen = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().expect("a UTF-8 name").into_owned();
        assert_eq!(entry.unix_mode(), Some(0o100644), "{name}");
        assert_eq!(
            entry.last_modified(),
            Some(zip::DateTime::default()),
            "{name}"
        );
        let mut body = Vec::new();
        entry.read_to_end(&mut body).unwrap();
        seen.push(name);
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "entries in path order");
    assert!(
        seen.contains(&"资料/节水宣传单.pdf".to_string()),
        "{seen:?}"
    );
    assert!(seen.contains(&"index.html".to_string()));
    assert!(
        !seen
            .iter()
            .any(|n| n.starts_with(".jieshui") || n.starts_with("public/"))
    );

    // Unzipped, it is a site that works from disk: every link and image is relative and found.
    let out = tempfile::tempdir().unwrap();
    archive.extract(out.path()).unwrap();
    let checked = assert_relative_links_resolve(out.path());
    assert!(checked > 1000, "only {checked} links checked");
    let page = std::fs::read_to_string(out.path().join("learn/zip-fixture/index.html")).unwrap();
    assert!(
        page.contains("href=\"../../资料/节水宣传单.pdf\"") || page.contains("%E8%B5%84"),
        "{page}"
    );
    // No page links to the site's web address (only the feeds keep absolute URLs).
    for (rel, bytes) in crate::harness::tree(out.path(), None) {
        if rel.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            for absolute in [
                "href=\"https://jieshui.example.org/",
                "src=\"https://jieshui.example.org/",
            ] {
                assert!(!html.contains(absolute), "{}: {absolute}", rel.display());
            }
        }
    }
}

#[test]
fn chinese_names_carry_the_utf8_flag() {
    let site = Site::new();
    site.write_bytes("static/节水.txt", b"x");
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("site.zip");
    site.run(&["build", "--zip", zip_path.to_str().unwrap()])
        .succeeds();
    let bytes = std::fs::read(&zip_path).unwrap();
    // The central directory's record of each file: flags at 8, name length at 28, name at 46.
    let mut flagged = Vec::new();
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let h = at + i;
        let flags = u16::from_le_bytes([bytes[h + 8], bytes[h + 9]]);
        let len = u16::from_le_bytes([bytes[h + 28], bytes[h + 29]]) as usize;
        let name = String::from_utf8(bytes[h + 46..h + 46 + len].to_vec()).unwrap();
        flagged.push((name.clone(), flags & 0x800 != 0));
        at = h + 46 + len;
    }
    assert!(
        flagged.contains(&("节水.txt".to_string(), true)),
        "{flagged:?}"
    );
    assert!(
        flagged.contains(&("index.html".to_string(), false)),
        "{flagged:?}"
    );
    // No output folder was written.
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_site_with_errors_writes_no_zip() {
    let site = Site::new();
    site.write(
        "content/bad.md",
        "---\ntitle: 坏\ndate: 2021年3月22日\n---\nx\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("site.zip");
    site.run(&["build", "--zip", zip_path.to_str().unwrap()])
        .fails()
        .error_at("content/bad.md:3");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_zip_into_a_missing_folder_is_a_clear_error() {
    let site = Site::new();
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("no-such-folder").join("site.zip");
    site.run(&["build", "--zip", zip_path.to_str().unwrap()])
        .fails()
        .says("cannot write the zip");
    jieshui(&["build", "--zip", "a.zip", "-o", "out"])
        .current_dir(site.root())
        .run()
        .exits(2);
}
