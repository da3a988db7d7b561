//! Base path: a site with `base_url: https://example.org/sub/`, built with
//! the `yomu` binary and served under `/sub/` as a host would, then
//! crawled. Every same-site `href`/`src` on every page (links, stylesheets,
//! scripts, images, alternates, canonical links, redirect targets) must
//! stay under `/sub/` and answer 200, and so must the sitemap's URLs. In
//! Chromium, the root page's language choice, an alias redirect and the
//! 404 page must also end under `/sub/`.

mod common;

use common::browser::{eval, eval_json, launch, open, require_chromium, until};
use common::http::fetch;
use common::static_server::{build_with_binary, html_files, url_path, StaticServer};
use common::{Fixture, TWO_LANGUAGES};
use headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

const DEPLOYED: &str = "https://example.org/sub/";
const PREFIX: &str = "/sub/";

/// A 1x1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// Two languages, nested folders, an alias, an image and a code block.
fn fixture() -> Fixture {
    let f = Fixture::with_config(&format!(
        "{}edit_url: https://git.example.net/sub/edit/{{path}}\n",
        TWO_LANGUAGES.replace("https://docs.example.org/", DEPLOYED)
    ));
    f.write_bytes("static/img/pic.png", PNG);
    for (lang, home, docs, first, second, deep, alt) in [
        (
            "ja-JP",
            "ホーム",
            "ドキュメント",
            "はじめに",
            "つぎに",
            "深い階層",
            "図",
        ),
        (
            "en-US", "Home", "Docs", "First", "Second", "Deep", "Picture",
        ),
    ] {
        f.write(
            &format!("content/{lang}/index.md"),
            &format!("# {home}\n\n[{first}](./docs/1.first.md)\n"),
        )
        .write(
            &format!("content/{lang}/docs/_dir.yml"),
            &format!("title: {docs}\n"),
        )
        .write(
            &format!("content/{lang}/docs/index.md"),
            &format!("# {docs}\n\n[{deep}](/docs/nested/deep/)\n"),
        )
        .write(
            &format!("content/{lang}/docs/1.first.md"),
            &format!(
                "# {first}\n\n![{alt}](/img/pic.png)\n\n## Section {{#section}}\n\n\
                 [{second}](./2.second.md) · [{deep}](/docs/nested/deep/)\n\n\
                 ```rust title=\"main.rs\"\nfn main() {{}}\n```\n"
            ),
        )
        .write(
            &format!("content/{lang}/docs/nested/1.deep.md"),
            &format!("# {deep}\n\n[{first}](../1.first.md#section)\n\n![{alt}](/img/pic.png)\n"),
        );
        let alias = if lang == "ja-JP" {
            "aliases: [/old/second/]\n"
        } else {
            "aliases: [/old/second-en/]\n"
        };
        f.write(
            &format!("content/{lang}/docs/2.second.md"),
            &format!("---\n{alias}---\n# {second}\n\n[{first}](./1.first.md)\n"),
        );
    }
    f
}

/// Every URL an element of `page` refers to, with what refers to it.
fn references(page: &Html) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (selector, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("area[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("audio[src]", "src"),
        ("iframe[src]", "src"),
        ("video[poster]", "poster"),
        ("form[action]", "action"),
    ] {
        let sel = Selector::parse(selector).expect("selector");
        for el in page.select(&sel) {
            let value = el.value().attr(attr).unwrap_or_default();
            let what = format!("<{} {attr}>", el.value().name());
            found.push((what, value.to_string()));
        }
    }
    for (selector, attr) in [("img[srcset]", "srcset"), ("source[srcset]", "srcset")] {
        let sel = Selector::parse(selector).expect("selector");
        for el in page.select(&sel) {
            for candidate in el.value().attr(attr).unwrap_or_default().split(',') {
                if let Some(u) = candidate.split_whitespace().next() {
                    found.push((format!("<{} srcset>", el.value().name()), u.to_string()));
                }
            }
        }
    }
    let refresh = Selector::parse("meta[http-equiv]").expect("selector");
    for el in page.select(&refresh) {
        if !el
            .value()
            .attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            continue;
        }
        let content = el.value().attr("content").unwrap_or_default();
        let target = content
            .split_once(';')
            .map(|(_, rest)| rest.trim())
            .and_then(|rest| {
                let lower = rest.to_ascii_lowercase();
                lower
                    .starts_with("url=")
                    .then(|| rest[4..].trim_matches(['\'', '"', ' ']).to_string())
            });
        match target {
            Some(t) => found.push(("<meta refresh>".into(), t)),
            None => found.push(("<meta refresh> without a url".into(), String::new())),
        }
    }
    found
}

/// The crawl's state: what was fetched, what was wrong.
struct Crawl<'a> {
    server: &'a StaticServer,
    deployed: &'a Url,
    problems: Vec<String>,
    /// Fetched path → status.
    checked: BTreeMap<String, u16>,
    /// The kinds of same-site reference seen (`<a href>`, …).
    kinds: BTreeSet<String>,
}

impl Crawl<'_> {
    /// Resolves `value`, found as `what` in the file at URL path `from`,
    /// against the deployed URL; a same-site target must be under /sub/
    /// and answer 200.
    fn follow(&mut self, from: &str, what: &str, value: &str) {
        let base = self.deployed.join(from).expect("base url");
        let Ok(target) = base.join(value.trim()) else {
            self.problems
                .push(format!("{from}: {what} {value:?} is not a URL"));
            return;
        };
        if !matches!(target.scheme(), "http" | "https") {
            return; // mailto:, data:, javascript:…
        }
        let deployed_host = self.deployed.host_str();
        if target.host_str() != deployed_host && target.host_str() != Some("127.0.0.1") {
            return;
        }
        if target.host_str() == deployed_host && target.scheme() != "https" {
            self.problems
                .push(format!("{from}: {what} {value:?} is not https"));
        }
        self.kinds.insert(what.to_string());
        if !target.path().starts_with(PREFIX) {
            self.problems.push(format!(
                "{from}: {what} {value:?} leaves {PREFIX} ({})",
                target.path()
            ));
            return;
        }
        let server = self.server;
        let status = *self
            .checked
            .entry(target.path().to_string())
            .or_insert_with(|| fetch(server.addr(), target.path()).status);
        if status != 200 {
            self.problems.push(format!(
                "{from}: {what} {value:?} ({}) answers {status}",
                target.path()
            ));
        }
    }
}

/// `url(…)` and `@import "…"` targets in a stylesheet.
fn css_references(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        found.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
        rest = &rest[end..];
    }
    let mut rest = css;
    while let Some(at) = rest.find("@import") {
        rest = rest[at + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                found.push(rest[1..1 + end].to_string());
            }
        }
    }
    found
}

/// Crawls the built output served under /sub/: every page, every
/// same-site reference, the sitemap and robots.txt.
#[test]
fn every_link_asset_and_redirect_works_under_sub() {
    let f = fixture();
    let built = build_with_binary(f.root());
    let public = built.path().join("public");
    let server = StaticServer::start(&public, PREFIX);
    let deployed = Url::parse(DEPLOYED).expect("url");

    let pages = html_files(&public);
    for expected in [
        "index.html",
        "404.html",
        "ja/index.html",
        "en/index.html",
        "ja/docs/first/index.html",
        "ja/docs/nested/deep/index.html",
        "en/docs/nested/deep/index.html",
        "old/second/index.html",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "no {expected} in the output: {pages:?}"
        );
    }

    let mut crawl = Crawl {
        server: &server,
        deployed: &deployed,
        problems: Vec::new(),
        checked: BTreeMap::new(),
        kinds: BTreeSet::new(),
    };
    for file in &pages {
        let path = url_path(PREFIX, file);
        let response = fetch(server.addr(), &path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("Content-Type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let html = Html::parse_document(&response.text());
        for (what, value) in references(&html) {
            crawl.follow(&path, &what, &value);
        }
    }
    // Stylesheets' url(…) and @import references (fonts, icons).
    let stylesheets: Vec<String> = crawl
        .checked
        .keys()
        .filter(|p| p.ends_with(".css"))
        .cloned()
        .collect();
    assert!(!stylesheets.is_empty(), "the pages link a stylesheet");
    for css in &stylesheets {
        let text = fetch(server.addr(), css).text();
        for value in css_references(&text) {
            crawl.follow(css, "css url()", &value);
        }
    }
    let Crawl {
        mut problems,
        mut checked,
        kinds,
        ..
    } = crawl;
    let mut check = |path: &str, from: &str, what: &str, problems: &mut Vec<String>| {
        let status = *checked
            .entry(path.to_string())
            .or_insert_with(|| fetch(server.addr(), path).status);
        if status != 200 {
            problems.push(format!("{from}: {what} {path} answers {status}"));
        }
    };

    // The sitemap lists every page at its deployed URL, with alternates.
    let sitemap = fetch(server.addr(), "/sub/sitemap.xml");
    assert_eq!(sitemap.status, 200, "sitemap.xml");
    let xml = sitemap.text();
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses");
    let urls: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .chain(
            doc.descendants()
                .filter(|n| n.tag_name().name() == "link")
                .filter_map(|n| n.attribute("href")),
        )
        .collect();
    assert!(
        urls.iter().any(|u| u.ends_with("/ja/docs/nested/deep/")),
        "the sitemap lists the nested page: {urls:?}"
    );
    assert!(
        doc.descendants().any(|n| n.tag_name().name() == "link"),
        "the sitemap has hreflang alternates"
    );
    for u in &urls {
        if !u.starts_with(DEPLOYED) {
            problems.push(format!("sitemap.xml: {u} is not under {DEPLOYED}"));
            continue;
        }
        let path = &u["https://example.org".len()..];
        check(path, "sitemap.xml", "<loc>", &mut problems);
    }

    // robots.txt points at the sitemap under /sub/.
    let robots = fetch(server.addr(), "/sub/robots.txt");
    assert_eq!(robots.status, 200, "robots.txt");
    let robots = robots.text();
    let sitemap_lines: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap:"))
        .map(str::trim)
        .collect();
    assert_eq!(
        sitemap_lines,
        ["https://example.org/sub/sitemap.xml"],
        "robots.txt:\n{robots}"
    );

    // Missing pages get the 404 page, whose references were crawled above.
    let missing = fetch(server.addr(), "/sub/ja/no-such-page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.text(),
        std::fs::read_to_string(public.join("404.html")).expect("404.html")
    );

    println!(
        "checked {} pages and {} distinct same-site URLs under {PREFIX}",
        pages.len(),
        checked.len()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) under {PREFIX}:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The fixture exercises each kind of reference at least once.
    for kind in [
        "<a href>",
        "<link href>",
        "<script src>",
        "<img src>",
        "<meta refresh>",
    ] {
        assert!(
            kinds.contains(kind),
            "no same-site {kind} found on any page; found {kinds:?}"
        );
    }
}

/// What `document` refers to after its scripts ran, resolved by the
/// browser: every same-origin URL's path.
const SAME_ORIGIN_PATHS: &str = r#"JSON.stringify([
  ...[...document.querySelectorAll('a[href]:not([href^=\\#]), link[href]')].map(e => e.href),
  ...[...document.querySelectorAll('script[src], img[src]')].map(e => e.src),
].filter(u => u.startsWith(location.origin)).map(u => new URL(u).pathname))"#;

/// Records uncaught script errors and rejected promises in
/// `window.yomuErrors`.
const RECORD_ERRORS: &str = r#"
window.yomuErrors = [];
addEventListener('error', e => window.yomuErrors.push(String(e.message || e.type) + ' ' + (e.filename || (e.target && (e.target.src || e.target.href)) || '')), true);
addEventListener('unhandledrejection', e => window.yomuErrors.push('unhandled rejection: ' + e.reason));
"#;

/// What the page loaded (same-origin resources, with their HTTP status)
/// and the errors recorded.
const LOADED: &str = r#"JSON.stringify({
  resources: performance.getEntriesByType('resource')
    .filter(e => e.name.startsWith(location.origin))
    .map(e => ({url: e.name, status: e.responseStatus})),
  errors: window.yomuErrors || [],
})"#;

/// In Chromium: the root page sends each visitor to their language under
/// /sub/, an alias redirect lands on its page under /sub/, every page
/// loads its resources from under /sub/ with no script error, and the
/// 404 page's links (after its script ran) stay under /sub/.
#[test]
fn redirects_land_under_sub_in_chromium() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let f = fixture();
    let built = build_with_binary(f.root());
    let server = StaticServer::start(&built.path().join("public"), PREFIX);
    let session = launch(&chromium, 1280, 800);
    let tab = &session.tab;

    for (languages, landing) in [
        ("en-US,en;q=0.9", "/sub/en/"),
        ("ja-JP,ja;q=0.9", "/sub/ja/"),
        ("fr-FR,fr;q=0.9", "/sub/ja/"),
        ("en-GB,en;q=0.9", "/sub/en/"),
    ] {
        tab.set_user_agent("Mozilla/5.0 yomu-test", Some(languages), None)
            .expect("set the languages");
        open(tab, &server.url());
        assert!(
            until(
                tab,
                &format!("location.pathname === '{landing}' && document.readyState === 'complete'")
            ),
            "{languages}: the root page should land on {landing}, is at {}",
            eval(tab, "location.href")
        );
    }

    open(tab, &format!("{}old/second/", server.url()));
    assert!(
        until(tab, "location.pathname === '/sub/ja/docs/second/'"),
        "the alias should land on /sub/ja/docs/second/, is at {}",
        eval(tab, "location.href")
    );

    // Every page loads its resources from under /sub/ with no error, and
    // its scripts throw nothing.
    tab.call_method(AddScriptToEvaluateOnNewDocument {
        source: RECORD_ERRORS.into(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .expect("install the error recorder");
    let mut problems = Vec::new();
    let mut resources = BTreeSet::new();
    let pages = html_files(&built.path().join("public"));
    for file in &pages {
        let path = url_path(PREFIX, file);
        open(tab, &format!("{}{path}", server.origin()));
        std::thread::sleep(std::time::Duration::from_millis(150));
        let at = eval(tab, "location.pathname");
        let loaded = eval_json(tab, LOADED);
        for entry in loaded["resources"].as_array().into_iter().flatten() {
            let url = entry["url"].as_str().unwrap_or("?");
            let status = entry["status"].as_u64().unwrap_or(0);
            let resource_path = url.strip_prefix(&server.origin()).unwrap_or(url);
            resources.insert(resource_path.rsplit('.').next().unwrap_or("").to_string());
            if !resource_path.starts_with(PREFIX) || !(status == 200 || status == 304) {
                problems.push(format!(
                    "{path} (at {at}): loaded {resource_path}: {status}"
                ));
            }
        }
        for error in loaded["errors"].as_array().into_iter().flatten() {
            problems.push(format!("{path} (at {at}): script error: {error}"));
        }
    }
    assert!(
        problems.is_empty(),
        "in Chromium under {PREFIX}:\n{}",
        problems.join("\n")
    );
    for kind in ["css", "js", "png"] {
        assert!(
            resources.contains(kind),
            "the pages load a .{kind} file: {resources:?}"
        );
    }

    for missing in ["/sub/en/no-such-page/", "/sub/no-such-page/"] {
        tab.set_user_agent("Mozilla/5.0 yomu-test", Some("en-US,en;q=0.9"), None)
            .expect("set the languages");
        open(tab, &format!("{}{missing}", server.origin()));
        // Let the 404 page's script pick the language and settle.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let paths = eval_json(tab, SAME_ORIGIN_PATHS);
        let paths: Vec<&str> = paths
            .as_array()
            .expect("an array")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        assert!(!paths.is_empty(), "{missing}: the 404 page links somewhere");
        let outside: Vec<&&str> = paths.iter().filter(|p| !p.starts_with(PREFIX)).collect();
        assert!(
            outside.is_empty(),
            "{missing}: the 404 page (at {}) refers outside {PREFIX}: {outside:?}",
            eval(tab, "location.href")
        );
        for path in paths {
            let status = fetch(server.addr(), path).status;
            assert_eq!(status, 200, "{missing}: the 404 page refers to {path}");
        }
    }
}
