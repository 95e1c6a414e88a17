//! Whole or nothing, under SIGKILL: a build killed at any moment leaves the output folder
//! holding either the complete previous site or the complete new one, byte for byte, and a
//! build after that leaves no staging folder behind.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::{Site, jieshui, tree};

const PAGES: usize = 3000;
const ITERATIONS: usize = 20;
/// The loop stops early (with at least `MIN_ITERATIONS` done) when it runs past this.
const DEADLINE: Duration = Duration::from_secs(240);
const MIN_ITERATIONS: usize = 8;

/// Writes every page with `mark` in its body. Version "new" also drops page 0 and adds page
/// `PAGES`, so the two sites differ in their set of files as well as in every page.
fn write_pages(site: &Site, mark: &str) {
    let new = mark == "NEW-MARK";
    for i in 0..=PAGES {
        let rel = format!("content/s{}/p{i}.md", i % 10);
        let present = if new { i != 0 } else { i != PAGES };
        if present {
            site.write(
                &rel,
                &format!(
                    "---\ntitle: 第{i}页\ndate: 2021-03-22\n---\n{mark} 节约用水，第{i}页。\n"
                ),
            );
        } else {
            let _ = std::fs::remove_file(site.root().join(&rel));
        }
    }
}

fn jieshui_build(site: &Site, out: Option<&str>) -> std::process::Child {
    let mut cmd = jieshui(&["build"]);
    if let Some(out) = out {
        cmd = cmd.args(&["--output-dir", out]);
    }
    cmd.current_dir(site.root())
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jieshui")
}

fn build_ok(site: &Site, out: Option<&str>) -> Duration {
    let started = Instant::now();
    let out = jieshui_build(site, out).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// A tiny xorshift: the delays need no more, and the seed is printed to replay a failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn staging_left(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".jieshui-staging-"))
        .collect()
}

fn describe(t: &BTreeMap<PathBuf, Vec<u8>>) -> String {
    let marks = |m: &str| {
        t.values()
            .filter(|b| String::from_utf8_lossy(b).contains(m))
            .count()
    };
    format!(
        "{} files, {} with OLD-MARK, {} with NEW-MARK",
        t.len(),
        marks("OLD-MARK"),
        marks("NEW-MARK")
    )
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let site = Site::new();
    for s in 0..10 {
        site.write(
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: 栏目{s}\n---\n"),
        );
    }

    // The two complete sites, built undisturbed: "new" into a side folder first, then "old"
    // into public/ (the previous output every kill starts from).
    write_pages(&site, "NEW-MARK");
    let side = site.root().join("target-new");
    build_ok(&site, Some(side.to_str().unwrap()));
    let new_tree = tree(&side, None);
    std::fs::remove_dir_all(&side).unwrap();
    write_pages(&site, "OLD-MARK");
    let build_time = build_ok(&site, None);
    let old_tree = tree(&site.root().join("public"), None);
    assert!(old_tree.len() > PAGES, "{}", describe(&old_tree));
    assert_ne!(
        old_tree.keys().collect::<Vec<_>>(),
        new_tree.keys().collect::<Vec<_>>()
    );
    let page = |t: &BTreeMap<PathBuf, Vec<u8>>, i: usize| {
        String::from_utf8_lossy(&t[&PathBuf::from(format!("s{}/p{i}/index.html", i % 10))])
            .into_owned()
    };
    assert!(page(&old_tree, 1).contains("OLD-MARK"));
    assert!(page(&new_tree, 1).contains("NEW-MARK"));

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let window = build_time.as_millis() as u64;
    eprintln!("kill test: seed {seed}, one build of {PAGES} pages takes {build_time:?}");

    // Each round asks for the version public/ does not hold, so every kill interrupts a real
    // replacement; when a build finishes before its kill, the next round asks for the other.
    let mut want_new = true;
    let started = Instant::now();
    let mut outcomes = Vec::new();
    for round in 0..ITERATIONS {
        if round >= MIN_ITERATIONS && started.elapsed() > DEADLINE {
            break;
        }
        write_pages(&site, if want_new { "NEW-MARK" } else { "OLD-MARK" });
        // Half the rounds anywhere in the build, half near its end (the swap).
        let delay = if round % 2 == 0 {
            rng.below(window)
        } else {
            window * 7 / 10 + rng.below(window * 4 / 10)
        };
        let mut child = jieshui_build(&site, None);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = tree(&site.root().join("public"), None);
        let holds = if now == old_tree {
            "old"
        } else if now == new_tree {
            "new"
        } else {
            panic!(
                "round {round} (seed {seed}, killed after {delay} ms, {status}): public/ is \
                 neither site: {}; old: {}; new: {}",
                describe(&now),
                describe(&old_tree),
                describe(&new_tree)
            );
        };
        outcomes.push(format!("{delay}ms→{holds}"));
        if (holds == "new") == want_new {
            want_new = !want_new;
        }
    }
    eprintln!(
        "kill test: {} rounds in {:?}: {}",
        outcomes.len(),
        started.elapsed(),
        outcomes.join(", ")
    );

    // A last undisturbed build: the requested version, complete, and nothing left beside it.
    write_pages(&site, "NEW-MARK");
    build_ok(&site, None);
    let last = tree(&site.root().join("public"), None);
    if last != new_tree {
        let differ: Vec<_> = last
            .keys()
            .chain(new_tree.keys())
            .filter(|k| last.get(*k) != new_tree.get(*k))
            .take(5)
            .collect();
        panic!("the last build is not the new site: {differ:?}");
    }
    let left = staging_left(&site);
    assert!(left.is_empty(), "left behind: {left:?}");
}
