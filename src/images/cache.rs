//! Variants kept between builds in the site's `.jieshui-cache/images/`, one file each, named
//! by a keyed hash of the source's bytes and the settings that made it. The key is a secret
//! kept in the user's own cache folder (`~/.cache/jieshui/key`), never in the site: a cache
//! folder that came with a site someone sent cannot hold a name this machine would look for,
//! so nothing planted there is ever used. Links are not followed, and what is read must be
//! the format its name says. The folder is safe to delete at any time.

use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::layout::CACHE_DIR;

pub(crate) struct DiskCache {
    /// `ROOT/.jieshui-cache`, made when the first entry is kept (a site without photos never
    /// gets one).
    top: PathBuf,
    secret: [u8; 16],
}

/// A 128-bit hash of `bytes` (two SipHash-1-3 passes with different prefixes).
pub(crate) fn digest(bytes: &[u8]) -> [u8; 16] {
    keyed(&[], bytes)
}

fn keyed(secret: &[u8], bytes: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (half, tag) in out.chunks_exact_mut(8).zip([0x6a_u8, 0x73]) {
        let mut h = DefaultHasher::new();
        h.write_u8(tag);
        h.write(secret);
        h.write(bytes);
        half.copy_from_slice(&h.finish().to_le_bytes());
    }
    out
}

/// A real folder (not a link to one), made if absent and `make`.
fn real_dir(path: &Path, make: bool) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_dir(),
        Err(_) => make && std::fs::create_dir(path).is_ok(),
    }
}

/// The secret naming this user's cache entries, made on first use.
fn secret() -> [u8; 16] {
    let home = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    let fresh = || {
        let mut key = [0u8; 16];
        let ok = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut key));
        if ok.is_err() {
            let s = std::collections::hash_map::RandomState::new();
            let v = std::hash::BuildHasher::hash_one(&s, std::process::id());
            key[..8].copy_from_slice(&v.to_le_bytes());
        }
        key
    };
    let Some(dir) = home.map(|h| h.join("jieshui")) else {
        return fresh();
    };
    let file = dir.join("key");
    if let Ok(bytes) = read_plain(&file)
        && let Ok(key) = <[u8; 16]>::try_from(bytes.as_slice())
    {
        return key;
    }
    let key = fresh();
    let _ = std::fs::create_dir_all(&dir);
    let tmp = dir.join(format!("key.{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &key));
    if written.is_ok() {
        // Another build may have made one meanwhile: link fails then, and its key is used.
        let _ = std::fs::hard_link(&tmp, &file);
        let _ = std::fs::remove_file(&tmp);
        if let Ok(bytes) = read_plain(&file)
            && let Ok(key) = <[u8; 16]>::try_from(bytes.as_slice())
        {
            return key;
        }
    }
    key
}

/// A regular file's bytes, never through a link.
fn read_plain(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    if !f.metadata()?.file_type().is_file() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    let mut out = Vec::new();
    f.read_to_end(&mut out)?;
    Ok(out)
}

impl DiskCache {
    pub(crate) fn open(root: &Path) -> DiskCache {
        DiskCache {
            top: root.join(CACHE_DIR),
            secret: secret(),
        }
    }

    /// The entries' folder when it is a real one (made first when `make`); never a link.
    fn dir(&self, make: bool) -> Option<PathBuf> {
        let dir = self.top.join("images");
        (real_dir(&self.top, make) && real_dir(&dir, make)).then_some(dir)
    }

    /// The entry name for what `material` describes.
    pub(crate) fn name(&self, material: &[u8], ext: &str) -> String {
        let hash = keyed(&self.secret, material);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.{ext}")
    }

    /// Whether an entry is there (a regular file, not a link): what is read may still be
    /// refused.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.dir(false).is_some_and(|d| {
            std::fs::symlink_metadata(d.join(name)).is_ok_and(|m| m.file_type().is_file())
        })
    }

    pub(crate) fn get(&self, name: &str) -> Option<Vec<u8>> {
        let bytes = read_plain(&self.dir(false)?.join(name)).ok()?;
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let kind = super::exif::Kind::sniff(&bytes);
        let fits = matches!(
            (ext, kind),
            ("webp", super::exif::Kind::Webp)
                | ("jpg", super::exif::Kind::Jpeg)
                | ("png", super::exif::Kind::Png)
        );
        fits.then_some(bytes)
    }

    /// Keeps an entry (written beside, then renamed into place: never half a file).
    pub(crate) fn put(&self, name: &str, bytes: &[u8]) {
        let Some(dir) = self.dir(true) else { return };
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        let made = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
        if made.is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(name));
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_or_a_foreign_file_is_not_used() {
        let site = tempfile::tempdir().expect("temp dir");
        let cache = DiskCache::open(site.path());
        let name = cache.name(b"photo", "webp");
        let dir = cache.dir(true).expect("a cache folder");
        // A link planted under the right name is not followed.
        let secret_file = site.path().join("secret.webp");
        std::fs::write(&secret_file, b"RIFF\0\0\0\0WEBPsecret").expect("write");
        std::os::unix::fs::symlink(&secret_file, dir.join(&name)).expect("link");
        assert_eq!(cache.get(&name), None);
        // Something that is not what its name says is not used either.
        let other = cache.name(b"other", "webp");
        std::fs::write(dir.join(&other), b"not a webp").expect("write");
        assert_eq!(cache.get(&other), None);
        // What the cache wrote itself is.
        let mine = cache.name(b"mine", "webp");
        cache.put(&mine, b"RIFF\0\0\0\0WEBPdata");
        assert!(cache.get(&mine).is_some());
        assert_ne!(cache.name(b"a", "webp"), cache.name(b"b", "webp"));
    }

    #[test]
    fn a_linked_cache_folder_is_not_used() {
        let site = tempfile::tempdir().expect("temp dir");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(CACHE_DIR)).expect("link");
        let cache = DiskCache::open(site.path());
        assert!(cache.dir(true).is_none());
        cache.put("x.webp", b"RIFF\0\0\0\0WEBP");
        assert!(
            std::fs::read_dir(elsewhere.path())
                .expect("dir")
                .next()
                .is_none()
        );
    }
}
