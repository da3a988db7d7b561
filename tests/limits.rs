//! Bounded work per input: a code block with an over-long line, and
//! diagrams past their caps, are shown as text with a diagnostic at the
//! block's line, quickly. (The timings themselves are measured by
//! `bench/pathological.sh`.)

mod common;

use common::Fixture;
use std::time::{Duration, Instant};
use yomu::diagnostics::Diagnostic;

const PAGE: &str = "content/en-US/index.md";

/// Builds a site whose English home page is `body`, in less than
/// `within`; the page and the diagnostics about it.
fn build_page(body: &str, within: Duration) -> (common::Page, Vec<Diagnostic>) {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write(PAGE, body);
    let started = Instant::now();
    let result = f.build();
    let took = started.elapsed();
    assert!(took < within, "took {took:?}");
    let output = result.output.expect("the site still builds");
    let html = output.get("en/index.html").expect("the page is written");
    let page = common::Page(scraper::Html::parse_document(&String::from_utf8_lossy(
        &html,
    )));
    let about_page = result
        .diagnostics
        .into_iter()
        .filter(|d| d.file.as_deref() == Some(std::path::Path::new(PAGE)))
        .collect();
    (page, about_page)
}

fn only<'a>(diagnostics: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let of_code: Vec<_> = diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(of_code.len(), 1, "{diagnostics:?}");
    of_code[0]
}

#[test]
fn a_long_line_leaves_its_block_plain_with_a_warning() {
    let long = format!("echo {}", "_".repeat(100_000));
    let body = format!("# Home\n\n```sh\necho short\n{long}\n```\n\n```sh\necho fine\n```\n");
    let (page, diagnostics) = build_page(&body, Duration::from_secs(10));

    let warning = only(&diagnostics, "highlight");
    assert!(!warning.is_error());
    assert_eq!(warning.line, 3, "at the block's fence");
    assert!(
        warning
            .message
            .contains("line 5 has 100005 characters, more than the 5000"),
        "{warning}"
    );

    // The plain block keeps the markup of a code block, line by line,
    // without highlighting; the other block is highlighted.
    let blocks = page.count("figure.code-block[data-lang=sh] pre.hl-code code.language-sh");
    assert_eq!(blocks, 2);
    let lines = page.texts("figure.code-block:first-of-type span.line");
    assert_eq!(lines, ["echo short", long.as_str()]);
    assert_eq!(
        page.count("figure.code-block:first-of-type span[class^=hl-]"),
        0
    );
    assert!(page.count("figure.code-block:last-of-type span[class^=hl-]") > 0);
}

#[cfg(feature = "diagrams")]
mod diagrams {
    use super::*;

    /// The page's one diagram is refused: an error at the fence naming
    /// `limit`, and the source shown in its place.
    fn refused(source: &str, limit: &str) {
        let body = format!("# Home\n\nText.\n\n```mermaid\n{source}```\n");
        let (page, diagnostics) = build_page(&body, Duration::from_secs(10));
        let error = only(&diagnostics, "diagram");
        assert!(error.is_error());
        assert_eq!(error.line, 5, "at the fence: {error}");
        assert!(error.message.contains(limit), "{error}");
        assert_eq!(page.count("figure.diagram svg"), 0);
        let shown = page.texts("figure.diagram-source code.language-mermaid");
        assert_eq!(shown, [source.trim()]);
    }

    #[test]
    fn a_gantt_chart_over_a_century_shows_its_source() {
        refused(
            "gantt\n  dateFormat YYYY-MM-DD\n  excludes weekends\n  section S\n  T :t1, 2024-01-01, 99999999d\n",
            "spans 99999999 days, more than the 36525",
        );
    }

    #[test]
    fn thousands_of_self_loops_show_their_source() {
        let loops: String = (0..2_000).map(|i| format!("  n{i}-->n{i}\n")).collect();
        refused(
            &format!("flowchart TD\n{loops}"),
            "2000 self-loops (edges from a node to itself), more than the 100",
        );
    }
}
