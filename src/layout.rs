//! The names jieshui reads and writes on disk: the parts of a site folder, the four kinds of
//! data record (which name their files and URLs), and what a build keeps in and beside its
//! output. Every stage, and every message, takes the names from here.

/// The site's settings, at the root of the site folder.
pub const CONFIG_FILE: &str = "site.yaml";

/// The folders of a site that jieshui reads (an output may not go inside them).
pub const INPUT_FOLDERS: [&str; 5] = ["content", "data", "themes", "templates", "static"];

/// The marker file jieshui keeps at the root of every output folder it makes.
pub const MARKER: &str = ".jieshui";

/// What the marker says to whoever opens it.
pub const MARKER_TEXT: &str =
    "This folder is made by jieshui. `jieshui build` replaces it whole.\n";

/// Beside the output `NAME`: the folder a build is written into before it replaces the
/// output (`.jieshui-staging-NAME-PID`), the site it replaced, kept for the next build to
/// write over (`.jieshui-previous-NAME`), and the lock that lets one build at a time write it
/// (`.jieshui-lock-NAME`).
pub const STAGING_PREFIX: &str = ".jieshui-staging-";
pub const PREVIOUS_PREFIX: &str = ".jieshui-previous-";
pub const LOCK_PREFIX: &str = ".jieshui-lock-";

/// In the site folder: what builds keep for the next one (image variants), safe to delete.
pub const CACHE_DIR: &str = ".jieshui-cache";

/// The four record kinds of `data/`, which give their files (`data/districts.yaml`) and URLs
/// (`/districts/ID/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Districts,
    Units,
    Carriers,
    Leaders,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Districts,
        RecordKind::Units,
        RecordKind::Carriers,
        RecordKind::Leaders,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Districts => "districts",
            RecordKind::Units => "units",
            RecordKind::Carriers => "carriers",
            RecordKind::Leaders => "leaders",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Districts => "district",
            RecordKind::Units => "unit",
            RecordKind::Carriers => "carrier",
            RecordKind::Leaders => "water-efficiency leader",
        }
    }
}
