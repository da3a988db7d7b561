//! The files beside the pages: sitemap, robots.txt, 404 pages.

mod common;

use common::Fixture;

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
