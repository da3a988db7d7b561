//! `trailing_slash: false`: pages at `/<path>/<slug>`, written as
//! `<slug>.html`, relative links resolved as a browser resolves them from
//! such a URL, and every other output and `serve` following.

mod common;

use common::http::get;
use common::{Fixture, TWO_LANGUAGES};
use yomu::build::BuildOptions;
use yomu::serve::{ServeOptions, Server, DEFAULT_CACHE_MB};

fn site() -> Fixture {
    let f = Fixture::with_config(&format!("{TWO_LANGUAGES}trailing_slash: false\n"));
    f.write(
        "content/ja-JP/index.md",
        "# ホーム\n\n[ノート](/docs/features/note)\n",
    );
    f.write(
        "content/ja-JP/docs/features/index.md",
        "# 機能\n\n[ノート](./features/note) [ガイド](../docs/guide)\n",
    );
    f.write(
        "content/ja-JP/docs/features/note.md",
        "---\naliases: [/old/note]\n---\n# ノート\n\n[タイムライン](./timeline) [ガイド](../guide) [見出し](./timeline#上)\n",
    );
    f.write(
        "content/ja-JP/docs/features/timeline.md",
        "# タイムライン\n\n## 上\n\n[戻る](./note.md)\n",
    );
    f.write("content/ja-JP/docs/guide.md", "# ガイド\n");
    f.write(
        "content/en-US/index.md",
        "# Home\n\n[Note](/docs/features/note)\n",
    );
    f.write(
        "content/en-US/docs/features/note.md",
        "# Note\n\n[Timeline](./timeline)\n",
    );
    f
}

fn article_links(built: &common::Built, path: &str) -> Vec<String> {
    built.html(path).attrs("article a[href^='/']", "href")
}

#[test]
fn pages_are_written_as_slug_html_and_linked_without_a_slash() {
    let built = site().build_clean();
    for lang in ["ja", "en"] {
        for file in [
            "index.html",
            "docs/features.html",
            "docs/features/note.html",
            "docs/features/timeline.html",
            "docs/guide.html",
            "404.html",
        ] {
            let path = format!("{lang}/{file}");
            assert!(built.has(&path), "{path}: {:?}", built.paths());
        }
        assert!(!built.has(&format!("{lang}/docs/features/note/index.html")));
    }
    assert_eq!(
        article_links(&built, "ja/docs/features/note.html"),
        [
            "/ja/docs/features/timeline",
            "/ja/docs/guide",
            "/ja/docs/features/timeline#%E4%B8%8A"
        ],
        "`./timeline` from …/features/note is …/features/timeline"
    );
    assert_eq!(
        article_links(&built, "ja/docs/features.html"),
        ["/ja/docs/features/note", "/ja/docs/guide"],
        "the folder's page is at …/docs/features, so `./` is …/docs/"
    );
    assert_eq!(
        article_links(&built, "ja/docs/features/timeline.html"),
        ["/ja/docs/features/note"]
    );
    assert_eq!(
        article_links(&built, "en/index.html"),
        ["/en/docs/features/note"]
    );
    let sidebar = built
        .html("ja/docs/guide.html")
        .attrs("nav.sidebar a[href]", "href");
    assert!(
        sidebar.contains(&"/ja/docs/features/note".to_string()),
        "{sidebar:?}"
    );
    assert!(
        sidebar.iter().all(|h| h == "/ja/" || !h.ends_with('/')),
        "{sidebar:?}"
    );
}

#[test]
fn head_links_switcher_sitemap_and_redirects_follow_the_style() {
    let built = site().build_clean();
    let note = built.html("ja/docs/features/note.html");
    assert_eq!(
        note.attrs("link[rel=canonical]", "href"),
        ["https://docs.example.org/ja/docs/features/note"]
    );
    let mut alternates = note.attrs("link[rel=alternate][hreflang]", "href");
    alternates.sort();
    assert!(
        alternates.contains(&"https://docs.example.org/ja/docs/features/note".to_string()),
        "{alternates:?}"
    );
    assert_eq!(
        note.attrs(".language-switcher a", "href"),
        ["/en/docs/features/note"]
    );

    let xml = String::from_utf8(built.output.get("sitemap.xml").expect("sitemap")).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://docs.example.org/ja/docs/features/note"),
        "{locs:?}"
    );
    assert!(
        locs.iter()
            .all(|l| l.ends_with("/ja/") || l.ends_with("/en/") || !l.ends_with('/')),
        "{locs:?}"
    );
    let hreflangs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(hreflangs.contains(&"https://docs.example.org/en/docs/features/note"));

    // An alias without an extension is a page without a slash too.
    let redirect = built.html("old/note.html");
    let refresh = redirect.attrs("meta[http-equiv=refresh]", "content");
    assert!(
        refresh
            .iter()
            .any(|c| c.ends_with("/ja/docs/features/note")),
        "{refresh:?}"
    );
}

#[test]
fn serve_answers_urls_without_a_slash() {
    let f = site();
    let server = Server::start(ServeOptions {
        root: f.root().to_path_buf(),
        build: BuildOptions::default(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        report: Box::new(|_| {}),
        cache_mb: DEFAULT_CACHE_MB,
        http: yomu::serve::HttpOptions::default(),
    })
    .expect("serve");
    let h1 = |path: &str| {
        let response = get(server.addr(), path).expect("get");
        let page = scraper::Html::parse_document(&response.text());
        let selector = scraper::Selector::parse("h1").expect("selector");
        let text: Vec<String> = page.select(&selector).map(|e| e.text().collect()).collect();
        (response.status, text)
    };
    assert_eq!(
        h1("/ja/docs/features/note"),
        (200, vec!["ノート".to_string()])
    );
    assert_eq!(h1("/ja/docs/features"), (200, vec!["機能".to_string()]));
    assert_eq!(h1("/en/docs/guide"), (200, vec!["ガイド".to_string()]));
    assert_eq!(h1("/ja/"), (200, vec!["ホーム".to_string()]));
    assert_eq!(
        get(server.addr(), "/ja/docs/nothing").expect("get").status,
        404
    );
    server.stop();
}

#[test]
fn the_default_style_keeps_trailing_slashes() {
    let f = Fixture::with_config(TWO_LANGUAGES);
    f.write(
        "content/ja-JP/docs/features/note.md",
        "# ノート\n\n[タイムライン](../timeline/)\n",
    );
    f.write(
        "content/ja-JP/docs/features/timeline.md",
        "# タイムライン\n",
    );
    let built = f.build_clean();
    assert!(built.has("ja/docs/features/note/index.html"));
    assert_eq!(
        article_links(&built, "ja/docs/features/note/index.html"),
        ["/ja/docs/features/timeline/"]
    );
}
