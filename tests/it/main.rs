//! Integration tests: small fixture sites built into temp dirs by the real binary.

mod bad_input;
mod build;
mod bundled;
mod cache;
mod corpus;
mod data;
mod first_hour;
mod gov;
mod harness;
mod hostile;
mod images;
mod kill;
mod messages;
mod odd_input;
mod output;
mod plan_faithful;
mod publish;
mod serve;
mod stream;
mod theme;
