//! The guide's examples are what jieshui prints (issue #18). A ```text block in `docs/content/`
//! that follows the comment `<!-- example: NAME -->` must equal what the commands of
//! `tests/guide_examples/NAME/` print; `JIESHUI_UPDATE_DOCS=1 cargo test` rewrites the blocks.
//!
//! A fixture folder holds:
//! - `commands`: one jieshui command line a line (`check`, `init 我的网站`), run in a copy of the
//!   folder in Chinese; what the last prints on stderr is the example;
//! - optionally `root`: a folder of the repository to copy instead (`.` for the bundled site);
//! - optionally `lines`: `first N` or `last N` of the output;
//! - the site's files otherwise; a file `NAME.xlsx.csv` (plain comma-separated lines) becomes the
//!   workbook `NAME.xlsx` with those cells, so a workbook example needs no binary fixture.
//!
//! The temporary folder's path is shown as `/home/wang`, times as `用时 0.02 秒`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::{copy_bundled_site, jieshui};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `<!-- example: NAME -->` block of the guide: (file, name, the block's lines range).
fn blocks(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line
            .trim()
            .strip_prefix("<!-- example: ")
            .and_then(|r| r.strip_suffix(" -->"))
        else {
            continue;
        };
        let open = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .expect("a ``` block after the example comment");
        let close = (open + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .expect("the block is closed");
        out.push((name.to_string(), open + 1..close));
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What the fixture `name` prints, normalised.
fn run_example(name: &str) -> String {
    let fixture = repo().join("tests/guide_examples").join(name);
    let read = |f: &str| std::fs::read_to_string(fixture.join(f)).ok();
    let commands = read("commands").unwrap_or_else(|| panic!("{name}: no commands file"));
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("wang");
    std::fs::create_dir_all(&home).unwrap();
    match read("root").as_deref().map(str::trim) {
        Some(".") => {
            copy_bundled_site(&home);
            std::fs::copy(repo().join("site.yaml"), home.join("site.yaml")).unwrap();
        }
        Some(dir) => copy_dir(&repo().join(dir), &home),
        None => copy_dir(&fixture, &home),
    }
    workbooks_from_csv(&home);
    let mut stderr = String::new();
    for line in commands.lines().filter(|l| !l.trim().is_empty()) {
        let args: Vec<&str> = line.split_whitespace().collect();
        let run = jieshui(&args).current_dir(&home).lang(Some("zh")).run();
        stderr = run.stderr;
    }
    let shown = stderr.replace(home.to_str().unwrap(), "/home/wang");
    let shown = normalise_times(&shown);
    let lines: Vec<&str> = shown.lines().collect();
    let picked: Vec<&str> = match read("lines").as_deref().map(str::trim) {
        Some(spec) if spec.starts_with("first ") => {
            let n: usize = spec[6..].parse().unwrap();
            lines.into_iter().take(n).collect()
        }
        Some(spec) if spec.starts_with("last ") => {
            let n: usize = spec[5..].parse().unwrap();
            let skip = lines.len().saturating_sub(n);
            lines.into_iter().skip(skip).collect()
        }
        _ => lines,
    };
    picked.join("\n")
}

/// Each `X.xlsx.csv` under `dir` replaced by the workbook `X.xlsx` holding its cells as text.
fn workbooks_from_csv(dir: &Path) {
    use jieshui::data::export::{Out, to_xlsx};
    let sources: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(".xlsx.csv")))
        .collect();
    for csv in sources {
        let text = std::fs::read_to_string(&csv).unwrap();
        let rows: Vec<Vec<Out>> = text
            .lines()
            .map(|l| l.split(',').map(|c| Out::Text(c.to_string())).collect())
            .collect();
        let xlsx = csv.with_extension("");
        std::fs::write(&xlsx, to_xlsx("Sheet1", &rows).unwrap()).unwrap();
        std::fs::remove_file(&csv).unwrap();
    }
}

/// `用时 0.05 秒` → `用时 0.02 秒`: the one figure that changes from run to run.
fn normalise_times(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("用时 ") {
        out.push_str(&rest[..i + "用时 ".len()]);
        rest = &rest[i + "用时 ".len()..];
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits > 0 {
            out.push_str("0.02");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_guide_shows_what_jieshui_prints() {
    let update = std::env::var_os("JIESHUI_UPDATE_DOCS").is_some();
    let docs = repo().join("docs/content");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&docs)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut checked = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let found = blocks(&text);
        if found.is_empty() {
            continue;
        }
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // From the last block up, so the ranges above stay right when one is rewritten.
        for (name, range) in found.into_iter().rev() {
            let want = run_example(&name);
            let have = lines[range.clone()].join("\n");
            checked.insert(name.clone(), file.clone());
            if have != want {
                if update {
                    lines.splice(range, want.lines().map(str::to_string));
                } else {
                    wrong.push(format!(
                        "{} (example {name}):\n--- the guide shows\n{have}\n--- jieshui prints\n{want}\n",
                        file.display()
                    ));
                }
            }
        }
        if update {
            let mut new = lines.join("\n");
            new.push('\n');
            if new != text {
                std::fs::write(&file, new).unwrap();
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the guide's examples differ from what jieshui prints (JIESHUI_UPDATE_DOCS=1 cargo test rewrites them):\n{}",
        wrong.join("\n")
    );
    // Every fixture is used by the guide, and there are some.
    let fixtures: Vec<String> = std::fs::read_dir(repo().join("tests/guide_examples"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for f in &fixtures {
        assert!(
            checked.contains_key(f),
            "tests/guide_examples/{f} is shown nowhere"
        );
    }
    assert!(checked.len() >= 5, "{checked:?}");
}
