use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = jieshui::cli::Cli::parse();
    ExitCode::from(jieshui::app::run(cli))
}
