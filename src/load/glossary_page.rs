//! The glossary page of each language with a glossary file: a page like
//! any other, whose Markdown is generated from the entries in the
//! language's collation order, grouped by kana row (ja) or initial letter.

use super::glossary::{Entry, Glossary};
use super::pages::{Page, PageKind, SortKey};
use super::{FrontMatter, TocSetting};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use std::fmt::Write;
use unicode_normalization::UnicodeNormalization;

/// Marks where the build puts an entry's "used on" links.
pub const USED_ON_MARK: &str = "<!-- yomu:used-on ";

/// Whether `page` is a generated glossary page: the only pages made from
/// a `.yaml` file.
pub fn is_glossary_page(page: &Page) -> bool {
    page.file.extension().is_some_and(|e| e == "yaml")
}

/// Adds one glossary page per language that has a glossary.
pub fn add(
    config: &Config,
    glossaries: &[Option<Glossary>],
    pages: &mut Vec<Page>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let key = config.glossary.path.to_lowercase();
    for (lang, glossary) in glossaries.iter().enumerate() {
        let Some(glossary) = glossary else { continue };
        if let Some(taken) = pages.iter().find(|p| p.lang == lang && p.key == key) {
            diagnostics.push(
                Diagnostic::error(
                    "glossary",
                    format!(
                        "the glossary page's URL `{key}/` is taken by {}; set `glossary.path` in site.yaml",
                        taken.file.display()
                    ),
                )
                .in_file(&glossary.file),
            );
            continue;
        }
        let japanese = config.languages[lang].code.split('-').next() == Some("ja");
        pages.push(Page {
            lang,
            file: glossary.file.clone(),
            key: key.clone(),
            url: format!("{key}/"),
            parent: Some(String::new()),
            sort: SortKey {
                rank: None,
                name: key.clone(),
            },
            kind: PageKind::Page,
            front: FrontMatter {
                glossary: Some(false),
                toc: Some(TocSetting::Depth(2)),
                source_hash: glossary.source_hash.clone(),
                ..FrontMatter::default()
            },
            body: markdown(glossary, japanese).into(),
            body_line_offset: 0,
        });
    }
}

/// The page body: a `##` per group, a `###` per entry with the entry's id.
pub fn markdown(glossary: &Glossary, japanese: bool) -> String {
    let mut entries: Vec<(String, &Entry)> = glossary
        .entries
        .iter()
        .map(|e| (sort_key(e, japanese), e))
        .collect();
    entries.sort_by(|a, b| {
        (group_rank(&a.0), &a.0, &a.1.term).cmp(&(group_rank(&b.0), &b.0, &b.1.term))
    });
    let mut out = String::new();
    let mut group = None;
    for (key, entry) in entries {
        let this = group_of(&key);
        if group.as_ref() != Some(&this.1) {
            let _ = write!(out, "## {} {{#{}}}\n\n", this.1, this.0);
            group = Some(this.1);
        }
        let _ = write!(
            out,
            "### {} {{#{}}}\n\n",
            heading_text(&entry.term),
            entry.id
        );
        if !entry.aliases.is_empty() {
            out.push_str("<p class=\"glossary-aliases\">");
            crate::html::escape_html_into(&mut out, &entry.aliases.join(" · "));
            out.push_str("</p>\n\n");
        }
        let body = entry.body.trim();
        match (body.is_empty(), &entry.short) {
            (false, _) => out.push_str(body),
            (true, Some(short)) => crate::html::escape_html_into(&mut out, short),
            (true, None) => {}
        }
        let _ = write!(out, "\n\n{USED_ON_MARK}{} -->\n\n", entry.id);
    }
    out
}

/// Readings sort Japanese entries (katakana as hiragana); Latin terms
/// sort by their lower-case form.
fn sort_key(entry: &Entry, japanese: bool) -> String {
    let source = match (&entry.reading, japanese) {
        (Some(reading), true) => reading.as_str(),
        _ => entry.term.as_str(),
    };
    source
        .nfkc()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Kana rows first, then Latin letters, then the rest.
fn group_rank(key: &str) -> u8 {
    match key.chars().next() {
        Some('\u{3041}'..='\u{3096}') => 0,
        Some(c) if c.is_ascii_alphabetic() => 1,
        _ => 2,
    }
}

/// The group an entry is listed under: (anchor id, heading). Kana rows
/// come first (あ か さ …), then Latin A–Z, then the rest.
fn group_of(key: &str) -> (String, String) {
    const ROWS: [(char, &str, &str); 10] = [
        ('\u{304A}', "あ", "a"),
        ('\u{3054}', "か", "ka"),
        ('\u{305E}', "さ", "sa"),
        ('\u{3069}', "た", "ta"),
        ('\u{306E}', "な", "na"),
        ('\u{307D}', "は", "ha"),
        ('\u{3082}', "ま", "ma"),
        ('\u{3088}', "や", "ya"),
        ('\u{308D}', "ら", "ra"),
        ('\u{3096}', "わ", "wa"),
    ];
    let first = key.chars().next().unwrap_or(' ');
    if ('\u{3041}'..='\u{3096}').contains(&first) {
        let row = ROWS
            .iter()
            .find(|(last, _, _)| first <= *last)
            .unwrap_or(&ROWS[0]);
        return (format!("glossary-row-{}", row.2), row.1.to_string());
    }
    if first.is_ascii_alphabetic() {
        let upper = first.to_ascii_uppercase();
        return (format!("glossary-{}", first), upper.to_string());
    }
    ("glossary-other".to_string(), "#".to_string())
}

/// A term as heading text: Markdown punctuation kept literal.
fn heading_text(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, term: &str, reading: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            term: term.into(),
            reading: reading.map(String::from),
            ..Entry::default()
        }
    }

    fn headings(markdown: &str) -> Vec<&str> {
        markdown.lines().filter(|l| l.starts_with('#')).collect()
    }

    #[test]
    fn japanese_sorts_by_reading_in_kana_rows() {
        let g = Glossary {
            file: "glossary/ja-JP.yaml".into(),
            source_hash: None,
            entries: vec![
                entry("server", "サーバー", Some("さーばー")),
                entry("misskey", "Misskey", Some("みすきー")),
                entry("oss", "オープンソース", Some("おーぷんそーす")),
                entry("fork", "フォーク", None),
                entry("ap", "ActivityPub", None),
            ],
        };
        assert_eq!(
            headings(&markdown(&g, true)),
            [
                "## あ {#glossary-row-a}",
                "### オープンソース {#oss}",
                "## さ {#glossary-row-sa}",
                "### サーバー {#server}",
                "## は {#glossary-row-ha}",
                "### フォーク {#fork}",
                "## ま {#glossary-row-ma}",
                "### Misskey {#misskey}",
                "## A {#glossary-a}",
                "### ActivityPub {#ap}",
            ]
        );
    }

    #[test]
    fn english_sorts_a_to_z_ignoring_case_and_reading() {
        let g = Glossary {
            file: "glossary/en-US.yaml".into(),
            source_hash: None,
            entries: vec![
                entry("server", "server", Some("さーばー")),
                entry("ap", "ActivityPub", None),
                entry("admin", "admin", None),
                entry("fork", "Fork", None),
            ],
        };
        assert_eq!(
            headings(&markdown(&g, false)),
            [
                "## A {#glossary-a}",
                "### ActivityPub {#ap}",
                "### admin {#admin}",
                "## F {#glossary-f}",
                "### Fork {#fork}",
                "## S {#glossary-s}",
                "### server {#server}",
            ]
        );
    }
}
