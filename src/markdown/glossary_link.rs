//! Glossary terms in a page's text become links to their entries: found by
//! [`TermMatcher`], written explicitly as `:term[text]{id}`, or written as a
//! link to the glossary page's `#id`.

use super::escape_html_into;
use super::glossary_match::{TermMatch, TermMatcher};
use crate::config::GlossaryLink;
use crate::load::glossary::Glossary;
use std::ops::Range;

/// One language's glossary, ready for all its pages: built once, as the
/// matcher's automaton and each entry's link markup are the same on every
/// page.
#[derive(Debug, Clone)]
pub struct TermLinks {
    pub matcher: TermMatcher,
    /// The glossary page, without a fragment.
    href: String,
    /// Per entry: `<a class="term" href="…#id" data-short="…">`.
    openings: Vec<String>,
}

impl TermLinks {
    /// `href`: the language's glossary page.
    pub fn new(glossary: &Glossary, href: &str) -> Self {
        let openings = glossary
            .entries
            .iter()
            .map(|e| {
                // `data-short` is read by the theme's script as text, never
                // as HTML.
                let mut html = String::from("<a class=\"term\" href=\"");
                escape_html_into(&mut html, href);
                html.push('#');
                escape_html_into(&mut html, &e.id);
                html.push('"');
                if let Some(short) = &e.short {
                    html.push_str(" data-short=\"");
                    escape_html_into(&mut html, short);
                    html.push('"');
                }
                html.push('>');
                html
            })
            .collect();
        TermLinks {
            matcher: TermMatcher::new(glossary),
            href: href.to_string(),
            openings,
        }
    }

    /// `<a class="term" href="…#id" data-short="…">` of entry `entry`; the
    /// link is this, the term's text escaped, and `</a>`.
    pub fn opening(&self, entry: usize) -> &str {
        &self.openings[entry]
    }
}

/// What one page needs to link its terms.
pub struct PageGlossary<'a> {
    pub glossary: &'a Glossary,
    pub links: &'a TermLinks,
    pub mode: GlossaryLink,
    /// Entries this page explains itself: never linked here.
    pub own: &'a [usize],
}

/// A piece of text after term linking, as a byte range of the text, so
/// the caller can hand out slices of text it borrows without copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermPiece {
    Text(Range<usize>),
    /// A term linking to entry `entry` ([`TermLinks::opening`]).
    Link {
        entry: usize,
        text: Range<usize>,
    },
    /// `:term[…]{id}` naming no entry: the text as written, and the id.
    Unknown(Range<usize>, Range<usize>),
}

/// Per-page state: which entries were linked (for the first-only modes)
/// and which were referenced at all (for the glossary's "used on").
#[derive(Default)]
pub struct TermState {
    linked: EntrySet,
    pub used: EntrySet,
    /// The matcher's findings in the text at hand, kept for its buffer.
    found: Vec<TermMatch>,
}

impl TermState {
    /// A new `##` section begins.
    pub fn section(&mut self, g: &PageGlossary) {
        if g.mode == GlossaryLink::FirstPerSection {
            self.linked.clear();
        }
    }
}

/// A set of entry indices, one bit each: a page marks dozens of entries,
/// each many times.
#[derive(Default)]
pub struct EntrySet(Vec<u64>);

impl EntrySet {
    /// Adds `entry`; whether it was new.
    fn insert(&mut self, entry: usize) -> bool {
        let (word, bit) = (entry / 64, 1u64 << (entry % 64));
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        let new = self.0[word] & bit == 0;
        self.0[word] |= bit;
        new
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

impl IntoIterator for EntrySet {
    type Item = usize;
    type IntoIter = Box<dyn Iterator<Item = usize>>;

    /// The entries, in ascending order.
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.0.into_iter().enumerate().flat_map(|(word, bits)| {
            (0..64)
                .filter(move |bit| bits & (1u64 << bit) != 0)
                .map(move |bit| word * 64 + bit)
        }))
    }
}

const EXPLICIT_OPEN: &str = ":term[";

impl PageGlossary<'_> {
    /// Splits `text` into plain text and term links, into `pieces`
    /// (cleared first; a buffer the caller keeps, so that text with terms
    /// allocates nothing). Empty when nothing in `text` changes.
    pub fn link(&self, text: &str, state: &mut TermState, pieces: &mut Vec<TermPiece>) {
        pieces.clear();
        if !text.contains(EXPLICIT_OPEN) {
            // The common case: one search, and no pieces when it finds nothing.
            if self.mode != GlossaryLink::Off {
                self.links.matcher.find_into(text, &mut state.found);
                if !state.found.is_empty() {
                    self.link_found(text, 0, state, pieces);
                }
            }
            return;
        }
        let mut at = 0;
        while let Some(open) = text[at..].find(EXPLICIT_OPEN).map(|i| at + i) {
            let label_at = open + EXPLICIT_OPEN.len();
            let Some((label, id, after)) = explicit(text, label_at) else {
                self.auto(text, at..open + 1, state, pieces);
                at = open + 1;
                continue;
            };
            self.auto(text, at..open, state, pieces);
            match self
                .glossary
                .entries
                .iter()
                .position(|e| e.id == text[id.clone()])
            {
                Some(entry) => {
                    state.used.insert(entry);
                    pieces.push(TermPiece::Link { entry, text: label });
                }
                None => pieces.push(TermPiece::Unknown(label, id)),
            }
            at = after;
        }
        self.auto(text, at..text.len(), state, pieces);
    }

    /// Terms in `text[range]`.
    fn auto(
        &self,
        text: &str,
        range: Range<usize>,
        state: &mut TermState,
        pieces: &mut Vec<TermPiece>,
    ) {
        if range.is_empty() {
            return;
        }
        if self.mode == GlossaryLink::Off {
            pieces.push(TermPiece::Text(range));
            return;
        }
        self.links
            .matcher
            .find_into(&text[range.clone()], &mut state.found);
        self.link_found(&text[range.clone()], range.start, state, pieces);
    }

    /// Splits `text` (at `offset` in the whole) at the terms found in it
    /// (`state.found`) that this page links.
    fn link_found(
        &self,
        text: &str,
        offset: usize,
        state: &mut TermState,
        pieces: &mut Vec<TermPiece>,
    ) {
        let mut last = 0;
        for m in &state.found {
            if self.own.contains(&m.entry) {
                continue;
            }
            let first = state.linked.insert(m.entry);
            if !first && self.mode != GlossaryLink::Every {
                continue;
            }
            state.used.insert(m.entry);
            if m.start > last {
                pieces.push(TermPiece::Text(offset + last..offset + m.start));
            }
            pieces.push(TermPiece::Link {
                entry: m.entry,
                text: offset + m.start..offset + m.end,
            });
            last = m.end;
        }
        if last < text.len() {
            pieces.push(TermPiece::Text(offset + last..offset + text.len()));
        }
    }

    /// Records a link to the glossary page's `#id` as a use of the entry.
    pub fn note_link(&self, href: &str, state: &mut TermState) {
        if let Some(id) = href
            .strip_prefix(self.links.href.as_str())
            .and_then(|rest| rest.strip_prefix('#'))
        {
            if let Some(entry) = self.glossary.entries.iter().position(|e| e.id == id) {
                state.used.insert(entry);
            }
        }
    }
}

/// The label and id of `:term[label]{id}` whose label starts at `at` in
/// `text`, and where the text after it starts.
fn explicit(text: &str, at: usize) -> Option<(Range<usize>, Range<usize>, usize)> {
    let rest = &text[at..];
    let label_end = at + rest.find("]{")?;
    let id_start = label_end + 2;
    let id_end = id_start + text[id_start..].find('}')?;
    let raw_id = &text[id_start..id_end];
    let id = id_start + (raw_id.len() - raw_id.trim_start().len())
        ..id_end - (raw_id.len() - raw_id.trim_end().len());
    let plain = |s: &str| !s.is_empty() && !s.contains(['[', ']', '{', '}', '\n']);
    (plain(&text[at..label_end]) && plain(&text[id.clone()])).then_some((
        at..label_end,
        id,
        id_end + 1,
    ))
}
