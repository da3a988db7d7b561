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

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// A cached rebuild has the same pages, files and diagnostics as a clean
/// build of the site as it is now.
fn assert_rebuild_is_clean_build(root: &Path, cache: &mut BuildCache) {
    let options = BuildOptions::default();
    let cached = build_site_cached(root, &options, cache);
    let clean = build_site(root, &options);
    assert_eq!(cached.diagnostics, clean.diagnostics);
    assert_eq!(cached.summary, clean.summary);
    assert_same_as_clean_build(root, &cached.output.expect("output"));
}

#[test]
fn the_load_and_translation_caches_rebuild_what_a_clean_build_does() {
    let site = copy_bundled_site();
    let root = site.path();
    let mut cache = BuildCache::keeping();
    let options = BuildOptions::default();
    build_site_cached(root, &options, &mut cache);
    let files = cache.load.last_read;
    assert!(files > 10, "the first build reads every page: {files}");
    assert!(
        cache.status.last_checked > 5,
        "and checks every translation"
    );

    // Nothing changed: no file is read, no translation checked again.
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!((cache.load.last_read, cache.status.last_checked), (0, 0));

    // A translation's body: that file is read and checked again.
    let page = "content/en-US/guide/1.writing-pages.md";
    append(root, page, "\nOne more paragraph.\n");
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!((cache.load.last_read, cache.status.last_checked), (1, 1));

    // Text left in the source language is found in the cached rebuild.
    append(root, page, "\nこの段落はまだ翻訳されていません。\n");
    assert_rebuild_is_clean_build(root, &mut cache);
    let warned = |cache: &mut BuildCache, what: &str| {
        build_site_cached(root, &options, cache)
            .diagnostics
            .iter()
            .any(|d| d.file.as_deref() == Some(Path::new(page)) && d.message.contains(what))
    };
    assert!(warned(&mut cache, "still in ja-JP"));

    // Front matter: a new title, and an unknown key's warning.
    replace(
        root,
        page,
        "title: Writing pages",
        "title: Pages, written\ncolour: red",
    );
    assert_rebuild_is_clean_build(root, &mut cache);
    assert!(warned(&mut cache, "unknown front matter key `colour`"));

    // The source changes: its stamped translation becomes outdated.
    append(
        root,
        "content/ja-JP/guide/1.writing-pages.md",
        "\n原文の追記。\n",
    );
    assert_rebuild_is_clean_build(root, &mut cache);
    assert!(warned(&mut cache, "outdated"));

    // A same-size edit that keeps the modification time is still seen.
    let path = root.join(page);
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    replace(root, page, "Pages, written", "Pages, WRITTEN");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!(cache.load.last_read, 1);

    // What the watcher reports is read again even if it looks unchanged.
    cache.load.forget(std::slice::from_ref(&path));
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!(cache.load.last_read, 1);

    // A new page in both languages, and a new folder.
    write(
        root,
        "content/ja-JP/guide/7.new.md",
        "# 新しいページ\n\n本文。\n",
    );
    write(
        root,
        "content/en-US/guide/7.new.md",
        "# A new page\n\nText.\n",
    );
    write(
        root,
        "content/en-US/fresh/page.md",
        "# Fresh\n\nIn a new folder.\n",
    );
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!(cache.load.last_read, 3);

    // A deleted translation: the source is published in its place.
    std::fs::remove_file(root.join(page)).expect("delete");
    assert_rebuild_is_clean_build(root, &mut cache);
    // A deleted folder, and a broken front matter.
    std::fs::remove_dir_all(root.join("content/en-US/fresh")).expect("rm");
    write(
        root,
        "content/en-US/guide/7.new.md",
        "---\ntitle: [open\n---\n# A\n",
    );
    assert_rebuild_is_clean_build(root, &mut cache);
    // Fixed again.
    write(
        root,
        "content/en-US/guide/7.new.md",
        "# A new page\n\nText.\n",
    );
    assert_rebuild_is_clean_build(root, &mut cache);
    assert_eq!(cache.load.last_read, 1);
}
