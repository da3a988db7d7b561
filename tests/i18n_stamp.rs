//! `yomu i18n stamp`: writes `source_hash:` and nothing else, byte for
//! byte, in LF and CRLF files, with and without front matter; a stamped
//! page is current.

mod common;

use common::Fixture;
use yomu::i18n::hash::file_hash;

const JA: &str = "---\ntitle: ページ\n---\n# ページ\n\n本文。\n";

fn site(en: &[u8]) -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/page.md", JA)
        .write_bytes("content/en-US/page.md", en);
    f
}

fn read(f: &Fixture) -> Vec<u8> {
    std::fs::read(f.path("content/en-US/page.md")).expect("read page")
}

/// Stamps the page and checks the file changed only by `expected`.
fn stamp_and_expect(before: &str, expected: &str) {
    let f = site(before.as_bytes());
    let run = f.run(&["i18n", "stamp", "content/en-US/page.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = String::from_utf8(read(&f)).expect("utf-8");
    assert_eq!(after, expected.replace("HASH", &file_hash(JA)));
    let json = f.run(&["i18n", "status", "--format", "json"]).stdout;
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    let page = report["languages"][0]["files"]
        .as_array()
        .and_then(|files| {
            files
                .iter()
                .find(|file| file["file"] == "content/en-US/page.md")
        })
        .cloned()
        .expect("page in the report");
    assert_eq!(page["state"], "current");
    assert_eq!(page["basis"], "hash");
}

#[test]
fn adds_the_key_and_keeps_order_and_comments() {
    stamp_and_expect(
        "---\n# translated by Ann\ntoc: false\ntitle: Page   # keep\n---\n# Page\n\nBody.  \n",
        "---\n# translated by Ann\ntoc: false\ntitle: Page   # keep\nsource_hash: HASH\n---\n# Page\n\nBody.  \n",
    );
}

#[test]
fn replaces_an_old_hash_in_a_crlf_file() {
    stamp_and_expect(
        "---\r\ntitle: Page\r\nsource_hash: 0123456789ab # v1\r\ndescription: d\r\n---\r\n# Page\r\n",
        "---\r\ntitle: Page\r\nsource_hash: HASH # v1\r\ndescription: d\r\n---\r\n# Page\r\n",
    );
}

#[test]
fn gives_front_matter_to_a_file_without_one() {
    stamp_and_expect(
        "# Page\n\nBody.\n",
        "---\nsource_hash: HASH\n---\n# Page\n\nBody.\n",
    );
    stamp_and_expect(
        "\u{feff}# Page\r\n\r\nBody.\r\n",
        "\u{feff}---\r\nsource_hash: HASH\r\n---\r\n# Page\r\n\r\nBody.\r\n",
    );
}

#[test]
fn stamping_again_changes_nothing() {
    let f = site(b"# Page\n");
    assert_eq!(f.run(&["i18n", "stamp", "content/en-US/page.md"]).code, 0);
    let once = read(&f);
    let run = f.run(&["i18n", "stamp", "content/en-US/page.md"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("already stamped"), "{}", run.stdout);
    assert_eq!(read(&f), once);
}

#[test]
fn an_outdated_page_becomes_current_when_restamped() {
    let f = site(b"---\nsource_hash: 0123456789ab\n---\n# Page\n");
    let built = f.build_clean();
    assert_eq!(
        built
            .html("en/page/index.html")
            .count(".translation-outdated"),
        1
    );
    let run = f.run(&["i18n", "stamp", "content/en-US/page.md"]);
    assert!(run.stdout.contains("(was 0123456789ab)"), "{}", run.stdout);
    let built = f.build_clean();
    assert_eq!(
        built
            .html("en/page/index.html")
            .count(".translation-notice"),
        0
    );
}

#[test]
fn refuses_what_it_cannot_stamp() {
    let f = site(b"# Page\n");
    f.write("content/en-US/extra.md", "# Extra\n");
    let source = f.run(&["i18n", "stamp", "content/ja-JP/page.md"]);
    assert_eq!(source.code, 2);
    assert!(
        source.stderr.contains("source language"),
        "{}",
        source.stderr
    );
    let extra = f.run(&["i18n", "stamp", "content/en-US/extra.md"]);
    assert_eq!(extra.code, 1);
    assert!(extra.stderr.contains("no source page"), "{}", extra.stderr);
    assert_eq!(f.run(&["i18n", "stamp", "content/en-US/nope.md"]).code, 2);
    assert_eq!(f.run(&["i18n", "stamp"]).code, 2, "at least one file");
    f.write("content/en-US/broken.md", "---\ntitle: x\n")
        .write("content/ja-JP/broken.md", "# 壊れた\n");
    let broken = f.run(&["i18n", "stamp", "content/en-US/broken.md"]);
    assert_eq!(broken.code, 1);
    assert_eq!(
        std::fs::read_to_string(f.path("content/en-US/broken.md"))
            .ok()
            .as_deref(),
        Some("---\ntitle: x\n"),
        "a file stamp cannot handle is left alone"
    );
}
