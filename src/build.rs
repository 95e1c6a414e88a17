//! The pipeline, in the order data flows: load config → walk and parse content → load data →
//! load templates → render → write. `check` runs the same stages and writes nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Lang, Msg};
use crate::output::Sink;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `--output-dir`, relative to the working directory.
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `false` for `check`: everything is validated and rendered, nothing written.
    pub write: bool,
    /// Per-file results kept from the previous build of the same site (`serve`).
    pub cache: Option<std::sync::Arc<crate::cache::BuildCache>>,
    /// The language `--lang` or `JIESHUI_LANG` asked for; else the site's `language` decides.
    pub lang: Option<Lang>,
    /// Show a progress bar while pages render (when stderr is a terminal).
    pub progress: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
    pub files_written: usize,
    pub output_dir: Option<PathBuf>,
    pub seconds: f64,
    /// Records of the data files (districts, units, carriers, leaders), each with its page.
    pub records: usize,
    /// The language to print messages in: asked for, else the site's, else Chinese.
    pub lang: Lang,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }
}

/// Everything a build produces, in memory: the rendered files and the files to copy.
#[derive(Debug, Default)]
pub struct SiteOutput {
    pub files: Vec<crate::render::OutFile>,
    pub copies: Vec<crate::output::Copy>,
}

/// Builds the site (or only checks it when `opts.write` is false).
pub fn build(opts: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let mut report = BuildReport {
        lang: Lang::resolve(opts.lang, None),
        ..BuildReport::default()
    };
    run(opts, Target::Disk, &mut diags, &mut report);
    report.diagnostics = diags.into_sorted();
    report.seconds = started.elapsed().as_secs_f64();
    report
}

/// Renders the whole site into memory without writing anything (for `serve`). `None` when the
/// site has errors; the report holds the diagnostics either way.
pub fn build_to_memory(opts: &BuildOptions) -> (Option<SiteOutput>, BuildReport) {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let mut report = BuildReport {
        lang: Lang::resolve(opts.lang, None),
        ..BuildReport::default()
    };
    let kept = run(opts, Target::Memory, &mut diags, &mut report);
    let ok = !diags.has_errors();
    report.diagnostics = diags.into_sorted();
    report.seconds = started.elapsed().as_secs_f64();
    let site = kept.map(|k| SiteOutput {
        files: k.files,
        copies: k.copies,
    });
    (site.filter(|_| ok), report)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The output folder (or nowhere, for `check`).
    Disk,
    Memory,
}

fn run(
    opts: &BuildOptions,
    target: Target,
    diags: &mut Diagnostics,
    report: &mut BuildReport,
) -> Option<crate::output::Kept> {
    let root = opts.root.as_path();
    if !root.join(crate::layout::CONFIG_FILE).is_file() {
        diags.push(Diagnostic::error(Msg::NoSiteYaml {
            root: root.display().to_string(),
        }));
        return None;
    }
    let config = match Config::load(root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    report.lang = Lang::resolve(opts.lang, Some(&config.language));
    diags.extend(crate::config::organization::organization(&config));
    let out =
        crate::output::resolve_output_dir(root, opts.output_dir.as_deref(), &config.output_dir);
    if opts.output_dir.is_none() && !crate::output::inside_site(root, &out) {
        diags.push(config.diag_at(
            "output_dir",
            Diagnostic::error(Msg::OutputDirRefused {
                dir: config.output_dir.clone(),
                why: crate::messages::OutputWhy::OutsideSite,
            }),
        ));
        return None;
    }
    let writing = target == Target::Disk && opts.write;
    if writing && let Err(d) = crate::output::check_output_dir(root, &out) {
        diags.push(d);
        return None;
    }

    let mut timer = crate::diagnostics::timing::Timer::new();
    let mut lib = crate::content::load(root, &config, opts.drafts, opts.cache.as_deref(), diags);
    timer.mark("content");
    let data = crate::data::load(root, diags);
    let refs = crate::data::resolve_content(&lib, &data.typed, diags);
    timer.mark("data");
    report.pages = lib.pages.len();
    report.sections = lib.sections.len();
    report.records = data.typed.districts.records.len()
        + data.typed.units.records.len()
        + data.typed.carriers.records.len()
        + data.typed.leaders.records.len();

    // Files stream into the sink as they are rendered; on disk that is a staging folder that
    // replaces the output only if the whole build succeeds.
    // One build writes an output at a time: the lock is held until this run ends.
    let mut _lock = None;
    let staging = if writing && !diags.has_errors() {
        match crate::output::OutputLock::take(&out) {
            Ok(lock) => _lock = Some(lock),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
        match crate::output::Staging::create(&out) {
            Ok(s) => Some(s),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    } else {
        None
    };
    let sink = match (&staging, target) {
        (Some(s), _) => Sink::disk(s.path()),
        (None, Target::Memory) => Sink::memory(),
        (None, Target::Disk) => Sink::discard(),
    }
    .with_progress(crate::output::progress::Progress::new(
        opts.progress,
        report.lang,
    ));
    let site = crate::render::Site {
        root,
        config: &config,
        data: &data,
        refs: &refs,
        cache: opts.cache.as_deref(),
        lang: report.lang,
    };
    let images = crate::render::render(&site, &mut lib, &sink, diags);
    timer.mark("render");
    for copy in crate::output::collect_copies(root, &config.theme, &lib, diags) {
        sink.copy(&copy);
    }
    crate::build::free_later((lib, data, refs));
    let (written, errors, kept) = sink.finish();
    diags.extend(errors);
    diags.extend(crate::output::missing_images(
        images,
        &kept.paths,
        &config.base_url,
        &config.base_path,
    ));
    timer.mark("copies");
    if let Some(staging) = staging
        && !diags.has_errors()
    {
        staging.prune(&kept.paths);
        match staging.commit(&out) {
            Ok(()) => {
                report.files_written = written;
                report.output_dir = Some(out);
            }
            Err(d) => diags.push(d),
        }
        timer.mark("swap");
    }
    Some(kept)
}

/// Frees a large structure on another thread: the build does not wait for it, and a command
/// that exits right after never pays for it. (Should no thread start, it is freed here.)
pub(crate) fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("jieshui-free".into())
        .spawn(move || drop(value));
}

/// The site root as given, checked to exist.
pub fn root_from(arg: Option<&Path>) -> PathBuf {
    arg.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
