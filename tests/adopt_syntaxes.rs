//! A site's own grammars in `syntaxes/` and `highlight.aliases`.

mod common;

use common::{Fixture, TWO_LANGUAGES};

const AISCRIPT: &str = r#"%YAML 1.2
---
name: AiScript
file_extensions: [is]
scope: source.aiscript
contexts:
  main:
    - match: '\b(let|var)\b'
      scope: keyword.declaration.aiscript
    - match: '"[^"]*"'
      scope: string.quoted.double.aiscript
"#;

fn site() -> Fixture {
    let f = Fixture::with_config(&format!(
        "{TWO_LANGUAGES}highlight:\n  aliases:\n    ais: aiscript\n"
    ));
    f.write("syntaxes/aiscript.sublime-syntax", AISCRIPT);
    let page =
        "# コード\n\n```ais\nlet x = \"hi\"\n```\n\n```aiscript\nvar y\n```\n\n```is\nlet z\n```\n";
    f.write("content/ja-JP/index.md", page);
    f.write(
        "content/en-US/index.md",
        &page.replace("# コード", "# Code"),
    );
    f
}

/// (class, text) of the highlighted spans in the page's code blocks.
fn spans(built: &common::Built) -> Vec<(String, String)> {
    let page = built.html("ja/index.html");
    let selector = scraper::Selector::parse("pre code span[class^='hl-']").expect("selector");
    page.0
        .select(&selector)
        .filter(|s| s.value().attr("class") != Some("hl-source hl-aiscript"))
        .map(|s| {
            (
                s.value().attr("class").unwrap_or_default().to_string(),
                s.text().collect(),
            )
        })
        .collect()
}

#[test]
fn a_site_grammar_highlights_by_name_extension_and_alias() {
    let built = site().build_clean();
    assert!(
        !built.diagnostics.iter().any(|d| d.code == "highlight"),
        "{:?}",
        built.diagnostics
    );
    let keyword = "hl-keyword hl-declaration hl-aiscript";
    assert_eq!(
        spans(&built),
        [
            (keyword.to_string(), "let".to_string()),
            (
                "hl-string hl-quoted hl-double hl-aiscript".to_string(),
                "\"hi\"".to_string()
            ),
            (keyword.to_string(), "var".to_string()),
            (keyword.to_string(), "let".to_string()),
        ]
    );
}

#[test]
fn without_the_alias_the_name_is_unknown() {
    let f = site();
    f.write("site.yaml", TWO_LANGUAGES);
    let built = f.build();
    let mut unknown: Vec<(String, u32)> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "highlight")
        .map(|d| {
            assert!(d.message.contains("`ais`"), "{d}");
            let file = d.file.as_deref().map(|p| p.display().to_string());
            (file.unwrap_or_default(), d.line)
        })
        .collect();
    unknown.sort();
    assert_eq!(
        unknown,
        [
            ("content/en-US/index.md".to_string(), 3),
            ("content/ja-JP/index.md".to_string(), 3)
        ]
    );
}

#[test]
fn a_grammar_that_fails_to_load_is_a_diagnostic_at_its_file() {
    let f = site();
    f.write(
        "syntaxes/broken.sublime-syntax",
        "%YAML 1.2\n---\nname: Broken\nscope: source.broken\ncontexts:\n  main:\n    - match: [unclosed\n",
    );
    let built = f.build();
    let problems: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some("syntaxes/broken.sublime-syntax".as_ref()))
        .map(|d| format!("{} {}", d.code, d.line))
        .collect();
    assert_eq!(problems, ["highlight 8"], "{:?}", built.diagnostics);
    assert!(built.diagnostics.iter().any(|d| d.is_error()));
    // The good grammar still works.
    let output = built.output.expect("output");
    let html = String::from_utf8_lossy(&output.get("ja/index.html").expect("page")).into_owned();
    let page = scraper::Html::parse_document(&html);
    let keywords = page
        .select(&scraper::Selector::parse("span.hl-keyword").expect("selector"))
        .count();
    assert_eq!(keywords, 3);
}

#[test]
fn a_kept_build_cache_picks_up_an_edited_grammar() {
    use yomu::build::{build_site_cached, BuildCache, BuildOptions};
    let f = site();
    let mut cache = BuildCache::keeping_within(64 << 20);
    let keywords = |cache: &mut BuildCache| {
        let result = build_site_cached(f.root(), &BuildOptions::default(), cache);
        let output = result.output.expect("output");
        let html =
            String::from_utf8_lossy(&output.get("ja/index.html").expect("page")).into_owned();
        let page = scraper::Html::parse_document(&html);
        page.select(&scraper::Selector::parse("span.hl-keyword").expect("selector"))
            .map(|s| s.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(keywords(&mut cache), ["let", "var", "let"]);
    f.write(
        "syntaxes/aiscript.sublime-syntax",
        &AISCRIPT.replace(r"\b(let|var)\b", r"\b(let)\b"),
    );
    assert_eq!(keywords(&mut cache), ["let", "let"]);
}

#[test]
fn a_site_grammar_wins_over_bat_s_of_the_same_name() {
    let f = Fixture::new();
    f.write(
        "syntaxes/rust.sublime-syntax",
        "%YAML 1.2\n---\nname: Rust\nfile_extensions: [rs]\nscope: source.rust\ncontexts:\n  main:\n    - match: '\\bfn\\b'\n      scope: keyword.site.rust\n",
    );
    f.write(
        "content/ja-JP/index.md",
        "# コード\n\n```rust\nfn main() {}\n```\n",
    );
    f.write(
        "content/en-US/index.md",
        "# Code\n\n```rust\nfn main() {}\n```\n",
    );
    let built = f.build_clean();
    let page = built.html("ja/index.html");
    assert_eq!(page.texts("pre code span.hl-site"), ["fn"]);
    assert_eq!(
        page.count("pre code span.hl-entity"),
        0,
        "bat's Rust marks `main`"
    );
}
