//! The checked-in bad inputs: one folder per case under `tests/bad_inputs/`, laid over the
//! minimal site, with its `expect.txt`.

use std::path::{Path, PathBuf};

use super::{Expect, check_case, repo};
use crate::harness::{Site, tree};

#[test]
fn bad_inputs() {
    let dir = repo().join("tests/bad_inputs");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expect_text = std::fs::read_to_string(case.join("expect.txt"))
            .unwrap_or_else(|e| panic!("{name}/expect.txt: {e}"));
        let expect = Expect::parse(&expect_text);
        let site = Site::new();
        for (rel, bytes) in tree(case, None) {
            if rel == Path::new("expect.txt") {
                continue;
            }
            site.write_bytes(rel.to_str().unwrap(), &bytes);
        }
        problems.extend(check_case(&name, &site, &expect));
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases failed:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}
