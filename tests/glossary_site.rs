//! Glossary end to end: fixture sites with glossary files, built in temp
//! folders; terms linked in pages, the glossary page, lints, diagnostics.

mod common;

use common::{Fixture, TWO_LANGUAGES};

const JA_GLOSSARY: &str = "\
terms:
  - id: misskey
    term: Misskey
    reading: みすきー
    short: 分散型SNSを作るためのオープンソースのソフトウェア。
    page: /docs/about/
  - id: server
    term: サーバー
    aliases: [インスタンス]
    reading: さーばー
    short: Misskeyなどで作られた、人が集まる一つの場所。
    exclude: [サーバーレス]
    body: |
      **サーバー**は一つのSNSです。
  - id: admin
    term: 運営者
    reading: うんえいしゃ
    short: サーバーを運営する人。
  - id: ap
    term: ActivityPub
    short: サーバー同士が話す約束事。
  - id: oss
    term: オープンソース
    reading: おーぷんそーす
";

const EN_GLOSSARY: &str = "\
terms:
  - id: misskey
    term: Misskey
    short: Open-source software for building decentralised social networks.
  - id: server
    term: server
    aliases: [servers, instance]
    short: One place where people gather, built with software such as Misskey.
  - id: admin
    term: admin
    short: The people who run a server.
  - id: ap
    term: ActivityPub
    short: The protocol servers talk with.
";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("glossary/ja-JP.yaml", JA_GLOSSARY)
        .write("glossary/en-US.yaml", EN_GLOSSARY)
        .write("content/ja-JP/index.md", "# ホーム\n\nMisskeyサーバーの運営者に連絡します。サーバーレスではありません。サーバーは二度目。\n\n## 節\n\nサーバーです。\n")
        .write("content/en-US/index.md", "# Home\n\nContact the admin of your server. Two servers.\n")
        .write(
            "content/ja-JP/docs/about.md",
            "# Misskeyとは\n\nMisskeyはActivityPubで話します。`サーバー`と[サーバー](https://example.org/)。\n\n:term[インスタンス]{server}と[用語](/glossary/#admin)。\n",
        )
        .write("content/en-US/docs/about.md", "# About Misskey\n\nMisskey speaks ActivityPub.\n")
        .write(
            "content/ja-JP/docs/off.md",
            "---\nglossary: false\n---\n# オフ\n\nサーバーです。\n",
        )
        .write("content/en-US/docs/off.md", "# Off\n\nA server.\n");
    f
}

#[test]
fn first_occurrence_links_to_the_entry_with_its_short_text() {
    let built = site().build_clean();
    let home = built.html("ja/index.html");
    assert_eq!(
        home.texts("main a.term"),
        ["Misskey", "サーバー", "運営者"],
        "Misskeyサーバー is not an entry here, so Misskey and サーバー are; サーバーレス is excluded; the second サーバー is not linked"
    );
    assert_eq!(
        home.attrs("main a.term", "href"),
        [
            "/ja/glossary/#misskey",
            "/ja/glossary/#server",
            "/ja/glossary/#admin"
        ]
    );
    assert_eq!(
        home.attrs("main a.term", "data-short")[1],
        "Misskeyなどで作られた、人が集まる一つの場所。"
    );
    assert_eq!(home.count("main h1 a.term, main h2 a.term"), 0);
}

#[test]
fn own_page_code_links_and_explicit_references() {
    let built = site().build_clean();
    let about = built.html("ja/docs/about/index.html");
    // Misskey is this page's own term; code and links are never touched;
    // :term[…]{id} links too.
    assert_eq!(about.texts("main a.term"), ["ActivityPub", "インスタンス"]);
    assert_eq!(about.texts("main code"), ["サーバー"]);
    let off = built.html("ja/docs/off/index.html");
    assert_eq!(off.count("main a.term"), 0, "glossary: false");
}

#[test]
fn japanese_glossary_page_is_in_reading_order_with_back_links() {
    let built = site().build_clean();
    let page = built.html("ja/glossary/index.html");
    assert_eq!(page.texts("main h1"), ["用語集"]);
    assert_eq!(page.texts("main h2"), ["あ", "さ", "ま", "A"]);
    assert_eq!(
        page.attrs("main h3", "id"),
        ["admin", "oss", "server", "misskey", "ap"],
        "うんえいしゃ, おーぷんそーす, さーばー, みすきー, then Latin"
    );
    let used: Vec<String> = page.attrs("#server ~ .glossary-used-on a", "href");
    assert!(used.contains(&"/ja/".to_string()), "{used:?}");
    assert!(used.contains(&"/ja/docs/about/".to_string()), "{used:?}");
    assert_eq!(
        page.count("main a.term"),
        0,
        "no term links on the glossary page"
    );
}

#[test]
fn english_glossary_page_is_a_to_z() {
    let built = site().build_clean();
    let page = built.html("en/glossary/index.html");
    assert_eq!(page.texts("main h1"), ["Glossary"]);
    assert_eq!(
        page.attrs("main h3", "id"),
        ["ap", "admin", "misskey", "server"]
    );
    let home = built.html("en/index.html");
    assert_eq!(home.texts("main a.term"), ["admin", "server"]);
}

#[test]
fn check_lints_unused_terms_and_missing_short() {
    let result = site().build();
    let unused: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "glossary-unused")
        .map(|d| (d.file.clone().unwrap_or_default(), d.line))
        .collect();
    assert_eq!(
        unused,
        [("glossary/ja-JP.yaml".into(), 22)],
        "only オープンソース is used nowhere"
    );
    let short: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "glossary-short")
        .map(|d| d.line)
        .collect();
    assert_eq!(short, [22]);
    assert!(result.diagnostics.iter().any(|d| d.code == "glossary"
        && d.message.contains("`oss`")
        && d.file.as_deref() == Some(std::path::Path::new("glossary/en-US.yaml"))));
}

#[test]
fn bad_glossary_files_are_diagnostics_with_lines_and_the_build_goes_on() {
    let f = Fixture::with_config(TWO_LANGUAGES);
    f.write("content/ja-JP/index.md", "# ホーム\n\nサーバー\n")
        .write("content/en-US/index.md", "# Home\n")
        .write(
            "glossary/ja-JP.yaml",
            "terms:\n  - id: server\n    term: サーバー\n    short: s\n  - id: server\n    term: 鯖\n    short: s\n",
        )
        .write("glossary/en-US.yaml", "terms:\n  - id: server\n    term: server\n    aliasses: [y]\n");
    let result = f.build();
    assert!(result.output.is_some(), "the build goes on");
    let shown: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "glossary")
        .map(|d| {
            format!(
                "{}:{} {}",
                d.file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                d.line,
                d.message
            )
        })
        .collect();
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("glossary/ja-JP.yaml:5 duplicate glossary id `server`")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("glossary/en-US.yaml:4 ") && s.contains("aliasses")),
        "{shown:?}"
    );
    // The first entry of the good file still links itself.
    let built = common::Built {
        output: result.output.expect("output"),
        diagnostics: result.diagnostics,
    };
    assert_eq!(
        built.html("ja/index.html").texts("main a.term"),
        ["サーバー"]
    );
}

#[test]
fn glossary_folder_and_page_url_come_from_site_yaml() {
    let config = format!("{TWO_LANGUAGES}glossary:\n  dir: terms\n  path: words\n  link: every\n");
    let f = Fixture::with_config(&config);
    f.write(
        "terms/ja-JP.yaml",
        "terms:\n  - id: server\n    term: サーバー\n    short: s\n",
    )
    .write(
        "content/ja-JP/index.md",
        "# ホーム\n\nサーバーとサーバー。\n",
    )
    .write("content/en-US/index.md", "# Home\n");
    let built = f.build_clean();
    let home = built.html("ja/index.html");
    assert_eq!(
        home.attrs("main a.term", "href"),
        ["/ja/words/#server", "/ja/words/#server"]
    );
    assert_eq!(
        built.html("ja/words/index.html").attrs("main h3", "id"),
        ["server"]
    );
}

#[test]
fn faq_pages_turn_sections_into_questions() {
    let config = format!("{TWO_LANGUAGES}faq_level: 3\nfaq_jsonld: true\n");
    let f = Fixture::with_config(&config);
    f.write(
        "content/ja-JP/faq.md",
        "---\ntype: faq\n---\n# FAQ\n\n前書き。\n\n## 一般\n\n### 無料ですか? {#free}\n\nはい。\n\n### 誰が作りましたか?\n\n有志です。\n",
    )
    .write("content/ja-JP/index.md", "# ホーム\n\n[無料](./faq.md#free)\n")
    .write("content/en-US/index.md", "# Home\n");
    let built = f.build_clean();
    let page = built.html("ja/faq/index.html");
    assert_eq!(
        page.attrs("details.faq-item > summary > h3", "id"),
        ["free", "誰が作りましたか"]
    );
    assert_eq!(
        page.texts("nav.faq-questions a"),
        ["無料ですか?", "誰が作りましたか?"]
    );
    assert_eq!(
        page.texts("details.faq-item .faq-answer p"),
        ["はい。", "有志です。"]
    );
    assert_eq!(
        page.count("main h2"),
        1,
        "the ## heading stays outside the questions"
    );
    assert_eq!(page.count("script[type='application/ld+json']"), 1);
}
