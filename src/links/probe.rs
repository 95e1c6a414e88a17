//! Asking other sites whether a link works: `HEAD` first, `GET` when the site refuses `HEAD`
//! (403, 405, 501) or the `HEAD` fails, redirects followed to [`MAX_REDIRECTS`] (a redirect back
//! to an address already passed is a loop), each request bounded by the timeout (connecting,
//! TLS and the answer's headers; the body is never read), and the whole run by a budget: a
//! check never hangs. hyper's client over rustls (ring, webpki roots), as `deploy` uses.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Empty;
use hyper::body::Bytes;
use hyper::header::{ACCEPT, LOCATION, USER_AGENT};
use hyper::{Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::gate::Gates;
use crate::messages::{LinkWhy, ReachWhy};
use crate::output::progress::Progress;

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// Redirects followed, one after the other.
pub(crate) const MAX_REDIRECTS: usize = 10;

const AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; jieshui/",
    env!("CARGO_PKG_VERSION"),
    "; link check)"
);

/// What asking about one link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Works,
    Broken(LinkWhy),
    Unreachable(ReachWhy),
}

struct Asker {
    client: Client<Https, Empty<Bytes>>,
    gates: Gates,
    timeout: Duration,
}

/// Asks about every link in `urls`, [`super::gate`] keeping the pace, until all are answered
/// or `budget` is spent. The answers, in no particular order; links not answered in time are
/// left out.
pub(crate) fn ask_all(
    urls: Vec<String>,
    timeout: Duration,
    gap: Duration,
    budget: Duration,
    progress: &Progress,
) -> Vec<(String, Outcome)> {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Vec::new();
    };
    let found = runtime.block_on(async {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let asker = Arc::new(Asker {
            client: Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(super::gate::PER_HOST)
                .build(https),
            gates: Gates::new(gap),
            timeout,
        });
        let mut jobs = tokio::task::JoinSet::new();
        for url in urls {
            let asker = asker.clone();
            jobs.spawn(async move {
                let outcome = asker.follow(&url).await;
                (url, outcome)
            });
        }
        let deadline = tokio::time::Instant::now() + budget;
        let mut found = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, jobs.join_next()).await {
                Ok(Some(Ok(answer))) => {
                    found.push(answer);
                    progress.tick();
                }
                // A job that panicked counts as not answered.
                Ok(Some(Err(_))) => {}
                Ok(None) => break,
                Err(_) => {
                    jobs.abort_all();
                    break;
                }
            }
        }
        found
    });
    // A name lookup still running in a blocking thread is left behind, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    found
}

impl Asker {
    /// Follows `url` through its redirects to an answer.
    async fn follow(&self, url: &str) -> Outcome {
        let mut current = url.to_string();
        let mut passed = HashSet::from([current.clone()]);
        for _ in 0..=MAX_REDIRECTS {
            let Some(uri) = parse(&current) else {
                return Outcome::Unreachable(ReachWhy::BadAddress);
            };
            let (status, location) = match self.ask(&uri).await {
                Ok(answer) => answer,
                Err(why) => return Outcome::Unreachable(why),
            };
            let next = match (status, location) {
                (301 | 302 | 303 | 307 | 308, Some(loc)) => resolve(&current, &loc),
                _ => None,
            };
            let Some(next) = next else {
                return judge(status);
            };
            if !passed.insert(next.clone()) {
                return Outcome::Broken(LinkWhy::RedirectLoop);
            }
            current = next;
        }
        Outcome::Broken(LinkWhy::TooManyRedirects(MAX_REDIRECTS))
    }

    /// One address: its status and `Location`. `HEAD`, then `GET` when `HEAD` is refused or
    /// fails.
    async fn ask(&self, uri: &Uri) -> Result<(u16, Option<String>), ReachWhy> {
        let host = uri.host().unwrap_or_default();
        let head = {
            let _pass = self.gates.enter(host).await;
            self.request(Method::HEAD, uri).await
        };
        match head {
            Ok((403 | 405 | 501, _)) | Err(_) => {
                let _pass = self.gates.enter(host).await;
                self.request(Method::GET, uri).await
            }
            answer => answer,
        }
    }

    async fn request(&self, method: Method, uri: &Uri) -> Result<(u16, Option<String>), ReachWhy> {
        let seconds = self.timeout.as_secs();
        let req = Request::builder()
            .method(method)
            .uri(uri.clone())
            .header(USER_AGENT, AGENT)
            .header(ACCEPT, "*/*")
            .body(Empty::new())
            .map_err(|_| ReachWhy::BadAddress)?;
        match tokio::time::timeout(self.timeout, self.client.request(req)).await {
            Err(_) => Err(ReachWhy::Timeout(seconds)),
            Ok(Err(e)) => Err(why(&e, seconds)),
            // The body is dropped unread: only the status counts.
            Ok(Ok(resp)) => Ok((
                resp.status().as_u16(),
                resp.headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
            )),
        }
    }
}

/// What a final status means: 2xx and 3xx (a redirect without a usable `Location`) work;
/// 429 asks to come back later; other 4xx and 5xx are broken.
fn judge(status: u16) -> Outcome {
    match status {
        429 => Outcome::Unreachable(ReachWhy::TooManyRequests),
        400.. => Outcome::Broken(LinkWhy::Status(status)),
        _ => Outcome::Works,
    }
}

/// Why a request failed, from its chain of errors.
fn why(e: &(dyn std::error::Error + 'static), seconds: u64) -> ReachWhy {
    let mut words = String::new();
    let mut last = String::new();
    let mut source = Some(e);
    while let Some(err) = source {
        // An I/O error may wrap another (hyper-rustls wraps rustls's): each is looked at.
        let mut io = err.downcast_ref::<std::io::Error>();
        while let Some(e) = io {
            match e.kind() {
                std::io::ErrorKind::ConnectionRefused => return ReachWhy::Refused,
                std::io::ErrorKind::TimedOut => return ReachWhy::Timeout(seconds),
                // What rustls says of a handshake gone wrong (a certificate refused, a server
                // that does not speak TLS).
                std::io::ErrorKind::InvalidData => return ReachWhy::Tls,
                _ => {}
            }
            io = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        last = err.to_string();
        words.push_str(&last.to_ascii_lowercase());
        words.push(' ');
        source = err.source();
    }
    if ["dns error", "lookup address", "name or service not known"]
        .iter()
        .any(|w| words.contains(w))
    {
        ReachWhy::Dns
    } else if ["certificate", "tls", "handshake", "alert"]
        .iter()
        .any(|w| words.contains(w))
    {
        ReachWhy::Tls
    } else {
        ReachWhy::Other(last)
    }
}

/// `url` as a request target: characters an address cannot carry as they are (Chinese, spaces)
/// percent-encoded. `None` for what is not `http(s)://host…` after that (a host name in
/// Chinese, for one).
fn parse(url: &str) -> Option<Uri> {
    let mut sendable = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            sendable.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                sendable.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let uri: Uri = sendable.parse().ok()?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    (scheme_ok && uri.host().is_some_and(|h| !h.is_empty() && h.is_ascii())).then_some(uri)
}

/// A redirect's `Location`, made absolute against the address that gave it (fragment cut off).
/// `None` when it leads to something other than `http(s)`.
fn resolve(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    let location = location.split('#').next().unwrap_or_default();
    let (scheme, rest) = base.split_once("://")?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    let path_and_query = &rest[authority_end..];
    if let Some(s) = crate::text::html::link_scheme(location) {
        return matches!(s.as_str(), "http" | "https").then(|| location.to_string());
    }
    Some(if let Some(r) = location.strip_prefix("//") {
        format!("{scheme}://{r}")
    } else if location.starts_with('/') {
        format!("{origin}{location}")
    } else if location.starts_with('?') {
        let path = path_and_query.split('?').next().unwrap_or_default();
        format!("{origin}{path}{location}")
    } else {
        let path = path_and_query.split('?').next().unwrap_or_default();
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{origin}{dir}{location}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_are_made_absolute() {
        let base = "https://a.example/news/2021/x.html?p=1";
        assert_eq!(
            resolve(base, "https://b.example/y").as_deref(),
            Some("https://b.example/y")
        );
        assert_eq!(
            resolve(base, "//c.example/z").as_deref(),
            Some("https://c.example/z")
        );
        assert_eq!(
            resolve(base, "/root#top").as_deref(),
            Some("https://a.example/root")
        );
        assert_eq!(
            resolve(base, "y.html").as_deref(),
            Some("https://a.example/news/2021/y.html")
        );
        assert_eq!(
            resolve(base, "?p=2").as_deref(),
            Some("https://a.example/news/2021/x.html?p=2")
        );
        assert_eq!(
            resolve("http://a.example", "b").as_deref(),
            Some("http://a.example/b")
        );
        assert_eq!(resolve(base, "ftp://f.example/"), None);
    }

    #[test]
    fn addresses_in_chinese_are_sent_encoded() {
        let uri = parse("https://a.example/文件 1.pdf").unwrap();
        assert_eq!(uri.path(), "/%E6%96%87%E4%BB%B6%201.pdf");
        assert!(parse("https://中文.example/").is_none());
        assert!(parse("ftp://a.example/").is_none());
    }

    #[test]
    fn statuses_are_judged() {
        assert_eq!(judge(200), Outcome::Works);
        assert_eq!(judge(304), Outcome::Works);
        assert_eq!(judge(404), Outcome::Broken(LinkWhy::Status(404)));
        assert_eq!(judge(503), Outcome::Broken(LinkWhy::Status(503)));
        assert_eq!(judge(429), Outcome::Unreachable(ReachWhy::TooManyRequests));
    }

    #[test]
    fn a_run_ends_when_its_budget_is_spent() {
        // A server on loopback that takes connections and never answers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let _keep = std::thread::spawn(move || {
            let mut held = Vec::new();
            for conn in listener.incoming().flatten().take(8) {
                held.push(conn);
            }
            std::thread::sleep(Duration::from_secs(30));
        });
        let started = std::time::Instant::now();
        let found = ask_all(
            vec![format!("http://127.0.0.1:{port}/hang")],
            Duration::from_secs(30),
            Duration::ZERO,
            Duration::from_millis(300),
            &Progress::default(),
        );
        assert!(found.is_empty(), "not answered in time: left out");
        assert!(started.elapsed() < Duration::from_secs(10), "the run ended");
    }
}
