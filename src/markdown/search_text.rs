//! The page's text for the search index, as the walk (`events.rs`) meets
//! it on its way to the page: running text and inline code, headings with
//! their ids, code blocks as code, a drawn diagram's labels, the text of
//! HTML the author wrote, and what containers show besides their bodies.

use super::code_block::Block;
use super::containers::{self, Container};
use crate::search::{Collector, Section};
use pulldown_cmark::{Event, Tag, TagEnd};

pub struct SearchText<'c> {
    sections: Collector,
    /// The page's containers, whose markers are in the source.
    containers: &'c [Container],
}

impl<'c> SearchText<'c> {
    pub fn new(containers: &'c [Container]) -> Self {
        SearchText {
            sections: Collector::default(),
            containers,
        }
    }

    /// An event as the page gets it: its text, or a word break at a block
    /// edge.
    pub fn event(&mut self, e: &Event) {
        match e {
            Event::Text(t) | Event::Code(t) => self.sections.text(t),
            e if breaks_words(e) => self.sections.word_break(),
            _ => {}
        }
    }

    pub fn heading(&mut self, id: &str, text: &str) {
        self.sections.heading(id, text);
    }

    /// HTML the author wrote, and what the containers it opens show.
    pub fn html(&mut self, html: &str) {
        self.sections.html(html);
        if self.containers.is_empty() {
            return;
        }
        for text in containers::shown_text(html, self.containers) {
            self.apart(text);
        }
    }

    /// A fenced or indented block: its title, and its code or, for a drawn
    /// diagram, its labels.
    pub fn block(&mut self, block: &Block, code: &str) {
        if let Some(title) = &block.title {
            self.apart(title);
        }
        match &block.labels {
            Some(labels) => self.apart(labels),
            None => self.sections.code(code),
        }
    }

    pub fn finish(self) -> Vec<Section> {
        self.sections.finish()
    }

    /// Text that is a block of its own.
    fn apart(&mut self, text: &str) {
        self.sections.word_break();
        self.sections.text(text);
        self.sections.word_break();
    }
}

/// Whether an event parts the words on either side: block edges and line
/// breaks do, inline markup (emphasis, links) does not.
fn breaks_words(e: &Event) -> bool {
    match e {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}
