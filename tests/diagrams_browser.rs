//! The bundled Misskey page's diagram in real Chromium, in both languages
//! and both colour schemes: a screenshot of each under
//! `target/screenshots/`, and checks that every label's text lies inside
//! its node's box and that text and fills contrast in each scheme.
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

use headless_chrome::protocol::cdp::Emulation::{MediaFeature, SetEmulatedMedia};
use headless_chrome::protocol::cdp::Page::{CaptureScreenshotFormatOption, Viewport};
use headless_chrome::{Browser, LaunchOptions};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use yomu::build::{build_site, BuildOptions};
use yomu::output::Output;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("YOMU_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Serves the built site on 127.0.0.1 from memory, for a bounded number
/// of requests; returns the base URL.
fn serve(output: Output) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}/", listener.local_addr().expect("address"));
    let output = Arc::new(output);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(500) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut request_line = String::new();
            let mut reader = BufReader::new(match stream.try_clone() {
                Ok(s) => s,
                Err(_) => continue,
            });
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let path = path
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .trim_start_matches('/');
            let path = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            let (status, body) = match output.get(&path) {
                Some(body) => ("200 OK", body),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let kind = match path.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// Measures the page's first diagram: for each node, its shape's box and
/// its label text's box (from the text itself, not its container); the
/// computed colours of node text and fill.
const MEASURE: &str = r#"(() => {
  const svg = document.querySelector('figure.diagram svg');
  const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const textBox = el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) return null;
    return {
      left: Math.min(...rects.map(r => r.left)), top: Math.min(...rects.map(r => r.top)),
      right: Math.max(...rects.map(r => r.right)), bottom: Math.max(...rects.map(r => r.bottom)),
    };
  };
  const nodes = [...svg.querySelectorAll('g.node')].map(node => {
    const shape = node.querySelector('.label-container, rect, polygon, circle, ellipse, path');
    const texts = [...node.querySelectorAll('.nodeLabel, text')]
      .filter(t => t.textContent.trim())
      .map(t => ({text: t.textContent.trim(), box: textBox(t)}));
    const label = node.querySelector('.nodeLabel, text');
    return {
      id: node.id,
      shape: box(shape.getBoundingClientRect()),
      texts,
      fill: getComputedStyle(shape).fill,
      color: label ? getComputedStyle(label).color : null,
    };
  });
  const edgeLabels = [...svg.querySelectorAll('.edgeLabel')]
    .filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent.trim(), box: textBox(t)}));
  return JSON.stringify({
    role: svg.getAttribute('role'),
    label: svg.getAttribute('aria-label'),
    svg: box(svg.getBoundingClientRect()),
    background: getComputedStyle(document.body).backgroundColor,
    nodes, edgeLabels,
  });
})()"#;

/// The diagram's box in page coordinates, 8px wider on each side.
const CLIP: &str = "(() => { const e = document.querySelector('figure.diagram svg'); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); \
    return JSON.stringify([r.left + scrollX - 8, r.top + scrollY - 8, r.width + 16, r.height + 16]); })()";

#[test]
fn bundled_diagram_in_chromium() {
    let Some(chromium) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but Chromium is not installed (apt-get install chromium chromium-driver)");
        }
        println!("skipping the browser test: Chromium is not installed (and CI is unset)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = build_site(root, &BuildOptions::default());
    let base = serve(built.output.expect("the bundled site builds"));

    let profile = tempfile::tempdir().expect("profile dir");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 1000)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("launch Chromium");
    let tab = browser.new_tab().expect("tab");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots dir");

    for (lang, labels) in [
        ("ja", ["利用者", "サービスを提供", "ソフトウェアを使用"]),
        ("en", ["Users", "provide the service", "use the software"]),
    ] {
        for scheme in ["light", "dark"] {
            tab.call_method(SetEmulatedMedia {
                media: None,
                features: Some(vec![MediaFeature {
                    name: "prefers-color-scheme".into(),
                    value: scheme.into(),
                }]),
            })
            .expect("emulate colour scheme");
            let url = format!("{base}{lang}/docs/misskey-and-misskey-servers/");
            tab.navigate_to(&url).expect("navigate");
            tab.wait_until_navigated().expect("page loads");
            tab.wait_for_element("figure.diagram svg")
                .expect("a diagram");
            // The diagram's box in page coordinates, with a small margin.
            let rect = tab
                .evaluate(CLIP, false)
                .expect("diagram box")
                .value
                .and_then(|v| v.as_str().map(str::to_string))
                .expect("a string");
            let rect: Vec<f64> = serde_json::from_str(&rect).expect("json");
            let clip = Viewport {
                x: rect[0].max(0.0),
                y: rect[1].max(0.0),
                width: rect[2],
                height: rect[3],
                scale: 1.0,
            };
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, Some(clip), true)
                .expect("screenshot");
            let file = shots.join(format!("diagram-{lang}-{scheme}.png"));
            std::fs::write(&file, png).expect("write screenshot");

            let result = tab.evaluate(MEASURE, false).expect("measure");
            let json = result.value.expect("a value");
            let m: serde_json::Value =
                serde_json::from_str(json.as_str().expect("a string")).expect("json");
            let at = format!("{lang}/{scheme}");
            check(&m, &at, &labels, scheme == "dark");
            println!("{at}: {} ok", file.display());
        }
    }
}

fn rect(v: &serde_json::Value) -> [f64; 4] {
    ["left", "top", "right", "bottom"].map(|k| v[k].as_f64().unwrap_or(f64::NAN))
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    const SLACK: f64 = 0.5;
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

fn check(m: &serde_json::Value, at: &str, labels: &[&str], dark: bool) {
    assert_eq!(m["role"], "img", "{at}");
    assert!(
        m["label"].as_str().is_some_and(|l| !l.is_empty()),
        "{at}: no accessible name"
    );
    let nodes = m["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 3, "{at}: {m}");
    let svg = rect(&m["svg"]);
    let background = luminance(m["background"].as_str().unwrap_or(""));
    for node in nodes {
        let shape = rect(&node["shape"]);
        let texts = node["texts"].as_array().expect("texts");
        assert!(!texts.is_empty(), "{at}: {node}");
        for t in texts {
            let text = rect(&t["box"]);
            assert!(
                inside(text, shape),
                "{at}: text {} {text:?} overflows its node {shape:?}",
                t["text"]
            );
        }
        assert!(
            inside(shape, svg),
            "{at}: node {shape:?} outside the svg {svg:?}"
        );
        let fill = luminance(node["fill"].as_str().unwrap_or(""));
        let color = luminance(node["color"].as_str().unwrap_or(""));
        assert!(contrast(fill, color) >= 4.5, "{at}: text on fill: {node}");
        assert_eq!(fill < 0.2, dark, "{at}: fill follows the scheme: {node}");
        assert_eq!(background < 0.2, dark, "{at}: page background");
    }
    let edge_labels = m["edgeLabels"].as_array().expect("edge labels");
    for e in edge_labels {
        assert!(
            inside(rect(&e["box"]), svg),
            "{at}: edge label outside the svg: {e}"
        );
    }
    let all: String = nodes
        .iter()
        .flat_map(|n| n["texts"].as_array().into_iter().flatten())
        .chain(edge_labels)
        .map(|t| t["text"].as_str().unwrap_or("").to_string())
        .collect();
    for label in labels {
        assert!(all.contains(label), "{at}: no {label} in {all}");
    }
}

/// Relative luminance of a computed colour: `rgb(r, g, b)`,
/// `rgba(…)` or `color(srgb r g b)`.
fn luminance(css: &str) -> f64 {
    let inner = css
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a colour: {css}"));
    let srgb = inner.starts_with("srgb");
    let parts: Vec<f64> = inner
        .trim_start_matches("srgb")
        .split([',', ' ', '/'])
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    assert!(parts.len() >= 3, "not a colour: {css}");
    let channel = |v: f64| {
        let c = if srgb { v } else { v / 255.0 };
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(parts[0]) + 0.7152 * channel(parts[1]) + 0.0722 * channel(parts[2])
}

fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}
