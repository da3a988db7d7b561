//! Binding and the accept loop. axum's own `serve` has neither a header
//! timeout nor a connection limit, so connections are driven here with
//! hyper directly: a client that never finishes its request header is
//! dropped after [`HttpOptions::header_timeout`], and at most
//! [`HttpOptions::max_connections`] connections (websockets included) are
//! open at once; past that, new clients wait in the kernel's backlog until
//! one closes.

use super::guard::{self, HostPolicy};
use super::server::{self, App};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::io;
use std::net::{IpAddr, TcpListener};
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// How many ports past the requested one to try when it is taken.
const PORT_TRIES: u16 = 100;

/// How long shutdown waits for open connections (websockets send their
/// close frames) before it drops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// After a failed accept (out of file descriptors, say), wait before the
/// next one instead of spinning.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Who may connect and for how long.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Host names (`--allowed-host`) accepted besides localhost and the
    /// bound address.
    pub allowed_hosts: Vec<String>,
    /// A connection that has not sent a whole request header this long
    /// after connecting, or after its last response, is closed.
    pub header_timeout: Duration,
    /// Connections open at once, websockets included.
    pub max_connections: u32,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            allowed_hosts: Vec::new(),
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Binds `port`, or the next free one after it when it is taken.
pub(super) fn bind(ip: IpAddr, port: u16) -> io::Result<TcpListener> {
    if port == 0 {
        return TcpListener::bind((ip, 0));
    }
    let mut last = None;
    for candidate in port..=port.saturating_add(PORT_TRIES) {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(err) if err.kind() == io::ErrorKind::AddrInUse => last = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AddrInUse)))
}

/// Serves `app` on `listener` until `app.shutdown` flips, then lets open
/// connections finish (for up to [`SHUTDOWN_GRACE`]).
pub(super) async fn serve(listener: TcpListener, app: App, options: HttpOptions) {
    let mut stop = app.shutdown.clone();
    let (bound, listener) = match tokio_listener(listener) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot serve: {err}");
            return;
        }
    };
    let policy = Arc::new(HostPolicy::new(bound, &options.allowed_hosts));
    let router =
        server::router(app).layer(axum::middleware::from_fn_with_state(policy, guard::check));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout);
    let slots = Arc::new(Semaphore::new(options.max_connections as usize));
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        match accepted {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                let stream = Slotted {
                    stream,
                    _slot: slot,
                };
                let service = TowerToHyperService::new(router.clone());
                tokio::spawn(connection(stream, service, http.clone(), stop.clone()));
            }
            Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
        }
    }
    drop(listener);
    // Every open connection holds a slot; all slots back means all closed.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(options.max_connections)).await;
}

fn tokio_listener(listener: TcpListener) -> io::Result<(IpAddr, tokio::net::TcpListener)> {
    let bound = listener.local_addr()?.ip();
    Ok((bound, tokio::net::TcpListener::from_std(listener)?))
}

async fn connection(
    stream: Slotted,
    service: TowerToHyperService<axum::Router>,
    http: hyper::server::conn::http1::Builder,
    mut stop: watch::Receiver<bool>,
) {
    let mut conn = pin!(http
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades());
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stop.wait_for(|stop| *stop) => {}
    }
    // Finish the response in flight, then close; upgraded websockets
    // close themselves on the same signal.
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// A connection holding its slot: the slot is freed when the stream is
/// dropped, which for a websocket is when the socket closes, since hyper
/// hands this stream over to the upgraded connection.
struct Slotted {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
}

impl AsyncRead for Slotted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Slotted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
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
