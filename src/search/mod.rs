//! Built-in search: one index per language, built from the sections the
//! Markdown stage rendered, written as small static JSON files that
//! `themes/default/static/search.js` fetches as the reader types.
//!
//! `collect` gathers the sections as the Markdown stage feeds it,
//! `tokenize` cuts text into tokens (CJK and Thai as character bigrams,
//! other scripts as folded, stemmed words),
//! `index` gathers postings, `query` defines what a query matches (the
//! client does the same), `shards` writes the files.

mod collect;
mod index;
mod intern;
mod packed;
mod query;
mod shards;
pub mod site;
mod tokenize;

pub use collect::{html_text, Collector, Section};
pub use index::{IndexInput, IndexedSection, LanguageIndex, PageEntry};
pub use query::{search, Hit};
pub use shards::{index_url, read_language, write_language, META_FILE};
pub use tokenize::Tokenizer;

/// The index of one language's pages, in their order.
pub fn index_language<'a>(
    lang: &str,
    pages: impl Iterator<Item = IndexInput<'a>>,
) -> LanguageIndex {
    LanguageIndex::build(&Tokenizer::new(lang).with_word_parts(), pages)
}

#[cfg(test)]
mod tests;
