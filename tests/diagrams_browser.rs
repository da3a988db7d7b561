//! The bundled Misskey page's diagram in real Chromium, in both languages
//! and both colour schemes: a screenshot of each under
//! `target/screenshots/`, and checks that every label's text lies inside
//! its node's box and that text and fills contrast in each scheme.
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

mod common;

use common::browser::{color_scheme, contrast, launch, luminance, require_chromium};
use common::static_server::{build_bundled_site, StaticServer};
use headless_chrome::protocol::cdp::Page::{CaptureScreenshotFormatOption, Viewport};

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
    let Some(chromium) = require_chromium() else {
        return;
    };
    let built = build_bundled_site();
    let server = StaticServer::start(&built.path().join("public"), "/");
    let base = server.url();

    let session = launch(&chromium, 1280, 1000);
    let tab = &session.tab;
    let shots = common::browser::screenshots_dir();

    for (lang, labels) in [
        ("ja", ["利用者", "サービスを提供", "ソフトウェアを使用"]),
        ("en", ["Users", "provide the service", "use the software"]),
    ] {
        for scheme in ["light", "dark"] {
            color_scheme(tab, scheme);
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
