//! Glossary terms in a page's text become links to their entries: found by
//! [`TermMatcher`], written explicitly as `:term[text]{id}`, or written as a
//! link to the glossary page's `#id`.

use super::escape_html_into;
use super::glossary_match::TermMatcher;
use crate::config::GlossaryLink;
use crate::load::glossary::Glossary;
use std::collections::{BTreeSet, HashSet};

/// What one page needs to link its terms.
pub struct PageGlossary<'a> {
    pub glossary: &'a Glossary,
    pub matcher: &'a TermMatcher,
    /// The glossary page of the page's language, without a fragment.
    pub href: &'a str,
    pub mode: GlossaryLink,
    /// Entries this page explains itself: never linked here.
    pub own: Vec<usize>,
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
    linked: HashSet<usize>,
    pub used: BTreeSet<String>,
}

impl TermState {
    /// A new `##` section begins.
    pub fn section(&mut self, g: &PageGlossary) {
        if g.mode == GlossaryLink::FirstPerSection {
            self.linked.clear();
        }
    }
}

const EXPLICIT_OPEN: &str = ":term[";

impl PageGlossary<'_> {
    /// Splits `text` into plain text and term links.
    /// Empty when nothing in `text` changes (the common case, which then
    /// allocates nothing).
    pub fn link<'t>(&self, text: &'t str, state: &mut TermState) -> Vec<TermPiece<'t>> {
        let auto = self.mode != GlossaryLink::Off;
        if !text.contains(EXPLICIT_OPEN) && (!auto || self.matcher.find(text).is_empty()) {
            return Vec::new();
        }
        let mut pieces = Vec::new();
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
                    state.used.insert(id.to_string());
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
        let mut last = 0;
        for m in self.matcher.find(text) {
            if self.own.contains(&m.entry) {
                continue;
            }
            let first = state.linked.insert(m.entry);
            if !first && self.mode != GlossaryLink::Every {
                continue;
            }
            state.used.insert(self.glossary.entries[m.entry].id.clone());
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

    /// The link to an entry. `data-short` is read by the theme's script as
    /// text, never as HTML.
    fn anchor(&self, entry: usize, text: &str) -> String {
        let e = &self.glossary.entries[entry];
        let mut html = String::from("<a class=\"term\" href=\"");
        escape_html_into(&mut html, self.href);
        html.push('#');
        escape_html_into(&mut html, &e.id);
        html.push('"');
        if let Some(short) = &e.short {
            html.push_str(" data-short=\"");
            escape_html_into(&mut html, short);
            html.push('"');
        }
        html.push('>');
        escape_html_into(&mut html, text);
        html.push_str("</a>");
        html
    }

    /// Records a link to the glossary page's `#id` as a use of the entry.
    pub fn note_link(&self, href: &str, state: &mut TermState) {
        if let Some(id) = href
            .strip_prefix(self.href)
            .and_then(|rest| rest.strip_prefix('#'))
        {
            if self.glossary.entries.iter().any(|e| e.id == id) {
                state.used.insert(id.to_string());
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
