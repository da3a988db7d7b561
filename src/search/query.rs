//! Query semantics over a [`LanguageIndex`]; `search.js` does the same.
//!
//! - Each whitespace-separated part of the query, or each `"quoted
//!   phrase"`, is a term; a page must match every term.
//! - A term's tokens must sit at consecutive positions, so a CJK run is
//!   found only as a contiguous substring and a phrase only in order.
//! - A word matches its stem: the longest of the word and its forms under
//!   the site's suffix rules that the index has. The last word of an
//!   unfinished query also matches every token it starts.
//! - A one-character CJK term matches every token starting with it.

use super::index::{by_section, LanguageIndex, CODE, HEADING};
use super::tokenize::Tokenizer;
use std::collections::{BTreeSet, HashMap};

/// One result: a page and its best section.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub page: u32,
    pub section: u32,
    pub tier: u32,
    pub score: f64,
}

/// Terms matched, BM25 sum, best field.
type SectionScore = (usize, f64, u32);

struct QueryToken {
    offset: u32,
    tokens: Vec<String>,
}

pub fn search(index: &LanguageIndex, tokenizer: &Tokenizer, query: &str) -> Vec<Hit> {
    let terms = parse(index, tokenizer, query);
    if terms.is_empty() {
        return Vec::new();
    }
    let n = index.sections.len() as f64;
    // Per term: section → (weighted frequency, best field).
    let matched: Vec<HashMap<u32, (f64, u32)>> =
        terms.iter().map(|term| term_matches(index, term)).collect();
    // Page → terms matched so far, and per section: (terms, score, tier).
    let mut pages: HashMap<u32, (usize, HashMap<u32, SectionScore>)> = HashMap::new();
    for (t, sections) in matched.iter().enumerate() {
        let df = sections.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut seen_pages = BTreeSet::new();
        for (&section, &(tf, field)) in sections {
            let page = index.sections[section as usize].page;
            let entry = pages.entry(page).or_default();
            if seen_pages.insert(page) && entry.0 == t {
                entry.0 += 1;
            }
            let s = entry.1.entry(section).or_default();
            s.0 += 1;
            s.1 += idf * tf * 2.2 / (tf + 1.2);
            s.2 = s.2.max(field);
        }
    }
    let mut hits: Vec<Hit> = pages
        .into_iter()
        .filter(|(_, (count, _))| *count == terms.len())
        .filter_map(|(page, (_, sections))| {
            let tier = sections.values().map(|s| s.2).max()?;
            let score = sections.values().map(|s| s.1).sum();
            // The section to link: a title match alone is the page top;
            // a heading or body match says where to go.
            let (&section, _) = sections.iter().max_by(|(a, x), (b, y)| {
                (x.0, x.2.min(HEADING))
                    .cmp(&(y.0, y.2.min(HEADING)))
                    .then(x.1.total_cmp(&y.1))
                    .then(b.cmp(a))
            })?;
            Some(Hit {
                page,
                section,
                tier,
                score,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.tier
            .cmp(&a.tier)
            .then(b.score.total_cmp(&a.score))
            .then(a.page.cmp(&b.page))
    });
    hits
}

/// The query's terms, each a list of tokens with their offsets.
fn parse(index: &LanguageIndex, tokenizer: &Tokenizer, query: &str) -> Vec<Vec<QueryToken>> {
    let typing =
        !query.ends_with(char::is_whitespace) && query.matches('"').count().is_multiple_of(2);
    let mut parts: Vec<&str> = Vec::new();
    for (i, piece) in query.split('"').enumerate() {
        if i % 2 == 1 {
            parts.push(piece);
        } else {
            parts.extend(piece.split_whitespace());
        }
    }
    let last_is_word = !query.trim_end().ends_with('"');
    let count = parts.len();
    let mut terms = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let mut tokens = Vec::new();
        tokenizer.tokens(part, 0, &mut tokens);
        let prefix_last = typing && last_is_word && i + 1 == count;
        let len = tokens.len();
        let mut term = Vec::new();
        for (j, token) in tokens.iter().enumerate() {
            // A run's last character is covered by its bigrams.
            if token.single
                && j > 0
                && tokens[j - 1].pos + 1 == token.pos
                && tokens[j - 1].surface.is_none()
            {
                continue;
            }
            let resolved = if token.single {
                with_prefix(index, &token.text)
            } else if let Some(surface) = &token.surface {
                let mut found: Vec<String> = stem_of(index, surface).into_iter().collect();
                if prefix_last && j + 1 == len {
                    found.extend(with_prefix(index, surface));
                }
                found
            } else {
                vec![token.text.clone()]
            };
            term.push(QueryToken {
                offset: token.pos,
                tokens: resolved,
            });
        }
        if !term.is_empty() {
            terms.push(term);
        }
    }
    terms
}

/// The longest of `surface` and its forms under the site's suffix rules
/// that the index has.
pub fn stem_of(index: &LanguageIndex, surface: &str) -> Option<String> {
    let mut candidates = vec![surface.to_string()];
    for (from, to) in &index.rules {
        if let Some(stem) = surface.strip_suffix(from.as_str()) {
            candidates.push(format!("{stem}{to}"));
        }
    }
    candidates
        .into_iter()
        .filter(|c| index.get(c).is_some())
        .max_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(b.cmp(a)))
}

fn with_prefix(index: &LanguageIndex, prefix: &str) -> Vec<String> {
    index.with_prefix(prefix).map(str::to_string).collect()
}

/// Sections where every token of `term` sits at its offset from the first.
fn term_matches(index: &LanguageIndex, term: &[QueryToken]) -> HashMap<u32, (f64, u32)> {
    // Per token: section → positions (encoded, with the field).
    let lookup = |token: &QueryToken| -> HashMap<u32, Vec<u32>> {
        let mut at: HashMap<u32, Vec<u32>> = HashMap::new();
        for name in &token.tokens {
            let flat = index.get(name).unwrap_or_default();
            for (section, positions) in by_section(&flat) {
                at.entry(section).or_default().extend(positions);
            }
        }
        at
    };
    let first = &term[0];
    let rest: Vec<(u32, HashMap<u32, Vec<u32>>)> = term[1..]
        .iter()
        .map(|t| (t.offset - first.offset, lookup(t)))
        .collect();
    let mut out = HashMap::new();
    for (section, positions) in lookup(first) {
        let mut tf = 0.0;
        let mut best = None;
        for encoded in positions {
            let (pos, field) = (encoded / 4, encoded % 4);
            let all = rest.iter().all(|(offset, at)| {
                at.get(&section)
                    .is_some_and(|ps| ps.iter().any(|p| p / 4 == pos + offset))
            });
            if all {
                tf += if field == CODE { 0.5 } else { 1.0 };
                best = best.max(Some(field));
            }
        }
        if let Some(field) = best {
            out.insert(section, (tf, field));
        }
    }
    out
}
