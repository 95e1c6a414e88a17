//! `jieshui serve` on a fixture site: started on port 0, asked over plain TCP, edited on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::harness::{Site, jieshui};

const DEADLINE: Duration = Duration::from_secs(15);

/// A running `jieshui serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, env: &[(&str, &str)]) -> Server {
        let mut child = jieshui(&["serve", "--port", "0"])
            .current_dir(site.root())
            .command()
            .env_remove("JIESHUI_WATCH")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jieshui serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let out_pipe = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(DEADLINE * 2)
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.stderr()));
        let start = line.find("http://").expect("a URL") + "http://".len();
        let rest = &line[start..];
        server.addr = rest[..rest.find('/').expect("URL ends in /")].to_string();
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_for_stderr(&self, text: &str) {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "no {text:?} in stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        get(&self.addr, path)
    }

    fn status(&self) -> String {
        self.get("/__jieshui/status").body
    }

    /// Polls `path` until `pred` holds, failing after the deadline.
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let res = self.get(path);
            if pred(&res) {
                return res;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what} at {path}; last: {} {}\nstderr:\n{}",
                res.status,
                res.body,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The data of the first event on the live-reload stream.
    fn first_event(&self) -> String {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            s,
            "GET /__jieshui/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&got).contains("\n\n")
            || !got.windows(5).any(|w| w == b"data:")
        {
            let n = s.read(&mut buf).expect("read events");
            assert!(n > 0, "event stream closed");
            got.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&got).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One GET over a fresh connection; the raw `path` is sent as it is.
fn get(addr: &str, path: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a full response");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status code");
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn page_site() -> Site {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: 旧标题\n---\n第一版\n");
    site
}

#[test]
fn serves_pages_and_shows_edits() {
    let site = page_site();
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("欢迎"), "{}", home.body);
    let page = server.get("/a/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("旧标题"));
    let script = "<script src=\"/__jieshui/live.js\"";
    let at = page.body.find(script).expect("the reload script");
    assert!(page.body[at..].contains("</body>"), "script before </body>");
    assert!(
        page.body.contains(&format!("http://{}/", server.addr)),
        "base_url is the server's address"
    );
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(css.body.contains("line-height"));
    let js = server.get("/__jieshui/live.js");
    assert!(js.body.contains("EventSource"));

    site.write("content/a.md", "---\ntitle: 新标题\n---\n第二版\n");
    server.wait_for("/a/", "the edit", |r| r.body.contains("新标题"));
    site.write("content/b.md", "---\ntitle: 新页面\n---\n");
    server.wait_for("/b/", "a new page", |r| r.status == 200);
    assert!(server.status().contains("\"ok\":true"));
}

#[test]
fn polling_sees_edits_too() {
    let site = page_site();
    let server = Server::start_with(&site, &[("JIESHUI_WATCH", "poll")]);
    server.wait_for_stderr("polling");
    site.write("content/a.md", "---\ntitle: 轮询\n---\n");
    server.wait_for("/a/", "the edit", |r| r.body.contains("轮询"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_fixed() {
    let site = page_site();
    let server = Server::start(&site);
    assert!(server.get("/a/").body.contains("第一版"));
    let build_before = server.status();

    site.write("content/a.md", "---\ntitel: 坏了\n---\n第二版\n");
    let status = server.wait_for("/__jieshui/status", "the error", |r| {
        r.body.contains("\"ok\":false")
    });
    assert!(
        status.body.contains("error: content/a.md:2"),
        "{}",
        status.body
    );
    let page = server.get("/a/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("第一版"), "the last good page is served");
    let event = server.first_event();
    assert!(event.contains("event: state"), "{event}");
    assert!(event.contains("content/a.md:2"), "{event}");
    assert!(server.stderr().contains("error: content/a.md:2"));

    site.write("content/a.md", "---\ntitle: 好了\n---\n第三版\n");
    server.wait_for("/a/", "the fix", |r| r.body.contains("第三版"));
    let status = server.status();
    assert!(status.contains("\"ok\":true"), "{status}");
    assert_ne!(status, build_before, "a new build name");
    assert!(server.first_event().contains("\"errors\":[]"));
}

#[test]
fn deleting_the_theme_folder_switches_to_the_built_in_default_theme() {
    let site = Site::empty();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: default\n",
    );
    for (path, text) in crate::harness::MINIMAL_THEME {
        site.write(&path.replace("themes/t/", "themes/default/"), text);
    }
    site.write("content/_index.md", "---\ntitle: 首页\n---\n欢迎\n");
    let server = Server::start(&site);
    assert!(server.get("/").body.contains("<nav>"), "the local theme");
    assert_eq!(server.get("/print.css").status, 404);

    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    server.wait_for("/", "the built-in theme", |r| {
        r.body.contains("class=\"site-header\"")
    });
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        css.body,
        include_str!("../../themes/default/static/style.css")
    );
    assert_eq!(server.get("/print.css").status, 200);
}

#[test]
fn a_failed_first_build_serves_the_errors_until_fixed() {
    let site = page_site();
    site.write("content/a.md", "---\ntitle: [x\n---\n");
    let server = Server::start(&site);
    let page = server.get("/a/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("content/a.md:2"), "{}", page.body);
    assert!(page.body.contains("/__jieshui/live.js"));
    assert!(server.status().contains("\"ok\":false"));
    site.write("content/a.md", "---\ntitle: 修好了\n---\n");
    server.wait_for("/a/", "the fix", |r| {
        r.status == 200 && r.body.contains("修好了")
    });
}

#[test]
fn requests_stay_inside_the_site() {
    let site = page_site();
    site.write("static/ok.txt", "fine\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET\n").unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get("/ok.txt").body, "fine\n");
    for path in [
        "/../site.yaml",
        "/a/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2e%2e%2fsite.yaml",
        "/a/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/..%5csite.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/site.yaml",
        "/content/a.md",
    ] {
        let res = server.get(path);
        assert!(
            res.status == 400 || res.status == 404,
            "{path}: {}",
            res.status
        );
        assert!(!res.body.contains("base_url"), "{path} leaked site.yaml");
        assert!(!res.body.contains("root:"), "{path} leaked /etc/passwd");
    }

    // A copied file replaced by a link out of the site: the rebuild fails, and the last good
    // site's entry for it must not follow the link.
    std::fs::remove_file(site.root().join("static/ok.txt")).unwrap();
    symlink(
        &outside.path().join("secret.txt"),
        &site.root().join("static/ok.txt"),
    );
    symlink(
        &outside.path().join("secret.txt"),
        &site.root().join("static/new.txt"),
    );
    server.wait_for("/__jieshui/status", "the link error", |r| {
        r.body.contains("outside the site")
    });
    for path in ["/ok.txt", "/new.txt"] {
        let res = server.get(path);
        assert_eq!(res.status, 404, "{path}");
        assert!(!res.body.contains("TOP-SECRET"), "{path} followed the link");
    }
    server.wait_for_stderr("not serving ok.txt");
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn folders_redirects_and_not_found() {
    let site = page_site();
    let server = Server::start(&site);
    let res = server.get("/a?x=1");
    assert_eq!(res.status, 302);
    assert_eq!(res.header("location").as_deref(), Some("/a/?x=1"));
    let res = server.get("/nope/");
    assert_eq!(res.status, 404);
    assert!(res.body.contains("页面不存在"), "the site's 404.html");
    assert!(res.body.contains("/__jieshui/live.js"));
}

#[test]
fn the_reload_script_is_never_in_build_output() {
    let site = page_site();
    site.build().succeeds();
    for (path, bytes) in site.output_tree() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__jieshui/"), "{}", path.display());
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_cleanly() {
    let site = page_site();
    let mut server = Server::start(&site);
    assert_eq!(server.get("/").status, 200);
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: sends SIGINT to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", server.stderr());
}
