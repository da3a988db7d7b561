//! The explainer tools in real Chromium, on the bundled site built with the
//! `yomu` binary and served on localhost: glossary tooltips (keyboard,
//! hover, touch), FAQ questions opened by `#id`, tabs with arrow keys and a
//! synced choice across pages, and every tab panel and FAQ answer readable
//! without JavaScript.
//!
//! Skips, saying so, only when Chromium is missing and `CI` is unset.

mod common;

use common::browser::{
    eval, eval_json, launch, open, require_chromium, screenshots_dir, until, viewport, Session,
};
use common::static_server::{build_bundled_site, StaticServer};
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::Emulation::{
    MediaFeature, SetEmulatedMedia, SetScriptExecutionDisabled, SetTouchEmulationEnabled,
};
use headless_chrome::protocol::cdp::Input::{
    DispatchTouchEvent, DispatchTouchEventTypeOption, TouchPoint,
};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::Tab;

const GUIDE_EN: &str = "en/guide/explaining/";
const GUIDE_JA: &str = "ja/guide/explaining/";
const FAQ_EN: &str = "en/docs/faq/";
const SEED_JA: &str = "ja/docs/misskey-and-misskey-servers/";

struct Setup {
    _built: tempfile::TempDir,
    server: StaticServer,
    session: Session,
}

fn setup(width: u32, height: u32) -> Option<Setup> {
    let chromium = require_chromium()?;
    let built = build_bundled_site();
    let server = StaticServer::start(&built.path().join("public"), "/");
    let session = launch(&chromium, width, height);
    Some(Setup {
        _built: built,
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
}

/// The tooltip of the first term on the page: its state as JSON.
fn first_tip(tab: &Tab) -> serde_json::Value {
    eval_json(
        tab,
        r#"(() => {
  const link = document.querySelector('main a.term[data-short]');
  const tip = link && document.getElementById(link.getAttribute('aria-describedby'));
  if (!tip) return JSON.stringify({missing: true});
  const r = tip.getBoundingClientRect();
  return JSON.stringify({role: tip.getAttribute('role'), text: tip.textContent,
    short: link.dataset.short, shown: !tip.hidden && r.width > 0,
    html: tip.querySelector('b, i, script') !== null, moreLinks: tip.querySelectorAll('a').length,
    underline: getComputedStyle(link).textDecorationStyle,
    tip: [r.left + r.width / 2, r.top + r.height / 2], link: (b => [b.left + 4, b.top + b.height / 2])(link.getBoundingClientRect())});
})()"#,
    )
}

fn point(value: &serde_json::Value) -> Point {
    Point {
        x: value[0].as_f64().expect("x"),
        y: value[1].as_f64().expect("y"),
    }
}

#[test]
fn tooltip_shows_on_keyboard_focus_and_hides_on_escape() {
    let Some(s) = setup(1200, 900) else { return };
    let tab = s.tab();
    open(tab, &s.url(SEED_JA));
    let before = first_tip(tab);
    assert_eq!(before["role"], "tooltip", "{before}");
    assert_eq!(before["shown"], false, "{before}");
    assert_eq!(
        before["underline"], "dotted",
        "marked by a dotted underline"
    );
    // Keyboard focus: Tab from the start of <main> reaches the first term.
    eval(tab, "document.querySelector('main h1').setAttribute('tabindex','-1'); document.querySelector('main h1').focus()");
    let mut reached = false;
    for _ in 0..15 {
        tab.press_key("Tab").expect("Tab");
        if eval(tab, "document.activeElement.matches('a.term')") == serde_json::Value::Bool(true) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached a term");
    let focused = eval_json(
        tab,
        r#"(() => { const l = document.activeElement, t = document.getElementById(l.getAttribute('aria-describedby'));
  return JSON.stringify({shown: !t.hidden, text: t.textContent, short: l.dataset.short}); })()"#,
    );
    assert_eq!(focused["shown"], true, "{focused}");
    assert_eq!(focused["text"], focused["short"], "plain text of `short`");
    tab.press_key("Escape").expect("Escape");
    assert!(
        until(tab, "(l => document.getElementById(l.getAttribute('aria-describedby')).hidden)(document.activeElement)"),
        "Escape dismisses the tooltip"
    );
}

#[test]
fn hovering_the_tooltip_keeps_it_open() {
    let Some(s) = setup(1200, 900) else { return };
    let tab = s.tab();
    open(tab, &s.url(SEED_JA));
    eval(
        tab,
        "document.querySelector('main a.term[data-short]').scrollIntoView({block: 'center'})",
    );
    let tip = first_tip(tab);
    tab.move_mouse_to_point(point(&tip["link"]))
        .expect("hover the term");
    assert!(
        until(tab, "!!document.querySelector('.term-tip:not([hidden])')"),
        "hover shows it"
    );
    let shown = first_tip(tab);
    assert_eq!(shown["shown"], true, "{shown}");
    // Onto the tooltip itself: it stays, with no timeout.
    tab.move_mouse_to_point(point(&shown["tip"]))
        .expect("hover the tooltip");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        first_tip(tab)["shown"],
        true,
        "the pointer can move onto the tooltip"
    );
    tab.move_mouse_to_point(Point { x: 5.0, y: 850.0 })
        .expect("leave");
    assert!(
        until(tab, "!document.querySelector('.term-tip:not([hidden])')"),
        "leaving hides it"
    );
}

/// Emulates the media features `hover` and `pointer`.
fn pointer(tab: &Tab, hover: &str, pointer: &str) {
    let feature = |name: &str, value: &str| MediaFeature {
        name: name.into(),
        value: value.into(),
    };
    tab.call_method(SetEmulatedMedia {
        media: None,
        features: Some(vec![feature("hover", hover), feature("pointer", pointer)]),
    })
    .expect("emulate hover and pointer");
}

fn tap(tab: &Tab, at: Point) {
    let touch = |kind, points| DispatchTouchEvent {
        Type: kind,
        touch_points: points,
        modifiers: None,
        timestamp: None,
    };
    let p = TouchPoint {
        x: at.x,
        y: at.y,
        radius_x: None,
        radius_y: None,
        rotation_angle: None,
        force: None,
        tangential_pressure: None,
        tilt_x: None,
        tilt_y: None,
        twist: None,
        id: None,
    };
    tab.call_method(touch(DispatchTouchEventTypeOption::TouchStart, vec![p]))
        .expect("touch start");
    tab.call_method(touch(DispatchTouchEventTypeOption::TouchEnd, vec![]))
        .expect("touch end");
}

#[test]
fn on_a_touch_screen_the_first_tap_opens_the_popover_and_the_second_follows() {
    let Some(s) = setup(360, 740) else { return };
    let tab = s.tab();
    viewport(tab, 360, 740, true);
    tab.call_method(SetTouchEmulationEnabled {
        enabled: true,
        max_touch_points: Some(5),
    })
    .expect("touch emulation");
    pointer(tab, "none", "coarse");
    open(tab, &s.url(SEED_JA));
    assert_eq!(eval(tab, "matchMedia('(hover: none)').matches"), true);
    eval(
        tab,
        "document.querySelector('main a.term[data-short]').scrollIntoView({block: 'center'})",
    );
    let href = eval(
        tab,
        "document.querySelector('main a.term[data-short]').href",
    );
    let here = eval(tab, "location.href");
    tap(tab, point(&first_tip(tab)["link"]));
    assert!(
        until(tab, "!!document.querySelector('.term-tip:not([hidden])')"),
        "the first tap opens the popover"
    );
    let popover = first_tip(tab);
    assert_eq!(popover["moreLinks"], 1, "with a 'more' link: {popover}");
    assert_eq!(
        eval(tab, "location.href"),
        here,
        "the first tap does not navigate"
    );
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    std::fs::write(screenshots_dir().join("explain-touch-popover.png"), png).expect("save");
    let right = eval(
        tab,
        "document.querySelector('.term-tip:not([hidden])').getBoundingClientRect().right",
    );
    assert!(
        right.as_f64().unwrap_or(f64::MAX) <= 360.0,
        "the popover fits in 360 px: {right}"
    );
    eval(tab, "window.yomuLeaving = true");
    tap(tab, point(&popover["link"]));
    assert!(
        until(tab, &format!("location.href === {href}")),
        "the second tap follows the link to {href}; at {}",
        eval(tab, "location.href")
    );
}

#[test]
fn a_link_to_a_question_opens_it() {
    let Some(s) = setup(1200, 900) else { return };
    let tab = s.tab();
    open(tab, &s.url(&format!("{FAQ_EN}#can-i-run-a-server")));
    assert!(until(
        tab,
        "document.getElementById('can-i-run-a-server').closest('details').open"
    ));
    let top = eval(
        tab,
        "document.getElementById('can-i-run-a-server').getBoundingClientRect().top",
    );
    let top = top.as_f64().expect("top");
    assert!(
        (0.0..450.0).contains(&top),
        "scrolled to the question: top {top}"
    );
    assert_eq!(
        eval(
            tab,
            "document.querySelectorAll('details.faq-item[open]').length"
        ),
        1
    );
    // Expand all opens every answer.
    tab.find_element("button.faq-expand")
        .expect("expand all")
        .click()
        .expect("click");
    assert!(until(
        tab,
        "[...document.querySelectorAll('details.faq-item')].every(d => d.open)"
    ));
    assert_eq!(
        eval(
            tab,
            "document.querySelectorAll('nav.faq-questions li').length"
        ),
        6
    );
}

#[test]
fn tabs_follow_arrow_keys_and_the_synced_choice_follows_the_reader() {
    let Some(s) = setup(1200, 900) else { return };
    let tab = s.tab();
    open(tab, &s.url(GUIDE_EN));
    let state = |tab: &Tab| {
        eval_json(
            tab,
            r#"JSON.stringify([...document.querySelectorAll('.tabs [role=tab]')].map(t => [t.textContent,
  t.getAttribute('aria-selected'), document.getElementById(t.getAttribute('aria-controls')).hidden, document.activeElement === t]))"#,
        )
    };
    assert_eq!(
        state(tab)[0],
        serde_json::json!(["iOS", "true", false, false])
    );
    eval(
        tab,
        "document.querySelector('.tabs [role=tab][aria-selected=true]').focus()",
    );
    tab.press_key("ArrowRight").expect("ArrowRight");
    let after = state(tab);
    assert_eq!(
        after[1],
        serde_json::json!(["Android", "true", false, true]),
        "{after}"
    );
    assert_eq!(
        after[0],
        serde_json::json!(["iOS", "false", true, false]),
        "{after}"
    );
    tab.press_key("ArrowLeft").expect("ArrowLeft");
    tab.press_key("ArrowLeft").expect("ArrowLeft");
    assert_eq!(state(tab)[2][1], "true", "ArrowLeft wraps to the last tab");
    tab.press_key("Home").expect("Home");
    tab.press_key("ArrowRight").expect("ArrowRight");
    // Another page with the same sync key opens the same choice.
    open(tab, &s.url(GUIDE_JA));
    let synced = state(tab);
    assert_eq!(
        synced[1],
        serde_json::json!(["Android", "true", false, false]),
        "{synced}"
    );
    assert_eq!(synced[0][1], "false", "{synced}");
}

/// Loads `url` with scripts off, then turns them back on for the test's
/// own queries: the page's scripts, skipped at load, never run.
fn load_without_scripts(tab: &Tab, url: &str) {
    tab.call_method(SetScriptExecutionDisabled { value: true })
        .expect("JavaScript off");
    tab.navigate_to(url).expect("open");
    tab.wait_until_navigated().expect("loaded");
    tab.call_method(SetScriptExecutionDisabled { value: false })
        .expect("JavaScript on for the test");
    assert!(until(tab, "document.readyState === 'complete'"));
}

#[test]
fn without_javascript_every_tab_panel_and_faq_answer_is_readable() {
    let Some(s) = setup(1200, 900) else { return };
    let tab = s.tab();
    load_without_scripts(tab, &s.url(GUIDE_EN));
    let panels = tab.find_elements(".tab-panel").expect("panels");
    assert_eq!(panels.len(), 3);
    for panel in &panels {
        let text = panel.get_inner_text().expect("text");
        assert!(
            panel.get_box_model().is_ok_and(|b| b.width > 0.0),
            "panel hidden: {text}"
        );
        let label = panel
            .get_attribute_value("data-label")
            .expect("attr")
            .unwrap_or_default();
        assert!(
            text.starts_with(&label),
            "each panel is headed by its label: {text:?}"
        );
    }
    assert!(
        tab.find_elements("[role=tablist]").is_err(),
        "no tablist without JavaScript"
    );

    load_without_scripts(tab, &s.url(FAQ_EN));
    assert_eq!(
        eval(
            tab,
            "document.querySelectorAll('.faq-expand, .term-wrap').length"
        ),
        0,
        "the theme's scripts did not run"
    );
    // The reader opens each question: <details> needs no script for that.
    let opened = eval(tab, "[...document.querySelectorAll('details.faq-item > summary')].map(s => (s.click(), s.parentElement.open)).filter(Boolean).length");
    assert_eq!(opened, 6);
    let answers = tab.find_elements(".faq-answer").expect("answers");
    for answer in &answers {
        let width = answer.get_box_model().map(|b| b.width).unwrap_or(0.0);
        assert!(
            width > 0.0,
            "a closed answer: {:?}",
            answer.get_inner_text()
        );
        assert!(!answer
            .get_inner_text()
            .unwrap_or_default()
            .trim()
            .is_empty());
    }
}
