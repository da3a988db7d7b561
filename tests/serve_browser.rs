//! Live reload in real Chromium against an in-process `yomu serve`: a
//! Markdown edit shows without a manual reload (at the same scroll
//! position), a CSS edit restyles the page in place, and a broken page
//! shows the error overlay until it is fixed.
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

mod common;
mod serve_support;

use common::browser::{eval, launch, require_chromium, until};
use serve_support::{copy_bundled_site, settle, start};

const PAGE: &str = "content/en-US/guide/1.writing-pages.md";

#[test]
fn live_reload_in_chromium() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let site = copy_bundled_site();
    let server = start(site.path());
    let url = format!("http://{}/en/guide/writing-pages/", server.addr());

    let session = launch(&chromium, 1280, 800);
    let tab = &session.tab;
    tab.navigate_to(&url)
        .and_then(|t| t.wait_until_navigated())
        .expect("open the page");
    settle();

    // A Markdown edit: the new text appears, and the page is where it was.
    assert!(until(
        tab,
        "window.scrollTo(0, 700); window.scrollY === 700"
    ));
    let page = site.path().join(PAGE);
    let good = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, format!("{good}\nLive text from the editor.\n")).expect("write");
    assert!(
        until(
            tab,
            "document.body.innerText.includes('Live text from the editor.')"
        ),
        "the edit shows without a manual reload"
    );
    assert!(
        until(tab, "Math.abs(window.scrollY - 700) < 5"),
        "the reload kept the scroll position: {}",
        eval(tab, "window.scrollY")
    );

    // A CSS edit: restyled in place, no reload (the marker survives).
    eval(tab, "window.yomuMarker = 1; window.scrollTo(0, 500);");
    let css = site.path().join("themes/default/static/style.css");
    let style = std::fs::read_to_string(&css).expect("read css");
    std::fs::write(
        &css,
        format!("{style}\nbody {{ background-color: rgb(1, 2, 3) !important; }}\n"),
    )
    .expect("write css");
    assert!(
        until(
            tab,
            "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'"
        ),
        "the new style applies"
    );
    assert_eq!(
        eval(tab, "window.yomuMarker"),
        serde_json::json!(1),
        "no reload"
    );
    assert!(until(tab, "Math.abs(window.scrollY - 500) < 5"));

    // A broken page: the overlay names the file and line; fixing clears it.
    std::fs::write(&page, format!("{good}\n:::tip\nnever closed\n")).expect("break");
    assert!(
        until(
            tab,
            &format!(
                "(document.getElementById('yomu-overlay')?.innerText ?? '').includes('{PAGE}:')"
            )
        ),
        "the overlay shows the diagnostic"
    );
    std::fs::write(&page, &good).expect("fix");
    assert!(
        until(tab, "document.getElementById('yomu-overlay') === null"),
        "the overlay goes away when fixed"
    );
    server.stop();
}
