//! A page missing from a translation is published from its source page's
//! rendered body: its Markdown is rendered once, not once per language,
//! and the links in the reused body lead to the reader's language.

mod common;

use common::Fixture;
use scraper::{Html, Selector};
use yomu::build::{build_site, BuildOptions};

const GUIDE: &str =
    "# ガイド\n\n[はじめに](./intro.md)と[設定](/docs/setup/#options)を読んでください。\n\n\
:::tip\n画像は[ここ](https://example.org/ja/docs/intro/)にもあります。\n:::\n\n\
```rust\nfn main() {}\n```\n\n## 詳細 {#details}\n\n[上へ](#details)[^1]\n\n[^1]: 脚注。\n";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/docs/intro.md", "# はじめに\n")
        .write("content/en-US/docs/intro.md", "# Introduction\n")
        .write(
            "content/ja-JP/docs/setup.md",
            "# 設定\n\n## オプション {#options}\n",
        )
        .write("content/ja-JP/docs/guide.md", GUIDE);
    f
}

/// The inner HTML of the page body (`article.content`), with the page's
/// own heading left out (the layout may add to it).
/// The page's rendered Markdown: its article without the theme's inline
/// table of contents (page chrome, in the page's own language).
fn body(built: &common::Built, path: &str) -> String {
    let bytes = built.output.get(path).expect("page");
    let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
    let selector = Selector::parse("article.content").expect("selector");
    let article = html.select(&selector).next().expect("article.content");
    let toc = Selector::parse("details.toc-inline").expect("selector");
    let chrome: String = article.select(&toc).map(|toc| toc.html()).collect();
    article.inner_html().replacen(&chrome, "", 1)
}

#[test]
fn a_fallback_page_reuses_its_source_body_with_links_in_its_language() {
    let f = site();
    let result = build_site(f.root(), &BuildOptions::default());
    // Every page of the output, and the ones published from the source.
    let output = result.output.as_ref().expect("output");
    let pages: Vec<&String> = output
        .files
        .keys()
        .filter(|p| p.ends_with("/index.html") && (p.starts_with("ja/") || p.starts_with("en/")))
        // The no-JavaScript search page is generated, not rendered from Markdown.
        .filter(|p| !p.ends_with("/search/index.html"))
        .collect();
    let fallbacks = pages
        .iter()
        .filter(|p| {
            let html =
                Html::parse_document(&String::from_utf8_lossy(&output.get(p).expect("page")));
            let notice = Selector::parse(".translation-missing").expect("selector");
            html.select(&notice).next().is_some()
        })
        .count();
    assert!(fallbacks >= 2, "en docs/guide and docs/setup: {pages:?}");
    assert_eq!(
        result.markdown_renders,
        pages.len() - fallbacks,
        "one Markdown render per page that is not a fallback"
    );

    let built = f.build_clean();
    let ja = body(&built, "ja/docs/guide/index.html");
    let en = body(&built, "en/docs/guide/index.html");
    assert_ne!(ja, en, "the links differ");
    assert_eq!(
        en.replace("/en/docs/", "/ja/docs/"),
        ja,
        "the same body but for the page links"
    );
    let page = built.html("en/docs/guide/index.html");
    assert_eq!(
        page.attrs("article.content p a", "href")
            .into_iter()
            .filter(|h| !h.starts_with("#fn"))
            .collect::<Vec<_>>(),
        [
            "/en/docs/intro/",
            "/en/docs/setup/#options",
            "https://example.org/ja/docs/intro/",
            "#details",
        ],
        "page links lead to the reader's language, other links stay"
    );
    // The labels written with the body are in its language, like the
    // `lang` of the article around them.
    assert_eq!(page.attrs("article.content", "lang"), ["ja-JP"]);
    assert_eq!(page.texts(".admonition-tip .admonition-title"), ["ヒント"]);
}

#[test]
fn an_edit_to_a_source_page_updates_its_fallback_in_serve() {
    use yomu::build::{build_site_cached, BuildCache};
    let f = site();
    let mut cache = BuildCache::keeping();
    let first = build_site_cached(f.root(), &BuildOptions::default(), &mut cache);
    assert!(first.markdown_renders > 0);
    f.write(
        "content/ja-JP/docs/guide.md",
        &GUIDE.replace("読んでください", "必ず読んでください"),
    );
    let second = build_site_cached(f.root(), &BuildOptions::default(), &mut cache);
    assert_eq!(second.markdown_renders, 1, "only the edited source page");
    let output = second.output.expect("output");
    let en =
        String::from_utf8(output.get("en/docs/guide/index.html").expect("page")).expect("utf-8");
    assert!(
        en.contains("必ず読んでください"),
        "the fallback shows the edit"
    );
    assert!(en.contains("href=\"/en/docs/intro/\""), "relinked");
}
