//! The content stage: walk `content/`, split and parse front matter, build the `Library` of
//! pages and sections keyed by path, with their URLs, order and taxonomies.

pub mod dates;
pub mod front_matter;
pub mod library;
mod load;
pub(crate) mod parse;
mod paths;

pub use front_matter::{Event, FrontMatter, SortBy};
pub use library::{Doc, Expiry, LeftOut, Library, Page, Section, Taxonomy, Term};
pub use load::{Include, load};
pub use parse::Parsed;
pub use paths::{check_slug, part_problem};
