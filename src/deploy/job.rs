//! A deploy once the site is built and the settings read: list the bucket, plan, upload what
//! changed (files first, pages next), delete what the site no longer has.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use futures_util::{TryStreamExt, stream};
use hyper::body::Bytes;

use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Status};

use super::s3::{self, Bucket, Put, Target};
use super::sign::{self, Credentials};

/// A request to the bucket that failed, with what the server or the network said.
pub(super) fn failed(key: &str, detail: &str) -> Diagnostic {
    Diagnostic::error(Msg::DeployFailed {
        key: key.to_string(),
        detail: detail.to_string(),
    })
}

/// Requests at once within a phase (assets, pages, deletions).
const PARALLEL: usize = 4;

/// A deploy once the site is built and the settings read.
pub(super) struct Job {
    /// Site path (`news/a/index.html`) → bytes.
    pub(super) files: BTreeMap<String, Bytes>,
    pub(super) prefix: String,
    pub(super) shown: String,
    pub(super) base_url: String,
    pub(super) website: bool,
    pub(super) dry_run: bool,
    pub(super) max_deletes: usize,
    pub(super) lang: Lang,
    pub(super) started: Instant,
}

/// A file to upload.
struct Upload {
    path: String,
    sha256: String,
    new: bool,
}

impl Job {
    pub(super) async fn run(self, target: Target, creds: Credentials) -> Result<(), Diagnostic> {
        let lang = self.lang;
        let bucket = Bucket::new(target, creds).map_err(|f| failed("", &f.detail))?;
        let listed = bucket
            .list(&self.prefix)
            .await
            .map_err(|f| failed("", &f.detail))?;
        let remote: BTreeMap<String, s3::Listed> =
            listed.into_iter().map(|o| (o.key.clone(), o)).collect();

        let mut uploads = Vec::new();
        let mut unchanged = 0;
        for (path, bytes) in &self.files {
            let key = format!("{}{path}", self.prefix);
            let sha256 = sign::sha256_hex(bytes);
            let same = match remote.get(&key) {
                None => None,
                Some(obj) if is_md5(&obj.etag) => {
                    Some(obj.etag.eq_ignore_ascii_case(&md5_hex(bytes)))
                }
                Some(_) => Some(
                    bucket
                        .stored_sha256(&key)
                        .await
                        .map_err(|f| failed(&key, &f.detail))?
                        .is_some_and(|s| s == sha256),
                ),
            };
            match same {
                Some(true) => unchanged += 1,
                other => uploads.push(Upload {
                    path: path.clone(),
                    sha256,
                    new: other.is_none(),
                }),
            }
        }
        let deletes: Vec<String> = remote
            .keys()
            .filter(|k| {
                k.strip_prefix(&self.prefix)
                    .is_none_or(|p| !self.files.contains_key(p))
            })
            .cloned()
            .collect();
        // Assets first, then pages (each group in path order).
        uploads.sort_by_key(|u| (is_page(&u.path), u.path.clone()));
        let bytes: u64 = uploads
            .iter()
            .map(|u| self.files[&u.path].len() as u64)
            .sum();
        let new = uploads.iter().filter(|u| u.new).count();
        let plan = Status::DeployPlan {
            target: self.shown.clone(),
            new,
            changed: uploads.len() - new,
            deleted: deletes.len(),
            unchanged,
            bytes,
        };
        println!("{}", plan.text(lang));
        if self.dry_run {
            println!("{}", Status::DryRun.text(lang));
            return Ok(());
        }
        if deletes.len() > self.max_deletes {
            return Err(Diagnostic::error(Msg::TooManyDeletes {
                count: deletes.len(),
                max: self.max_deletes,
            }));
        }

        let total = uploads.len() + deletes.len();
        let done = std::cell::Cell::new(0);
        let step = |key: String, delete: bool| {
            done.set(done.get() + 1);
            let step = Status::DeployStep {
                done: done.get(),
                total,
                key,
                delete,
            };
            eprintln!("{}", step.text(lang));
        };
        // Pages wait for every asset, deletions for every page; within a phase a few requests
        // go at once.
        let (assets, pages): (Vec<&Upload>, Vec<&Upload>) =
            uploads.iter().partition(|u| !is_page(&u.path));
        for phase in [assets, pages] {
            stream::iter(phase.into_iter().map(Ok))
                .try_for_each_concurrent(PARALLEL, |u| {
                    let bucket = &bucket;
                    let step = &step;
                    let this = &self;
                    async move {
                        let key = format!("{}{}", this.prefix, u.path);
                        let put = Put {
                            content_type: content_type(&u.path),
                            cache_control: cache_control(&u.path),
                            sha256: &u.sha256,
                        };
                        bucket
                            .put(&key, this.files[&u.path].clone(), &put)
                            .await
                            .map_err(|f| failed(&key, &f.detail))?;
                        step(key, false);
                        Ok::<(), Diagnostic>(())
                    }
                })
                .await?;
        }
        stream::iter(deletes.iter().map(Ok))
            .try_for_each_concurrent(PARALLEL, |key| {
                let bucket = &bucket;
                let step = &step;
                async move {
                    bucket
                        .delete(key)
                        .await
                        .map_err(|f| failed(key, &f.detail))?;
                    step(key.clone(), true);
                    Ok::<(), Diagnostic>(())
                }
            })
            .await?;
        let mut err = std::io::stderr();
        if self.website {
            match bucket.website().await {
                Ok(()) => println!("{}", Status::WebsiteSet.text(lang)),
                Err(f) => {
                    let d = Diagnostic::warning(Msg::DeployFailed {
                        key: "?website".into(),
                        detail: f.detail,
                    });
                    let _ = writeln!(err, "{}", d.render(lang));
                }
            }
        }
        let deployed = Status::Deployed {
            uploaded: uploads.len(),
            deleted: deletes.len(),
            bytes,
            retries: bucket.retries.get(),
            seconds: self.started.elapsed().as_secs_f64(),
        };
        println!("{}", deployed.text(lang));
        // What a CDN may hold an old copy of: changed and deleted files, pages by their URL too.
        let mut refresh: Vec<String> = Vec::new();
        let changed = uploads.iter().filter(|u| !u.new).map(|u| u.path.as_str());
        let gone = deletes.iter().filter_map(|k| k.strip_prefix(&self.prefix));
        for path in changed.chain(gone) {
            refresh.push(format!("{}{path}", self.base_url));
            if let Some(dir) = path.strip_suffix("index.html") {
                refresh.push(format!("{}{dir}", self.base_url));
            }
        }
        if !refresh.is_empty() {
            println!(
                "{}",
                Status::CdnRefresh {
                    count: refresh.len()
                }
                .text(lang)
            );
            for url in refresh {
                println!("  {url}");
            }
        }
        Ok(())
    }
}

fn is_md5(etag: &str) -> bool {
    etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit())
}

fn md5_hex(bytes: &[u8]) -> String {
    format!("{:x}", md5::compute(bytes))
}

fn is_page(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The served type, `charset=utf-8` on text (jieshui writes UTF-8).
fn content_type(path: &str) -> &'static str {
    crate::serve::mime::content_type(path)
}

/// Pages and files that keep their name when they change: a short time, so an edit shows
/// within minutes; a file whose name carries its content (a hash, or an image variant's
/// width): a year.
fn cache_control(path: &str) -> &'static str {
    const SHORT: &str = "public, max-age=300";
    const LONG: &str = "public, max-age=31536000, immutable";
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let hashed = stem.split(['.', '-', '_']).skip(1).any(|part| {
        part.len() >= 8 && part.bytes().all(|b| b.is_ascii_hexdigit())
            || part.len() >= 2
                && part.ends_with('w')
                && part[..part.len() - 1].bytes().all(|b| b.is_ascii_digit())
    });
    if hashed && !is_page(path) {
        LONG
    } else {
        SHORT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_by_name() {
        assert_eq!(cache_control("index.html"), "public, max-age=300");
        assert_eq!(cache_control("style.css"), "public, max-age=300");
        assert_eq!(
            cache_control("search/shard-3f2a9c01.json"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("images/park-480w.webp"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("images/new-w.png"), "public, max-age=300");
        assert_eq!(cache_control("a/deadbeef.html"), "public, max-age=300");
    }

    #[test]
    fn etags_that_are_an_md5() {
        assert!(is_md5("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert!(!is_md5("5eb63bbbe01eeed093cb22bb8f5acdc3-2"));
        assert_eq!(md5_hex(b"hello world"), "5eb63bbbe01eeed093cb22bb8f5acdc3");
    }
}
