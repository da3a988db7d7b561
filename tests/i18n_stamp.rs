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

#[test]
fn refuses_an_anchored_hash_naming_file_and_line() {
    let before = "---\ntitle: Page\nsource_hash: &h 0123456789ab\n---\n# Page\n";
    let f = site(before.as_bytes());
    let run = f.run(&["i18n", "stamp", "content/en-US/page.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en-US/page.md:3:") && run.stderr.contains("anchor"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&f), before.as_bytes());
}

mod generated {
    //! Stamping generated front matter: the result parses, holds the hash
    //! once, and every other byte is as it was.

    use proptest::prelude::*;
    use yomu::i18n::stamp::apply;

    /// Values as YAML writes them; `{eol}` stands for the file's line end.
    const VALUES: &[&str] = &[
        "plain words",
        "'it''s: quoted'",
        "\"a \\\"q\\\" \\u00e9 # not a comment\"",
        "42",
        "日本語のタイトル",
        "[a, 'b', \"c\"]",
        "{x: 1, y: [2]}",
        "|{eol}  line one{eol}  source_hash: not a key{eol}",
        ">-{eol}  folded{eol}  text{eol}",
        "{eol}  - a{eol}  - b: c{eol}",
        "{eol}  source_hash: nested{eol}",
        "",
    ];
    const NAMES: &[&str] = &["title", "description", "order", "toc", "source hash", "x:y"];
    /// An existing key, with the value the stamp replaces marked `OLD`.
    const HASH_LINES: &[&str] = &[
        "source_hash: OLD",
        "'source_hash': 'OLD'",
        "\"source_hash\": \"OLD\"  # stamped",
        "source_hash:    OLD # v1",
        "source_hash: ~",
        "source_hash:",
    ];

    fn key(name: &str, quoting: usize) -> String {
        match quoting {
            0 if !name.contains([' ', ':']) => name.to_string(),
            0 | 1 => format!("'{name}'"),
            _ => format!("\"{name}\""),
        }
    }

    prop_compose! {
        fn entry(index: usize)(
            name in prop::sample::select(NAMES),
            quoting in 0..3usize,
            value in prop::sample::select(VALUES),
            comment in any::<bool>(),
        ) -> String {
            let key = key(&format!("{name}{index}"), quoting);
            let block = value.starts_with(['|', '>']) || value.starts_with("{eol}");
            let comment = if comment && !block { " # note: x" } else { "" };
            let line = format!("{key}: {value}{comment}");
            if block || line.ends_with("{eol}") { line } else { format!("{line}{{eol}}") }
        }
    }

    fn entries() -> impl Strategy<Value = Vec<String>> {
        (0..6usize).prop_flat_map(|count| (0..count).map(entry).collect::<Vec<_>>())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn stamps_exactly_the_key(
            others in entries(),
            existing in prop::option::of((prop::sample::select(HASH_LINES), any::<prop::sample::Index>())),
            crlf in any::<bool>(),
            hash in "[0-9a-f]{12}",
            old in "[0-9a-f]{12}",
            body in "[a-z #:\n-]{0,60}",
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut lines: Vec<(String, String)> = others
                .iter()
                .map(|line| (line.replace("{eol}", eol), line.replace("{eol}", eol)))
                .collect();
            let mut appended = String::new();
            match existing {
                Some((line, at)) => {
                    let expected = match line {
                        "source_hash:" => format!("source_hash: {hash}"),
                        "source_hash: ~" => format!("source_hash: {hash}"),
                        _ => line.replace("'OLD'", &hash).replace("\"OLD\"", &hash).replace("OLD", &hash),
                    };
                    let before = line.replace("OLD", &old);
                    let at = at.index(lines.len() + 1);
                    lines.insert(at, (format!("{before}{eol}"), format!("{expected}{eol}")));
                }
                None => appended = format!("source_hash: {hash}{eol}"),
            }
            let front: String = lines.iter().map(|(before, _)| before.as_str()).collect();
            let stamped: String = lines.iter().map(|(_, after)| after.as_str()).collect();
            let file = format!("---{eol}{front}---{eol}{body}");
            let result = apply(&file, &hash).map_err(|refusal| format!("{refusal:?}\n{file}"));
            let expected = format!("---{eol}{stamped}{appended}---{eol}{body}");
            prop_assert_eq!(result.as_deref(), Ok(expected.as_str()));
            let mut diagnostics = Vec::new();
            let page = yomu::load::frontmatter::split(
                // The loader decodes line endings to LF before splitting.
                &result.as_deref().unwrap_or_default().replace("\r\n", "\n"),
                std::path::Path::new("page.md"),
                &mut diagnostics,
            );
            let unexpected: Vec<_> = diagnostics
                .iter()
                .filter(|d| !d.message.contains("unknown front matter key"))
                .collect();
            prop_assert!(unexpected.is_empty(), "{:?}", unexpected);
            prop_assert_eq!(page.front.source_hash.as_deref(), Some(hash.as_str()));
            prop_assert_eq!(&*page.body, body.as_str());
        }
    }
}
