//! Cases that cannot be checked-in files (10 MB lines, deep nesting, names Windows refuses,
//! symlinks out of the root, unreadable files, files that vanish during a build), made here.

use super::*;

const PAGE: &str = "---\ntitle: 页面\n---\n";

/// 10 MB on one line, in each kind of file, each in its own site: builds (or fails where the
/// line is wrong) in bounded time and memory, and an error on such a line does not print the
/// whole line. (A debug binary takes a few seconds for 10 MB of YAML; the limit allows for it.)
#[test]
fn ten_megabyte_lines() {
    let long_zh = "节约用水".repeat(10 << 20 >> 2 >> 3); // 10 MB of 3-byte characters
    let long_ascii = "x".repeat(10 << 20);
    let site_yaml = format!(
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\ndescription: {long_ascii}\n"
    );
    let cases: [(&str, String, &str); 5] = [
        (
            "content/body.md",
            format!("{PAGE}{long_zh}\n"),
            "body/index.html",
        ),
        (
            "content/title.md",
            format!("---\ntitle: {long_ascii}\n---\nx\n"),
            "title/index.html",
        ),
        (
            "data/districts.yaml",
            format!("- {{id: wujin, name: 武进区, aliases: [\"{long_ascii}\"]}}\n"),
            "districts/wujin/index.html",
        ),
        (
            "data/units.csv",
            format!("id,name\nslj,{long_zh}\n"),
            "units/slj/index.html",
        ),
        ("site.yaml", site_yaml, "index.html"),
    ];
    for (file, text, out) in &cases {
        let site = Site::new();
        site.write(file, text);
        let run = run_limited(site.root(), &["build"]);
        assert_eq!(run.status, 0, "{file}: {}", clip(&run.stderr));
        assert!(site.out_exists(out), "{file}: no {out}");
        assert!(run.elapsed < LIMIT * 3, "{file}: {:?}", run.elapsed);
        assert!(run.max_rss < MEMORY / 2, "{file}: {} MB", run.max_rss >> 20);
        eprintln!(
            "10 MB line in {file}: {:.2?}, {} MB",
            run.elapsed,
            run.max_rss >> 20
        );
    }

    let bad = Site::new();
    bad.write(
        "content/a.md",
        &format!("{PAGE}{long_zh}[坏链接](@/missing.md)\n"),
    );
    let run = run_limited(bad.root(), &["build"]);
    assert_eq!(run.status, 1, "{}", clip(&run.stderr));
    assert!(
        run.stderr.starts_with("error: content/a.md:4:"),
        "{}",
        clip(&run.stderr)
    );
    assert!(
        run.stderr.len() < 4 << 10,
        "a diagnostic on a 10 MB line printed {} bytes",
        run.stderr.len()
    );
    assert!(run.elapsed < LIMIT * 3, "{:?}", run.elapsed);
}

/// Deeply nested Markdown builds; deeply nested YAML is refused with a located error. Neither
/// overflows the stack.
#[test]
fn deep_nesting() {
    let site = Site::new();
    site.write(
        "content/quotes.md",
        &format!("{PAGE}{}x\n", "> ".repeat(50_000)),
    );
    site.write(
        "content/bullets.md",
        &format!("{PAGE}{}x\n", "- ".repeat(50_000)),
    );
    let mut indented = String::from(PAGE);
    for depth in 0..1_000 {
        indented.push_str(&"  ".repeat(depth));
        indented.push_str("- 节水\n");
    }
    site.write("content/indented.md", &indented);
    site.write(
        "content/brackets.md",
        &format!("{PAGE}{}{}\n", "[".repeat(100_000), "](x)".repeat(1000)),
    );
    site.write(
        "content/emphasis.md",
        &format!("{PAGE}{}节水{}\n", "**".repeat(20_000), "**".repeat(20_000)),
    );
    site.write(
        "content/shortcodes.md",
        &format!("{PAGE}{}\n", "{% note() %}".repeat(3_000)),
    );
    let run = run_limited(site.root(), &["build"]);
    assert!(!run.stderr.contains("panicked"), "{}", clip(&run.stderr));
    // 3,000 unclosed block shortcodes: 1,000 located errors, then one line for the rest.
    assert_eq!(run.status, 1, "{}", clip(&run.stderr));
    assert!(
        run.stderr
            .contains("2000 more problems in this file are not shown"),
        "{}",
        clip(&run.stderr)
    );
    assert!(run.elapsed < LIMIT, "{:?}", run.elapsed);
    assert!(run.max_rss < MEMORY / 4, "{} MB", run.max_rss >> 20);
    std::fs::remove_file(site.root().join("content/shortcodes.md")).unwrap();
    expect(
        "deep-markdown",
        &site,
        "0\n\noutput quotes/index.html\noutput indented/index.html\n",
    );

    let yaml = Site::new();
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    yaml.write(
        "content/a.md",
        &format!("---\ntitle: a\nextra: {{k: {deep}}}\n---\nx\n"),
    );
    yaml.write("data/deep.yaml", &format!("k: {deep}\n"));
    yaml.write("data/districts.yaml", &format!("- id: a\n  name: {deep}\n"));
    let mut blocks = String::new();
    for depth in 0..1_000 {
        blocks.push_str(&"  ".repeat(depth));
        blocks.push_str("- \n");
    }
    yaml.write("data/blocks.yaml", &blocks);
    expect(
        "deep-yaml",
        &yaml,
        "1\nerror: content/a.md:3:\nstderr error: data/deep.yaml:1:\nstderr error: data/districts.yaml:2:\nstderr error: data/blocks.yaml:\n",
    );
}

/// Names Windows and FAT-formatted USB sticks cannot store: the site still builds (it is fine
/// on the server), and each such file gets a warning naming it.
#[test]
fn names_windows_cannot_store() {
    // Distinct slugs, so only the names are in question: a:1 → a-1, b*2 → b-2, …
    const NAMES: &[&str] = &["a:1", "问题?", "c<3>", "d|4", "e*5", "f\"6\"", "CON"];
    let site = Site::new();
    for name in NAMES {
        site.write(&format!("content/{name}.md"), PAGE);
    }
    site.write("content/bundle/index.md", PAGE);
    site.write("content/bundle/图:1.png", "png");
    let run = run_limited(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let files = NAMES
        .iter()
        .map(|n| format!("{n}.md"))
        .chain(["bundle/图:1.png".to_string()]);
    for file in files {
        let prefix = format!("warning: content/{file}:");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains("Windows")),
            "no Windows warning for {file}:\n{}",
            run.stderr
        );
    }
    assert!(site.out_exists("a-1/index.html"));
    assert!(site.out_exists("wen-ti/index.html"));
    // The warning is a warning: `check --strict` fails on it.
    let strict = run_limited(site.root(), &["check", "--strict"]);
    assert_eq!(strict.status, 1, "{}", strict.stderr);
}

/// A secret outside the site, and a site whose files link to it in every place a build reads.
fn outside_secret() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    let o = outside.path();
    std::fs::create_dir_all(o.join("dir")).unwrap();
    std::fs::write(
        o.join("dir/secret.md"),
        "---\ntitle: SECRET-PAGE\n---\nSECRET\n",
    )
    .unwrap();
    std::fs::write(o.join("dir/secret.txt"), "SECRET").unwrap();
    std::fs::write(o.join("dir/secret.html"), "SECRET-TEMPLATE").unwrap();
    std::fs::write(
        o.join("dir/districts.yaml"),
        "- {id: secret, name: SECRET}\n",
    )
    .unwrap();
    std::fs::write(
        o.join("site.yaml"),
        "title: SECRET\nbase_url: https://example.org/\ntheme: t\n",
    )
    .unwrap();
    outside
}

fn assert_secret_not_published(site: &Site) {
    for (rel, bytes) in tree(&site.root().join("public"), None) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "public/{} holds the outside secret",
            rel.display()
        );
    }
}

/// No symlink takes a build outside the root: not a folder or file under content/, data/,
/// static/, templates/ or the theme, nor site.yaml itself. Links inside the root are fine.
#[test]
fn symlinks_out_of_the_root_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_secret();
    let dir = outside.path().join("dir");
    type Make<'a> = Box<dyn Fn(&Site) + 'a>;
    let cases: Vec<(&str, Make<'_>, &str)> = vec![
        (
            "content folder link",
            Box::new(|s: &Site| symlink(&dir, s.root().join("content/out")).unwrap()),
            "error: content/out",
        ),
        (
            "content/ itself",
            Box::new(|s: &Site| {
                std::fs::remove_dir_all(s.root().join("content")).unwrap();
                symlink(&dir, s.root().join("content")).unwrap();
            }),
            "error: content",
        ),
        (
            "data/ itself",
            Box::new(|s: &Site| symlink(&dir, s.root().join("data")).unwrap()),
            "error: data",
        ),
        (
            "a data file",
            Box::new(|s: &Site| {
                std::fs::create_dir_all(s.root().join("data")).unwrap();
                symlink(
                    dir.join("districts.yaml"),
                    s.root().join("data/districts.yaml"),
                )
                .unwrap();
            }),
            "error: data/districts.yaml",
        ),
        (
            "static/ itself",
            Box::new(|s: &Site| symlink(&dir, s.root().join("static")).unwrap()),
            "error: static",
        ),
        (
            "theme static/",
            Box::new(|s: &Site| {
                std::fs::remove_dir_all(s.root().join("themes/t/static")).unwrap();
                symlink(&dir, s.root().join("themes/t/static")).unwrap();
            }),
            "error: themes/t/static",
        ),
        (
            "a template",
            Box::new(|s: &Site| {
                std::fs::create_dir_all(s.root().join("templates")).unwrap();
                symlink(dir.join("secret.html"), s.root().join("templates/404.html")).unwrap();
            }),
            "error: templates/404.html",
        ),
        (
            "templates/ itself",
            Box::new(|s: &Site| symlink(&dir, s.root().join("templates")).unwrap()),
            "error: templates",
        ),
        (
            "site.yaml",
            Box::new(|s: &Site| {
                std::fs::remove_file(s.root().join("site.yaml")).unwrap();
                symlink(outside.path().join("site.yaml"), s.root().join("site.yaml")).unwrap();
            }),
            "error: site.yaml",
        ),
    ];
    let mut problems = Vec::new();
    for (name, make, prefix) in &cases {
        let site = Site::new();
        site.write("content/a.md", PAGE);
        make(&site);
        let run = run_limited(site.root(), &["build"]);
        if run.status != 1 || !run.stderr.lines().any(|l| l.starts_with(prefix)) {
            problems.push(format!(
                "{name}: status {}, expected {prefix}:\n{}",
                run.status, run.stderr
            ));
        }
        assert_secret_not_published(&site);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Links that stay inside the root work.
    let site = Site::new();
    site.write("notes/b.md", "---\ntitle: 链接页\n---\nx\n");
    symlink(
        site.root().join("notes/b.md"),
        site.root().join("content/b.md"),
    )
    .unwrap();
    symlink(site.root().join("notes"), site.root().join("content/notes")).unwrap();
    expect(
        "inside links",
        &site,
        "0\n\noutput b/index.html\noutput notes/b/index.html\n",
    );
}

/// Files the build cannot read. Root reads everything whatever the permissions, so as root the
/// build runs as `nobody` (setuid in the child) over a world-writable copy of the site; a
/// dangling link and a FIFO cover what permissions cannot.
#[test]
fn unreadable_files_and_folders() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.write("content/a.md", PAGE);
    site.write("content/locked/b.md", PAGE);
    site.write("data/districts.yaml", "- {id: wujin, name: 武进区}\n");
    let mut perms_apply = true;
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root {
        // Let `nobody` into the site and its output.
        for entry in walkdir::WalkDir::new(site.root()) {
            let entry = entry.unwrap();
            let mode = if entry.file_type().is_dir() {
                0o777
            } else {
                0o666
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        }
        perms_apply = can_drop_to_nobody();
    }
    let chmod = |rel: &str, mode: u32| {
        std::fs::set_permissions(site.root().join(rel), std::fs::Permissions::from_mode(mode))
            .unwrap();
    };
    if perms_apply {
        chmod("content/a.md", 0o000);
        chmod("content/locked", 0o000);
        chmod("data/districts.yaml", 0o000);
        let run = run_as_user(site.root(), as_root);
        chmod("content/locked", 0o777);
        chmod("content/a.md", 0o666);
        chmod("data/districts.yaml", 0o666);
        assert_eq!(run.status, 1, "{}", run.stderr);
        for prefix in [
            "error: content/a.md: cannot read",
            "error: content/locked: cannot read",
            "error: data/districts.yaml: cannot read",
        ] {
            assert!(
                run.stderr.lines().any(|l| l.starts_with(prefix)),
                "no {prefix:?}:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"));
    } else {
        eprintln!("unreadable_files_and_folders: cannot drop to nobody; permission cases skipped");
    }

    // A link to nothing: named, not skipped.
    let dangling = Site::new();
    std::os::unix::fs::symlink("/nonexistent/jieshui", dangling.root().join("content/a.md"))
        .unwrap();
    expect("dangling link", &dangling, "1\nerror: content/a.md:\n");

    // A FIFO where a page, a data file and a static file would be: never opened (a read would
    // block forever), so the build finishes.
    let fifo = Site::new();
    for rel in [
        "content/a.md",
        "data/units.yaml",
        "static/feed.xml",
        "site.yaml.bak",
    ] {
        let path = fifo.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }
    let run = run_limited(fifo.root(), &["build"]);
    assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
    assert!(run.elapsed < LIMIT);
}

/// Whether a child can switch to uid/gid 65534 here (root in a container may not).
fn can_drop_to_nobody() -> bool {
    let status = unsafe {
        Command::new("true")
            .pre_exec(|| {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            })
            .status()
    };
    status.is_ok_and(|s| s.success())
}

/// `jieshui build` in `dir`, as `nobody` when `as_nobody`.
fn run_as_user(dir: &Path, as_nobody: bool) -> Limited {
    let mut cmd = jieshui(&["build"]).current_dir(dir).command();
    if as_nobody {
        // SAFETY: setgid/setuid are async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let out = cmd.output().expect("run jieshui");
    Limited {
        status: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
        max_rss: 0,
    }
}

/// Files deleted, replaced and rewritten while builds run: every build ends with status 0 or
/// 1 (a vanished file is an error naming it), never a panic or a half-written output, and a
/// last quiet build succeeds and leaves no staging folder.
#[test]
fn files_that_vanish_or_change_during_the_build() {
    let site = Site::new();
    let pages = 600;
    for i in 0..pages {
        site.write(
            &format!("content/p{i}/index.md"),
            &format!("---\ntitle: 第{i}页\n---\n节约用水 {i}\n"),
        );
        site.write(&format!("content/p{i}/photo.txt"), "asset");
    }
    site.build().succeeds();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let root = site.root().to_path_buf();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n: usize = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let i = n.wrapping_mul(7919) % pages;
                let page = root.join(format!("content/p{i}/index.md"));
                let asset = root.join(format!("content/p{i}/photo.txt"));
                match n % 4 {
                    0 => {
                        let _ = std::fs::remove_file(&page);
                        let _ = std::fs::remove_file(&asset);
                    }
                    1 => {
                        let _ = std::fs::write(&page, "---\ntitle: 改了\n---\n改\n");
                        let _ = std::fs::write(&asset, "changed");
                    }
                    2 => {
                        // Half-written, as an editor saving slowly would leave it.
                        let _ = std::fs::write(&page, "---\ntitle: 写");
                    }
                    _ => {
                        let _ = std::fs::write(&page, format!("---\ntitle: 第{i}页\n---\n回来\n"));
                        let _ = std::fs::write(&asset, "back");
                    }
                }
                n += 1;
            }
        })
    };
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let run = run_limited(site.root(), &["build"]);
        assert!(!run.stderr.contains("panicked"), "{}", clip(&run.stderr));
        assert!(run.status == 0 || run.status == 1, "{}", clip(&run.stderr));
        if run.status == 1 {
            assert!(
                run.stderr
                    .lines()
                    .any(|l| l.starts_with("error: content/p")),
                "{}",
                clip(&run.stderr)
            );
        }
        statuses.push(run.status);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    eprintln!("builds under churn: {statuses:?}");
    // Repair the half-written pages, then a quiet build must succeed.
    for i in 0..pages {
        site.write(
            &format!("content/p{i}/index.md"),
            &format!("---\ntitle: 第{i}页\n---\n节约用水 {i}\n"),
        );
    }
    site.build().succeeds();
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".jieshui-staging-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
