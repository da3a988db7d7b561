//! The files beside the pages: sitemap, robots.txt, 404 pages.

mod common;

use common::Fixture;
use yomu::build::{build_site, BuildOptions};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/docs/a.md", "# エー\n")
        .write("content/en-US/docs/a.md", "# A\n")
        .write("content/ja-JP/docs/only-ja.md", "# 日本語のみ\n");
    f
}

#[test]
fn sitemap_lists_pages_with_hreflang_alternates() {
    let built = site().build_clean();
    let xml = String::from_utf8(built.output.get("sitemap.xml").expect("sitemap")).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let urls: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
        .collect();
    let loc = |url: &roxmltree::Node| -> String {
        url.children()
            .find(|n| n.has_tag_name((SITEMAP_NS, "loc")))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let entry = urls
        .iter()
        .find(|u| loc(u) == "https://docs.example.org/en/docs/a/")
        .expect("en docs/a listed");
    let alternates: Vec<(&str, &str)> = entry
        .children()
        .filter(|n| n.has_tag_name((XHTML_NS, "link")))
        .map(|l| {
            (
                l.attribute("hreflang").unwrap_or_default(),
                l.attribute("href").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        alternates,
        [
            ("ja-JP", "https://docs.example.org/ja/docs/a/"),
            ("en-US", "https://docs.example.org/en/docs/a/"),
            ("x-default", "https://docs.example.org/ja/docs/a/"),
        ]
    );
    let locs: Vec<String> = urls.iter().map(loc).collect();
    assert!(locs.contains(&"https://docs.example.org/ja/docs/only-ja/".to_string()));
    assert!(
        !locs.contains(&"https://docs.example.org/en/docs/only-ja/".to_string()),
        "a page shown from the source content is not its own canonical URL"
    );
}

/// The `<loc>` texts of a sitemap file's `<tag>` elements (`url` or
/// `sitemap`), checking that the file parses and has the `root` element.
fn sitemap_locs(xml: &[u8], root: &str, tag: &str) -> Vec<String> {
    let xml = std::str::from_utf8(xml).expect("utf-8");
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    assert!(doc.root_element().has_tag_name((SITEMAP_NS, root)), "{xml}");
    doc.descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, tag)))
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name((SITEMAP_NS, "loc")))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn past_the_url_limit_sitemap_xml_indexes_several_sitemaps() {
    let f = site();
    for n in 0..4 {
        f.write(
            &format!("content/ja-JP/docs/p{n}.md"),
            &format!("# ページ {n}\n"),
        );
    }
    let one_file = f.build_clean();
    let every_url = sitemap_locs(
        &one_file.output.get("sitemap.xml").expect("sitemap"),
        "urlset",
        "url",
    );
    assert!(every_url.len() > 6, "{every_url:?}");
    assert!(!one_file.output.files.contains_key("sitemap-1.xml"));

    let limit = 3;
    let split = build_site(
        f.root(),
        &BuildOptions {
            sitemap_urls_per_file: Some(limit),
            ..BuildOptions::default()
        },
    );
    let output = split.output.expect("output");
    let index = sitemap_locs(
        &output.get("sitemap.xml").expect("index"),
        "sitemapindex",
        "sitemap",
    );
    let files = every_url.len().div_ceil(limit);
    let expected: Vec<String> = (1..=files)
        .map(|n| format!("https://docs.example.org/sitemap-{n}.xml"))
        .collect();
    assert_eq!(index, expected);
    let mut listed = Vec::new();
    for n in 1..=files {
        let xml = output
            .get(&format!("sitemap-{n}.xml"))
            .expect("each listed sitemap is written");
        let urls = sitemap_locs(&xml, "urlset", "url");
        assert!(
            !urls.is_empty() && urls.len() <= limit,
            "sitemap-{n}: {urls:?}"
        );
        listed.extend(urls);
    }
    assert_eq!(
        listed, every_url,
        "the same URLs, in the same order, once each"
    );
    assert!(!output
        .files
        .contains_key(&format!("sitemap-{}.xml", files + 1)));
    let robots = String::from_utf8(output.get("robots.txt").expect("robots")).expect("utf-8");
    assert!(
        robots.ends_with("\nSitemap: https://docs.example.org/sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn robots_points_to_the_sitemap_and_keeps_the_sites_rules() {
    let f = site();
    f.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    let built = f.build_clean();
    let robots = String::from_utf8(built.output.get("robots.txt").expect("robots")).expect("utf-8");
    assert_eq!(
        robots,
        "User-agent: *\nDisallow: /private/\n\nSitemap: https://docs.example.org/sitemap.xml\n"
    );
}

#[test]
fn each_language_has_a_404_and_the_root_one_switches_to_the_visitors() {
    let built = site().build_clean();
    let ja = built.html("ja/404.html");
    let en = built.html("en/404.html");
    assert_eq!(ja.attrs("html", "lang"), ["ja-JP"]);
    assert_eq!(ja.texts("h1"), ["ページが見つかりません"]);
    assert_eq!(en.texts("h1"), ["Page not found"]);
    assert_eq!(en.attrs("main a.not-found-home", "href"), ["/en/"]);
    // The root one is the default language's, which a script swaps for
    // the visitor's language's page.
    let root = built.html("404.html");
    assert_eq!(root.attrs("html", "lang"), ["ja-JP"]);
    assert_eq!(root.texts("h1"), ["ページが見つかりません"]);
    assert_eq!(root.attrs("main a.not-found-home", "href"), ["/ja/"]);
    let script = root.texts("head script").join("\n");
    assert!(
        script.contains("pickLanguage(homes, location.pathname)"),
        "{script}"
    );
    assert!(
        script.contains("[\"en-us\",\"/en/\",\"en-US\"]"),
        "{script}"
    );
}
