//! Data-driven robustness tests, one suite per file; this file holds what they share (running
//! the binary under limits, and the expectations of a case).
//!
//! 1. The fuzz targets' seed corpora (`fuzz/seeds/TARGET/`) replayed through the very functions
//!    the fuzzers call (`fuzz/src/harness.rs`, included below): no panic, no fuzzing.
//! 2. The bad-input corpus: one folder per case under `tests/bad_inputs/`, its files laid over
//!    the minimal site, and an `expect.txt`:
//!    ```text
//!    1                                   exit status
//!    error: content/a.md:3:              a diagnostic's first line starts so (may be empty)
//!    stderr TEXT                         optional lines: stderr contains TEXT,
//!    output PATH                         the build wrote public/PATH,
//!    output_contains PATH TEXT           … and it contains TEXT,
//!    output_lacks PATH TEXT              … and it does not contain TEXT
//!    ```
//! 3. Cases that cannot be checked-in files (10 MB lines, deep nesting, names Windows refuses,
//!    symlinks out of the root, unreadable files, files that vanish during a build), made here.
//!
//! Every run: no panic, the stated status, at most `LIMIT` of wall time and `MEMORY` of address
//! space (a child over it fails to allocate and dies, which fails the case), and nothing
//! changed outside the output folder.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Site, jieshui, tree};

mod bad_inputs;
mod fuzz_replay;
mod made;

/// Wall time allowed for one build of one bad input (a debug binary, tests running beside it).
pub(super) const LIMIT: Duration = Duration::from_secs(10);
/// Address space allowed to one build (RLIMIT_AS).
pub(super) const MEMORY: u64 = 1 << 30;

pub(super) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Running the binary with limits

pub(super) struct Limited {
    status: i32,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory of the child, in bytes.
    max_rss: u64,
}

/// Runs `jieshui ARGS` in `dir` under the time and memory limits.
// The child is reaped by `wait4` (for its peak memory), which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub(super) fn run_limited(dir: &Path, args: &[&str]) -> Limited {
    let mut cmd = jieshui(args).current_dir(dir).command();
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY,
                rlim_max: MEMORY,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run jieshui");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut raw_status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: pid is our child; the pointers are valid for the call.
        let r = unsafe { libc::wait4(pid, &mut raw_status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > LIMIT * 3 && !killed {
            // SAFETY: signalling our own child, which has not been reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    let _ = out.join();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    let status = if libc::WIFEXITED(raw_status) {
        libc::WEXITSTATUS(raw_status)
    } else {
        -libc::WTERMSIG(raw_status)
    };
    Limited {
        status,
        stderr,
        elapsed,
        max_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// What one case must do.
#[derive(Debug, Default)]
pub(super) struct Expect {
    status: i32,
    prefix: String,
    stderr: Vec<String>,
    output: Vec<String>,
    output_contains: Vec<(String, String)>,
    output_lacks: Vec<(String, String)>,
}

impl Expect {
    pub(super) fn parse(text: &str) -> Expect {
        let mut lines = text.lines();
        let status = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("expect.txt: first line is the exit status");
        let prefix = lines.next().unwrap_or("").to_string();
        let mut e = Expect {
            status,
            prefix,
            ..Expect::default()
        };
        for line in lines.filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            let pair = || {
                let (p, t) = rest.split_once(' ').expect("PATH TEXT");
                (p.to_string(), t.to_string())
            };
            match key {
                "stderr" => e.stderr.push(rest.to_string()),
                "output" => e.output.push(rest.to_string()),
                "output_contains" => e.output_contains.push(pair()),
                "output_lacks" => e.output_lacks.push(pair()),
                other => panic!("expect.txt: unknown line `{other}`"),
            }
        }
        e
    }
}

/// Builds `site` and checks `expect`; returns the problems found (empty = the case passed).
pub(super) fn check_case(name: &str, site: &Site, expect: &Expect) -> Vec<String> {
    let before = site.inputs();
    let run = run_limited(site.root(), &["build"]);
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{name}: {what}"));
    if run.stderr.contains("panicked") {
        fail(format!("panic:\n{}", run.stderr));
    }
    if run.status != expect.status {
        fail(format!(
            "status {} (expected {}); stderr:\n{}",
            run.status,
            expect.status,
            clip(&run.stderr)
        ));
    }
    if !expect.prefix.is_empty() && !run.stderr.lines().any(|l| l.starts_with(&expect.prefix)) {
        fail(format!(
            "no line starting with {:?}; stderr:\n{}",
            expect.prefix,
            clip(&run.stderr)
        ));
    }
    for text in &expect.stderr {
        if !run.stderr.contains(text.as_str()) {
            fail(format!("stderr lacks {text:?}:\n{}", clip(&run.stderr)));
        }
    }
    for rel in &expect.output {
        if !site.out_exists(rel) {
            fail(format!("public/{rel} was not written"));
        }
    }
    for (rel, text) in &expect.output_contains {
        let path = site.root().join("public").join(rel);
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        if !got.contains(text.as_str()) {
            fail(format!("public/{rel} lacks {text:?}"));
        }
    }
    for (rel, text) in &expect.output_lacks {
        let path = site.root().join("public").join(rel);
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        if got.contains(text.as_str()) {
            fail(format!("public/{rel} contains {text:?}"));
        }
    }
    if expect.status != 0 && site.out_exists("index.html") {
        fail("a failed build wrote output".into());
    }
    if before != site.inputs() {
        fail("the build changed files outside the output".into());
    }
    if run.elapsed > LIMIT {
        fail(format!("took {:?}", run.elapsed));
    }
    if run.max_rss > MEMORY / 2 {
        fail(format!("peak memory {} MB", run.max_rss >> 20));
    }
    eprintln!(
        "{name}: status {} in {:.2?}, {} MB",
        run.status,
        run.elapsed,
        run.max_rss >> 20
    );
    problems
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(3000) {
        Some((i, _)) => format!("{}… ({} bytes)", &s[..i], s.len()),
        None => s.to_string(),
    }
}

/// Builds `site`, checks `expect` written as in an expect.txt, panics on any problem.
pub(super) fn expect(name: &str, site: &Site, expect_text: &str) {
    let problems = check_case(name, site, &Expect::parse(expect_text));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
