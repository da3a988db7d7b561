//! The search index's sections as the Markdown stage gathers them while it
//! renders a page: what is body text, what is code, what is left out.

mod common;

use common::renderers::{diagrams, highlighter, ExternalLinks, KeyUi};
use std::collections::BTreeMap;
use std::path::Path;
use yomu::markdown::*;
use yomu::search::Section;

/// Components as the default theme's: each shows its title prop (which
/// the sections take from the page, not from this output) around the body.
struct Components;

impl ComponentRenderer for Components {
    fn has_component(&self, name: &str) -> bool {
        ["faq", "qa", "tabs", "tab"].contains(&name)
    }
    fn render_component(
        &self,
        name: &str,
        props: &BTreeMap<String, String>,
        body: Option<&str>,
        _: &str,
    ) -> Result<String, String> {
        let shown = props.values().cloned().collect::<Vec<_>>().join(" ");
        Ok(format!(
            "<div class=\"{name}\"><p>{shown}</p>{}</div>\n",
            body.unwrap_or_default()
        ))
    }
}

fn render_page(source: &str, search: bool) -> RenderedMarkdown {
    let ctx = MarkdownContext {
        file: Path::new("content/en-US/page.md"),
        line_offset: 0,
        lang: "en-US",
        ui: &KeyUi,
        links: &ExternalLinks,
        components: &Components,
        highlighter: highlighter(),
        diagrams: diagrams(),
        glossary: None,
        search,
    };
    render(source, &ctx)
}

fn sections(source: &str) -> Vec<Section> {
    let rendered = render_page(source, true);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:#?}",
        rendered.diagnostics
    );
    rendered.search.to_vec()
}

const PAGE: &str = r#"Intro &amp; more, before any heading.

## Set `up` the *first* server {#setup}

Misskey**サーバー** runs
on a computer.

:::tip
Back up the database first.
:::

| Setting | Meaning |
|---------|---------|
| cell    | two     |

```sh title="start.sh"
cargo run
```

```mermaid
flowchart LR
  A[Browser] --> B[サーバー]
```

:::details[Why Rust?]
Fast and safe.
:::

::::faq
:::qa[Is it free?]
Yes, always.
:::
::::

## Raw HTML and notes

<div class="note"><p>Misskey<b>サーバー</b> by hand</p><style>.x{color:red}</style>
<pre>raw pre</pre></div>

![alt text is not indexed](/img/x.png) A footnote[^1].

[^1]: The note's text.
"#;

#[test]
fn a_page_with_every_kind_of_block() {
    insta::assert_debug_snapshot!(sections(PAGE));
}

#[test]
fn headings_start_sections_and_code_is_apart() {
    let s = sections(PAGE);
    assert_eq!(s.len(), 3, "{s:#?}");
    assert_eq!(s[0].anchor, "");
    assert_eq!(s[0].body, "Intro & more, before any heading.");
    assert_eq!(s[1].anchor, "setup");
    assert_eq!(s[1].heading, "Set up the first server");
    let body = &s[1].body;
    for text in [
        "Misskeyサーバー runs on a computer.",
        "Back up the database first.",
        "Setting Meaning cell two",
        "start.sh Browser",
        "Why Rust? Fast and safe.",
        "Is it free? Yes, always.",
    ] {
        assert!(body.contains(text), "{text:?} not in {body:?}");
    }
    // The admonition's label is a UI string; code is not body text.
    assert!(!body.contains("admonition"), "{body}");
    assert!(!body.contains("cargo"), "{body}");
    assert!(!body.contains("flowchart"), "{body}");
    assert_eq!(s[1].code, "cargo run");
    assert_eq!(s[2].anchor, "raw-html-and-notes");
    assert_eq!(
        s[2].body, "Misskeyサーバー by hand A footnote. The note's text.",
        "inline tags do not split words, block tags do; no CSS, no alt text"
    );
    assert_eq!(s[2].code, "raw pre");
}

#[test]
fn a_diagram_adds_its_labels_not_its_css_or_source() {
    let s = sections("# D\n\n```mermaid\nflowchart LR\n  A[Browser] --> B[サーバー]\n```\n");
    assert!(s[0].body.contains("Browser"), "{s:?}");
    assert!(s[0].body.contains("サーバー"), "{s:?}");
    assert!(!s[0].body.contains("flowchart"), "{s:?}");
    assert!(!s[0].body.contains('{'), "no CSS: {s:?}");
    assert_eq!(s[0].code, "");
}

#[test]
fn tab_labels_are_body_text_and_steps_keep_their_items() {
    let source = "::::tabs\n:::tab{label=\"iOS\"}\nTap Share.\n:::\n:::tab[Android]\nTap Menu.\n:::\n::::\n\n\
                  :::steps\n1. Install it.\n2. Run it.\n:::\n";
    let s = sections(source);
    assert_eq!(
        s[0].body,
        "iOS Tap Share. Android Tap Menu. Install it. Run it."
    );
}

#[test]
fn search_off_gathers_nothing() {
    let rendered = render_page(PAGE, false);
    assert!(rendered.search.is_empty());
    assert!(rendered.html.contains("Misskey<strong>サーバー</strong>"));
}
