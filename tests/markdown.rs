//! The Markdown stage seen from outside: snapshots of the HTML for each
//! feature, and plain assertions for every diagnostic.

mod common;

use common::renderers::{diagrams, highlighter};
use std::collections::BTreeMap;
use std::path::Path;
use yomu::diagnostics::{Diagnostic, Severity};
use yomu::markdown::*;

/// Admonition labels in the two languages of the first site.
struct Ui(&'static str);

impl UiText for Ui {
    fn text(&self, key: &str) -> String {
        let ja = self.0 == "ja-JP";
        match (key, ja) {
            ("admonition-tip", true) => "ヒント",
            ("admonition-note", true) => "注意",
            ("admonition-warning", true) => "警告",
            ("admonition-danger", true) => "危険",
            ("admonition-info", true) => "情報",
            ("admonition-details", true) => "詳細",
            ("admonition-tip", false) => "Tip",
            ("admonition-note", false) => "Note",
            ("admonition-warning", false) => "Warning",
            ("admonition-danger", false) => "Danger",
            ("admonition-info", false) => "Info",
            ("admonition-details", false) => "Details",
            ("footnotes", true) => "脚注",
            ("footnotes", false) => "Footnotes",
            ("footnote-backref", true) => "本文に戻る",
            ("footnote-backref", false) => "Back to text",
            _ => return format!("??{key}"),
        }
        .to_string()
    }
}

struct Links;

impl LinkResolver for Links {
    fn resolve_link(&self, dest: &str) -> LinkResolution {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        match path {
            "./other.md" | "/docs/other/" => LinkResolution::Internal {
                href: match &fragment {
                    Some(f) => format!("/en/docs/other/#{f}"),
                    None => "/en/docs/other/".to_string(),
                },
                page: Some(1),
                fragment,
            },
            "" => LinkResolution::Internal {
                href: dest.to_string(),
                page: Some(0),
                fragment,
            },
            "missing.md" | "./missing.md" => {
                LinkResolution::Broken("no page at content/en-US/docs/missing.md".to_string())
            }
            _ => LinkResolution::External,
        }
    }

    fn resolve_image(&self, src: &str) -> LinkResolution {
        match src {
            "/img/x.png" => LinkResolution::Internal {
                href: "/img/x.ja-jp.png".to_string(),
                page: None,
                fragment: None,
            },
            "/img/missing.png" => {
                LinkResolution::Broken("no file static/img/missing.png".to_string())
            }
            _ => LinkResolution::External,
        }
    }
}

struct Components;

impl ComponentRenderer for Components {
    fn has_component(&self, name: &str) -> bool {
        matches!(name, "badge" | "broken")
    }

    fn render_component(
        &self,
        name: &str,
        props: &BTreeMap<String, String>,
        body: Option<&str>,
        lang: &str,
    ) -> Result<String, String> {
        if name == "broken" {
            return Err("template error: variable `x` not found".to_string());
        }
        let props: Vec<String> = props.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Ok(match body {
            Some(body) => format!(
                "<span class=\"badge\" data-props=\"{}\" lang=\"{lang}\">{body}</span>\n",
                props.join(";")
            ),
            None => format!(
                "<span class=\"badge\" data-props=\"{}\" lang=\"{lang}\"></span>\n",
                props.join(";")
            ),
        })
    }
}

const FILE: &str = "content/en-US/docs/page.md";

/// Front matter of five lines, so body line 1 is file line 6.
const OFFSET: u32 = 5;

fn render_in(lang: &'static str, source: &str) -> RenderedMarkdown {
    let ui = Ui(lang);
    let ctx = MarkdownContext {
        file: Path::new(FILE),
        line_offset: OFFSET,
        lang,
        ui: &ui,
        links: &Links,
        components: &Components,
        highlighter: highlighter(),
        diagrams: diagrams(),
        glossary: None,
        search: true,
    };
    render(source, &ctx)
}

fn en(source: &str) -> RenderedMarkdown {
    render_in("en-US", source)
}

fn ja(source: &str) -> RenderedMarkdown {
    render_in("ja-JP", source)
}

/// HTML of a page that must render without any diagnostic.
fn clean(source: &str) -> String {
    let r = en(source);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    r.html
}

/// The only diagnostic of `r`, checked for code, severity and file line.
fn only(r: &RenderedMarkdown, code: &str, severity: Severity, body_line: u32) -> Diagnostic {
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    let d = r.diagnostics[0].clone();
    assert_eq!(d.code, code, "{d}");
    assert_eq!(d.severity, severity, "{d}");
    assert_eq!(d.file.as_deref(), Some(Path::new(FILE)), "{d}");
    assert_eq!(d.line, OFFSET + body_line, "{d}");
    d
}

// ---------------------------------------------------------------- features

#[test]
fn gfm_extensions() {
    let html = clean(
        "| Name | Kind |\n|:-----|-----:|\n| Misskey | software |\n| misskey.io | server |\n\n\
         ~~old~~ new\n\n\
         - [x] done\n- [ ] todo\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn footnotes_collect_at_the_end() {
    let r = en("Misskey[^mk] is software.[^2] Again[^mk].\n\n\
         [^mk]: Open source, see https://misskey-hub.net.\n\n\
         [^2]: Second note.\n\n\
         More text after the notes.\n\n\
         [^unused]: Never referenced.\n");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    for id in [
        "fnref-mk",
        "fnref-mk-2",
        "fnref-2",
        "fn-mk",
        "fn-2",
        "fn-unused",
    ] {
        assert!(r.anchors.iter().any(|a| a == id), "{id} in {:?}", r.anchors);
    }
    insta::assert_snapshot!(r.html);
}

#[test]
fn bare_urls_become_links() {
    let html = clean(
        "Visit https://misskey-hub.net/docs/, www.example.com or mail me@example.org.\n\n\
         Not in code `https://a.example` nor in [a link https://b.example](https://c.example).\n\n\
         日本語の中のhttps://misskey.io/を参照。\n\n\
         <span title=\"https://d.example\">raw</span>\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn raw_html_passes_through() {
    let html = clean(
        "Line one<br>line <b>two</b>.\n\n\
         <details>\n<summary>More</summary>\n\nHidden **Markdown** text.\n\n</details>\n\n\
         <table>\n<tr><td>cell</td></tr>\n</table>\n\n\
         <div id=\"custom-anchor\" class=\"note\">\n\n*inside*\n\n</div>\n",
    );
    insta::assert_snapshot!(html);
    assert!(en("<p id=\"raw\">x</p>\n")
        .anchors
        .contains(&"raw".to_string()));
}

#[test]
fn heading_ids() {
    let r = ja("# Misskeyとは\n\n\
         ## 「Misskeyサーバー」\n\n\
         ## Setup\n\n## Setup\n\n## Setup {#setup-1}\n\n\
         ### C++ & Rust: `code` *too*!\n\n\
         ## Keep {#keep .wide}\n\n## Keep\n");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let toc: Vec<(u8, &str, &str)> = r
        .toc
        .iter()
        .map(|t| (t.level, t.id.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        toc,
        vec![
            (1, "misskeyとは", "Misskeyとは"),
            (2, "misskeyサーバー", "「Misskeyサーバー」"),
            (2, "setup", "Setup"),
            // `setup-1` is taken by the explicit id further down.
            (2, "setup-2", "Setup"),
            (2, "setup-1", "Setup"),
            (3, "c--rust-code-too", "C++ & Rust: code too!"),
            (2, "keep", "Keep"),
            (2, "keep-1", "Keep"),
        ]
    );
    for t in &r.toc {
        assert!(r.anchors.contains(&t.id));
    }
    assert_eq!(r.first_h1.as_deref(), Some("Misskeyとは"));
    insta::assert_snapshot!(r.html);
}

#[test]
fn title_and_description_fallbacks() {
    let r = en(
        ":::tip\nNot this.\n:::\n\n- nor this\n\nSetext *title*\n===\n\n\
         ![only an image](/img/x.png)\n\n\
         The **first** paragraph,\nover two lines.\n\nSecond.\n\n# Later H1\n",
    );
    assert_eq!(r.first_h1.as_deref(), Some("Setext title"));
    assert_eq!(
        r.first_paragraph.as_deref(),
        Some("The first paragraph, over two lines.")
    );
}

#[test]
fn container_forms() {
    let html = clean(
        ":::tip\nPlain.\n:::\n\n\
         ::: tip\nVitePress style.\n:::\n\n\
         :::tip Custom <title>\nTrailing title.\n:::\n\n\
         :::tip[Docusaurus title]\nBracket title.\n:::\n\n\
         :::tip{label=\"MDC label\"}\nLabel prop.\n:::\n\n\
         :::caution\nAlias of danger.\n:::\n\n\
         Paragraph right before\n:::note\ninterrupts it.\n:::\nand right after.\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn nested_containers() {
    let html = clean(
        "::::warning{label='Outer'}\nOuter text.\n\n\
         :::tip\nInner **tip**.\n\n```sh\n:::\n```\n:::\n\n\
         :::note\nSame-count nesting:\n:::info\ndeepest\n:::\n:::\n\
         ::::\n\nAfter.\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn details_containers() {
    let html = clean(
        ":::details\nDefault summary.\n:::\n\n\
         :::details Why?\nTrailing summary.\n:::\n\n\
         :::g-details{summary=\"g-details summary\" open}\nBody with a [link](./other.md).\n:::\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn components() {
    let html = clean(
        ":::badge{type=\"info\" text='New'}\nBody *text*.\n:::\n\n\
         ::badge{text=\"Leaf\"}\n\n\
         :::badge[Title as prop]\nx\n:::\n",
    );
    insta::assert_snapshot!(html);
}

#[test]
fn admonition_labels_follow_the_page_language() {
    let source = ":::note\nn\n:::\n:::info\ni\n:::\n:::tip\nt\n:::\n\
         :::warning\nw\n:::\n:::danger\nd\n:::\n:::details\ns\n:::\n";
    let ja = ja(source);
    let en = en(source);
    assert!(ja.diagnostics.is_empty() && en.diagnostics.is_empty());
    insta::assert_snapshot!("admonitions_ja", ja.html);
    insta::assert_snapshot!("admonitions_en", en.html);
}

#[test]
fn github_alerts_are_admonitions() {
    let html = clean("> [!WARNING]\n> Back up first.\n\n> plain quote\n");
    insta::assert_snapshot!(html);
}

#[test]
fn code_block_with_title_and_highlights() {
    let html = clean(
        "```ts {2,4-5} title=\"a.ts\"\n/* a comment\n   over lines */\nconst a: number = 1;\n\
         let s = \"<b>\";\nexport {};\n```\n",
    );
    insta::assert_snapshot!(html);
    assert!(html.contains("<span class=\"line hl-line\">"));
}

#[test]
fn code_blocks_without_highlighting() {
    let html = clean("```\nno <lang>\n```\n\n```text {1}\nplain text\n```\n\n    indented\n");
    insta::assert_snapshot!(html);
}

#[test]
fn unknown_language_is_plain_with_a_warning() {
    let r = en("Intro.\n\n```klingon\nqapla' <x>\n```\n\nAfter.\n");
    let d = only(&r, "highlight", Severity::Warning, 3);
    assert!(d.message.contains("klingon"), "{d}");
    assert!(r.html.contains("<p>After.</p>"));
    insta::assert_snapshot!(r.html);
}

#[test]
fn links_and_images_are_rewritten() {
    let r = en(
        "[Other](./other.md), [section](./other.md#setup), [external](https://example.org),\n\
         [site path](/docs/other/), [here](#local), <https://auto.example>, <me@example.org>.\n\n\
         ![Logo](/img/x.png \"The logo\") ![remote](https://example.org/a.png)\n\n\
         [ref]: ./other.md#ref\n\nA [reference link][ref].\n",
    );
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let refs: Vec<(usize, &str, &str, u32, u32)> = r
        .anchor_refs
        .iter()
        .map(|a| (a.page, a.fragment.as_str(), a.dest.as_str(), a.line, a.col))
        .collect();
    assert_eq!(
        refs,
        vec![
            (1, "setup", "./other.md#setup", OFFSET + 1, 22),
            (0, "local", "#local", OFFSET + 2, 28),
            (1, "ref", "./other.md#ref", OFFSET + 8, 3),
        ]
    );
    insta::assert_snapshot!(r.html);
}

#[test]
fn stylesheet_covers_light_and_dark() {
    let css = Highlighter::stylesheet();
    assert!(css.contains(".hl-code {"));
    assert!(css.contains("[data-theme=\"dark\"] .hl-code {"));
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains(":root:not([data-theme=\"light\"]) .hl-code {"));
}

#[test]
fn no_panic_on_odd_input() {
    let inputs = [
        "",
        "\n",
        "\0",
        "a\0b\n:::tip\0\n\0:::\n",
        ":",
        "::",
        ":::",
        "::::\n:::\n::\n:::::",
        ":::tip{",
        ":::tip{label=\"x",
        ":::tip[",
        "::badge{",
        "::badge{a=}",
        ":::{}\n:::",
        "```",
        "```\n",
        "```ts {\n```",
        "```ts {1-}\n```",
        "```{999999999999999999999-1}\nx\n```",
        "<",
        "</",
        "<div",
        "<div class=\"",
        "<!--",
        "<!--yomu:close:0-->",
        "<!--yomu:open:99-->\n<!--yomu:leaf:7-->",
        "</div></div></section>",
        "[^",
        "[^x]\n\n[^x]:",
        "# {#}",
        "#",
        "[a](<>)",
        "![](",
        "https://",
        "www.",
        "@",
        ":::tip\n```\n:::\n",
        "- :::tip\n  x\n:::",
        "> :::tip\n> x\n> :::",
        "<pre>\n:::tip\n",
        "é:::ü\n::::é\n:::\u{3000}\n",
    ];
    for input in inputs {
        let r = ja(input);
        let _ = r.html.len();
    }
    // Random pages over the characters that matter to the syntax (a fixed
    // seed keeps the test repeatable).
    let alphabet: Vec<char> = ":::{}[]<>/`~#-|*\n\n\0aあ\"'= !^()@.\\".chars().collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..1500 {
        let mut page = String::new();
        for _ in 0..(seed % 120) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            page.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        let _ = en(&page);
    }
    // Every prefix of a page that uses everything.
    let all = ":::tip[T]\n# H {#h}\n| a |\n|---|\n| <b>x</b> |\n\n```rust {1}\nfn main() {}\n```\n\
               [l](./other.md#x) https://e.org [^n]\n\n[^n]: note\n\n::badge{a='b'}\n:::\n";
    for end in 0..=all.len() {
        if let Some(prefix) = all.get(..end) {
            let _ = en(prefix);
        }
    }
}

// ------------------------------------------------------------- diagnostics

#[test]
fn unknown_component_is_an_error_and_its_body_still_renders() {
    let r = en("Before.\n\n:::carousel{speed=3}\nInside **body**.\n:::\n\n::nope\n\nAfter.\n");
    assert_eq!(r.diagnostics.len(), 2, "{:#?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.code, d.severity, d.line),
        ("component", Severity::Error, OFFSET + 3)
    );
    assert!(d.message.contains("carousel"), "{d}");
    let leaf = &r.diagnostics[1];
    assert_eq!((leaf.code, leaf.line), ("component", OFFSET + 7));
    assert!(leaf.message.contains("nope"), "{leaf}");
    assert!(r.html.contains(
        "<div class=\"component-unknown\">\n<p>Inside <strong>body</strong>.</p>\n</div>"
    ));
    assert!(r.html.contains("<p>After.</p>"));
}

#[test]
fn failing_component_is_an_error_and_shows_its_body() {
    let r = en("\n:::broken\nStill here.\n:::\n");
    let d = only(&r, "component", Severity::Error, 2);
    assert!(d.message.contains("variable `x` not found"), "{d}");
    assert_eq!(r.html, "<p>Still here.</p>\n");
}

#[test]
fn unclosed_container_is_an_error_closed_at_the_end() {
    let r = en("Intro.\n\n:::tip\nTip text.\n\n## Heading\n\nMore.\n");
    let d = only(&r, "container", Severity::Error, 3);
    assert!(d.message.contains("unclosed container `:::tip`"), "{d}");
    assert!(r
        .html
        .starts_with("<p>Intro.</p>\n<div class=\"admonition admonition-tip\""));
    assert!(r
        .html
        .contains("<h2 id=\"heading\">Heading</h2>\n<p>More.</p>\n</div></div>"));
}

#[test]
fn inner_container_left_open_is_closed_by_the_outer_closer() {
    let r = en("::::note\n:::tip\ninner\n::::\nafter\n");
    let d = only(&r, "container", Severity::Error, 2);
    assert!(d.message.contains("`:::tip`"), "{d}");
    assert!(
        r.html
            .ends_with("</div></div>\n</div></div>\n<p>after</p>\n"),
        "{}",
        r.html
    );
}

#[test]
fn stray_closer_is_an_error_and_dropped() {
    let r = en("Text.\n\n:::\n\n:::tip\nok\n:::\n::::\n");
    assert_eq!(r.diagnostics.len(), 2, "{:#?}", r.diagnostics);
    let lines: Vec<(&str, u32)> = r.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        lines,
        vec![("container", OFFSET + 3), ("container", OFFSET + 8)]
    );
    assert!(r.diagnostics.iter().all(|d| d.is_error()));
    assert!(!r.html.contains(":::"), "{}", r.html);
    assert!(r.html.contains("<p>ok</p>"));
}

#[test]
fn broken_link_is_an_error_at_its_position() {
    let r = en("First line.\n\nSee [the page](./missing.md) and [ok](./other.md).\n");
    let d = only(&r, "link", Severity::Error, 3);
    assert_eq!(d.col, 5);
    assert!(d.message.contains("broken link `./missing.md`"), "{d}");
    assert!(d.message.contains("no page at"), "{d}");
    assert!(r.html.contains("<a href=\"./missing.md\">the page</a>"));
    assert!(r.html.contains("<a href=\"/en/docs/other/\">ok</a>"));
}

#[test]
fn broken_image_is_an_error() {
    let r = en("- item\n\n  ![alt](/img/missing.png)\n");
    let d = only(&r, "image", Severity::Error, 3);
    assert_eq!(d.col, 3);
    assert!(d.message.contains("broken image `/img/missing.png`"), "{d}");
    assert!(r.html.contains("src=\"/img/missing.png\""));
}

#[test]
fn unbalanced_html_is_a_warning_and_the_layout_is_kept() {
    let r = en("Intro.\n\n<div class=\"grid\">\n\nText in **grid**.\n\nA stray </span> here.\n");
    assert_eq!(r.diagnostics.len(), 2, "{:#?}", r.diagnostics);
    let found: Vec<(&str, Severity, u32)> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity, d.line))
        .collect();
    assert_eq!(
        found,
        vec![
            ("html", Severity::Warning, OFFSET + 7),
            ("html", Severity::Warning, OFFSET + 3),
        ]
    );
    assert!(r.diagnostics[0].message.contains("</span>"));
    assert!(r.diagnostics[1].message.contains("<div>"));
    assert!(!r.html.contains("</span>"), "{}", r.html);
    assert!(r.html.ends_with("</div>"), "{}", r.html);
    assert!(r.html.contains("<p>Text in <strong>grid</strong>.</p>"));
}

#[test]
fn html_left_open_in_a_container_is_closed_with_it() {
    let r = en(":::tip\n<section>\n\nx\n:::\n\nafter\n");
    let d = only(&r, "html", Severity::Warning, 2);
    assert!(d.message.contains("<section>"), "{d}");
    assert!(
        r.html.contains("</section></div></div>\n<p>after</p>"),
        "{}",
        r.html
    );
}

#[test]
fn duplicate_explicit_heading_id_is_a_warning() {
    let r = en("## A {#same}\n\n## B {#same}\n");
    only(&r, "heading", Severity::Warning, 3);
}

#[test]
fn tag_closed_by_an_outer_end_tag_names_file_lines() {
    let r = en("Intro.\n\n<div>\n<span>\n</div>\n");
    let d = only(&r, "html", Severity::Warning, 4);
    assert!(d.message.contains("<span>"), "{d}");
    assert!(d.message.contains(&format!("line {}", OFFSET + 5)), "{d}");
}
