//! Navigation at scale: a folder of 3,000 pages. A page's weight apart
//! from its own body stays bounded, the sidebar still marks the page and
//! opens its folder, and every page is reachable from the home page by
//! links in the static HTML (windowed sidebars, paginated folder indexes).

mod common;

use common::{Built, Fixture, Page};
use scraper::Selector;
use std::collections::{BTreeSet, VecDeque};

const PAGES: usize = 3000;

/// What a page may weigh without its `article.content` (the Markdown body
/// and, on a folder index, its list of entries).
const NON_BODY_LIMIT: usize = 16 * 1024;

fn flat_site() -> Built {
    let f = Fixture::with_config(
        "title: Flat\nbase_url: https://docs.example.org/\ndefault_language: en-US\n\
         languages:\n  - code: en-US\n    name: English\n    path: en\n",
    );
    f.write("content/en-US/index.md", "# Home\n")
        .write("content/en-US/1.guide/_dir.yml", "title: Guide\n")
        .write("content/en-US/1.guide/a.md", "# Guide A\n")
        .write("content/en-US/1.guide/b.md", "# Guide B\n")
        .write(
            "content/en-US/2.changelog/index.md",
            "# Changelog\n\nEvery release, newest last.\n",
        );
    for i in 0..PAGES {
        f.write(
            &format!("content/en-US/2.changelog/release-{i:04}.md"),
            &format!("# Release {i:04} of the product\n\nWhat changed in release {i}.\n"),
        );
    }
    f.build_clean()
}

fn html_of(built: &Built, path: &str) -> String {
    let bytes = built.output.get(path).expect("page");
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// Bytes of a page outside its `article.content`.
fn non_body_bytes(html: &str) -> usize {
    let page = scraper::Html::parse_document(html);
    let body = Selector::parse("article.content").expect("selector");
    let article: usize = page.select(&body).map(|a| a.html().len()).sum();
    page.html().len() - article
}

#[test]
fn a_3000_page_folder_keeps_pages_small_marked_and_reachable() {
    let built = flat_site();
    let pages: Vec<&String> = built
        .paths()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && p.starts_with("en/"))
        .collect();
    // 3,000 releases, the folder's index and its pages 2–15, the home
    // page, the guide's generated index and its two pages, and the search
    // page shown without JavaScript.
    assert_eq!(pages.len(), PAGES + 15 + 1 + 3 + 1, "{:?}", &pages[..5]);

    // The bound, on the heaviest pages and on one in the middle.
    let mut by_size: Vec<(usize, &String)> = pages
        .iter()
        .map(|p| (built.output.get(p).expect("page").len(), *p))
        .collect();
    by_size.sort();
    let heaviest = by_size.iter().rev().take(3).map(|(_, p)| p.as_str());
    for path in heaviest.chain(["en/changelog/release-1500/index.html"]) {
        let weight = non_body_bytes(&html_of(&built, path));
        assert!(
            weight <= NON_BODY_LIMIT,
            "{path}: {weight} bytes outside the body"
        );
    }

    // The sidebar marks the page, opens its folder and shows a window of
    // its siblings, with links to the rest on the folder's index pages.
    let page = built.html("en/changelog/release-1500/index.html");
    assert_eq!(
        page.texts("nav#yomu-sidebar a[aria-current=page]"),
        ["Release 1500 of the product"]
    );
    let changelog_toggle = "nav#yomu-sidebar button[aria-label=Changelog]";
    assert_eq!(page.attrs(changelog_toggle, "aria-expanded"), ["true"]);
    let list_id = &page.attrs(changelog_toggle, "aria-controls")[0];
    assert_eq!(page.count(&format!("ul#{list_id}[hidden]")), 0);
    let siblings = page.texts(&format!("ul#{list_id} > li:not(.nav-more) a"));
    assert_eq!(siblings.len(), 21, "{siblings:?}");
    assert_eq!(siblings[0], "Release 1490 of the product");
    assert_eq!(siblings[20], "Release 1510 of the product");
    let more = page.attrs(&format!("ul#{list_id} > li.nav-more a"), "href");
    // Entry 1489 is on index page 8 (200 a page), entry 1511 on page 8.
    assert_eq!(more, ["/en/changelog/page/8/", "/en/changelog/page/8/"]);
    assert_eq!(
        page.texts(&format!("ul#{list_id} > li.nav-more a")),
        ["1490 more", "1489 more"]
    );

    // The folder's index lists every entry over 15 pages linked in order.
    let index = built.html("en/changelog/index.html");
    assert_eq!(index.count("article ul.children > li"), 200);
    assert_eq!(
        index.attrs("link[rel=next]", "href"),
        ["/en/changelog/page/2/"]
    );
    assert_eq!(index.count("link[rel=prev]"), 0);
    assert!(index
        .texts("article p")
        .iter()
        .any(|t| t.contains("newest last")));
    let last = built.html("en/changelog/page/15/index.html");
    assert_eq!(last.count("article ul.children > li"), 200);
    assert_eq!(
        last.attrs("link[rel=prev]", "href"),
        ["/en/changelog/page/14/"]
    );
    assert_eq!(last.count("link[rel=next]"), 0);
    assert_eq!(
        last.attrs("link[rel=canonical]", "href"),
        ["https://docs.example.org/en/changelog/page/15/"]
    );
    assert!(!last
        .texts("article p")
        .iter()
        .any(|t| t.contains("newest last")));
    assert_eq!(last.texts("nav.index-pages span"), ["Page 15 of 15"]);
    assert!(!built.has("en/changelog/page/16/index.html"));

    // The sitemap lists every page, the index's further pages included.
    let sitemap =
        String::from_utf8(built.output.get("sitemap.xml").expect("sitemap")).expect("utf-8");
    let xml = scraper::Html::parse_document(&sitemap);
    let locs: BTreeSet<String> = xml
        .select(&Selector::parse("loc").expect("selector"))
        .map(|loc| loc.text().collect())
        .collect();
    // The no-JavaScript search page says `noindex` and stays out of it.
    let indexable: Vec<&&String> = pages
        .iter()
        .filter(|p| !p.ends_with("search/index.html"))
        .collect();
    for path in &indexable {
        let url = format!(
            "https://docs.example.org/{}",
            path.trim_end_matches("index.html")
        );
        assert!(locs.contains(&url), "{url} is not in the sitemap");
    }
    assert_eq!(locs.len(), indexable.len());

    // The long list is also one shared fragment, which every "more" link
    // names, for the theme's script to show whole (tests/scale_nav_browser.rs).
    let fragments = page.attrs(&format!("ul#{list_id} > li.nav-more a"), "data-full-list");
    assert_eq!(fragments.len(), 2);
    assert_eq!(fragments[0], fragments[1]);
    let fragment = built
        .output
        .get(fragments[0].trim_start_matches('/'))
        .expect("the fragment is in the output");
    let whole = scraper::Html::parse_fragment(&String::from_utf8(fragment).expect("utf-8"));
    assert_eq!(
        whole
            .select(&Selector::parse("li > a").expect("selector"))
            .count(),
        PAGES
    );

    // Every page is reachable from the home page through links.
    let reached = crawl(&built, "/en/");
    let unreached: Vec<&&String> = pages
        .iter()
        .filter(|p| !reached.contains(p.as_str()))
        .collect();
    assert!(
        unreached.is_empty(),
        "not linked from anywhere: {unreached:?}"
    );
}

/// The output files reached by following `<a href>` from `start`.
fn crawl(built: &Built, start: &str) -> BTreeSet<String> {
    let links = Selector::parse("a[href]").expect("selector");
    let file_of = |href: &str| format!("{}index.html", href.trim_start_matches('/'));
    let mut seen = BTreeSet::from([file_of(start)]);
    let mut queue = VecDeque::from([file_of(start)]);
    while let Some(file) = queue.pop_front() {
        let Some(bytes) = built.output.get(&file) else {
            continue;
        };
        let Page(html) = Page(scraper::Html::parse_document(&String::from_utf8_lossy(
            &bytes,
        )));
        for link in html.select(&links) {
            let href = link.value().attr("href").unwrap_or_default();
            let path = href.split('#').next().unwrap_or_default();
            if !path.starts_with('/') || !path.ends_with('/') {
                continue;
            }
            let target = file_of(path);
            if built.has(&target) && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    seen
}
