//! Watches the site's inputs (`content/`, `data/`, `themes/`, `templates/`, `static/`,
//! `site.yaml`) with notify and a 50 ms debouncer, and hands the rebuild loop one batch of
//! changed paths per burst of saves. Hidden and editors' temporary files and the output folder
//! are ignored. Native events are used where they work; when the native watcher cannot be
//! created or cannot watch a folder (say, too many inotify watches), or `JIESHUI_WATCH=poll`
//! is set (network and WSL mounts, where native events never come), the folders are polled.

use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Status};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, new_debouncer_opt};

use crate::files::walk::is_ignored;

/// The folders under the root whose files are inputs; `site.yaml` is the other input.
const DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];
const DEBOUNCE: Duration = Duration::from_millis(50);
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What a burst of changes touched, relative to the root (`content/news/a.md`).
pub(crate) type Batch = Vec<String>;

pub(crate) struct Watch {
    debouncer: Box<dyn Watching>,
    root: PathBuf,
    watched: HashSet<&'static str>,
    rx: mpsc::Receiver<Batch>,
    /// Changes taken off the channel by `changed_since` and not yet handed out.
    stash: Batch,
    /// How the files are watched, for the terminal.
    pub(crate) how: &'static str,
    lang: Lang,
}

/// A batch entry saying that events were lost: everything may have changed.
pub(crate) const WHOLE_SITE: &str = "(the whole site)";

/// The calls made on a debouncer, whichever watcher it wraps.
trait Watching: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn unwatch(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T: Watcher + Send> Watching for Debouncer<T, NoCache> {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        Debouncer::watch(self, path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        Debouncer::unwatch(self, path)
    }
}

/// Starts watching `root` (canonical), ignoring everything under `output`; by polling when
/// `poll` (else only when the system's notifications fail).
pub(crate) fn start(
    root: &Path,
    output: Option<PathBuf>,
    poll: bool,
    lang: Lang,
) -> notify::Result<Watch> {
    if !poll {
        match open::<RecommendedWatcher>(root, output.clone(), notify::Config::default(), lang) {
            Ok(w) => return Ok(w),
            Err(e) => {
                let detail = e.to_string();
                eprintln!("{}", Status::Polling { detail }.text(lang));
            }
        }
    }
    // notify's poller keeps modification times in whole seconds: compare contents as well, or
    // a save in the same second as the last poll would go unseen.
    let config = notify::Config::default()
        .with_poll_interval(POLL_EVERY)
        .with_compare_contents(true);
    let mut watch = open::<PollWatcher>(root, output, config, lang)?;
    watch.how = "polling every 500 ms";
    Ok(watch)
}

fn open<T: Watcher + Send + 'static>(
    root: &Path,
    output: Option<PathBuf>,
    config: notify::Config,
    lang: Lang,
) -> notify::Result<Watch> {
    let (tx, rx) = mpsc::channel();
    let filter_root = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let batch = relevant_changes(&filter_root, output.as_deref(), result, lang);
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
    };
    let debouncer = new_debouncer_opt::<_, T, NoCache>(DEBOUNCE, None, handler, NoCache, config)?;
    let mut watch = Watch {
        debouncer: Box::new(debouncer),
        root: root.to_path_buf(),
        watched: HashSet::new(),
        rx,
        stash: Batch::new(),
        how: "native file events",
        lang,
    };
    watch.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    watch.refresh(&[])?;
    Ok(watch)
}

impl Watch {
    /// Waits for the next batch of changes and takes any that queued up behind it; `None` when
    /// the watcher has stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = if self.stash.is_empty() {
            self.rx.recv().ok()?
        } else {
            std::mem::take(&mut self.stash)
        };
        while let Ok(more) = self.rx.try_recv() {
            batch.extend(more);
        }
        batch.sort();
        batch.dedup();
        if let Err(e) = self.refresh(&batch) {
            watch_failed(&e, self.lang);
        }
        Some(batch)
    }

    /// Whether more changes have arrived (they are kept for the next batch): a build that
    /// failed meanwhile may have read a file half-way through being saved.
    pub(crate) fn changed_since(&mut self) -> bool {
        while let Ok(more) = self.rx.try_recv() {
            self.stash.extend(more);
        }
        !self.stash.is_empty()
    }

    /// Watches the input folders that exist, again for any that was just created (a folder
    /// deleted and made anew is a new folder to the kernel).
    fn refresh(&mut self, batch: &[String]) -> notify::Result<()> {
        for dir in DIRS {
            let path = self.root.join(dir);
            let touched = batch.iter().any(|p| p == dir);
            if !path.is_dir() {
                if self.watched.remove(dir) {
                    let _ = self.debouncer.unwatch(&path);
                }
                continue;
            }
            if touched && self.watched.remove(dir) {
                let _ = self.debouncer.unwatch(&path);
            }
            if !self.watched.contains(dir) {
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

fn watch_failed(e: &notify::Error, lang: Lang) {
    let d = Diagnostic::warning(Msg::WatchFailed {
        detail: e.to_string(),
    });
    eprintln!("{}", d.render(lang));
}

/// The root-relative paths of a debounced batch that are inputs of the site.
fn relevant_changes(
    root: &Path,
    output: Option<&Path>,
    result: DebounceEventResult,
    lang: Lang,
) -> Batch {
    match result {
        Ok(events) => {
            let mut out = Vec::new();
            for event in events {
                if event.need_rescan() {
                    out.push(WHOLE_SITE.to_string());
                }
                if !is_change(&event.kind) {
                    continue;
                }
                out.extend(event.paths.iter().filter_map(|p| relevant(root, output, p)));
            }
            out
        }
        Err(errors) => {
            for e in errors {
                watch_failed(&e, lang);
            }
            // Events may have been lost: rebuild to be sure.
            vec![WHOLE_SITE.to_string()]
        }
    }
}

/// Opening and reading files (the build itself does) is no change; closing a written file is.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// `path` relative to the root when it is an input of the site.
fn relevant(root: &Path, output: Option<&Path>, path: &Path) -> Option<String> {
    if output.is_some_and(|o| path.starts_with(o)) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return None;
        };
        let name = name.to_string_lossy();
        if is_ignored(&name) {
            return None;
        }
        parts.push(name.into_owned());
    }
    let first = parts.first()?;
    let input = if parts.len() == 1 {
        first == crate::layout::CONFIG_FILE || DIRS.contains(&first.as_str())
    } else {
        DIRS.contains(&first.as_str())
    };
    input.then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count() {
        let root = Path::new("/site");
        let out = Some(Path::new("/site/static/public"));
        let yes = |p: &str| relevant(root, out, Path::new(p));
        assert_eq!(yes("/site/content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(yes("/site/site.yaml").as_deref(), Some("site.yaml"));
        assert_eq!(yes("/site/static").as_deref(), Some("static"));
        assert_eq!(
            yes("/site/themes/t/templates/page.html").as_deref(),
            Some("themes/t/templates/page.html")
        );
        for no in [
            "/site/public/index.html",
            "/site/static/public/x.css",
            "/site/README.md",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/#a.md#",
            "/site/content/.git/x",
            "/site/.jieshui-staging/index.html",
            "/site/data/4913",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(yes(no), None, "{no}");
        }
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            notify::event::AccessMode::Any
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
    }
}
