//! jieshui (节水): a static site generator for public water-saving publicity.
//!
//! Data flows one way: load config → walk content → parse front matter → render Markdown →
//! build the site model → render templates → write output. Each stage is a module.

pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod files;
pub mod init;
pub mod layout;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod yaml;
