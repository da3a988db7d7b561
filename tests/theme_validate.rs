//! The bundled site's HTML through the Nu HTML checker (vnu-jar, on Java)
//! and every page through axe-core in Chromium, in both languages and both
//! colour schemes.
//!
//! The tools come from npm, installed by `.ci/run` into `target/tools`
//! (`YOMU_TOOLS_DIR` overrides it):
//! `npm install --no-save --no-audit --no-fund --ignore-scripts --prefix target/tools
//! axe-core@4.14.1 vnu-jar@26.9.27`.
//! Each test skips, saying so, only when a tool it needs is missing and
//! `CI` is unset; with `CI` set a missing tool fails.

mod common;

use common::browser::{
    axe_js, color_scheme, eval, eval_async, java, launch, open, require, require_chromium,
    viewport, vnu_jar, TOOLS_INSTALL,
};
use common::static_server::{build_bundled_site, html_files, url_path, StaticServer};
use std::process::Command;

/// vnu reports 0 errors on every HTML file of the built bundled site.
#[test]
fn nu_html_checker_finds_no_errors() {
    let Some(java) = require(java(), "Java", "apt-get install -y default-jre-headless") else {
        return;
    };
    let Some(jar) = require(vnu_jar(), "vnu-jar", TOOLS_INSTALL) else {
        return;
    };
    let built = build_bundled_site();
    let public = built.path().join("public");
    let files = html_files(&public);
    assert!(files.len() >= 16, "the bundled site's pages: {files:?}");

    let run = Command::new(&java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(files.iter().map(|f| public.join(f)))
        .output()
        .expect("run vnu");
    // vnu writes its JSON report to stderr.
    let report = String::from_utf8_lossy(&run.stderr);
    let json: serde_json::Value = serde_json::from_str(&report)
        .unwrap_or_else(|e| panic!("vnu gave no JSON report ({e}):\n{report}"));
    let messages = json["messages"].as_array().expect("vnu messages");
    let prefix = format!("file:{}/", public.display());
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url.strip_prefix(&prefix).unwrap_or(url);
            format!(
                "{file}:{}:{}: {} {}\n    {}",
                m["lastLine"],
                m["firstColumn"]
                    .as_u64()
                    .or(m["lastColumn"].as_u64())
                    .unwrap_or(0),
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect();
    println!("vnu checked {} files", files.len());
    assert!(
        errors.is_empty(),
        "vnu found {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        run.status.success(),
        "vnu exited with {} and no error messages:\n{report}",
        run.status
    );
}

/// Runs axe on the current document; serious and critical violations.
const AXE_RUN: &str = r#"(async () => {
  try {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return JSON.stringify(r.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
          summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)}))})));
  } catch (e) {
    return JSON.stringify({error: String(e)});
  }
})()"#;

/// axe-core finds no serious or critical violation on any page of the
/// bundled site, in both languages and both colour schemes.
#[test]
fn axe_finds_no_serious_violations() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let Some(axe) = require(axe_js(), "axe-core", TOOLS_INSTALL) else {
        return;
    };
    let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
    let built = build_bundled_site();
    let public = built.path().join("public");
    let server = StaticServer::start(&public, "/");
    let pages: Vec<String> = html_files(&public)
        .into_iter()
        .map(|f| url_path("/", &f))
        .collect();
    for lang in ["/ja/", "/en/"] {
        assert!(
            pages.iter().filter(|p| p.starts_with(lang)).count() >= 8,
            "{lang} pages: {pages:?}"
        );
    }
    let session = launch(&chromium, 1280, 900);
    let tab = &session.tab;

    let mut findings = Vec::new();
    let mut checked = 0;
    let mut redirects = Vec::new();
    for scheme in ["light", "dark"] {
        color_scheme(tab, scheme);
        for page in &pages {
            let url = format!("{}{page}", server.origin());
            open(tab, &url);
            // Redirect pages (aliases, the root language picker) leave;
            // their targets are checked on their own.
            std::thread::sleep(std::time::Duration::from_millis(100));
            let at = eval(tab, "location.pathname");
            if at != serde_json::json!(page) {
                if scheme == "light" {
                    redirects.push(format!("{page} → {at}"));
                }
                continue;
            }
            let result = tab
                .evaluate(&axe, false)
                .map_err(|e| e.to_string())
                .and_then(|_| eval_async(tab, AXE_RUN));
            let result = match result {
                Ok(result) => result,
                // A redirect that took longer than the pause above.
                Err(_) if eval(tab, "location.pathname") != serde_json::json!(page) => {
                    if scheme == "light" {
                        redirects.push(format!("{page} → {}", eval(tab, "location.pathname")));
                    }
                    continue;
                }
                Err(e) => panic!("{page} ({scheme}): axe did not run: {e}"),
            };
            collect(&result, &format!("{page} ({scheme})"), &mut findings);
            checked += 1;
        }
    }
    // At 360 px with the drawer open, then with the language menu open.
    viewport(tab, 360, 740, true);
    for scheme in ["light", "dark"] {
        color_scheme(tab, scheme);
        for page in [
            "/ja/docs/misskey-and-misskey-servers/",
            "/en/docs/misskey-and-misskey-servers/",
        ] {
            for (state, open_it) in [
                (
                    "drawer open",
                    "document.querySelector('button.menu-toggle').click()",
                ),
                (
                    "language menu open",
                    "document.querySelector('.language-menu').open = true",
                ),
            ] {
                open(tab, &format!("{}{page}", server.origin()));
                eval(tab, open_it);
                let result = tab
                    .evaluate(&axe, false)
                    .map_err(|e| e.to_string())
                    .and_then(|_| eval_async(tab, AXE_RUN))
                    .unwrap_or_else(|e| panic!("{page} ({scheme}, {state}): axe did not run: {e}"));
                collect(
                    &result,
                    &format!("{page} ({scheme}, {state})"),
                    &mut findings,
                );
                checked += 1;
            }
        }
    }
    println!(
        "axe checked {checked} page loads; redirect pages left to their targets: {redirects:?}"
    );
    assert!(checked >= 40, "too few pages checked: {checked}");
    assert!(
        findings.is_empty(),
        "axe found {} serious/critical violation(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// Adds the violations in axe's JSON `result` to `findings`, each labelled
/// with `at` (the page and its state).
fn collect(result: &serde_json::Value, at: &str, findings: &mut Vec<String>) {
    let result: serde_json::Value =
        serde_json::from_str(result.as_str().expect("a JSON string")).expect("JSON");
    if let Some(error) = result.get("error") {
        panic!("{at}: axe failed: {error}");
    }
    for v in result.as_array().expect("violations") {
        for node in v["nodes"].as_array().into_iter().flatten() {
            findings.push(format!(
                "{at}: {} [{}] {}\n    at {}: {}\n    {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                node["target"].as_str().unwrap_or("?"),
                node["html"].as_str().unwrap_or(""),
                node["summary"].as_str().unwrap_or("")
            ));
        }
    }
}
