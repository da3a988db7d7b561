//! The search client (`themes/default/static/search.js`) in Chromium, used
//! as a reader uses it: open the dialog, type, read the result list. The
//! fixture site is served under a deploy subpath (`/sub/`). One Chromium
//! runs every check in turn: the fixture's queries (the same list as
//! tests/search.rs), keyboard use and focus return, a 360 px screen, the
//! bundled site, and the Nu checker and axe with the dialog open.

mod common;

use common::browser::{
    axe_js, color_scheme, eval, eval_async, java, launch, open, require_chromium, screenshots_dir,
    until, viewport, vnu_jar,
};
use common::search_fixture::{self, QUERIES};
use common::static_server::{build_bundled_site, build_with_binary, StaticServer};
use headless_chrome::protocol::cdp::Input::InsertText;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::Tab;

/// Enters `query` into the open dialog's field (after clearing it) and
/// returns the result links once the list shows that query's results.
fn results(tab: &Tab, query: &str) -> Vec<String> {
    eval(
        tab,
        "document.querySelector('#yomu-search-input').value = ''",
    );
    tab.find_element("#yomu-search-input")
        .expect("the search field")
        .click()
        .expect("focus the field");
    // As an input method commits text: one input event for the query.
    tab.call_method(InsertText {
        text: query.to_string(),
    })
    .expect("type the query");
    let shown = format!(
        "document.querySelector('.search-dialog').dataset.query === {}",
        serde_json::json!(query)
    );
    assert!(until(tab, &shown), "no results shown for {query:?}");
    let links = eval(
        tab,
        "JSON.stringify([...document.querySelectorAll('.search-results a')].map(a => a.getAttribute('href')))",
    );
    serde_json::from_str(links.as_str().expect("a JSON string")).expect("JSON")
}

fn open_dialog(tab: &Tab) {
    tab.press_key("/").expect("press /");
    assert!(
        until(tab, "document.querySelector('.search-dialog')?.open === true && document.activeElement.id === 'yomu-search-input'"),
        "/ opens the dialog with the field focused"
    );
}

fn pages_of(links: &[String]) -> Vec<String> {
    let mut pages: Vec<String> = links
        .iter()
        .map(|l| l.split('#').next().unwrap_or_default().to_string())
        .collect();
    pages.sort();
    pages.dedup();
    pages
}

#[test]
fn the_client_finds_what_the_index_promises_and_is_usable_by_keyboard() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let site = search_fixture::site();
    let built = build_with_binary(site.root());
    let server = StaticServer::start(&built.path().join("public"), "/sub/");
    let session = launch(&chromium, 1280, 900);
    let tab = &session.tab;

    let mut failures = Vec::new();
    let mut current = "";
    for (code, query, expected) in QUERIES {
        let prefix = match *code {
            "ja-JP" => "ja",
            "en-US" => "en",
            "zh-CN" => "zh",
            _ => "ko",
        };
        if current != *code {
            open(tab, &format!("{}/sub/{prefix}/servers/", server.origin()));
            open_dialog(tab);
            current = code;
        }
        let links = results(tab, query);
        if pages_of(&links) != *expected {
            failures.push(format!(
                "{code} {query:?}: {links:?}, expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Keyboard: arrows through the results, Escape closes, focus returns.
    open(tab, &format!("{}/sub/en/cafe/", server.origin()));
    open_dialog(tab);
    let links = results(tab, "servers ");
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(
        links
            .iter()
            .any(|l| l == "/sub/en/servers/#running-a-server"),
        "{links:?}"
    );
    let count = eval(
        tab,
        "document.querySelector('.search-status[role=status]').textContent",
    );
    assert_eq!(count, "Results: 3");
    let marked = eval(
        tab,
        "document.querySelector('.search-results mark')?.textContent.toLowerCase()",
    );
    assert_eq!(marked, "server");
    let focused = "document.activeElement.getAttribute('href')";
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(eval(tab, focused), links[0].as_str());
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(eval(tab, focused), links[1].as_str());
    tab.press_key("ArrowUp").expect("up");
    assert_eq!(eval(tab, focused), links[0].as_str());
    tab.press_key("ArrowUp").expect("up");
    assert_eq!(eval(tab, "document.activeElement.id"), "yomu-search-input");
    tab.press_key("Escape").expect("Escape");
    assert!(until(tab, "!document.querySelector('.search-dialog').open"));
    assert_eq!(
        eval(
            tab,
            "document.activeElement.classList.contains('search-button')"
        ),
        true,
        "focus returns to the search button"
    );
    // Ctrl-K opens it too; Enter on a result opens it.
    tab.press_key_with_modifiers(
        "k",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .expect("Ctrl-K");
    assert!(until(
        tab,
        "document.querySelector('.search-dialog').open === true"
    ));
    let links = results(tab, "decentralised ");
    tab.press_key("ArrowDown").expect("down");
    tab.press_key("Enter").expect("Enter");
    let target = format!(
        "location.pathname + location.hash === {}",
        serde_json::json!(links[0])
    );
    assert!(until(tab, &target), "Enter opens {}", links[0]);

    // meta.json, the one index file whose name a deploy keeps, is
    // revalidated with the host; the hashed files may come from cache.
    open(tab, &format!("{}/sub/en/cafe/", server.origin()));
    eval(
        tab,
        "window.fetches = []; const f = window.fetch; \
         window.fetch = (url, init) => { fetches.push([String(url), init?.cache ?? 'default']); return f(url, init); }",
    );
    open_dialog(tab);
    results(tab, "servers ");
    let fetches = eval(tab, "JSON.stringify(fetches)");
    let fetches: Vec<(String, String)> =
        serde_json::from_str(fetches.as_str().expect("a JSON string")).expect("JSON");
    let (meta, others): (Vec<_>, Vec<_>) = fetches
        .iter()
        .partition(|(url, _)| url.ends_with("/search/en-US/meta.json"));
    let modes = |files: &[&(String, String)]| -> Vec<String> {
        files.iter().map(|(_, mode)| mode.clone()).collect()
    };
    assert_eq!(modes(&meta), ["no-cache"], "{fetches:?}");
    assert!(!others.is_empty(), "{fetches:?}");
    assert!(modes(&others).iter().all(|m| m == "default"), "{fetches:?}");

    // An index of another format (a page cached from before a deploy):
    // the reader is told to reload, nothing is misread. Saved as
    // screenshots at both widths, in both schemes, to be looked at.
    for (prefix, code, message) in [
        (
            "en",
            "en-US",
            "Search could not load its index. Reload the page and try again.",
        ),
        (
            "ja",
            "ja-JP",
            "検索用のデータを読み込めませんでした。ページを再読み込みしてから、もう一度お試しください。",
        ),
    ] {
        let meta_path = built.path().join(format!("public/search/{code}/meta.json"));
        let mut meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&meta_path).expect("meta.json")).expect("JSON");
        meta["version"] = serde_json::json!(99);
        std::fs::write(&meta_path, meta.to_string()).expect("write meta.json");
        for (width, scheme) in [(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark")] {
            viewport(tab, width, 740, width < 600);
            color_scheme(tab, scheme);
            open(tab, &format!("{}/sub/{prefix}/servers/", server.origin()));
            open_dialog(tab);
            tab.call_method(InsertText {
                text: "サーバー servers".to_string(),
            })
            .expect("type the query");
            let shown = format!(
                "document.querySelector('.search-status').textContent === {}",
                serde_json::json!(message)
            );
            assert!(
                until(tab, &shown),
                "{code} status: {}",
                eval(tab, "document.querySelector('.search-status').textContent")
            );
            assert_eq!(
                eval(
                    tab,
                    "document.querySelectorAll('.search-results li').length"
                ),
                0
            );
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .expect("screenshot");
            std::fs::write(
                screenshots_dir().join(format!("search-failed-{prefix}-{width}-{scheme}.png")),
                png,
            )
            .expect("save");
        }
    }
}

#[test]
fn the_bundled_site_finds_the_servers_page_and_stays_valid_and_accessible_with_the_dialog_open() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let built = build_bundled_site();
    let public = built.path().join("public");
    let server = StaticServer::start(&public, "/");
    let session = launch(&chromium, 1280, 900);
    let tab = &session.tab;
    for (home, query) in [("/ja/", "サーバー"), ("/en/", "servers ")] {
        open(tab, &format!("{}{home}", server.origin()));
        open_dialog(tab);
        let links = results(tab, query);
        let link = links
            .iter()
            .find(|l| l.contains("misskey-and-misskey-servers"))
            .unwrap_or_else(|| panic!("{query:?} misses the page: {links:?}"));
        assert!(link.contains("/#"), "{query:?}: a section link, got {link}");
    }
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    std::fs::write(screenshots_dir().join("search-dialog.png"), png).expect("write screenshot");
    // A 360 px phone: the button is on screen and the dialog fits; axe
    // and the Nu checker then run on that state.
    viewport(tab, 360, 740, true);
    open(tab, &format!("{}/ja/", server.origin()));
    let button = eval(tab, "(() => { const r = document.querySelector('.search-button').getBoundingClientRect(); return r.width > 0 && r.right <= 360; })()");
    assert_eq!(button, true, "the search button is visible at 360 px");
    tab.find_element(".search-button")
        .expect("button")
        .click()
        .expect("click");
    assert!(until(
        tab,
        "document.querySelector('.search-dialog').open === true"
    ));
    results(tab, "サーバー");
    let fits = eval(tab, "(() => { const r = document.querySelector('.search-dialog').getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && innerWidth <= 360; })()");
    let rect = eval(tab, "JSON.stringify([document.querySelector('.search-dialog').getBoundingClientRect(), innerWidth, document.documentElement.scrollWidth])");
    assert_eq!(fits, true, "the dialog fits 360 px: {rect}");
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    std::fs::write(screenshots_dir().join("search-360.png"), png).expect("write screenshot");
    // axe with the dialog open and its results shown.
    match axe_js() {
        Some(axe) => {
            let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
            tab.evaluate(&axe, false).expect("load axe");
            let run = eval_async(
                tab,
                "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.html).join(' | '))))",
            )
            .expect("axe runs");
            assert_eq!(run, "[]", "axe with the dialog open");
        }
        None => assert!(std::env::var_os("CI").is_none(), "axe-core is missing"),
    }
    // The Nu checker on the document as it is with the dialog open.
    match (java(), vnu_jar()) {
        (Some(java), Some(jar)) => {
            let html = eval(
                tab,
                "'<!DOCTYPE html>\\n' + document.documentElement.outerHTML",
            );
            let file = built.path().join("dialog-open.html");
            std::fs::write(&file, html.as_str().expect("HTML")).expect("write");
            let run = std::process::Command::new(java)
                .arg("-jar")
                .arg(jar)
                .args(["--errors-only"])
                .arg(&file)
                .output()
                .expect("run vnu");
            assert!(
                run.status.success(),
                "vnu with the dialog open:\n{}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        _ => assert!(
            std::env::var_os("CI").is_none(),
            "Java or vnu-jar is missing"
        ),
    }
}
