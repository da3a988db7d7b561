//! The reading-experience markup in built pages: the site title per
//! language, heading links, the TOC disclosure, the language switcher and
//! the 404 page's layout.

mod common;

use common::Fixture;

/// The two-language fixture with the site title as a map by language.
fn title_map_config() -> String {
    common::TWO_LANGUAGES.replace(
        "title: Fixture\n",
        "title:\n  ja-JP: ドキュメント\n  en-US: Docs\n",
    )
}

fn site() -> Fixture {
    let f = Fixture::with_config(&title_map_config());
    f.write("content/ja-JP/index.md", "ようこそ。\n");
    f.write("content/en-US/index.md", "Welcome.\n");
    f.write(
        "content/ja-JP/guide/setup.md",
        "# 準備\n\n## 入れる\n\n本文\n\n### 細かく\n\n本文\n",
    );
    f.write(
        "content/en-US/guide/setup.md",
        "# Setup\n\n## Install\n\nText\n\n### Details\n\nText\n",
    );
    f
}

#[test]
fn site_title_follows_the_page_language() {
    let built = site().build_clean();
    for (lang, title) in [("ja", "ドキュメント"), ("en", "Docs")] {
        let page = built.html(&format!("{lang}/guide/setup/index.html"));
        assert_eq!(page.texts("header .site-title"), [title], "{lang} header");
        let head = page.texts("title");
        assert!(head[0].ends_with(&format!("| {title}")), "{lang}: {head:?}");
        // The home page (a page without a title of its own) and the first
        // breadcrumb name the site the same way.
        assert_eq!(page.texts(".breadcrumbs li")[0], title, "{lang} crumbs");
        let home = built.html(&format!("{lang}/index.html"));
        assert_eq!(home.texts("h1"), [title], "{lang} home");
        let missing = built.html(&format!("{lang}/404.html"));
        assert_eq!(missing.texts("header .site-title"), [title], "{lang} 404");
    }
}

#[test]
fn toc_disclosure_and_language_menu_are_in_the_markup() {
    let built = site().build_clean();
    let page = built.html("ja/guide/setup/index.html");
    // "On this page" on top of the article, with the same entries as the
    // side TOC.
    assert_eq!(
        page.texts("article details.toc-inline > summary"),
        ["このページの内容"]
    );
    assert_eq!(
        page.texts("article details.toc-inline li"),
        page.texts("nav.toc li")
    );
    assert_eq!(
        page.texts("article details.toc-inline li"),
        ["入れる", "細かく"]
    );
    // The language menu: a <details> whose button names the current
    // language and whose list links the others, on the same page.
    assert_eq!(
        page.texts("nav.language-switcher details summary .language-name[aria-current]"),
        ["日本語"]
    );
    assert_eq!(
        page.attrs("nav.language-switcher details li a", "href"),
        ["/en/guide/setup/"]
    );
    assert_eq!(
        page.attrs("nav.language-switcher details li a", "lang"),
        ["en-US"]
    );
    // The drawer's close button is in the sidebar.
    assert_eq!(page.count("nav#yomu-sidebar button.menu-close"), 1);
}

#[test]
fn not_found_pages_use_the_layout_in_each_language() {
    let built = site().build_clean();
    for (path, lang, home, sections) in [
        ("ja/404.html", "ja-JP", "/ja/", ["guide"]),
        ("en/404.html", "en-US", "/en/", ["guide"]),
        ("404.html", "ja-JP", "/ja/", ["guide"]),
    ] {
        let page = built.html(path);
        assert_eq!(page.attrs("html", "lang"), [lang], "{path}");
        assert_eq!(
            page.count("header.site-header nav.language-switcher"),
            1,
            "{path}"
        );
        assert_eq!(page.count("header.site-header .header-tools"), 1, "{path}");
        assert_eq!(
            page.attrs("main.not-found a.not-found-home", "href"),
            [home],
            "{path}"
        );
        let hrefs = page.attrs("main.not-found .not-found-sections a", "href");
        assert_eq!(hrefs.len(), sections.len(), "{path}: {hrefs:?}");
        assert!(
            hrefs[0].starts_with(home) && hrefs[0].contains(sections[0]),
            "{path}: {hrefs:?}"
        );
    }
    // The root one switches to the visitor's language's page.
    let root =
        String::from_utf8_lossy(&built.output.get("404.html").expect("root 404")).into_owned();
    assert!(
        root.contains("pickLanguage(homes, location.pathname)"),
        "{root}"
    );
    assert!(root.contains("\"404.html\""), "{root}");
}

#[test]
fn language_menu_scales_to_thirteen_languages() {
    let codes = [
        "ja-JP", "en-US", "zh-CN", "zh-TW", "ko-KR", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-BR",
        "ru-RU", "id-ID", "th-TH",
    ];
    let mut config = String::from(
        "title: Docs\nbase_url: https://docs.example.org/\ndefault_language: ja-JP\nlanguages:\n",
    );
    for code in codes {
        config.push_str(&format!("  - code: {code}\n    name: {code}\n"));
    }
    let f = Fixture::with_config(&config);
    for code in codes {
        f.write(&format!("content/{code}/index.md"), "# Home\n");
        f.write(&format!("content/{code}/guide.md"), "# Guide\n");
    }
    let built = f.build_clean();
    let page = built.html("fr-FR/guide/index.html");
    // One button naming the current language; a list of the twelve others,
    // each on the same page.
    assert_eq!(page.count("nav.language-switcher summary"), 1);
    assert_eq!(
        page.texts("nav.language-switcher summary .language-name"),
        ["fr-FR"]
    );
    let hrefs = page.attrs("nav.language-switcher li a", "href");
    assert_eq!(hrefs.len(), 12, "{hrefs:?}");
    assert!(hrefs.iter().all(|h| h.ends_with("/guide/")), "{hrefs:?}");
    assert!(!hrefs.contains(&"/fr-FR/guide/".to_string()), "{hrefs:?}");
}
