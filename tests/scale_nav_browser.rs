//! The full navigation with JavaScript, in real Chromium: in a folder of
//! 300 pages a page's sidebar shows a window of its siblings; following an
//! "N more" link puts the folder's whole list (one shared fragment) in its
//! place, marks the current page and focuses the entry the link pointed at,
//! and the links of the full list work.
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

mod common;

use common::browser::{eval, eval_json, launch, open, require_chromium, until};
use common::static_server::{build_with_binary, StaticServer};
use common::Fixture;

const PAGES: usize = 300;

/// The links of the sidebar's changelog list, in order, and which one is
/// current and which has focus.
const SIDEBAR: &str = r#"(() => {
  const list = [...document.querySelectorAll('#yomu-sidebar ul')]
    .find(ul => ul.querySelector(':scope > li > a[href*="/release-"]'));
  const links = [...list.querySelectorAll(':scope > li > a')];
  return JSON.stringify({
    hrefs: links.map(a => new URL(a.href).pathname),
    more: list.querySelectorAll(':scope > li.nav-more').length,
    current: links.filter(a => a.getAttribute('aria-current') === 'page')
      .map(a => new URL(a.href).pathname),
    focused: document.activeElement && document.activeElement.closest('#yomu-sidebar')
      ? new URL(document.activeElement.href).pathname : null,
  });
})()"#;

#[test]
fn more_links_open_the_whole_folder_list() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let f = Fixture::with_config(
        "title: Flat\nbase_url: https://docs.example.org/\ndefault_language: en-US\n\
         languages:\n  - code: en-US\n    name: English\n    path: en\n",
    );
    f.write("content/en-US/index.md", "# Home\n")
        .write("content/en-US/changelog/index.md", "# Changelog\n");
    for i in 0..PAGES {
        f.write(
            &format!("content/en-US/changelog/release-{i:03}.md"),
            &format!("# Release {i:03}\n\nWhat changed in release {i}.\n"),
        );
    }
    let built = build_with_binary(f.root());
    let server = StaticServer::start(&built.path().join("public"), "/");
    let session = launch(&chromium, 1280, 900);
    let tab = &session.tab;

    open(tab, &format!("{}en/changelog/release-150/", server.url()));
    let before = eval_json(tab, SIDEBAR);
    let shown = before["hrefs"].as_array().expect("hrefs").len();
    assert!(shown < 30, "a window, not the whole folder: {before}");
    assert_eq!(before["more"], 2, "{before}");
    assert_eq!(before["current"][0], "/en/changelog/release-150/");

    // The "N more" link after the window.
    eval(
        tab,
        "[...document.querySelectorAll('#yomu-sidebar .nav-more a')].pop().click()",
    );
    assert!(
        until(
            tab,
            "document.querySelectorAll('#yomu-sidebar a[href*=\"/release-\"]').length === 300"
        ),
        "the whole list never appeared: {}",
        eval_json(tab, SIDEBAR)
    );
    let after = eval_json(tab, SIDEBAR);
    let hrefs: Vec<String> = after["hrefs"]
        .as_array()
        .expect("hrefs")
        .iter()
        .map(|h| h.as_str().expect("href").to_string())
        .collect();
    let expected: Vec<String> = (0..PAGES)
        .map(|i| format!("/en/changelog/release-{i:03}/"))
        .collect();
    assert_eq!(hrefs, expected, "every page once, in order");
    assert_eq!(after["more"], 0);
    assert_eq!(
        after["current"],
        serde_json::json!(["/en/changelog/release-150/"])
    );
    // The window ended at release 160; the link pointed at the next entry.
    assert_eq!(after["focused"], "/en/changelog/release-161/");

    // A link far outside the old window leads to its page.
    eval(
        tab,
        "document.querySelector('#yomu-sidebar a[href$=\"/release-290/\"]').click()",
    );
    assert!(
        until(tab, "location.pathname === '/en/changelog/release-290/'"),
        "the expanded list's link did not navigate"
    );
}
