//! Runs a parsed command: calls the library, prints diagnostics and the summary, and gives the
//! exit status (0 success, 1 site errors, 2 usage).

pub mod args;
pub mod options;

use std::io::Write;

use crate::build::{BuildOptions, build};
use crate::cli::options::{Cli, Command, Format};
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Status};

/// What the environment asks for, read here once and passed down.
struct Knobs {
    /// `JIESHUI_TIMINGS`: print how long each step of a build took.
    timings: bool,
    /// `JIESHUI_WATCH=poll`: serve watches files by polling.
    poll: bool,
    /// `$XDG_CACHE_HOME/jieshui`, else `$HOME/.cache/jieshui`: where `check --external`
    /// remembers working links.
    cache_dir: Option<std::path::PathBuf>,
}

impl Knobs {
    fn read() -> Knobs {
        Knobs {
            timings: std::env::var_os("JIESHUI_TIMINGS").is_some(),
            poll: std::env::var("JIESHUI_WATCH").is_ok_and(|v| v == "poll"),
            cache_dir: std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache"))
                })
                .map(|c| c.join("jieshui")),
        }
    }
}

pub fn run(cli: Cli) -> u8 {
    let requested = Lang::requested(cli.lang.map(|l| match l {
        crate::cli::options::Lang::Zh => Lang::Zh,
        crate::cli::options::Lang::En => Lang::En,
    }));
    let knobs = Knobs::read();
    match cli.command {
        Command::Build(args) => {
            if let Some(zip) = args.zip {
                let opts = BuildOptions {
                    root: args.root,
                    base_url: args.base_url,
                    drafts: args.drafts,
                    future: args.future,
                    expired: args.expired,
                    relative_urls: true,
                    lang: requested,
                    progress: true,
                    timings: knobs.timings,
                    ..BuildOptions::default()
                };
                return build_zip(&opts, &zip);
            }
            let opts = BuildOptions {
                root: args.root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
                future: args.future,
                expired: args.expired,
                relative_urls: false,
                write: true,
                cache: None,
                lang: requested,
                progress: true,
                timings: knobs.timings,
                external: None,
            };
            let report = build(&opts);
            let lang = report.lang;
            print_diagnostics(&report.diagnostics, lang);
            let warnings = report.warnings();
            if report.has_errors() {
                let errors = report.diagnostics.len() - warnings;
                eprintln!("{}", Status::BuildFailed { errors, warnings }.text(lang));
                return 1;
            }
            let built = Status::Built {
                pages: report.pages,
                sections: report.sections,
                records: report.records,
                files: report.files_written,
                output: report
                    .output_dir
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                warnings,
                seconds: report.seconds,
            };
            eprintln!("{}", built.text(lang));
            let crate::images::ImageCounts { encoded, reused } = report.images;
            if encoded + reused > 0 {
                eprintln!("{}", Status::Images { encoded, reused }.text(lang));
            }
            print_scheduled(&report, lang);
            0
        }
        Command::Check(args) => {
            let opts = BuildOptions {
                root: args.root,
                drafts: args.drafts,
                future: args.future,
                expired: args.expired,
                write: false,
                lang: requested,
                progress: args.format == Format::Text,
                timings: knobs.timings,
                external: args.external.then(|| crate::links::LinkOptions {
                    cache_dir: knobs.cache_dir.clone(),
                    recheck: args.recheck,
                }),
                ..BuildOptions::default()
            };
            let report = build(&opts);
            let lang = report.lang;
            let warnings = report.warnings();
            match args.format {
                Format::Text => {
                    print_diagnostics(&report.diagnostics, lang);
                    if let Some(c) = &report.links {
                        let links = Status::Links {
                            found: c.found,
                            requested: c.requested,
                            cached: c.cached,
                            skipped: c.skipped,
                            bad: c.bad,
                            seconds: c.seconds,
                        };
                        eprintln!("{}", links.text(lang));
                    }
                    let checked = Status::Checked {
                        pages: report.pages,
                        sections: report.sections,
                        records: report.records,
                        errors: report.diagnostics.len() - warnings,
                        warnings,
                        seconds: report.seconds,
                    };
                    eprintln!("{}", checked.text(lang));
                    print_scheduled(&report, lang);
                }
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    for d in &report.diagnostics {
                        let _ = writeln!(out, "{}", crate::diagnostics::json::to_json(d, lang));
                    }
                }
            }
            if report.has_errors() || (args.strict && warnings > 0) {
                1
            } else {
                0
            }
        }
        Command::Serve(args) => crate::serve::serve(crate::serve::ServeOptions {
            root: args.root,
            interface: args.interface,
            port: args.port,
            drafts: args.drafts,
            future: args.future,
            expired: args.expired,
            lang: requested,
            timings: knobs.timings,
            poll: knobs.poll,
        }),
        Command::Deploy(args) => {
            // Only the variables a deploy reads, so nothing else of the environment is kept.
            let env = crate::deploy::ENV_NAMES
                .iter()
                .filter_map(|name| Some((name.to_string(), std::env::var(name).ok()?)))
                .collect();
            crate::deploy::deploy(&crate::deploy::DeployOptions {
                root: args.root,
                dry_run: args.dry_run,
                max_deletes: args.max_deletes,
                lang: requested,
                env,
            })
        }
        Command::Init(args) => {
            let lang = Lang::resolve(requested, None);
            // The skeleton's timezone is Asia/Shanghai.
            let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC);
            let today = jiff::Timestamp::now().to_zoned_datetime(tz).date();
            let year = args.year.unwrap_or(today.year());
            match crate::init::init(&args.dir, year, today) {
                Ok(()) => {
                    let dir = args.dir.display().to_string();
                    eprintln!("{}", Status::Created { dir }.text(lang));
                    0
                }
                Err(d) => {
                    print_diagnostics(std::slice::from_ref(&d), lang);
                    1
                }
            }
        }
    }
}

/// `build --zip FILE`: the site built in memory with relative URLs, written as one zip.
fn build_zip(opts: &BuildOptions, zip: &std::path::Path) -> u8 {
    let (site, report) = crate::build::build_to_memory(opts);
    let lang = report.lang;
    print_diagnostics(&report.diagnostics, lang);
    let warnings = report.warnings();
    let Some(site) = site else {
        let errors = report.diagnostics.len() - warnings;
        eprintln!("{}", Status::BuildFailed { errors, warnings }.text(lang));
        return 1;
    };
    match crate::output::pack::write_zip(zip, site.files, &site.copies) {
        Ok(packed) => {
            let zipped = Status::Zipped {
                pages: report.pages,
                files: packed.files,
                path: zip.display().to_string(),
                bytes: packed.bytes,
                warnings,
                seconds: report.seconds,
            };
            eprintln!("{}", zipped.text(lang));
            print_scheduled(&report, lang);
            0
        }
        Err(d) => {
            print_diagnostics(std::slice::from_ref(&d), lang);
            1
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}", d.render(lang));
    }
}

/// Pages waiting for their publish date: said after the summary, since a static site does not
/// change by itself on that day.
fn print_scheduled(report: &crate::build::BuildReport, lang: Lang) {
    if let Some(s) = &report.scheduled {
        eprintln!("{}", s.status().text(lang));
    }
}
