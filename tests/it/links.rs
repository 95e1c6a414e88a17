//! `check --external` (issue #19): links to other sites asked over HTTP, against a server on
//! loopback inside the test that answers 200, 404, 405 to HEAD, a redirect chain, a redirect
//! loop and nothing at all; plus a port nobody listens on. No traffic leaves 127.0.0.1.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::{MINIMAL_THEME, Site};

/// The test server: what it was asked, `METHOD /path` each.
struct Server {
    port: u16,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("address").port();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || answer(conn, port, &log));
            }
        });
        Server { port, asked }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What was asked since the last call.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.asked.lock().unwrap())
    }
}

fn answer(mut conn: TcpStream, port: u16, log: &Mutex<Vec<String>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        // Not HTTP (a TLS handshake): an HTTP answer at once, which TLS cannot read.
        if !head[0].is_ascii_uppercase() {
            log.lock().unwrap().push("TLS".into());
            let _ = conn.write_all(b"HTTP/1.1 400 X\r\nContent-Length: 0\r\n\r\n");
            return;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    log.lock().unwrap().push(format!("{method} {path}"));
    let back = |to: &str| (302, format!("Location: {to}\r\n"));
    let (status, extra) = match (method, path) {
        (_, "/ok") => (200, String::new()),
        ("HEAD", "/nohead") => (405, String::new()),
        ("GET", "/nohead") => (200, String::new()),
        (_, "/old") => (301, "Location: /older\r\n".to_string()),
        (_, "/older") => back(&format!("http://127.0.0.1:{port}/ok")),
        (_, "/loop-a") => back("/loop-b"),
        (_, "/loop-b") => back("loop-a"),
        (_, "/hang") => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        _ => (404, String::new()),
    };
    let body = if method == "GET" { "body" } else { "" };
    let _ = write!(
        conn,
        "HTTP/1.1 {status} X\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if method == "GET" { 4 } else { 0 }
    );
}

/// A port nothing listens on (bound, then let go).
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("address").port()
}

/// A site whose pages link to `server` (and a closed port), with a one-second timeout.
fn linked_site(server: &Server) -> Site {
    let site = Site::empty();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\nlinks: { timeout_seconds: 1 }\n",
    );
    for (path, text) in MINIMAL_THEME {
        site.write(path, text);
    }
    // The theme links one missing page on every page.
    let base = MINIMAL_THEME[0].1.replace(
        "</main>",
        &format!(
            "</main><footer><a href=\"{}\">旧站</a></footer>",
            server.url("/theme-gone")
        ),
    );
    site.write("themes/t/templates/base.html", &base);
    site.write("content/_index.md", "---\ntitle: 首页\n---\n欢迎\n");
    site.write("content/news/_index.md", "---\ntitle: 动态\n---\n");
    site.write(
        "content/news/a.md",
        &format!(
            "---\ntitle: A\n---\n[好的]({ok})\n[没了]({missing})\n[不认 HEAD]({nohead})\n见 [跳转]({old}#x)。\n[绕圈]({loop_a})\n",
            ok = server.url("/ok"),
            missing = server.url("/missing"),
            nohead = server.url("/nohead"),
            old = server.url("/old"),
            loop_a = server.url("/loop-a"),
        ),
    );
    site.write(
        "content/news/b.md",
        &format!(
            "---\ntitle: B\n---\n又见 [好的]({ok}) 和 [没了]({missing})。\n\n[不回答]({hang})\n\n[没人听](http://127.0.0.1:{closed}/x)\n",
            ok = server.url("/ok"),
            missing = server.url("/missing"),
            hang = server.url("/hang"),
            closed = closed_port(),
        ),
    );
    site
}

#[test]
fn broken_and_unreachable_links_are_warned_by_page_and_good_ones_remembered() {
    let server = Server::start();
    let site = linked_site(&server);
    let cache = tempfile::tempdir().expect("cache dir");
    let check = |args: &[&str]| {
        crate::harness::jieshui(&["check", "--external"])
            .args(args)
            .current_dir(site.root())
            .env("XDG_CACHE_HOME", cache.path().to_str().unwrap())
            .run()
    };

    let run = check(&[]);
    run.succeeds()
        .warning_at(&format!(
            "content/news/a.md:5:6: external link does not work: {} (the site answered 404, not found)",
            server.url("/missing")
        ))
        // The same address on another page: reported there too (asked once, below).
        .warning_at("content/news/b.md:4:")
        .warning_at(&format!(
            "content/news/a.md:8:6: external link does not work: {} (its redirects go round in a circle)",
            server.url("/loop-a")
        ))
        .warning_at(&format!(
            "content/news/b.md:6:7: could not reach external link {} (no answer within 1 s); check again later",
            server.url("/hang")
        ))
        .warning_at("content/news/b.md:8:7: could not reach external link http://127.0.0.1:")
        .says("(connection refused); check again later")
        // Written in the theme: reported once, there.
        .warning_at("themes/t/templates/base.html:1:")
        .says("external links: 8 found, 8 requested, 0 known good from the cache, 0 skipped by site.yaml, 5 with problems");
    let missing_on_b = format!(
        "external link does not work: {} (the site answered 404",
        server.url("/missing")
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("warning: content/news/b.md:4:") && l.contains(&missing_on_b)),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("warning:") && l.contains(&server.url("/theme-gone")))
            .count(),
        1,
        "{}",
        run.stderr
    );
    for good in ["/ok", "/nohead", "/old"] {
        let named = format!("{} (", server.url(good));
        assert!(
            !run.stderr
                .lines()
                .any(|l| l.starts_with("warning:") && l.contains(&named)),
            "{good} works and is not reported:\n{}",
            run.stderr
        );
    }
    let first = server.take();
    // Each address once, however many pages carry it (/missing is on two); HEAD refused →
    // GET; the chain followed (to /ok, which is also asked for itself).
    assert_eq!(
        first.iter().filter(|r| r.ends_with(" /missing")).count(),
        1,
        "{first:?}"
    );
    for asked in [
        "HEAD /nohead",
        "GET /nohead",
        "HEAD /old",
        "HEAD /older",
        "HEAD /loop-b",
    ] {
        assert!(first.contains(&asked.to_string()), "{asked} in {first:?}");
    }

    // Within a day, working links are not asked again; broken ones are.
    let run = check(&[]);
    run.succeeds()
        .says("external links: 8 found, 5 requested, 3 known good from the cache");
    let second = server.take();
    for good in ["/ok", "/nohead", "/old", "/older"] {
        assert!(
            !second.iter().any(|r| r.ends_with(&format!(" {good}"))),
            "{good} asked again: {second:?}"
        );
    }
    assert!(
        second.iter().any(|r| r.ends_with(" /missing")),
        "{second:?}"
    );

    // --recheck asks about everything.
    check(&["--recheck"]).succeeds();
    assert!(server.take().contains(&"HEAD /ok".to_string()));
}

#[test]
fn strict_fails_on_a_broken_link_and_json_names_its_kind() {
    let server = Server::start();
    let site = Site::new();
    site.write(
        "content/a.md",
        &format!("---\ntitle: A\n---\n[没了]({})\n", server.url("/missing")),
    );
    let cache = tempfile::tempdir().expect("cache dir");
    let run = |args: &[&str]| {
        crate::harness::jieshui(args)
            .current_dir(site.root())
            .env("XDG_CACHE_HOME", cache.path().to_str().unwrap())
            .run()
    };
    // Without --external, nothing is asked.
    run(&["check", "--strict"]).succeeds();
    assert!(server.take().is_empty());
    run(&["check", "--external", "--strict"])
        .fails()
        .warning_at("content/a.md:4:6: external link does not work");
    let json = run(&["check", "--external", "--format", "json"]);
    json.succeeds();
    assert!(
        json.stdout.contains(r#""kind":"external-link-broken""#)
            && json.stdout.contains(r#""line":4"#),
        "{}",
        json.stdout
    );
    // HTTPS to a server that does not speak it.
    site.write(
        "content/b.md",
        &format!(
            "---\ntitle: B\n---\n[加密](https://127.0.0.1:{}/ok)\n",
            server.port
        ),
    );
    run(&["check", "--external"])
        .succeeds()
        .warning_at("content/b.md:4:6: could not reach external link https://127.0.0.1:")
        .says("(the secure connection (HTTPS certificate) failed); check again later");
    // Skipped by site.yaml: not asked.
    server.take();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\nlinks:\n  external_skip: [\"127.0.0.1\"]\n",
    );
    run(&["check", "--external", "--strict"])
        .succeeds()
        .says("2 skipped by site.yaml");
    assert!(server.take().is_empty());
}

#[test]
fn messages_are_in_chinese_by_default() {
    let server = Server::start();
    let site = Site::new();
    site.write(
        "content/a.md",
        &format!("---\ntitle: A\n---\n[没了]({})\n", server.url("/missing")),
    );
    let cache = tempfile::tempdir().expect("cache dir");
    crate::harness::jieshui(&["check", "--external"])
        .current_dir(site.root())
        .lang(None)
        .env("XDG_CACHE_HOME", cache.path().to_str().unwrap())
        .run()
        .succeeds()
        .warning_at("content/a.md:4:6: 外部链接打不开：")
        .says("对方网站回答 404，页面不存在");
}
