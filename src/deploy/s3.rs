//! The few S3 requests a deploy needs (list, head, put, delete, the bucket's website
//! documents), signed with SigV4 and sent by hyper's client over rustls (ring), with retries
//! of what may pass: a dropped connection, a timeout, 429 and 5xx answers.
//!
//! Requests are virtual-hosted (`https://BUCKET.ENDPOINT/KEY`), as OSS and COS require, unless
//! `path_style` is set (`https://ENDPOINT/BUCKET/KEY`). A host named `localhost` or
//! `*.localhost` is this computer (RFC 6761): it is connected to at 127.0.0.1, with its name
//! kept in `Host`, so a local test server can answer virtual-hosted requests.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::sign::{self, Credentials};

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// Where the bucket is and how to reach it.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// `https` or `http`.
    pub(crate) scheme: String,
    /// The endpoint's `host[:port]`.
    pub(crate) endpoint: String,
    pub(crate) bucket: String,
    pub(crate) region: String,
    pub(crate) path_style: bool,
}

/// An object found in the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    pub(crate) key: String,
    /// Lower case, without quotes.
    pub(crate) etag: String,
    pub(crate) size: u64,
}

/// Why a request failed, in words that carry no secret: the server's error code and message,
/// or the connection's error.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) status: Option<u16>,
    pub(crate) detail: String,
}

impl Failure {
    fn transient(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s == 408 || s == 429 || s >= 500,
        }
    }
}

pub(crate) struct Bucket {
    target: Target,
    creds: Credentials,
    client: Client<Https, Full<Bytes>>,
    /// Retried attempts, for the summary.
    pub(crate) retries: std::cell::Cell<usize>,
}

/// What a PUT carries besides the bytes.
pub(crate) struct Put<'a> {
    pub(crate) content_type: &'a str,
    pub(crate) cache_control: &'a str,
    pub(crate) sha256: &'a str,
}

const ATTEMPTS: u32 = 4;
const TIMEOUT: Duration = Duration::from_secs(120);

impl Bucket {
    pub(crate) fn new(target: Target, creds: Credentials) -> Result<Bucket, Failure> {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(https);
        Ok(Bucket {
            target,
            creds,
            client,
            retries: std::cell::Cell::new(0),
        })
    }

    /// Every object under `prefix`.
    pub(crate) async fn list(&self, prefix: &str) -> Result<Vec<Listed>, Failure> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![
                ("list-type".to_string(), "2".to_string()),
                ("prefix".to_string(), prefix.to_string()),
            ];
            if let Some(t) = &token {
                query.push(("continuation-token".to_string(), t.clone()));
            }
            let (_, _, body) = self
                .send(Method::GET, "", &query, &[], Bytes::new())
                .await?;
            let text = String::from_utf8_lossy(&body);
            let page = parse_list(&text).map_err(|detail| Failure {
                status: None,
                detail,
            })?;
            out.extend(page.objects);
            match page.next {
                Some(next) => token = Some(next),
                None => return Ok(out),
            }
        }
    }

    /// The content hash jieshui stored with an object (`None` when it has none).
    pub(crate) async fn stored_sha256(&self, key: &str) -> Result<Option<String>, Failure> {
        let (_, headers, _) = self.send(Method::HEAD, key, &[], &[], Bytes::new()).await?;
        Ok(headers
            .get("x-amz-meta-jieshui-sha256")
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase))
    }

    pub(crate) async fn put(&self, key: &str, bytes: Bytes, put: &Put<'_>) -> Result<(), Failure> {
        let headers = [
            ("content-type".to_string(), put.content_type.to_string()),
            ("cache-control".to_string(), put.cache_control.to_string()),
            (
                "x-amz-meta-jieshui-sha256".to_string(),
                put.sha256.to_string(),
            ),
        ];
        self.send(Method::PUT, key, &[], &headers, bytes).await?;
        Ok(())
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), Failure> {
        match self.send(Method::DELETE, key, &[], &[], Bytes::new()).await {
            Err(f) if f.status == Some(404) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Sets the bucket's website documents: `index.html` for folders, `404.html` for errors.
    pub(crate) async fn website(&self) -> Result<(), Failure> {
        let xml = "<WebsiteConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                   <IndexDocument><Suffix>index.html</Suffix></IndexDocument>\
                   <ErrorDocument><Key>404.html</Key></ErrorDocument>\
                   </WebsiteConfiguration>";
        let query = [("website".to_string(), String::new())];
        let headers = [("content-type".to_string(), "application/xml".to_string())];
        self.send(
            Method::PUT,
            "",
            &query,
            &headers,
            Bytes::from_static(xml.as_bytes()),
        )
        .await?;
        Ok(())
    }

    /// One request, retried while it fails in a way that may pass.
    async fn send(
        &self,
        method: Method,
        key: &str,
        query: &[(String, String)],
        headers: &[(String, String)],
        body: Bytes,
    ) -> Result<(StatusCode, hyper::HeaderMap, Bytes), Failure> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .once(method.clone(), key, query, headers, body.clone())
                .await;
            match result {
                Err(f) if f.transient() && attempt < ATTEMPTS => {
                    self.retries.set(self.retries.get() + 1);
                    tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
                }
                other => return other,
            }
        }
    }

    async fn once(
        &self,
        method: Method,
        key: &str,
        query: &[(String, String)],
        extra: &[(String, String)],
        body: Bytes,
    ) -> Result<(StatusCode, hyper::HeaderMap, Bytes), Failure> {
        let t = &self.target;
        let (host, path) = if t.path_style {
            (
                t.endpoint.clone(),
                format!("/{}/{}", t.bucket, sign::uri_encode(key, true)),
            )
        } else {
            (
                format!("{}.{}", t.bucket, t.endpoint),
                format!("/{}", sign::uri_encode(key, true)),
            )
        };
        let payload = sign::sha256_hex(&body);
        let date = sign::amz_date(jiff::Timestamp::now());
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), host.clone()),
            ("x-amz-content-sha256".into(), payload.clone()),
            ("x-amz-date".into(), date.clone()),
        ];
        if let Some(token) = &self.creds.token {
            headers.push(("x-amz-security-token".into(), token.clone()));
        }
        headers.extend(extra.iter().cloned());
        let auth = sign::authorization(
            &self.creds,
            &t.region,
            &date,
            &sign::Request {
                method: method.as_str(),
                path: &path,
                query,
                headers: &headers,
                payload_sha256: &payload,
            },
        );
        let query_text = sign::canonical_query(query);
        let connect_to = connect_host(&host);
        let uri = if query_text.is_empty() {
            format!("{}://{connect_to}{path}", t.scheme)
        } else {
            format!("{}://{connect_to}{path}?{query_text}", t.scheme)
        };
        let mut req = Request::builder().method(method).uri(&uri);
        for (k, v) in &headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .header("authorization", auth)
            .body(Full::new(body))
            .map_err(|e| Failure {
                status: None,
                detail: format!("bad request for {key}: {e}"),
            })?;
        let answer = tokio::time::timeout(TIMEOUT, async {
            let res = self.client.request(req).await.map_err(|e| Failure {
                status: None,
                detail: connection_error(&e),
            })?;
            let (parts, body) = res.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(|e| Failure {
                    status: None,
                    detail: e.to_string(),
                })?
                .to_bytes();
            Ok::<_, Failure>((parts.status, parts.headers, bytes))
        })
        .await
        .map_err(|_| Failure {
            status: None,
            detail: format!("no answer within {} s", TIMEOUT.as_secs()),
        })??;
        let (status, headers, bytes) = answer;
        if status.is_success() {
            return Ok((status, headers, bytes));
        }
        Err(Failure {
            status: Some(status.as_u16()),
            detail: error_detail(status, &bytes),
        })
    }
}

/// `BUCKET.localhost:9000` → `127.0.0.1:9000`: a `localhost` name is this computer.
fn connect_host(host: &str) -> String {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(']') || host.starts_with('[') => (n, Some(p)),
        _ => (host, None),
    };
    let lower = name.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return match port {
            Some(p) => format!("127.0.0.1:{p}"),
            None => "127.0.0.1".into(),
        };
    }
    host.to_string()
}

/// A connection error and its causes, in one line.
fn connection_error(e: &hyper_util::client::legacy::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `403 SignatureDoesNotMatch: The request signature we calculated does not match…`: the code
/// and message of an S3 error document, or the status alone.
fn error_detail(status: StatusCode, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let field = |name: &str| {
        roxmltree::Document::parse(&text).ok().and_then(|doc| {
            doc.descendants()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .map(str::to_string)
        })
    };
    match (field("Code"), field("Message")) {
        (Some(code), Some(message)) => format!("{} {code}: {message}", status.as_u16()),
        (Some(code), None) => format!("{} {code}", status.as_u16()),
        _ => status.to_string(),
    }
}

struct ListPage {
    objects: Vec<Listed>,
    next: Option<String>,
}

fn parse_list(xml: &str) -> Result<ListPage, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("bad listing: {e}"))?;
    let child_text = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let root = doc.root_element();
    let objects = root
        .children()
        .filter(|n| n.has_tag_name("Contents"))
        .map(|n| Listed {
            key: child_text(n, "Key"),
            etag: child_text(n, "ETag").trim_matches('"').to_ascii_lowercase(),
            size: child_text(n, "Size").parse().unwrap_or(0),
        })
        .collect();
    let truncated = child_text(root, "IsTruncated") == "true";
    let next =
        Some(child_text(root, "NextContinuationToken")).filter(|t| truncated && !t.is_empty());
    Ok(ListPage { objects, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_are_read_with_etags_in_lower_case() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>
<IsTruncated>true</IsTruncated><NextContinuationToken>tok==</NextContinuationToken>
<Contents><Key>news/节水/index.html</Key><ETag>"5EB63BBBE01EEED093CB22BB8F5ACDC3"</ETag><Size>11</Size></Contents>
<Contents><Key>style.css</Key><ETag>&quot;abc-2&quot;</ETag><Size>3</Size></Contents>
</ListBucketResult>"#;
        let page = parse_list(xml).unwrap();
        assert_eq!(page.next.as_deref(), Some("tok=="));
        assert_eq!(
            page.objects[0],
            Listed {
                key: "news/节水/index.html".into(),
                etag: "5eb63bbbe01eeed093cb22bb8f5acdc3".into(),
                size: 11
            }
        );
        assert_eq!(page.objects[1].etag, "abc-2");
    }

    #[test]
    fn errors_say_the_code_and_message() {
        let body = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
        assert_eq!(
            error_detail(StatusCode::FORBIDDEN, body),
            "403 AccessDenied: Access Denied"
        );
        assert_eq!(
            error_detail(StatusCode::BAD_GATEWAY, b"<html>"),
            "502 Bad Gateway"
        );
    }

    #[test]
    fn localhost_names_are_this_computer() {
        assert_eq!(connect_host("site.localhost:9000"), "127.0.0.1:9000");
        assert_eq!(connect_host("localhost"), "127.0.0.1");
        assert_eq!(
            connect_host("b.oss-cn-hangzhou.aliyuncs.com"),
            "b.oss-cn-hangzhou.aliyuncs.com"
        );
    }
}
