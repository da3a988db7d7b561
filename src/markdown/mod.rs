//! Markdown stage: one page's Markdown body in, HTML plus what later stages
//! need (TOC, anchors, links to check, title fallbacks, diagnostics) out.
//! Pure and thread-safe: the build calls it in parallel over pages.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

mod autolink;
mod bounded_cache;
mod cjk_breaks;
mod code_block;
mod container_syntax;
mod containers;
mod diagram;
#[cfg(feature = "diagrams")]
mod diagram_budget;
mod diagram_colour;
#[cfg(feature = "diagrams")]
mod diagram_merman;
mod diagram_svg;
mod events;
mod footnotes;
mod glossary_link;
mod glossary_match;
mod headings;
pub mod highlight;
mod html_check;
mod line_cache;
mod line_index;
mod links;
mod prehighlight;
mod search_text;
pub mod site_syntaxes;
mod steps;
mod theme_css;

pub use bounded_cache::record_use;
pub use diagram::{DiagramBackend, DiagramCache, DiagramError, Diagrams};
pub use glossary_link::{PageGlossary, TermLinks};
pub use glossary_match::{glossary_key, TermMatch, TermMatcher};
pub use headings::slugify;
pub use highlight::Highlighter;
pub use site_syntaxes::SiteSyntaxes;

/// What the page being rendered can see of the rest of the build.
pub struct MarkdownContext<'a> {
    /// The source file, relative to the site root (for diagnostics).
    pub file: &'a Path,
    /// Number of lines before the body in the file (front matter), so that
    /// body line 1 is reported as file line `line_offset + 1`.
    pub line_offset: u32,
    /// BCP 47 code of the page's language, passed to components as `lang`.
    pub lang: &'a str,
    /// UI strings of the page's language (admonition labels: `admonition-tip`…).
    pub ui: &'a dyn UiText,
    pub links: &'a dyn LinkResolver,
    pub components: &'a dyn ComponentRenderer,
    pub highlighter: &'a Highlighter,
    /// Draws ```` ```mermaid ```` blocks; one per build, shared by pages.
    pub diagrams: &'a Diagrams,
    /// Glossary terms to link on this page; `None` where none are.
    pub glossary: Option<&'a PageGlossary<'a>>,
    /// Whether to gather the page's sections for the search index.
    pub search: bool,
}

pub trait UiText: Sync {
    /// The translated UI string for `key` in the page's language.
    fn text(&self, key: &str) -> String;
}

/// Resolves the destinations written in a page. Implemented by the build,
/// which knows every page and static file.
pub trait LinkResolver: Sync {
    /// A link destination as written (`./x.md`, `/docs/x/#a`, `#a`, `https://…`).
    fn resolve_link(&self, dest: &str) -> LinkResolution;
    /// An image source as written (`/img/x.png`).
    fn resolve_image(&self, src: &str) -> LinkResolution;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkResolution {
    /// Left exactly as written (external URL, `mailto:`…).
    External,
    /// Rewritten to `href`. `page` and `fragment` let the build check the
    /// anchor once every page's anchors are known.
    Internal {
        href: String,
        page: Option<usize>,
        fragment: Option<String>,
    },
    /// Nothing there; the message says what was looked for.
    Broken(String),
}

/// Renders `:::name` containers that are not built-in admonitions.
pub trait ComponentRenderer: Sync {
    fn has_component(&self, name: &str) -> bool;
    /// `body` is the rendered inner HTML, `None` for a leaf `::name{…}`.
    fn render_component(
        &self,
        name: &str,
        props: &BTreeMap<String, String>,
        body: Option<&str>,
        lang: &str,
    ) -> Result<String, String>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// An internal link whose anchor must be checked against the target page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub page: usize,
    pub fragment: String,
    pub dest: String,
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Default, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Every heading (levels 1–6) in document order.
    pub toc: Vec<TocEntry>,
    /// Every id the page defines: headings, `{#id}`, raw HTML `id="…"`,
    /// footnotes.
    pub anchors: Vec<String>,
    pub anchor_refs: Vec<AnchorRef>,
    /// Plain text of the first level-1 heading (ATX or setext).
    pub first_h1: Option<String>,
    /// Plain text of the first paragraph.
    pub first_paragraph: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The glossary entries the page refers to, by index in its language's
    /// glossary, ascending (for "used on").
    pub terms: Vec<usize>,
    /// The page's sections for the search index, gathered as the page is
    /// walked when [`MarkdownContext::search`] asks for them (shared, so the
    /// cache and fallback pages keep them without copying).
    pub search: std::sync::Arc<Vec<crate::search::Section>>,
}

/// Renders one page body (the Markdown after the front matter, with LF line
/// endings). Never fails: problems come back as diagnostics, and the rest
/// of the page still renders.
///
/// `first_paragraph` is the first paragraph outside lists, block quotes,
/// tables, footnotes and containers: a tip or a list item makes a poor page
/// description.
///
/// A panic inside (a bug in yomu or pulldown-cmark) is an `error[internal]`
/// diagnostic on the page, whose body is then its source as plain text.
pub fn render(source: &str, ctx: &MarkdownContext) -> RenderedMarkdown {
    crate::guard::catch(|| render_unguarded(source, ctx)).unwrap_or_else(|panic| {
        let mut html = String::from("<pre>");
        escape_html_into(&mut html, source);
        html.push_str("</pre>\n");
        RenderedMarkdown {
            html,
            diagnostics: vec![panic.diagnostic("rendering the Markdown").in_file(ctx.file)],
            ..RenderedMarkdown::default()
        }
    })
}

fn render_unguarded(source: &str, ctx: &MarkdownContext) -> RenderedMarkdown {
    let pre = containers::prepass(source, ctx);
    let walked = events::walk(&pre.source, &pre.containers, ctx);
    let mut diagnostics = pre.diagnostics;
    diagnostics.extend(walked.diagnostics);
    let mut anchors = walked.anchors;
    let mut html = containers::expand(
        &walked.html,
        &pre.containers,
        ctx,
        &mut diagnostics,
        &mut anchors,
    );
    html.push_str(&walked.footnotes);
    RenderedMarkdown {
        html,
        toc: walked.toc,
        anchors,
        anchor_refs: walked.anchor_refs,
        first_h1: walked.first_h1,
        first_paragraph: walked.first_paragraph,
        diagnostics,
        terms: walked.terms,
        search: std::sync::Arc::new(walked.search),
    }
}

pub(crate) use crate::html::{escape_html, escape_html_into};
