//! An output at a mount point (the root of a USB stick or a network drive: `--output-dir
//! /media/u/USB`), which no rename can move: how jieshui tells one, and which names in it are
//! jieshui's own. `swap.rs` stages inside such an output and replaces it entry by entry.

use std::path::Path;

use crate::layout::{LOCK_PREFIX, MARKER, PREVIOUS_PREFIX, STAGING_PREFIX};

/// Whether `out` is the root of a mount (a mounted USB stick, a network drive, a bind mount,
/// `/`), which cannot be renamed. Linux says so itself (`statx`, since 5.8); elsewhere, a
/// folder on another device than its parent is one.
#[cfg(unix)]
pub(super) fn is_mount_point(out: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(real) = std::fs::canonicalize(out) else {
        return false;
    };
    #[cfg(target_os = "linux")]
    if let Some(root) = statx_mount_root(&real) {
        return root;
    }
    let (Ok(here), Some(parent)) = (std::fs::metadata(&real), real.parent()) else {
        return real.parent().is_none();
    };
    here.is_dir() && std::fs::metadata(parent).is_ok_and(|p| p.dev() != here.dev())
}

/// The kernel's own answer to "is this the root of a mount", when it gives one.
#[cfg(target_os = "linux")]
fn statx_mount_root(path: &Path) -> Option<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: an all-zero statx is a valid value of this plain C struct.
    let mut buf: libc::statx = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `buf` a writable statx.
    let rc = unsafe {
        libc::statx(
            libc::AT_FDCWD,
            c.as_ptr(),
            0,
            libc::STATX_BASIC_STATS,
            &mut buf,
        )
    };
    let known = buf.stx_attributes_mask & libc::STATX_ATTR_MOUNT_ROOT as u64 != 0;
    (rc == 0 && known).then_some(buf.stx_attributes & libc::STATX_ATTR_MOUNT_ROOT as u64 != 0)
}

#[cfg(not(unix))]
pub(super) fn is_mount_point(_: &Path) -> bool {
    false
}

/// Whether everything in the folder `dir` has one of jieshui's own names (the lock, in a mount
/// point, is there before the build): such a folder is as good as empty.
pub(super) fn holds_only_ours(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|d| d.flatten().all(|e| reserved(&e.file_name())))
}

/// jieshui's own names: the marker, staging and previous folders, the lock.
pub(super) fn reserved(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name == MARKER
        || name.starts_with(STAGING_PREFIX)
        || name.starts_with(PREVIOUS_PREFIX)
        || name.starts_with(LOCK_PREFIX)
}
