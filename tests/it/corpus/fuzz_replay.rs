//! The fuzz targets' seed corpora (`fuzz/seeds/TARGET/`) replayed through the very functions
//! the fuzzers call (`fuzz/src/harness.rs`, included here): no panic, no fuzzing.

use std::path::PathBuf;

use super::repo;

#[allow(unreachable_pub, dead_code)]
#[path = "../../../fuzz/src/harness.rs"]
mod fuzz_harness;

#[test]
fn fuzz_seeds_replay_without_panic() {
    let mut replayed = 0;
    for (target, run) in fuzz_harness::TARGETS {
        let dir = repo().join("fuzz/seeds").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds for {target}");
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| run(&bytes));
            assert!(
                result.is_ok(),
                "fuzz target {target} panics on {}",
                file.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed >= 100, "only {replayed} seeds");
}
