//! The live-reload protocol: the JSON messages sent on `/__yomu/ws`, and the
//! small client script injected into every served HTML page.

use crate::diagnostics::{Diagnostic, Severity};
use serde::Serialize;

/// The websocket endpoint the injected script connects to.
pub const WS_PATH: &str = "/__yomu/ws";

/// One message to every open page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// Reload. `paths` (URL paths, decoded) limits it to the pages whose HTML
    /// changed; absent, every page reloads (a shared asset changed).
    Reload {
        #[serde(skip_serializing_if = "Option::is_none")]
        paths: Option<Vec<String>>,
    },
    /// Only these stylesheets changed: swap them in place, no reload.
    Css { paths: Vec<String> },
    /// The last build failed: show these over the page.
    Error { diagnostics: Vec<Shown> },
    /// The build is good again: remove the overlay.
    Ok,
}

impl Message {
    pub fn to_json(&self) -> String {
        // Serializing plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"type":"reload"}"#.into())
    }

    pub fn error(diagnostics: &[Diagnostic]) -> Message {
        Message::Error {
            diagnostics: diagnostics.iter().map(Shown::from).collect(),
        }
    }
}

/// A diagnostic as the overlay shows it: the rustc-style text, plus where.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub severity: Severity,
    pub rendered: String,
    pub file: Option<String>,
    pub line: u32,
    pub col: u32,
}

impl From<&Diagnostic> for Shown {
    fn from(d: &Diagnostic) -> Shown {
        Shown {
            severity: d.severity,
            rendered: d.to_string(),
            file: d.file.as_ref().map(|f| f.display().to_string()),
            line: d.line,
            col: d.col,
        }
    }
}

/// Inserts the client script before the last `</body>` (or at the end when
/// a page has none, e.g. a bare redirect page).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = CLIENT_TAG.as_bytes();
    let at = rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// The client. Kept dependency-free and small; every piece of server text
/// goes through `textContent`, so diagnostics can never inject markup.
const CLIENT_TAG: &str = r##"<script id="yomu-live-reload">
(() => {
  const here = decodeURI(location.pathname);
  const key = "yomu:scroll:" + here;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    restore();
    addEventListener("load", restore);
  }
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
  const swapCss = (paths) => {
    const links = [...document.querySelectorAll('link[rel="stylesheet"]')];
    const path = (link) => decodeURI(new URL(link.href).pathname);
    const hit = links.filter((link) => paths.includes(path(link)));
    for (const old of hit.length ? hit : links) {
      const url = new URL(old.href);
      url.searchParams.set("yomu", String(Date.now()));
      const fresh = old.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = () => old.remove();
      old.after(fresh);
    }
  };
  const hideOverlay = () => document.getElementById("yomu-overlay")?.remove();
  const showOverlay = (diagnostics) => {
    hideOverlay();
    const box = document.createElement("div");
    box.id = "yomu-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,24,.94);color:#f4f4f5;padding:2rem;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    const title = document.createElement("h2");
    title.style.cssText = "margin:0 0 1rem;font:bold 16px sans-serif;color:#fca5a5";
    // Not "the last good build": the first build may be the one failing.
    title.textContent = "yomu: the build failed. This page updates when the errors " +
      "below are fixed; until then it shows the last build that worked, if any.";
    box.append(title);
    for (const d of diagnostics) {
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:.75rem;" +
        "border-left:4px solid " + (d.severity === "error" ? "#f87171" : "#facc15") +
        ";background:rgba(255,255,255,.05)";
      pre.textContent = d.rendered;
      box.append(pre);
    }
    document.body.append(box);
  };
  let delay = 200;
  let connected = false;
  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/__yomu/ws");
    ws.onopen = () => {
      // A reconnect means the server restarted: the site may have changed.
      if (connected) reload();
      connected = true;
      delay = 200;
    };
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "reload" && (!msg.paths || msg.paths.includes(here))) reload();
      else if (msg.type === "css") swapCss(msg.paths);
      else if (msg.type === "error") showOverlay(msg.diagnostics);
      else if (msg.type === "ok") hideOverlay();
    };
    ws.onclose = () => {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  connect();
})();
</script>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_close() {
        let out = inject(b"<html><body><p>x</p></BODY></html>");
        let text = String::from_utf8_lossy(&out);
        let script = text.find("yomu-live-reload").expect("script");
        assert!(script < text.find("</BODY>").expect("body close"));
        assert!(String::from_utf8_lossy(&inject(b"plain")).starts_with("plain<script"));
    }

    #[test]
    fn messages_are_tagged_json() {
        assert_eq!(
            Message::Reload { paths: None }.to_json(),
            r#"{"type":"reload"}"#
        );
        let d = Diagnostic::error("container", "unclosed `:::tip`")
            .in_file("content/en-US/a.md")
            .at(3, 1);
        let json = Message::error(&[d]).to_json();
        assert!(json.contains(r#""type":"error""#), "{json}");
        assert!(json.contains(r#""line":3"#), "{json}");
        assert!(json.contains("content/en-US/a.md:3:1"), "{json}");
    }
}
