//! Heading ids, following GitHub's slugger so that links written against
//! GitHub's rendering keep working, and so Japanese headings keep Japanese
//! ids (`## 「Misskeyサーバー」` → `misskeyサーバー`).

use super::TocEntry;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashSet;

/// Hands out unique heading ids for one page.
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks an explicit `{#id}` as taken before any automatic id is made,
    /// so an earlier heading cannot steal an id a later heading asked for.
    /// Returns false when the id was already reserved.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id for a heading whose plain text is `text`: the slug, or
    /// the slug with `-1`, `-2`… when it is taken.
    pub fn slug(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            // An empty id is not a valid fragment; GitHub would give "".
            base = "section".to_string();
        }
        let mut candidate = base.clone();
        let mut n = 0u32;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// GitHub's slug: lower-case; letters, marks, numbers, `-` and `_` kept;
/// whitespace becomes `-`; everything else (punctuation, symbols, emoji)
/// is dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c == '-' || c == '_' || c.is_alphanumeric() || is_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Combining marks that `char::is_alphanumeric` misses but GitHub keeps
/// (accents written as separate code points, kana voicing marks).
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A heading whose events are held back until its end, because its id
/// comes from its whole text.
pub struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    /// Plain text so far (text and code, no markup).
    pub text: String,
    /// The heading's inner events so far.
    pub events: Vec<Event<'a>>,
}

impl<'a> PendingHeading<'a> {
    pub fn new(
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Self {
        PendingHeading {
            level,
            id,
            classes,
            attrs,
            text: String::new(),
            events: Vec::new(),
        }
    }

    /// The TOC entry, and the heading's events with its id set.
    pub fn finish(self, slugger: &mut Slugger) -> (TocEntry, Vec<Event<'a>>) {
        let text = self.text.trim().to_string();
        let id = match &self.id {
            Some(id) => id.to_string(),
            None => slugger.slug(&text),
        };
        let mut events = Vec::with_capacity(self.events.len() + 2);
        events.push(Event::Start(Tag::Heading {
            level: self.level,
            id: Some(id.clone().into()),
            classes: self.classes,
            attrs: self.attrs,
        }));
        events.extend(self.events);
        events.push(Event::End(TagEnd::Heading(self.level)));
        let entry = TocEntry {
            level: self.level as u8,
            id,
            text,
        };
        (entry, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_compatible_slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("「Misskeyサーバー」"), "misskeyサーバー");
        assert_eq!(slugify("Misskey とは？"), "misskey-とは");
        assert_eq!(slugify("foo_bar-baz"), "foo_bar-baz");
        assert_eq!(slugify("C++ & Rust"), "c--rust");
        assert_eq!(slugify("Émoji 🎉 test"), "émoji--test");
        assert_eq!(slugify("v1.2.3"), "v123");
    }

    #[test]
    fn duplicates_and_reservations() {
        let mut s = Slugger::new();
        assert!(s.reserve("intro-1"));
        assert_eq!(s.slug("Intro"), "intro");
        // `intro-1` is reserved by an explicit id, so the next one skips it.
        assert_eq!(s.slug("Intro"), "intro-2");
        assert_eq!(s.slug("!!!"), "section");
        assert_eq!(s.slug("???"), "section-1");
        assert!(!s.reserve("intro"));
    }
}
