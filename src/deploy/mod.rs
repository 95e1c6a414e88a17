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

mod credentials;
mod job;
mod s3;
mod settings;
mod sign;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use hyper::body::Bytes;

use crate::build::{BuildOptions, build_to_memory};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Status};
use crate::output::Source;
use credentials::{credentials, secrets_in_content};
use job::{Job, failed};
use settings::{normal_prefix, target};

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
    if let Some(s) = &report.scheduled {
        eprintln!("{}", s.status().text(lang));
    }
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
