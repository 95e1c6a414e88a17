//! Where rendered files go as soon as they are made: straight into the staging folder (build),
//! into memory (serve), or nowhere (check). Each path may be written once: a second writer is
//! an error naming both, and the build is then discarded whole. So is a file standing where
//! another source needs a folder (`static/news` beside a `news/` section), and a file at the
//! marker's name.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::layout::MARKER;
use crate::messages::{Msg, Origin};
use crate::output::OutFile;
use crate::output::progress::Progress;
use crate::output::{Copy, Source};

enum Mode {
    /// Write under this folder.
    Disk {
        root: PathBuf,
        dirs: Mutex<HashSet<PathBuf>>,
    },
    /// Keep everything (for `serve`).
    Memory {
        files: Mutex<Vec<OutFile>>,
        copies: Mutex<Vec<Copy>>,
    },
    /// Keep nothing (for `check`).
    Discard,
}

pub(crate) struct Sink {
    mode: Mode,
    /// Output path → what wrote it, to catch two writers of one file.
    seen: Mutex<HashMap<String, Origin>>,
    errors: Mutex<Vec<Diagnostic>>,
    written: AtomicUsize,
    progress: Progress,
    /// Shown every file put, with what wrote it (`check --external` reads the links of pages).
    observer: Option<Observer>,
}

/// What [`Sink::with_observer`] is given.
pub(crate) type Observer = Box<dyn Fn(&str, &[u8], &Origin) + Send + Sync>;

/// What a memory sink kept.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    pub files: Vec<OutFile>,
    pub copies: Vec<Copy>,
    /// Every path written (all modes), relative to the output root.
    pub paths: HashSet<String>,
}

impl Sink {
    fn new(mode: Mode) -> Sink {
        Sink {
            mode,
            seen: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            progress: Progress::default(),
            observer: None,
        }
    }

    /// The same sink, counting rendered pages on `progress`.
    pub(crate) fn with_progress(mut self, progress: Progress) -> Sink {
        self.progress = progress;
        self
    }

    /// The same sink, showing `observer` every file put (path, bytes, what wrote it).
    pub(crate) fn with_observer(mut self, observer: Option<Observer>) -> Sink {
        self.observer = observer;
        self
    }

    /// Where the renderer reports how far it got.
    pub(crate) fn progress(&self) -> &Progress {
        &self.progress
    }

    pub(crate) fn disk(root: &Path) -> Sink {
        Sink::new(Mode::Disk {
            root: root.to_path_buf(),
            dirs: Mutex::new(HashSet::new()),
        })
    }

    pub(crate) fn memory() -> Sink {
        Sink::new(Mode::Memory {
            files: Mutex::new(Vec::new()),
            copies: Mutex::new(Vec::new()),
        })
    }

    pub(crate) fn discard() -> Sink {
        Sink::new(Mode::Discard)
    }

    /// Claims `path` for `origin`; false (and an error) when something else already wrote it,
    /// or when the path is the marker's.
    fn claim(&self, path: &str, origin: &Origin) -> bool {
        if path == MARKER
            || path
                .strip_prefix(MARKER)
                .is_some_and(|r| r.starts_with('/'))
        {
            let mut d = Diagnostic::error(Msg::ReservedOutput {
                path: path.to_string(),
                origin: origin.clone(),
            });
            if let Some(file) = origin.file() {
                d = d.in_file(file);
            }
            self.push_error(d);
            return false;
        }
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(first) = seen.get(path) {
            // Files render in parallel: order the two so the message is the same every run,
            // and put it at the content file involved, if any (the first line names a file).
            let (a, b) = if first <= origin {
                (first, origin)
            } else {
                (origin, first)
            };
            let file = [a, b]
                .into_iter()
                .filter_map(Origin::file)
                .find(|f| f.starts_with("content/"))
                .map(str::to_string);
            let mut d = Diagnostic::error(Msg::WrittenTwice {
                path: path.to_string(),
                first: a.clone(),
                second: b.clone(),
            });
            if let Some(file) = file {
                d = d.in_file(file);
            }
            drop(seen);
            self.push_error(d);
            return false;
        }
        seen.insert(path.to_string(), origin.clone());
        true
    }

    fn push_error(&self, d: Diagnostic) {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }

    pub(crate) fn put(&self, file: OutFile, origin: &Origin) {
        if !self.claim(&file.path, origin) {
            return;
        }
        if let Some(observe) = &self.observer {
            observe(&file.path, &file.bytes, origin);
        }
        let result = match &self.mode {
            Mode::Disk { root, dirs } => {
                let dest = root.join(&file.path);
                self.write_disk(root, &dest, dirs, |d| std::fs::write(d, &file.bytes))
            }
            Mode::Memory { files, .. } => {
                files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
                self.written.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Mode::Discard => Ok(()),
        };
        self.record(result, &file.path, origin);
    }

    pub(crate) fn copy(&self, copy: &Copy) {
        let origin = Origin::File(copy.shown.clone());
        if !self.claim(&copy.to, &origin) {
            return;
        }
        let result = match &self.mode {
            Mode::Disk { root, dirs } => {
                let dest = root.join(&copy.to);
                self.write_disk(root, &dest, dirs, |d| match &copy.from {
                    Source::Disk(from) => std::fs::copy(from, d).map(|_| ()),
                    Source::BuiltIn(bytes) => std::fs::write(d, bytes),
                })
            }
            Mode::Memory { copies, .. } => {
                copies
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(copy.clone());
                Ok(())
            }
            Mode::Discard => Ok(()),
        };
        self.record(result, &copy.to, &origin);
    }

    /// Writes `dest` (creating its folders). The staging folder may hold the previous site,
    /// where a file can stand where a folder must go now, or a folder where a file must: on
    /// failure, whatever is in the way is removed and the write tried once more.
    fn write_disk(
        &self,
        root: &Path,
        dest: &Path,
        dirs: &Mutex<HashSet<PathBuf>>,
        write: impl Fn(&Path) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let first = self.ensure_parent(dest, dirs).and_then(|()| write(dest));
        if first.is_ok() || !clear_way(root, dest) {
            return first;
        }
        self.ensure_parent(dest, dirs).and_then(|()| write(dest))
    }

    fn ensure_parent(&self, dest: &Path, dirs: &Mutex<HashSet<PathBuf>>) -> std::io::Result<()> {
        let Some(parent) = dest.parent() else {
            return Ok(());
        };
        if dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(parent)
        {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        dirs.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(parent.to_path_buf());
        Ok(())
    }

    fn record(&self, result: std::io::Result<()>, path: &str, origin: &Origin) {
        match result {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let d = Diagnostic::error(Msg::CannotWrite {
                    path: path.to_string(),
                    from: Some(origin.clone()),
                    detail: e.to_string(),
                });
                self.errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d);
            }
        }
    }

    /// How many files were written, the errors, and what a memory sink kept.
    pub(crate) fn finish(self) -> (usize, Vec<Diagnostic>, Kept) {
        let written = self.written.into_inner();
        let mut errors = self.errors.into_inner().unwrap_or_else(|e| e.into_inner());
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        errors.extend(file_folder_clashes(&seen));
        let paths = seen.into_keys().collect();
        let kept = match self.mode {
            Mode::Memory { files, copies } => Kept {
                files: files.into_inner().unwrap_or_else(|e| e.into_inner()),
                copies: copies.into_inner().unwrap_or_else(|e| e.into_inner()),
                paths,
            },
            _ => Kept {
                paths,
                ..Kept::default()
            },
        };
        (written, errors, kept)
    }
}

/// Files written where another file needs a folder: `news` and `news/index.html`. Found once
/// every file is known, so the message is the same whatever order files were written in: for
/// each such file, the first path (in byte order) under it is named.
fn file_folder_clashes(seen: &HashMap<String, Origin>) -> Vec<Diagnostic> {
    let mut inner_of: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for path in seen.keys() {
        for (i, _) in path.match_indices('/') {
            let folder = &path[..i];
            if seen.contains_key(folder) {
                let best = inner_of.entry(folder).or_insert(path);
                if path.as_str() < *best {
                    *best = path;
                }
            }
        }
    }
    inner_of
        .into_iter()
        .map(|(folder, inner)| {
            let (file, under) = (&seen[folder], &seen[inner]);
            let mut d = Diagnostic::error(Msg::FileFolderClash {
                path: folder.to_string(),
                file: file.clone(),
                inner: inner.to_string(),
                folder: under.clone(),
            });
            if let Some(f) = [file, under]
                .into_iter()
                .filter_map(Origin::file)
                .find(|f| f.starts_with("content/"))
            {
                d = d.in_file(f);
            }
            d
        })
        .collect()
}

/// Removes what stands in the way of writing `dest` under `root`: a file where one of its
/// folders must be, or a folder where it must be. Whether anything was removed. Within one
/// build no two sources clash (the build fails if they do), so what is removed here is left
/// from the previous site the staging folder recycles.
fn clear_way(root: &Path, dest: &Path) -> bool {
    let Ok(rel) = dest.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        at.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            return false;
        };
        let last = parts.peek().is_none();
        if last && meta.is_dir() {
            return std::fs::remove_dir_all(&at).is_ok();
        }
        if !last && !meta.is_dir() {
            return std::fs::remove_file(&at).is_ok();
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_of_a_path_is_an_error_naming_both() {
        let sink = Sink::memory();
        sink.put(
            OutFile {
                path: "a/index.html".into(),
                bytes: b"1".to_vec(),
            },
            &Origin::File("content/a.md".into()),
        );
        sink.put(
            OutFile {
                path: "a/index.html".into(),
                bytes: b"2".to_vec(),
            },
            &Origin::File("data/carriers.yaml".into()),
        );
        let (written, errors, kept) = sink.finish();
        assert_eq!(written, 1);
        assert_eq!(kept.files.len(), 1);
        assert!(
            errors[0]
                .message(crate::messages::Lang::En)
                .contains("content/a.md and data/carriers.yaml")
        );
    }

    #[test]
    fn a_file_where_a_folder_must_be_is_an_error_naming_both() {
        let sink = Sink::memory();
        let put = |path: &str, from: &str| {
            sink.put(
                OutFile {
                    path: path.into(),
                    bytes: Vec::new(),
                },
                &Origin::File(from.into()),
            )
        };
        put("news/b/index.html", "content/news/b.md");
        put("news", "static/news");
        put("news/a/index.html", "content/news/a.md");
        put("newsletter/index.html", "content/newsletter.md");
        let (_, errors, _) = sink.finish();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].msg,
            Msg::FileFolderClash {
                path: "news".into(),
                file: Origin::File("static/news".into()),
                inner: "news/a/index.html".into(),
                folder: Origin::File("content/news/a.md".into()),
            }
        );
        assert_eq!(errors[0].path.as_deref(), Some("content/news/a.md"));
    }

    #[test]
    fn the_marker_name_is_refused() {
        let sink = Sink::memory();
        for path in [".jieshui", ".jieshui/index.html"] {
            sink.put(
                OutFile {
                    path: path.into(),
                    bytes: Vec::new(),
                },
                &Origin::File("content/a.md".into()),
            );
        }
        sink.put(
            OutFile {
                path: ".jieshui-notes/index.html".into(),
                bytes: Vec::new(),
            },
            &Origin::File("content/b.md".into()),
        );
        let (written, errors, _) = sink.finish();
        assert_eq!((written, errors.len()), (1, 2));
        assert!(errors.iter().all(|e| e.msg.kind() == "reserved-output"));
    }

    #[test]
    fn disk_sink_creates_folders() {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::disk(dir.path());
        sink.put(
            OutFile {
                path: "x/y/index.html".into(),
                bytes: b"hi".to_vec(),
            },
            &Origin::File("t".into()),
        );
        assert_eq!(sink.finish().0, 1);
        assert_eq!(
            std::fs::read(dir.path().join("x/y/index.html")).unwrap(),
            b"hi"
        );
    }
}
