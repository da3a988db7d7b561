//! The site's favicon: every page the default theme lays out (pages, the
//! 404 page, the search page) links the icons the site's `static/` folder
//! has, under the deploy subpath, and links none it lacks.

mod common;

use common::{Fixture, TWO_LANGUAGES};

fn site(base_url: &str) -> Fixture {
    let f = Fixture::with_config(&TWO_LANGUAGES.replace("https://docs.example.org/", base_url));
    for lang in ["ja-JP", "en-US"] {
        f.write(&format!("content/{lang}/index.md"), "# Home\n\nText.\n")
            .write(&format!("content/{lang}/docs/a.md"), "# A\n\nText.\n");
    }
    f
}

/// Output files that are HTML pages laid out by the theme.
fn laid_out(built: &common::Built) -> Vec<String> {
    let pages: Vec<String> = built
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .filter(|p| {
            // Redirect stubs and the root language chooser have no theme head.
            built.html(p).count("link[rel=stylesheet]") > 0
        })
        .cloned()
        .collect();
    for expected in ["ja/docs/a/index.html", "en/index.html", "404.html"] {
        assert!(
            pages.iter().any(|p| p == expected),
            "{expected} in {pages:?}"
        );
    }
    pages
}

#[test]
fn every_page_links_the_sites_icons_under_the_deploy_path() {
    let f = site("https://example.org/sub/");
    f.write_bytes("static/favicon.ico", b"\0\0\x01\0").write(
        "static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let built = f.build_clean();
    for path in laid_out(&built) {
        let page = built.html(&path);
        assert_eq!(
            page.attrs("head link[rel=icon]", "href"),
            ["/sub/favicon.ico", "/sub/favicon.svg"],
            "{path}"
        );
        assert_eq!(
            page.attrs("head link[rel=icon][type]", "type"),
            ["image/svg+xml"],
            "{path}"
        );
        assert_eq!(page.count("link[rel=apple-touch-icon]"), 0, "{path}");
    }
    // The links point at files the build publishes.
    assert!(built.has("favicon.ico") && built.has("favicon.svg"));
}

#[test]
fn only_the_icons_the_site_has_are_linked() {
    let f = site("https://docs.example.org/");
    let built = f.build_clean();
    for path in laid_out(&built) {
        assert_eq!(built.html(&path).count("link[rel=icon]"), 0, "{path}");
    }

    f.write_bytes("static/apple-touch-icon.png", b"\x89PNG")
        .write(
            "static/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    let built = f.build_clean();
    let page = built.html("en/docs/a/index.html");
    assert_eq!(page.attrs("link[rel=icon]", "href"), ["/favicon.svg"]);
    assert_eq!(
        page.attrs("link[rel=apple-touch-icon]", "href"),
        ["/apple-touch-icon.png"]
    );
}
