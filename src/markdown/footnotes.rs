//! GitHub-style footnotes: numbered references in the text, and the notes
//! collected in a list at the end of the page with links back.
//! (pulldown-cmark's own output leaves each note where it was written and
//! uses the bare label as id, which can clash with heading ids.)

use super::headings::slugify;
use super::{escape_html, UiText};
use pulldown_cmark::{Event, TagEnd};
use std::collections::{HashMap, HashSet};

struct Note<'a> {
    id: String,
    /// Number shown, in order of first reference; 0 until referenced.
    number: usize,
    references: usize,
    events: Option<Vec<Event<'a>>>,
}

#[derive(Default)]
pub struct Footnotes<'a> {
    notes: Vec<Note<'a>>,
    by_label: HashMap<String, usize>,
    ids: HashSet<String>,
    referenced: usize,
}

impl<'a> Footnotes<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    fn note(&mut self, label: &str) -> usize {
        // Labels match case-insensitively, as link labels do.
        let key = label.to_lowercase();
        if let Some(&i) = self.by_label.get(&key) {
            return i;
        }
        let mut base = slugify(&key);
        if base.is_empty() {
            base = (self.notes.len() + 1).to_string();
        }
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.notes.push(Note {
            id,
            number: 0,
            references: 0,
            events: None,
        });
        self.by_label.insert(key, self.notes.len() - 1);
        self.notes.len() - 1
    }

    /// The markup for a reference `[^label]`, and the anchor it defines.
    pub fn reference(&mut self, label: &str) -> (String, String) {
        let i = self.note(label);
        let note = &mut self.notes[i];
        if note.number == 0 {
            self.referenced += 1;
            note.number = self.referenced;
        }
        note.references += 1;
        let ref_id = ref_id(&note.id, note.references);
        let html = format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{}\" id=\"{}\">{}</a></sup>",
            escape_html(&note.id),
            escape_html(&ref_id),
            note.number
        );
        (html, ref_id)
    }

    /// Stores the rendered-later body of `[^label]: …`.
    pub fn define(&mut self, label: &str, events: Vec<Event<'a>>) {
        let i = self.note(label);
        let note = &mut self.notes[i];
        if note.events.is_none() {
            note.events = Some(events);
        }
    }

    /// Every `fn-…` id the notes section will define.
    pub fn anchors(&self) -> Vec<String> {
        self.notes
            .iter()
            .filter(|n| n.events.is_some())
            .map(|n| format!("fn-{}", n.id))
            .collect()
    }

    /// The `<section>` to put at the end of the page; empty without notes.
    /// Notes defined but never referenced come last, so no text is lost.
    pub fn section(self, ui: &dyn UiText) -> String {
        let mut notes: Vec<Note<'a>> = self
            .notes
            .into_iter()
            .filter(|n| n.events.is_some())
            .collect();
        if notes.is_empty() {
            return String::new();
        }
        notes.sort_by_key(|n| if n.number == 0 { usize::MAX } else { n.number });
        let back_label = escape_html(&ui.text("footnote-backref"));
        let mut html = format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">\n<ol>\n",
            escape_html(&ui.text("footnotes"))
        );
        for note in notes {
            let id = escape_html(&note.id);
            let mut backrefs = String::new();
            for r in 1..=note.references {
                backrefs.push_str(&format!(
                    " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{back_label}\">↩</a>",
                    escape_html(&ref_id(&note.id, r))
                ));
            }
            let mut events = note.events.unwrap_or_default();
            // The links back go at the end of the note's last paragraph,
            // as on GitHub.
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let at = events.len() - 1;
                    events.insert(at, Event::InlineHtml(backrefs.into()));
                }
                _ => events.push(Event::Html(backrefs.into())),
            }
            html.push_str(&format!("<li id=\"fn-{id}\">\n"));
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        html
    }
}

fn ref_id(id: &str, n: usize) -> String {
    if n <= 1 {
        format!("fnref-{id}")
    } else {
        format!("fnref-{id}-{n}")
    }
}
