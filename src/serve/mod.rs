//! `jieshui serve`: build the site into memory, serve it over HTTP, rebuild on change and
//! reload open pages.
//!
//! Threads: the HTTP server runs on a single-threaded tokio runtime on the main thread; one
//! "rebuild" thread waits for batches of changes from the watcher (notify's own threads) and
//! runs a full `build_to_memory` for each (which uses rayon's pool). A good build is published
//! as a new `Snapshot` in one step (`state`), which also wakes every page's event stream.

mod bind;
mod http;
mod mime;
mod pages;
mod paths;
mod rebuild;
mod reload;
mod state;
mod stop;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::messages::{Lang, Status};
use rebuild::Builder;
use state::Shared;

/// Runs the preview server until interrupted; returns the exit status.
pub fn serve(args: ServeArgs, lang: Option<Lang>) -> u8 {
    let root = match std::fs::canonicalize(&args.root) {
        Ok(r) if r.is_dir() => r,
        Ok(_) => {
            eprintln!("error: {} is not a folder", args.root.display());
            return 1;
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.root.display());
            return 1;
        }
    };
    let listener = match bind::bind(&args.interface, args.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}", e.message);
            return e.status;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let url = bind::url(&args.interface, port);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };

    let stop = {
        let _inside = runtime.enter();
        match stop::Stop::install() {
            Ok(stop) => stop,
            Err(e) => {
                eprintln!("error: cannot handle Ctrl-C: {e}");
                return 1;
            }
        }
    };

    // Watch first: a save during the first build then leads to a rebuild.
    let watch = watch::start(&root, output_dir(&root));
    let mut builder = Builder::new(root.clone(), url.clone(), args.drafts, lang);
    let first = builder.build(&rebuild::nothing_yet());
    // What the first build found out: the site's own language unless one was asked for.
    let lang = builder.lang();
    let shared = Arc::new(Shared::new(first, root.clone()));
    match watch {
        Ok(watch) => {
            let polling = watch.how.starts_with("polling");
            eprintln!("{}", Status::Watching { polling }.text(lang));
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new()
                .name("jieshui-rebuild".into())
                .spawn(move || rebuild_loop(watch, builder, &shared));
            if let Err(e) = spawned {
                eprintln!("warning: cannot start rebuilding: {e}; changes need a restart");
            }
        }
        Err(e) => eprintln!("warning: cannot watch the site ({e}); changes need a restart"),
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", Status::Serving { url }.text(lang));
    let _ = out.flush();
    drop(out);

    let result = runtime.block_on(run(listener, shared, stop));
    runtime.shutdown_timeout(Duration::from_millis(200));
    match result {
        Ok(()) => {
            eprintln!("{}", Status::Stopped.text(lang));
            0
        }
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            1
        }
    }
}

/// Rebuilds once per batch of changes, for as long as the watcher runs.
fn rebuild_loop(mut watch: watch::Watch, mut builder: Builder, shared: &Shared) {
    while let Some(batch) = watch.next_batch() {
        let changed = Status::Changed {
            first: batch.first().cloned().unwrap_or_default(),
            more: batch.len().saturating_sub(1),
        };
        eprintln!("{}", changed.text(builder.lang()));
        let next = builder.build(&shared.current());
        shared.publish(next);
    }
    eprintln!("warning: the file watcher stopped; changes need a restart");
}

/// The configured output folder, so that a `jieshui build` running beside serve is ignored.
fn output_dir(root: &Path) -> Option<PathBuf> {
    let config = crate::config::Config::load(root, None).ok()?;
    Some(crate::output::resolve_output_dir(
        root,
        None,
        &config.output_dir,
    ))
}

/// Serves until Ctrl-C (or SIGTERM).
async fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: stop::Stop,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = http::router(shared);
    tokio::select! {
        result = axum::serve(listener, app).into_future() => result,
        () = stop.wait() => Ok(()),
    }
}
