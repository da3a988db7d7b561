//! Finding glossary terms in text, in Japanese and Chinese too.
//!
//! Word-boundary rules (`\b`) never fire inside unspaced CJK text, so a
//! match is judged by the *kind* of character on each side instead: a
//! neighbour of the same kind as the term's edge (Latin letter or digit,
//! katakana with ー, kanji) means the term is part of a longer word.
//! Text and terms are compared after NFKC (ｻｰﾊﾞｰ = サーバー) and with Latin
//! letters folded to lower case.

use crate::load::glossary::Glossary;
use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// The form text and terms are compared in: NFKC, Latin letters in lower case.
pub fn glossary_key(text: &str) -> String {
    text.nfkc().map(fold_latin).collect()
}

fn fold_latin(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if is_latin(c) {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    } else {
        c
    }
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Latin,
    Katakana,
    Kanji,
    /// Hiragana, punctuation, spaces, other scripts: always a boundary.
    Other,
}

fn kind(c: char) -> Kind {
    match c {
        c if is_latin(c) => Kind::Latin,
        '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => {
            Kind::Katakana
        }
        '\u{3005}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Kind::Kanji,
        _ => Kind::Other,
    }
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Index of the entry in the glossary.
    entry: usize,
    /// An `exclude` word: matched so that its text is skipped, never linked.
    excluded: bool,
    inside_kanji: bool,
}

/// Every term, alias and exclude word of one glossary, ready to search.
#[derive(Debug, Clone)]
pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// A term found in text: byte range in the original text and the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

impl TermMatcher {
    pub fn new(glossary: &Glossary) -> Self {
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        for (entry, e) in glossary.entries.iter().enumerate() {
            let forms = e.forms().map(|f| (f, false));
            let excluded = e.exclude.iter().map(|f| (f.as_str(), true));
            for (form, excluded) in forms.chain(excluded) {
                let key = glossary_key(form.trim());
                if !key.is_empty() {
                    keys.push(key);
                    patterns.push(Pattern {
                        entry,
                        excluded,
                        inside_kanji: e.inside_kanji,
                    });
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .ascii_case_insensitive(true)
            // A DFA: every text of every page goes through it.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&keys)
            .ok()
            .filter(|_| !keys.is_empty());
        TermMatcher {
            automaton,
            patterns,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Every term in `text`, leftmost-longest, in order.
    #[cfg(test)]
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut found = Vec::new();
        self.find_into(text, &mut found);
        found
    }

    /// [`Self::find`] into `found` (cleared first), reusing its buffer.
    pub fn find_into(&self, text: &str, found: &mut Vec<TermMatch>) {
        found.clear();
        let Some(ac) = &self.automaton else {
            return;
        };
        let folded = Folded::new(text);
        let hay = folded.text(text);
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = ac.find(Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            match self.accept(ac, &folded, hay, m.start(), m.end(), m.pattern().as_usize()) {
                Some((end, pattern)) => {
                    let p = self.patterns[pattern];
                    if !p.excluded {
                        if let (Some(start), Some(orig_end)) =
                            (folded.original(m.start()), folded.original(end))
                        {
                            found.push(TermMatch {
                                start,
                                end: orig_end,
                                entry: p.entry,
                            });
                        }
                    }
                    pos = end;
                }
                None => pos = next_char(hay, m.start()),
            }
        }
    }

    /// The longest match at `start` whose ends are word boundaries: the one
    /// found, else the next shorter one (`Misskey` in `Misskey Projector`).
    fn accept(
        &self,
        ac: &AhoCorasick,
        folded: &Folded,
        hay: &str,
        start: usize,
        mut end: usize,
        mut pattern: usize,
    ) -> Option<(usize, usize)> {
        loop {
            let p = self.patterns[pattern];
            let at_clusters = folded.original(start).is_some() && folded.original(end).is_some();
            if at_clusters && (p.excluded || bounded(hay, start, end, p.inside_kanji)) {
                return Some((end, pattern));
            }
            let shorter = prev_char(hay, end);
            if shorter <= start {
                return None;
            }
            let input = Input::new(hay).span(start..shorter).anchored(Anchored::Yes);
            let m = ac.find(input)?;
            end = m.end();
            pattern = m.pattern().as_usize();
        }
    }
}

/// The match `hay[start..end]` does not continue a word on either side.
fn bounded(hay: &str, start: usize, end: usize, inside_kanji: bool) -> bool {
    let joins = |edge: Option<char>, neighbour: Option<char>| match (edge, neighbour) {
        (Some(a), Some(b)) => {
            let k = kind(a);
            k != Kind::Other && k == kind(b) && !(k == Kind::Kanji && inside_kanji)
        }
        _ => false,
    };
    let term = &hay[start..end];
    !joins(term.chars().next(), hay[..start].chars().next_back())
        && !joins(term.chars().next_back(), hay[end..].chars().next())
}

fn next_char(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(s.len(), |c| i + c.len_utf8())
}

fn prev_char(s: &str, i: usize) -> usize {
    s[..i].chars().next_back().map_or(0, |c| i - c.len_utf8())
}

/// Characters NFKC leaves alone and that combine with nothing after them:
/// ASCII, kana, common kanji and Japanese punctuation, so most text skips
/// the normalisation tables.
fn nfkc_stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{3001}'..='\u{3002}' | '\u{300C}'..='\u{300F}' | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// NFKC of `c` alone, when that is one character that combines with
/// nothing before it, found without the normalisation tables: the stable
/// characters, and the full-width ASCII forms (（ → `(`) that Japanese
/// text is full of. `None`: ask the tables.
fn simple_nfkc(c: char) -> Option<char> {
    if nfkc_stable(c) {
        Some(c)
    } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0)
    } else {
        None
    }
}

/// Text in its compared form, remembering where each piece came from.
struct Folded {
    /// `None`: the original needs no folding beyond ASCII case.
    text: Option<String>,
    /// (offset in `text`, offset in the original) at each cluster start,
    /// plus the two ends; `None` when every offset is the same in both
    /// (text already in NFKC whose folding keeps each character's length:
    /// nearly all text).
    map: Option<Vec<(usize, usize)>>,
}

impl Folded {
    fn new(original: &str) -> Self {
        // ASCII case is folded by the automaton itself, so the common
        // case searches the text as it is, with nothing copied.
        if original.chars().all(nfkc_stable) {
            return Folded {
                text: None,
                map: None,
            };
        }
        if unicode_normalization::is_nfkc_quick(original.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            let mut text = String::with_capacity(original.len());
            let mut same_lengths = true;
            for c in original.chars() {
                let folded = fold_latin(c);
                same_lengths &= folded.len_utf8() == c.len_utf8();
                text.push(folded);
            }
            if same_lengths {
                return Folded {
                    text: Some(text),
                    map: None,
                };
            }
        }
        Self::mapped(original)
    }

    fn mapped(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::new();
        // A cluster is a character and the marks NFKC combines into it
        // (ﾊﾞ → バ), so it is normalised as one piece.
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut alone = true;
            while let Some(&(_, next)) = chars.peek() {
                let combines = simple_nfkc(next).is_none()
                    && next
                        .nfkc()
                        .next()
                        .is_some_and(|c| canonical_combining_class(c) != 0);
                if !combines {
                    break;
                }
                alone = false;
                chars.next();
            }
            let end = chars.peek().map_or(original.len(), |&(j, _)| j);
            map.push((text.len(), i));
            match simple_nfkc(c).filter(|_| alone) {
                Some(folded) => text.push(fold_latin(folded)),
                None => text.extend(original[i..end].nfkc().map(fold_latin)),
            }
        }
        map.push((text.len(), original.len()));
        Folded {
            text: Some(text),
            map: Some(map),
        }
    }

    /// The text to search: the folded copy, or the original itself.
    fn text<'t>(&'t self, original: &'t str) -> &'t str {
        self.text.as_deref().unwrap_or(original)
    }

    /// The original offset of a folded offset at a cluster boundary.
    fn original(&self, folded: usize) -> Option<usize> {
        match &self.map {
            None => Some(folded),
            Some(map) => map
                .binary_search_by_key(&folded, |&(f, _)| f)
                .ok()
                .map(|i| map[i].1),
        }
    }
}

#[cfg(test)]
#[path = "glossary_match_tests.rs"]
mod tests;
