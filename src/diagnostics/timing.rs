//! Stage timings for profiling: `JIESHUI_TIMINGS=1 jieshui build` prints how long each stage
//! took to stderr. Off by default; the command line reads the variable and says whether.

use std::time::Instant;

pub struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    pub fn new(on: bool) -> Timer {
        Timer {
            on,
            last: Instant::now(),
        }
    }

    /// Prints the time since the previous mark, labelled.
    pub fn mark(&mut self, label: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: {label}: {:.1} ms, {} MiB resident",
                (now - self.last).as_secs_f64() * 1000.0,
                resident_mib()
            );
            self.last = now;
        }
    }
}

/// Resident memory now (Linux), in MiB; 0 elsewhere.
fn resident_mib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}
