//! Integration tests: small fixture sites built into temp dirs by the real binary.

mod bad_input;
mod build;
mod bundled;
mod cache;
mod corpus;
mod data;
mod deploy;
mod first_hour;
mod guide_examples;
mod harness;
mod hostile;
mod images;
mod kill;
mod messages;
mod odd_input;
mod output;
mod pinyin;
mod plan_faithful;
mod publish;
mod quiz;
mod reference;
mod serve;
mod sheets;
mod stream;
mod theme;
mod zip;
