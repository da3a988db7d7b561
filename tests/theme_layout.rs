//! The default theme's layout, asserted on fixture sites' parsed HTML:
//! sidebar sections, breadcrumbs, TOC, previous/next, hreflang and the
//! language switcher, edit link and git date, components, fingerprinted
//! assets and the weight of a page.

mod common;

use common::{Fixture, Page};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::process::Command;
use yomu::build::{build_site, BuildOptions};

fn site() -> Fixture {
    let f = Fixture::with_config(&format!(
        "{}edit_url: https://git.example/edit/{{path}}\n",
        common::TWO_LANGUAGES
    ));
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/1.guide/_dir.yml", "title: ガイド\n")
        .write("content/en-US/1.guide/_dir.yml", "title: Guide\n")
        .write(
            "content/ja-JP/1.guide/1.start.md",
            "# はじめに\n\n## 準備\n\n### 道具\n\n#### 細目\n\n## 実行\n",
        )
        .write(
            "content/en-US/1.guide/1.start.md",
            "# Getting started\n\n## Preparing\n\n### Tools\n\n#### Details\n\n## Running\n",
        )
        .write(
            "content/ja-JP/1.guide/2.deep/_dir.yml",
            "title: 詳しく\ncollapsed: true\n",
        )
        .write(
            "content/ja-JP/1.guide/2.deep/1.inner.md",
            "---\ntoc: 2\n---\n# 内側\n\n## 一\n\n### 二\n",
        )
        .write(
            "content/ja-JP/1.guide/3.last.md",
            "---\ntoc: false\n---\n# 最後\n\n## 節\n",
        )
        .write(
            "content/ja-JP/2.reference/_dir.yml",
            "title: リファレンス\n",
        )
        .write("content/ja-JP/2.reference/api.md", "# API\n");
    f
}

#[test]
fn sidebar_sections_are_toggles_that_start_as_the_folders_say() {
    let built = site().build_clean();
    let page = built.html("ja/guide/start/index.html");
    let toggles = page.attrs("nav#yomu-sidebar button.nav-toggle", "aria-label");
    assert_eq!(toggles, ["ガイド", "詳しく", "リファレンス"]);
    let expanded = page.attrs("nav#yomu-sidebar button.nav-toggle", "aria-expanded");
    assert_eq!(
        expanded,
        ["true", "false", "true"],
        "`collapsed: true` starts closed unless the page is inside"
    );
    // Each toggle controls the list after it; a closed one is hidden.
    for id in page.attrs("nav#yomu-sidebar button.nav-toggle", "aria-controls") {
        assert_eq!(page.count(&format!("nav#yomu-sidebar ul#{id}")), 1, "{id}");
    }
    assert_eq!(page.texts("nav#yomu-sidebar ul[hidden] a"), ["内側"]);

    let inside = built.html("ja/guide/deep/inner/index.html");
    assert_eq!(
        inside.attrs("nav#yomu-sidebar button.nav-toggle", "aria-expanded"),
        ["true", "true", "true"]
    );
    assert_eq!(inside.count("nav#yomu-sidebar ul[hidden]"), 0);
    assert_eq!(
        inside.texts("nav#yomu-sidebar a[aria-current=page]"),
        ["内側"]
    );
}

#[test]
fn breadcrumbs_toc_and_pager_follow_the_tree() {
    let built = site().build_clean();
    let inner = built.html("ja/guide/deep/inner/index.html");
    assert_eq!(
        inner.texts("nav.breadcrumbs li"),
        ["ホーム", "ガイド", "詳しく", "内側"]
    );
    assert_eq!(
        inner.attrs("nav.breadcrumbs a", "href"),
        ["/ja/", "/ja/guide/", "/ja/guide/deep/"]
    );
    assert_eq!(inner.texts("nav.toc li"), ["一"], "toc: 2 keeps h2 only");

    let start = built.html("ja/guide/start/index.html");
    assert_eq!(
        start.texts("nav.toc li"),
        ["準備", "道具", "実行"],
        "h2 and h3 by default"
    );
    assert_eq!(
        start.attrs("nav.toc a", "href"),
        start
            .attrs("article :is(h2, h3)", "id")
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(built.html("ja/guide/last/index.html").count("nav.toc"), 0);

    // Sidebar order: home, guide, start, deep, inner, last, reference, api.
    assert_eq!(start.attrs("nav.pager a[rel=prev]", "href"), ["/ja/guide/"]);
    assert_eq!(
        start.attrs("nav.pager a[rel=next]", "href"),
        ["/ja/guide/deep/"]
    );
    let last = built.html("ja/guide/last/index.html");
    assert_eq!(
        last.attrs("nav.pager a[rel=prev]", "href"),
        ["/ja/guide/deep/inner/"]
    );
    assert_eq!(
        last.attrs("nav.pager a[rel=next]", "href"),
        ["/ja/reference/"]
    );
    let api = built.html("ja/reference/api/index.html");
    assert_eq!(api.count("nav.pager a[rel=next]"), 0);
}

/// The default layout outputs `page.content` whole, so the body is spliced
/// in after Tera; a layout that tests or filters it must still see the
/// body itself, never the marker standing in for it.
#[test]
fn the_body_is_the_same_whether_spliced_or_rendered_by_tera() {
    let raw = |built: &common::Built, path: &str| {
        String::from_utf8(built.output.get(path).expect("page")).expect("utf-8")
    };
    let spliced = site().build_clean();
    let start = spliced.html("ja/guide/start/index.html");
    assert_eq!(start.texts("article h2"), ["準備", "実行"]);
    assert_eq!(start.count("nav#yomu-sidebar ul.nav-tree"), 1);
    assert!(!raw(&spliced, "ja/guide/start/index.html").contains("<!--yomu:"));

    let f = site();
    f.write(
        "templates/page.html",
        "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title>\
         <meta name=\"description\" content=\"{{ page.content | striptags | truncate(length=4) }}\">\
         </head><body><nav>{{ sidebar | safe }}</nav>\
         <main>{% if page.content %}{{ page.content | safe }}{% else %}<p class=\"empty\">-</p>{% endif %}</main>\
         </body></html>\n",
    );
    let rendered = f.build_clean();
    let start = rendered.html("ja/guide/start/index.html");
    assert_eq!(start.texts("main h2"), ["準備", "実行"]);
    assert_eq!(
        start.attrs("meta[name=description]", "content"),
        ["はじめに…"]
    );
    assert_eq!(start.count("nav ul.nav-tree"), 1);
    assert_eq!(start.count("main p.empty"), 0);
    assert!(!raw(&rendered, "ja/guide/start/index.html").contains("<!--yomu:"));
    // A generated folder page has no body: the test sees it empty.
    let reference = rendered.html("ja/reference/index.html");
    assert_eq!(reference.count("main p.empty"), 1);
}

#[test]
fn hreflang_alternates_are_absolute_and_the_switcher_keeps_the_page() {
    let built = site().build_clean();
    let en = built.html("en/guide/start/index.html");
    let alternates: Vec<(String, String)> = en
        .attrs("link[rel=alternate]", "hreflang")
        .into_iter()
        .zip(en.attrs("link[rel=alternate]", "href"))
        .collect();
    assert_eq!(
        alternates,
        [
            ("ja-JP", "https://docs.example.org/ja/guide/start/"),
            ("en-US", "https://docs.example.org/en/guide/start/"),
            ("x-default", "https://docs.example.org/ja/guide/start/"),
        ]
        .map(|(l, h)| (l.to_string(), h.to_string()))
    );
    assert_eq!(
        en.attrs("nav.language-switcher a", "href"),
        ["/ja/guide/start/"]
    );
    assert_eq!(en.attrs("nav.language-switcher a", "hreflang"), ["ja-JP"]);
    assert_eq!(
        en.texts("nav.language-switcher [aria-current]"),
        ["English"]
    );

    // A page shown from the source content is no hreflang alternate.
    let fallback = built.html("en/reference/api/index.html");
    assert_eq!(
        fallback.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "x-default"]
    );
}

#[test]
fn edit_link_and_the_date_of_the_last_commit() {
    let f = site();
    let built = f.build_clean();
    let page = built.html("en/guide/start/index.html");
    assert_eq!(
        page.attrs("a.edit-link", "href"),
        ["https://git.example/edit/content/en-US/1.guide/1.start.md"]
    );
    assert_eq!(page.count("time.last-updated"), 0, "no git, no date");

    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(f.root())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_DATE", "2024-03-05T12:00:00Z")
            .env("GIT_AUTHOR_DATE", "2024-03-05T12:00:00Z")
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "fixture"]);
    let built = f.build_clean();
    let en = built.html("en/guide/start/index.html");
    assert_eq!(en.attrs("time.last-updated", "datetime"), ["2024-03-05"]);
    assert_eq!(en.texts("time.last-updated"), ["March 5, 2024"]);
    let ja = built.html("ja/guide/start/index.html");
    assert_eq!(ja.texts("time.last-updated"), ["2024年3月5日"]);
}

#[test]
fn theme_components_details_and_card() {
    let f = site();
    f.write(
        "content/en-US/1.guide/1.start.md",
        "# Start\n\n:::details\nHidden *text*.\n:::\n\n:::details{summary=\"More\" open}\nOpen.\n:::\n\n\
         :::card{title=\"Next steps\" href=\"/en/guide/\"}\nRead the **guide**.\n:::\n",
    );
    let built = f.build_clean();
    let page = built.html("en/guide/start/index.html");
    assert_eq!(
        page.texts(".content details > summary"),
        ["Details", "More"]
    );
    assert_eq!(page.count("details[open]"), 1);
    assert_eq!(page.texts("details em"), ["text"]);
    assert_eq!(page.texts("section.card .card-title"), ["Next steps"]);
    assert_eq!(
        page.attrs("section.card .card-title a", "href"),
        ["/en/guide/"]
    );
    assert_eq!(page.texts("section.card strong"), ["guide"]);
}

#[test]
fn theme_assets_get_content_hashed_names_except_under_serve() {
    let built = site().build_clean();
    let page = built.html("ja/guide/start/index.html");
    let assets: Vec<String> = page
        .attrs("link[rel=stylesheet]", "href")
        .into_iter()
        .chain(page.attrs("script[src]", "src"))
        .collect();
    for name in [
        "/style.",
        "/assets/syntax.",
        "/theme.",
        "/nav.",
        "/reading.",
        "/explain.",
        "/glossary.",
        "/tabs.",
        "/search.",
    ] {
        assert!(
            assets.iter().any(|a| a.starts_with(name)),
            "{name}* is not linked: {assets:?}"
        );
    }
    let theme_css = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/style.css"
    ))
    .expect("theme css");
    for href in &assets {
        let name = href.trim_start_matches('/');
        let (stem, ext) = name.rsplit_once('.').expect("extension");
        let (_, hash) = stem.rsplit_once('.').expect("hash before the extension");
        assert!(
            hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{href}"
        );
        assert!(ext == "css" || ext == "js", "{href}");
        assert!(built.has(name), "{name} is linked but not written");
    }
    let style = assets
        .iter()
        .find(|a| a.starts_with("/style."))
        .expect("style.css");
    assert_eq!(
        built.output.get(style.trim_start_matches('/')),
        Some(theme_css)
    );
    assert!(!built.has("style.css"));

    let served = build_site(
        site().root(),
        &BuildOptions {
            stable_asset_names: true,
            ..BuildOptions::default()
        },
    );
    let output = served.output.expect("output");
    let html = String::from_utf8(output.get("ja/index.html").expect("page")).expect("utf-8");
    let page = Page(scraper::Html::parse_document(&html));
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        [
            "/style.css",
            "/assets/syntax.css",
            "/explain.css",
            "/search.css"
        ]
    );
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

#[test]
fn every_bundled_page_and_its_assets_weigh_under_60_kb_compressed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = build_site(root, &BuildOptions::default());
    let output = result.output.expect("the bundled site builds");
    let mut pages = 0;
    for (path, chunks) in &output.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = chunks.concat();
        let page = Page(scraper::Html::parse_document(&String::from_utf8_lossy(
            &html,
        )));
        let mut total = gzip_len(&html);
        for asset in page
            .attrs("link[rel=stylesheet]", "href")
            .into_iter()
            .chain(page.attrs("script[src]", "src"))
        {
            let file = output
                .get(asset.trim_start_matches('/'))
                .unwrap_or_else(|| panic!("{path} links {asset}, which is not built"));
            total += gzip_len(&file);
        }
        assert!(total <= 60 * 1024, "{path}: {total} bytes compressed");
        assert_eq!(
            page.count("script[src^='http'], link[href^='http'][rel=stylesheet], img[src^='http']"),
            0,
            "{path} asks a third party for something"
        );
        pages += 1;
    }
    assert!(pages > 10, "only {pages} pages");
}

#[test]
fn a_right_to_left_language_gets_dir_rtl() {
    let f = Fixture::with_config(&format!(
        "{}  - code: ar\n    name: العربية\n    path: ar\n",
        common::TWO_LANGUAGES
    ));
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ar/index.md", "# الرئيسية\n");
    let built = f.build_clean();
    let ar = built.html("ar/index.html");
    assert_eq!(ar.attrs("html", "lang"), ["ar"]);
    assert_eq!(ar.attrs("html", "dir"), ["rtl"]);
    assert_eq!(built.html("en/index.html").attrs("html", "dir"), ["ltr"]);
    assert_eq!(
        ar.attrs("link[rel=alternate]", "hreflang"),
        ["ja-JP", "en-US", "ar", "x-default"]
    );
}
