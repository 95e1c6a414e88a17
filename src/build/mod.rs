//! The pipeline, one named step each, in the order data flows: read site.yaml → load content →
//! load data → render (Markdown and templates) → publish (sitemap, feeds, calendar) → search
//! index → copy static files → write (swap the new output in). `check` runs the same steps and
//! writes nothing; `serve` keeps the result in memory.

pub mod cache;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::timing::Timer;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Lang, Msg, Origin, OutputWhy};
use crate::output::{Kept, OutputLock, Sink, Staging};
use crate::render::Rendered;

pub use cache::BuildCache;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `--output-dir`, relative to the working directory.
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `--future`: pages whose publish date is still to come.
    pub future: bool,
    /// `--expired`: pages past their `expiry_date`.
    pub expired: bool,
    /// Make every internal URL relative whatever site.yaml says (`build --zip`).
    pub relative_urls: bool,
    /// `false` for `check`: everything is validated and rendered, nothing written.
    pub write: bool,
    /// Per-file results kept from the previous build of the same site (`serve`).
    pub cache: Option<Arc<BuildCache>>,
    /// The language `--lang` or `JIESHUI_LANG` asked for; else the site's `language` decides.
    pub lang: Option<Lang>,
    /// Show a progress bar while pages render (when stderr is a terminal).
    pub progress: bool,
    /// Print how long each step took (`JIESHUI_TIMINGS`, read by the command line).
    pub timings: bool,
    /// `check --external`: also ask other sites whether the pages' links to them work.
    pub external: Option<crate::links::LinkOptions>,
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
    /// Photo variants encoded in this run and taken from the cache.
    pub images: crate::images::ImageCounts,
    /// Pages waiting for their publish date: how many, and the first due (date, file).
    pub scheduled: Option<Scheduled>,
    /// What `check --external` did (none without it).
    pub links: Option<crate::links::LinkCounts>,
}

/// Pages a build left out because their publish date is still to come: the site must be built
/// again on that day for them to appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub count: usize,
    pub next: jiff::civil::Date,
    /// `content/…` of the first due.
    pub file: String,
}

impl Scheduled {
    /// The line that says so after a run.
    pub fn status(&self) -> crate::messages::Status {
        crate::messages::Status::Scheduled {
            count: self.count,
            next: self.next.to_string(),
            file: self.file.clone(),
        }
    }
}

fn scheduled(lib: &crate::content::Library) -> Option<Scheduled> {
    let mut due = lib.left_out.iter().filter_map(|(rel, why)| match why {
        crate::content::LeftOut::Future(d) => Some((*d, rel)),
        _ => None,
    });
    let first = due.next()?;
    let (count, (next, rel)) = due.fold((1, first), |(n, min), d| (n + 1, min.min(d)));
    Some(Scheduled {
        count,
        next,
        file: format!("content/{rel}"),
    })
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
    pub files: Vec<crate::output::OutFile>,
    pub copies: Vec<crate::output::Copy>,
}

/// Builds the site (or only checks it when `opts.write` is false).
pub fn build(opts: &BuildOptions) -> BuildReport {
    let (_, report) = run_timed(opts, Target::Disk);
    report
}

/// Renders the whole site into memory without writing anything (for `serve`). `None` when the
/// site has errors; the report holds the diagnostics either way.
pub fn build_to_memory(opts: &BuildOptions) -> (Option<SiteOutput>, BuildReport) {
    let (kept, report) = run_timed(opts, Target::Memory);
    let site = kept.map(|k| SiteOutput {
        files: k.files,
        copies: k.copies,
    });
    (site.filter(|_| !report.has_errors()), report)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The output folder (or nowhere, for `check`).
    Disk,
    Memory,
}

fn run_timed(opts: &BuildOptions, target: Target) -> (Option<Kept>, BuildReport) {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let mut report = BuildReport {
        lang: Lang::resolve(opts.lang, None),
        ..BuildReport::default()
    };
    let kept = run(opts, target, &mut diags, &mut report);
    report.diagnostics = diags.into_sorted();
    report.seconds = started.elapsed().as_secs_f64();
    (kept, report)
}

fn run(
    opts: &BuildOptions,
    target: Target,
    diags: &mut Diagnostics,
    report: &mut BuildReport,
) -> Option<Kept> {
    let root = opts.root.as_path();
    let mut timer = Timer::new(opts.timings);
    let config = read_config(root, opts, diags)?;
    report.lang = Lang::resolve(opts.lang, Some(&config.language));
    let writing = target == Target::Disk && opts.write;
    let out = output_dir(root, opts, &config, writing, diags)?;

    let docs_cache = opts.cache.as_deref().map(|c| &c.docs);
    let now = jiff::Timestamp::now();
    let include = crate::content::Include {
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
        now: now.as_second(),
    };
    let mut lib = crate::content::load(root, &config, include, docs_cache, &mut timer, diags);
    report.scheduled = scheduled(&lib);
    timer.mark("content");
    let data = crate::data::load(root, diags);
    let refs = crate::data::resolve_content(&lib, &data.typed, diags);
    if config.government() {
        let today = now.to_zoned_datetime(config.timezone.clone()).date();
        diags.extend(crate::gov::content::check(
            &config,
            &lib,
            &data.typed,
            today,
        ));
    }
    // 易错表述: whenever the site keeps a dictionary, in the government profile or not.
    match crate::gov::wording::load(root) {
        Ok(Some(entries)) => diags.extend(crate::gov::wording::check(root, &lib, &entries)),
        Ok(None) => {}
        Err(d) => diags.push(d),
    }
    timer.mark("data");
    report.pages = lib.pages.len();
    report.sections = lib.sections.len();
    report.records = data.typed.record_count();

    // Files stream into the sink as they are rendered; on disk that is a staging folder that
    // replaces the output only if the whole build succeeds. One build writes an output at a
    // time: the lock is held until this run ends.
    let (staging, _lock) = match writing && !diags.has_errors() {
        true => {
            let (staging, lock) = stage(&out, diags)?;
            (Some(staging), Some(lock))
        }
        false => (None, None),
    };
    // `check --external`: the links of every rendered page are collected on their way by.
    let links = opts
        .external
        .as_ref()
        .map(|_| Arc::new(crate::links::Collector::new(&config.base_url)));
    let observer = links.clone().map(|c| {
        Box::new(move |path: &str, bytes: &[u8], origin: &Origin| c.file(path, bytes, origin))
            as crate::output::Observer
    });
    let sink = match (&staging, target) {
        (Some(s), _) => Sink::disk(s.path()),
        (None, Target::Memory) => Sink::memory(),
        (None, Target::Disk) => Sink::discard(),
    }
    .with_progress(crate::output::progress::Progress::new(
        opts.progress,
        report.lang,
    ))
    .with_observer(observer);

    // The files to copy are known before rendering: the photos among them become pictures.
    let copies = crate::output::collect_copies(root, &config.theme, &lib, diags);
    let images = Arc::new(crate::images::Images::new(
        root,
        &config.images,
        &config.base_url,
        &config.base_path,
        copies
            .iter()
            .filter_map(|c| match &c.from {
                crate::output::Source::Disk(abs) => Some((
                    c.to.clone(),
                    crate::images::SourceFile {
                        abs: abs.clone(),
                        shown: c.shown.clone(),
                    },
                )),
                crate::output::Source::BuiltIn(_) => None,
            })
            .collect(),
    ));
    let site = crate::render::Site {
        root,
        config: &config,
        data: &data,
        refs: &refs,
        cache: opts.cache.as_deref().map(|c| &c.markdown),
        lang: report.lang,
        images: &images,
    };
    let mut rendered = crate::render::render(&site, &mut lib, &sink, &mut timer, diags);
    // The template engine and the views hold every page: freeing them is left to another
    // thread, so nothing waits for it (and the search index is built without them).
    free_later(std::mem::replace(&mut rendered.leftovers, Box::new(())));
    timer.mark("render");
    publish(&config, &lib, &mut rendered, &sink, diags);
    search(&config, &lib, &mut rendered, &sink);
    timer.mark("publish and search");
    // Photos: their variants are made (or taken from the cache); the originals are not
    // published as they are.
    let mut replaced: std::collections::HashSet<String> =
        images.replaced_originals().into_iter().collect();
    let encode = writing || target == Target::Memory;
    let put = |path: String, bytes: Vec<u8>, shown: &str| {
        sink.put(
            crate::output::OutFile { path, bytes },
            &Origin::File(shown.to_string()),
        );
    };
    let made = images.process(encode, (opts.progress, report.lang), &put);
    diags.extend(made);
    // Photos copied as they are lose a GPS position too.
    let (scrubbed, warnings) = images.scrub_copies(&put);
    replaced.extend(scrubbed);
    diags.extend(warnings);
    report.images = images.counts();
    timer.mark("images");
    for copy in copies.iter().filter(|c| !replaced.contains(&c.to)) {
        sink.copy(copy);
    }
    let image_refs = std::mem::take(&mut rendered.images);
    free_later((lib, data, refs, rendered.pages, rendered.sections));

    let (written, errors, kept) = sink.finish();
    diags.extend(errors);
    let mut present = kept.paths.clone();
    present.extend(replaced);
    diags.extend(crate::output::missing_images(
        image_refs,
        &present,
        &config.base_url,
        &config.base_path,
    ));
    timer.mark("copies");
    if let (Some(collector), Some(link_opts)) = (links, &opts.external) {
        // The sink, which held the other handle, is gone.
        if let Ok(collector) = Arc::try_unwrap(collector) {
            let (found, counts) = crate::links::check(
                root,
                &config,
                collector,
                link_opts,
                (opts.progress, report.lang),
            );
            diags.extend(found);
            report.links = Some(counts);
        }
        timer.mark("external links");
    }
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

/// Reads site.yaml (`--base-url` replacing its base_url), and checks the organization block.
fn read_config(root: &Path, opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Config> {
    if !root.join(crate::layout::CONFIG_FILE).is_file() {
        diags.push(Diagnostic::error(Msg::NoSiteYaml {
            root: root.display().to_string(),
        }));
        return None;
    }
    match Config::load(root, opts.base_url.as_deref()) {
        Ok(mut config) => {
            config.relative_urls |= opts.relative_urls;
            diags.extend(crate::config::organization::organization(&config));
            Some(config)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}

/// Where the site goes: `--output-dir`, else site.yaml's `output_dir`, which must stay inside
/// the site folder (a site folder someone sends you cannot choose to write elsewhere).
fn output_dir(
    root: &Path,
    opts: &BuildOptions,
    config: &Config,
    writing: bool,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let out =
        crate::output::resolve_output_dir(root, opts.output_dir.as_deref(), &config.output_dir);
    if opts.output_dir.is_none() && !crate::output::inside_site(root, &out) {
        diags.push(config.diag_at(
            "output_dir",
            Diagnostic::error(Msg::OutputDirRefused {
                dir: config.output_dir.clone(),
                why: OutputWhy::OutsideSite,
            }),
        ));
        return None;
    }
    if writing && let Err(d) = crate::output::check_output_dir(root, &out) {
        diags.push(d);
        return None;
    }
    Some(out)
}

/// Takes the output's lock, then makes the staging folder the build is written into.
fn stage(out: &Path, diags: &mut Diagnostics) -> Option<(Staging, OutputLock)> {
    let made = OutputLock::take(out).and_then(|lock| Ok((Staging::create(out)?, lock)));
    let (staging, lock) = made.map_err(|d| diags.push(d)).ok()?;
    if let Some(warning) = staging.notice(out) {
        diags.push(warning);
    }
    Some((staging, lock))
}

/// The publish step: sitemap.xml, robots.txt, feeds and events.ics, from the model and the
/// pages' summaries.
fn publish(
    config: &Config,
    lib: &Library,
    rendered: &mut Rendered,
    sink: &Sink,
    diags: &mut Diagnostics,
) {
    let record_paths = std::mem::take(&mut rendered.record_paths);
    for file in crate::publish::publish(config, lib, &rendered.pages, record_paths, diags) {
        let origin = Origin::Generated(file.path.clone());
        sink.put(file, &origin);
    }
}

/// The search step (`search: true`): the index of every page's and section's text. The texts
/// are moved out, not copied: the index is the last to need them.
fn search(config: &Config, lib: &Library, rendered: &mut Rendered, sink: &Sink) {
    if !config.search {
        return;
    }
    let docs: Vec<crate::search::SearchDoc> = lib
        .pages
        .iter()
        .zip(&mut rendered.pages)
        .map(|(p, html)| crate::search::SearchDoc {
            path: p.doc.path.clone(),
            title: p.doc.fm.title.clone(),
            section: lib.sections[p.section].doc.fm.title.clone(),
            date: p.doc.date.as_ref().map(|d| d.iso.clone()),
            text: std::mem::take(&mut html.text),
        })
        .chain(
            lib.sections
                .iter()
                .zip(&mut rendered.sections)
                .map(|(s, html)| crate::search::SearchDoc {
                    path: s.doc.path.clone(),
                    title: s.doc.fm.title.clone(),
                    section: String::new(),
                    date: None,
                    text: std::mem::take(&mut html.text),
                }),
        )
        .collect();
    for file in crate::search::build_index(&docs) {
        sink.put(file, &Origin::SearchIndex);
    }
    free_later(docs);
}

/// Frees a large structure on another thread: the build does not wait for it, and a command
/// that exits right after never pays for it. (Should no thread start, it is freed here.)
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("jieshui-free".into())
        .spawn(move || drop(value));
}
