//! Term linking inside the Markdown stage: snapshots of the HTML for the
//! linking modes and for the places terms are never linked.

mod common;

use common::renderers::{diagrams, highlighter, ExternalLinks, KeyUi, NoComponents};
use std::path::Path;
use yomu::config::GlossaryLink;
use yomu::load::glossary::{self, Glossary};
use yomu::markdown::*;

fn glossary() -> Glossary {
    let mut diagnostics = Vec::new();
    let g = glossary::parse(
        "terms:\n  - id: server\n    term: サーバー\n    short: 人が集まる場所 <b>\n  - id: misskey\n    term: Misskey\n    short: software\n",
        Path::new("glossary/ja-JP.yaml"),
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    g
}

fn render_with(source: &str, mode: GlossaryLink) -> RenderedMarkdown {
    let g = glossary();
    let links = TermLinks::new(&g, "/ja/glossary/");
    let page_glossary = PageGlossary {
        glossary: &g,
        links: &links,
        mode,
        own: &[],
    };
    let ctx = MarkdownContext {
        file: Path::new("content/ja-JP/page.md"),
        line_offset: 0,
        lang: "ja-JP",
        ui: &KeyUi,
        links: &ExternalLinks,
        components: &NoComponents,
        highlighter: highlighter(),
        diagrams: diagrams(),
        glossary: Some(&page_glossary),
        search: true,
    };
    render(source, &ctx)
}

const PAGE: &str = "\
# サーバーとは

サーバーを選びます。もう一度サーバー。

## 二つ目の節

サーバーとMisskey。
";

#[test]
fn first_per_page() {
    insta::assert_snapshot!(render_with(PAGE, GlossaryLink::FirstPerPage).html);
}

#[test]
fn first_per_section() {
    insta::assert_snapshot!(render_with(PAGE, GlossaryLink::FirstPerSection).html);
}

#[test]
fn every_occurrence() {
    insta::assert_snapshot!(render_with(PAGE, GlossaryLink::Every).html);
}

#[test]
fn linked_terms_keep_their_text_for_search() {
    let r = render_with(
        "サーバーと:term[鯖]{server}と:term[x]{none}。\n",
        GlossaryLink::Every,
    );
    assert_eq!(r.search[0].body, "サーバーと鯖とx。");
}

#[test]
fn off_still_links_explicit_references() {
    let r = render_with("サーバーと:term[鯖]{server}。\n", GlossaryLink::Off);
    insta::assert_snapshot!(r.html);
    // The first entry, `server`.
    assert_eq!(r.terms, [0]);
}

#[test]
fn never_inside_code_links_headings_summary_or_raw_html() {
    let source = "\
## サーバー

`サーバー` と [サーバー](https://example.org/) と <a href=\"/x\">サーバー</a>。

<details><summary>サーバー</summary>

本文のサーバー。

</details>

<div>サーバー</div>

```
サーバー
```
";
    let r = render_with(source, GlossaryLink::Every);
    insta::assert_snapshot!(r.html);
    assert_eq!(r.html.matches("class=\"term\"").count(), 1, "{}", r.html);
}

#[test]
fn unknown_explicit_reference_is_a_warning_with_its_line() {
    let r = render_with(
        "一行目\n\n:term[鯖]{nothing}です。\n",
        GlossaryLink::FirstPerPage,
    );
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].line, 3);
    assert!(r.diagnostics[0].message.contains("nothing"));
    assert!(r.html.contains("<p>鯖です。</p>"), "{}", r.html);
}
