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
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, env: &[(&str, &str)]) -> Server {
        Server::launch(site, env, None)
    }

    /// A server listening on `interface` (the URL printed first is still `127.0.0.1:PORT`),
    /// speaking Chinese.
    fn start_on(site: &Site, interface: &str) -> Server {
        let args = ["--interface", interface, "--lang", "zh"];
        Server::launch_with(site, &args, &[], None)
    }

    /// A server that may have only `fds` file descriptors open at once.
    #[cfg(unix)]
    fn start_with_fd_limit(site: &Site, fds: u64) -> Server {
        Server::launch(site, &[], Some(fds))
    }

    fn launch(site: &Site, env: &[(&str, &str)], fds: Option<u64>) -> Server {
        Server::launch_with(site, &[], env, fds)
    }

    fn launch_with(site: &Site, args: &[&str], env: &[(&str, &str)], fds: Option<u64>) -> Server {
        let mut line = vec!["serve", "--port", "0"];
        line.extend_from_slice(args);
        let mut cmd = jieshui(&line).current_dir(site.root()).command();
        cmd.env_remove("JIESHUI_WATCH")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        if let Some(fds) = fds {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: fds,
                        rlim_max: fds,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        #[cfg(not(unix))]
        let _ = fds;
        let mut child = cmd.spawn().expect("start jieshui serve");
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
            stdout: Arc::new(Mutex::new(Vec::new())),
        };
        let line = rx
            .recv_timeout(DEADLINE * 2)
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.stderr()));
        let start = line.find("http://").expect("a URL") + "http://".len();
        let rest = &line[start..];
        server.addr = rest[..rest.find('/').expect("URL ends in /")].to_string();
        let lines = Arc::clone(&server.stdout);
        lines.lock().unwrap().push(line);
        std::thread::spawn(move || {
            for line in rx {
                lines.lock().unwrap().push(line);
            }
        });
        server
    }

    /// The lines printed on stdout so far.
    fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
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

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        request(&self.addr, method, path, headers)
    }

    /// The server's resident memory, from /proc.
    #[cfg(target_os = "linux")]
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
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
    /// The body as sent.
    bytes: Vec<u8>,
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
    request(addr, "GET", path, &[])
}

/// One request over a fresh connection, with `headers` besides Host and `Connection: close`.
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    request_as(addr, addr, method, path, headers)
}

/// One request to `addr` saying it is for `host`.
fn request_as(
    addr: &str,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a full response");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let bytes = raw[end + 4..].to_vec();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status code");
    Response {
        status,
        head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
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

/// A static file of `len` bytes in which every short run of bytes is at one place only.
fn big_file(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ ((i / 251) % 256) as u8)
        .collect()
}

const BIG: usize = 20 * 1024 * 1024;

#[test]
fn static_files_honour_range_and_conditional_requests() {
    let site = page_site();
    let data = big_file(BIG);
    site.write_bytes("static/big.bin", &data);
    let server = Server::start(&site);

    let whole = server.get("/big.bin");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.bytes.len(), BIG);
    assert!(whole.bytes == data, "the whole file, byte for byte");
    assert_eq!(whole.header("accept-ranges").as_deref(), Some("bytes"));
    assert_eq!(
        whole.header("content-type").as_deref(),
        Some("application/octet-stream")
    );
    let etag = whole.header("etag").expect("an ETag");
    let modified = whole.header("last-modified").expect("a Last-Modified");

    let part = server.request("GET", "/big.bin", &[("Range", "bytes=1000000-1000999")]);
    assert_eq!(part.status, 206, "{}", part.head);
    assert_eq!(
        part.header("content-range").as_deref(),
        Some(format!("bytes 1000000-1000999/{BIG}").as_str())
    );
    assert!(
        part.bytes == data[1_000_000..1_001_000],
        "exactly the bytes asked"
    );
    let open = server.request(
        "GET",
        "/big.bin",
        &[("Range", &format!("bytes={}-", BIG - 10))],
    );
    assert_eq!(open.status, 206);
    assert!(open.bytes == data[BIG - 10..]);
    let suffix = server.request("GET", "/big.bin", &[("Range", "bytes=-100")]);
    assert_eq!(suffix.status, 206);
    assert!(suffix.bytes == data[BIG - 100..]);

    for bad in [
        format!("bytes={BIG}-"),
        format!("bytes={}-{}", BIG + 5, BIG + 9),
    ] {
        let res = server.request("GET", "/big.bin", &[("Range", &bad)]);
        assert_eq!(res.status, 416, "{bad}");
        assert_eq!(
            res.header("content-range").as_deref(),
            Some(format!("bytes */{BIG}").as_str()),
            "{bad}"
        );
        assert!(res.bytes.is_empty(), "{bad}");
    }

    let same = server.request("GET", "/big.bin", &[("If-None-Match", &etag)]);
    assert_eq!(same.status, 304, "{}", same.head);
    assert!(same.bytes.is_empty());
    assert_eq!(same.header("etag").as_deref(), Some(etag.as_str()));
    let listed = format!("\"other\", W/{etag}");
    let same = server.request("GET", "/big.bin", &[("If-None-Match", &listed)]);
    assert_eq!(same.status, 304, "weak comparison, in a list");
    let since = server.request("GET", "/big.bin", &[("If-Modified-Since", &modified)]);
    assert_eq!(since.status, 304, "{}", since.head);
    let other = server.request("HEAD", "/big.bin", &[("If-None-Match", "\"other\"")]);
    assert_eq!(other.status, 200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    let both = server.request(
        "HEAD",
        "/big.bin",
        &[
            ("If-None-Match", "\"other\""),
            ("If-Modified-Since", &modified),
        ],
    );
    assert_eq!(both.status, 200);
    // A part of a file that may have changed since is never sent: If-Range gets it whole.
    let resumed = server.request(
        "HEAD",
        "/big.bin",
        &[("Range", "bytes=0-9"), ("If-Range", "\"stale\"")],
    );
    assert_eq!(resumed.status, 200);

    // A file changed on disk has another ETag.
    std::thread::sleep(Duration::from_millis(20));
    site.write_bytes("static/big.bin", &data[..BIG / 2]);
    let changed = server.wait_for("/__jieshui/status", "the rebuild", |_| {
        let res = server.request("HEAD", "/big.bin", &[("If-None-Match", &etag)]);
        res.status == 200
    });
    assert_eq!(changed.status, 200);
}

#[test]
fn rendered_pages_get_an_etag_and_a_304_until_the_next_build() {
    let site = page_site();
    site.write(
        "static/hello.html",
        "<html><body><p>你好</p></body></html>\n",
    );
    let server = Server::start(&site);
    for path in ["/a/", "/style.css", "/hello.html"] {
        let first = server.get(path);
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(
            first.header("cache-control").as_deref(),
            Some("no-cache"),
            "{path}: kept, but asked again every time"
        );
        let etag = first
            .header("etag")
            .unwrap_or_else(|| panic!("{path}: an ETag"));
        let again = server.request("GET", path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{path}: {}", again.head);
        assert!(again.bytes.is_empty(), "{path}");
        assert_eq!(
            again.header("etag").as_deref(),
            Some(etag.as_str()),
            "{path}"
        );
        let any = server.request("GET", path, &[("If-None-Match", "*")]);
        assert_eq!(any.status, 304, "{path}");
        let other = server.request("GET", path, &[("If-None-Match", "\"nope\"")]);
        assert_eq!(other.status, 200, "{path}");
        assert_eq!(other.body, first.body, "{path}");
    }
    assert!(
        server
            .get("/hello.html")
            .body
            .contains("/__jieshui/live.js"),
        "a copied HTML file still gets the reload script"
    );

    let page = server.get("/a/");
    let etag = page.header("etag").unwrap();
    site.write("content/a.md", "---\ntitle: 新标题\n---\n第二版\n");
    let edited = server.wait_for("/a/", "the edit", |r| r.body.contains("新标题"));
    assert_ne!(edited.header("etag").as_deref(), Some(etag.as_str()));
    let stale = server.request("GET", "/a/", &[("If-None-Match", &etag)]);
    assert_eq!(stale.status, 200, "the old ETag no longer matches");
    assert!(stale.body.contains("新标题"));
    // The 404 page is never a 304, whatever the request says.
    let missing = server.request("GET", "/nope/", &[("If-None-Match", "*")]);
    assert_eq!(missing.status, 404);
}

/// A download under way: the connection, and the body's bytes read so far.
struct Download {
    s: TcpStream,
    body: Vec<u8>,
}

impl Download {
    /// Sends a GET for `path` and reads until the head and some of the body have arrived.
    fn start(addr: &str, path: &str) -> Download {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = s.read(&mut buf).expect("read the head");
            assert!(n > 0, "closed before the body");
            got.extend_from_slice(&buf[..n]);
            if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n")
                && got.len() > end + 4
            {
                let head = String::from_utf8_lossy(&got[..end]);
                assert!(head.starts_with("HTTP/1.1 200"), "{head}");
                return Download {
                    s,
                    body: got[end + 4..].to_vec(),
                };
            }
        }
    }

    /// The whole body, once the server has sent the rest (chunked or not, as received).
    fn finish(mut self) -> Vec<u8> {
        self.s
            .read_to_end(&mut self.body)
            .expect("the rest of the download");
        self.body
    }
}

/// A chunked body (`SIZE CRLF DATA CRLF`…, ending with a chunk of size 0) without its framing.
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size");
        let size = std::str::from_utf8(&raw[..line]).expect("a chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hexadecimal chunk size");
        if size == 0 {
            return out;
        }
        let data = &raw[line + 2..];
        out.extend_from_slice(&data[..size]);
        raw = &data[size + 2..];
    }
}

/// An HTML page of about `len` bytes.
fn big_html(len: usize) -> String {
    let mut html = String::from("<!DOCTYPE html><html><body>\n");
    while html.len() < len {
        html.push_str("<p>节约用水，从我做起。</p>\n");
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(target_os = "linux")]
#[test]
fn parallel_downloads_of_big_files_are_streamed_not_held_in_memory() {
    const N: usize = 8;
    let site = page_site();
    let data = big_file(BIG);
    site.write_bytes("static/big.bin", &data);
    let html = big_html(BIG);
    site.write("static/big.html", &html);
    let server = Server::start(&site);
    // Everything a download needs is set up once before the measure.
    assert_eq!(server.request("HEAD", "/big.bin", &[]).status, 200);
    assert_eq!(server.request("HEAD", "/big.html", &[]).status, 200);
    let before = server.rss_kib();
    // The downloads stop reading after their first bytes: whatever the server holds for
    // them stays held while the memory is measured.
    let paths = ["/big.bin", "/big.html"];
    let downloads: Vec<Download> = (0..N)
        .map(|i| Download::start(&server.addr, paths[i % 2]))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let during = server.rss_kib();
    let grown = during.saturating_sub(before);
    let file_kib = (BIG / 1024) as u64;
    assert!(
        grown < file_kib / 2,
        "{N} downloads of {file_kib} KiB files grew the server by {grown} KiB \
         ({before} → {during} KiB)"
    );
    let build = server.status();
    let build = build
        .split("\"build\":\"")
        .nth(1)
        .and_then(|b| b.split('"').next())
        .expect("the build's name");
    let script = format!("<script src=\"/__jieshui/live.js\" data-build=\"{build}\"></script>");
    let spliced = html.replace("</body>", &format!("{script}</body>"));
    for (i, d) in downloads.into_iter().enumerate() {
        let body = d.finish();
        if i % 2 == 0 {
            assert!(body == data, "download {i}: the whole file");
        } else {
            assert!(
                unchunk(&body) == spliced.as_bytes(),
                "download {i}: the page with the reload script"
            );
        }
    }
}

/// How long serve waits for a request's headers (`src/serve/conn.rs`), and how long a test
/// gives it beyond that to close a connection that sent none.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const CLOSE_GRACE: Duration = Duration::from_secs(20);

fn connect(addr: &str) -> TcpStream {
    let addr: std::net::SocketAddr = addr.parse().expect("an IP address and port");
    TcpStream::connect_timeout(&addr, DEADLINE).expect("connect")
}

/// Reads from `s` until the server closes it, failing if that is not before `deadline`.
fn assert_closed_by(s: &mut TcpStream, deadline: Instant, what: &str) {
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "{what}: still open");
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return,
            Err(e) => panic!("{what}: still open ({e})"),
        }
    }
}

/// Sends a request without `Connection: close` and reads its whole answer (by Content-Length),
/// leaving the connection kept alive.
fn keep_alive_request(addr: &str, path: &str) -> TcpStream {
    let mut s = connect(addr);
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .expect("a Content-Length");
            if got.len() >= end + 4 + len {
                return s;
            }
        }
        let n = s.read(&mut buf).expect("read the answer");
        assert!(n > 0, "closed before the answer was whole");
        got.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn silent_and_kept_alive_connections_are_closed_after_the_header_timeout() {
    let site = page_site();
    let server = Server::start(&site);
    let opened = Instant::now();
    let mut silent: Vec<TcpStream> = (0..3).map(|_| connect(&server.addr)).collect();
    let mut partial = connect(&server.addr);
    write!(partial, "GET /a/ HTTP/1.1\r\nHost: {}\r\n", server.addr).unwrap();
    let mut kept = keep_alive_request(&server.addr, "/style.css");
    // Meanwhile the server answers as usual.
    let page = server.get("/a/");
    assert_eq!(page.status, 200);
    let deadline = opened + HEADER_TIMEOUT + CLOSE_GRACE;
    for (i, s) in silent.iter_mut().enumerate() {
        assert_closed_by(s, deadline, &format!("silent connection {i}"));
    }
    assert_closed_by(&mut partial, deadline, "a connection that sent half a head");
    assert_closed_by(
        &mut kept,
        deadline,
        "a kept-alive connection asking nothing more",
    );
    assert_eq!(server.get("/a/").status, 200);
}

#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_silent_connections_past_the_fd_limit_does_not_stop_the_server() {
    const FDS: u64 = 128;
    const FLOOD: usize = 200;
    let site = page_site();
    site.write_bytes("static/big.bin", &big_file(BIG));
    let server = Server::start_with_fd_limit(&site, FDS);
    assert_eq!(server.get("/a/").status, 200);
    let opened = Instant::now();
    let mut silent: Vec<TcpStream> = (0..FLOOD).map(|_| connect(&server.addr)).collect();

    // More silent connections than the server may hold descriptors: a real request is still
    // answered, page and copied file alike, while they are open.
    let mut s = connect(&server.addr);
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /a/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer)
        .expect("an answer within 10 s despite the flood");
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    let part = server.request("GET", "/big.bin", &[("Range", "bytes=0-99")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.bytes.len(), 100);

    let deadline = opened + HEADER_TIMEOUT + CLOSE_GRACE;
    for (i, s) in silent.iter_mut().enumerate() {
        assert_closed_by(s, deadline, &format!("silent connection {i}"));
    }
    assert_eq!(server.get("/a/").status, 200);
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

/// The site with a stylesheet and a link between pages, whose URLs are absolute.
fn linked_site() -> Site {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: 甲\n---\n见[乙](@/b.md)。\n");
    site.write("content/b.md", "---\ntitle: 乙\n---\n乙页\n");
    site
}

#[test]
fn pages_link_to_the_address_the_browser_used() {
    let site = linked_site();
    let server = Server::start_on(&site, "0.0.0.0");
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(server.addr, format!("127.0.0.1:{port}"), "printed first");
    server.wait_for("/a/", "the page", |r| r.status == 200);
    // Through another loopback address than the printed one: every link of the site uses it.
    let other = format!("127.0.0.2:{port}");
    let page = get(&other, "/a/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(&format!("href=\"http://{other}/b/\"")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!("http://{other}/style.css")),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&server.addr), "{}", page.body);
    // The page through the printed address links there; the sitemap follows too.
    assert!(
        server
            .get("/a/")
            .body
            .contains(&format!("href=\"http://{}/b/\"", server.addr))
    );
    let sitemap = get(&other, "/sitemap.xml");
    assert!(
        sitemap
            .body
            .contains(&format!("<loc>http://{other}/a/</loc>")),
        "{}",
        sitemap.body
    );
    // A Host that could break out of an attribute is never written into a page.
    let odd = request_as(&other, "x\"><script>y", "GET", "/a/", &[]);
    assert!(!odd.body.contains("<script>y"), "{}", odd.body);
    // What a phone needs: the URL of this computer on the network, and a QR code of it.
    let mut lines = server.stdout();
    let start = Instant::now();
    while lines.len() < 3 && start.elapsed() < DEADLINE {
        std::thread::sleep(Duration::from_millis(20));
        lines = server.stdout();
    }
    let out = lines.join("\n");
    assert!(
        out.contains("手机上打开") || out.contains("局域网地址"),
        "{out}"
    );
    if out.contains("手机上打开") {
        assert!(out.contains('▀') || out.contains('▄'), "a QR code: {out}");
        assert!(
            !lines[1].contains("127.0.0.1") && !lines[1].contains("0.0.0.0"),
            "{out}"
        );
    }
}

#[test]
fn a_loopback_server_refuses_a_foreign_host() {
    let site = linked_site();
    let server = Server::start_on(&site, "127.0.0.1");
    server.wait_for("/a/", "the page", |r| r.status == 200);
    // A page elsewhere that has pointed its own name at 127.0.0.1 (DNS rebinding).
    for (method, path) in [("GET", "/a/"), ("GET", "/__jieshui/status"), ("HEAD", "/")] {
        let res = request_as(&server.addr, "evil.example:1111", method, path, &[]);
        assert_eq!(res.status, 403, "{method} {path}: {}", res.body);
    }
    let res = request_as(&server.addr, "evil.example:1111", "GET", "/a/", &[]);
    assert!(res.body.contains("不是这台电脑自己的地址"), "{}", res.body);
    assert!(res.body.contains("DNS 重绑定"), "{}", res.body);
    assert!(
        res.body.contains(&format!("http://{}/", server.addr)),
        "{}",
        res.body
    );
    assert!(
        !res.body.contains("乙"),
        "no page of the site: {}",
        res.body
    );
    // An absolute URI names the host too.
    let res = request_as(
        &server.addr,
        &server.addr,
        "GET",
        "http://evil.example/a/",
        &[],
    );
    assert_eq!(res.status, 403, "{}", res.body);
    // The names of this computer are answered.
    for name in ["localhost", "127.0.0.2:9", "[::1]:1111", "site.localhost"] {
        let res = request_as(&server.addr, name, "GET", "/a/", &[]);
        assert_eq!(res.status, 200, "{name}: {}", res.body);
    }
}

#[test]
fn a_replaced_photo_is_served_after_the_rebuild() {
    let site = Site::new();
    site.write(
        "content/visit/index.md",
        "---\ntitle: 参观\n---\n![示意图（生成的图）](chart.png)\n",
    );
    site.write_bytes("content/visit/chart.png", &crate::images::png(300, 200));
    let server = Server::start(&site);
    let page = server.wait_for("/visit/", "the page", |r| r.status == 200);
    assert!(
        page.body.contains("width=\"300\" height=\"200\""),
        "{}",
        page.body
    );
    let old = server.get("/visit/chart-300w.webp");
    assert_eq!(old.status, 200);
    assert_eq!(old.header("content-type").as_deref(), Some("image/webp"));
    site.write_bytes("content/visit/chart.png", &crate::images::png(200, 100));
    server.wait_for("/visit/", "the new size", |r| {
        r.body.contains("width=\"200\" height=\"100\"")
    });
    assert_eq!(server.get("/visit/chart-200w.webp").status, 200);
    assert_eq!(
        server.get("/visit/chart.png").status,
        404,
        "the original stays private"
    );
    server.wait_for_stderr("images: 2 variant(s) encoded");
}

#[test]
fn a_page_not_yet_due_is_said_and_previewed_with_future() {
    let site = page_site();
    site.write(
        "content/later.md",
        "---\ntitle: 预告\npublish_date: 2999-01-01\n---\n以后\n",
    );
    let server = Server::start(&site);
    server.wait_for_stderr("content/later.md, is due on 2999-01-01");
    assert_eq!(server.get("/later/").status, 404);
    drop(server);
    let preview = Server::launch_with(&site, &["--future"], &[], None);
    assert_eq!(preview.get("/later/").status, 200);
    assert!(
        !preview.stderr().contains("not yet due"),
        "{}",
        preview.stderr()
    );
}
