//! Runs a parsed command: calls the library, prints diagnostics and the summary, and gives the
//! exit status (0 success, 1 site errors, 2 usage).

use std::io::Write;

use crate::build::{BuildOptions, build};
use crate::cli::{Cli, Command, Format};
use crate::diagnostics::Diagnostic;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build(args) => {
            let opts = BuildOptions {
                root: args.root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
                write: true,
                cache: None,
            };
            let report = build(&opts);
            print_diagnostics(&report.diagnostics);
            if report.has_errors() {
                eprintln!(
                    "build failed: {} error(s), {} warning(s); the previous output is unchanged",
                    report.diagnostics.len() - report.warnings(),
                    report.warnings()
                );
                return 1;
            }
            eprintln!(
                "built {} pages and {} sections, {} files written to {} in {:.2}s ({} warning(s))",
                report.pages,
                report.sections,
                report.files_written,
                report
                    .output_dir
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                report.seconds,
                report.warnings()
            );
            0
        }
        Command::Check(args) => {
            let opts = BuildOptions {
                root: args.root,
                drafts: args.drafts,
                write: false,
                ..BuildOptions::default()
            };
            let report = build(&opts);
            match args.format {
                Format::Text => {
                    print_diagnostics(&report.diagnostics);
                    eprintln!(
                        "checked {} pages and {} sections: {} error(s), {} warning(s)",
                        report.pages,
                        report.sections,
                        report.diagnostics.len() - report.warnings(),
                        report.warnings()
                    );
                }
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    for d in &report.diagnostics {
                        let _ = writeln!(out, "{}", crate::diagnostics_json::to_json(d));
                    }
                }
            }
            if report.has_errors() || (args.strict && report.warnings() > 0) {
                1
            } else {
                0
            }
        }
        Command::Serve(args) => crate::serve::serve(args),
        Command::Init(args) => match crate::init::init(&args.dir) {
            Ok(()) => {
                eprintln!(
                    "created a site in {}; build it with: jieshui build --root {}",
                    args.dir.display(),
                    args.dir.display()
                );
                0
            }
            Err(d) => {
                print_diagnostics(std::slice::from_ref(&d));
                1
            }
        },
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}
