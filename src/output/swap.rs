//! The staging folder and the swap: `renameat2(RENAME_EXCHANGE)` makes replacing the old
//! output with the new one a single atomic step on Linux.
//!
//! The site that a swap replaces is not deleted: it is kept beside the output as
//! `.jieshui-previous-NAME` and becomes the next build's staging folder. Writing over a file
//! that exists costs a fraction of creating one (on an ext4 disk ~0.1 ms against ~0.6 ms,
//! with deleting the old one as much again), so a rebuild on disk mostly overwrites; files the
//! new build does not write are removed before the swap. The output itself is still only ever
//! replaced whole.
//!
//! Except at a mount point (the root of a USB stick or a network drive: `--output-dir
//! /media/u/USB`), which no rename can move. There the staging folder is made inside the output,
//! and its entries replace the output's one by one (each file in one rename, each folder moved
//! aside, then in); the build says so in a warning.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::mount::{holds_only_ours, is_mount_point, reserved};
use crate::diagnostics::Diagnostic;
use crate::layout::{MARKER, MARKER_TEXT, PREVIOUS_PREFIX, STAGING_PREFIX};
use crate::messages::{Msg, OutputWhy};

pub(crate) struct Staging {
    path: PathBuf,
    done: bool,
    /// The output is a mount point: the staging folder is inside it, and the commit replaces
    /// its entries one by one.
    in_place: bool,
    /// For a recycled folder, what it held when taken: files and folders, relative,
    /// `/`-separated, in walk order (a folder before what is in it).
    held: Option<Held>,
}

#[derive(Default)]
struct Held {
    files: Vec<String>,
    dirs: Vec<PathBuf>,
}

fn out_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn prefix_for(out: &Path) -> String {
    format!("{STAGING_PREFIX}{}-", out_name(out))
}

/// Where the site replaced by the last build is kept for the next one to write over.
fn previous_for(out: &Path) -> PathBuf {
    let name = format!("{PREVIOUS_PREFIX}{}", out_name(out));
    out.parent()
        .map_or_else(|| PathBuf::from(&name), |p| p.join(&name))
}

impl Staging {
    /// Creates `.jieshui-staging-NAME-PID` beside `out` (in it, when `out` is a mount point),
    /// removing leftovers of interrupted builds.
    pub(crate) fn create(out: &Path) -> Result<Staging, Diagnostic> {
        if is_mount_point(out) {
            return Staging::create_inside(out);
        }
        let parent = out.parent().ok_or_else(|| {
            Diagnostic::error(Msg::OutputDirRefused {
                dir: out.display().to_string(),
                why: OutputWhy::ContainsSite,
            })
        })?;
        std::fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        check_replaceable(out)?;
        clean_leftovers(parent, &prefix_for(out));
        let path = parent.join(format!("{}{}", prefix_for(out), std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        // The previous site, if it is there and ours (a real folder, never a link to one), is
        // taken and cleared of anything a build would not have made.
        let previous = previous_for(out);
        if is_ours(&previous) && std::fs::rename(&previous, &path).is_ok() {
            if is_ours(&path) {
                let held = scrub(&path);
                return Ok(Staging {
                    path,
                    done: false,
                    in_place: false,
                    held: Some(held),
                });
            }
            // Replaced by something else between the look and the rename: not followed.
            let _ = std::fs::remove_file(&path);
        }
        Staging::fresh(path, false)
    }

    /// A new, empty staging folder at `path`, with the marker.
    fn fresh(path: PathBuf, in_place: bool) -> Result<Staging, Diagnostic> {
        std::fs::create_dir(&path)
            .and_then(|()| std::fs::write(path.join(MARKER), MARKER_TEXT))
            .map_err(|e| cannot_write(&path, &e))?;
        Ok(Staging {
            path,
            done: false,
            in_place,
            held: None,
        })
    }

    /// The staging folder inside a mount point `out`, which is jieshui's or empty.
    fn create_inside(out: &Path) -> Result<Staging, Diagnostic> {
        if !holds_only_ours(out) {
            check_replaceable(out)?;
        }
        let prefix = prefix_for(out);
        clean_leftovers(out, &prefix);
        Staging::fresh(out.join(format!("{prefix}{}", std::process::id())), true)
    }

    /// The warning for an output that is replaced entry by entry, not in one step.
    pub(crate) fn notice(&self, out: &Path) -> Option<Diagnostic> {
        self.in_place.then(|| {
            Diagnostic::warning(Msg::OutputNotAtomic {
                dir: out.display().to_string(),
            })
        })
    }

    /// Removes every file the build did not write (`written`: paths relative to the staging
    /// folder, `/`-separated), then the folders left empty. Only a recycled folder has any; it
    /// was listed when taken, so nothing is walked again.
    pub(crate) fn prune(&self, written: &HashSet<String>) {
        let Some(held) = &self.held else {
            return;
        };
        for rel in &held.files {
            if rel != MARKER && !written.contains(rel) {
                let _ = std::fs::remove_file(self.path.join(rel));
            }
        }
        for dir in held.dirs.iter().rev() {
            // Fails, harmlessly, unless the folder is empty.
            let _ = std::fs::remove_dir(self.path.join(dir));
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the staged site in place of `out`, then removes the old one.
    pub(crate) fn commit(mut self, out: &Path) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| cannot_write(out, &e);
        if self.in_place {
            replace_entries(&self.path, out).map_err(fail)?;
            self.done = true;
            remove_tree(&self.path);
            return Ok(());
        }
        if out.exists() {
            match exchange(&self.path, out) {
                Ok(()) => {}
                Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) => {
                    // No atomic exchange on this file system: move aside, then in.
                    let aside = self.path.with_extension("old");
                    std::fs::rename(out, &aside).map_err(fail)?;
                    std::fs::rename(&self.path, out).map_err(fail)?;
                    self.path = aside;
                }
                Err(e) => return Err(fail(e)),
            }
            // The old site now sits at the staging path: it is kept for the next build.
            keep_as_previous(&self.path, &previous_for(out));
        } else {
            std::fs::rename(&self.path, out).map_err(fail)?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            remove_tree(&self.path);
        }
    }
}

/// Keeps the replaced site as the previous one (removing it if that fails). What stands at
/// the previous name is replaced only if jieshui made it; a link there is removed as a link
/// (its target is never touched), and anything else is left alone.
fn keep_as_previous(old: &Path, previous: &Path) {
    match std::fs::symlink_metadata(previous) {
        Err(_) => {}
        Ok(m) if m.file_type().is_symlink() => {
            let _ = std::fs::remove_file(previous);
        }
        Ok(_) if is_ours(previous) => remove_tree(previous),
        Ok(_) => {
            remove_tree(old);
            return;
        }
    }
    if std::fs::rename(old, previous).is_err() {
        remove_tree(old);
    }
}

/// Replaces what `out` holds with what `staged` (a folder inside it) holds, entry by entry:
/// first what the new site does not have is removed, then each file is renamed over the old
/// one and each folder is moved aside, replaced and the old one removed. The marker stays all
/// along, so an interrupted build leaves a folder the next build recognises and finishes.
fn replace_entries(staged: &Path, out: &Path) -> std::io::Result<()> {
    let staged_name = staged.file_name().unwrap_or_default();
    let new: HashSet<std::ffi::OsString> = std::fs::read_dir(staged)?
        .flatten()
        .map(|e| e.file_name())
        .collect();
    for entry in std::fs::read_dir(out)?.flatten() {
        let name = entry.file_name();
        if name != staged_name && !reserved(&name) && !new.contains(&name) {
            remove_tree(&entry.path());
        }
    }
    for name in &new {
        if reserved(name) {
            continue;
        }
        let (from, to) = (staged.join(name), out.join(name));
        if is_real_dir(&to) {
            let aside = staged.join(format!("{PREVIOUS_PREFIX}{}", name.to_string_lossy()));
            std::fs::rename(&to, &aside)?;
            std::fs::rename(&from, &to)?;
            remove_tree(&aside);
        } else {
            if from.is_dir() {
                // A file where the new site has a folder (a rename cannot put one over the other).
                let _ = std::fs::remove_file(&to);
            }
            std::fs::rename(&from, &to)?;
        }
    }
    // An empty mount point becomes jieshui's last, when the site is all there.
    if !out.join(MARKER).is_file() {
        std::fs::rename(staged.join(MARKER), out.join(MARKER))?;
    }
    Ok(())
}

/// A real folder (not a link to one) with jieshui's marker as a real file in it.
fn is_ours(dir: &Path) -> bool {
    is_real_dir(dir) && std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Makes a recycled folder safe to write into: anything a build never makes (a link, a pipe,
/// a file with other hard links, whose contents an overwrite would change elsewhere too) is
/// removed first. Returns what is left in it.
fn scrub(path: &Path) -> Held {
    let mut held = Held::default();
    let walker = walkdir::WalkDir::new(path)
        .min_depth(1)
        .follow_links(false)
        .follow_root_links(false);
    for entry in walker.into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(path) else {
            continue;
        };
        match entry.metadata() {
            Ok(m) if m.is_dir() => held.dirs.push(rel.to_path_buf()),
            Ok(m) if m.is_file() && single_link(&m) => {
                held.files.push(rel.to_string_lossy().replace('\\', "/"));
            }
            _ => {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    held
}

#[cfg(unix)]
fn single_link(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() == 1
}

#[cfg(not(unix))]
fn single_link(_: &std::fs::Metadata) -> bool {
    true
}

/// Removes a folder tree, its top-level entries in parallel (deleting 10,000 files is most of
/// the cost of replacing a site). The marker goes last, so a build killed half-way through
/// leaves a folder that the next build still recognises as its own and removes. Links are
/// removed, never followed: a link given as `path` is removed as a link.
fn remove_tree(path: &Path) {
    use rayon::prelude::*;
    if !is_real_dir(path) {
        let _ = std::fs::remove_file(path);
        return;
    }
    if let Ok(entries) = std::fs::read_dir(path) {
        let entries: Vec<(PathBuf, bool)> = entries
            .flatten()
            .filter(|e| e.file_name() != MARKER)
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.par_iter().for_each(|(p, dir)| {
            if *dir {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(path);
}

/// jieshui replaces only a folder it made (with the marker) or an empty one.
fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Diagnostic::error(Msg::OutputNotFolder {
            dir: out.display().to_string(),
        }));
    }
    if is_ours(out) {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(());
    }
    Err(Diagnostic::error(Msg::OutputNotOurs {
        dir: out.display().to_string(),
    }))
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::CannotWrite {
        path: path.display().to_string(),
        from: None,
        detail: e.to_string(),
    })
}

/// Removes staging folders left by interrupted builds: ones that carry the marker, and empty
/// ones (a build killed before writing its marker, or after removing everything but the
/// folder itself). A link at such a name is removed as a link, never followed.
fn clean_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with(prefix) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            let _ = std::fs::remove_file(entry.path());
        } else if is_ours(&entry.path()) {
            // Marker last here too: this build may be killed while it cleans up.
            remove_tree(&entry.path());
        } else {
            // Fails, harmlessly, unless the folder is empty.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from_raw_os_error(libc::ENOSYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let prefix = prefix_for(&p.join("public"));
        let marked = p.join(format!("{prefix}1"));
        std::fs::create_dir_all(marked.join("a/b")).unwrap();
        std::fs::write(marked.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(marked.join("a/b/index.html"), "x").unwrap();
        // Killed after creating its folder, or after emptying the old site but the folder.
        let empty = p.join(format!("{prefix}2"));
        std::fs::create_dir(&empty).unwrap();
        // Not ours: no marker, not empty.
        let foreign = p.join(format!("{prefix}3"));
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        clean_leftovers(p, &prefix);
        assert!(!marked.exists() && !empty.exists());
        assert!(foreign.join("keep.txt").is_file());
    }

    #[test]
    fn remove_tree_removes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("old");
        std::fs::create_dir_all(site.join("a/b")).unwrap();
        std::fs::write(site.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(site.join("a/b/index.html"), "x").unwrap();
        std::fs::write(site.join("index.html"), "x").unwrap();
        remove_tree(&site);
        assert!(!site.exists());
    }
}
