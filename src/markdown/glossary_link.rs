//! Glossary terms in a page's text become links to their entries: found by
//! [`TermMatcher`], written explicitly as `:term[text]{id}`, or written as a
//! link to the glossary page's `#id`.

use super::escape_html_into;
use super::glossary_match::{TermMatch, TermMatcher};
use crate::config::GlossaryLink;
use crate::load::glossary::Glossary;

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
}

/// What one page needs to link its terms.
pub struct PageGlossary<'a> {
    pub glossary: &'a Glossary,
    pub links: &'a TermLinks,
    pub mode: GlossaryLink,
    /// Entries this page explains itself: never linked here.
    pub own: &'a [usize],
}

/// A piece of text after term linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermPiece<'t> {
    Text(&'t str),
    /// Ready-made `<a class="term">`, and its text.
    Link {
        html: String,
        text: &'t str,
    },
    /// `:term[…]{id}` naming no entry: the text as written, and the id.
    Unknown(&'t str, &'t str),
}

/// Per-page state: which entries were linked (for the first-only modes)
/// and which were referenced at all (for the glossary's "used on").
#[derive(Default)]
pub struct TermState {
    linked: EntrySet,
    pub used: EntrySet,
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
    /// Splits `text` into plain text and term links.
    /// Empty when nothing in `text` changes (the common case, which then
    /// allocates nothing).
    pub fn link<'t>(&self, text: &'t str, state: &mut TermState) -> Vec<TermPiece<'t>> {
        let mut pieces = Vec::new();
        if !text.contains(EXPLICIT_OPEN) {
            // The common case: one search, and nothing allocated when it
            // finds nothing.
            if self.mode != GlossaryLink::Off {
                let found = self.links.matcher.find(text);
                if !found.is_empty() {
                    self.link_found(text, found, state, &mut pieces);
                }
            }
            return pieces;
        }
        let mut rest = text;
        while let Some(open) = rest.find(EXPLICIT_OPEN) {
            let Some((label, id, after)) = explicit(&rest[open + EXPLICIT_OPEN.len()..]) else {
                self.auto(&rest[..open + 1], state, &mut pieces);
                rest = &rest[open + 1..];
                continue;
            };
            self.auto(&rest[..open], state, &mut pieces);
            match self.glossary.entries.iter().position(|e| e.id == id) {
                Some(entry) => {
                    state.used.insert(entry);
                    let html = self.anchor(entry, label);
                    pieces.push(TermPiece::Link { html, text: label });
                }
                None => pieces.push(TermPiece::Unknown(label, id)),
            }
            rest = after;
        }
        self.auto(rest, state, &mut pieces);
        pieces
    }

    fn auto<'t>(&self, text: &'t str, state: &mut TermState, pieces: &mut Vec<TermPiece<'t>>) {
        if text.is_empty() {
            return;
        }
        if self.mode == GlossaryLink::Off {
            pieces.push(TermPiece::Text(text));
            return;
        }
        self.link_found(text, self.links.matcher.find(text), state, pieces);
    }

    /// Splits `text` at the terms `found` in it that this page links.
    fn link_found<'t>(
        &self,
        text: &'t str,
        found: Vec<TermMatch>,
        state: &mut TermState,
        pieces: &mut Vec<TermPiece<'t>>,
    ) {
        let mut last = 0;
        for m in found {
            if self.own.contains(&m.entry) {
                continue;
            }
            let first = state.linked.insert(m.entry);
            if !first && self.mode != GlossaryLink::Every {
                continue;
            }
            state.used.insert(m.entry);
            if m.start > last {
                pieces.push(TermPiece::Text(&text[last..m.start]));
            }
            let term = &text[m.start..m.end];
            let html = self.anchor(m.entry, term);
            pieces.push(TermPiece::Link { html, text: term });
            last = m.end;
        }
        if last < text.len() {
            pieces.push(TermPiece::Text(&text[last..]));
        }
    }

    /// The link to an entry around `text`.
    fn anchor(&self, entry: usize, text: &str) -> String {
        let opening = &self.links.openings[entry];
        // Exact unless `text` needs escaping: the event that takes it keeps
        // it as a boxed `str`, which would copy a string with spare room.
        let mut html = String::with_capacity(opening.len() + text.len() + "</a>".len());
        html.push_str(opening);
        escape_html_into(&mut html, text);
        html.push_str("</a>");
        html
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

/// `text]{id}rest` → (text, id, rest).
fn explicit(after_open: &str) -> Option<(&str, &str, &str)> {
    let (label, rest) = after_open.split_once("]{")?;
    let (id, rest) = rest.split_once('}')?;
    let id = id.trim();
    let plain = |s: &str| !s.is_empty() && !s.contains(['[', ']', '{', '}', '\n']);
    (plain(label) && plain(id)).then_some((label, id, rest))
}
