//! `jieshui serve`: build the site into memory, serve it over HTTP, rebuild on change and
//! reload open pages.
//!
//! Threads: the HTTP server (`conn`: the accept loop and the limits on connections; `http`: the
//! answers) runs on a single-threaded tokio runtime on the main thread; one "rebuild" thread
//! waits for batches of changes from the watcher (notify's own threads) and runs a full
//! `build_to_memory` for each (which uses rayon's pool). A good build is published as a new
//! `Snapshot` in one step (`state`), which also wakes every page's event stream.

mod bind;
mod conn;
mod host;
mod http;
mod lan;
pub(crate) mod mime;
mod pages;
mod paths;
mod rebuild;
mod reload;
mod state;
mod stop;
mod watch;

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg, Status};
use rebuild::Builder;
use state::Shared;

/// What `jieshui serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub root: PathBuf,
    /// The address to listen on.
    pub interface: String,
    pub port: u16,
    pub drafts: bool,
    /// `--future`: pages whose publish date is still to come.
    pub future: bool,
    /// `--expired`: pages past their `expiry_date`.
    pub expired: bool,
    /// The language `--lang` or `JIESHUI_LANG` asked for.
    pub lang: Option<Lang>,
    /// Print each build's step timings (`JIESHUI_TIMINGS`).
    pub timings: bool,
    /// Watch by polling instead of the system's notifications (`JIESHUI_WATCH=poll`).
    pub poll: bool,
}

/// Runs the preview server until interrupted; returns the exit status.
pub(crate) fn serve(args: ServeOptions) -> u8 {
    let requested = args.lang;
    // Until the first build has read site.yaml: the asked language, else Chinese.
    let early = Lang::resolve(requested, None);
    let fail = |msg: Msg| eprintln!("{}", Diagnostic::error(msg).render(early));
    let dir = args.root.display().to_string();
    let root = match std::fs::canonicalize(&args.root) {
        Ok(r) if r.is_dir() => r,
        Ok(_) => {
            fail(Msg::NotAFolder { dir, detail: None });
            return 1;
        }
        Err(e) => {
            fail(Msg::NotAFolder {
                dir,
                detail: Some(e.to_string()),
            });
            return 1;
        }
    };
    let listener = match bind::bind(&args.interface, args.port, early) {
        Ok(l) => l,
        Err(e) => {
            fail(e.msg);
            return e.status;
        }
    };
    let (url, shown) = match listener.local_addr() {
        Ok(local) => Shown::of(local),
        Err(_) => Shown::of_interface(&args.interface, args.port),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            fail(Msg::ServerFailed {
                detail: e.to_string(),
            });
            return 1;
        }
    };

    let stop = {
        let _inside = runtime.enter();
        match stop::Stop::install() {
            Ok(stop) => stop,
            Err(e) => {
                fail(Msg::ServerFailed {
                    detail: format!("Ctrl-C: {e}"),
                });
                return 1;
            }
        }
    };

    // Watch first: a save during the first build then leads to a rebuild.
    let watch = watch::start(&root, output_dir(&root), args.poll, early);
    let mut builder = Builder::new(
        root.clone(),
        url.clone(),
        crate::serve::rebuild::Shown {
            drafts: args.drafts,
            future: args.future,
            expired: args.expired,
        },
        requested,
        args.timings,
    );
    let first = builder.build(&rebuild::nothing_yet());
    // What the first build found out: the site's own language unless one was asked for.
    let lang = builder.lang();
    let reach = state::Reach {
        base_url: url.clone(),
        loopback_only: shown.loopback_only,
    };
    let shared = Arc::new(Shared::new(first, root.clone(), lang, reach));
    let warn = |msg: Msg| eprintln!("{}", Diagnostic::warning(msg).render(lang));
    match watch {
        Ok(watch) => {
            let polling = watch.how.starts_with("polling");
            eprintln!("{}", Status::Watching { polling }.text(lang));
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new()
                .name("jieshui-rebuild".into())
                .spawn(move || rebuild_loop(watch, builder, &shared));
            if let Err(e) = spawned {
                warn(Msg::WatchFailed {
                    detail: e.to_string(),
                });
            }
        }
        Err(e) => warn(Msg::WatchFailed {
            detail: e.to_string(),
        }),
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", Status::Serving { url }.text(lang));
    shown.print(&mut out, lang);
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
            let d = Diagnostic::error(Msg::ServerFailed {
                detail: e.to_string(),
            });
            eprintln!("{}", d.render(lang));
            1
        }
    }
}

/// What is printed besides the local URL: the URLs a phone on the same network can open.
struct Shown {
    /// Bound to a loopback address: nothing else to show, and foreign `Host`s are refused.
    loopback_only: bool,
    /// The URLs for other devices, the first also as a QR code.
    lan: Vec<String>,
    /// Bound to every address but none was found to show.
    none_found: bool,
}

impl Shown {
    /// The URL to print first and build pages with, and the rest, for the bound address:
    /// loopback → itself; a wildcard (`0.0.0.0`, `::`) → `127.0.0.1` (or `[::1]`) here, and
    /// every LAN address for a phone; another address → itself, for a phone too.
    fn of(local: std::net::SocketAddr) -> (String, Shown) {
        let ip = local.ip();
        let port = local.port();
        let at = |ip: IpAddr| bind::url(&ip.to_string(), port);
        if ip.is_loopback() {
            let shown = Shown {
                loopback_only: true,
                lan: Vec::new(),
                none_found: false,
            };
            return (at(ip), shown);
        }
        if ip.is_unspecified() {
            let here = match ip {
                IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            };
            let lan: Vec<String> = lan::addresses().into_iter().map(at).collect();
            let none_found = lan.is_empty();
            let shown = Shown {
                loopback_only: false,
                lan,
                none_found,
            };
            return (at(here), shown);
        }
        let shown = Shown {
            loopback_only: false,
            lan: vec![at(ip)],
            none_found: false,
        };
        (at(ip), shown)
    }

    /// When the socket cannot say its address: the interface as given.
    fn of_interface(interface: &str, port: u16) -> (String, Shown) {
        let loopback_only = interface
            .parse::<IpAddr>()
            .map_or(interface == "localhost", |ip| ip.is_loopback());
        let shown = Shown {
            loopback_only,
            lan: Vec::new(),
            none_found: false,
        };
        (bind::url(interface, port), shown)
    }

    fn print(&self, out: &mut impl Write, lang: Lang) {
        if self.none_found {
            let _ = writeln!(out, "{}", Status::NoLanAddress.text(lang));
        }
        let Some(first) = self.lan.first() else {
            return;
        };
        let urls = self.lan.join("  ");
        let _ = writeln!(out, "{}", Status::OnThePhone { urls }.text(lang));
        if let Some(code) = lan::qr(first) {
            let _ = writeln!(out, "{code}");
        }
    }
}

/// Rebuilds once per batch of changes, for as long as the watcher runs.
fn rebuild_loop(mut watch: watch::Watch, mut builder: Builder, shared: &Shared) {
    while let Some(batch) = watch.next_batch() {
        let whole = batch.iter().any(|p| p == watch::WHOLE_SITE);
        let changed = Status::Changed {
            first: match batch.first() {
                Some(first) if !whole => first.clone(),
                _ => String::new(),
            },
            more: batch.len().saturating_sub(1),
        };
        eprintln!("{}", changed.text(builder.lang()));
        let next = builder.build(&shared.current());
        // A failed build with more saves already queued is not shown in the pages (it most
        // likely read a file the editor was still writing): the next build decides.
        if !next.errors.is_empty() && watch.changed_since() {
            continue;
        }
        shared.publish(next);
    }
    let d = Diagnostic::warning(Msg::WatchFailed {
        detail: "the file watcher stopped".into(),
    });
    eprintln!("{}", d.render(builder.lang()));
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
        () = conn::serve(listener, app, conn::Limits::for_this_process()) => Ok(()),
        () = stop.wait() => Ok(()),
    }
}
