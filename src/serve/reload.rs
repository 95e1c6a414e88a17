//! Live reload: the script injected into served HTML, the server-sent event stream it listens
//! to, and a status endpoint with the current errors as JSON (for tests and tools).
//!
//! Every event is the whole state: `{"build": NAME, "errors": [TEXT, …]}`. A page knows the build
//! it came from (`data-build` on its script tag) and reloads when the server's differs, so a
//! rebuild that finished between the page loading and the stream connecting is not missed.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use super::state::{Shared, Snapshot};

pub(crate) const EVENTS: &str = "/__jieshui/events";
pub(crate) const STATUS: &str = "/__jieshui/status";
pub(crate) const SCRIPT: &str = "/__jieshui/live.js";

const LIVE_JS: &str = include_str!("live.js");

/// `GET /__jieshui/live.js`, its overlay in the language of serve's messages.
pub(crate) async fn script(State(shared): State<Arc<Shared>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        live_js(shared.lang()),
    )
        .into_response()
}

/// The script, with the overlay's words in one language.
fn live_js(lang: crate::messages::Lang) -> String {
    let (tag, title, close) = match lang {
        crate::messages::Lang::Zh => ("zh-CN", "生成失败：页面仍是上次成功生成的版本", "关闭"),
        crate::messages::Lang::En => ("en", "Build failed: showing the last good build", "Close"),
    };
    LIVE_JS
        .replace("__JIESHUI_LANG__", tag)
        .replace("__JIESHUI_TITLE__", title)
        .replace("__JIESHUI_CLOSE__", close)
}

/// `GET /__jieshui/events`: the state now, then again after every build.
pub(crate) async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(shared.subscribe())
        .map(|snap| Ok(Event::default().event("state").data(state_json(&snap))));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `GET /__jieshui/status`: `{"ok", "build", "errors", "warnings", "pages", "seconds"}`.
pub(crate) async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let snap = shared.current();
    let body = serde_json::json!({
        "ok": snap.errors.is_empty(),
        "build": snap.build,
        "errors": &*snap.errors,
        "warnings": snap.warnings,
        "pages": snap.pages,
        "seconds": snap.seconds,
    });
    (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn state_json(snap: &Snapshot) -> String {
    serde_json::json!({ "build": snap.build, "errors": &*snap.errors }).to_string()
}

/// `html` with the live-reload script tag before its last `</body>` (at the end if it has none).
pub(crate) fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag = tag(build);
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The live-reload script tag of a page from build `build`.
pub(crate) fn tag(build: &str) -> String {
    format!("<script src=\"{SCRIPT}\" data-build=\"{build}\"></script>")
}

/// Where the last `</body>` (any case) of `html` starts.
pub(crate) fn body_end(html: &[u8]) -> Option<usize> {
    rfind_ignore_case(html, b"</body>")
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</body></html>", "b-1");
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x<script src=\"/__jieshui/live.js\" data-build=\"b-1\"></script></body></html>"
        );
        let upper = String::from_utf8(inject(b"<p>a</BODY>", "b")).unwrap();
        assert!(upper.ends_with("</script></BODY>"));
        let none = String::from_utf8(inject(b"<p>a", "b")).unwrap();
        assert!(none.starts_with("<p>a<script"));
    }

    #[test]
    fn overlay_speaks_one_language() {
        // Issue #18: the title mixed Chinese and English; the close button said `close`.
        let zh = live_js(crate::messages::Lang::Zh);
        assert!(zh.contains("\"生成失败：页面仍是上次成功生成的版本\"") && zh.contains("\"关闭\""));
        assert!(
            !zh.contains("build failed") && !zh.contains("\"close\"") && !zh.contains("__JIESHUI_")
        );
        let en = live_js(crate::messages::Lang::En);
        assert!(
            en.contains("\"Close\"")
                && !en.contains("生成")
                && en.contains("overlay.lang = \"en\"")
        );
    }

    #[test]
    fn overlay_never_uses_inner_html() {
        assert!(!LIVE_JS.contains("innerHTML"));
        assert!(LIVE_JS.contains("textContent"));
        assert!(LIVE_JS.contains(EVENTS));
    }
}
