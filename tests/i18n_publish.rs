//! Publishing translations: pages missing from a translation are published
//! from the source with a notice; extra and outdated pages; hreflang,
//! canonical, sidebar and language switcher.

mod common;

use common::{Built, Fixture, TWO_LANGUAGES};
use yomu::i18n::hash::file_hash;

const JA_INTRO: &str = "# はじめに\n\nこれは紹介です。\n";
const JA_CHANGED: &str = "# 変更\n\n新しい本文です。\n";

/// ja-JP: home, docs/{intro, guide, changed}, tutorial/start, help/translating.
/// en-US: home, docs/{intro (current), changed (outdated), only-en (extra)},
/// help/translating. docs/guide and the whole tutorial folder are missing.
fn site() -> Fixture {
    let f = Fixture::with_config(&format!(
        "{TWO_LANGUAGES}translation_guide: /help/translating/\n"
    ));
    let stamped =
        |source: &str, body: &str| format!("---\nsource_hash: {}\n---\n{body}", file_hash(source));
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", &stamped("# ホーム\n", "# Home\n"))
        .write("content/ja-JP/docs/_dir.yml", "title: ドキュメント\n")
        .write("content/en-US/docs/_dir.yml", "title: Documentation\n")
        .write("content/ja-JP/docs/1.intro.md", JA_INTRO)
        .write(
            "content/en-US/docs/1.intro.md",
            &stamped(JA_INTRO, "# Introduction\n\nThis is the introduction.\n"),
        )
        .write(
            "content/ja-JP/docs/2.guide.md",
            "# ガイド\n\n[はじめに](./1.intro.md)を読んでください。\n\n<b>閉じていない\n",
        )
        .write("content/ja-JP/docs/3.changed.md", JA_CHANGED)
        .write(
            "content/en-US/docs/3.changed.md",
            "---\ntitle: Changed\nsource_hash: 000000000000\n---\n# Changed\n\nThe old text.\n",
        )
        .write("content/en-US/docs/only-en.md", "# Only in English\n")
        .write("content/ja-JP/tutorial/_dir.yml", "title: チュートリアル\n")
        .write(
            "content/ja-JP/tutorial/1.start.md",
            "# 始め方\n\n最初の一歩です。\n",
        )
        .write("content/ja-JP/help/translating.md", "# 翻訳の手引き\n")
        .write(
            "content/en-US/help/translating.md",
            &stamped("# 翻訳の手引き\n", "# Translating\n"),
        );
    f
}

fn built() -> Built {
    site().build_clean()
}

#[test]
fn missing_page_is_published_from_the_source_with_a_notice() {
    let built = built();
    let page = built.html("en/docs/guide/index.html");
    assert_eq!(page.attrs("html", "lang"), ["en-US"], "chrome is English");
    assert_eq!(page.texts(".skip-link"), ["Skip to content"]);
    assert_eq!(page.attrs("article.content", "lang"), ["ja-JP"]);
    assert_eq!(page.texts("article h1"), ["ガイド"]);
    let notice = page.texts(".translation-notice.translation-missing p");
    assert_eq!(notice.len(), 1);
    assert!(
        notice[0].contains("not been translated into English"),
        "{notice:?}"
    );
    assert_eq!(
        page.attrs(".translation-missing a", "href"),
        ["/en/help/translating/"],
        "the notice links to the translation guide in the reader's language"
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://docs.example.org/ja/docs/guide/"]
    );
    assert_eq!(
        page.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "x-default"]
    );
    assert_eq!(
        page.attrs("link[rel=alternate]", "href"),
        [
            "https://docs.example.org/ja/docs/guide/",
            "https://docs.example.org/ja/docs/guide/"
        ]
    );
    assert_eq!(
        page.attrs("article a", "href"),
        ["/en/docs/intro/"],
        "links in the source content stay in the reader's language"
    );
}

#[test]
fn sidebar_and_language_switcher_mark_untranslated_pages() {
    let built = built();
    let intro = built.html("en/docs/intro/index.html");
    assert_eq!(
        intro.texts("nav.sidebar a.untranslated"),
        ["ガイド", "チュートリアル", "始め方"]
    );
    assert_eq!(
        intro.attrs("nav.sidebar a.untranslated", "lang"),
        ["ja-JP", "ja-JP", "ja-JP"]
    );
    assert_eq!(
        intro.texts("nav.sidebar .untranslated-mark"),
        ["not translated", "not translated", "not translated"]
    );
    assert_eq!(intro.count(".translation-notice"), 0);
    assert_eq!(intro.count("article[lang]"), 0);
    assert_eq!(
        intro.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "en-US", "x-default"]
    );
    assert_eq!(
        intro.attrs("link[rel=canonical]", "href"),
        ["https://docs.example.org/en/docs/intro/"]
    );

    let guide = built.html("en/docs/guide/index.html");
    assert_eq!(
        guide.texts(".language-switcher .untranslated-mark"),
        ["not translated"]
    );
    let ja_guide = built.html("ja/docs/guide/index.html");
    assert_eq!(
        ja_guide.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "x-default"]
    );
    assert_eq!(
        ja_guide.attrs(".language-switcher a", "href"),
        ["/en/docs/guide/"]
    );
    assert_eq!(
        ja_guide.texts(".language-switcher .untranslated-mark"),
        ["未翻訳"]
    );
}

#[test]
fn a_folder_only_in_the_source_appears_in_the_translation() {
    let built = built();
    assert!(built.has("en/tutorial/index.html"));
    let start = built.html("en/tutorial/start/index.html");
    assert_eq!(start.attrs("article.content", "lang"), ["ja-JP"]);
    assert!(start.texts("nav.sidebar a").contains(&"始め方".to_string()));
    let index = built.html("en/tutorial/index.html");
    assert_eq!(index.texts("ul.children a"), ["始め方"]);
}

#[test]
fn outdated_page_links_to_its_source() {
    let built = built();
    let page = built.html("en/docs/changed/index.html");
    assert_eq!(page.count(".translation-notice.translation-outdated"), 1);
    assert_eq!(
        page.attrs(".translation-outdated a", "href"),
        ["/ja/docs/changed/"]
    );
    assert_eq!(page.attrs(".translation-outdated a", "hreflang"), ["ja-JP"]);
    assert_eq!(page.count("article[lang]"), 0, "the content is English");
}

#[test]
fn findings_are_warnings_and_fallbacks_do_not_repeat_source_problems() {
    let built = built();
    let i18n: Vec<(String, u32)> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "i18n")
        .map(|d| {
            assert!(!d.is_error(), "{d}");
            (
                d.file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default(),
                d.line,
            )
        })
        .collect();
    assert_eq!(
        i18n,
        [
            ("content/en-US/docs/2.guide.md".to_string(), 0),
            ("content/en-US/docs/3.changed.md".to_string(), 3),
            ("content/en-US/docs/only-en.md".to_string(), 0),
            ("content/en-US/tutorial/1.start.md".to_string(), 0),
        ]
    );
    let extra = built
        .diagnostics
        .iter()
        .find(|d| d.file.as_deref() == Some("content/en-US/docs/only-en.md".as_ref()))
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(extra.contains("page only in en-US"), "{extra}");
    assert!(
        built.has("en/docs/only-en/index.html"),
        "extra pages are published"
    );
    let html_warnings = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "html")
        .count();
    assert_eq!(html_warnings, 1, "reported for the source page only");
}

#[test]
fn translation_guide_must_be_a_page() {
    let f = site();
    f.write(
        "site.yaml",
        &format!("{TWO_LANGUAGES}translation_guide: /nowhere/\n"),
    );
    let result = f.build();
    let error = result
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| (d.code, d.line));
    assert_eq!(error, Some(("config", 11)));
}
