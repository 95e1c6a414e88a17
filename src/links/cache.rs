//! Links found working, remembered for a day in the user's own cache folder
//! (`~/.cache/jieshui/links.json`), so a second `check --external` asks nothing about them.
//! Only successes are kept: a link that failed is asked again on every run. The file is the
//! user's, not the site's: a site folder someone sends cannot make a broken link look good.
//! It is safe to delete; one that cannot be read is started afresh.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How long a working link is believed, in seconds.
pub(crate) const KEEP_SECONDS: u64 = 24 * 60 * 60;

const FILE: &str = "links.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct LinkCache {
    /// Address → when it was last found working (seconds since 1970).
    ok: BTreeMap<String, u64>,
}

impl LinkCache {
    /// The cache in `dir`, empty when there is none or it cannot be read.
    pub(crate) fn load(dir: &Path) -> LinkCache {
        std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Whether `url` was found working less than a day before `now`.
    pub(crate) fn fresh(&self, url: &str, now: u64) -> bool {
        self.ok
            .get(url)
            .is_some_and(|&at| at <= now && now - at < KEEP_SECONDS)
    }

    pub(crate) fn worked(&mut self, url: &str, now: u64) {
        self.ok.insert(url.to_string(), now);
    }

    pub(crate) fn failed(&mut self, url: &str) {
        self.ok.remove(url);
    }

    /// Writes the cache into `dir` (made if needed), without the expired entries; whole or
    /// not at all (a temporary file renamed into place). A failure only costs the next run
    /// some requests.
    pub(crate) fn save(mut self, dir: &Path, now: u64) {
        self.ok
            .retain(|_, &mut at| at <= now && now - at < KEEP_SECONDS);
        let Ok(text) = serde_json::to_vec(&self) else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp: PathBuf = dir.join(format!("{FILE}.{}", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, dir.join(FILE)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Seconds since 1970 by the clock.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_link_is_believed_for_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let t = 1_700_000_000;
        let mut cache = LinkCache::load(dir.path());
        assert!(!cache.fresh("https://a.example/", t));
        cache.worked("https://a.example/", t);
        cache.worked("https://b.example/", t - KEEP_SECONDS - 1);
        cache.save(dir.path(), t);
        let cache = LinkCache::load(dir.path());
        assert!(cache.fresh("https://a.example/", t + 60));
        assert!(cache.fresh("https://a.example/", t + KEEP_SECONDS - 1));
        assert!(
            !cache.fresh("https://a.example/", t + KEEP_SECONDS),
            "expired"
        );
        assert!(!cache.fresh("https://b.example/", t), "dropped when saved");
        assert!(
            !cache.fresh("https://a.example/", t - 10),
            "a clock set back"
        );
    }

    #[test]
    fn a_failure_forgets_the_link_and_a_bad_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = LinkCache::default();
        cache.worked("https://a.example/", 100);
        cache.failed("https://a.example/");
        assert!(!cache.fresh("https://a.example/", 100));
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert!(!LinkCache::load(dir.path()).fresh("https://a.example/", 100));
    }
}
