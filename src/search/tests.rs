//! Query semantics on small indexes: the cases.

use super::*;

fn page(url: &str, title: &str, body: &str) -> (String, String, Vec<Section>) {
    let sections = vec![
        Section {
            body: body.to_string(),
            ..Section::default()
        },
        Section {
            anchor: format!("{url}-more"),
            heading: "More".into(),
            body: String::new(),
            code: "let x = 1;".into(),
        },
    ];
    (url.to_string(), title.to_string(), sections)
}

fn index(lang: &str, pages: &[(String, String, Vec<Section>)]) -> LanguageIndex {
    index_language(
        lang,
        pages.iter().map(|(url, title, sections)| IndexInput {
            page: PageEntry {
                url: url.clone(),
                title: title.clone(),
                notice: None,
            },
            sections,
        }),
    )
}

fn urls(index: &LanguageIndex, lang: &str, query: &str) -> Vec<String> {
    let mut found: Vec<String> = search(index, &Tokenizer::new(lang), query)
        .into_iter()
        .map(|hit| index.pages[hit.page as usize].url.clone())
        .collect();
    found.sort();
    found
}

fn japanese() -> LanguageIndex {
    index(
        "ja-JP",
        &[
            page(
                "a",
                "Misskeyサーバーとは",
                "Misskeyサーバーは運営者が立てます。",
            ),
            page("b", "コミット", "コミットとスキーマの話。"),
            page("c", "運営", "サーバー運営の手引き。鯖とも言う。"),
        ],
    )
}

#[test]
fn cjk_substrings_are_found_inside_compounds() {
    let ja = japanese();
    assert_eq!(urls(&ja, "ja-JP", "サーバー"), ["a", "c"]);
    assert_eq!(urls(&ja, "ja-JP", "運営"), ["a", "c"]);
    assert_eq!(urls(&ja, "ja-JP", "鯖"), ["c"]);
    assert_eq!(urls(&ja, "ja-JP", "Misskeyサーバー"), ["a"]);
}

#[test]
fn a_cjk_query_never_matches_scattered_pieces() {
    // ミ, スキ and キー are on page b only apart (コミット, スキーマ).
    assert!(urls(&japanese(), "ja-JP", "ミスキー").is_empty());
    assert!(urls(&japanese(), "ja-JP", "サーバー運営者").is_empty());
}

#[test]
fn several_terms_are_anded() {
    assert_eq!(urls(&japanese(), "ja-JP", "サーバー 鯖"), ["c"]);
}

fn english() -> LanguageIndex {
    index(
        "en-US",
        &[
            page(
                "server",
                "Servers",
                "A server is a computer. It is decentralised.",
            ),
            page("cafe", "Café", "Meet at the café, said the server admin."),
            page("other", "Other", "Nothing of interest here, admin server."),
        ],
    )
}

#[test]
fn latin_words_are_stemmed_folded_and_prefixed_while_typing() {
    let en = english();
    assert_eq!(urls(&en, "en-US", "servers "), ["cafe", "other", "server"]);
    assert_eq!(urls(&en, "en-US", "decentralised "), ["server"]);
    assert_eq!(urls(&en, "en-US", "cafe "), ["cafe"]);
    assert_eq!(urls(&en, "en-US", "CAFÉ "), ["cafe"]);
    assert_eq!(urls(&en, "en-US", "decentr"), ["server"]);
    assert!(urls(&en, "en-US", "decentr ").is_empty());
}

#[test]
fn a_quoted_phrase_matches_its_words_in_order() {
    let en = english();
    assert_eq!(urls(&en, "en-US", "\"server admin\""), ["cafe"]);
    assert_eq!(urls(&en, "en-US", "server admin "), ["cafe", "other"]);
}

#[test]
fn title_matches_rank_before_body_matches() {
    let en = english();
    let hits = search(&en, &Tokenizer::new("en-US"), "servers ");
    assert_eq!(en.pages[hits[0].page as usize].url, "server");
    assert_eq!(hits[0].tier, index::TITLE);
}

#[test]
fn code_is_indexed() {
    let en = english();
    assert_eq!(urls(&en, "en-US", "let ").len(), 3);
}

#[test]
fn hits_point_at_the_matching_section() {
    let ko = index(
        "ko-KR",
        &[(
            "k".to_string(),
            "안내".to_string(),
            vec![
                Section {
                    body: "소개".into(),
                    ..Section::default()
                },
                Section {
                    anchor: "서버".into(),
                    heading: "서버".into(),
                    body: "서버를 운영합니다.".into(),
                    code: String::new(),
                },
            ],
        )],
    );
    let hits = search(&ko, &Tokenizer::new("ko-KR"), "서버");
    assert_eq!(hits.len(), 1);
    assert_eq!(ko.sections[hits[0].section as usize].anchor, "서버");
}

/// The index that `files` hold, read back as the client would.
fn read_back(lang: &str, files: &[(String, Vec<u8>)]) -> LanguageIndex {
    read_language(lang, |path| {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
    })
    .expect("readable")
}

#[test]
fn written_files_read_back_to_the_same_answers() {
    let en = english();
    let files = write_language("en-US", en.clone());
    assert!(files.iter().all(|(_, bytes)| bytes.len() <= 100 * 1024));
    let read = read_back("en-US", &files);
    for query in ["servers ", "\"server admin\"", "decentr", "CAFÉ "] {
        assert_eq!(
            urls(&read, "en-US", query),
            urls(&en, "en-US", query),
            "{query}"
        );
    }
}

#[test]
fn a_token_on_many_pages_is_split_over_shards_and_read_back_whole() {
    let pages: Vec<(String, String, Vec<Section>)> = (0..3000)
        .map(|i| page(&format!("p{i}"), "ページ", "サーバーの話。サーバーの運営。"))
        .collect();
    let ja = index("ja-JP", &pages);
    let files = write_language("ja-JP", ja.clone());
    let largest = files.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
    assert!(largest <= 100 * 1024, "largest file: {largest} bytes");
    let read = read_back("ja-JP", &files);
    assert_eq!(read.postings, ja.postings);
    assert_eq!(urls(&read, "ja-JP", "サーバーの運営").len(), 3000);
}

#[test]
fn a_page_whose_sections_fill_several_chunks_reads_back_as_one_page() {
    let sections: Vec<Section> = (0..6)
        .map(|i| Section {
            anchor: format!("s{i}"),
            heading: format!("見出し{i}"),
            body: "サーバー".repeat(200),
            code: String::new(),
        })
        .collect();
    let pages = [
        ("a".to_string(), "A".to_string(), sections.clone()),
        ("b".to_string(), "B".to_string(), sections),
    ];
    let ja = index("ja-JP", &pages);
    let files = write_language("ja-JP", ja.clone());
    let chunks = files
        .iter()
        .filter(|(path, _)| {
            path.rsplit('/')
                .next()
                .is_some_and(|name| name.starts_with('d'))
        })
        .count();
    assert!(chunks > 2, "{chunks} chunks");
    let read = read_back("ja-JP", &files);
    assert_eq!(read.pages, ja.pages);
    assert_eq!(read.sections, ja.sections);
}

#[test]
fn a_section_repeating_a_word_tens_of_thousands_of_times_keeps_every_file_small() {
    // Each repetition puts サー 11 positions after the last (two packed
    // characters): 60,000 of them in one section were 120 KB of postings.
    let body = "サーバーの話をします。".repeat(60_000);
    let ja = index("ja-JP", &[page("a", "長いページ", &body)]);
    let files = write_language("ja-JP", ja);
    let largest = files.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
    assert!(largest <= 100 * 1024, "largest file: {largest} bytes");
    let read = read_back("ja-JP", &files);
    assert_eq!(urls(&read, "ja-JP", "サーバーの話"), ["a"]);
    assert_eq!(urls(&read, "ja-JP", "ミスキー"), Vec::<String>::new());
}

#[test]
fn an_excerpt_is_the_first_600_characters_whatever_their_width() {
    let by_decoding = |text: &str| match text.char_indices().nth(600) {
        Some((end, _)) => text[..end].to_string(),
        None => text.to_string(),
    };
    let texts = [
        String::new(),
        "a".repeat(599),
        "a".repeat(600),
        "a".repeat(601),
        "サーバー".repeat(400),
        "é🦀サa".repeat(300),
        format!("{}{}", "a".repeat(63), "運営".repeat(700)),
    ];
    for text in &texts {
        let excerpt = super::index::excerpt(text);
        assert_eq!(excerpt, by_decoding(text));
        assert!(excerpt.chars().count() <= 600);
    }
}
