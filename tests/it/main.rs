//! Integration tests: small fixture sites built into temp dirs by the real binary.

mod bad_input;
mod build;
mod bundled;
mod data;
mod harness;
mod output;
mod publish;
