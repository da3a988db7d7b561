//! The one pass over pulldown-cmark's events: heading ids, links and
//! images, autolinks, code blocks, footnotes and raw HTML are handled here;
//! everything else goes to pulldown-cmark's HTML writer unchanged. The
//! page's text goes to the search collector on the way.

use super::autolink::{self, Piece};
use super::cjk_breaks;
use super::code_block;
use super::containers::{self, Container};
use super::footnotes::Footnotes;
use super::glossary_link::{TermPiece, TermState};
use super::headings::{PendingHeading, Slugger};
use super::html_check::HtmlChecker;
use super::line_index::LineIndex;
use super::links;
use super::search_text::SearchText;
use super::{AnchorRef, MarkdownContext, TocEntry};
use crate::diagnostics::Diagnostic;
use crate::search::Section;
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Everything the pass found; `html` still holds container markers and
/// lacks the footnotes section.
#[derive(Default)]
pub struct Walked {
    pub html: String,
    pub footnotes: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub first_h1: Option<String>,
    pub first_paragraph: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Indices of the glossary entries the page refers to.
    pub terms: Vec<usize>,
    /// The page's sections for the search index (none when search is off).
    pub search: Vec<Section>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

struct Walker<'a, 'c> {
    ctx: &'c MarkdownContext<'c>,
    /// `None` when the site has no search.
    search: Option<SearchText<'c>>,
    lines: LineIndex<'a>,
    slugger: Slugger,
    html: HtmlChecker,
    notes: Footnotes<'a>,
    out: Vec<Event<'a>>,
    /// Inside `[^label]: …`: its label and events.
    note: Option<(CowStr<'a>, Vec<Event<'a>>)>,
    heading: Option<PendingHeading<'a>>,
    /// Inside a code block: info string, text, start offset.
    code: Option<(String, String, usize)>,
    /// Diagrams so far (their ids are numbered per page).
    diagrams: usize,
    /// Inside a raw HTML block: its text and start offset.
    html_block: Option<(String, usize)>,
    link_depth: usize,
    image_depth: usize,
    /// Lists, block quotes, tables: the first paragraph is looked for
    /// outside them.
    block_depth: usize,
    paragraph: Option<String>,
    terms: TermState,
    /// [`PageGlossary::link`]'s pieces, kept for their buffer.
    term_pieces: Vec<TermPiece>,
    /// Inside raw `<a>` or `<summary>`, where terms are not linked.
    raw_no_terms: usize,
    r: Walked,
}

pub fn walk<'a>(source: &'a str, containers: &[Container], ctx: &MarkdownContext) -> Walked {
    let mut events: Vec<(Event<'a>, Range<usize>)> =
        TextMergeWithOffset::new(Parser::new_ext(source, options()).into_offset_iter()).collect();
    cjk_breaks::remove_between_cjk(&mut events);
    let mut w = Walker {
        ctx,
        search: ctx.search.then(|| SearchText::new(containers)),
        lines: LineIndex::new(source),
        slugger: Slugger::new(),
        html: HtmlChecker::with_line_offset(ctx.line_offset),
        notes: Footnotes::new(),
        out: Vec::with_capacity(events.len()),
        note: None,
        heading: None,
        code: None,
        diagrams: 0,
        html_block: None,
        link_depth: 0,
        image_depth: 0,
        block_depth: 0,
        paragraph: None,
        terms: TermState::default(),
        term_pieces: Vec::new(),
        raw_no_terms: 0,
        r: Walked::default(),
    };
    // Explicit `{#id}`s are reserved first, so an earlier heading's
    // automatic id never takes an id a later heading asked for.
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            if !w.slugger.reserve(id) {
                let d = Diagnostic::warning("heading", format!("duplicate heading id `{id}`"));
                w.r.diagnostics.push(w.diag(d, range.start));
            }
        }
    }
    for (event, range) in events {
        w.event(event, range);
    }
    w.finish()
}

impl<'a, 'c: 'a> Walker<'a, 'c> {
    fn diag(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let (line, col) = self.lines.line_col(offset);
        d.in_file(self.ctx.file)
            .at(self.ctx.line_offset + line, col)
    }

    /// Sends an event on (see [`Walker::route`]), its text to search.
    fn emit(&mut self, e: Event<'a>) {
        if let Some(s) = self.searched() {
            s.event(&e);
        }
        self.route(e);
    }

    /// The search text, when what is at hand goes to it: a heading's text
    /// goes in whole at its end, and an image's alt text not at all.
    fn searched(&mut self) -> Option<&mut SearchText<'c>> {
        let outside = self.heading.is_none() && self.image_depth == 0;
        self.search.as_mut().filter(|_| outside)
    }

    /// Sends an event to the heading being collected, the footnote being
    /// collected, or the page.
    fn route(&mut self, e: Event<'a>) {
        if let Some(h) = &mut self.heading {
            h.events.push(e);
        } else if let Some((_, events)) = &mut self.note {
            events.push(e);
        } else {
            self.out.push(e);
        }
    }

    fn plain_text(&mut self, text: &str) {
        if self.image_depth > 0 {
            return;
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
        } else if let Some(p) = &mut self.paragraph {
            p.push_str(text);
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code, _)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        if let Some((html, _)) = &mut self.html_block {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                self.plain_text(&t);
                if self.link_depth > 0 || self.image_depth > 0 {
                    return self.emit(Event::Text(t));
                }
                match autolink::split(&t) {
                    None => self.text_with_terms(t, range.start),
                    Some(pieces) => {
                        for piece in pieces {
                            self.autolink_piece(piece, range.start);
                        }
                    }
                }
            }
            Event::Code(t) => {
                self.plain_text(&t);
                self.emit(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain_text(" ");
                self.emit(event);
            }
            Event::InlineHtml(t) | Event::Html(t) => {
                self.raw_no_terms = track_no_term_tags(&t, self.raw_no_terms);
                if let Some(s) = self.searched() {
                    s.html(&t);
                }
                let line = self.lines.line_col(range.start).0;
                let checked = self.html.feed(&t, line);
                self.emit(Event::InlineHtml(checked.into()));
            }
            Event::FootnoteReference(label) => {
                let (html, anchor) = self.notes.reference(&label);
                self.r.anchors.push(anchor);
                self.emit(Event::InlineHtml(html.into()));
            }
            other => self.emit(other),
        }
    }

    /// Text outside links: glossary terms in it link to their entries.
    fn text_with_terms(&mut self, text: CowStr<'a>, offset: usize) {
        let glossary = self.ctx.glossary;
        let Some(g) = glossary.filter(|_| self.heading.is_none() && self.raw_no_terms == 0) else {
            return self.emit(Event::Text(text));
        };
        let mut pieces = std::mem::take(&mut self.term_pieces);
        g.link(&text, &mut self.terms, &mut pieces);
        if let [TermPiece::Text(_)] | [] = pieces.as_slice() {
            self.term_pieces = pieces;
            return self.emit(Event::Text(text));
        }
        // Pieces of text the source holds are borrowed from it, not copied.
        let slice = |range: &Range<usize>| -> CowStr<'a> {
            match &text {
                CowStr::Borrowed(source) => CowStr::Borrowed(&source[range.clone()]),
                owned => owned[range.clone()].to_string().into(),
            }
        };
        for piece in &pieces {
            match piece {
                TermPiece::Text(range) => self.emit(Event::Text(slice(range))),
                TermPiece::Link { entry, text } => {
                    // Three events, none copied: the entry's opening tag,
                    // made once per language, the text, escaped by the HTML
                    // writer, and the closing tag.
                    self.emit(Event::InlineHtml(g.links.opening(*entry).into()));
                    self.emit(Event::Text(slice(text)));
                    self.emit(Event::InlineHtml("</a>".into()));
                }
                TermPiece::Unknown(label, id) => {
                    let (label_text, id) = (&text[label.clone()], &text[id.clone()]);
                    let d = Diagnostic::warning(
                        "glossary",
                        format!("`:term[{label_text}]{{{id}}}`: no glossary entry `{id}`"),
                    );
                    self.r.diagnostics.push(self.diag(d, offset));
                    self.emit(Event::Text(slice(label)));
                }
            }
        }
        self.term_pieces = pieces;
    }

    fn autolink_piece(&mut self, piece: Piece<'_>, offset: usize) {
        match piece {
            Piece::Text(t) => self.text_with_terms(t.to_string().into(), offset),
            Piece::Link { text, href } => {
                self.emit(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: href.into(),
                    title: "".into(),
                    id: "".into(),
                }));
                self.emit(Event::Text(text.to_string().into()));
                self.emit(Event::End(TagEnd::Link));
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new(), range.start));
            }
            Tag::HtmlBlock => self.html_block = Some((String::new(), range.start)),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                if let (pulldown_cmark::HeadingLevel::H2, Some(g)) = (level, self.ctx.glossary) {
                    self.terms.section(g);
                }
                self.heading = Some(PendingHeading::new(level, id, classes, attrs));
            }
            Tag::Paragraph => {
                let top = self.block_depth == 0
                    && self.note.is_none()
                    && self.html.container_depth() == 0;
                if top && self.r.first_paragraph.is_none() {
                    self.paragraph = Some(String::new());
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            Tag::List(_) | Tag::BlockQuote(None) | Tag::Table(_) | Tag::DefinitionList => {
                self.block_depth += 1;
                self.emit(Event::Start(tag));
            }
            Tag::BlockQuote(Some(kind)) => {
                // GitHub alerts (`> [!NOTE]`) become admonitions, so pages
                // written for GitHub look the same here.
                self.block_depth += 1;
                let open = containers::alert_open(kind, self.ctx);
                self.emit(Event::Html(open.into()));
            }
            Tag::FootnoteDefinition(label) => self.note = Some((label, Vec::new())),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.link_depth += 1;
                let dest_url = match link_type {
                    // `<me@example.org>`: the writer adds `mailto:`.
                    LinkType::Email => dest_url,
                    _ => self.resolve(dest_url, range.start, false),
                };
                if let Some(g) = self.ctx.glossary {
                    g.note_link(&dest_url, &mut self.terms);
                }
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_depth += 1;
                let dest_url = self.resolve(dest_url, range.start, true);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => self.emit(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph => {
                if let Some(text) = self.paragraph.take() {
                    let text = text.trim();
                    if !text.is_empty() {
                        self.r.first_paragraph = Some(text.to_string());
                    }
                }
                self.emit(Event::End(tag));
            }
            TagEnd::List(_) | TagEnd::BlockQuote(None) | TagEnd::Table | TagEnd::DefinitionList => {
                self.block_depth = self.block_depth.saturating_sub(1);
                self.emit(Event::End(tag));
            }
            TagEnd::BlockQuote(Some(_)) => {
                self.block_depth = self.block_depth.saturating_sub(1);
                self.emit(Event::Html(containers::ADMONITION_CLOSE.into()));
            }
            TagEnd::FootnoteDefinition => {
                if let Some((label, events)) = self.note.take() {
                    self.notes.define(&label, events);
                }
            }
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.emit(Event::End(tag));
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.emit(Event::End(tag));
            }
            other => self.emit(Event::End(other)),
        }
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let (entry, events) = h.finish(&mut self.slugger);
        if entry.level == 1 && self.r.first_h1.is_none() && !entry.text.is_empty() {
            self.r.first_h1 = Some(entry.text.clone());
        }
        self.r.anchors.push(entry.id.clone());
        if let Some(s) = self.searched() {
            s.heading(&entry.id, &entry.text);
        }
        self.r.toc.push(entry);
        for e in events {
            self.route(e);
        }
    }

    fn end_code_block(&mut self) {
        let Some((info, code, start)) = self.code.take() else {
            return;
        };
        let (line, col) = self.lines.line_col(start);
        let at = (self.ctx.line_offset + line, col);
        let diagnostics = &mut self.r.diagnostics;
        let block =
            code_block::render_in_page(&info, &code, self.ctx, at, &mut self.diagrams, diagnostics);
        if let Some(s) = self.searched() {
            s.block(&block, &code);
        }
        self.emit(Event::Html(block.html.into()));
    }

    fn end_html_block(&mut self) {
        let Some((html, start)) = self.html_block.take() else {
            return;
        };
        if let Some(s) = self.searched() {
            s.html(&html);
        }
        let line = self.lines.line_col(start).0;
        let checked = self.html.feed(&html, line);
        self.emit(Event::Html(checked.into()));
    }

    /// Rewrites a link or image destination, reporting broken ones.
    fn resolve(&mut self, dest: CowStr<'a>, offset: usize, image: bool) -> CowStr<'a> {
        let at = self.lines.line_col(offset);
        let r = &mut self.r;
        links::resolve(
            self.ctx,
            dest,
            at,
            image,
            &mut r.anchor_refs,
            &mut r.diagnostics,
        )
    }

    fn finish(mut self) -> Walked {
        // Unfinished blocks cannot come from pulldown-cmark, but losing
        // text silently would be worse than a stray close.
        if self.code.is_some() {
            self.end_code_block();
        }
        if self.html_block.is_some() {
            self.end_html_block();
        }
        let closers = self.html.finish();
        if !closers.is_empty() {
            self.out.push(Event::Html(closers.into()));
        }
        for issue in std::mem::take(&mut self.html.issues) {
            let d = Diagnostic::warning("html", issue.message)
                .in_file(self.ctx.file)
                .at(self.ctx.line_offset + issue.line, 0);
            self.r.diagnostics.push(d);
        }
        self.r.anchors.append(&mut self.html.ids);
        self.r.anchors.extend(self.notes.anchors());
        let mut html = String::with_capacity(self.lines.source.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.r.html = html;
        self.r.footnotes = self.notes.section(self.ctx.ui);
        self.r.terms = std::mem::take(&mut self.terms.used).into_iter().collect();
        self.r.search = self.search.map(SearchText::finish).unwrap_or_default();
        self.r
    }
}

/// Depth of raw `<a>` and `<summary>` elements after `html`: their text is
/// a link or a label already.
fn track_no_term_tags(html: &str, depth: usize) -> usize {
    let mut depth = depth;
    for tag in html.split('<').skip(1) {
        let lower = tag.get(..9).unwrap_or(tag).to_ascii_lowercase();
        let name_is = |name: &str| {
            lower.strip_prefix(name).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c == '>' || c.is_whitespace())
            })
        };
        if name_is("a") || name_is("summary") {
            depth += 1;
        } else if name_is("/a") || name_is("/summary") {
            depth = depth.saturating_sub(1);
        }
    }
    depth
}
