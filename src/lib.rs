//! jieshui (节水): a static site generator for public water-saving publicity.
//!
//! Data flows one way: read site.yaml → load content → load data → render (Markdown, then
//! templates) → publish (sitemap, feeds, calendar) → search index → write. `build` runs these
//! steps in that order, each a named function. The modules, from the bottom (used by
//! everything) to the top (using everything); a module uses only those listed before it,
//! which `tests/architecture.rs` checks:
//!
//! - `text`, `layout`: character classes, HTML escaping, slugs; the names on disk.
//! - `messages`, `diagnostics`: every message in Chinese and English; located diagnostics.
//! - `yaml`, `files`: YAML with located errors and key positions; reading files, the one
//!   directory walk, theme folders.
//! - `markdown`: Markdown to HTML with CJK typography, pinyin and shortcodes, behind a host.
//! - `cache`: results kept between builds, generic.
//! - `config`, `content`, `data`: site.yaml; the pages and sections; the typed data files.
//! - `output`: what a build writes and how (files, URLs, the sink, the staging swap, the lock).
//! - `render`, `publish`, `search`: the pipeline's stages after loading.
//! - `links`: `check --external`, asking other sites whether the pages' links to them work.
//! - `build`: the pipeline. `init`, `serve`, `cli`: the commands.
//!
//! Public are the modules the binary, the benchmarks and the fuzz targets use.

pub mod build;
pub(crate) mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub(crate) mod deploy;
pub mod diagnostics;
pub mod files;
pub mod gov;
pub mod images;
pub(crate) mod init;
pub mod layout;
pub mod links;
pub mod markdown;
pub mod messages;
pub(crate) mod output;
pub(crate) mod publish;
pub(crate) mod render;
pub mod search;
pub(crate) mod serve;
pub mod text;
pub mod yaml;
