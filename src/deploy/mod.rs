//! `jieshui deploy`: publishes the built site to S3-compatible object storage (阿里云 OSS,
//! 腾讯云 COS, 华为云 OBS, AWS S3 or any other), as site.yaml's `deploy:` says.
//!
//! The site is built in memory; the bucket is listed under the prefix; an object is unchanged
//! when its ETag (compared in lower case: OSS answers in upper case) is the MD5 of the file,
//! or, when the ETag is not a plain MD5 (a multipart upload), when the SHA-256 jieshui keeps in
//! its metadata (`x-amz-meta-jieshui-sha256`) matches. The plan is printed first (`--dry-run`
//! stops there); then files that are not pages are uploaded, then the pages, then what the site
//! no longer has is deleted, last, so a visitor never meets a page whose style or image is not
//! there yet. A run stopped anywhere leaves a bucket a rerun finishes: every run plans from
//! what the bucket holds.
//!
//! Credentials come only from the environment (or a file outside the site folder named by
//! `JIESHUI_CREDENTIALS`) and are never printed.

mod s3;
mod sign;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use futures_util::{TryStreamExt, stream};
use hyper::body::Bytes;

use crate::build::{BuildOptions, build_to_memory};
use crate::config::{Config, Deploy};
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::{Lang, Msg, Status};
use crate::output::Source;
use s3::{Bucket, Put, Target};
use sign::Credentials;

/// What `jieshui deploy` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct DeployOptions {
    pub root: PathBuf,
    pub dry_run: bool,
    pub max_deletes: usize,
    pub lang: Option<Lang>,
    /// Credentials and `JIESHUI_CREDENTIALS`, read from the environment by the command line.
    pub env: BTreeMap<String, String>,
}

/// The environment variables a deploy reads (the command line passes only these).
pub(crate) const ENV_NAMES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "OSS_ACCESS_KEY_ID",
    "OSS_ACCESS_KEY_SECRET",
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "COS_SECRET_ID",
    "COS_SECRET_KEY",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "JIESHUI_CREDENTIALS",
];

/// A provider's name in messages, its endpoint from a region, and the variables holding its
/// key pairs (its own first, then AWS's).
#[derive(Debug)]
struct Provider {
    name: &'static str,
    endpoint: fn(&str) -> String,
    pairs: &'static [(&'static str, &'static str)],
}

const AWS_PAIR: (&str, &str) = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

fn provider(id: &str) -> Option<Provider> {
    Some(match id {
        "aliyun-oss" => Provider {
            name: "阿里云 OSS",
            endpoint: |r| format!("https://s3.oss-{r}.aliyuncs.com"),
            pairs: &[
                (
                    "ALIBABA_CLOUD_ACCESS_KEY_ID",
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                ),
                ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET"),
                AWS_PAIR,
            ],
        },
        "tencent-cos" => Provider {
            name: "腾讯云 COS",
            endpoint: |r| format!("https://cos.{r}.myqcloud.com"),
            pairs: &[
                ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
                ("COS_SECRET_ID", "COS_SECRET_KEY"),
                AWS_PAIR,
            ],
        },
        "huawei-obs" => Provider {
            name: "华为云 OBS",
            endpoint: |r| format!("https://obs.{r}.myhuaweicloud.com"),
            pairs: &[("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"), AWS_PAIR],
        },
        "s3" => Provider {
            name: "S3",
            endpoint: |r| format!("https://s3.{r}.amazonaws.com"),
            pairs: &[AWS_PAIR],
        },
        _ => return None,
    })
}

const PROVIDERS: &[&str] = &["aliyun-oss", "tencent-cos", "huawei-obs", "s3"];

/// Runs a deploy; returns the exit status.
pub(crate) fn deploy(opts: &DeployOptions) -> u8 {
    let started = Instant::now();
    let early = Lang::resolve(opts.lang, None);
    let print = |diags: &[Diagnostic], lang: Lang| {
        let mut err = std::io::stderr().lock();
        for d in diags {
            let _ = writeln!(err, "{}", d.render(lang));
        }
    };
    let config = match Config::load(&opts.root, None) {
        Ok(c) => c,
        Err(d) => {
            print(&d.into_sorted(), early);
            return 1;
        }
    };
    let lang = Lang::resolve(opts.lang, Some(&config.language));
    let fail = |d: Diagnostic| {
        print(std::slice::from_ref(&d), lang);
        1
    };
    let Some(settings) = config.deploy.clone() else {
        return fail(Diagnostic::error(Msg::DeployNotSet).in_file(crate::layout::CONFIG_FILE));
    };
    let (target, provider) = match target(&config, &settings) {
        Ok(t) => t,
        Err(d) => return fail(d),
    };
    let secrets = secrets_in_content(&opts.root);
    if !secrets.is_empty() {
        print(&secrets, lang);
        return 1;
    }
    let creds = match credentials(&opts.root, &provider, &opts.env) {
        Ok(c) => c,
        Err(d) => return fail(d),
    };

    let build = BuildOptions {
        root: opts.root.clone(),
        lang: opts.lang,
        progress: true,
        ..BuildOptions::default()
    };
    let (site, report) = build_to_memory(&build);
    print(&report.diagnostics, lang);
    let Some(site) = site else {
        let warnings = report.warnings();
        let errors = report.diagnostics.len() - warnings;
        eprintln!("{}", Status::BuildFailed { errors, warnings }.text(lang));
        return 1;
    };
    let mut files: BTreeMap<String, Bytes> = BTreeMap::new();
    for f in site.files {
        files.insert(f.path, Bytes::from(f.bytes));
    }
    for c in site.copies {
        let bytes = match c.from {
            Source::BuiltIn(b) => Bytes::from_static(b),
            Source::Disk(p) => match std::fs::read(&p) {
                Ok(b) => Bytes::from(b),
                Err(e) => {
                    return fail(
                        Diagnostic::error(Msg::CannotRead {
                            detail: e.to_string(),
                        })
                        .in_file(c.shown),
                    );
                }
            },
        };
        files.insert(c.to, bytes);
    }

    let prefix = normal_prefix(&settings.prefix);
    let shown = format!("{}/{prefix}", settings.bucket);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(failed("", &e.to_string())),
    };
    let job = Job {
        files,
        prefix,
        shown,
        base_url: config.base_url.clone(),
        website: settings.website,
        dry_run: opts.dry_run,
        max_deletes: opts.max_deletes,
        lang,
        started,
    };
    match runtime.block_on(job.run(target, creds)) {
        Ok(()) => 0,
        Err(d) => fail(d),
    }
}

fn failed(key: &str, detail: &str) -> Diagnostic {
    Diagnostic::error(Msg::DeployFailed {
        key: key.to_string(),
        detail: detail.to_string(),
    })
}

/// `jieshui/` from `/jieshui`, `jieshui/`, `jieshui`; empty stays empty.
fn normal_prefix(prefix: &str) -> String {
    let p = prefix.trim().trim_matches('/');
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    }
}

/// The bucket's address from the settings, or a located error.
fn target(config: &Config, d: &Deploy) -> Result<(Target, Provider), Diagnostic> {
    let at = |key: &str, diag: Diagnostic| config.diag_at(&format!("deploy.{key}"), diag);
    let Some(provider) = provider(&d.provider) else {
        let suggestion =
            crate::yaml::did_you_mean(&d.provider, PROVIDERS.iter().copied()).map(str::to_string);
        return Err(at(
            "provider",
            Diagnostic::error(Msg::UnknownValue {
                value: d.provider.clone(),
                suggestion,
                expected: PROVIDERS.iter().map(|p| p.to_string()).collect(),
            }),
        ));
    };
    if d.bucket.trim().is_empty() {
        return Err(at(
            "bucket",
            Diagnostic::error(Msg::MissingField {
                field: "deploy.bucket".into(),
            }),
        ));
    }
    let endpoint = match (d.endpoint.trim(), d.region.trim()) {
        ("", "") => {
            return Err(at(
                "provider",
                Diagnostic::error(Msg::MissingField {
                    field: "deploy.region".into(),
                }),
            ));
        }
        ("", region) => (provider.endpoint)(region),
        (given, _) => given.to_string(),
    };
    let bad = || {
        at(
            "endpoint",
            Diagnostic::error(Msg::BadEndpoint {
                value: d.endpoint.clone(),
            }),
        )
    };
    let (scheme, rest) = endpoint.split_once("://").ok_or_else(bad)?;
    let host = rest.trim_end_matches('/');
    if !(scheme == "https" || scheme == "http")
        || host.is_empty()
        || host.contains(['/', '?', '#', '@', ' '])
    {
        return Err(bad());
    }
    let region = match d.region.trim() {
        "" => "us-east-1".to_string(),
        r => r.to_string(),
    };
    let target = Target {
        scheme: scheme.to_string(),
        endpoint: host.to_string(),
        bucket: d.bucket.trim().to_string(),
        region,
        path_style: d.path_style,
    };
    Ok((target, provider))
}

/// Secret-looking text in content/ (site.yaml is checked whenever it is read).
fn secrets_in_content(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let content = root.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let shown = crate::diagnostics::display_path(root, path);
        for (line, col) in crate::config::secrets::find(&text) {
            out.push(
                Diagnostic::error(Msg::SecretInSite)
                    .in_file(shown.clone())
                    .at(Pos::new(line, col)),
            );
        }
    }
    out
}

/// The provider's key pair from the environment, else from `JIESHUI_CREDENTIALS`' file.
fn credentials(
    root: &Path,
    provider: &Provider,
    env: &BTreeMap<String, String>,
) -> Result<Credentials, Diagnostic> {
    let get = |name: &str| env.get(name).filter(|v| !v.trim().is_empty()).cloned();
    for (id, secret) in provider.pairs {
        if let (Some(key_id), Some(secret)) = (get(id), get(secret)) {
            let token = (*id == AWS_PAIR.0)
                .then(|| get("AWS_SESSION_TOKEN"))
                .flatten();
            return Ok(Credentials {
                key_id: key_id.trim().to_string(),
                secret: secret.trim().to_string(),
                token,
            });
        }
    }
    if let Some(file) = get("JIESHUI_CREDENTIALS") {
        return credentials_file(root, Path::new(&file));
    }
    let mut names: Vec<String> = provider
        .pairs
        .iter()
        .flat_map(|(a, b)| [a.to_string(), b.to_string()])
        .collect();
    names.push("JIESHUI_CREDENTIALS".into());
    Err(Diagnostic::error(Msg::NoCredentials {
        provider: provider.name.to_string(),
        names,
    }))
}

/// A key file: `access_key_id = …` and `secret_access_key = …` lines (`#` starts a comment).
fn credentials_file(root: &Path, file: &Path) -> Result<Credentials, Diagnostic> {
    let shown = file.display().to_string();
    let real = std::fs::canonicalize(file).map_err(|e| {
        Diagnostic::error(Msg::CannotRead {
            detail: e.to_string(),
        })
        .in_file(shown.clone())
    })?;
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if real.starts_with(&site) {
        return Err(Diagnostic::error(Msg::CredentialsInsideSite {
            path: shown,
        }));
    }
    let text = std::fs::read_to_string(&real).map_err(|e| {
        Diagnostic::error(Msg::CannotRead {
            detail: e.to_string(),
        })
        .in_file(shown.clone())
    })?;
    let mut key_id = None;
    let mut secret = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        if let Some((k, v)) = line.split_once(['=', ':']) {
            let v = v.trim().trim_matches(['"', '\'']).to_string();
            match k.trim() {
                "access_key_id" => key_id = Some(v),
                "secret_access_key" => secret = Some(v),
                _ => {}
            }
        }
    }
    match (key_id, secret) {
        (Some(key_id), Some(secret)) if !key_id.is_empty() && !secret.is_empty() => {
            Ok(Credentials {
                key_id,
                secret,
                token: None,
            })
        }
        _ => Err(Diagnostic::error(Msg::MissingField {
            field: "access_key_id / secret_access_key".into(),
        })
        .in_file(shown)),
    }
}

/// Requests at once within a phase (assets, pages, deletions).
const PARALLEL: usize = 4;

/// A deploy once the site is built and the settings read.
struct Job {
    /// Site path (`news/a/index.html`) → bytes.
    files: BTreeMap<String, Bytes>,
    prefix: String,
    shown: String,
    base_url: String,
    website: bool,
    dry_run: bool,
    max_deletes: usize,
    lang: Lang,
    started: Instant,
}

/// A file to upload.
struct Upload {
    path: String,
    sha256: String,
    new: bool,
}

impl Job {
    async fn run(self, target: Target, creds: Credentials) -> Result<(), Diagnostic> {
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
    fn prefixes_and_etags() {
        assert_eq!(normal_prefix("/jieshui"), "jieshui/");
        assert_eq!(normal_prefix(" "), "");
        assert!(is_md5("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert!(!is_md5("5eb63bbbe01eeed093cb22bb8f5acdc3-2"));
        assert_eq!(md5_hex(b"hello world"), "5eb63bbbe01eeed093cb22bb8f5acdc3");
    }

    #[test]
    fn endpoints_from_provider_and_region() {
        let config = |extra: &str| {
            Config::parse(
                &format!("title: t\nbase_url: https://e.org/\ndeploy:\n{extra}"),
                None,
            )
            .unwrap()
        };
        let c = config("  provider: aliyun-oss\n  bucket: b\n  region: cn-hangzhou\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "s3.oss-cn-hangzhou.aliyuncs.com");
        assert_eq!((t.scheme.as_str(), t.path_style), ("https", false));
        let c = config("  provider: tencent-cos\n  bucket: b-125\n  region: ap-guangzhou\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "cos.ap-guangzhou.myqcloud.com");
        let c = config("  provider: huawei-obs\n  bucket: b\n  region: cn-north-4\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "obs.cn-north-4.myhuaweicloud.com");
        let c = config("  provider: aliyun\n  bucket: b\n  region: cn-hangzhou\n");
        let d = target(&c, c.deploy.as_ref().unwrap()).unwrap_err();
        assert_eq!(d.msg.kind(), "unknown-value");
        assert!(
            d.render(Lang::En).contains("site.yaml:4:13"),
            "{}",
            d.render(Lang::En)
        );
        let c = config("  provider: s3\n  bucket: b\n  endpoint: e.org/b\n");
        let d = target(&c, c.deploy.as_ref().unwrap()).unwrap_err();
        assert_eq!(d.msg.kind(), "bad-endpoint");
    }

    #[test]
    fn credentials_come_from_the_provider_names_then_aws() {
        let root = Path::new("/nonexistent-site");
        let env = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let oss = provider("aliyun-oss").unwrap();
        let c = credentials(
            root,
            &oss,
            &env(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id1"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s1"),
                ("AWS_ACCESS_KEY_ID", "id2"),
                ("AWS_SECRET_ACCESS_KEY", "s2"),
            ]),
        )
        .unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("id1", "s1"));
        let d = credentials(root, &oss, &env(&[])).unwrap_err();
        let text = d.render(Lang::Zh);
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("keys.txt");
        std::fs::write(&inside, "access_key_id = a\nsecret_access_key = b\n").unwrap();
        let d = credentials(
            dir.path(),
            &oss,
            &env(&[("JIESHUI_CREDENTIALS", inside.to_str().unwrap())]),
        )
        .unwrap_err();
        assert_eq!(d.msg.kind(), "credentials-inside-site");
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let c = credentials(
            &site,
            &oss,
            &env(&[("JIESHUI_CREDENTIALS", inside.to_str().unwrap())]),
        )
        .unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("a", "b"));
    }
}
