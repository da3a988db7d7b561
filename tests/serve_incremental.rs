//! The caches `yomu serve` keeps between builds: what a rebuild redoes
//! after each kind of edit, and that it builds exactly what a clean build
//! does.

mod serve_support;

use serve_support::copy_bundled_site;
use std::path::Path;
use yomu::build::{build_site, build_site_cached, BuildCache, BuildOptions};

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let before = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("{before}{text}")).expect("write");
}

fn assert_same_as_clean_build(root: &Path, cached: &yomu::output::Output) {
    let clean = build_site(root, &BuildOptions::default())
        .output
        .expect("clean build");
    assert_eq!(
        clean.files.keys().collect::<Vec<_>>(),
        cached.files.keys().collect::<Vec<_>>()
    );
    for path in clean.files.keys() {
        assert_eq!(clean.get(path), cached.get(path), "{path}");
    }
}

#[test]
fn a_rebuild_redoes_only_what_an_edit_touches() {
    let site = copy_bundled_site();
    let root = site.path();
    let options = BuildOptions::default();
    let mut cache = BuildCache::keeping();
    let first = build_site_cached(root, &options, &mut cache);
    assert!(!first.has_errors());
    let pages = cache.last.rendered;
    assert!(pages > 4, "the first build renders every page");
    assert_eq!(cache.last.laid_out, pages);

    // Nothing changed: nothing is rendered or laid out.
    build_site_cached(root, &options, &mut cache);
    assert_eq!((cache.last.rendered, cache.last.laid_out), (0, 0));

    // A body edit that keeps the title: that page's Markdown only; its
    // layout and its translation's (switcher, freshness notice).
    append(
        root,
        "content/ja-JP/guide/1.writing-pages.md",
        "\n追加の段落。\n",
    );
    let result = build_site_cached(root, &options, &mut cache);
    assert_eq!(cache.last.rendered, 1);
    assert_eq!(cache.last.laid_out, 2, "the page and its translation");
    assert_same_as_clean_build(root, &result.output.expect("output"));

    // The diagrams drawn by earlier builds are kept: re-rendering the page
    // that has them draws none again.
    let drawn = cache.diagrams().len();
    assert!(drawn >= 5, "the diagrams guide draws its examples: {drawn}");
    append(
        root,
        "content/en-US/guide/4.diagrams.md",
        "\nOne more line.\n",
    );
    build_site_cached(root, &options, &mut cache);
    assert_eq!(cache.last.rendered, 1);
    assert_eq!(cache.diagrams().len(), drawn, "no diagram drawn again");

    // A template edit: every page laid out, no Markdown rendered.
    append(
        root,
        "themes/default/templates/page.html",
        "<!-- template edit -->\n",
    );
    let result = build_site_cached(root, &options, &mut cache);
    assert_eq!(cache.last.rendered, 0);
    assert_eq!(cache.last.laid_out, pages);
    assert_same_as_clean_build(root, &result.output.expect("output"));

    // A title change: every page's navigation shows it; the body's
    // Markdown is still the cached one.
    let page = root.join("content/en-US/guide/1.writing-pages.md");
    let text = std::fs::read_to_string(&page).expect("read");
    std::fs::write(
        &page,
        text.replacen("title: Writing pages", "title: Writing pages well", 1),
    )
    .expect("write");
    let result = build_site_cached(root, &options, &mut cache);
    assert_eq!(cache.last.rendered, 0, "front matter is not Markdown");
    assert_eq!(cache.last.laid_out, pages);
    assert_same_as_clean_build(root, &result.output.expect("output"));
}
