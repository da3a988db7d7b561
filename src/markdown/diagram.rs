//! Mermaid diagrams: a ```` ```mermaid ```` fence becomes an inline `<svg>`
//! at build time, drawn by a pure-Rust Mermaid port (`diagram_merman.rs`),
//! so the labels are the page's own text in the page's own language.
//!
//! - The SVG follows the page's colour scheme through CSS variables, and
//!   the page's fonts (`diagram_svg.rs`).
//! - Every id in a diagram starts with a prefix made from the diagram's
//!   index on the page and a hash of its source, so diagrams on one page
//!   never share ids.
//! - `role="img"` with an accessible name: the info string's
//!   `title="…"`, else a `%% title: …` line, else the diagram's own
//!   `accTitle`, else the UI string `diagram`.
//! - A diagram that does not render (a parse error) is an error diagnostic
//!   with file:line and the renderer's message; the page shows the
//!   diagram's source instead. A panic inside the renderer is caught
//!   around the whole block (`code_block.rs`) and is an `error[internal]`.
//! - Rendering is cached by (source, theme) in a [`DiagramCache`], which a
//!   long-running `serve` can keep across rebuilds, with the labels' text
//!   for the search index: merman hands back only the SVG, so they are read
//!   from it once per diagram there.

use super::bounded_cache::{note_use, BoundedCache};
use super::code_block::Block;
use super::{escape_html_into, MarkdownContext};
use crate::diagnostics::Diagnostic;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

/// Why a diagram did not render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramError {
    pub message: String,
    /// Byte offset in the diagram source the message is about, when known.
    pub offset: Option<usize>,
}

impl DiagramError {
    pub fn new(message: impl Into<String>) -> Self {
        DiagramError {
            message: message.into(),
            offset: None,
        }
    }
}

/// Draws Mermaid source as SVG. Every id in the SVG must start with `id`
/// (the renderer is given a placeholder, replaced per use).
pub trait DiagramBackend: Send + Sync {
    fn render(&self, source: &str, id: &str) -> Result<String, DiagramError>;
}

/// A drawn diagram as the cache keeps it.
#[derive(Clone)]
struct Drawn {
    /// Restyled, with the placeholder id.
    svg: Arc<str>,
    labels: Arc<str>,
}

struct CacheEntry {
    theme: Box<str>,
    source: Box<str>,
    /// The drawing, or why it did not render.
    drawn: Result<Drawn, DiagramError>,
}

impl CacheEntry {
    /// About how many bytes the entry holds on the heap.
    fn weight(&self) -> usize {
        let svg = match &self.drawn {
            Ok(drawn) => drawn.svg.len() + drawn.labels.len(),
            Err(e) => e.message.len(),
        };
        std::mem::size_of::<Self>() + self.theme.len() + self.source.len() + svg
    }
}

/// Rendered diagrams by (source, theme). Cheap to clone (shared); keep
/// one across rebuilds so that unchanged diagrams are not drawn again.
/// Bounded by bytes, for a long `serve` session.
#[derive(Clone)]
pub struct DiagramCache {
    entries: Arc<Mutex<BoundedCache<Arc<CacheEntry>>>>,
}

impl Default for DiagramCache {
    fn default() -> Self {
        Self::with_budget(usize::MAX)
    }
}

impl DiagramCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache of at most `budget` bytes, least recently used first out.
    pub fn with_budget(budget: usize) -> Self {
        DiagramCache {
            entries: Arc::new(Mutex::new(BoundedCache::new(budget))),
        }
    }

    /// The bytes kept.
    pub fn bytes(&self) -> usize {
        self.lock().bytes()
    }

    /// Drops the diagrams whose key is not in `live`.
    pub fn retain(&self, live: &HashSet<u64>) {
        self.lock().retain(|key| live.contains(&key));
    }

    /// Number of diagrams (rendered or failed) in the cache.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, BoundedCache<Arc<CacheEntry>>> {
        // A panic elsewhere while holding the lock leaves a usable map.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for DiagramCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiagramCache")
            .field("len", &self.len())
            .finish()
    }
}

/// The diagram renderer of a build: shared by every page (it is `Sync`),
/// with its cache.
pub struct Diagrams {
    theme: String,
    cache: DiagramCache,
    backend: Option<Box<dyn DiagramBackend>>,
}

impl std::fmt::Debug for Diagrams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagrams")
            .field("theme", &self.theme)
            .field("enabled", &self.enabled())
            .finish_non_exhaustive()
    }
}

impl Diagrams {
    /// The built-in renderer, with a cache of its own.
    pub fn new(theme: &str) -> Self {
        Self::with_cache(theme, DiagramCache::new())
    }

    /// The built-in renderer over a cache kept from an earlier build.
    pub fn with_cache(theme: &str, cache: DiagramCache) -> Self {
        Diagrams {
            theme: theme.to_string(),
            cache,
            backend: default_backend(),
        }
    }

    /// Another renderer (tests use this to make one fail or panic).
    pub fn with_backend(
        theme: &str,
        cache: DiagramCache,
        backend: Box<dyn DiagramBackend>,
    ) -> Self {
        Diagrams {
            theme: theme.to_string(),
            cache,
            backend: Some(backend),
        }
    }

    /// False when yomu was built without the `diagrams` feature: diagrams
    /// then show their source.
    pub fn enabled(&self) -> bool {
        self.backend.is_some()
    }

    pub fn cache(&self) -> &DiagramCache {
        &self.cache
    }

    /// The finished `<svg>` for `source`: ids prefixed with `id`, and
    /// `name` as its accessible name (`explicit`: the writer gave it, so
    /// it wins over the diagram's own `accTitle`); and its labels' text.
    pub fn render(
        &self,
        source: &str,
        id: &str,
        name: &str,
        explicit: bool,
    ) -> Result<(String, Arc<str>), DiagramError> {
        let drawn = self.drawn(source)?;
        let svg = super::diagram_svg::finish(&drawn.svg, id, name, explicit);
        Ok((svg, drawn.labels))
    }

    /// The cached drawing.
    fn drawn(&self, source: &str) -> Result<Drawn, DiagramError> {
        let Some(backend) = &self.backend else {
            return Err(DiagramError::new(
                "this yomu was built without the `diagrams` feature",
            ));
        };
        let mut hasher = DefaultHasher::new();
        self.theme.hash(&mut hasher);
        source.hash(&mut hasher);
        let key = hasher.finish();
        note_use(key);
        if let Some(entry) = self.cache.lock().get(key) {
            if *entry.theme == *self.theme && *entry.source == *source {
                return entry.drawn.clone();
            }
        }
        // Rendered without holding the lock, so pages in parallel do not
        // wait on each other.
        let placeholder = super::diagram_svg::PLACEHOLDER;
        let drawn = backend.render(source, placeholder).map(|svg| {
            let svg: Arc<str> = super::diagram_svg::restyle(&svg).into();
            let labels = crate::search::html_text(&svg).into();
            Drawn { svg, labels }
        });
        let entry = CacheEntry {
            theme: self.theme.as_str().into(),
            source: source.into(),
            drawn: drawn.clone(),
        };
        let weight = entry.weight();
        self.cache.lock().insert(key, Arc::new(entry), weight);
        drawn
    }
}

#[cfg(feature = "diagrams")]
fn default_backend() -> Option<Box<dyn DiagramBackend>> {
    Some(Box::new(super::diagram_merman::Merman::default()))
}

#[cfg(not(feature = "diagrams"))]
fn default_backend() -> Option<Box<dyn DiagramBackend>> {
    None
}

/// The id prefix of the `index`-th diagram (from 0) of a page.
pub fn id_prefix(index: usize, source: &str) -> String {
    let mut hasher = DefaultHasher::new();
    source.hash(&mut hasher);
    format!("mermaid-{index}-{:08x}", hasher.finish() as u32)
}

/// The writer's name for the diagram: the info string's `title="…"`, else
/// the first `%% title: …` comment line.
pub fn title_of(info_title: Option<&str>, source: &str) -> Option<String> {
    if let Some(t) = info_title.map(str::trim).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    source.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("%%")?.trim_start();
        let (key, value) = rest.split_once(':')?;
        let value = value.trim();
        (key.trim().eq_ignore_ascii_case("title") && !value.is_empty()).then(|| value.to_string())
    })
}

/// One ```` ```mermaid ```` block: the diagram, or its source and an
/// error diagnostic. `fence_line` is the file line of the opening fence;
/// `index` counts the page's diagrams from 0.
pub(crate) fn render_fence(
    info_title: Option<&str>,
    source: &str,
    ctx: &MarkdownContext,
    fence_line: u32,
    index: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Block {
    if !ctx.diagrams.enabled() {
        return source_block(source);
    }
    let title = title_of(info_title, source);
    let name = title.clone().unwrap_or_else(|| ctx.ui.text("diagram"));
    let id = id_prefix(index, source);
    match ctx.diagrams.render(source, &id, &name, title.is_some()) {
        Ok((svg, labels)) => {
            let mut html = String::with_capacity(svg.len() + 64);
            html.push_str("<figure class=\"diagram\">");
            html.push_str(&svg);
            html.push_str("</figure>\n");
            Block {
                html,
                labels: Some(labels),
                title: None,
            }
        }
        Err(e) => {
            // At the line the message is about, else at the fence.
            let (line, col) = match e.offset {
                Some(offset) => {
                    let (line, col) = line_col(source, offset);
                    (fence_line + 1 + line, col)
                }
                None => (fence_line, 0),
            };
            diagnostics.push(
                Diagnostic::error("diagram", format!("diagram does not render: {}", e.message))
                    .in_file(ctx.file)
                    .at(line, col),
            );
            source_block(source)
        }
    }
}

/// 0-based line and 1-based column (in characters) of a byte offset; the
/// column is 0 when the offset is outside the source.
fn line_col(source: &str, offset: usize) -> (u32, u32) {
    let Some(before) = source.get(..offset.min(source.len())) else {
        return (0, 0);
    };
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() as u32 + 1;
    (line, col)
}

/// A diagram shown as its source, as a plain code block.
fn source_block(source: &str) -> Block {
    let mut html = String::from(
        "<figure class=\"code-block diagram-source\" data-lang=\"mermaid\"><pre class=\"hl-code\"><code class=\"language-mermaid\">",
    );
    escape_html_into(&mut html, source);
    html.push_str("</code></pre></figure>\n");
    Block {
        html,
        labels: None,
        title: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_the_info_string_then_a_comment() {
        let src = "%% title: 構成図\nflowchart TD\n  A --> B\n";
        assert_eq!(title_of(Some("Info"), src).as_deref(), Some("Info"));
        assert_eq!(title_of(None, src).as_deref(), Some("構成図"));
        assert_eq!(title_of(Some("  "), src).as_deref(), Some("構成図"));
        assert_eq!(title_of(None, "%%{init: {}}%%\nflowchart TD\n"), None);
        assert_eq!(
            title_of(None, "flowchart TD\n  %% TITLE:  x \n"),
            Some("x".into())
        );
    }

    #[test]
    fn prefixes_differ_by_index_and_source() {
        assert_ne!(id_prefix(0, "a"), id_prefix(1, "a"));
        assert_ne!(id_prefix(0, "a"), id_prefix(0, "b"));
        assert_eq!(id_prefix(2, "a"), id_prefix(2, "a"));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let src = "flowchart TD\n  A --> B[\n";
        assert_eq!(line_col(src, 0), (0, 1));
        assert_eq!(line_col(src, 15), (1, 3));
        assert_eq!(line_col(src, 999), (2, 1));
        assert_eq!(line_col("あい", 1), (0, 0));
    }
}
