use super::*;
use crate::load::glossary::Entry;

fn entry(id: &str, term: &str, aliases: &[&str], exclude: &[&str], inside_kanji: bool) -> Entry {
    Entry {
        id: id.into(),
        term: term.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        exclude: exclude.iter().map(|s| s.to_string()).collect(),
        inside_kanji,
        ..Entry::default()
    }
}

fn glossary() -> Glossary {
    Glossary {
        file: "glossary/ja-JP.yaml".into(),
        source_hash: None,
        entries: vec![
            entry("misskey", "Misskey", &[], &[], false),
            entry(
                "server",
                "サーバー",
                &["インスタンス"],
                &["サーバーレス"],
                false,
            ),
            entry("misskey-server", "Misskeyサーバー", &[], &[], false),
            entry("admin", "運営者", &[], &[], false),
            entry("fork", "フォーク", &[], &[], false),
            entry("open-source", "オープンソース", &[], &[], false),
            entry("dsns", "分散", &[], &[], true),
            entry("en-server", "server", &["servers"], &[], false),
            entry("project", "Misskey Project", &[], &[], false),
            entry("ap", "ActivityPub", &[], &[], false),
        ],
    }
}

/// Each line of `texts` with its matches marked `[text→id]`.
fn marked(texts: &[&str]) -> String {
    let g = glossary();
    let matcher = TermMatcher::new(&g);
    let mut out = String::new();
    for text in texts {
        let mut last = 0;
        for m in matcher.find(text) {
            out.push_str(&text[last..m.start]);
            out.push_str(&format!(
                "[{}→{}]",
                &text[m.start..m.end],
                g.entries[m.entry].id
            ));
            last = m.end;
        }
        out.push_str(&text[last..]);
        out.push('\n');
    }
    out
}

#[test]
fn japanese_inside_compounds_and_before_particles() {
    insta::assert_snapshot!(marked(&[
        "Misskeyサーバーは、Misskeyで作られたサーバーです。",
        "サーバーを選ぶ。サーバーの運営者に連絡する。",
        "「サーバー」とインスタンスは同じ意味です。",
    ]));
}

#[test]
fn exclude_list_wins_over_the_term() {
    insta::assert_snapshot!(marked(&["サーバーレスの話ではなく、サーバーの話です。",]));
}

#[test]
fn katakana_next_to_katakana_is_not_a_match() {
    insta::assert_snapshot!(marked(&[
        "フォークリフトとサーバーサイドはフォークでもサーバーでもない。",
        "オープンソースのフォーク・サーバー。",
    ]));
}

#[test]
fn kanji_compounds_with_and_without_opting_in() {
    insta::assert_snapshot!(marked(&[
        "運営者側の判断。運営者が決める。元運営者。",
        "分散型SNSと非分散。",
    ]));
}

#[test]
fn full_width_and_half_width_forms() {
    insta::assert_snapshot!(marked(&[
        "ｻｰﾊﾞｰを選ぶ。Ｍｉｓｓｋｅｙを使う。ＡｃｔｉｖｉｔｙＰｕｂで通信。",
    ]));
}

#[test]
fn english_case_and_plurals() {
    insta::assert_snapshot!(marked(&[
        "A Server, two servers, no serverless, MISSKEY and misskeys.",
        "The Misskey Project maintains Misskey; the Misskey Projector does not.",
        "ActivityPub2 is not ActivityPub.",
    ]));
}

#[test]
fn key_folds_width_and_latin_case_only() {
    assert_eq!(glossary_key("ｻｰﾊﾞｰ"), "サーバー");
    assert_eq!(glossary_key("ＭｉｓｓＫｅｙ"), "misskey");
    assert_eq!(glossary_key("Ä"), "ä");
    assert_eq!(glossary_key("Σ"), "Σ", "only Latin letters are folded");
}

#[test]
fn empty_glossary_finds_nothing() {
    let matcher = TermMatcher::new(&Glossary::default());
    assert!(matcher.is_empty());
    assert!(matcher.find("サーバー").is_empty());
}

#[test]
fn the_compared_text_is_the_key_of_the_whole_text() {
    // Full-width forms take the shortcut; half-width kana with their
    // voiced marks, decomposed accents and ligatures take the tables.
    for text in [
        "（サーバー）とＭｉｓｓｋｅｙ！",
        "ｻｰﾊﾞｰ（ﾊﾟ）と（Cafe\u{301}）、ﬁle。",
        "か\u{3099}（が）",
        "（\u{301}）",
    ] {
        let folded = Folded::new(text);
        assert_eq!(folded.text(text), glossary_key(text), "{text}");
        assert_eq!(folded.original(0), Some(0));
        assert_eq!(folded.original(folded.text(text).len()), Some(text.len()));
    }
}
