//! One build at a time per output folder: a lock file beside the output
//! (`.jieshui-lock-NAME`), held with an advisory lock for as long as the build may touch the
//! staging folder, the output or the kept previous site. A second build of the same output
//! stops at once with a message and changes nothing. The lock is the kernel's (`flock`), so a
//! killed build releases it; the file stays and is reused.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::layout::LOCK_PREFIX;
use crate::messages::Msg;

pub(crate) struct OutputLock {
    _file: File,
}

/// Beside the output; in it when it is a mount point, whose parent may not be writable
/// (`/media/USER`).
fn lock_path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    let file = format!("{LOCK_PREFIX}{name}");
    if super::mount::is_mount_point(out) {
        // Not in someone else's folder: the build refuses it before writing anything.
        let writable =
            out.join(crate::layout::MARKER).is_file() || super::mount::holds_only_ours(out);
        return writable.then(|| out.join(file));
    }
    Some(out.parent()?.join(file))
}

impl OutputLock {
    /// Takes the lock of `out`, or says who holds it.
    pub(crate) fn take(out: &Path) -> Result<OutputLock, Diagnostic> {
        let Some(path) = lock_path(out) else {
            // The root of a file system has no parent to hold the lock, and a mount point that
            // is not jieshui's gets none: the swap refuses both.
            return Ok(OutputLock {
                _file: File::open("/dev/null").map_err(|e| cannot(out, &e))?,
            });
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot(parent, &e))?;
        }
        let mut file = open_no_follow(&path).map_err(|e| cannot(&path, &e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(Diagnostic::error(Msg::OutputBusy {
                    dir: out.display().to_string(),
                    pid: text.trim().parse().ok(),
                }));
            }
            Err(TryLockError::Error(e)) => return Err(cannot(&path, &e)),
        }
        // Who holds it, for the message of a build that finds it taken.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = writeln!(file, "{}", std::process::id());
        Ok(OutputLock { _file: file })
    }
}

/// Opens (creating) a regular file at `path`, refusing a link planted there.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

fn cannot(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::CannotWrite {
        path: path.display().to_string(),
        from: None,
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_is_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutputLock::take(&out).unwrap();
        let second = OutputLock::take(&out).err().unwrap();
        assert_eq!(
            second.msg,
            Msg::OutputBusy {
                dir: out.display().to_string(),
                pid: Some(std::process::id()),
            }
        );
        drop(first);
        assert!(OutputLock::take(&out).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_lock_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".jieshui-lock-public")).unwrap();
        assert!(OutputLock::take(&dir.path().join("public")).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
    }
}
