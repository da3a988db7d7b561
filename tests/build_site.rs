//! End-to-end: fixture sites built in temp folders, output HTML parsed.

mod common;

use common::{Fixture, TWO_LANGUAGES};

fn docs_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\nようこそ。\n")
        .write("content/en-US/index.md", "# Home\n\nWelcome.\n")
        .write("content/ja-JP/docs/_dir.yml", "title: ドキュメント\n")
        .write("content/en-US/docs/_dir.yml", "title: Documentation\n")
        .write("content/ja-JP/docs/10.gamma.md", "# ガンマ\n")
        .write("content/ja-JP/docs/2.beta.md", "# ベータ\n\n## 節 {#sec}\n")
        .write("content/ja-JP/docs/1.alpha.md", "# アルファ\n")
        .write("content/ja-JP/docs/zeta.md", "# ゼータ\n")
        .write("content/ja-JP/docs/aardvark.md", "# ツチブタ\n")
        .write(
            "content/ja-JP/docs/first.md",
            "---\norder: 0\n---\n# 最初\n",
        )
        .write("content/en-US/docs/1.alpha.md", "# Alpha\n")
        .write(
            "content/en-US/docs/2.beta.md",
            "# Beta\n\n## Section {#sec}\n\nSee [alpha](./1.alpha.md), [the section](beta.md#sec), [site path](/docs/alpha/) and [home](/).\n",
        );
    f
}

#[test]
fn urls_have_no_ordering_prefixes_and_use_language_paths() {
    let built = docs_fixture().build_clean();
    for path in [
        "ja/index.html",
        "ja/docs/index.html",
        "ja/docs/alpha/index.html",
        "ja/docs/beta/index.html",
        "ja/docs/gamma/index.html",
        "en/docs/alpha/index.html",
    ] {
        assert!(built.has(path), "missing {path}: {:?}", built.paths());
    }
    // (The search index's file names are content hashes, which may hold "10.".)
    assert!(built
        .paths()
        .iter()
        .filter(|p| !p.starts_with("search/"))
        .all(|p| !p.contains("1.alpha") && !p.contains("10.")));
}

#[test]
fn sidebar_follows_prefixes_then_names_and_marks_the_current_page() {
    let built = docs_fixture().build_clean();
    let page = built.html("ja/docs/beta/index.html");
    let entries = page.texts("nav.sidebar li li a");
    assert_eq!(
        entries,
        ["最初", "アルファ", "ベータ", "ガンマ", "ツチブタ", "ゼータ"],
        "order: override, numeric prefixes, then alphabetical"
    );
    assert_eq!(page.texts("nav.sidebar a[aria-current=page]"), ["ベータ"]);
    assert!(page
        .texts("nav.sidebar a")
        .contains(&"ドキュメント".to_string()));
}

#[test]
fn html_lang_and_hreflang_per_language() {
    let built = docs_fixture().build_clean();
    let ja = built.html("ja/docs/alpha/index.html");
    let en = built.html("en/docs/alpha/index.html");
    assert_eq!(ja.attrs("html", "lang"), ["ja-JP"]);
    assert_eq!(en.attrs("html", "lang"), ["en-US"]);
    assert_eq!(
        en.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "en-US", "x-default"]
    );
    assert_eq!(
        en.attrs("nav.language-switcher a", "href"),
        ["/ja/docs/alpha/"]
    );
}

#[test]
fn file_links_and_site_paths_resolve_to_the_same_language() {
    let built = docs_fixture().build_clean();
    let page = built.html("en/docs/beta/index.html");
    assert_eq!(
        page.attrs("article p a", "href"),
        [
            "/en/docs/alpha/",
            "/en/docs/beta/#sec",
            "/en/docs/alpha/",
            "/en/"
        ]
    );
}

#[test]
fn base_path_prefixes_every_link() {
    let f = docs_fixture();
    f.write(
        "site.yaml",
        &TWO_LANGUAGES.replace("https://docs.example.org/", "https://host.example/sub/"),
    );
    let built = f.build_clean();
    let page = built.html("en/docs/beta/index.html");
    assert_eq!(
        page.attrs("article p a", "href"),
        [
            "/sub/en/docs/alpha/",
            "/sub/en/docs/beta/#sec",
            "/sub/en/docs/alpha/",
            "/sub/en/"
        ]
    );
    assert!(page
        .attrs("link[rel=stylesheet]", "href")
        .iter()
        .all(|h| h.starts_with("/sub/")));
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://host.example/sub/en/docs/beta/"]
    );
}

#[test]
fn image_language_variants_are_chosen_per_language() {
    let f = Fixture::new();
    f.write_bytes("static/img/diagram.png", b"plain")
        .write_bytes("static/img/diagram.JA-jp.png", b"ja")
        .write(
            "content/ja-JP/index.md",
            "# ホーム\n\n![図](/img/diagram.png)\n",
        )
        .write(
            "content/en-US/index.md",
            "# Home\n\n![Diagram](/img/diagram.png)\n",
        );
    let built = f.build_clean();
    assert_eq!(
        built.html("ja/index.html").attrs("article img", "src"),
        ["/img/diagram.JA-jp.png"]
    );
    assert_eq!(
        built.html("en/index.html").attrs("article img", "src"),
        ["/img/diagram.png"]
    );
    assert_eq!(
        built.output.get("img/diagram.JA-jp.png").as_deref(),
        Some(&b"ja"[..])
    );
}

#[test]
fn admonition_labels_follow_the_page_language() {
    let f = Fixture::new();
    let body = ":::tip\nBody text.\n:::\n\n:::warning[Custom]\nCareful.\n:::\n";
    f.write("content/ja-JP/index.md", &format!("# ホーム\n\n{body}"))
        .write("content/en-US/index.md", &format!("# Home\n\n{body}"));
    let built = f.build_clean();
    let ja = built.html("ja/index.html");
    let en = built.html("en/index.html");
    assert_eq!(ja.texts(".admonition-tip .admonition-title"), ["ヒント"]);
    assert_eq!(en.texts(".admonition-tip .admonition-title"), ["Tip"]);
    assert_eq!(
        en.texts(".admonition-warning .admonition-title"),
        ["Custom"]
    );
    assert_eq!(
        en.texts(".admonition-tip .admonition-body p"),
        ["Body text."]
    );
}

#[test]
fn titles_and_descriptions_fall_back() {
    let f = Fixture::new();
    f.write(
        "content/en-US/index.md",
        "Home\n====\n\nFirst *paragraph* here.\n",
    )
    .write(
        "content/en-US/from-front.md",
        "---\ntitle: Front\ndescription: Desc\n---\n# Heading\n",
    )
    .write("content/en-US/no-heading.md", "Just text.\n")
    .write("content/ja-JP/index.md", "# ホーム\n");
    let built = f.build_clean();
    let home = built.html("en/index.html");
    assert_eq!(home.texts("title"), ["Home | Fixture"]);
    assert_eq!(
        home.attrs("meta[name=description]", "content"),
        ["First paragraph here."]
    );
    assert_eq!(
        built.html("en/from-front/index.html").texts("title"),
        ["Front | Fixture"]
    );
    assert_eq!(
        built.html("en/no-heading/index.html").texts("h1"),
        ["no-heading"]
    );
}

#[test]
fn a_home_page_without_a_file_is_titled_with_the_site_title() {
    let f = Fixture::new();
    f.write("content/ja-JP/docs/a.md", "# エー\n")
        .write("content/en-US/docs/a.md", "# A\n");
    let built = f.build_clean();
    let home = built.html("en/index.html");
    assert_eq!(home.texts("article h1"), ["Fixture"]);
    let page = built.html("en/docs/a/index.html");
    assert_eq!(
        page.texts("nav.sidebar > ul > li:first-child > a"),
        ["Fixture"]
    );
}

#[test]
fn drafts_slugs_aliases_and_generated_indexes() {
    let f = Fixture::new();
    f.write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/index.md", "# ホーム\n")
        .write(
            "content/en-US/notes/draft.md",
            "---\ndraft: true\n---\n# Draft\n",
        )
        .write(
            "content/en-US/notes/2.renamed.md",
            "---\nslug: New-Name\naliases: [/old/place/]\n---\n# Renamed\n",
        )
        .write("content/en-US/notes/1.kept.md", "# Kept\n");
    let built = f.build_clean();
    assert!(!built.has("en/notes/draft/index.html"));
    assert!(built.has("en/notes/new-name/index.html"));
    let redirect = built.html("old/place/index.html");
    assert_eq!(
        redirect.attrs("link[rel=canonical]", "href"),
        ["https://docs.example.org/en/notes/new-name/"]
    );
    assert_eq!(
        redirect.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/en/notes/new-name/"]
    );
    assert_eq!(redirect.attrs("html", "lang"), ["en-US"]);
    assert_eq!(redirect.texts("title"), ["Redirecting…"]);
    let index = built.html("en/notes/index.html");
    assert_eq!(index.texts("ul.children a"), ["Kept", "Renamed"]);

    let with_drafts = yomu::build::build_site(
        f.root(),
        &yomu::build::BuildOptions {
            drafts: true,
            ..Default::default()
        },
    );
    let output = with_drafts.output.expect("output");
    assert!(output.files.contains_key("en/notes/draft/index.html"));
}

#[test]
fn crlf_and_bom_are_accepted() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n").write_bytes(
        "content/en-US/index.md",
        "\u{feff}---\r\ntitle: Windows\r\n---\r\n# Heading\r\n\r\n:::tip\r\nText\r\n:::\r\n"
            .as_bytes(),
    );
    let built = f.build_clean();
    let page = built.html("en/index.html");
    assert_eq!(page.texts("title"), ["Windows | Fixture"]);
    assert_eq!(page.count(".admonition-tip"), 1);
}

#[test]
fn root_index_offers_every_language() {
    let built = docs_fixture().build_clean();
    let root = built.html("index.html");
    // Parsers treat <noscript> as text when scripting is on: parse it again.
    let fallback = common::Page(scraper::Html::parse_fragment(
        &root.texts("noscript").concat(),
    ));
    assert_eq!(fallback.attrs("a", "href"), ["/ja/", "/en/"]);
    assert_eq!(fallback.attrs("a", "hreflang"), ["ja-JP", "en-US"]);
}
