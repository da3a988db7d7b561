//! The default theme in real Chromium (DevTools protocol), against the
//! bundled site built with the `yomu` binary and served on localhost:
//! the menu at 360 px (and no page wider than that), the dark toggle
//! across reloads (with no flash of the wrong theme), the language
//! switcher, the copy button, keyboard use, and screenshots of one page per language in light and dark under
//! `target/screenshots/theme-<lang>-<scheme>.png`.
//!
//! Asset names are fingerprinted, so nothing here names one: everything is
//! found through the DOM contract (`button.menu-toggle`, `nav#yomu-sidebar`,
//! `button.theme-toggle`, `nav.language-switcher`, `button.copy-code`).
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

mod common;

use common::browser::{
    color_scheme, contrast, eval, eval_async, eval_json, launch, luminance, open, require_chromium,
    screenshots_dir, until, viewport, Session,
};
use common::static_server::{build_bundled_site, html_files, url_path, StaticServer};
use headless_chrome::protocol::cdp::Browser::{GrantPermissions, PermissionType};
use headless_chrome::protocol::cdp::Page::{
    AddScriptToEvaluateOnNewDocument, CaptureScreenshotFormatOption,
};
use headless_chrome::Tab;
use std::path::PathBuf;

/// A page of the bundled site with a sidebar, a TOC and code blocks.
const GUIDE: &str = "guide/writing-pages/";
const DOCS: &str = "docs/misskey-and-misskey-servers/";
/// The sidebar, and the id the menu button controls.
const SIDEBAR_ID: &str = "yomu-sidebar";
const SIDEBAR: &str = "nav#yomu-sidebar";

/// The bundled site, built and served under `/`, plus a Chromium.
struct Setup {
    _built: tempfile::TempDir,
    public: PathBuf,
    server: StaticServer,
    session: Session,
}

fn setup(width: u32, height: u32) -> Option<Setup> {
    let chromium = require_chromium()?;
    let built = build_bundled_site();
    let public = built.path().join("public");
    let server = StaticServer::start(&public, "/");
    let session = launch(&chromium, width, height);
    Some(Setup {
        _built: built,
        public,
        server,
        session,
    })
}

impl Setup {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    fn tab(&self) -> &Tab {
        &self.session.tab
    }

    /// The site's pages in a language folder (`ja`, `en`), as URL paths
    /// without the leading slash, 404 pages left out.
    fn pages(&self, lang: &str) -> Vec<String> {
        html_files(&self.public)
            .into_iter()
            .filter(|f| f.starts_with(&format!("{lang}/")) && f.ends_with("/index.html"))
            .map(|f| url_path("", &f))
            .collect()
    }
}

/// Where an element is and whether it can be seen: displayed, not
/// hidden, with a size, and at least partly inside the viewport.
fn visibility(tab: &Tab, selector: &str) -> serde_json::Value {
    eval_json(
        tab,
        &format!(
            r#"(sel => {{
  const e = document.querySelector(sel);
  if (!e) return JSON.stringify({{missing: true, visible: false}});
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const visible = s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0
    && r.width > 0 && r.height > 0
    && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
  return JSON.stringify({{visible, display: s.display, visibility: s.visibility,
    opacity: s.opacity, rect: [r.left, r.top, r.width, r.height], viewport: [innerWidth, innerHeight]}});
}})({selector:?})"#
        ),
    )
}

fn visible(tab: &Tab, selector: &str) -> bool {
    visibility(tab, selector)["visible"] == serde_json::Value::Bool(true)
}

fn attr(tab: &Tab, selector: &str, name: &str) -> serde_json::Value {
    eval(
        tab,
        &format!("document.querySelector({selector:?})?.getAttribute({name:?}) ?? null"),
    )
}

fn click(tab: &Tab, selector: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("no {selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

#[test]
fn menu_opens_at_360px() {
    let Some(s) = setup(360, 740) else {
        return;
    };
    let tab = s.tab();
    viewport(tab, 360, 740, true);
    let url = s.url(&format!("ja/{DOCS}"));
    open(tab, &url);
    assert_eq!(eval(tab, "innerWidth"), serde_json::json!(360));

    assert!(
        visible(tab, "button.menu-toggle"),
        "the menu button shows at 360 px: {}",
        visibility(tab, "button.menu-toggle")
    );
    assert_eq!(attr(tab, "button.menu-toggle", "aria-controls"), SIDEBAR_ID);
    assert_eq!(attr(tab, "button.menu-toggle", "aria-expanded"), "false");
    assert!(
        !visible(tab, SIDEBAR),
        "the sidebar is hidden at 360 px until the menu opens: {}",
        visibility(tab, SIDEBAR)
    );

    click(tab, "button.menu-toggle");
    assert!(
        until(
            tab,
            "document.querySelector('button.menu-toggle').getAttribute('aria-expanded') === 'true'"
        ),
        "the menu button says it is expanded"
    );
    assert!(
        until(
            tab,
            &format!("(() => {{ const e = document.querySelector('{SIDEBAR}'); const r = e.getBoundingClientRect(); \
             return getComputedStyle(e).display !== 'none' && r.width > 0 && r.left >= -1 && r.left < innerWidth; }})()")
        ),
        "the sidebar shows after the click: {}",
        visibility(tab, SIDEBAR)
    );
    // Its links are on top (not under an overlay) and can be clicked.
    let hit = eval(
        tab,
        &format!("(() => {{ const a = [...document.querySelectorAll('{SIDEBAR} a')].find(a => {{ const r = a.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; }}); \
         if (!a) return 'no link in view'; const r = a.getBoundingClientRect(); \
         const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2); \
         return a === hit || a.contains(hit) ? true : 'covered by ' + (hit && hit.outerHTML.slice(0, 120)); }})()"),
    );
    assert_eq!(
        hit,
        serde_json::Value::Bool(true),
        "a sidebar link is usable"
    );

    // The drawer's close button closes it (the menu button is behind the
    // backdrop then).
    click(tab, "button.menu-close");
    assert!(
        until(
            tab,
            "document.querySelector('button.menu-toggle').getAttribute('aria-expanded') === 'false'"
        ),
        "the close button closes the menu"
    );
    assert!(
        until(
            tab,
            &format!("(() => {{ const e = document.querySelector('{SIDEBAR}'); const r = e.getBoundingClientRect(); \
             return getComputedStyle(e).display === 'none' || getComputedStyle(e).visibility === 'hidden' || r.width === 0 || r.right <= 0 || r.left >= innerWidth; }})()")
        ),
        "the sidebar hides again: {}",
        visibility(tab, SIDEBAR)
    );

    // On a wide screen: no menu button, the sidebar is always there.
    viewport(tab, 1280, 900, false);
    open(tab, &url);
    assert!(
        !visible(tab, "button.menu-toggle"),
        "no menu button at 1280 px: {}",
        visibility(tab, "button.menu-toggle")
    );
    assert!(
        visible(tab, SIDEBAR),
        "the sidebar shows at 1280 px: {}",
        visibility(tab, SIDEBAR)
    );
}

/// Elements that stick out of the viewport on the right, outside any
/// scrolling box: what makes the page scroll sideways.
const OVERFLOW: &str = r#"JSON.stringify((() => {
  const width = document.documentElement.clientWidth;
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true; } return false; };
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 5)
    .map(e => e.outerHTML.slice(0, 100) + ` (right ${Math.round(e.getBoundingClientRect().right)})`);
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
})())"#;

/// "Usable at 360 px": no page of either language scrolls sideways.
#[test]
fn no_page_scrolls_sideways_at_360px() {
    let Some(s) = setup(360, 740) else {
        return;
    };
    let tab = s.tab();
    viewport(tab, 360, 740, true);
    let mut problems = Vec::new();
    let pages: Vec<String> = s.pages("ja").into_iter().chain(s.pages("en")).collect();
    assert!(pages.len() >= 8, "the bundled site's pages: {pages:?}");
    for page in &pages {
        open(tab, &s.url(page));
        let m = eval_json(tab, OVERFLOW);
        if m["scrollWidth"].as_f64() > m["width"].as_f64() {
            problems.push(format!("/{page}: {m}"));
        }
    }
    assert!(
        problems.is_empty(),
        "pages wider than 360 px:\n{}",
        problems.join("\n")
    );
}

/// Records, before the body is parsed (so before first paint), which
/// theme the document has.
const RECORD_EARLY_THEME: &str = r#"
new MutationObserver((_, observer) => {
  if (document.body && !('yomuEarlyTheme' in window)) {
    window.yomuEarlyTheme = document.documentElement.dataset.theme ?? null;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"#;

const THEME_STATE: &str = "JSON.stringify({theme: document.documentElement.dataset.theme ?? null, \
    background: getComputedStyle(document.body).backgroundColor, \
    stored: localStorage.getItem('yomu-theme'), \
    pressed: document.querySelector('button.theme-toggle')?.getAttribute('aria-pressed') ?? null, \
    early: window.yomuEarlyTheme ?? null})";

#[test]
fn dark_toggle_persists_across_reloads() {
    let Some(s) = setup(1280, 900) else {
        return;
    };
    let tab = s.tab();
    tab.call_method(AddScriptToEvaluateOnNewDocument {
        source: RECORD_EARLY_THEME.into(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .expect("install the early-theme recorder");
    let url = s.url(&format!("en/{GUIDE}"));

    // A light system: light until toggled, then dark, after reloads too.
    color_scheme(tab, "light");
    open(tab, &url);
    let light = eval_json(tab, THEME_STATE);
    assert!(
        light["theme"].is_null() || light["theme"] == "light",
        "a light system starts light: {light}"
    );
    assert_ne!(light["pressed"], "true", "{light}");
    assert!(light["stored"].is_null(), "nothing stored yet: {light}");
    let light_bg = luminance(light["background"].as_str().expect("a colour"));

    click(tab, "button.theme-toggle");
    assert!(
        until(tab, "document.documentElement.dataset.theme === 'dark'"),
        "the toggle switches to dark: {}",
        eval_json(tab, THEME_STATE)
    );
    let dark = eval_json(tab, THEME_STATE);
    assert_eq!(dark["stored"], "dark", "remembered in localStorage: {dark}");
    assert_eq!(dark["pressed"], "true", "{dark}");
    assert_ne!(dark["background"], light["background"], "the page darkens");
    let dark_bg = luminance(dark["background"].as_str().expect("a colour"));
    assert!(
        dark_bg < light_bg && dark_bg < 0.2,
        "dark background {dark} vs light {light}"
    );

    for reload in 1..=2 {
        open(tab, &url);
        let again = eval_json(tab, THEME_STATE);
        assert_eq!(again["theme"], "dark", "reload {reload}: {again}");
        assert_eq!(
            again["background"], dark["background"],
            "reload {reload}: {again}"
        );
        assert_eq!(again["pressed"], "true", "reload {reload}: {again}");
        assert_eq!(
            again["early"], "dark",
            "reload {reload}: data-theme is set before the body is parsed (no flash): {again}"
        );
    }
    // Another page of the site remembers it too.
    open(tab, &s.url(&format!("ja/{DOCS}")));
    assert_eq!(eval_json(tab, THEME_STATE)["theme"], "dark");

    // A dark system with nothing stored: dark; toggled to light, it stays
    // light across reloads even though the system is dark.
    color_scheme(tab, "dark");
    eval(tab, "localStorage.clear()");
    open(tab, &url);
    let system_dark = eval_json(tab, THEME_STATE);
    assert_eq!(
        system_dark["background"], dark["background"],
        "prefers-color-scheme: dark is respected: {system_dark}"
    );
    assert_eq!(system_dark["pressed"], "true", "{system_dark}");

    click(tab, "button.theme-toggle");
    assert!(
        until(tab, "document.documentElement.dataset.theme === 'light'"),
        "the toggle switches to light: {}",
        eval_json(tab, THEME_STATE)
    );
    open(tab, &url);
    let relight = eval_json(tab, THEME_STATE);
    assert_eq!(relight["theme"], "light", "{relight}");
    assert_eq!(relight["stored"], "light", "{relight}");
    assert_eq!(relight["background"], light["background"], "{relight}");
    assert_ne!(relight["pressed"], "true", "{relight}");
    assert_eq!(relight["early"], "light", "no flash of dark: {relight}");
}

/// The path of a URL the page holds, resolved by the browser.
const ALTERNATE: &str =
    "(lang => { const l = document.querySelector(`link[rel=alternate][hreflang=\"${lang}\"]`); \
    return l ? new URL(l.href).pathname : null; })";

#[test]
fn language_switcher_lands_on_the_same_page() {
    let Some(s) = setup(1280, 900) else {
        return;
    };
    let tab = s.tab();
    let mut checked = 0;
    for (from, to_code, to_folder) in [("ja", "en-US", "en"), ("en", "ja-JP", "ja")] {
        let pages = s.pages(from);
        assert!(
            pages
                .iter()
                .any(|p| p.starts_with(&format!("{from}/docs/"))),
            "{pages:?}"
        );
        for page in pages {
            open(tab, &s.url(&page));
            let alternate = eval(tab, &format!("{ALTERNATE}({to_code:?})"));
            // Every page names its counterpart; the slugs follow the
            // file names, which are the same in both languages.
            let expected = format!("/{to_folder}/{}", &page[from.len() + 1..]);
            assert_eq!(
                alternate,
                serde_json::json!(expected),
                "/{page}: link rel=alternate hreflang={to_code}"
            );
            let selector = format!("nav.language-switcher a[hreflang=\"{to_code}\"]");
            click(tab, "nav.language-switcher summary");
            click(tab, &selector);
            assert!(
                until(
                    tab,
                    &format!(
                        "location.pathname === {expected:?} && document.readyState === 'complete'"
                    )
                ),
                "/{page}: the switcher should land on {expected}, is at {}",
                eval(tab, "location.pathname")
            );
            assert_eq!(
                eval(tab, "document.documentElement.lang"),
                serde_json::json!(to_code),
                "{expected}: <html lang>"
            );
            let back = eval(
                tab,
                &format!(
                    "{ALTERNATE}({:?})",
                    if from == "ja" { "ja-JP" } else { "en-US" }
                ),
            );
            assert_eq!(
                back,
                serde_json::json!(format!("/{page}")),
                "{expected} points back to /{page}"
            );
            assert_eq!(
                eval(
                    tab,
                    &format!(
                        "document.querySelector('nav.language-switcher span[aria-current]') !== null \
                         && document.querySelector('nav.language-switcher a[hreflang=\"{to_code}\"]') === null"
                    )
                ),
                serde_json::Value::Bool(true),
                "{expected}: the switcher marks the current language and does not link to it"
            );
            checked += 1;
        }
    }
    println!("followed the language switcher from {checked} pages");
}

/// Clicks the copy button of the `index`th code block and returns what
/// the clipboard then holds and the block's code text.
fn copy_block(tab: &Tab, index: usize) -> (String, String) {
    let selector = "figure.code-block button.copy-code";
    let buttons = tab
        .wait_for_elements(selector)
        .unwrap_or_else(|e| panic!("the theme's script adds {selector}: {e}"));
    let button = buttons.get(index).expect("enough code blocks");
    button.scroll_into_view().expect("scroll to the block");
    button.click().expect("click the copy button");
    assert!(
        until(
            tab,
            &format!(
                "document.querySelectorAll({selector:?})[{index}].hasAttribute('data-copied')"
            )
        ),
        "block {index}: the button gets data-copied after copying"
    );
    let code = eval(
        tab,
        &format!(
            "document.querySelectorAll('figure.code-block')[{index}].querySelector('pre code').textContent"
        ),
    );
    let copied = eval_async(
        tab,
        "(async () => { try { return await navigator.clipboard.readText(); } \
         catch (e) { return 'clipboard read failed: ' + e; } })()",
    )
    .expect("read the clipboard");
    (
        copied.as_str().unwrap_or_default().to_string(),
        code.as_str().expect("the block's code").to_string(),
    )
}

#[test]
fn copy_button_copies() {
    let Some(s) = setup(1280, 900) else {
        return;
    };
    let tab = s.tab();
    tab.call_method(GrantPermissions {
        permissions: vec![
            PermissionType::ClipboardReadWrite,
            PermissionType::ClipboardSanitizedWrite,
        ],
        origin: Some(s.server.origin()),
        browser_context_id: None,
    })
    .expect("grant clipboard permissions");
    open(tab, &s.url(&format!("en/{GUIDE}")));
    tab.bring_to_front().expect("focus the tab");
    let blocks = eval(tab, "document.querySelectorAll('figure.code-block').length")
        .as_u64()
        .unwrap_or(0) as usize;
    assert!(blocks >= 2, "the guide page has code blocks: {blocks}");
    // Two different blocks, so a button that copies the wrong block fails.
    let mut seen = Vec::new();
    for index in [0, blocks - 1] {
        let (copied, code) = copy_block(tab, index);
        assert!(!code.trim().is_empty(), "block {index} has code");
        assert_eq!(
            copied.trim_end_matches('\n'),
            code.trim_end_matches('\n'),
            "block {index}: the clipboard holds the block's code"
        );
        seen.push(copied);
    }
    assert_ne!(seen[0], seen[1], "each button copies its own block");
}

#[test]
fn screenshots_in_each_language_and_scheme() {
    let Some(s) = setup(1280, 900) else {
        return;
    };
    let tab = s.tab();
    viewport(tab, 1280, 900, false);
    let shots = screenshots_dir();
    for lang in ["ja", "en"] {
        for scheme in ["light", "dark"] {
            color_scheme(tab, scheme);
            open(tab, &s.url(&format!("{lang}/{GUIDE}")));
            assert!(
                until(tab, "document.fonts.status === 'loaded'"),
                "fonts load"
            );
            let colours = eval_json(
                tab,
                "JSON.stringify({background: getComputedStyle(document.body).backgroundColor, \
                 text: getComputedStyle(document.querySelector('main p') || document.body).color, \
                 lang: document.documentElement.lang})",
            );
            let background = luminance(colours["background"].as_str().expect("a colour"));
            let text = luminance(colours["text"].as_str().expect("a colour"));
            let at = format!("{lang}/{scheme}: {colours}");
            assert_eq!(background < 0.2, scheme == "dark", "{at}");
            assert!(contrast(background, text) >= 4.5, "body text contrast {at}");
            assert!(
                colours["lang"]
                    .as_str()
                    .is_some_and(|l| l.starts_with(lang)),
                "{at}"
            );
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .expect("screenshot");
            assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{at}");
            let code = if lang == "ja" { "ja-JP" } else { "en-US" };
            let file = shots.join(format!("theme-{code}-{scheme}.png"));
            std::fs::write(&file, png).expect("write the screenshot");
            println!("{}", file.display());
        }
    }
}

/// The focused element: what it is, and whether its focus shows.
const FOCUSED: &str = r#"JSON.stringify((() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), cls: e.className,
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
    inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
  };
})())"#;

/// Keyboard use (issue 3, Accessibility): the skip link comes first and
/// shows when focused, focus is visible, Enter opens the menu and Escape
/// closes it with focus back on its button, and a sidebar section
/// toggles from the keyboard.
#[test]
fn keyboard_operates_the_skip_link_menu_and_sections() {
    let Some(s) = setup(360, 740) else {
        return;
    };
    let tab = s.tab();
    viewport(tab, 360, 740, true);
    open(tab, &s.url(&format!("en/{GUIDE}")));

    tab.press_key("Tab").expect("Tab");
    let skip = eval_json(tab, FOCUSED);
    assert!(
        skip["tag"] == "a" && skip["cls"].as_str().unwrap_or("").contains("skip-link"),
        "the first Tab reaches the skip link: {skip}"
    );
    assert_eq!(skip["inView"], true, "the focused skip link shows: {skip}");
    assert_eq!(skip["ring"], true, "focus is visible: {skip}");

    // On to the menu button.
    let mut steps = 0;
    while !eval(tab, "document.activeElement.matches('button.menu-toggle')")
        .as_bool()
        .unwrap_or(false)
    {
        steps += 1;
        assert!(steps < 5, "Tab reaches the menu button after the skip link");
        tab.press_key("Tab").expect("Tab");
    }
    assert_eq!(
        eval_json(tab, FOCUSED)["ring"],
        true,
        "the menu button's focus shows"
    );
    tab.press_key("Enter").expect("Enter");
    assert!(
        until(
            tab,
            "document.querySelector('button.menu-toggle').getAttribute('aria-expanded') === 'true'"
        ),
        "Enter opens the menu"
    );
    assert!(
        until(
            tab,
            &format!(
                "(() => {{ const r = document.querySelector('{SIDEBAR}').getBoundingClientRect(); \
                return r.width > 0 && r.left >= -1 && r.left < innerWidth; }})()"
            )
        ),
        "the sidebar shows: {}",
        visibility(tab, SIDEBAR)
    );
    tab.press_key("Escape").expect("Escape");
    assert!(
        until(tab, "document.querySelector('button.menu-toggle').getAttribute('aria-expanded') === 'false'"),
        "Escape closes the menu"
    );
    assert_eq!(
        eval(tab, "document.activeElement.matches('button.menu-toggle')"),
        true,
        "focus returns to the menu button"
    );

    // A sidebar section, on a wide screen, from the keyboard.
    viewport(tab, 1280, 900, false);
    open(tab, &s.url(&format!("en/{GUIDE}")));
    let before = eval(
        tab,
        "(() => { const b = document.querySelector('button.nav-toggle'); if (!b) return null; b.focus(); \
         return b.getAttribute('aria-expanded'); })()",
    );
    let before = before
        .as_str()
        .unwrap_or_else(|| panic!("a section toggle button.nav-toggle[aria-expanded]: {before}"))
        .to_string();
    tab.press_key("Enter").expect("Enter");
    let after = if before == "true" { "false" } else { "true" };
    assert!(
        until(
            tab,
            &format!(
                "(() => {{ const b = document.querySelector('button.nav-toggle'); \
                 const list = document.getElementById(b.getAttribute('aria-controls')); \
                 return b.getAttribute('aria-expanded') === '{after}' \
                   && (!list || (list.getBoundingClientRect().height > 0) === ({after} === true)); }})()"
            )
        ),
        "Enter on a section toggle flips it from {before} and shows or hides its list"
    );
}
