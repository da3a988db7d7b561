//! The reading experience in Chromium (issue 16): the narrow-screen
//! drawer, the language menu from the keyboard, the TOC disclosure and
//! scrollspy, heading links, diagrams at 360 px and the copy button; and
//! screenshots of the seed page, the open menu and the 404 page at 360 and
//! 1280 px, light and dark, ja and en, under `target/screenshots/reading-*`.
//! One Chromium and one build serve every check.

mod common;

use common::browser::{
    color_scheme, eval, eval_json, launch, open, require_chromium, screenshots_dir, until,
    viewport, Session,
};
use common::static_server::{build_bundled_site, StaticServer};
use headless_chrome::protocol::cdp::Browser::{GrantPermissions, PermissionType};
use headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::Tab;

/// The seed page: a diagram, a TOC, code.
const SEED: &str = "docs/misskey-and-misskey-servers/";
/// A guide page with code blocks and several levels of headings.
const GUIDE: &str = "guide/writing-pages/";
/// A guide page whose first diagram is a wide left-to-right flowchart.
const DIAGRAMS: &str = "guide/diagrams/";

fn js_true(tab: &Tab, js: &str) -> bool {
    eval(tab, js) == serde_json::Value::Bool(true)
}

fn press(tab: &Tab, key: &str) {
    tab.press_key(key)
        .unwrap_or_else(|e| panic!("press {key}: {e}"));
}

fn click(tab: &Tab, selector: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("no {selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

#[test]
fn reading_experience_in_chromium() {
    let Some(chromium) = require_chromium() else {
        return;
    };
    let built = build_bundled_site();
    let server = StaticServer::start(&built.path().join("public"), "/");
    let session = launch(&chromium, 1280, 900);
    let url = |path: &str| format!("{}{path}", server.url());
    let tab = &session.tab;

    drawer_at_360(tab, &url(&format!("en/{GUIDE}")));
    language_menu_by_keyboard(tab, &url(&format!("ja/{SEED}")));
    toc_disclosure_at_360(tab, &url(&format!("en/{GUIDE}")));
    diagram_scrolls_at_360(tab, &url(&format!("ja/{SEED}")), false);
    diagram_scrolls_at_360(tab, &url(&format!("en/{DIAGRAMS}")), true);
    diagram_colours_in_the_dark(tab, &url(&format!("en/{DIAGRAMS}")));
    scrollspy_at_1280(tab, &url(&format!("en/{GUIDE}")));
    heading_link_copies_its_url(tab, &server, &url(&format!("en/{GUIDE}")));
    copy_button_clear_of_code(tab, &url(&format!("en/{GUIDE}")));
    print_leaves_the_article(tab, &url(&format!("en/{GUIDE}")));
    screenshots(&session, &url);
}

/// At 360 px the drawer covers the full height over a backdrop, the page
/// behind is inert and does not scroll, a tap on the backdrop closes it,
/// and focus goes in and comes back to the menu button.
fn drawer_at_360(tab: &Tab, page: &str) {
    viewport(tab, 360, 740, true);
    open(tab, page);
    click(tab, "button.menu-toggle");
    assert!(
        until(
            tab,
            "document.documentElement.classList.contains('menu-open')"
        ),
        "the menu opens"
    );
    let state = eval_json(
        tab,
        "JSON.stringify((() => { const r = document.getElementById('yomu-sidebar').getBoundingClientRect(); \
         const b = document.querySelector('.drawer-backdrop').getBoundingClientRect(); \
         return {top: r.top, height: r.height, vh: innerHeight, backdrop: [b.width, b.height], \
           mainInert: document.getElementById('yomu-main').closest('[inert]') !== null, \
           headerInert: document.querySelector('.site-header').closest('[inert]') !== null, \
           focusInside: document.getElementById('yomu-sidebar').contains(document.activeElement), \
           scroll: getComputedStyle(document.documentElement).overflow}; })())",
    );
    assert_eq!(state["top"], 0.0, "the drawer starts at the top: {state}");
    assert_eq!(
        state["height"], state["vh"],
        "the drawer is full height: {state}"
    );
    assert_eq!(state["backdrop"], serde_json::json!([360, 740]), "{state}");
    assert_eq!(
        state["mainInert"], true,
        "the page behind is inert: {state}"
    );
    assert_eq!(
        state["headerInert"], true,
        "the header behind is inert: {state}"
    );
    assert_eq!(
        state["focusInside"], true,
        "focus moves into the drawer: {state}"
    );
    assert_eq!(
        state["scroll"], "hidden",
        "the page does not scroll: {state}"
    );
    // Tab stays in the drawer: the page behind is inert.
    for _ in 0..3 {
        press(tab, "Tab");
        assert!(
            js_true(
                tab,
                "document.getElementById('yomu-sidebar').contains(document.activeElement)"
            ),
            "Tab stays inside the open drawer"
        );
    }
    // A tap on the backdrop, right of the drawer.
    tab.click_point(headless_chrome::browser::tab::point::Point { x: 345.0, y: 600.0 })
        .expect("tap the backdrop");
    assert!(
        until(
            tab,
            "!document.documentElement.classList.contains('menu-open')"
        ),
        "a tap on the backdrop closes the drawer"
    );
    assert!(
        js_true(tab, "document.activeElement.matches('button.menu-toggle') && document.querySelector('[inert]') === null"),
        "focus returns to the menu button and nothing stays inert"
    );
    // The search slot and the language menu stay in the 360 px header.
    let header = eval_json(
        tab,
        "JSON.stringify([...document.querySelectorAll('.site-header .header-tools > *, .language-menu > summary, .site-title')] \
         .filter(e => getComputedStyle(e).display !== 'none') \
         .map(e => { const r = e.getBoundingClientRect(); return [e.className || e.tagName, r.left, r.right]; }))",
    );
    for item in header.as_array().expect("header items") {
        let right = item[2].as_f64().unwrap_or(f64::MAX);
        assert!(right <= 360.0, "inside the 360 px header: {item}");
    }
    // Escape closes it too.
    click(tab, "button.menu-toggle");
    assert!(until(
        tab,
        "document.documentElement.classList.contains('menu-open')"
    ));
    press(tab, "Escape");
    assert!(
        until(tab, "!document.documentElement.classList.contains('menu-open') && document.activeElement.matches('button.menu-toggle')"),
        "Escape closes the drawer, focus on the menu button"
    );
}

/// The language menu opens from the keyboard and lists the other language,
/// linked to the same page.
fn language_menu_by_keyboard(tab: &Tab, page: &str) {
    viewport(tab, 360, 740, true);
    open(tab, page);
    eval(
        tab,
        "document.querySelector('.language-menu > summary').focus()",
    );
    press(tab, "Enter");
    assert!(
        until(tab, "document.querySelector('.language-menu').open"),
        "Enter opens the language menu"
    );
    press(tab, "Tab");
    let focused = eval(tab, "document.activeElement.getAttribute('href')");
    assert_eq!(
        focused,
        serde_json::json!(format!("/en/{SEED}")),
        "Tab reaches the English version of the page"
    );
    let fits = eval_json(
        tab,
        "JSON.stringify((() => { const r = document.querySelector('.language-menu ul').getBoundingClientRect(); return [r.left, r.right]; })())",
    );
    assert!(
        fits[0].as_f64().unwrap_or(-1.0) >= 0.0 && fits[1].as_f64().unwrap_or(999.0) <= 360.0,
        "the list fits the screen: {fits}"
    );
    press(tab, "Escape");
    assert!(
        until(tab, "!document.querySelector('.language-menu').open && document.activeElement.matches('.language-menu > summary')"),
        "Escape closes the list, focus back on its button"
    );
    press(tab, "Enter");
    press(tab, "Tab");
    press(tab, "Enter");
    assert!(
        until(
            tab,
            &format!(
                "location.pathname === '/en/{SEED}' && document.documentElement.lang === 'en-US'"
            )
        ),
        "Enter on the link goes to the same page in English"
    );
}

/// Below the TOC breakpoint, "On this page" is a disclosure on top of the
/// article, and the side TOC is hidden.
fn toc_disclosure_at_360(tab: &Tab, page: &str) {
    viewport(tab, 360, 740, true);
    open(tab, page);
    let state = eval_json(
        tab,
        "JSON.stringify((() => { const d = document.querySelector('article.content details.toc-inline'); \
         if (!d) return {missing: true}; const r = d.getBoundingClientRect(); \
         return {shown: r.height > 0 && r.right <= innerWidth, open: d.open, \
           side: getComputedStyle(document.querySelector('nav.toc')).display, \
           links: d.querySelectorAll('a').length, first: d === document.querySelector('article.content').firstElementChild || d.previousElementSibling?.tagName === 'H1' || d.previousElementSibling === null}; })())",
    );
    assert_eq!(
        state["shown"], true,
        "the disclosure shows at 360 px: {state}"
    );
    assert_eq!(state["open"], false, "it starts closed: {state}");
    assert_eq!(state["side"], "none", "the side TOC is hidden: {state}");
    assert!(state["links"].as_u64().unwrap_or(0) >= 2, "{state}");
    click(tab, "details.toc-inline > summary");
    assert!(
        until(tab, "document.querySelector('details.toc-inline').open"),
        "it opens"
    );
}

/// At 360 px a page's first diagram keeps labels of 12 px or more; one
/// too wide for the screen (`wide`) scrolls sideways in its own focusable
/// region with a hint, and the page never does. (The seed page's diagram
/// is narrow enough to fit.)
fn diagram_scrolls_at_360(tab: &Tab, page: &str, wide: bool) {
    viewport(tab, 360, 740, true);
    open(tab, page);
    let state = eval_json(
        tab,
        "JSON.stringify((() => { const d = document.querySelector('figure.diagram'); \
         const labels = [...d.querySelectorAll('svg text, svg foreignObject span, svg foreignObject div')] \
           .map(e => e.getBoundingClientRect().height).filter(h => h > 0); \
         const texts = [...d.querySelectorAll('svg .nodeLabel, svg text')]; \
         const sizes = texts.map(e => parseFloat(getComputedStyle(e).fontSize) * (d.querySelector('svg').getBoundingClientRect().width / (d.querySelector('svg').viewBox.baseVal.width || d.querySelector('svg').getBoundingClientRect().width))); \
         const before = d.scrollLeft; d.scrollLeft = 100; const moved = d.scrollLeft - before; \
         const hint = d.querySelector('.diagram-hint'); \
         return {minLabel: Math.min(...labels), minFont: Math.min(...sizes), moved, tabIndex: d.tabIndex, \
           hint: hint && hint.getBoundingClientRect().height > 0 && hint.textContent.length > 0, \
           pageScrolls: document.documentElement.scrollWidth > innerWidth}; })())",
    );
    assert!(
        state["minLabel"].as_f64().unwrap_or(0.0) >= 12.0,
        "label boxes ≥ 12 px: {state}"
    );
    assert!(
        state["minFont"].as_f64().unwrap_or(0.0) >= 12.0,
        "label text ≥ 12 px: {state}"
    );
    if wide {
        assert!(
            state["moved"].as_f64().unwrap_or(0.0) > 0.0,
            "the diagram region scrolls sideways: {state}"
        );
        assert_eq!(
            state["tabIndex"], 0,
            "the region takes keyboard focus: {state}"
        );
        assert_eq!(
            state["hint"], true,
            "a visible hint says it scrolls: {state}"
        );
    }
    assert_eq!(
        state["pageScrolls"], false,
        "the page itself does not scroll sideways: {state}"
    );
    if wide {
        eval(
            tab,
            "document.querySelector('figure.diagram').scrollIntoView({block: 'center'})",
        );
        let png = tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
            .expect("screenshot");
        std::fs::write(
            screenshots_dir().join("reading-diagram-en-360-light.png"),
            png,
        )
        .expect("write the screenshot");
    }
}

/// In the dark scheme no diagram keeps the renderer's fixed shadows, and
/// every pie slice and legend swatch is outlined in the text colour.
fn diagram_colours_in_the_dark(tab: &Tab, page: &str) {
    viewport(tab, 1280, 900, false);
    color_scheme(tab, "dark");
    open(tab, page);
    let state = eval_json(
        tab,
        "JSON.stringify((() => { const all = [...document.querySelectorAll('.diagram svg *')]; \
         const fg = getComputedStyle(document.body).color; \
         const swatches = [...document.querySelectorAll('.diagram svg :is(.pieCircle, .legend rect)')]; \
         return {shadows: all.filter(e => getComputedStyle(e).filter !== 'none').length, \
           swatches: swatches.length, unoutlined: swatches.filter(e => getComputedStyle(e).stroke !== fg).length}; })())",
    );
    assert_eq!(state["shadows"], 0, "no shadows: {state}");
    assert!(
        state["swatches"].as_u64().unwrap_or(0) >= 4,
        "the page has a pie chart: {state}"
    );
    assert_eq!(
        state["unoutlined"], 0,
        "every slice and swatch is outlined: {state}"
    );
    color_scheme(tab, "light");
}

/// On a wide screen the TOC marks the section scrolled to.
fn scrollspy_at_1280(tab: &Tab, page: &str) {
    viewport(tab, 1280, 900, false);
    open(tab, page);
    let target = eval(
        tab,
        "(() => { const links = [...document.querySelectorAll('nav.toc a')]; const a = links[Math.min(2, links.length - 1)]; \
         document.getElementById(decodeURIComponent(a.hash.slice(1))).scrollIntoView(); return a.hash; })()",
    );
    let target = target.as_str().expect("a TOC link").to_string();
    assert!(
        until(
            tab,
            &format!("document.querySelector('nav.toc a[aria-current]')?.hash === {target:?} && document.querySelectorAll('nav.toc a[aria-current]').length === 1")
        ),
        "the TOC marks {target}, marked: {}",
        eval(tab, "document.querySelector('nav.toc a[aria-current]')?.hash ?? null")
    );
}

/// A heading's `#` link points at the heading and copies its full URL.
fn heading_link_copies_its_url(tab: &Tab, server: &StaticServer, page: &str) {
    tab.call_method(GrantPermissions {
        permissions: vec![
            PermissionType::ClipboardReadWrite,
            PermissionType::ClipboardSanitizedWrite,
        ],
        origin: Some(server.origin()),
        browser_context_id: None,
    })
    .expect("grant clipboard permissions");
    viewport(tab, 1280, 900, false);
    open(tab, page);
    tab.bring_to_front().expect("focus the tab");
    let (id, label) = {
        let v = eval_json(
            tab,
            "JSON.stringify((() => { const h = document.querySelector('.content h2[id]'); const a = h.querySelector('a.heading-anchor'); \
             return [h.id, a.getAttribute('aria-label')]; })())",
        );
        (
            v[0].as_str().expect("id").to_string(),
            v[1].as_str().unwrap_or("").to_string(),
        )
    };
    assert!(
        label.len() > 2,
        "the # link has a label for screen readers: {label:?}"
    );
    eval(
        tab,
        "document.querySelector('.content h2[id] a.heading-anchor').focus()",
    );
    assert!(
        js_true(tab, "getComputedStyle(document.querySelector('.content h2[id] a.heading-anchor')).opacity === '1'"),
        "the # link shows when focused"
    );
    press(tab, "Enter");
    let expected = format!("{page}#{id}");
    assert!(
        until(
            tab,
            &format!("location.href === new URL({expected:?}).href")
        ),
        "the link goes to the heading"
    );
    let copied = common::browser::eval_async(tab, "navigator.clipboard.readText()")
        .expect("read the clipboard");
    let copied = copied.as_str().unwrap_or("").to_string();
    assert_eq!(
        eval(tab, &format!("decodeURIComponent({copied:?})")),
        serde_json::json!(expected),
        "the clipboard holds the heading's URL"
    );
}

/// The copy button never covers the first line of code.
fn copy_button_clear_of_code(tab: &Tab, page: &str) {
    for (width, height, mobile) in [(360, 740, true), (1280, 900, false)] {
        viewport(tab, width, height, mobile);
        open(tab, page);
        let overlaps = eval_json(
            tab,
            "JSON.stringify([...document.querySelectorAll('figure.code-block')].map(f => { \
               const b = f.querySelector('.copy-code'); const code = f.querySelector('pre code'); \
               if (!b || !code) return null; const range = document.createRange(); \
               const line = code.querySelector('.line') || code; range.selectNodeContents(line); \
               const l = [...range.getClientRects()].filter(r => r.width > 0)[0] || line.getBoundingClientRect(); \
               const pre = f.querySelector('pre').getBoundingClientRect(); \
               const lineBox = {left: pre.left, right: pre.right, top: l.top, bottom: l.bottom}; \
               const r = b.getBoundingClientRect(); \
               const overlap = r.left < lineBox.right && r.right > lineBox.left && r.top < lineBox.bottom && r.bottom > lineBox.top; \
               return overlap ? f.outerHTML.slice(0, 80) : null; }).filter(Boolean))",
        );
        assert_eq!(
            overlaps,
            serde_json::json!([]),
            "at {width} px no copy button sits on a first code line"
        );
    }
}

/// Printed, a page is its article: no header, sidebar, TOC or buttons;
/// links show their URL and admonitions keep their label.
fn print_leaves_the_article(tab: &Tab, page: &str) {
    viewport(tab, 1280, 900, false);
    open(tab, page);
    tab.call_method(SetEmulatedMedia {
        media: Some("print".into()),
        features: None,
    })
    .expect("emulate print");
    let state = eval_json(
        tab,
        "JSON.stringify((() => { const shown = s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none'); \
         const link = document.querySelector('.content a[href^=\"http\"], .content a[href^=\"/\"]'); \
         return {hidden: ['.site-header', '#yomu-sidebar', 'nav.toc', '.toc-inline', '.copy-code', '.heading-anchor', '.pager'].filter(shown), \
           linkUrl: link ? getComputedStyle(link, '::after').content : 'no link', href: link && link.getAttribute('href'), \
           label: getComputedStyle(document.querySelector('.admonition-title')).display}; })())",
    );
    tab.call_method(SetEmulatedMedia {
        media: Some(String::new()),
        features: None,
    })
    .expect("back to the screen");
    assert_eq!(
        state["hidden"],
        serde_json::json!([]),
        "printed without: {state}"
    );
    let href = state["href"].as_str().unwrap_or("?");
    assert!(
        state["linkUrl"].as_str().is_some_and(|c| c.contains(href)),
        "a link shows its URL: {state}"
    );
    assert_ne!(
        state["label"], "none",
        "the admonition keeps its label: {state}"
    );
}

/// Screenshots of the seed page, the open menu and the 404 page.
fn screenshots(session: &Session, url: &dyn Fn(&str) -> String) {
    let tab = &session.tab;
    let dir = screenshots_dir();
    for (width, height, mobile) in [(360u32, 740u32, true), (1280, 900, false)] {
        viewport(tab, width, height, mobile);
        for scheme in ["light", "dark"] {
            color_scheme(tab, scheme);
            for lang in ["ja", "en"] {
                let shoot = |name: &str| {
                    let png = tab
                        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                        .expect("screenshot");
                    assert!(png.starts_with(b"\x89PNG"), "{name}");
                    let file = dir.join(format!("reading-{name}-{lang}-{width}-{scheme}.png"));
                    std::fs::write(&file, png).expect("write the screenshot");
                };
                open(tab, &url(&format!("{lang}/{SEED}")));
                shoot("seed");
                if mobile {
                    click(tab, "button.menu-toggle");
                    assert!(until(
                        tab,
                        "document.documentElement.classList.contains('menu-open')"
                    ));
                    shoot("menu");
                }
                open(tab, &url(&format!("{lang}/no-such-page/")));
                shoot("404");
            }
        }
    }
}
