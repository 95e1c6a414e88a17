//! The HTTP side: the live-reload endpoints, then every other GET answered from the snapshot
//! of the last good build: `index.html` for folders, `/dir` → `/dir/` redirects, the site's
//! `404.html`, and nothing outside the site (see `paths`).
//!
//! Files copied from disk are streamed, a chunk at a time, whatever their size: by tower-http's
//! `ServeFile`, which answers `Range` (206, or 416 when it cannot be satisfied), `If-None-Match`
//! and `If-Modified-Since` (304) against an ETag and a Last-Modified taken from the file; an
//! HTML file is streamed here, with the live-reload script spliced in, and an ETag of its own.
//! Files the build rendered are answered from memory, with the build's name as their ETag (a
//! build maps each path to one content, and every successful rebuild has a new name), so a
//! browser revalidating a page gets a 304 until the next rebuild.

use std::io::SeekFrom;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;
use tower_http::services::ServeFile;

use crate::messages::{Lang, Status};
use crate::text::html::escape;

use super::host;
use super::mime::{content_type, is_html};
use super::pages;
use super::paths::{self, Target};
use super::reload::{self, inject};
use super::state::{Body, Shared, SiteFiles, Snapshot};

/// The end of an HTML file searched for its last `</body>`, where the live-reload script goes.
const BODY_END_TAIL: u64 = 64 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::EVENTS, get(reload::events))
        .route(reload::STATUS, get(reload::status))
        .route(reload::SCRIPT, get(reload::script))
        .fallback(site)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard,
        ))
        .with_state(shared)
}

/// The host a request names: the authority of an absolute URI (`GET http://h/ HTTP/1.1`),
/// else its `Host` header.
fn requested_host(uri: &Uri, headers: &HeaderMap) -> Option<String> {
    if let Some(authority) = uri.authority() {
        return Some(authority.as_str().to_string());
    }
    let value = headers.get(header::HOST)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// On a server bound to loopback, a request naming another host is refused (DNS rebinding),
/// with a page saying why and which address to open.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if shared.reach().loopback_only
        && let Some(asked) = requested_host(req.uri(), req.headers())
        && !host::is_loopback(&asked)
    {
        return refused(&shared, &asked);
    }
    next.run(req).await
}

fn refused(shared: &Shared, asked: &str) -> Response {
    let lang = shared.lang();
    let text = Status::ForeignHost {
        host: asked.to_string(),
        url: shared.reach().base_url.clone(),
    }
    .text(lang);
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\
         <body style=\"font:15px/1.6 sans-serif;margin:2em\">\
         <h1>{title}</h1><p>{text}</p></body></html>\n",
        html_lang = match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        title = escape(&Status::ForeignHostTitle.text(lang)),
        text = escape(&text),
    );
    html(StatusCode::FORBIDDEN, page)
}

/// The base URL to send pages with: the printed one with the host the browser used (a valid
/// one), when that differs; `None` to send them as built.
fn public_base(shared: &Shared, uri: &Uri, headers: &HeaderMap) -> Option<String> {
    let asked = requested_host(uri, headers)?;
    let asked = host::valid(&asked)?;
    let base = format!("http://{asked}/");
    (base != shared.reach().base_url).then_some(base)
}

/// Any path of the site.
async fn site(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (ask, _) = req.into_parts();
    let (method, uri, headers) = (&ask.method, &ask.uri, &ask.headers);
    if method != Method::GET && method != Method::HEAD {
        let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let snap = shared.current();
    let Some(files) = snap.site.clone() else {
        return html(
            StatusCode::INTERNAL_SERVER_ERROR,
            pages::no_site(&snap, shared.lang()),
        );
    };
    let Ok(target) = paths::resolve(uri.path()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: not a path of this site\n",
        );
    };
    let file = target.file();
    let public = public_base(&shared, uri, headers);
    let public = public.as_deref();
    if let Some(body) = files.get(&file) {
        let found = File {
            path: &file,
            body,
            status: StatusCode::OK,
        };
        return match send(&shared, &snap, found, method, Some(headers), public).await {
            Some(res) => res,
            None => not_found(&shared, &snap, &files, method, public).await,
        };
    }
    if needs_slash(&target, &files) {
        let mut location = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            location.push('?');
            location.push_str(q);
        }
        return redirect(&location);
    }
    not_found(&shared, &snap, &files, method, public).await
}

/// `/news` when `news/index.html` exists: the page lives at `/news/`.
fn needs_slash(target: &Target, files: &SiteFiles) -> bool {
    !target.dir && files.contains(&target.index())
}

async fn not_found(
    shared: &Shared,
    snap: &Snapshot,
    files: &SiteFiles,
    method: &Method,
    public: Option<&str>,
) -> Response {
    if let Some(body) = files.get("404.html") {
        let page = File {
            path: "404.html",
            body,
            status: StatusCode::NOT_FOUND,
        };
        // Sent whole, whatever the request's conditions: it stands for another path.
        if let Some(res) = send(shared, snap, page, method, None, public).await {
            return res;
        }
    }
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// A file of the site about to be sent, and the status to send it with.
struct File<'a> {
    path: &'a str,
    body: &'a Body,
    status: StatusCode,
}

/// The response for one file of the site; `None` when a copied file cannot be served (gone
/// since the build, or a link that leads out of the site folder). `ask` is the request's
/// headers when its conditions (`Range`, `If-None-Match`, …) apply to this file. A text file
/// the build rendered is sent with its base_url replaced by `public` (see `host`).
async fn send(
    shared: &Shared,
    snap: &Snapshot,
    file: File<'_>,
    method: &Method,
    ask: Option<&HeaderMap>,
    public: Option<&str>,
) -> Option<Response> {
    let ty = content_type(file.path);
    let from = match file.body {
        Body::Memory(bytes) => {
            let rebased = public
                .filter(|_| ty.ends_with("charset=utf-8"))
                .and_then(|to| host::rebase(bytes, &shared.reach().base_url, to))
                .map(Bytes::from);
            let bytes = rebased.as_ref().unwrap_or(bytes);
            let bytes = if is_html(ty) {
                Bytes::from(inject(bytes, &snap.build))
            } else {
                bytes.clone()
            };
            let etag = format!("\"{}\"", snap.build);
            return Some(from_memory(bytes, ty, file.status, &etag, ask));
        }
        Body::Disk(from) => from,
    };
    let real = tokio::fs::canonicalize(from).await.ok()?;
    if !real.starts_with(shared.root()) {
        let d = crate::diagnostics::Diagnostic::warning(crate::messages::Msg::NotServedOutside {
            path: file.path.to_string(),
            source: from.display().to_string(),
        });
        eprintln!("{}", d.render(shared.lang()));
        return None;
    }
    if is_html(ty) {
        return html_from_disk(&real, &snap.build, file.status, ask).await;
    }
    from_disk(&real, ty, file.status, method, ask).await
}

/// A file held in memory, or `304 Not Modified` when the request's `If-None-Match` names its
/// ETag.
fn from_memory(
    bytes: Bytes,
    ty: &'static str,
    status: StatusCode,
    etag: &str,
    ask: Option<&HeaderMap>,
) -> Response {
    let etag = HeaderValue::from_str(etag).ok();
    if let Some(res) = not_modified(status, etag.as_ref(), ask) {
        return res;
    }
    let mut res = typed(status, HttpBody::from(bytes), ty);
    if let Some(etag) = etag.filter(|_| status == StatusCode::OK) {
        res.headers_mut().insert(header::ETAG, etag);
    }
    res
}

/// An HTML file copied from disk, streamed with the live-reload script before its last
/// `</body>` if that is in the file's last 64 KiB, else at its end (where a browser runs it
/// all the same); its ETag changes with the file and with the build (the script's name).
async fn html_from_disk(
    real: &Path,
    build: &str,
    status: StatusCode,
    ask: Option<&HeaderMap>,
) -> Option<Response> {
    const TY: &str = "text/html; charset=utf-8";
    let head = tokio::fs::File::open(real).await.ok()?;
    let meta = head.metadata().await.ok()?;
    let etag = HeaderValue::from_str(&disk_html_etag(build, &meta)).ok();
    if let Some(res) = not_modified(status, etag.as_ref(), ask) {
        return Some(res);
    }
    let len = meta.len();
    let from = len.saturating_sub(BODY_END_TAIL);
    let mut rest = tokio::fs::File::open(real).await.ok()?;
    rest.seek(SeekFrom::Start(from)).await.ok()?;
    let mut tail = Vec::new();
    (&mut rest)
        .take(len - from)
        .read_to_end(&mut tail)
        .await
        .ok()?;
    let at = reload::body_end(&tail).unwrap_or(tail.len());
    let at = from + u64::try_from(at).ok()?;
    rest.seek(SeekFrom::Start(at)).await.ok()?;
    let script = std::io::Cursor::new(reload::tag(build).into_bytes());
    let spliced = head.take(at).chain(script).chain(rest);
    let mut res = typed(
        status,
        HttpBody::from_stream(ReaderStream::new(spliced)),
        TY,
    );
    if let Some(etag) = etag.filter(|_| status == StatusCode::OK) {
        res.headers_mut().insert(header::ETAG, etag);
    }
    Some(res)
}

/// `304 Not Modified` for a file that would be sent with a 200 when the request's
/// `If-None-Match` names its ETag.
fn not_modified(
    status: StatusCode,
    etag: Option<&HeaderValue>,
    ask: Option<&HeaderMap>,
) -> Option<Response> {
    let (Some(etag), Some(headers)) = (etag, ask) else {
        return None;
    };
    if status != StatusCode::OK || !none_match_names(headers, etag) {
        return None;
    }
    let mut res = StatusCode::NOT_MODIFIED.into_response();
    revalidate(res.headers_mut());
    res.headers_mut().insert(header::ETAG, etag.clone());
    Some(res)
}

/// Whether `If-None-Match` is `*` or lists `etag` (weak comparison: `W/` is ignored).
fn none_match_names(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .flat_map(|value| {
            value
                .as_bytes()
                .split(|&b| b == b',')
                .map(<[u8]>::trim_ascii)
        })
        .any(|tag| tag == b"*" || tag.strip_prefix(b"W/").unwrap_or(tag) == ours)
}

/// The build's name, the file's modification time and its length.
fn disk_html_etag(build: &str, meta: &std::fs::Metadata) -> String {
    let nanos = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("\"{build}-{nanos:x}-{:x}\"", meta.len())
}

/// A file streamed from disk by `ServeFile`, with the request's conditions when they apply.
async fn from_disk(
    real: &Path,
    ty: &'static str,
    status: StatusCode,
    method: &Method,
    ask: Option<&HeaderMap>,
) -> Option<Response> {
    let mut req = axum::http::Request::new(HttpBody::empty());
    *req.method_mut() = method.clone();
    if let Some(headers) = ask {
        *req.headers_mut() = conditions(headers);
    }
    let res = match ServeFile::new(real)
        .ignore_multi_range_requests(true)
        .try_call(req)
        .await
    {
        Ok(res) if res.status() == StatusCode::NOT_FOUND => return None,
        Ok(res) => res.map(HttpBody::new),
        Err(e) if is_missing(&e) => return None,
        Err(_) => {
            return Some(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error: the file cannot be read\n",
            ));
        }
    };
    let (mut parts, body) = res.into_parts();
    let headers = &mut parts.headers;
    match parts.status {
        StatusCode::OK | StatusCode::PARTIAL_CONTENT => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
            if status == StatusCode::OK {
                revalidate(headers);
            } else {
                parts.status = status;
                headers.remove(header::ETAG);
                headers.remove(header::LAST_MODIFIED);
                no_store(headers);
            }
        }
        StatusCode::NOT_MODIFIED => revalidate(headers),
        _ => no_store(headers),
    }
    Some(Response::from_parts(parts, body))
}

/// The request headers `ServeFile` acts on. A `Range` in another unit than bytes is ignored
/// (RFC 9110 §14.2), and so is a `Range` with `If-Range`, which `ServeFile` cannot evaluate:
/// the whole file is always a correct answer, a part of a changed file is not.
fn conditions(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in [
        header::IF_MATCH,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
        header::IF_UNMODIFIED_SINCE,
    ] {
        for value in headers.get_all(&name) {
            out.append(name.clone(), value.clone());
        }
    }
    if let Some(range) = headers.get(header::RANGE)
        && !headers.contains_key(header::IF_RANGE)
        && range
            .as_bytes()
            .get(..6)
            .is_some_and(|unit| unit.eq_ignore_ascii_case(b"bytes="))
    {
        out.insert(header::RANGE, range.clone());
    }
    out
}

fn is_missing(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::NotFound | ErrorKind::PermissionDenied | ErrorKind::NotADirectory
    )
}

fn typed(status: StatusCode, body: HttpBody, ty: &'static str) -> Response {
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    if status == StatusCode::OK {
        revalidate(headers);
    } else {
        no_store(headers);
    }
    res
}

fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    no_store(headers);
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut res = (status, text).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    no_store(headers);
    res
}

fn redirect(location: &str) -> Response {
    let mut res = Response::new(HttpBody::empty());
    *res.status_mut() = StatusCode::FOUND;
    if let Ok(value) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    no_store(res.headers_mut());
    res
}

/// Not kept: error pages, redirects.
fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The site's files: a browser may keep them but asks again every time (with the ETag), so an
/// edit shows at once and an unchanged file costs a 304.
fn revalidate(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}
