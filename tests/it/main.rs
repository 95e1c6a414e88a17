//! Integration tests: small fixture sites built into temp dirs by the real binary.

mod bad_input;
mod build;
mod bundled;
mod cache;
mod corpus;
mod data;
mod harness;
mod hostile;
mod images;
mod kill;
mod messages;
mod output;
mod pinyin;
mod plan_faithful;
mod publish;
mod quiz;
mod serve;
mod stream;
mod theme;
