//! Soft line breaks in East Asian text: a newline between two Japanese or
//! Chinese characters renders as nothing, one next to Latin text as a
//! space. The characters decide, not the page's language.

mod common;

use common::renderers::{diagrams, highlighter, ExternalLinks, KeyUi, NoComponents};
use std::path::Path;
use yomu::markdown::*;

/// The HTML of `source` on a page in `lang`; it must render cleanly.
fn html(lang: &str, source: &str) -> String {
    let ctx = MarkdownContext {
        file: Path::new("content/page.md"),
        line_offset: 0,
        lang,
        ui: &KeyUi,
        links: &ExternalLinks,
        components: &NoComponents,
        highlighter: highlighter(),
        diagrams: diagrams(),
        glossary: None,
        search: false,
    };
    let r = render(source, &ctx);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    r.html
}

#[test]
fn japanese_sentences_join_without_a_space() {
    let out = html(
        "ja-JP",
        "Misskeyを使ったサーバーは多くあります。\n（Misskeyサーバー）\nフリーとは\n**自由**\nのことです。\n",
    );
    assert!(out.contains("あります。（Misskey"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn chinese_sentences_join_without_a_space() {
    insta::assert_snapshot!(html("zh-CN", "这是第一句。\n这是第二句，\n没有空格。\n"));
}

#[test]
fn japanese_next_to_latin_keeps_the_space() {
    let out = html(
        "ja-JP",
        "日本語の文\nMisskey is software\nそして日本語。\n`code`\nのあと\n",
    );
    assert!(out.contains("文\nMisskey"), "{out}");
    assert!(out.contains("software\nそして"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_line_ending_in_a_latin_word_keeps_the_space() {
    insta::assert_snapshot!(html("ja-JP", "詳しくは Misskey\nを見てください。\n"));
}

#[test]
fn english_pages_are_unaffected() {
    let out = html("en-US", "One line\nand the next.\n");
    assert_eq!(out, "<p>One line\nand the next.</p>\n");
}

#[test]
fn lists_and_admonitions_join_too() {
    insta::assert_snapshot!(html(
        "ja-JP",
        "- 一つ目の\n  項目です。\n- two\n  lines\n\n:::tip\nヒントの\n本文です。\n:::\n\n> 引用の\n> 文です。\n"
    ));
}
