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

/// The `sheet_xlsx` target's structured mode makes workbooks that open: its seed's cells are
/// read (not stopped at the zip).
#[test]
fn the_xlsx_target_reaches_the_cells() {
    let seed = std::fs::read(repo().join("fuzz/seeds/sheet_xlsx/sheet-xml.bin")).unwrap();
    let book = fuzz_harness::xlsx_with_rows(&seed[1..]).unwrap();
    let sheet = jieshui::data::sheet::read("data/carriers.xlsx", book).unwrap();
    assert_eq!(sheet.rows.len(), 3);
    assert_eq!(sheet.rows[2].row, 12);
}
