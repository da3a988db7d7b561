//! One language's inverted index: token → sections and positions, and the
//! query semantics the client script (`search.js`) implements the same way.
//!
//! Ranking: a page's tier is the best field any query term matched in
//! (title 3 > heading 2 > body 1 > code 0); within a tier, a BM25 sum over
//! the terms with k1 = 1.2 and no length normalisation (b = 0), idf from
//! the number of sections that contain the term, code occurrences counting
//! half.
//!
//! Building it is the part of `yomu build` that grows with the site, so
//! pages are tokenized in parallel, and a token's postings are one flat
//! `Vec<u32>` rather than a list per section.

use super::collect::Section;
use super::intern::Interner;
use super::packed;
use super::tokenize::Tokenizer;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub const TITLE: u32 = 3;
pub const HEADING: u32 = 2;
pub const BODY: u32 = 1;
pub const CODE: u32 = 0;
/// Suffix rules shipped to the client, most used first.
const MAX_RULES: usize = 200;
/// Longest piece of one token's packed postings; a token with more is
/// split, each piece in a shard of its own.
const PIECE_BYTES: usize = 24 * 1024;
/// Most positions of one token kept per section. Their deltas add up to
/// less than 2^32, so packed they take under 45 KB: one
/// section's entry stays under the 100 KB a file may have. More
/// occurrences add nothing to the rank (BM25 saturates long before); a
/// phrase found only after them is missed.
const MAX_POSITIONS: usize = 10_000;
/// Longest excerpt text kept per section, in characters.
const EXCERPT_CHARS: usize = 600;
/// Pages tokenized at once: enough to keep every core busy, few enough
/// that their tokens take little memory before they are merged.
const BATCH: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    pub url: String,
    pub title: String,
    /// The fallback notice of a page published in the source language.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSection {
    pub page: u32,
    pub anchor: String,
    pub heading: String,
    /// The start of the body text (or code, when the section has no
    /// body), for excerpts.
    pub text: String,
}

/// One token's postings as the index files hold them: per section, in
/// ascending order, `section delta, count, position deltas…`, packed
/// ([`super::packed`]), positions encoded `position * 4 + field`; in
/// pieces of at most `PIECE_BYTES`, each counting sections from 0. Kept
/// packed while the index is built: a quarter of the memory of numbers.
pub type Postings = Vec<String>;

/// A page as the index is given it.
pub struct IndexInput<'a> {
    pub page: PageEntry,
    pub sections: &'a [Section],
}

#[derive(Debug, Default, Clone)]
pub struct LanguageIndex {
    pub pages: Vec<PageEntry>,
    /// A page's sections are consecutive, in page order.
    pub sections: Vec<IndexedSection>,
    /// Every token, in sorted order, with its postings.
    pub postings: Vec<(String, Postings)>,
    /// `(surface suffix, stem suffix)`: how the stemmer shortened this
    /// site's words; the client applies them to query words.
    pub rules: Vec<(String, String)>,
}

impl LanguageIndex {
    /// The index of `pages`, in their order.
    pub fn build<'a>(
        tokenizer: &Tokenizer,
        mut pages: impl Iterator<Item = IndexInput<'a>>,
    ) -> Self {
        let mut index = LanguageIndex::default();
        let interner = Interner::default();
        let mut lists: Vec<PostingsBuilder> = Vec::new();
        let mut stemmed: HashSet<String> = HashSet::default();
        // Each batch is merged while the next one is tokenized, so that
        // the merge, which is one thread's work, leaves no core idle.
        let mut tokenized: Vec<(IndexInput, PageTokens)> = Vec::new();
        loop {
            let batch: Vec<IndexInput> = pages.by_ref().take(BATCH).collect();
            if batch.is_empty() && tokenized.is_empty() {
                break;
            }
            // Every id of the tokenized batch is below this.
            let ids = interner.len();
            let merge = || {
                lists.resize_with(ids, PostingsBuilder::default);
                for (input, tokens) in tokenized.drain(..) {
                    index.add_page(input, &tokens, &mut lists);
                    stemmed.extend(tokens.stemmed);
                }
            };
            let tokenize = || -> Vec<PageTokens> {
                batch
                    .par_iter()
                    .map(|input| {
                        PageTokens::new(tokenizer, &interner, &input.page.title, input.sections)
                    })
                    .collect()
            };
            let ((), next) = rayon::join(merge, tokenize);
            tokenized = batch.into_iter().zip(next).collect();
        }
        let mut sorted: Vec<(String, Postings)> = interner
            .into_texts()
            .into_iter()
            .zip(lists)
            .map(|(token, list)| (token, list.pieces))
            .collect();
        sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        index.postings = sorted;
        index.rules = suffix_rules(tokenizer, stemmed);
        index
    }

    fn add_page(&mut self, input: IndexInput, tokens: &PageTokens, lists: &mut [PostingsBuilder]) {
        let page = self.pages.len() as u32;
        let first_section = self.sections.len() as u32;
        let mut packed = String::new();
        for (i, entries) in tokens.sections.iter().enumerate() {
            let section = first_section + i as u32;
            for group in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
                let group = &group[..group.len().min(MAX_POSITIONS)];
                packed.clear();
                packed::push(&mut packed, group.len() as u32);
                let mut last = 0;
                for &entry in group {
                    let encoded = entry as u32;
                    packed::push(&mut packed, encoded - last);
                    last = encoded;
                }
                lists[(group[0] >> 32) as usize].add(section, &packed);
            }
        }
        for section in input.sections {
            let text = if section.body.is_empty() {
                &section.code
            } else {
                &section.body
            };
            self.sections.push(IndexedSection {
                page,
                anchor: section.anchor.clone(),
                heading: section.heading.clone(),
                text: excerpt(text).to_string(),
            });
        }
        if input.sections.is_empty() && !tokens.sections.is_empty() {
            // A page with only a title: one section, its title.
            self.sections.push(IndexedSection {
                page,
                anchor: String::new(),
                heading: String::new(),
                text: String::new(),
            });
        }
        self.pages.push(input.page);
    }

    /// The postings of `token`, unpacked: per section `section, count,
    /// positions…`, all absolute.
    pub fn get(&self, token: &str) -> Option<Vec<u32>> {
        let i = self
            .postings
            .binary_search_by(|(t, _)| t.as_str().cmp(token))
            .ok()?;
        let mut flat = Vec::new();
        for piece in &self.postings[i].1 {
            let numbers = packed::decode(piece)?;
            let mut at = 0;
            let mut section = 0;
            while let [delta, count, ..] = numbers[at..] {
                section += delta;
                let deltas = numbers.get(at + 2..at + 2 + count as usize)?;
                flat.extend([section, count]);
                let mut position = 0;
                flat.extend(deltas.iter().map(|d| {
                    position += d;
                    position
                }));
                at += 2 + count as usize;
            }
        }
        Some(flat)
    }

    /// The tokens that start with `prefix`, in order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> {
        let start = self.postings.partition_point(|(t, _)| t.as_str() < prefix);
        self.postings[start..]
            .iter()
            .map(|(t, _)| t.as_str())
            .take_while(move |t| t.starts_with(prefix))
    }
}

/// The first [`EXCERPT_CHARS`] characters of `text`. Characters are
/// counted as the bytes that start one, a block at a time, which is much
/// quicker than decoding them.
pub(super) fn excerpt(text: &str) -> &str {
    const BLOCK: usize = 64;
    let starts = |bytes: &[u8]| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let bytes = text.as_bytes();
    let mut counted = 0;
    let mut at = 0;
    while at + BLOCK <= bytes.len() {
        let in_block = starts(&bytes[at..at + BLOCK]);
        if counted + in_block > EXCERPT_CHARS {
            break;
        }
        counted += in_block;
        at += BLOCK;
    }
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        if (b as i8) >= -0x40 {
            if counted == EXCERPT_CHARS {
                return &text[..i];
            }
            counted += 1;
        }
    }
    text
}

/// A flat postings list as `(section, encoded positions)`.
pub fn by_section(postings: &[u32]) -> impl Iterator<Item = (u32, &[u32])> {
    let mut rest = postings;
    std::iter::from_fn(move || {
        let [section, count, tail @ ..] = rest else {
            return None;
        };
        let count = (*count as usize).min(tail.len());
        let (positions, after) = tail.split_at(count);
        rest = after;
        Some((*section, positions))
    })
}

/// A token's postings while pages are added.
#[derive(Default)]
struct PostingsBuilder {
    pieces: Vec<String>,
    last_section: u32,
}

impl PostingsBuilder {
    /// Adds `section`, whose packed `count, position deltas…` is `rest`.
    fn add(&mut self, section: u32, rest: &str) {
        let full = self
            .pieces
            .last()
            .is_none_or(|piece| piece.len() + rest.len() + 8 > PIECE_BYTES);
        if full {
            self.pieces.push(String::new());
            self.last_section = 0;
        }
        if let Some(piece) = self.pieces.last_mut() {
            packed::push(piece, section - self.last_section);
            piece.push_str(rest);
        }
        self.last_section = section;
    }
}

/// A page's tokens: per section the occurrences as `id << 32 | position
/// * 4 + field`, sorted, so a token's are together and in order.
struct PageTokens {
    sections: Vec<Vec<u64>>,
    /// Folded words the stemmer changed, that this thread had not seen.
    stemmed: Vec<String>,
}

impl PageTokens {
    fn new(tokenizer: &Tokenizer, interner: &Interner, title: &str, sections: &[Section]) -> Self {
        let mut stemmed = Vec::new();
        let mut out = Vec::with_capacity(sections.len().max(1));
        let title_only = [Section::default()];
        let sections = match sections {
            [] if title.is_empty() => &[][..],
            [] => &title_only[..],
            sections => sections,
        };
        for (i, section) in sections.iter().enumerate() {
            // About a token for every three bytes of text (a kana or kanji).
            let bytes =
                title.len() + section.heading.len() + section.body.len() + section.code.len();
            let mut entries: Vec<u64> = Vec::with_capacity(bytes / 3);
            let mut pos = 0;
            let fields = [
                (TITLE, if i == 0 { title } else { "" }),
                (HEADING, section.heading.as_str()),
                (BODY, section.body.as_str()),
                (CODE, section.code.as_str()),
            ];
            for (field, text) in fields {
                let next = interner.tokens(tokenizer, text, pos, &mut stemmed, &mut |id, pos| {
                    entries.push(u64::from(id) << 32 | u64::from(pos * 4 + field));
                });
                // One position apart, so no phrase runs across fields.
                pos = next + 1;
            }
            entries.sort_unstable();
            out.push(entries);
        }
        PageTokens {
            sections: out,
            stemmed,
        }
    }
}

/// The suffix rules most of the site's words follow, once each, most
/// words first: how the stemmer shortened them (`servers` → `server`:
/// `s` → ``).
fn suffix_rules(tokenizer: &Tokenizer, stemmed: HashSet<String>) -> Vec<(String, String)> {
    let mut counts: HashMap<(String, String), usize> = HashMap::default();
    for surface in stemmed {
        let stem = tokenizer.stem(&surface);
        let common = surface
            .chars()
            .zip(stem.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let at = |s: &str| s.char_indices().nth(common).map_or(s.len(), |(i, _)| i);
        let from = &surface[at(&surface)..];
        if !(1..=6).contains(&from.chars().count()) {
            continue;
        }
        let rule = (from.to_string(), stem[at(&stem)..].to_string());
        *counts.entry(rule).or_default() += 1;
    }
    let mut rules: Vec<_> = counts.into_iter().collect();
    rules.sort_by(|(a, n), (b, m)| m.cmp(n).then(a.cmp(b)));
    rules
        .into_iter()
        .take(MAX_RULES)
        .map(|(rule, _)| rule)
        .collect()
}
