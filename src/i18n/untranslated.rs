//! Text of a translation still in the source language.
//!
//! The units are paragraphs, list items and headings, as plain text: code
//! blocks, inline code, raw HTML tags, link destinations and URLs are left
//! out, and so are container fences (`:::tip`).
//!
//! - From a CJK source (ja, zh, ko) to a non-CJK translation, a block is
//!   still untranslated when its source-script characters (for ja:
//!   hiragana, katakana, kanji) are at least twice as many as its
//!   Latin-script words: a Japanese word is about two characters, so the
//!   block is then mostly Japanese. Latin words are what both versions
//!   share (names such as "Misskey", domains, commands), so they never
//!   make a block look translated, and a Japanese term quoted in an English
//!   sentence does not make it look untranslated.
//! - For every other pair, a block is untranslated when its text is
//!   identical to a block of the source page and has at least 3 words (or
//!   4 CJK characters), so that shared names and one-word labels do not count.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Paragraph,
    ListItem,
    Heading,
}

impl BlockKind {
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list item",
            BlockKind::Heading => "heading",
        }
    }
}

/// A paragraph, list item or heading of a page, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line in the file.
    pub line: u32,
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Written in the source language's script.
    Script,
    /// Identical to a block of the source page.
    Identical,
}

/// The text blocks of a page body; `line_offset` is the number of lines
/// before the body (the front matter).
pub fn blocks(body: &str, line_offset: u32) -> Vec<Block> {
    let body = without_container_fences(body);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) as u32;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut open: Vec<(BlockKind, usize, String)> = Vec::new();
    let mut blocks = Vec::new();
    // Code blocks and tables are not prose to translate block by block.
    let mut skipped = 0usize;
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_)) => skipped += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Table) => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 => {}
            Event::Start(Tag::Paragraph) => {
                open.push((BlockKind::Paragraph, range.start, String::new()))
            }
            Event::Start(Tag::Heading { .. }) => {
                open.push((BlockKind::Heading, range.start, String::new()))
            }
            Event::Start(Tag::Item) => open.push((BlockKind::ListItem, range.start, String::new())),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some((kind, start, text)) = open.pop() {
                    let text = collapse_whitespace(&without_urls(&text));
                    if !text.is_empty() {
                        blocks.push(Block {
                            line: line_offset + line_of(start),
                            kind,
                            text,
                        });
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, _, buffer)) = open.last_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) => {
                if let Some((_, _, buffer)) = open.last_mut() {
                    buffer.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks.sort_by_key(|b| b.line);
    blocks
}

/// Blanks `:::name` / `:::` lines, keeping line numbers, so a container's
/// fence never joins the paragraph next to it.
fn without_container_fences(body: &str) -> String {
    body.split_inclusive('\n')
        .map(|line| {
            if line.trim_start().starts_with("::") {
                if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                }
            } else {
                line
            }
        })
        .collect()
}

fn without_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for link in linkify::LinkFinder::new().links(text) {
        out.push_str(&text[last..link.start()]);
        out.push(' ');
        last = link.end();
    }
    out.push_str(&text[last..]);
    out
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scripts a CJK language is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cjk {
    Japanese,
    Chinese,
    Korean,
}

impl Cjk {
    fn of(code: &str) -> Option<Cjk> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "ja" => Some(Cjk::Japanese),
            "zh" => Some(Cjk::Chinese),
            "ko" => Some(Cjk::Korean),
            _ => None,
        }
    }

    fn writes_with(self, c: char) -> bool {
        match self {
            Cjk::Japanese => is_kana(c) || is_han(c),
            Cjk::Chinese => is_han(c),
            Cjk::Korean => is_hangul(c) || is_han(c),
        }
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic()
}

/// Runs of Latin letters and digits (with `.`, `-`, `_`, `'` inside, so
/// `misskey.io` is one word) that contain a letter.
fn latin_words(text: &str) -> usize {
    let is_word_char =
        |c: char| is_latin_letter(c) || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '\'');
    text.split(|c: char| !is_word_char(c))
        .filter(|w| w.chars().any(is_latin_letter))
        .count()
}

/// How a translation's text is compared with its source.
pub struct Detector(Mode);

enum Mode {
    Script(Cjk),
    Identical,
}

impl Detector {
    pub fn new(source_code: &str, translation_code: &str) -> Detector {
        match (Cjk::of(source_code), Cjk::of(translation_code)) {
            (Some(script), None) => Detector(Mode::Script(script)),
            _ => Detector(Mode::Identical),
        }
    }

    /// Whether `find` needs the source page's blocks.
    pub fn needs_source(&self) -> bool {
        matches!(self.0, Mode::Identical)
    }

    /// The blocks of a translation still in the source language.
    pub fn find<'a>(&self, translation: &'a [Block], source: &[Block]) -> Vec<(&'a Block, Reason)> {
        match &self.0 {
            Mode::Script(script) => translation
                .iter()
                .filter(|block| {
                    let chars = block
                        .text
                        .chars()
                        .filter(|&c| script.writes_with(c))
                        .count();
                    chars > 0 && chars >= 2 * latin_words(&block.text)
                })
                .map(|block| (block, Reason::Script))
                .collect(),
            Mode::Identical => {
                let source: HashSet<&str> = source.iter().map(|b| b.text.as_str()).collect();
                translation
                    .iter()
                    .filter(|block| {
                        source.contains(block.text.as_str()) && is_substantial(&block.text)
                    })
                    .map(|block| (block, Reason::Identical))
                    .collect()
            }
        }
    }
}

/// Long enough that being identical is not a coincidence of shared names.
fn is_substantial(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let cjk = text
        .chars()
        .filter(|&c| is_kana(c) || is_han(c) || is_hangul(c))
        .count();
    words >= 3 || cjk >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Title {#t}\n\n:::tip\nMisskeyは、`code` ソフトウェアです。\n:::\n\n- item one\n- 項目 https://example.org/path\n  - nested\n\n```sh\nこれは コード\n```\n\nSee [リンク](https://example.org/日本語) and <b>bold</b>.\n";

    #[test]
    fn finds_paragraphs_items_and_headings_with_lines() {
        let found = blocks(PAGE, 3);
        let summary: Vec<(u32, &str, &str)> = found
            .iter()
            .map(|b| (b.line, b.kind.name(), b.text.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (4, "heading", "Title"),
                (7, "paragraph", "Misskeyは、 ソフトウェアです。"),
                (10, "list item", "item one"),
                (11, "list item", "項目"),
                (12, "list item", "nested"),
                (18, "paragraph", "See リンク and bold ."),
            ]
        );
    }

    #[test]
    fn japanese_script_wins_over_latin_names_only_when_it_dominates() {
        let detector = Detector::new("ja-JP", "en-US");
        let page = "Misskey is free software.\n\nMisskeyはソフトウェアです。\n\n\
                    misskey.io、misskey.design、nijimiss.moe といったSNSはMisskeyサーバーです。\n\n\
                    The heading 図解 keeps its id.\n\n## 例\n\n## Misskey Project\n";
        let found = blocks(page, 0);
        let flagged: Vec<u32> = detector
            .find(&found, &[])
            .iter()
            .map(|(b, _)| b.line)
            .collect();
        assert_eq!(flagged, [3, 5, 9]);
    }

    #[test]
    fn other_pairs_compare_with_the_source() {
        let detector = Detector::new("en-US", "fr-FR");
        let source = blocks("Install it with cargo today.\n\nMisskey Project\n", 0);
        let translation = blocks(
            "Installez-le avec cargo.\n\nInstall it with cargo today.\n\nMisskey Project\n",
            0,
        );
        let found = detector.find(&translation, &source);
        let lines: Vec<u32> = found.iter().map(|(b, _)| b.line).collect();
        assert_eq!(lines, [3]);
        assert!(Detector::new("ja-JP", "zh-CN").needs_source());
    }
}
