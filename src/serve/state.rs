//! What the server shows: the last good site, in memory, and the state of the latest build.
//! A rebuild makes a whole new `Snapshot` and publishes it in one step through a `watch`
//! channel, so a request sees either the old site or the new one, never a mix, and every open
//! event stream hears about it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use tokio::sync::watch;

use crate::build::SiteOutput;
use crate::output::Source;

/// One file of the built site.
#[derive(Debug)]
pub(crate) enum Body {
    /// Rendered by the build.
    Memory(Bytes),
    /// Copied as it is: read from disk when asked for.
    Disk(PathBuf),
}

/// A successful build, keyed by output path (`news/a/index.html`, `style.css`).
#[derive(Debug, Default)]
pub(crate) struct SiteFiles {
    files: HashMap<String, Body>,
}

impl SiteFiles {
    pub(crate) fn from_output(out: SiteOutput) -> SiteFiles {
        let mut files = HashMap::with_capacity(out.files.len() + out.copies.len());
        for f in out.files {
            files.insert(f.path, Body::Memory(Bytes::from(f.bytes)));
        }
        for c in out.copies {
            let body = match c.from {
                Source::Disk(from) => Body::Disk(from),
                Source::BuiltIn(bytes) => Body::Memory(Bytes::from_static(bytes)),
            };
            files.insert(c.to, body);
        }
        SiteFiles { files }
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }
}

/// The server's view of the site at one moment.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The last good build; `None` until one succeeds.
    pub(crate) site: Option<Arc<SiteFiles>>,
    /// Names the build `site` came from (`none` before the first good one); pages carry it and
    /// reload when the server's differs.
    pub(crate) build: String,
    /// The errors of the latest build, each as printed; empty when it succeeded.
    pub(crate) errors: Arc<[String]>,
    pub(crate) warnings: usize,
    pub(crate) pages: usize,
    pub(crate) seconds: f64,
}

/// Shared by every request handler and the rebuild thread.
pub(crate) struct Shared {
    current: watch::Sender<Arc<Snapshot>>,
    /// The site folder, canonical: copies must stay inside it.
    root: PathBuf,
    /// The language of the terminal's messages.
    lang: crate::messages::Lang,
    /// How requests reach the server: the base_url pages are built with, and whether only
    /// loopback names are answered.
    reach: Reach,
}

/// The printed URL pages are built with, and who may ask for them.
#[derive(Debug, Clone)]
pub(crate) struct Reach {
    /// `http://127.0.0.1:1111/`: replaced in what is sent by the address the browser used.
    pub(crate) base_url: String,
    /// Bound to a loopback address: a `Host` that is not a loopback name is refused.
    pub(crate) loopback_only: bool,
}

impl Shared {
    pub(crate) fn new(
        first: Snapshot,
        root: PathBuf,
        lang: crate::messages::Lang,
        reach: Reach,
    ) -> Shared {
        let (current, _) = watch::channel(Arc::new(first));
        Shared {
            current,
            root,
            lang,
            reach,
        }
    }

    pub(crate) fn reach(&self) -> &Reach {
        &self.reach
    }

    pub(crate) fn lang(&self) -> crate::messages::Lang {
        self.lang
    }

    /// The snapshot to answer one request from.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.borrow())
    }

    /// Replaces the snapshot and wakes every event stream.
    pub(crate) fn publish(&self, next: Snapshot) {
        self.current.send_replace(Arc::new(next));
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Arc<Snapshot>> {
        self.current.subscribe()
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }
}
