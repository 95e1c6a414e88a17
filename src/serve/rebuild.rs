//! One full build into memory, turned into the next `Snapshot`, with what the terminal shows.
//! There is no partial rebuild: every change runs the same `build_to_memory` as the first build.

use std::collections::BTreeSet;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::build::{BuildOptions, BuildReport, build_to_memory};
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Status};

use super::state::{SiteFiles, Snapshot};

pub(crate) struct Builder {
    opts: BuildOptions,
    /// Tells this server run's builds from another's, so pages reload after a restart.
    boot: String,
    count: u64,
    /// Warnings already printed, so an unchanged set is not printed again on every save.
    warnings_shown: BTreeSet<String>,
    /// The pages waiting for their publish date, as last said.
    scheduled_shown: Option<crate::build::Scheduled>,
    /// The language of the last build's messages.
    lang: Lang,
}

/// What the preview shows besides what is due: `--drafts`, `--future`, `--expired`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shown {
    pub(crate) drafts: bool,
    pub(crate) future: bool,
    pub(crate) expired: bool,
}

impl Builder {
    pub(crate) fn new(
        root: PathBuf,
        base_url: String,
        shown: Shown,
        lang: Option<Lang>,
        timings: bool,
    ) -> Builder {
        let boot = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Builder {
            opts: BuildOptions {
                root,
                output_dir: None,
                base_url: Some(base_url),
                drafts: shown.drafts,
                future: shown.future,
                expired: shown.expired,
                relative_urls: false,
                write: false,
                // Unchanged files are not parsed or rendered again on the next save.
                cache: Some(Arc::new(crate::build::BuildCache::default())),
                lang,
                progress: false,
                timings,
                external: None,
            },
            boot: format!("{boot:x}"),
            count: 0,
            warnings_shown: BTreeSet::new(),
            scheduled_shown: None,
            lang: Lang::resolve(lang, None),
        }
    }

    /// The language messages are printed in (the site's, once a build has read it).
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    /// Builds the site; `prev` is what is being served now (kept when the build fails). A
    /// panic in the engine is a failed build too: the server goes on.
    pub(crate) fn build(&mut self, prev: &Snapshot) -> Snapshot {
        let opts = &self.opts;
        let built = std::panic::catch_unwind(AssertUnwindSafe(|| build_to_memory(opts)));
        let (site, report) = match built {
            Ok(r) => r,
            Err(_) => {
                let d = Diagnostic::error(Msg::InternalError);
                (
                    None,
                    BuildReport {
                        diagnostics: vec![d],
                        // The language of the last build that ran.
                        lang: self.lang,
                        ..BuildReport::default()
                    },
                )
            }
        };
        let lang = report.lang;
        self.lang = lang;
        let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
        let warnings: BTreeSet<String> = report
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| d.render(lang))
            .collect();
        let mut err = std::io::stderr().lock();
        match site {
            Some(out) if errors.is_empty() => {
                if warnings != self.warnings_shown {
                    for w in &warnings {
                        let _ = writeln!(err, "{w}");
                    }
                }
                self.count += 1;
                let site = SiteFiles::from_output(out);
                let built = Status::Rebuilt {
                    pages: report.pages,
                    sections: report.sections,
                    files: site.len(),
                    millis: report.seconds * 1000.0,
                    warnings: warnings.len(),
                };
                let _ = writeln!(err, "{}", built.text(lang));
                let crate::images::ImageCounts { encoded, reused } = report.images;
                if encoded > 0 {
                    let images = Status::Images { encoded, reused };
                    let _ = writeln!(err, "{}", images.text(lang));
                }
                self.warnings_shown = warnings;
                // Said once, and again when it changes: why a page is not in the preview.
                if report.scheduled != self.scheduled_shown {
                    if let Some(s) = &report.scheduled {
                        let _ = writeln!(err, "{}", s.status().text(lang));
                    }
                    self.scheduled_shown = report.scheduled.clone();
                }
                Snapshot {
                    site: Some(Arc::new(site)),
                    build: format!("{}-{}", self.boot, self.count),
                    errors: Arc::from(Vec::new()),
                    warnings: report.warnings(),
                    pages: report.pages,
                    seconds: report.seconds,
                }
            }
            _ => {
                for d in &report.diagnostics {
                    let _ = writeln!(err, "{}", d.render(lang));
                }
                self.warnings_shown = warnings;
                let mut shown: Vec<String> = errors.iter().map(|d| d.render(lang)).collect();
                if shown.is_empty() {
                    shown.push("error: the build failed".to_string());
                }
                let failed = Status::RebuildFailed {
                    errors: shown.len(),
                    warnings: report.warnings(),
                    still_serving: prev.site.is_some(),
                };
                let _ = writeln!(err, "{}", failed.text(lang));
                Snapshot {
                    site: prev.site.clone(),
                    build: prev.build.clone(),
                    errors: Arc::from(shown),
                    warnings: report.warnings(),
                    pages: prev.pages,
                    seconds: report.seconds,
                }
            }
        }
    }
}

/// What is served before the first build finishes.
pub(crate) fn nothing_yet() -> Snapshot {
    Snapshot {
        build: "none".to_string(),
        errors: Arc::from(Vec::new()),
        ..Snapshot::default()
    }
}
