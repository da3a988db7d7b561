//! Real Chromium over the DevTools protocol (headless_chrome, no
//! WebDriver), shared by every browser test, and the external tools the
//! checks use (vnu-jar, axe-core, Java).
//!
//! The DEVELOPERS rule: a browser test may skip only when the tool is
//! absent AND env `CI` is unset, printing a line saying so; with `CI` set
//! a missing tool fails the test. [`require`] implements it.

use headless_chrome::protocol::cdp::Emulation::{
    MediaFeature, SetDeviceMetricsOverride, SetEmulatedMedia,
};
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long [`until`] waits by default.
pub const WAIT: Duration = Duration::from_secs(20);

/// The Chromium binary: `YOMU_CHROMIUM`, else the usual system paths.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("YOMU_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// The skip rule: `Some(found)`; or, when `found` is `None`, a printed
/// skip line (CI unset) or a panic naming how to install it (CI set).
pub fn require<T>(found: Option<T>, what: &str, install: &str) -> Option<T> {
    if found.is_some() {
        return found;
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {what} is not installed ({install})");
    }
    println!("skipping: {what} is not installed (and CI is unset); install with: {install}");
    None
}

/// [`chromium`] under the skip rule.
pub fn require_chromium() -> Option<PathBuf> {
    require(
        chromium(),
        "Chromium",
        "apt-get install chromium chromium-driver",
    )
}

/// A launched headless Chromium with its own throwaway profile (so
/// localStorage starts empty); the browser is closed when dropped.
pub struct Session {
    pub browser: Browser,
    pub tab: Arc<Tab>,
    _profile: tempfile::TempDir,
}

/// Launches Chromium with a window of `width` x `height` and opens a tab.
pub fn launch(chromium: &Path, width: u32, height: u32) -> Session {
    let profile = tempfile::tempdir().expect("profile dir");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(180))
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("launch Chromium");
    let tab = browser.new_tab().expect("tab");
    Session {
        browser,
        tab,
        _profile: profile,
    }
}

/// Evaluates `js` and returns its value (`Null` on any error or when the
/// value is not serialisable).
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or(serde_json::Value::Null)
}

/// Evaluates `js`, awaiting it if it is a promise; errors (a rejected
/// promise, an exception) come back as `Err` with their description.
pub fn eval_async(tab: &Tab, js: &str) -> Result<serde_json::Value, String> {
    let result = tab.evaluate(js, true).map_err(|e| e.to_string())?;
    if result.subtype.as_ref().is_some_and(|s| {
        matches!(
            s,
            headless_chrome::protocol::cdp::Runtime::RemoteObjectSubtype::Error
        )
    }) {
        return Err(result.description.unwrap_or_default());
    }
    Ok(result.value.unwrap_or(serde_json::Value::Null))
}

/// Evaluates `js` (a JSON.stringify(…) expression) and parses the string.
pub fn eval_json(tab: &Tab, js: &str) -> serde_json::Value {
    let value = eval(tab, js);
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{js} gave no JSON string: {value}"));
    serde_json::from_str(text).expect("JSON from the page")
}

/// Polls `js` until it is `true`, for [`WAIT`] at most.
pub fn until(tab: &Tab, js: &str) -> bool {
    until_for(tab, js, WAIT)
}

pub fn until_for(tab: &Tab, js: &str, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    while Instant::now() < deadline {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Opens `url` (or reloads it) and waits until the new document has
/// loaded. (headless_chrome's `wait_until_navigated` waits for the network
/// to idle for half a second on top of that.)
pub fn open(tab: &Tab, url: &str) {
    eval(tab, "window.yomuLeaving = true");
    tab.navigate_to(url)
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    assert!(
        until(
            tab,
            "window.yomuLeaving !== true && document.readyState === 'complete'"
        ),
        "{url} never finished loading"
    );
}

/// Emulates `prefers-color-scheme: light` or `dark`.
pub fn color_scheme(tab: &Tab, scheme: &str) {
    tab.call_method(SetEmulatedMedia {
        media: None,
        features: Some(vec![MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .expect("emulate the colour scheme");
}

/// Emulates a viewport of `width` x `height` CSS pixels (a phone when
/// `mobile`: the viewport meta tag applies).
pub fn viewport(tab: &Tab, width: u32, height: u32, mobile: bool) {
    tab.call_method(SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("emulate the viewport");
}

/// `target/screenshots/` in the repository, created.
pub fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

/// Where the npm tools are installed: `YOMU_TOOLS_DIR`, else
/// `target/tools` (`npm install --prefix target/tools axe-core vnu-jar`,
/// as `.ci/run` does).
pub fn tools_dir() -> PathBuf {
    std::env::var_os("YOMU_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools"))
}

/// How `.ci/run` installs them (the versions are pinned there).
pub const TOOLS_INSTALL: &str = "npm install --no-save --no-audit --no-fund --ignore-scripts \
    --prefix target/tools axe-core@4.14.1 vnu-jar@26.9.27";

/// `node_modules/axe-core/axe.min.js`, if installed.
pub fn axe_js() -> Option<PathBuf> {
    Some(tools_dir().join("node_modules/axe-core/axe.min.js")).filter(|p| p.is_file())
}

/// `node_modules/vnu-jar/build/dist/vnu.jar`, if installed.
pub fn vnu_jar() -> Option<PathBuf> {
    Some(tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")).filter(|p| p.is_file())
}

/// A `java` that runs (`JAVA`, else `java` on the PATH).
pub fn java() -> Option<PathBuf> {
    let java = std::env::var_os("JAVA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("java"));
    std::process::Command::new(&java)
        .arg("-version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| java)
}

/// Relative luminance of a computed colour: `rgb(r, g, b)`, `rgba(…)` or
/// `color(srgb r g b)`.
pub fn luminance(css: &str) -> f64 {
    let inner = css
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a colour: {css}"));
    let srgb = inner.starts_with("srgb");
    let parts: Vec<f64> = inner
        .trim_start_matches("srgb")
        .split([',', ' ', '/'])
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    assert!(parts.len() >= 3, "not a colour: {css}");
    let channel = |v: f64| {
        let c = if srgb { v } else { v / 255.0 };
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(parts[0]) + 0.7152 * channel(parts[1]) + 0.0722 * channel(parts[2])
}

/// WCAG contrast ratio of two relative luminances.
pub fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}
