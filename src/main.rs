use std::process::ExitCode;

fn main() -> ExitCode {
    match jieshui::cli::args::parse(std::env::args_os()) {
        jieshui::cli::args::Parsed::Run(cli) => ExitCode::from(jieshui::cli::run(cli)),
        jieshui::cli::args::Parsed::Exit(code) => ExitCode::from(code),
    }
}
