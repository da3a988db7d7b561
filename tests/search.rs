//! Built-in search, end to end in Rust: the fixture site's index files
//! read back and queried (the client script runs the same queries in
//! tests/search_browser.rs), the button and the no-JavaScript page, the
//! settings that turn search off, and the bundled site.

mod common;

use common::search_fixture::{self, QUERIES};
use common::Fixture;
use yomu::output::Output;
use yomu::search::{read_language, search, LanguageIndex, Tokenizer};

fn read(output: &Output, code: &str) -> LanguageIndex {
    read_language(code, |path| output.get(path).map(|b| b.to_vec()))
        .unwrap_or_else(|| panic!("no readable index for {code}"))
}

fn found(index: &LanguageIndex, code: &str, query: &str) -> Vec<String> {
    let mut urls: Vec<String> = search(index, &Tokenizer::new(code), query)
        .into_iter()
        .map(|hit| index.pages[hit.page as usize].url.clone())
        .collect();
    urls.sort();
    urls
}

#[test]
fn every_fixture_query_finds_exactly_its_pages() {
    let built = search_fixture::site().build_clean();
    let mut failures = Vec::new();
    for (code, query, expected) in QUERIES {
        let index = read(&built.output, code);
        let urls = found(&index, code, query);
        if urls != *expected {
            failures.push(format!("{code} {query:?}: {urls:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn results_link_to_the_section_and_fallbacks_carry_their_notice() {
    let built = search_fixture::site().build_clean();
    let ja = read(&built.output, "ja-JP");
    let hits = search(&ja, &Tokenizer::new("ja-JP"), "運営には");
    let section = &ja.sections[hits[0].section as usize];
    assert_eq!(section.anchor, "running");
    let en = read(&built.output, "en-US");
    let hits = search(&en, &Tokenizer::new("en-US"), "固有");
    assert_eq!(
        en.pages[hits[0].page as usize].notice.as_deref(),
        Some("not translated")
    );
    let own = search(&en, &Tokenizer::new("en-US"), "servers ");
    assert!(own
        .iter()
        .all(|hit| en.pages[hit.page as usize].notice.is_none()));
}

#[test]
fn no_index_file_is_over_100_kb_and_their_folder_is_named_by_a_content_hash() {
    let built = search_fixture::site().build_clean();
    let files: Vec<&String> = built
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("search/"))
        .collect();
    assert!(files.len() >= 12, "{files:?}");
    for path in files {
        let size = built.output.get(path).expect("file").len();
        assert!(size <= 100 * 1024, "{path}: {size} bytes");
        let parts: Vec<&str> = path.split('/').collect();
        let hashed = |h: &str| h.len() == 10 && h.chars().all(|c| c.is_ascii_hexdigit());
        let numbered = |name: &str| {
            name.strip_suffix(".json")
                .and_then(|n| n.strip_prefix(['t', 'd']))
                .is_some_and(|n| n.parse::<u32>().is_ok())
        };
        match parts[..] {
            ["search", code, "meta.json"] => {
                let meta: serde_json::Value =
                    serde_json::from_slice(&built.output.get(path).expect("meta")).expect("JSON");
                let folder = meta["files"].as_str().expect("files");
                assert!(hashed(folder.trim_end_matches('/')), "{folder}");
                let first = format!("search/{code}/{folder}t0.json");
                assert!(built.output.get(&first).is_some(), "{first}");
            }
            ["search", _, folder, name] => assert!(hashed(folder) && numbered(name), "{path}"),
            _ => panic!("unexpected index file {path}"),
        }
    }
}

#[test]
fn the_button_links_to_a_page_that_explains_search_needs_javascript() {
    let built = search_fixture::site().build_clean();
    let page = built.html("en/servers/index.html");
    let button = page
        .attrs(".header-tools a.search-button", "href")
        .first()
        .cloned();
    assert_eq!(button.as_deref(), Some("/sub/en/search/"));
    let index = page.attrs("a.search-button", "data-index").first().cloned();
    assert_eq!(index.as_deref(), Some("/sub/search/en-US/meta.json"));
    assert!(built.has("search/en-US/meta.json"));
    let scripts = page.attrs("script[src]", "src");
    assert!(
        scripts
            .iter()
            .any(|s| s.starts_with("/sub/search.") && s.ends_with(".js")),
        "{scripts:?}"
    );
    let no_script = built.html("en/search/index.html");
    let text = no_script.texts("main p").join(" ");
    assert!(text.contains("needs JavaScript"), "{text}");
    let ja = built.html("ja/search/index.html");
    assert!(ja.texts("main p").join(" ").contains("JavaScript が必要"));
}

#[test]
fn search_false_turns_it_off_for_the_site() {
    let site = Fixture::with_config(&format!("{}search: false\n", common::TWO_LANGUAGES));
    site.write("content/ja-JP/index.md", "# ホーム\n\nサーバー\n");
    let built = site.build_clean();
    assert!(built.paths().iter().all(|p| !p.starts_with("search/")));
    assert!(!built.has("ja/search/index.html"));
    let page = built.html("ja/index.html");
    assert!(page
        .attrs("a.search-button", "href")
        .first()
        .cloned()
        .is_none());
    assert!(page
        .attrs("script[src]", "src")
        .iter()
        .all(|s| !s.contains("search")));
}

#[test]
fn front_matter_search_false_leaves_the_page_out() {
    let built = search_fixture::site().build_clean();
    let ja = read(&built.output, "ja-JP");
    assert!(ja.pages.iter().all(|p| p.url != "/sub/ja/hidden/"));
    assert!(built.has("ja/hidden/index.html"));
    assert!(found(&ja, "ja-JP", "内部メモ").is_empty());
}

#[test]
fn the_bundled_site_finds_the_misskey_and_servers_page_with_a_section_link() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = yomu::build::build_site(root, &Default::default());
    let output = result.output.expect("the bundled site builds");
    for (code, query) in [("ja-JP", "サーバー"), ("en-US", "servers ")] {
        let index = read(&output, code);
        let hits = search(&index, &Tokenizer::new(code), query);
        let hit = hits
            .iter()
            .find(|h| {
                index.pages[h.page as usize]
                    .url
                    .contains("misskey-and-misskey-servers")
            })
            .unwrap_or_else(|| panic!("{code} {query:?} misses the page"));
        let section = &index.sections[hit.section as usize];
        assert!(
            !section.anchor.is_empty(),
            "{code} {query:?}: the result links to a section, not the page top: {section:?}"
        );
        let matching = hits.iter().filter(|h| h.page == hit.page).count();
        assert_eq!(matching, 1, "one result per page");
    }
}

/// `yomu serve` rebuilds with its caches kept: the next build's index has
/// the edited page's new text, and the same files as a clean build.
#[test]
fn a_cached_rebuild_after_an_edit_indexes_the_new_text() {
    use yomu::build::{build_site, build_site_cached, BuildCache, BuildOptions};
    let site = search_fixture::site();
    let options = BuildOptions::default();
    let mut cache = BuildCache::keeping();
    let first = build_site_cached(site.root(), &options, &mut cache);
    let ja = read(first.output.as_ref().expect("output"), "ja-JP");
    assert!(found(&ja, "ja-JP", "新しい段落").is_empty());

    site.write(
        "content/ja-JP/saba.md",
        "# 呼び方\n\n鯖という呼び方もあります。\n\n## 追記\n\n新しい段落です。\n",
    );
    let second = build_site_cached(site.root(), &options, &mut cache);
    assert_eq!(
        cache.last.rendered, 4,
        "only the edited page is rendered again, with its fallback copies in the other three languages"
    );
    let output = second.output.expect("output");
    let ja = read(&output, "ja-JP");
    assert_eq!(found(&ja, "ja-JP", "新しい段落"), ["/sub/ja/saba/"]);
    // Pages not rendered again keep their entries.
    assert_eq!(found(&ja, "ja-JP", "サーバー"), ["/sub/ja/servers/"]);
    let clean = build_site(site.root(), &options)
        .output
        .expect("clean build");
    for (path, _) in clean.files.iter().filter(|(p, _)| p.starts_with("search/")) {
        assert_eq!(clean.get(path), output.get(path), "{path}");
    }
}

/// `yomu serve` leaves the index out of each rebuild and builds it when a
/// reader first asks for one of its files, so an edit is not slowed down
/// by indexing the whole site; the index it serves has the edit.
#[test]
fn serve_builds_the_index_on_request_and_it_follows_edits() {
    use yomu::serve::incremental::Rebuilder;
    use yomu::serve::server::{lookup, Lookup};
    let site = search_fixture::site();
    let mut rebuilder = Rebuilder::new(site.root(), Default::default());
    let served = rebuilder.build().served.expect("served");
    assert!(served
        .output
        .files
        .keys()
        .all(|p| !p.starts_with("search/")));
    assert!(matches!(
        lookup(&served, "/sub/search/ja-JP/meta.json"),
        Lookup::File(_)
    ));
    let read_served = |served: &yomu::serve::state::Served| {
        read_language("ja-JP", |path| {
            served.file(path).map(|chunks| chunks.concat())
        })
        .expect("the served index")
    };
    assert!(found(&read_served(&served), "ja-JP", "新しい段落").is_empty());

    let page = site.path("content/ja-JP/saba.md");
    std::fs::write(
        &page,
        "# 呼び方\n\n鯖という呼び方もあります。\n\n新しい段落です。\n",
    )
    .expect("edit");
    let rebuilt = rebuilder.rebuild(&served, &[page]);
    let served = rebuilt.served.expect("served after the edit");
    assert_eq!(
        found(&read_served(&served), "ja-JP", "新しい段落"),
        ["/sub/ja/saba/"]
    );
}
