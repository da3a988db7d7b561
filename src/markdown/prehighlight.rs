//! Highlighting every code block of the site before the Markdown stage.
//!
//! Compiled grammars are large (about 150 MB once TypeScript is in use).
//! Highlighting everything first lets the build release them before the
//! pages' HTML piles up, so the two never share the peak memory; the
//! Markdown stage then finds every block in the highlighter's cache.

use super::code_block::parse_info;
use super::Highlighter;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::HashSet;

impl Highlighter {
    /// Highlights the fenced code blocks of every page source, in parallel.
    ///
    /// Blocks are deduplicated first: translations repeat their source's
    /// code, and pages come grouped by language, so highlighting page by
    /// page would have both threads work on the same blocks at once, each
    /// missing the cache the other is about to fill.
    ///
    /// Then one block per language goes first, languages in parallel: a
    /// grammar compiles its regexes lazily, on first use, and two threads
    /// parsing the same language need the same regexes in the same order,
    /// so one waits while the other compiles. Once each grammar is warm,
    /// the rest run in parallel freely.
    pub fn highlight_all(&self, sources: &[String]) {
        let blocks: Vec<(String, String)> = sources
            .par_iter()
            .flat_map_iter(|s| fenced_blocks(s))
            .collect();
        let mut seen = HashSet::new();
        let distinct: Vec<&(String, String)> =
            blocks.iter().filter(|block| seen.insert(*block)).collect();
        let mut languages = HashSet::new();
        let first_of_each: Vec<&(String, String)> = distinct
            .iter()
            .copied()
            .filter(|(lang, _)| {
                self.find_syntax(lang)
                    .is_some_and(|syntax| languages.insert(syntax.name.as_str()))
            })
            .collect();
        first_of_each
            .par_iter()
            .with_max_len(1)
            .for_each(|(lang, code)| {
                self.highlight(lang, code);
            });
        distinct.par_iter().for_each(|(lang, code)| {
            self.highlight(lang, code);
        });
    }
}

/// (language, code) of each fenced block with a language.
fn fenced_blocks(source: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(source) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = parse_info(&info).lang.map(|lang| (lang, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = current.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fenced_blocks_with_a_language() {
        let source = "text\n\n```rust title=\"a.rs\" {1}\nfn a() {}\n```\n\n    indented\n\n```\nplain\n```\n\n:::tip\n~~~ts\nlet x = 1;\n~~~\n:::\n";
        assert_eq!(
            fenced_blocks(source),
            [
                ("rust".to_string(), "fn a() {}\n".to_string()),
                ("ts".to_string(), "let x = 1;\n".to_string())
            ]
        );
    }

    #[test]
    fn blocks_highlighted_ahead_survive_releasing_the_grammars() {
        let mut highlighter = Highlighter::new();
        highlighter.highlight_all(&["```rust\nfn a() {}\n```\n".to_string()]);
        let ahead = highlighter.highlight("rust", "fn a() {}\n").expect("rust");
        highlighter.release_grammars();
        let after = highlighter
            .highlight("rust", "fn a() {}\n")
            .expect("cached");
        assert!(
            std::sync::Arc::ptr_eq(&ahead, &after),
            "served from the cache"
        );
        let fresh = highlighter
            .highlight("rust", "let b = 2;\n")
            .expect("recompiles");
        assert!(fresh[0].contains("hl-"), "{fresh:?}");
    }
}
