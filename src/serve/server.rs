//! The HTTP side: serves the built `Output` from memory and the reload
//! websocket. A request path is only ever a key into the output map, so no
//! request can reach the file system.

use super::reload::{self, Message, WS_PATH};
use super::state::{Served, State};
use axum::body::Body;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State as Shared;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use percent_encoding::percent_decode_str;
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

#[derive(Clone)]
pub struct App {
    pub state: Arc<State>,
    /// Flips to `true` on shutdown, so websocket sessions close themselves.
    pub shutdown: watch::Receiver<bool>,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route(WS_PATH, get(websocket))
        .fallback(page)
        .with_state(app)
}

/// What a request path names in the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// `/x` where `x/index.html` exists: send the browser to `/x/`, so the
    /// page's relative links resolve.
    AddSlash,
    Missing,
}

/// Maps a raw (still percent-encoded) request path to an output key.
/// Anything that could name something outside the output (`..`, `.`,
/// backslashes, NUL, `//`, invalid UTF-8) is `Missing`.
pub fn lookup(site: &Served, raw_path: &str) -> Lookup {
    let Ok(path) = percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::Missing;
    };
    if path.contains(['\\', '\0']) || raw_path.contains('\\') {
        return Lookup::Missing;
    }
    let Some(rest) = path.strip_prefix(site.base_path.as_str()) else {
        return Lookup::Missing;
    };
    let (dir, file) = match rest.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, rest),
    };
    let bad_segment = |seg: &str| seg.is_empty() || seg == "." || seg == "..";
    if dir.is_some_and(|dir| dir.split('/').any(bad_segment)) || file == "." || file == ".." {
        return Lookup::Missing;
    }
    let key = if file.is_empty() {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    let page = format!("{rest}.html");
    if site.output.files.contains_key(&key)
        || site.search.as_ref().is_some_and(|s| s.file(&key).is_some())
    {
        Lookup::File(key)
    } else if !file.is_empty() && site.output.files.contains_key(&page) {
        // A page without a trailing slash (`trailing_slash: false`).
        Lookup::File(page)
    } else if !file.is_empty()
        && site
            .output
            .files
            .contains_key(&format!("{rest}/index.html"))
    {
        Lookup::AddSlash
    } else {
        Lookup::Missing
    }
}

/// The `Content-Type` for an output path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("wasm") => "application/wasm",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

async fn page(Shared(app): Shared<App>, uri: Uri) -> Response {
    let site = app.state.site();
    match lookup(&site, uri.path()) {
        Lookup::File(key) => file_response(&site, &key, StatusCode::OK),
        Lookup::AddSlash => {
            let mut location = format!("{}/", uri.path());
            if let Some(query) = uri.query() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            no_store(response)
        }
        Lookup::Missing => not_found(&site, uri.path()),
    }
}

/// The site's own 404 page: the language's (`en/404.html`) when the path
/// is under a language prefix, else the root one; a plain page otherwise.
fn not_found(site: &Served, raw_path: &str) -> Response {
    let decoded = percent_decode_str(raw_path).decode_utf8_lossy();
    let rest = decoded
        .strip_prefix(site.base_path.as_str())
        .unwrap_or_default();
    let first = rest.split('/').next().unwrap_or_default();
    let language_page = format!("{first}/404.html");
    let candidates = [language_page.as_str(), "404.html"];
    let found = candidates
        .into_iter()
        .filter(|c| !first.is_empty() || *c == "404.html")
        .find(|c| !c.contains(['\\', '\0']) && site.output.files.contains_key(*c));
    match found {
        Some(key) => file_response(site, key, StatusCode::NOT_FOUND),
        None => {
            let html = b"<!doctype html><meta charset=\"utf-8\"><title>404 Not Found</title>\
                <body><h1>404 Not Found</h1><p>No page at this address.</p></body>";
            respond(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                Bytes::from(reload::inject(html)),
            )
        }
    }
}

fn file_response(site: &Served, key: &str, status: StatusCode) -> Response {
    let Some(chunks) = site.file(key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        Bytes::from(reload::inject(&chunks.concat()))
    } else if let [single] = chunks.as_slice() {
        single.clone()
    } else {
        Bytes::from(chunks.concat())
    };
    respond(status, kind, body)
}

fn respond(status: StatusCode, kind: &'static str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    no_store(response)
}

/// A preview must never be cached: the next save changes it.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn websocket(Shared(app): Shared<App>, upgrade: WebSocketUpgrade) -> Response {
    // Subscribe before the handshake completes, so a client that edits a
    // file right after connecting cannot miss the message.
    let events = app.state.subscribe();
    upgrade.on_upgrade(move |socket| session(socket, app, events))
}

async fn session(mut socket: WebSocket, app: App, mut events: broadcast::Receiver<String>) {
    let mut shutdown = app.shutdown.clone();
    if *shutdown.borrow_and_update() {
        return;
    }
    if let Some(error) = app.state.current_error() {
        if socket.send(WsMessage::Text(error.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            event = events.recv() => {
                let json = match event {
                    Ok(json) => json,
                    // Missed messages: a reload catches the page up.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Message::Reload { paths: None }.to_json()
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if socket.send(WsMessage::Text(json.into())).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(WsMessage::Close(_))) => return,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => break,
        }
    }
    let _ = socket.send(WsMessage::Close(None)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str, paths: &[&str]) -> Served {
        let mut served = Served {
            base_path: base_path.into(),
            ..Default::default()
        };
        for path in paths {
            served
                .output
                .insert(path.to_string(), vec![Bytes::from_static(b"x")]);
        }
        served
    }

    #[test]
    fn maps_paths_to_output_keys_only() {
        let s = site("/", &["index.html", "en/a/index.html", "style.css"]);
        assert_eq!(lookup(&s, "/"), Lookup::File("index.html".into()));
        assert_eq!(lookup(&s, "/en/a/"), Lookup::File("en/a/index.html".into()));
        assert_eq!(lookup(&s, "/en/a"), Lookup::AddSlash);
        assert_eq!(lookup(&s, "/style.css"), Lookup::File("style.css".into()));
        for bad in [
            "/../style.css",
            "/en/../style.css",
            "/%2e%2e%2fstyle.css",
            "/en/%2E%2E/style.css",
            "/en\\..\\style.css",
            "/en%5c..%5cstyle.css",
            "//style.css",
            "/./style.css",
            "/style.css%00",
            "/%ff",
            "/en/a/..",
        ] {
            assert_eq!(lookup(&s, bad), Lookup::Missing, "{bad}");
        }
    }

    #[test]
    fn honours_the_deploy_subpath() {
        let s = site("/docs/", &["index.html"]);
        assert_eq!(lookup(&s, "/docs/"), Lookup::File("index.html".into()));
        assert_eq!(lookup(&s, "/index.html"), Lookup::Missing);
    }

    #[test]
    fn knows_the_usual_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
