//! `jieshui serve`: scaffold; the serve work replaces this body.

use crate::cli::ServeArgs;

/// Runs the preview server until interrupted; returns the exit status.
pub fn serve(args: ServeArgs) -> u8 {
    let _ = args;
    eprintln!("error: serve is not built yet");
    1
}
