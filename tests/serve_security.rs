//! `yomu serve` refuses what a hostile web page or client could send: a
//! foreign `Host` (DNS rebinding) or websocket `Origin`, methods other
//! than GET and HEAD; and it bounds what a client can hold: a header that
//! never ends is cut off, and connections beyond the cap wait. All
//! traffic stays on loopback, even when the server binds 0.0.0.0.

mod common;
mod serve_support;

use common::http::{send, Response};
use common::Fixture;
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use yomu::build::BuildOptions;
use yomu::serve::{HttpOptions, ServeOptions, Server};

fn site() -> Fixture {
    let site = Fixture::new();
    site.write("content/ja-JP/index.md", "---\ntitle: ホーム\n---\n本文\n")
        .write("content/en-US/index.md", "---\ntitle: Home\n---\nBody\n");
    site
}

fn start(site: &Fixture, bind: IpAddr, http: HttpOptions) -> Server {
    Server::start(ServeOptions {
        root: site.root().to_path_buf(),
        build: BuildOptions::default(),
        bind,
        port: 0,
        http,
        cache_mb: yomu::serve::DEFAULT_CACHE_MB,
        report: Box::new(|_| {}),
    })
    .expect("start the server")
}

fn loopback() -> IpAddr {
    [127, 0, 0, 1].into()
}

/// The server's address as a loopback client reaches it.
fn local(server: &Server) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], server.addr().port()))
}

fn request(addr: SocketAddr, method: &str, host: &str) -> Response {
    send(
        addr,
        &format!("{method} /ja/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .unwrap_or_else(|e| panic!("{method} with Host {host}: {e}"))
}

fn assert_refused_host(response: &Response, host: &str) {
    assert_eq!(response.status, 403, "Host {host}");
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(
        response.text().contains("--allowed-host"),
        "the refusal says how to allow a host: {}",
        response.text()
    );
}

#[test]
fn only_local_hosts_are_answered() {
    let site = site();
    let server = start(&site, loopback(), HttpOptions::default());
    let addr = local(&server);
    let port = addr.port();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        let response = request(addr, "GET", &host);
        assert_eq!(response.status, 200, "Host {host}");
        let page = scraper::Html::parse_document(&response.text());
        let title = scraper::Selector::parse("title").expect("selector");
        assert!(
            page.select(&title).next().is_some(),
            "Host {host} serves the page"
        );
    }
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        "10.1.2.3".to_string(),
    ] {
        assert_refused_host(&request(addr, "GET", &host), &host);
    }
    // An absolute-form target names the host instead of the header.
    let absolute = send(
        addr,
        "GET http://evil.example/ja/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .expect("absolute-form request");
    assert_refused_host(&absolute, "absolute-form");
    let hostless = send(addr, "GET /ja/ HTTP/1.0\r\n\r\n").expect("HTTP/1.0 request");
    assert_refused_host(&hostless, "none");
    server.stop();
}

#[test]
fn only_get_and_head_are_served() {
    let site = site();
    let server = start(&site, loopback(), HttpOptions::default());
    let addr = local(&server);
    for method in ["POST", "PUT", "DELETE", "TRACE", "PATCH", "OPTIONS"] {
        let response = request(addr, method, "localhost");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = request(addr, "HEAD", "localhost");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    // The host check comes first: a foreign page learns nothing more.
    assert_eq!(request(addr, "POST", "evil.example").status, 403);
    server.stop();
}

/// Opens the reload websocket with `origin` (none when `None`): the
/// handshake's HTTP status.
fn websocket_status(addr: SocketAddr, origin: Option<&str>) -> u16 {
    let mut handshake = format!("ws://{addr}/__yomu/ws")
        .into_client_request()
        .expect("request");
    if let Some(origin) = origin {
        handshake
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).expect("header"));
    }
    match tungstenite::connect(handshake) {
        Ok((mut socket, response)) => {
            let _ = socket.close(None);
            response.status().as_u16()
        }
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(err) => panic!("websocket with Origin {origin:?}: {err}"),
    }
}

#[test]
fn the_reload_socket_talks_only_to_local_pages() {
    let site = site();
    let server = start(&site, loopback(), HttpOptions::default());
    let addr = local(&server);
    let port = addr.port();
    for origin in [
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}"),
        format!("http://[::1]:{port}"),
    ] {
        assert_eq!(websocket_status(addr, Some(&origin)), 101, "{origin}");
    }
    // Non-browser clients send no Origin; browsers always do.
    assert_eq!(websocket_status(addr, None), 101);
    for origin in [
        "http://evil.example",
        &format!("http://evil.example:{port}"),
        "null",
        "file://",
    ] {
        assert_eq!(websocket_status(addr, Some(origin)), 403, "{origin}");
    }
    server.stop();
}

/// Whether the server closes `stream` within `within`.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).expect("read timeout");
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => true,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(e) => panic!("reading: {e}"),
    }
}

#[test]
fn a_header_that_never_ends_is_cut_off() {
    let site = site();
    let timeout = Duration::from_millis(300);
    let server = start(
        &site,
        loopback(),
        HttpOptions {
            header_timeout: timeout,
            ..HttpOptions::default()
        },
    );
    let addr = local(&server);
    let started = Instant::now();
    let mut half = TcpStream::connect(addr).expect("connect");
    half.write_all(b"GET /ja/ HTTP/1.1\r\nHost: local")
        .expect("half a header");
    let mut silent = TcpStream::connect(addr).expect("connect");
    assert!(
        closed_within(&mut half, Duration::from_secs(5)),
        "half a header is cut off"
    );
    assert!(
        started.elapsed() >= timeout,
        "not before the timeout: {:?}",
        started.elapsed()
    );
    assert!(
        closed_within(&mut silent, Duration::from_secs(5)),
        "a connection that says nothing is cut off too"
    );
    // A whole request is still answered.
    assert_eq!(request(addr, "GET", "localhost").status, 200);
    server.stop();
}

#[test]
fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let site = site();
    let cap = 4;
    let server = start(
        &site,
        loopback(),
        HttpOptions {
            max_connections: cap,
            ..HttpOptions::default()
        },
    );
    let addr = local(&server);
    let mut idle: Vec<TcpStream> = (0..cap)
        .map(|_| TcpStream::connect(addr).expect("connect"))
        .collect();
    let mut extra = TcpStream::connect(addr).expect("the kernel queues the extra one");
    extra
        .write_all(b"GET /ja/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("request");
    extra
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("read timeout");
    let mut first = [0u8; 12];
    let waiting = extra.read(&mut first);
    assert!(
        matches!(&waiting, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "the extra connection is not served while the cap is reached: {waiting:?}"
    );
    drop(idle.pop());
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("read timeout");
    extra
        .read_exact(&mut first)
        .expect("served once a slot is free");
    assert_eq!(&first, b"HTTP/1.1 200");
    server.stop();
}

#[test]
fn allowed_hosts_extend_a_server_bound_to_every_address() {
    let site = site();
    let server = start(
        &site,
        [0, 0, 0, 0].into(),
        HttpOptions {
            allowed_hosts: vec!["Docs.Example.Test".into()],
            ..HttpOptions::default()
        },
    );
    // Loopback traffic only, although the server listens everywhere.
    let addr = local(&server);
    let port = addr.port();
    for host in [
        format!("docs.example.test:{port}"),
        "docs.example.test".to_string(),
        format!("localhost:{port}"),
        // Any IP literal: the machine's addresses are not all known, and
        // a page whose origin is an IP was served by that address.
        format!("192.0.2.7:{port}"),
        format!("[2001:db8::7]:{port}"),
    ] {
        assert_eq!(request(addr, "GET", &host).status, 200, "Host {host}");
    }
    for host in [
        format!("other.example.test:{port}"),
        format!("docs.example.test.evil.example:{port}"),
    ] {
        assert_refused_host(&request(addr, "GET", &host), &host);
    }
    let origin = format!("http://docs.example.test:{port}");
    assert_eq!(websocket_status(addr, Some(&origin)), 101);
    assert_eq!(websocket_status(addr, Some("http://evil.example")), 403);
    server.stop();
}

#[test]
fn the_command_takes_allowed_hosts_and_refuses_urls() {
    let site = site();
    let yomu = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_yomu"));
        command.arg("--site").arg(site.root()).arg("serve");
        command
    };
    let refused = yomu()
        .args(["--port", "0", "--allowed-host", "http://docs.example.test"])
        .stdout(Stdio::null())
        .output()
        .expect("run yomu serve");
    assert_eq!(refused.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("is not a host name"), "{stderr}");

    let mut child = yomu()
        .args(["--port", "0", "--allowed-host", "docs.example.test"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yomu serve");
    let stdout = child.stdout.take().expect("stdout");
    let serving = std::io::BufRead::lines(std::io::BufReader::new(stdout))
        .map_while(Result::ok)
        .find(|line| line.starts_with("serving at "));
    let port: Option<u16> = serving.as_deref().and_then(|line| {
        line.trim_end_matches(" (Ctrl-C to stop)")
            .trim_end_matches('/')
            .rsplit(':')
            .next()?
            .parse()
            .ok()
    });
    let answers = port.map(|port| {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        // Not `request`: a panic here would leave the child running.
        let status = |host: &str| {
            let head = format!("GET /ja/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            send(addr, &head).ok().map(|response| response.status)
        };
        (
            status(&format!("docs.example.test:{port}")),
            status("other.example.test"),
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        answers,
        Some((Some(200), Some(403))),
        "serving line: {serving:?}"
    );
}
