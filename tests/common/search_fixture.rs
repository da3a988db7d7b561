//! The search fixture: a site in ja-JP, en-US, zh-CN and ko-KR with known
//! pages, and the queries with the exact pages each must return. Shared by
//! tests/search.rs (the index read back in Rust) and
//! tests/search_browser.rs (the client script in Chromium).

use super::Fixture;

pub const CONFIG: &str = "\
title: Search fixture
base_url: https://docs.example.org/sub/
default_language: ja-JP
languages:
  - code: ja-JP
    name: 日本語
    path: ja
  - code: en-US
    name: English
    path: en
  - code: zh-CN
    name: 简体中文
    path: zh
  - code: ko-KR
    name: 한국어
    path: ko
";

pub fn site() -> Fixture {
    let site = Fixture::with_config(CONFIG);
    site.write(
        "content/ja-JP/servers.md",
        "# Misskeyサーバーとは\n\nMisskeyサーバーは、運営者が立てるSNSです。\n\n\
         ## サーバー運営 {#running}\n\nサーバー運営には手間がかかります。\n\n\
         :::tip\n管理画面から設定します。\n:::\n",
    )
    .write(
        "content/ja-JP/commit.md",
        "# コミット\n\nコミットとスキーマの話です。\n\n| 列 | 説明 |\n|---|---|\n| 表のセル | 値 |\n",
    )
    .write("content/ja-JP/saba.md", "# 呼び方\n\n鯖という呼び方もあります。\n")
    .write(
        "content/ja-JP/hidden.md",
        "---\nsearch: false\n---\n# 隠しページ\n\nMisskeyサーバーの運営者向けの内部メモ。\n",
    )
    .write("content/ja-JP/only-ja.md", "# 日本語だけ\n\n翻訳されていない固有のページです。\n")
    .write("content/en-US/servers.md", "---\ntitle: Servers\n---\n\nA server is a computer that runs Misskey.\n\n## Running a server\n\nThe server admin decides the rules. Servers are decentralised.\n")
    .write("content/en-US/cafe.md", "# Café\n\nMeet at the café near the server room.\n")
    .write("content/en-US/admin.md", "# Admin\n\nAn admin of a server. Configuration lives in the settings.\n")
    .write("content/zh-CN/servers.md", "# 服务器\n\nMisskey服务器是运行Misskey软件的社交网络。\n")
    .write("content/zh-CN/software.md", "# 软件\n\nMisskey是开源软件。\n")
    .write("content/ko-KR/servers.md", "# 서버\n\n서버를 운영하는 사람은 운영자입니다.\n")
    .write("content/ko-KR/software.md", "# 소프트웨어\n\nMisskey는 오픈 소스입니다.\n");
    site
}

/// (language code, query, the URL paths of the pages it must find, sorted).
pub const QUERIES: &[(&str, &str, &[&str])] = &[
    // Inside a katakana compound, and as its own word.
    ("ja-JP", "サーバー", &["/sub/ja/servers/"]),
    // Inside a kanji compound: 運営者, サーバー運営.
    ("ja-JP", "運営", &["/sub/ja/servers/"]),
    // One character.
    ("ja-JP", "鯖", &["/sub/ja/saba/"]),
    // ミ, スキ and キー are all in コミットとスキーマ, but never in a row.
    ("ja-JP", "ミスキー", &[]),
    ("ja-JP", "Misskeyサーバー", &["/sub/ja/servers/"]),
    // Admonition body and table cell text.
    ("ja-JP", "管理画面", &["/sub/ja/servers/"]),
    ("ja-JP", "表のセル", &["/sub/ja/commit/"]),
    // Plural finds singular; a folded diacritic; a phrase; a prefix.
    (
        "en-US",
        "servers ",
        &["/sub/en/admin/", "/sub/en/cafe/", "/sub/en/servers/"],
    ),
    ("en-US", "cafe ", &["/sub/en/cafe/"]),
    ("en-US", "decentralised ", &["/sub/en/servers/"]),
    ("en-US", "\"server admin\"", &["/sub/en/servers/"]),
    ("en-US", "configur", &["/sub/en/admin/"]),
    // A fallback page is found under its own language.
    ("en-US", "固有", &["/sub/en/only-ja/"]),
    // Korean: the word with a particle attached (서버를).
    ("ko-KR", "서버", &["/sub/ko/servers/"]),
    ("ko-KR", "운영자", &["/sub/ko/servers/"]),
    // Chinese: a word inside an unsegmented sentence.
    ("zh-CN", "服务器", &["/sub/zh/servers/"]),
    ("zh-CN", "软件", &["/sub/zh/servers/", "/sub/zh/software/"]),
];
