//! A tiny static file server over a built output folder, as a host would
//! serve it: on 127.0.0.1, port 0, in background threads, with the folder
//! mounted under a prefix (`/` or `/sub/`). `dir/` serves `dir/index.html`,
//! `dir` (a folder) redirects to `dir/`, anything else is a 404 with the
//! folder's `404.html` when there is one.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct StaticServer {
    addr: SocketAddr,
    prefix: String,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` under `prefix`, which starts and ends with `/`.
    pub fn start(root: &Path, prefix: &str) -> StaticServer {
        assert!(
            prefix.starts_with('/') && prefix.ends_with('/'),
            "prefix {prefix}"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("address");
        let stop = Arc::new(AtomicBool::new(false));
        let root = Arc::new(root.to_path_buf());
        let mount = Arc::new(prefix.to_string());
        let stopping = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, mount) = (Arc::clone(&root), Arc::clone(&mount));
                std::thread::spawn(move || handle(stream, &root, &mount));
            }
        });
        StaticServer {
            addr,
            prefix: prefix.to_string(),
            stop,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no slash).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The mounted site's URL: `http://127.0.0.1:PORT/sub/`.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin(), self.prefix)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Serves requests on one connection (keep-alive) until it closes.
fn handle(stream: TcpStream, root: &Path, prefix: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).map_or(true, |n| n == 0) {
            return;
        }
        let mut close = false;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(n) if n > 2 => {
                    let lower = line.to_ascii_lowercase();
                    if lower.starts_with("connection:") && lower.contains("close") {
                        close = true;
                    }
                }
                Ok(_) => break,
                Err(_) => return,
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let (status, headers, body) = respond(root, prefix, target);
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\n{}",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
        if method != "HEAD" && writer.write_all(&body).is_err() {
            return;
        }
        if close {
            return;
        }
    }
}

type Response = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

fn respond(root: &Path, prefix: &str, target: &str) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(rel) = path.strip_prefix(prefix) else {
        return not_found(root);
    };
    let decoded = percent_encoding::percent_decode_str(rel).decode_utf8_lossy();
    let rel_path = Path::new(decoded.as_ref());
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return not_found(root);
    }
    let mut file: PathBuf = root.join(rel_path);
    if file.is_dir() {
        if !decoded.is_empty() && !decoded.ends_with('/') {
            return (
                "301 Moved Permanently",
                vec![("Location", format!("{path}/"))],
                Vec::new(),
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => (
            "200 OK",
            vec![("Content-Type", content_type(&file).to_string())],
            body,
        ),
        Err(_) => not_found(root),
    }
}

fn not_found(root: &Path) -> Response {
    let page = root.join("404.html");
    match std::fs::read(&page) {
        Ok(body) => (
            "404 Not Found",
            vec![("Content-Type", content_type(&page).to_string())],
            body,
        ),
        Err(_) => (
            "404 Not Found",
            vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
            b"not found".to_vec(),
        ),
    }
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Builds the site folder `site` with the `yomu` binary into a new
/// temporary folder (`yomu build --site SITE --out TEMP/public`) and
/// returns the temporary folder; the output is `TEMP/public`.
pub fn build_with_binary(site: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yomu"))
        .arg("build")
        .arg("--site")
        .arg(site)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run yomu build");
    assert!(
        run.status.success() && out.is_dir(),
        "yomu build failed ({}):\n{}{}",
        run.status,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    dir
}

/// The repository's own site, built with the binary.
pub fn build_bundled_site() -> tempfile::TempDir {
    build_with_binary(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// Every `.html` file under `root`, as paths relative to it with `/`
/// separators, sorted.
pub fn html_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// The URL path of an output file under `prefix`: `ja/index.html` →
/// `/sub/ja/`, `404.html` → `/sub/404.html`.
pub fn url_path(prefix: &str, file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{prefix}{dir}"),
        _ => format!("{prefix}{file}"),
    }
}
