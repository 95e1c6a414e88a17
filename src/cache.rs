//! Work kept between builds, so that a build parses and renders again only the files whose
//! text changed: a [`Memo`] of one stage's results by file, and the [`Fingerprint`] of the
//! context they were made in. Generic: which stages keep what is the pipeline's business
//! (`build::cache`).
//!
//! Every build still runs every stage over the whole site (there is no partial rebuild); the
//! cache only answers "this exact file text, in this exact context, gave this result last
//! time". An entry is found by the file's path, and used only when the file's whole text is
//! equal to the text it was made from (compared in full, not hashed) and the fingerprint of
//! everything else the result depends on is unchanged. A stage that finds a different
//! fingerprint drops all its entries.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// Results of one stage by file, each with the text it was made from.
pub struct Memo<T> {
    inner: Mutex<Generation<T>>,
}

struct Generation<T> {
    fingerprint: u64,
    entries: HashMap<String, (Vec<u8>, T)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            inner: Mutex::new(Generation {
                fingerprint: 0,
                entries: HashMap::new(),
            }),
        }
    }
}

impl<T> Memo<T> {
    /// How many files have an entry.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generation<T>> {
        // A build that panicked while holding the lock left nothing half-written: the map is
        // only ever swapped whole.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the entries out for one build: empty when `fingerprint` differs from the one they
    /// were made under. Files not seen by this build are dropped when it puts its entries back.
    pub(crate) fn take(&self, fingerprint: u64) -> Lookup<T> {
        let mut g = self.lock();
        let entries = std::mem::take(&mut g.entries);
        Lookup {
            entries: if g.fingerprint == fingerprint {
                entries
            } else {
                HashMap::new()
            },
        }
    }

    /// Stores the entries of the build that just ran.
    pub(crate) fn put(
        &self,
        fingerprint: u64,
        entries: impl IntoIterator<Item = (String, (Vec<u8>, T))>,
    ) {
        let mut g = self.lock();
        g.fingerprint = fingerprint;
        g.entries = entries.into_iter().collect();
    }
}

/// The entries of the previous build, handed out one file at a time.
pub(crate) struct Lookup<T> {
    entries: HashMap<String, (Vec<u8>, T)>,
}

impl<T> Lookup<T> {
    /// The previous entry of `key`, moved out (so each is taken at most once).
    pub(crate) fn remove(&mut self, key: &str) -> Option<(Vec<u8>, T)> {
        self.entries.remove(key)
    }
}

/// A cache entry: the text a result was made from, and the result.
pub(crate) type Kept<T> = (Vec<u8>, T);

/// The previous entry of one file: `None` when not caching, `Some(None)` when there is none.
pub(crate) type Old<T> = Option<Option<Kept<T>>>;

/// One file's result, made from `text` by `make` — or, when caching, the previous result if it
/// was made from exactly the same text (the file's bytes as read, or the Markdown body). Beside
/// it, when caching, the entry to keep for the next build.
pub(crate) fn through<K, T>(old: Old<T>, text: K, make: impl FnOnce(K) -> T) -> (T, Option<Kept<T>>)
where
    K: AsRef<[u8]> + Clone + Into<Vec<u8>>,
    T: Clone,
{
    let Some(old) = old else {
        return (make(text), None);
    };
    if let Some(hit) = reuse(&old, text.as_ref()) {
        return (hit.clone(), old);
    }
    let key = text.clone().into();
    let result = make(text);
    (result.clone(), Some((key, result)))
}

/// The previous result for a file, if it was made from exactly `text`.
fn reuse<'a, T>(old: &'a Option<(Vec<u8>, T)>, text: &[u8]) -> Option<&'a T> {
    old.as_ref()
        .filter(|(was, _)| was.as_slice() == text)
        .map(|(_, v)| v)
}

/// A fingerprint of the context a stage's results depend on.
#[derive(Default)]
pub(crate) struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub(crate) fn add(&mut self, part: impl Hash) -> &mut Self {
        part.hash(&mut self.0);
        self
    }

    /// Adds anything serde can write (data files), without building a string of it.
    pub(crate) fn add_serialized(&mut self, value: &impl serde::Serialize) -> &mut Self {
        struct Writer<'a>(&'a mut DefaultHasher);
        impl std::io::Write for Writer<'_> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.write(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // Writing into a hasher cannot fail; a value serde refuses adds nothing.
        let _ = serde_json::to_writer(Writer(&mut self.0), value);
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_reused_only_for_the_same_text_and_fingerprint() {
        let memo: Memo<u32> = Memo::default();
        memo.put(7, [("a.md".to_string(), (b"text".to_vec(), 1))]);
        let mut same = memo.take(7);
        let old = same.remove("a.md");
        assert_eq!(reuse(&old, b"text"), Some(&1));
        assert_eq!(reuse(&old, b"text!"), None);
        let (made, keep) = through(Some(old), "text!", |_| 2);
        assert_eq!((made, keep), (2, Some((b"text!".to_vec(), 2))));
        assert_eq!(same.remove("a.md"), None, "taken once");

        memo.put(7, [("a.md".to_string(), (b"text".to_vec(), 1))]);
        let mut other = memo.take(8);
        assert_eq!(
            other.remove("a.md"),
            None,
            "another context drops everything"
        );
    }

    #[test]
    fn files_not_put_back_are_forgotten() {
        let memo: Memo<u32> = Memo::default();
        memo.put(1, [("a.md".to_string(), (b"x".to_vec(), 1))]);
        let _ = memo.take(1);
        memo.put(1, std::iter::empty());
        assert_eq!(memo.take(1).remove("a.md"), None);
    }

    #[test]
    fn fingerprints_tell_parts_apart() {
        let fp = |parts: &[&str]| {
            let mut f = Fingerprint::default();
            for p in parts {
                f.add(p);
            }
            f.finish()
        };
        assert_eq!(fp(&["ab", "c"]), fp(&["ab", "c"]));
        assert_ne!(fp(&["ab", "c"]), fp(&["a", "bc"]));
    }
}
