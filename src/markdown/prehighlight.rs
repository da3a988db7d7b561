//! Highlighting every code block of the site before the Markdown stage.
//!
//! Compiled grammars are large (about 80 MB for Rust, JS, TS, YAML, shell,
//! JSON and Python together).
//! Highlighting everything first lets the build release them before the
//! pages' HTML piles up, so the two never share the peak memory; the
//! Markdown stage then finds every block in the highlighter's cache.

use super::code_block::parse_info;
use super::Highlighter;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

impl Highlighter {
    /// Highlights the fenced code blocks of every page source, in parallel,
    /// each distinct block once. Nothing but hashes is kept on the way:
    /// the compiled grammars are at their largest now.
    ///
    /// Two things keep the two threads from waiting on each other:
    /// - A block is claimed (by hash) before it is highlighted, so a
    ///   translation's copy of a block being highlighted elsewhere is
    ///   skipped, not highlighted again at the same time. (Pages come
    ///   grouped by language, so the threads' halves are the translations
    ///   of each other.)
    /// - A grammar compiles its regexes lazily, on first use, and two
    ///   threads in the same language need the same regexes in the same
    ///   order. So the first block of a language warms its grammar alone;
    ///   a page whose block's grammar is warming elsewhere is put off to a
    ///   second pass instead of waiting.
    pub fn highlight_all(&self, sources: &[Arc<str>]) {
        let claimed = Mutex::new(HashSet::new());
        let grammars = Mutex::new(HashMap::new());
        let put_off: Vec<usize> = (0..sources.len())
            .into_par_iter()
            .filter(|&i| !self.highlight_page(&sources[i], &claimed, Some(&grammars)))
            .collect();
        put_off.into_par_iter().for_each(|i| {
            self.highlight_page(&sources[i], &claimed, None);
        });
    }

    /// Highlights a page's unclaimed blocks; false when it stopped at a
    /// block whose grammar another thread is warming (`grammars` tracks
    /// that: syntax name → warm yet).
    fn highlight_page(
        &self,
        source: &str,
        claimed: &Mutex<HashSet<u64>>,
        grammars: Option<&Mutex<HashMap<String, bool>>>,
    ) -> bool {
        for (lang, code) in fenced_blocks(source) {
            let Some(syntax) = self.find_syntax(&lang) else {
                continue;
            };
            let mut warming_here = false;
            if let Some(grammars) = grammars {
                let mut grammars = lock(grammars);
                match grammars.get(&syntax.name) {
                    Some(false) => return false,
                    Some(true) => {}
                    None => {
                        grammars.insert(syntax.name.clone(), false);
                        warming_here = true;
                    }
                }
            }
            let mut hasher = DefaultHasher::new();
            (&syntax.name, &code).hash(&mut hasher);
            if lock(claimed).insert(hasher.finish()) {
                // A block that makes the highlighter panic is reported by
                // the Markdown stage, at its page and line.
                let _ = crate::guard::catch(|| self.highlight(&lang, &code));
            }
            if let (true, Some(grammars)) = (warming_here, grammars) {
                lock(grammars).insert(syntax.name.clone(), true);
            }
        }
        true
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
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
        highlighter.highlight_all(&["```rust\nfn a() {}\n```\n".into()]);
        let ahead = highlighter
            .highlight("rust", "fn a() {}\n")
            .expect("rust")
            .expect("short");
        highlighter.release_grammars();
        let after = highlighter
            .highlight("rust", "fn a() {}\n")
            .expect("cached")
            .expect("short");
        assert!(
            std::sync::Arc::ptr_eq(&ahead, &after),
            "served from the cache"
        );
        let fresh = highlighter
            .highlight("rust", "let b = 2;\n")
            .expect("recompiles")
            .expect("short");
        assert!(fresh[0].contains("hl-"), "{fresh:?}");
    }

    #[test]
    fn every_distinct_block_of_every_page_is_highlighted_once_ahead() {
        // Two languages' pages with the same blocks, in three grammars,
        // so pages are put off while a grammar warms on the other thread.
        let page = |i: usize| {
            format!(
                "# {i}\n\n```rust\nfn f{i}() {{}}\n```\n\n```ts\nconst x{i} = {i};\n```\n\n```python\ny{i} = {i}\n```\n"
            )
        };
        let sources: Vec<Arc<str>> = (0..2)
            .flat_map(|_| (0..40).map(|i| page(i).into()))
            .collect();
        let highlighter = Highlighter::new();
        highlighter.highlight_all(&sources);
        assert_eq!(highlighter.cached_blocks(), 40 * 3);
    }
}
