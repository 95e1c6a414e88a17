use std::process::ExitCode;

fn main() -> ExitCode {
    match jieshui::args::parse(std::env::args_os()) {
        jieshui::args::Parsed::Run(cli) => ExitCode::from(jieshui::app::run(cli)),
        jieshui::args::Parsed::Exit(code) => ExitCode::from(code),
    }
}
