//! The HTTP side: the live-reload endpoints, then every other GET answered from the snapshot
//! of the last good build: `index.html` for folders, `/dir` → `/dir/` redirects, the site's
//! `404.html`, and nothing outside the site (see `paths`).

use std::sync::Arc;

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::mime::{content_type, is_html};
use super::pages;
use super::paths::{self, Target};
use super::reload::{self, inject};
use super::state::{Body, Shared, SiteFiles, Snapshot};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::EVENTS, get(reload::events))
        .route(reload::STATUS, get(reload::status))
        .route(reload::SCRIPT, get(reload::script))
        .fallback(site)
        .with_state(shared)
}

/// Any path of the site.
async fn site(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
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
    if let Some(body) = files.get(&file) {
        return match send(&shared, &snap, &file, body, StatusCode::OK).await {
            Some(res) => res,
            None => not_found(&shared, &snap, &files).await,
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
    not_found(&shared, &snap, &files).await
}

/// `/news` when `news/index.html` exists: the page lives at `/news/`.
fn needs_slash(target: &Target, files: &SiteFiles) -> bool {
    !target.dir && files.contains(&target.index())
}

async fn not_found(shared: &Shared, snap: &Snapshot, files: &SiteFiles) -> Response {
    if let Some(body) = files.get("404.html")
        && let Some(res) = send(shared, snap, "404.html", body, StatusCode::NOT_FOUND).await
    {
        return res;
    }
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// The response for one file of the site; `None` when a copied file cannot be served (gone
/// since the build, or a link that leads out of the site folder).
async fn send(
    shared: &Shared,
    snap: &Snapshot,
    path: &str,
    body: &Body,
    status: StatusCode,
) -> Option<Response> {
    let bytes = match body {
        Body::Memory(b) => b.clone(),
        Body::Disk(from) => {
            let real = tokio::fs::canonicalize(from).await.ok()?;
            if !real.starts_with(shared.root()) {
                let d = crate::diagnostics::Diagnostic::warning(
                    crate::messages::Msg::NotServedOutside {
                        path: path.to_string(),
                        source: from.display().to_string(),
                    },
                );
                eprintln!("{}", d.render(shared.lang()));
                return None;
            }
            Bytes::from(tokio::fs::read(&real).await.ok()?)
        }
    };
    let ty = content_type(path);
    let bytes = if is_html(ty) {
        Bytes::from(inject(&bytes, &snap.build))
    } else {
        bytes
    };
    let mut res = (status, bytes).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    no_store(headers);
    Some(res)
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

fn no_store(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}
