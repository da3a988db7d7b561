//! Mermaid diagrams in the Markdown stage: the SVG (snapshots), ids,
//! accessible names, colours, failures and the cache.

mod common;

use common::renderers::{diagrams, highlighter, ExternalLinks, NoComponents};
use scraper::{Html, Selector};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use yomu::diagnostics::Severity;
use yomu::markdown::*;

struct Ui(&'static str);

impl UiText for Ui {
    fn text(&self, key: &str) -> String {
        match (key, self.0) {
            ("diagram", "ja-JP") => "図".to_string(),
            ("diagram", _) => "Diagram".to_string(),
            _ => format!("??{key}"),
        }
    }
}

const FILE: &str = "content/ja-JP/docs/page.md";
/// Front matter of three lines: body line 1 is file line 4.
const OFFSET: u32 = 3;

fn render_with(lang: &'static str, source: &str, diagrams: &Diagrams) -> RenderedMarkdown {
    let ui = Ui(lang);
    let ctx = MarkdownContext {
        file: Path::new(FILE),
        line_offset: OFFSET,
        lang,
        ui: &ui,
        links: &ExternalLinks,
        components: &NoComponents,
        highlighter: highlighter(),
        diagrams,
        glossary: None,
        search: false,
    };
    render(source, &ctx)
}

fn page(lang: &'static str, source: &str) -> RenderedMarkdown {
    render_with(lang, source, diagrams())
}

/// The page's only `<svg>`, for a page that must render cleanly.
fn only_svg(lang: &'static str, source: &str) -> String {
    let r = page(lang, source);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(r.html.matches("<svg").count(), 1, "{}", r.html);
    let start = r.html.find("<svg").expect("svg");
    let end = r.html.rfind("</svg>").expect("svg end") + "</svg>".len();
    assert!(
        r.html.starts_with("<figure class=\"diagram\"><svg"),
        "{}",
        r.html
    );
    r.html[start..end].to_string()
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).expect("selector"))
        .collect()
}

const FLOWCHART_JA: &str = "```mermaid\n\
    flowchart LR\n  \
      A[利用者] -->|サービスを提供| B(サーバー（SNS）)\n  \
      B --> C{ソフトウェアを使用?}\n  \
      C -->|はい| D[(データベース)]\n  \
      subgraph S[各種ソフトウェア]\n    D\n  end\n\
    ```\n";

const FLOWCHART_EN: &str = "```mermaid\n\
    flowchart LR\n  \
      A[Users] -->|provide the service| B(Servers)\n  \
      B --> C{Use the software?}\n  \
      C -->|yes| D[(Database)]\n  \
      subgraph S[Software]\n    D\n  end\n\
    ```\n";

const SEQUENCE_JA: &str = "```mermaid\n\
    sequenceDiagram\n  \
      participant U as 利用者\n  \
      participant S as サーバー\n  \
      U->>S: ノートを投稿\n  \
      S-->>U: 完了\n  \
      Note over U,S: 連合で配信\n\
    ```\n";

const SEQUENCE_EN: &str = "```mermaid\n\
    sequenceDiagram\n  \
      participant U as User\n  \
      participant S as Server\n  \
      U->>S: Post a note\n  \
      S-->>U: Done\n  \
      Note over U,S: Delivered by federation\n\
    ```\n";

#[test]
fn flowchart_svg_ja() {
    let svg = only_svg("ja-JP", FLOWCHART_JA);
    for label in [
        "利用者",
        "サービスを提供",
        "サーバー（SNS）",
        "各種ソフトウェア",
    ] {
        assert!(svg.contains(label), "{label}");
    }
    insta::assert_snapshot!(svg);
}

#[test]
fn flowchart_svg_en() {
    let svg = only_svg("en-US", FLOWCHART_EN);
    assert!(svg.contains("provide the service"));
    insta::assert_snapshot!(svg);
}

#[test]
fn sequence_svg_ja() {
    let svg = only_svg("ja-JP", SEQUENCE_JA);
    assert!(svg.contains("ノートを投稿") && svg.contains("連合で配信"));
    insta::assert_snapshot!(svg);
}

#[test]
fn sequence_svg_en() {
    let svg = only_svg("en-US", SEQUENCE_EN);
    assert!(svg.contains("Post a note"));
    insta::assert_snapshot!(svg);
}

#[test]
fn flowcharts_in_every_direction_with_every_shape_and_edge() {
    // The directions, shapes and edges the guide (`4.diagrams.md`) lists,
    // with Japanese labels.
    let body = "  a[箱] --> b(角丸)\n  \
        b --- c([スタジアム])\n  \
        c -.-> d[[サブルーチン]]\n  \
        d ==> e[(データベース)]\n  \
        e -->|ラベル| f((円))\n  \
        f -- 文字 --> g>旗]\n  \
        g --> h{ひし形}\n  \
        h ~~~ i{{六角形}}\n  \
        i --> j[/平行四辺形/]\n  \
        j --> k[/台形\\]\n  \
        k --> l[\"一行目<br><b>太字</b>\"]\n  \
        subgraph s[グループ]\n    a\n    b\n  end\n";
    for direction in ["TB", "TD", "BT", "LR", "RL"] {
        let source = format!("```mermaid\nflowchart {direction}\n{body}```\n");
        let svg = only_svg("ja-JP", &source);
        for label in [
            "箱",
            "スタジアム",
            "サブルーチン",
            "データベース",
            "円",
            "旗",
            "ひし形",
            "六角形",
            "平行四辺形",
            "台形",
            "太字",
            "ラベル",
            "文字",
            "グループ",
        ] {
            assert!(svg.contains(label), "{direction}: no {label}");
        }
        let doc = Html::parse_fragment(&svg);
        assert_eq!(select(&doc, "g.node").len(), 12, "{direction}");
    }
}

/// The kinds the guide's "Other kinds" table says yomu draws.
const KINDS: [(&str, &str); 12] = [
    ("flowchart", "graph TD\n  A[開始] --> B[終了]\n"),
    (
        "sequence",
        "sequenceDiagram\n  Alice->>Bob: こんにちは\n",
    ),
    (
        "class",
        "classDiagram\n  class Page {\n    +String title\n  }\n  Page <|-- Translation\n",
    ),
    ("state", "stateDiagram-v2\n  [*] --> 下書き\n  下書き --> [*]\n"),
    ("er", "erDiagram\n  PAGE ||--o{ TRANSLATION : has\n"),
    (
        "gantt",
        "gantt\n  dateFormat YYYY-MM-DD\n  title 翻訳\n  section Docs\n  \
         Write :a1, 2024-01-01, 3d\n  Translate :after a1, 2d\n",
    ),
    ("pie", "pie title 翻訳\n  \"最新\" : 8\n  \"古い\" : 2\n"),
    (
        "journey",
        "journey\n  title 執筆\n  section 下書き\n    書く: 5: 執筆者\n",
    ),
    (
        "timeline",
        "timeline\n  title 歴史\n  2014 : Misskey\n  2023 : v13\n",
    ),
    (
        "quadrant",
        "quadrantChart\n  x-axis Low --> High\n  y-axis Low --> High\n  Page A: [0.3, 0.6]\n",
    ),
    (
        "xychart",
        "xychart-beta\n  x-axis [jan, feb]\n  y-axis \"Pages\" 0 --> 100\n  bar [10, 50]\n  line [10, 50]\n",
    ),
    (
        "gitgraph",
        "gitGraph\n  commit\n  branch ja\n  commit\n  checkout main\n  merge ja\n",
    ),
];

#[test]
fn every_kind_the_guide_lists_renders() {
    for (kind, body) in KINDS {
        let r = page("ja-JP", &format!("```mermaid\n{body}```\n"));
        assert!(r.diagnostics.is_empty(), "{kind}: {:#?}", r.diagnostics);
        assert_eq!(r.html.matches("<svg").count(), 1, "{kind}: {}", r.html);
    }
    // A kind the guide says is not drawn: an error, and the source shown.
    let r = page("en-US", "```mermaid\nmindmap\n  root((yomu))\n    A\n```\n");
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert!(r.html.contains("language-mermaid") && !r.html.contains("<svg"));
}

#[test]
fn diagrams_on_one_page_have_disjoint_ids() {
    // The same flowchart twice, and a sequence diagram (which names some
    // elements without the renderer's prefix).
    let source = format!("{FLOWCHART_EN}\nText.\n\n{FLOWCHART_EN}\n{SEQUENCE_EN}");
    let r = page("en-US", &source);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let doc = Html::parse_fragment(&r.html);
    let svgs = select(&doc, "figure.diagram > svg");
    assert_eq!(svgs.len(), 3);
    let mut seen: HashSet<String> = HashSet::new();
    let mut prefixes = Vec::new();
    for svg in &svgs {
        let prefix = svg.value().attr("id").expect("root id").to_string();
        let mut ids = vec![prefix.clone()];
        for e in svg.select(&Selector::parse("[id]").expect("selector")) {
            ids.push(e.value().attr("id").expect("id").to_string());
        }
        assert!(ids.len() > 5, "{prefix}: {ids:?}");
        for id in ids {
            assert!(id.starts_with(&prefix), "{id} outside {prefix}");
            assert!(seen.insert(id.clone()), "{id} appears twice");
        }
        // Every reference stays inside its own diagram.
        let html = svg.html();
        for reference in html.split("url(#").skip(1) {
            assert!(reference.starts_with(&prefix), "{reference:.40}");
        }
        prefixes.push(prefix);
    }
    assert!(prefixes[0].starts_with("mermaid-0-") && prefixes[1].starts_with("mermaid-1-"));
}

#[test]
fn an_invalid_diagram_is_an_error_and_shows_its_source() {
    let source =
        "Intro.\n\n```mermaid\nflowchart TD\n  A --> B\n  B --> C[unclosed <x>\n```\n\nAfter.\n";
    let r = page("en-US", source);
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!((d.code, d.severity), ("diagram", Severity::Error), "{d}");
    assert_eq!(d.file.as_deref(), Some(Path::new(FILE)));
    // Body line 6 holds the error: the fence is on line 3.
    assert_eq!(d.line, OFFSET + 6, "{d}");
    assert!(d.col > 0, "{d}");
    assert!(d.message.contains("Unterminated node label"), "{d}");
    assert!(!r.html.contains("<svg"));
    let doc = Html::parse_fragment(&r.html);
    let code = select(&doc, "figure.diagram-source pre code.language-mermaid");
    assert_eq!(code.len(), 1, "{}", r.html);
    let text: String = code[0].text().collect();
    assert_eq!(text, "flowchart TD\n  A --> B\n  B --> C[unclosed <x>\n");
    assert!(r.html.contains("<p>After.</p>"));
}

#[test]
fn an_invalid_diagram_fails_the_build_at_its_file_and_line() {
    let f = common::Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n本文。\n").write(
        "content/en-US/index.md",
        "---\ntitle: Home\n---\n\n# Home\n\n```mermaid\nflowchart TD\n  A --> B[unclosed\n```\n\nAfter.\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostic = run
        .stderr
        .split("\n\n")
        .find(|d| d.contains("error[diagram]: diagram does not render"))
        .unwrap_or_else(|| panic!("no diagram error in:\n{}", run.stderr));
    assert!(
        diagnostic.contains("--> content/en-US/index.md:9:"),
        "{diagnostic}"
    );
    // The rest of the page is built, with the diagram's source in place.
    let output = f.build().output.expect("output");
    let html = output.get("en/index.html").expect("the page");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<code class=\"language-mermaid\">flowchart TD"));
    assert!(html.contains("After.") && !html.contains("<svg"));
}

#[test]
fn text_that_is_no_diagram_is_an_error() {
    let r = page("en-US", "```mermaid\nhello world\n```\n");
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].line, OFFSET + 1, "{}", r.diagnostics[0]);
    assert!(r.html.contains("language-mermaid"));
}

#[test]
fn accessible_names() {
    let name = |lang: &'static str, source: &str| {
        let svg = only_svg(lang, source);
        let doc = Html::parse_fragment(&svg);
        let root = select(&doc, "svg")[0];
        assert_eq!(root.value().attr("role"), Some("img"));
        assert_eq!(root.value().attr("aria-roledescription"), None);
        root.value().attr("aria-label").map(str::to_string)
    };
    let body = "flowchart LR\n  A --> B\n";
    assert_eq!(
        name(
            "ja-JP",
            &format!("```mermaid\n%% title: 関係図 <A&B>\n{body}```\n")
        )
        .as_deref(),
        Some("関係図 <A&B>")
    );
    assert_eq!(
        name(
            "en-US",
            &format!("```mermaid title=\"From the info string\"\n%% title: no\n{body}```\n")
        )
        .as_deref(),
        Some("From the info string")
    );
    assert_eq!(
        name("ja-JP", &format!("```mermaid\n{body}```\n")).as_deref(),
        Some("図")
    );
    assert_eq!(
        name("en-US", &format!("```mermaid\n{body}```\n")).as_deref(),
        Some("Diagram")
    );
}

#[test]
fn colours_are_css_variables_that_follow_the_colour_scheme() {
    let svg = only_svg("en-US", FLOWCHART_EN);
    let style_start = svg.find("<style>").expect("style");
    let style = &svg[style_start..svg.find("</style>").expect("style end")];
    let hex = |s: &str| {
        s.match_indices('#')
            .filter(|(i, _)| {
                let digits: String = s[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                matches!(digits.len(), 3 | 6 | 8) && digits.chars().all(|c| c.is_ascii_hexdigit())
            })
            .count()
    };
    assert_eq!(hex(style), 0, "{style}");
    assert!(style.contains("var(--yd-"), "{style}");
    assert!(
        !style.contains("rgb(") && !style.contains("hsl("),
        "{style}"
    );
    let root_end = svg.find('>').expect("root");
    let root = &svg[..root_end];
    assert!(root.contains("--yomu-diagram-bg"), "{root}");
    assert!(root.contains("--yomu-diagram-fg"), "{root}");
    assert!(
        style.contains("font-family:var(--yomu-diagram-font"),
        "{style}"
    );
}

/// A renderer that counts its calls and draws a fixed SVG.
struct Counting(Arc<AtomicUsize>);

impl DiagramBackend for Counting {
    fn render(&self, source: &str, id: &str) -> Result<String, DiagramError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        if source.contains("bad") {
            return Err(DiagramError {
                message: "bad diagram".into(),
                offset: Some(source.find("bad").unwrap_or(0)),
            });
        }
        Ok(format!("<svg id=\"{id}\"><rect fill=\"#fff\"/></svg>"))
    }
}

#[test]
fn rendering_is_cached_by_source_and_theme_across_builds() {
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = DiagramCache::new();
    let first = Diagrams::with_backend("default", cache.clone(), Box::new(Counting(calls.clone())));
    let page_source =
        "```mermaid\nflowchart LR\n```\n\n```mermaid\nflowchart LR\n```\n\n```mermaid\nbad\n```\n";
    let r = render_with("en-US", page_source, &first);
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "the same source is drawn once"
    );
    // A rebuild (as in `serve`) with the kept cache draws nothing again,
    // errors included.
    let second =
        Diagrams::with_backend("default", cache.clone(), Box::new(Counting(calls.clone())));
    let again = render_with("en-US", page_source, &second);
    assert_eq!(again.html, r.html);
    assert_eq!(again.diagnostics, r.diagnostics);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // Another theme is another rendering.
    let other = Diagrams::with_backend("other", cache.clone(), Box::new(Counting(calls.clone())));
    render_with("en-US", page_source, &other);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(cache.len(), 4);
}

struct Panicking;

impl DiagramBackend for Panicking {
    fn render(&self, _: &str, _: &str) -> Result<String, DiagramError> {
        panic!("index out of bounds in the layout");
    }
}

#[test]
fn a_panic_in_the_renderer_is_a_diagnostic_not_a_crash() {
    let diagrams = Diagrams::with_backend("default", DiagramCache::new(), Box::new(Panicking));
    let r = render_with(
        "en-US",
        "# Page\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
        &diagrams,
    );
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.code, d.severity, d.line),
        ("internal", Severity::Error, OFFSET + 3)
    );
    assert!(
        d.message
            .contains("while drawing this diagram: index out of bounds in the layout"),
        "{d}"
    );
    assert!(d.message.contains("please report it"), "{d}");
    assert!(
        r.html
            .contains("<code><span class=\"line\">flowchart LR\n</span>"),
        "the source is shown instead: {}",
        r.html
    );
    assert!(r.html.contains("<h1"), "the rest of the page renders");
}
