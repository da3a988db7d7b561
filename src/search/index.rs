//! One language's inverted index: token → sections and positions, and the
//! query semantics the client script (`search.js`) implements the same way.
//!
//! Ranking: a page's tier is the best field any query term matched in
//! (title 3 > heading 2 > body 1 > code 0); within a tier, a BM25 sum over
//! the terms with k1 = 1.2 and no length normalisation (b = 0), idf from
//! the number of sections that contain the term, code occurrences counting
//! half.

use super::collect::Section;
use super::tokenize::{Token, Tokenizer};
use std::collections::{BTreeMap, HashMap};

pub const TITLE: u32 = 3;
pub const HEADING: u32 = 2;
pub const BODY: u32 = 1;
pub const CODE: u32 = 0;
/// Suffix rules shipped to the client, most used first.
const MAX_RULES: usize = 200;

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
    /// Body text (or code, when the section has no body), for excerpts.
    pub text: String,
}

/// Postings: per section, positions encoded as `position * 4 + field`.
pub type Postings = Vec<(u32, Vec<u32>)>;

#[derive(Debug, Default, Clone)]
pub struct LanguageIndex {
    pub pages: Vec<PageEntry>,
    /// A page's sections are consecutive, in page order.
    pub sections: Vec<IndexedSection>,
    pub postings: BTreeMap<String, Postings>,
    /// `(surface suffix, stem suffix)`: how the stemmer shortened this
    /// site's words; the client applies them to query words.
    pub rules: Vec<(String, String)>,
    /// While pages are added: each rule as `from\0to`, with its uses.
    rule_counts: HashMap<String, usize>,
}

impl LanguageIndex {
    /// Adds one page; `sections` as [`super::collect::sections`] gives them.
    pub fn add_page(&mut self, page: PageEntry, sections: &[Section], tokenizer: &Tokenizer) {
        let title = page.title.clone();
        let page_id = self.pages.len() as u32;
        self.pages.push(page);
        let mut tokens = Vec::new();
        for (i, section) in sections.iter().enumerate() {
            let id = self.sections.len() as u32;
            tokens.clear();
            let mut fields = Vec::new();
            let mut pos = 0;
            let texts = [
                (TITLE, if i == 0 { title.as_str() } else { "" }),
                (HEADING, section.heading.as_str()),
                (BODY, section.body.as_str()),
                (CODE, section.code.as_str()),
            ];
            for (field, text) in texts {
                let before = tokens.len();
                // One position apart, so no phrase runs across fields.
                pos = tokenizer.tokens(text, pos, &mut tokens) + 1;
                fields.extend(std::iter::repeat_n(field, tokens.len() - before));
            }
            self.learn_rules(&tokens);
            // Tokens move into the map: no copy of each occurrence's text.
            for (token, field) in tokens.drain(..).zip(&fields) {
                let encoded = token.pos * 4 + field;
                let list = self.postings.entry(token.text).or_default();
                match list.last_mut() {
                    Some((last, positions)) if *last == id => positions.push(encoded),
                    _ => list.push((id, vec![encoded])),
                }
            }
            let text = if section.body.is_empty() {
                &section.code
            } else {
                &section.body
            };
            self.sections.push(IndexedSection {
                page: page_id,
                anchor: section.anchor.clone(),
                heading: section.heading.clone(),
                text: text.clone(),
            });
        }
        if sections.is_empty() && !title.is_empty() {
            self.add_page_title_only(page_id, &title, tokenizer);
        }
    }

    fn add_page_title_only(&mut self, page: u32, title: &str, tokenizer: &Tokenizer) {
        let id = self.sections.len() as u32;
        let mut tokens = Vec::new();
        tokenizer.tokens(title, 0, &mut tokens);
        for token in &tokens {
            let list = self.postings.entry(token.text.clone()).or_default();
            match list.last_mut() {
                Some((last, positions)) if *last == id => positions.push(token.pos * 4 + TITLE),
                _ => list.push((id, vec![token.pos * 4 + TITLE])),
            }
        }
        self.sections.push(IndexedSection {
            page,
            anchor: String::new(),
            heading: String::new(),
            text: String::new(),
        });
    }

    fn learn_rules(&mut self, tokens: &[Token]) {
        for token in tokens {
            let Some(surface) = &token.surface else {
                continue;
            };
            if *surface == token.text {
                continue;
            }
            let common = surface
                .chars()
                .zip(token.text.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let from_at = surface
                .char_indices()
                .nth(common)
                .map_or(surface.len(), |(i, _)| i);
            let to_at = token
                .text
                .char_indices()
                .nth(common)
                .map_or(token.text.len(), |(i, _)| i);
            let from = &surface[from_at..];
            if !(1..=6).contains(&from.chars().count()) {
                continue;
            }
            let key = format!("{from}\0{}", &token.text[to_at..]);
            *self.rule_counts.entry(key).or_default() += 1;
        }
    }

    /// Keeps the most used suffix rules, once each, most used first.
    pub fn finish(&mut self) {
        let mut rules: Vec<_> = std::mem::take(&mut self.rule_counts).into_iter().collect();
        rules.sort_by(|(a, n), (b, m)| m.cmp(n).then(a.cmp(b)));
        self.rules = rules
            .into_iter()
            .take(MAX_RULES)
            .filter_map(|(rule, _)| {
                let (from, to) = rule.split_once('\0')?;
                Some((from.to_string(), to.to_string()))
            })
            .collect();
    }
}
