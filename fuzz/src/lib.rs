//! The fuzz targets' bodies. They live in `harness.rs`, which has no libFuzzer dependency, so
//! the main crate's integration test (`tests/it/corpus.rs`) includes the same file and replays
//! every seed through the very functions the fuzzers call.

#[path = "harness.rs"]
pub mod harness;
