//! `yomu serve` keeps its caches bounded: saves of a page with a large
//! code block and a diagram leave one copy of each in the caches, not one
//! per save; pages that were not edited keep theirs; and a small budget
//! is never exceeded. The 1,000-save run with RSS figures is
//! `bench/serve_memory.sh`.

mod common;

use common::Fixture;
use std::fmt::Write;
use yomu::build::BuildOptions;
use yomu::serve::incremental::Rebuilder;
use yomu::serve::state::Served;

const SAVES: usize = 50;

/// A page with a `lines`-line Rust block and a flowchart of `nodes`
/// nodes, with `version` written into one line of each.
fn page(lines: usize, nodes: usize, version: usize) -> String {
    let mut text = String::from("# Big\n\n```rust\n");
    for i in 0..lines {
        let _ = writeln!(text, "let value_{i} = compute({i}, \"text\");");
    }
    let _ = writeln!(
        text,
        "let version = {version};\n```\n\n```mermaid\nflowchart TD"
    );
    for i in 1..nodes {
        let _ = writeln!(text, "  n{} --> n{i}", i / 2);
    }
    let _ = writeln!(text, "  n0[Version {version}]\n```");
    text
}

fn one_language() -> Fixture {
    Fixture::with_config(
        "title: T\nbase_url: https://example.org/\ndefault_language: en-US\n\
         languages:\n  - code: en-US\n    name: English\n    path: en\n",
    )
}

fn rebuild(rebuilder: &mut Rebuilder, current: &mut Served, changed: &std::path::Path) {
    let rebuilt = rebuilder.rebuild(current, &[changed.to_path_buf()]);
    assert!(!rebuilt.failed, "{:?}", rebuilt.diagnostics);
    *current = rebuilt.served.expect("a new site");
}

#[test]
fn saves_leave_one_copy_of_each_block_and_diagram_and_keep_other_pages() {
    let site = one_language();
    site.write("content/en-US/big.md", &page(300, 40, 0));
    site.write("content/en-US/other.md", &page(200, 20, 1_000_000));
    let budget = 256 << 20;
    let mut rebuilder = Rebuilder::with_cache_budget(site.root(), BuildOptions::default(), budget);
    let first = rebuilder.build();
    assert!(!first.failed, "{:?}", first.diagnostics);
    let mut current = first.served.expect("site");
    let start = rebuilder.cache_bytes();
    assert!(start.highlighted > 0 && start.diagrams > 0, "{start:?}");

    let big = site.path("content/en-US/big.md");
    for version in 1..=SAVES {
        std::fs::write(&big, page(300, 40, version)).expect("save");
        rebuild(&mut rebuilder, &mut current, &big);
        assert!(rebuilder.cache_bytes().total() <= budget);
    }
    let html = current.output.get("en/big/index.html").expect("the page");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("Version 50"), "the last save is served");
    assert!(html.contains("hl-"), "the code is highlighted");

    // Each save's block and diagram replaced the one before: the caches
    // hold about what they held after the first build (the other page's
    // entries included: it was not rendered again, yet is still there).
    let end = rebuilder.cache_bytes();
    let about = |now: usize, then: usize| now * 10 >= then * 9 && now * 10 <= then * 11;
    assert!(
        about(end.highlighted, start.highlighted),
        "{start:?} → {end:?}"
    );
    assert!(about(end.diagrams, start.diagrams), "{start:?} → {end:?}");

    // Deleting a page drops its entries at the next rebuild.
    let other = site.path("content/en-US/other.md");
    std::fs::remove_file(&other).expect("delete");
    rebuild(&mut rebuilder, &mut current, &other);
    let gone = rebuilder.cache_bytes();
    assert!(
        gone.highlighted < end.highlighted * 3 / 4,
        "{end:?} → {gone:?}"
    );
    assert!(gone.diagrams < end.diagrams, "{end:?} → {gone:?}");
}

#[test]
fn a_small_budget_is_never_exceeded_and_every_page_still_builds() {
    let site = one_language();
    // Blocks of 40 lines, so one fits the code blocks' share of the budget
    // (half of it); a block heavier than its share is never kept at all.
    for n in 0..12 {
        site.write(&format!("content/en-US/p{n}.md"), &page(40, 10, n));
    }
    let budget = 256 << 10;
    let mut rebuilder = Rebuilder::with_cache_budget(site.root(), BuildOptions::default(), budget);
    let first = rebuilder.build();
    assert!(!first.failed, "{:?}", first.diagnostics);
    let mut current = first.served.expect("site");
    let bytes = rebuilder.cache_bytes();
    assert!(bytes.total() <= budget, "{bytes:?}");
    assert!(bytes.highlighted > 0, "{bytes:?}");
    for save in 0..10 {
        let path = site.path(&format!("content/en-US/p{save}.md"));
        std::fs::write(&path, page(40, 10, 100 + save)).expect("save");
        rebuild(&mut rebuilder, &mut current, &path);
        let bytes = rebuilder.cache_bytes();
        assert!(bytes.total() <= budget, "{bytes:?}");
    }
    for n in 0..12 {
        let html = current
            .output
            .get(&format!("en/p{n}/index.html"))
            .unwrap_or_else(|| panic!("page {n}"));
        let html = String::from_utf8_lossy(&html);
        assert!(html.contains("hl-") && html.contains("<svg"), "page {n}");
    }
}
