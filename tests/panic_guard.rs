//! A panic inside yomu (or a crate it uses) while handling one page is an
//! `error[internal]` diagnostic on that page, never a crash: the rest of
//! the site is still checked, and nothing of Rust's panic text reaches the
//! terminal. The triggers are real: a page that makes pulldown-cmark 0.13.6
//! slice out of bounds, and a template expression that makes Tera unwrap a
//! float overflow.

mod common;

use common::Fixture;
use scraper::{Html, Selector};
use std::path::Path;
use yomu::diagnostics::Diagnostic;

/// Twelve bytes that make pulldown-cmark (heading attributes on) panic
/// with "begin > end when slicing".
const CRASH_PAGE: &str = ">,\n>  {}\n>-\n";

/// `1e308 + 1e308` in Tera: the sum is infinite and Tera unwraps
/// `Number::from_f64(inf)`, which is `None`.
fn overflowing_sum() -> String {
    let big = format!("1{}.0", "0".repeat(308));
    format!("{{{{ {big} + {big} }}}}")
}

fn site_with_crash_page() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n本文。\n")
        .write("content/ja-JP/other.md", "# 他\n\n[壊れた](./missing.md)\n")
        .write("content/en-US/index.md", CRASH_PAGE)
        .write("content/en-US/other.md", "# Other\n\nBody.\n");
    f
}

fn internal<'a>(diagnostics: &'a [Diagnostic], file: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.code == "internal" && d.file.as_deref() == Some(Path::new(file)))
        .unwrap_or_else(|| panic!("no error[internal] on {file}: {diagnostics:#?}"))
}

fn html(result: &yomu::build::BuildResult, path: &str) -> Html {
    let output = result.output.as_ref().expect("the site loads");
    let bytes = output.get(path).unwrap_or_else(|| panic!("no {path}"));
    Html::parse_document(&String::from_utf8_lossy(&bytes))
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("selector");
    page.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn the_crash_page_is_an_internal_error_and_the_rest_is_still_checked() {
    let f = site_with_crash_page();
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1, "exit 1, not a panic's 101\n{}", run.stderr);
    let internal = run
        .stderr
        .split("\n\n")
        .find(|d| d.starts_with("error[internal]:"))
        .unwrap_or_else(|| panic!("no error[internal]:\n{}", run.stderr));
    assert!(
        internal.contains("--> content/en-US/index.md"),
        "{internal}"
    );
    assert!(
        internal.contains("rendering the Markdown") && internal.contains("please report it"),
        "{internal}"
    );
    assert!(
        !run.stderr.contains("panicked at") && !run.stderr.contains("RUST_BACKTRACE"),
        "Rust's panic text must not reach the terminal:\n{}",
        run.stderr
    );
    // The other pages are still checked.
    assert!(
        run.stderr.contains("error[link]") && run.stderr.contains("content/ja-JP/other.md:3"),
        "{}",
        run.stderr
    );

    let json = f.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let of = |code: &str| {
        diagnostics
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["file"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("internal"), ["content/en-US/index.md"]);
    assert_eq!(of("link"), ["content/ja-JP/other.md"]);

    // `build` fails as on any error, and writes nothing.
    let build = f.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains("error[internal]"), "{}", build.stderr);
    assert!(!f.path("public").exists());
}

#[test]
fn the_other_pages_render_around_the_crash_page() {
    let f = site_with_crash_page();
    let result = f.build();
    let d = internal(&result.diagnostics, "content/en-US/index.md");
    assert!(d.message.contains("rendering the Markdown"), "{d}");
    assert_eq!(
        texts(&html(&result, "en/other/index.html"), "main h1"),
        ["Other"]
    );
    assert_eq!(
        texts(&html(&result, "ja/index.html"), "main h1"),
        ["ホーム"]
    );
    // The crash page shows its source as plain text.
    let crashed = html(&result, "en/index.html");
    assert!(texts(&crashed, "main pre").contains(&CRASH_PAGE.trim_end().to_string()));
}

#[test]
fn a_panic_in_a_component_template_is_reported_at_the_container() {
    let f = site_with_crash_page();
    f.write("content/en-US/index.md", "# Home\n\nText.\n\n::boom\n")
        .write("components/boom.html", &overflowing_sum());
    let result = f.build();
    let d = internal(&result.diagnostics, "content/en-US/index.md");
    assert_eq!(d.line, 5, "{d}");
    assert!(
        d.message.contains("rendering the component `::boom`"),
        "{d}"
    );
    let page = html(&result, "en/index.html");
    assert!(texts(&page, "main p").contains(&"Text.".to_string()));
}

#[test]
fn a_panic_in_the_layout_is_reported_on_the_page() {
    let f = site_with_crash_page();
    f.write("content/en-US/index.md", "---\ntitle: Boom\n---\nText.\n")
        .write(
            "templates/page.html",
            &format!(
                "<!DOCTYPE html>\n<html lang=\"{{{{ lang }}}}\"><head><title>{{{{ page.title }}}}</title></head>\
                 <body><nav>{{{{ sidebar | safe }}}}</nav><main>{{% if page.title == \"Boom\" %}}{}{{% endif %}}{{{{ page.content | safe }}}}</main></body></html>\n",
                overflowing_sum()
            ),
        );
    let result = f.build();
    let d = internal(&result.diagnostics, "content/en-US/index.md");
    assert!(
        d.message.contains("rendering the template `page.html`"),
        "{d}"
    );
    assert!(!result
        .output
        .as_ref()
        .expect("output")
        .files
        .contains_key("en/index.html"));
    assert_eq!(
        texts(&html(&result, "en/other/index.html"), "main h1"),
        ["Other"]
    );
}
