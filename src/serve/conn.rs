//! The connections: one accept loop, and the limits that keep clients which send nothing, or
//! stop reading, from holding the server.
//!
//! - A connection must send a request's headers within `HEADER_TIMEOUT` of connecting or of
//!   the end of its previous response (hyper's header read timeout): a silent connection, and
//!   a kept-alive one that asks nothing more, is closed then.
//! - A connection on which no byte moves either way for `IDLE_TIMEOUT` is closed, whatever it
//!   is doing: a download the client stopped reading. The live-reload stream sends a comment
//!   at least every 15 s, so it stays open.
//! - At most `Limits::connections` are open, half of what the file-descriptor limit leaves
//!   after a reserve (each may hold a copied file open too; rebuilds read files): at the cap,
//!   the connection that has waited longest for a request is closed to make room, so a flood
//!   of silent connections never keeps the next real request waiting.
//! - An accept that fails (out of descriptors or memory) is retried after a pause that grows
//!   from 10 ms to 1 s; no error ends the loop.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;

/// How long a connection may take to send a request's headers, counted from its opening or
/// from the end of its previous response (so also how long a kept-alive connection may idle).
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may go without a byte moving either way while it is busy.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// The most connections, whatever the descriptor limit.
const MAX_CONNECTIONS: usize = 1024;
/// Descriptors kept for everything but connections: the runtime, the watcher, rebuilds.
const RESERVED_FDS: u64 = 64;
/// The most a connection buffers (a request's head; a response waiting for the client).
const MAX_BUF: usize = 64 * 1024;
const PAUSE_MIN: Duration = Duration::from_millis(10);
const PAUSE_MAX: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) header: Duration,
    pub(crate) idle: Duration,
    pub(crate) connections: usize,
}

impl Limits {
    /// The defaults, with the connection cap taken from this process's descriptor limit.
    pub(crate) fn for_this_process() -> Limits {
        Limits {
            header: HEADER_TIMEOUT,
            idle: IDLE_TIMEOUT,
            connections: connection_cap(open_files_limit()),
        }
    }
}

/// Half of what `fds` leaves after the reserve (a connection may hold a file open besides its
/// socket), between 4 and `MAX_CONNECTIONS`.
fn connection_cap(fds: Option<u64>) -> usize {
    fds.map_or(MAX_CONNECTIONS, |n| {
        usize::try_from(n.saturating_sub(RESERVED_FDS) / 2).unwrap_or(MAX_CONNECTIONS)
    })
    .clamp(4, MAX_CONNECTIONS)
}

/// The soft `RLIMIT_NOFILE`; `None` when unlimited or unknown.
#[cfg(unix)]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if rc != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    Some(limit.rlim_cur)
}

#[cfg(not(unix))]
fn open_files_limit() -> Option<u64> {
    None
}

/// Where connections come from: a listener, or in tests one that fails on purpose.
pub(crate) trait Accept {
    async fn accept(&self) -> io::Result<TcpStream>;
}

impl Accept for tokio::net::TcpListener {
    async fn accept(&self) -> io::Result<TcpStream> {
        tokio::net::TcpListener::accept(self).await.map(|(s, _)| s)
    }
}

/// Accepts and serves connections with `app`, forever.
pub(crate) async fn serve(listener: impl Accept, app: Router, limits: Limits) {
    let conns = Arc::new(Conns::default());
    let mut pause = PAUSE_MIN;
    loop {
        while !conns.make_room(limits.connections) {
            conns.changed.notified().await;
        }
        match listener.accept().await {
            Ok(stream) => {
                pause = PAUSE_MIN;
                let conn = Conns::open(&conns);
                tokio::spawn(connection(stream, app.clone(), conn, limits));
            }
            Err(e) if is_one_connection(&e) => {}
            Err(_) => {
                // Most likely out of descriptors: free one if a connection only waits, and
                // try again a little later; the pending connections wait in the backlog.
                conns.close_longest_waiting();
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(PAUSE_MAX);
            }
        }
    }
}

/// An error about the one connection being accepted, not about the listener.
fn is_one_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

/// Serves one connection until it ends, times out, stalls or is closed to make room.
async fn connection(stream: TcpStream, app: Router, conn: Arc<Conn>, limits: Limits) {
    let moved = Arc::new(LastMoved::new());
    let io = TokioIo::new(Watched {
        stream,
        moved: Arc::clone(&moved),
    });
    let app = TowerToHyperService::new(app);
    let busy_conn = Arc::clone(&conn);
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let busy = Busy::start(&busy_conn);
        let response = app.call(req);
        async move {
            let res = response.await?;
            Ok::<_, Infallible>(res.map(|body| Tracked { body, _busy: busy }))
        }
    });
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header)
        .max_buf_size(MAX_BUF)
        .serve_connection(io, service);
    tokio::select! {
        _ = served => {}
        () = conn.close.notified() => {}
        () = stalled(&moved, limits.idle) => {}
    }
}

/// Returns once nothing has moved on the connection for `idle`.
async fn stalled(moved: &LastMoved, idle: Duration) {
    loop {
        let deadline = moved.last() + idle;
        if Instant::now() >= deadline {
            return;
        }
        tokio::time::sleep_until(deadline).await;
    }
}

/// When a byte last moved on a connection.
struct LastMoved {
    start: Instant,
    /// Nanoseconds after `start`.
    at: AtomicU64,
}

impl LastMoved {
    fn new() -> LastMoved {
        LastMoved {
            start: Instant::now(),
            at: AtomicU64::new(0),
        }
    }

    fn now(&self) {
        let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.at.store(nanos, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_nanos(self.at.load(Ordering::Relaxed))
    }
}

/// The socket, noting every byte read or written.
struct Watched {
    stream: TcpStream,
    moved: Arc<LastMoved>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.moved.now();
        }
        res
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let res = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.moved.now();
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let res = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.moved.now();
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// A response body that keeps its connection counted as busy until it is sent or dropped.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The open connections and what each is doing.
#[derive(Default)]
struct Conns {
    table: Mutex<Table>,
    /// Woken when a connection ends or starts waiting for a request.
    changed: Notify,
}

#[derive(Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Slot>,
}

struct Slot {
    /// Requests being answered.
    busy: usize,
    /// Since when it has had nothing to answer.
    waiting_since: Instant,
    /// Told to close; it has not ended yet.
    closing: bool,
    close: Arc<Notify>,
}

/// One open connection's entry; removed when dropped.
struct Conn {
    conns: Arc<Conns>,
    id: u64,
    close: Arc<Notify>,
}

impl Conns {
    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn open(conns: &Arc<Conns>) -> Arc<Conn> {
        let close = Arc::new(Notify::new());
        let mut table = conns.table();
        let id = table.next;
        table.next += 1;
        table.open.insert(
            id,
            Slot {
                busy: 0,
                waiting_since: Instant::now(),
                closing: false,
                close: Arc::clone(&close),
            },
        );
        Arc::new(Conn {
            conns: Arc::clone(conns),
            id,
            close,
        })
    }

    /// Whether another connection may open now; at the cap, closes the connection that has
    /// waited longest for a request (unless one is closing already) and says no.
    fn make_room(&self, cap: usize) -> bool {
        let table = self.table();
        if table.open.len() < cap {
            return true;
        }
        let closing = table.open.values().filter(|s| s.closing).count();
        if table.open.len() - closing >= cap {
            drop(table);
            self.close_longest_waiting();
        }
        false
    }

    /// Tells the connection that has waited longest for a request to close; false if every
    /// connection is busy.
    fn close_longest_waiting(&self) -> bool {
        let mut table = self.table();
        let longest = table
            .open
            .values_mut()
            .filter(|s| s.busy == 0 && !s.closing)
            .min_by_key(|s| s.waiting_since);
        match longest {
            Some(slot) => {
                slot.closing = true;
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.conns.table().open.remove(&self.id);
        self.conns.changed.notify_one();
    }
}

/// A request being answered on a connection, from its headers to the end of its response.
struct Busy(Arc<Conn>);

impl Busy {
    fn start(conn: &Arc<Conn>) -> Busy {
        if let Some(slot) = conn.conns.table().open.get_mut(&conn.id) {
            slot.busy += 1;
        }
        Busy(Arc::clone(conn))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let conns = &self.0.conns;
        if let Some(slot) = conns.table().open.get_mut(&self.0.id) {
            slot.busy = slot.busy.saturating_sub(1);
            if slot.busy == 0 {
                slot.waiting_since = Instant::now();
            }
        }
        conns.changed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use axum::routing;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    const LONG: Duration = Duration::from_secs(10);

    fn app() -> Router {
        Router::new()
            .route("/", routing::get(|| async { "ok" }))
            .route(
                "/endless",
                routing::get(|| async {
                    let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
                    let chunks = std::iter::repeat_with(move || Ok::<_, Infallible>(chunk.clone()));
                    Body::from_stream(tokio_stream::iter(chunks))
                }),
            )
    }

    fn limits() -> Limits {
        Limits {
            header: Duration::from_millis(200),
            idle: Duration::from_millis(200),
            connections: 64,
        }
    }

    /// A listener whose first `fails` accepts fail as when the process is out of descriptors.
    struct Exhausted {
        inner: tokio::net::TcpListener,
        fails: AtomicUsize,
    }

    impl Accept for Exhausted {
        async fn accept(&self) -> io::Result<TcpStream> {
            if self
                .fails
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                return Err(io::Error::from_raw_os_error(libc::EMFILE));
            }
            Accept::accept(&self.inner).await
        }
    }

    async fn listen() -> (tokio::net::TcpListener, std::net::SocketAddr) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        (listener, addr)
    }

    /// One `GET /` with `Connection: close`: the whole answer.
    async fn get(addr: std::net::SocketAddr) -> String {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut out = String::new();
        tokio::time::timeout(LONG, s.read_to_string(&mut out))
            .await
            .expect("an answer in time")
            .unwrap();
        out
    }

    /// Reads until the peer closes; panics if it does not within `LONG` or `most` bytes.
    async fn closed_by_server(s: &mut TcpStream, most: usize) {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0;
        let read_all = async {
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => total += n,
                }
                assert!(total <= most, "still sending after {total} bytes");
            }
        };
        tokio::time::timeout(LONG, read_all)
            .await
            .expect("the server closes the connection");
    }

    #[test]
    fn the_cap_follows_the_descriptor_limit() {
        assert_eq!(connection_cap(Some(1024)), 480);
        assert_eq!(connection_cap(Some(128)), 32);
        assert_eq!(connection_cap(Some(10)), 4);
        assert_eq!(connection_cap(Some(1 << 20)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(None), MAX_CONNECTIONS);
    }

    #[tokio::test]
    async fn failed_accepts_are_retried() {
        let (inner, addr) = listen().await;
        let listener = Exhausted {
            inner,
            fails: AtomicUsize::new(5),
        };
        tokio::spawn(serve(listener, app(), limits()));
        assert!(get(addr).await.starts_with("HTTP/1.1 200"));
    }

    #[tokio::test]
    async fn silent_and_idle_connections_are_closed() {
        let (listener, addr) = listen().await;
        tokio::spawn(serve(listener, app(), limits()));
        let mut silent = TcpStream::connect(addr).await.unwrap();
        let mut half = TcpStream::connect(addr).await.unwrap();
        half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let mut kept = TcpStream::connect(addr).await.unwrap();
        kept.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        closed_by_server(&mut silent, 0).await;
        closed_by_server(&mut half, 1024).await;
        closed_by_server(&mut kept, 1024).await;
    }

    #[tokio::test]
    async fn a_download_the_client_stopped_reading_is_closed() {
        let (listener, addr) = listen().await;
        tokio::spawn(serve(listener, app(), limits()));
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        // Not reading: the socket's buffers fill, then nothing moves.
        tokio::time::sleep(Duration::from_secs(2)).await;
        closed_by_server(&mut s, 256 * 1024 * 1024).await;
    }

    #[tokio::test]
    async fn at_the_cap_the_longest_waiting_connection_makes_room() {
        let (listener, addr) = listen().await;
        let limits = Limits {
            header: LONG * 6,
            idle: LONG * 6,
            connections: 4,
        };
        tokio::spawn(serve(listener, app(), limits));
        let mut silent = Vec::new();
        for _ in 0..20 {
            silent.push(TcpStream::connect(addr).await.unwrap());
        }
        assert!(get(addr).await.starts_with("HTTP/1.1 200"));
        closed_by_server(&mut silent[0], 0).await;
    }
}
