//! The repository's own site builds clean and carries the Misskey page in
//! both languages.

use scraper::{Html, Selector};
use std::path::Path;
use yomu::build::{build_site, BuildOptions};

fn page(output: &yomu::output::Output, path: &str) -> Html {
    let bytes = output.get(path).unwrap_or_else(|| panic!("no {path}"));
    Html::parse_document(&String::from_utf8_lossy(&bytes))
}

fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&Selector::parse(selector).expect("selector"))
        .count()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&Selector::parse(selector).expect("selector"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn bundled_site_builds_with_no_errors_and_no_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = build_site(root, &BuildOptions::default());
    let shown: Vec<String> = result.diagnostics.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "diagnostics:\n{}", shown.join("\n"));
    let output = result.output.expect("output");

    let ja = page(&output, "ja/docs/misskey-and-misskey-servers/index.html");
    assert_eq!(texts(&ja, "article h1"), ["MisskeyとMisskeyサーバー"]);
    assert_eq!(count(&ja, "article .admonition-tip"), 2);
    assert_eq!(
        texts(&ja, ".admonition-tip .admonition-title"),
        ["ヒント", "ヒント"]
    );
    assert!(count(&ja, "article b") >= 3);
    assert!(texts(&ja, "article h2").iter().any(|h| h == "図解"));
    assert_eq!(
        count(&ja, "article img"),
        0,
        "the seed's missing image is not referenced"
    );

    let en = page(&output, "en/docs/misskey-and-misskey-servers/index.html");
    assert_eq!(count(&en, "article .admonition-tip"), 2);
    assert_eq!(
        texts(&en, ".admonition-tip .admonition-title"),
        ["Tip", "Tip"]
    );
    assert_eq!(
        count(&ja, "article h2, article h3, article h4"),
        count(&en, "article h2, article h3, article h4"),
        "the translation keeps the source's structure"
    );
    for lang in ["ja", "en"] {
        for guide in [
            "guide/index.html",
            "guide/writing-pages/index.html",
            "index.html",
        ] {
            assert!(
                output.files.contains_key(&format!("{lang}/{guide}")),
                "{lang}/{guide}"
            );
        }
    }
}
