//! Base path: a site with `base_url: https://example.org/sub/`, built with
//! the `yomu` binary and served under `/sub/` as a host would, then
//! crawled. Every same-site `href`/`src` on every page (links, stylesheets,
//! scripts, images, alternates, canonical links, redirect targets) must
//! stay under `/sub/` and answer 200, and so must the sitemap's URLs. In
//! Chromium, the root page's language choice, an alias redirect and the
//! 404 page must also end under `/sub/`.

mod common;

use common::browser::{eval, eval_json, launch, open, require_chromium, until};
use common::static_server::{build_with_binary, get, html_files, url_path, StaticServer};
use common::Fixture;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

const SITE: &str = "\
title: Sub
base_url: https://example.org/sub/
default_language: ja-JP
languages:
  - code: ja-JP
    name: 日本語
    path: ja
  - code: en-US
    name: English
    path: en
edit_url: https://git.example.net/sub/edit/{path}
";

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
    let f = Fixture::with_config(SITE);
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

    let mut problems: Vec<String> = Vec::new();
    // target path → (status, first page that refers to it)
    let mut checked: BTreeMap<String, u16> = BTreeMap::new();
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut check = |path: &str, from: &str, what: &str, problems: &mut Vec<String>| {
        let status = *checked
            .entry(path.to_string())
            .or_insert_with(|| get(server.addr(), path).status);
        if status != 200 {
            problems.push(format!("{from}: {what} {path} answers {status}"));
        }
    };

    for file in &pages {
        let path = url_path(PREFIX, file);
        let response = get(server.addr(), &path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("Content-Type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let page_url = deployed.join(&path).expect("page url");
        let html = Html::parse_document(&response.text());
        for (what, value) in references(&html) {
            let Ok(target) = page_url.join(value.trim()) else {
                problems.push(format!("{path}: {what} {value:?} is not a URL"));
                continue;
            };
            if !matches!(target.scheme(), "http" | "https") {
                continue; // mailto:, data:, javascript:…
            }
            let same_site =
                target.host_str() == deployed.host_str() || target.host_str() == Some("127.0.0.1");
            if !same_site {
                continue;
            }
            if target.host_str() == deployed.host_str() && target.scheme() != "https" {
                problems.push(format!("{path}: {what} {value:?} is not https"));
            }
            kinds.insert(what.clone());
            if !target.path().starts_with(PREFIX) {
                problems.push(format!(
                    "{path}: {what} {value:?} leaves {PREFIX} ({})",
                    target.path()
                ));
                continue;
            }
            check(target.path(), &path, &what, &mut problems);
        }
    }

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

    // The sitemap lists every page at its deployed URL, with alternates.
    let sitemap = get(server.addr(), "/sub/sitemap.xml");
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
    let robots = get(server.addr(), "/sub/robots.txt");
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
    let missing = get(server.addr(), "/sub/ja/no-such-page/");
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
}

/// What `document` refers to after its scripts ran, resolved by the
/// browser: every same-origin URL's path.
const SAME_ORIGIN_PATHS: &str = r#"JSON.stringify([
  ...[...document.querySelectorAll('a[href], link[href]')].map(e => e.href),
  ...[...document.querySelectorAll('script[src], img[src]')].map(e => e.src),
].filter(u => u.startsWith(location.origin)).map(u => new URL(u).pathname))"#;

/// In Chromium: the root page sends each visitor to their language under
/// /sub/, an alias redirect lands on its page under /sub/, and the 404
/// page's links (after its script ran) stay under /sub/.
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
            let status = get(server.addr(), path).status;
            assert_eq!(status, 200, "{missing}: the 404 page refers to {path}");
        }
    }
}
