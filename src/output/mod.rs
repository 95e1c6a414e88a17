//! The output stage: every file is written into a staging folder beside the output, which is
//! swapped in only when all of it succeeded. A failed or interrupted build leaves the previous
//! output as it was; jieshui only ever replaces a folder it made itself (it keeps a marker).

pub mod calendar;
pub mod feeds;
mod guard;
mod images;
mod lock;
pub mod progress;
mod sink;
pub mod sitemap;
mod statics;
mod swap;

pub use guard::{check_output_dir, inside_site, resolve_output_dir};
pub use images::missing_images;
pub use lock::OutputLock;
pub use sink::{Kept, Sink};
pub use statics::{Copy, Source, collect_copies};
pub use swap::Staging;
