//! jieshui (节水): a static site generator for public water-saving publicity.
//!
//! Data flows one way: load config → walk content → parse front matter → render Markdown →
//! build the site model → render templates → write output. Each stage is a module.

pub mod app;
pub mod args;
pub mod build;
pub mod cache;
pub mod campaign;
pub mod checks;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod dates;
pub mod diagnostics;
mod diagnostics_json;
pub mod files;
pub mod html;
pub mod init;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod timing;
pub mod yaml;
pub mod yaml_pos;
