//! Helpers for the `yomu serve` tests: a copy of the bundled site, an
//! in-process server on port 0 and a websocket client (the HTTP client is
//! `common::http`).
#![allow(dead_code)] // each test binary uses its own subset

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use yomu::build::BuildOptions;
use yomu::serve::{HttpOptions, ServeOptions, Server};

pub type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>;

/// The repository's own site (site.yaml and its input folders) copied
/// into a temporary folder the test may edit.
pub fn copy_bundled_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    for folder in ["content", "locales", "themes", "static", "glossary"] {
        copy_tree(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("under the folder");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn start(root: &Path) -> Server {
    Server::start(ServeOptions {
        root: root.to_path_buf(),
        build: BuildOptions::default(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        http: HttpOptions::default(),
        report: Box::new(|_| {}),
        cache_mb: yomu::serve::DEFAULT_CACHE_MB,
    })
    .expect("start the server")
}

pub fn connect(addr: SocketAddr) -> Socket {
    let (socket, _) =
        tungstenite::connect(format!("ws://{addr}/__yomu/ws")).expect("websocket connects");
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
    }
    socket
}

/// The next JSON message whose `type` is `kind`, skipping others, within
/// `timeout`.
pub fn wait_for(socket: &mut Socket, kind: &str, timeout: Duration) -> Option<serde_json::Value> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        match socket.read() {
            Ok(tungstenite::Message::Text(text)) => {
                let value: serde_json::Value = serde_json::from_str(&text).expect("JSON message");
                if value["type"] == kind {
                    return Some(value);
                }
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Polls `check` until it holds or `timeout` passes.
pub fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    check()
}

/// Lets the watcher settle in (inotify watches are set up by then, and the
/// copy's own events are long debounced).
pub fn settle() {
    std::thread::sleep(Duration::from_millis(300));
}

pub fn path_in(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}

/// Starts the `yomu serve ARGS` binary on the site folder `site`; returns
/// the child and its stdout lines up to the `serving at` one.
pub fn serve_binary(site: &Path, args: &[&str]) -> (std::process::Child, Vec<String>) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_yomu"))
        .arg("--site")
        .arg(site)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start yomu serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) {
        let done = line.starts_with("serving at ");
        lines.push(line);
        if done {
            return (child, lines);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no `serving at` line; stdout so far: {lines:?}");
}
