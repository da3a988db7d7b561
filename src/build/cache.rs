//! What `yomu serve` keeps between builds so that a rebuild only redoes
//! what changed: each page's rendered Markdown, keyed by a hash of its
//! source and of everything else the Markdown stage sees (its file and
//! language, the site's pages and URLs, templates, components and UI
//! strings); each page's laid-out HTML, keyed by that plus everything
//! other pages contribute to it (titles, order and front matter of every
//! page for navigation, its translations' sources for the language
//! switcher and freshness notices); the highlighter with its compiled
//! grammars and highlighted blocks; each page file as the load stage
//! parsed it ([`LoadCache`]); the translation analysis of each page
//! ([`StatusCache`]); and git's answers while HEAD stays put ([`GitMemo`]).
//!
//! A one-shot build uses [`BuildCache::default`], which keeps nothing, so
//! `yomu build` pays neither the memory nor the hashing.
//!
//! What `serve` keeps per page holds only the current site. The highlighted
//! blocks, the line memo and the diagrams are bounded by bytes instead
//! ([`CACHE_BUDGET`] in all, least recently used first out); and after
//! each build the blocks and diagrams that no current page uses are dropped
//! (each page's Markdown entry lists the ones its rendering used).

use super::links::SiteIndex;
use crate::git::GitMemo;
use crate::i18n::status::StatusCache;
use crate::load::{FrontMatter, LoadCache, Page, Site, SortKey, TocSetting};
use crate::markdown::{DiagramCache, Highlighter, RenderedMarkdown, SiteSyntaxes, TocEntry};
use crate::render::page::PageView;
use bytes::Bytes;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

/// The default bytes `serve` keeps in the highlighted blocks, line memo
/// and diagrams together (`serve --cache-mb`).
pub const CACHE_BUDGET: usize = 256 << 20;

#[derive(Default)]
pub struct BuildCache {
    enabled: bool,
    /// Bytes for the highlighted blocks, line memo and diagrams together.
    budget: usize,
    /// Page files parsed by the load stage.
    pub load: LoadCache,
    /// The translation analysis: source hashes and untranslated text.
    pub status: StatusCache,
    /// Git's answers (translation freshness, last-updated dates).
    pub git: GitMemo,
    highlighter: Option<Highlighter>,
    /// Drawn diagrams by (source, theme), kept between builds.
    diagrams: DiagramCache,
    /// Markdown stage results by [`BuildCache::markdown_keys`] key, with
    /// the highlighted blocks' and diagrams' keys the rendering used.
    markdown: HashMap<u64, (RenderedMarkdown, Vec<u64>)>,
    /// Laid-out pages by [`BuildCache::layout_keys`] key.
    layout: HashMap<u64, Vec<Bytes>>,
    /// The last [`context_hash`] combined with [`templates_hash`]: what
    /// every page's layout depends on.
    context: u64,
    /// Figures of the last build, for tests and the serve log.
    pub last: CacheStats,
    /// Leave the search index out of the output and return it to be built
    /// on first use (`yomu serve`).
    pub defer_search: bool,
}

/// What the bounded caches hold, in bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheBytes {
    pub highlighted: usize,
    pub lines: usize,
    pub diagrams: usize,
}

impl CacheBytes {
    pub fn total(&self) -> usize {
        self.highlighted + self.lines + self.diagrams
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Pages whose Markdown was rendered (not found in the cache).
    pub rendered: usize,
    pub reused: usize,
    /// Pages laid out again (not found in the cache).
    pub laid_out: usize,
}

impl BuildCache {
    /// A cache that keeps results between builds.
    pub fn keeping() -> BuildCache {
        Self::keeping_within(CACHE_BUDGET)
    }

    /// A cache that keeps results between builds, with `budget` bytes for
    /// the highlighted blocks (half), the line memo and the diagrams (a
    /// quarter each).
    pub fn keeping_within(budget: usize) -> BuildCache {
        BuildCache {
            enabled: true,
            budget,
            load: LoadCache::keeping(),
            status: StatusCache::keeping(),
            git: GitMemo::keeping(),
            diagrams: DiagramCache::with_budget(budget / 4),
            ..Default::default()
        }
    }

    /// The kept highlighter, or a new one when there is none or the
    /// site's grammars or aliases changed.
    pub fn highlighter(&mut self, site: &SiteSyntaxes) -> Highlighter {
        match self.highlighter.take() {
            Some(highlighter) if highlighter.is_for(site) => highlighter,
            _ if self.enabled => Highlighter::for_site(self.budget / 2, self.budget / 4, site),
            _ => Highlighter::for_site(usize::MAX, usize::MAX, site),
        }
    }

    /// The bytes kept in the bounded caches.
    pub fn bytes(&self) -> CacheBytes {
        let (highlighted, lines) = self
            .highlighter
            .as_ref()
            .map_or((0, 0), Highlighter::cache_bytes);
        CacheBytes {
            highlighted,
            lines,
            diagrams: self.diagrams.bytes(),
        }
    }

    /// The diagrams drawn so far (kept between builds), or a new cache
    /// for a one-shot build: an edited page redraws only the diagrams whose
    /// source changed.
    pub fn diagrams(&self) -> DiagramCache {
        if self.enabled {
            self.diagrams.clone()
        } else {
            DiagramCache::new()
        }
    }

    /// Keeps the highlighter for the next build; a one-shot build frees
    /// its compiled grammars instead, before the pages' HTML piles up.
    pub fn after_highlighting(&self, highlighter: &mut Highlighter) {
        if !self.enabled {
            highlighter.release_grammars();
        }
    }

    pub fn keep_highlighter(&mut self, highlighter: Highlighter) {
        if self.enabled {
            self.highlighter = Some(highlighter);
        }
    }

    /// One key per page: its source and everything else its Markdown
    /// result depends on. Empty when the cache is off.
    pub fn markdown_keys(
        &mut self,
        root: &Path,
        site: &Site,
        index: &SiteIndex,
        sources: &[Arc<str>],
    ) -> Vec<u64> {
        if !self.enabled {
            return Vec::new();
        }
        let context = context_hash(root, site, index);
        self.context = context ^ templates_hash(root).rotate_left(1);
        site.pages
            .iter()
            .zip(sources)
            .map(|(page, source)| {
                let mut h = DefaultHasher::new();
                context.hash(&mut h);
                page.file.hash(&mut h);
                page.lang.hash(&mut h);
                page.body_line_offset.hash(&mut h);
                (page.front.glossary, &page.front.page_type).hash(&mut h);
                source.hash(&mut h);
                h.finish()
            })
            .collect()
    }

    /// The sources that need rendering: the cache's misses (hits are left
    /// empty, which costs the highlighter nothing).
    pub fn misses(&self, keys: &[u64], sources: &[Arc<str>]) -> Option<Vec<Arc<str>>> {
        if keys.is_empty() {
            return None;
        }
        let misses = sources
            .iter()
            .zip(keys)
            .map(|(source, key)| {
                if self.markdown.contains_key(key) {
                    Arc::default()
                } else {
                    source.clone()
                }
            })
            .collect();
        Some(misses)
    }

    /// The cached result for page `i`, if any, without its HTML: most
    /// pages' layout is cached too, and [`BuildCache::html`] fetches it
    /// for the others.
    pub fn rendered(&self, keys: &[u64], i: usize) -> Option<RenderedMarkdown> {
        let (
            RenderedMarkdown {
                html: _,
                toc,
                anchors,
                anchor_refs,
                first_h1,
                first_paragraph,
                diagnostics,
                terms,
                search,
            },
            _,
        ) = keys.get(i).and_then(|key| self.markdown.get(key))?;
        Some(RenderedMarkdown {
            html: String::new(),
            toc: toc.clone(),
            anchors: anchors.clone(),
            anchor_refs: anchor_refs.clone(),
            first_h1: first_h1.clone(),
            first_paragraph: first_paragraph.clone(),
            diagnostics: diagnostics.clone(),
            terms: terms.clone(),
            search: search.clone(),
        })
    }

    /// Page `i`'s rendered HTML, when the cache has it.
    pub fn html(&self, keys: &[u64], i: usize) -> Option<String> {
        let key = keys.get(i)?;
        self.markdown.get(key).map(|(r, _)| r.html.clone())
    }

    /// Keeps this build's results (only: pages gone or edited since are
    /// dropped, so the cache never outgrows the site), with `used`: the
    /// keys of the highlighted blocks and diagrams each rendered page used.
    /// Blocks and diagrams no current page uses are dropped.
    pub fn store(&mut self, keys: &[u64], rendered: &[RenderedMarkdown], used: Vec<Vec<u64>>) {
        if keys.is_empty() {
            return;
        }
        let reused = keys
            .iter()
            .filter(|k| self.markdown.contains_key(k))
            .count();
        self.last = CacheStats {
            rendered: keys.len() - reused,
            reused,
            laid_out: 0,
        };
        // Hits move over from the old map; only misses are copied.
        let mut old = std::mem::take(&mut self.markdown);
        self.markdown = keys
            .iter()
            .zip(rendered)
            .zip(used)
            .map(|((key, r), used)| {
                let kept = old.remove(key).unwrap_or_else(|| (r.clone(), used));
                (*key, kept)
            })
            .collect();
        self.drop_unused();
    }

    /// Drops the highlighted blocks and diagrams no current page used.
    fn drop_unused(&self) {
        let live: HashSet<u64> = self
            .markdown
            .values()
            .flat_map(|(_, used)| used.iter().copied())
            .collect();
        if let Some(highlighter) = &self.highlighter {
            highlighter.retain_blocks(&live);
        }
        self.diagrams.retain(&live);
    }
}

impl BuildCache {
    /// One key per page for its laid-out HTML: its Markdown key, the
    /// Markdown keys of its translations (the language switcher and the
    /// outdated notice depend on their sources), its view, and what every
    /// page shows of the others: each page's front matter, file, URL,
    /// title and description (navigation, breadcrumbs, prev/next, folder
    /// listings). So a body edit that keeps the title lays out that page
    /// and its translations only; a title change lays out every page.
    /// `extra` is anything else pages show (the git dates).
    pub fn layout_keys(
        &self,
        site: &Site,
        views: &[PageView],
        markdown: &[u64],
        extra: u64,
    ) -> Vec<u64> {
        if markdown.is_empty() {
            return Vec::new();
        }
        let mut global = DefaultHasher::new();
        extra.hash(&mut global);
        self.context.hash(&mut global);
        format!("{:?}", site.folders).hash(&mut global);
        let mut by_key: HashMap<&str, Vec<u64>> = HashMap::new();
        for ((page, view), key) in site.pages.iter().zip(views).zip(markdown) {
            hash_page(page, &mut global);
            view.title.hash(&mut global);
            view.description.hash(&mut global);
            by_key.entry(page.key.as_str()).or_default().push(*key);
        }
        let global = global.finish();
        site.pages
            .iter()
            .zip(views)
            .map(|(page, view)| {
                let mut h = DefaultHasher::new();
                global.hash(&mut h);
                by_key.get(page.key.as_str()).hash(&mut h);
                hash_view(view, &mut h);
                h.finish()
            })
            .collect()
    }

    /// Page `i`'s laid-out HTML from the last build, if nothing it shows
    /// has changed since.
    pub fn laid_out(&self, keys: &[u64], i: usize) -> Option<Vec<Bytes>> {
        keys.get(i).and_then(|key| self.layout.get(key)).cloned()
    }

    /// Keeps this build's pages (the `Bytes` are shared with the output,
    /// so this costs no copy).
    pub fn store_layout<E>(&mut self, keys: &[u64], pages: &[(String, Result<Vec<Bytes>, E>)]) {
        if keys.is_empty() {
            return;
        }
        self.last.laid_out = keys.iter().filter(|k| !self.layout.contains_key(k)).count();
        self.layout = keys
            .iter()
            .zip(pages)
            .filter_map(|(key, (_, page))| Some((*key, page.as_ref().ok()?.clone())))
            .collect();
    }
}

/// What other pages show of `page`: every field but its body. Hashed
/// field by field (formatting it with `Debug` took 80 ms a rebuild on
/// 2,000 pages, escaping every Japanese character), and destructured in
/// full, so a field added to `Page` or `FrontMatter` fails to compile
/// here until it is hashed or left out on purpose.
fn hash_page(page: &Page, h: &mut DefaultHasher) {
    let Page {
        lang,
        file,
        key,
        url,
        parent,
        sort: SortKey { rank, name },
        kind,
        front,
        body: _,
        body_line_offset,
    } = page;
    let FrontMatter {
        title,
        description,
        order,
        slug,
        draft,
        aliases,
        toc,
        template,
        source_hash,
        glossary,
        page_type,
        search,
    } = front;
    (lang, file, key, url, parent).hash(h);
    (rank.map(f64::to_bits), name, std::mem::discriminant(kind)).hash(h);
    (
        title,
        description,
        order.map(f64::to_bits),
        slug,
        draft,
        aliases,
    )
        .hash(h);
    match toc {
        None => 0u8.hash(h),
        Some(TocSetting::Enabled(on)) => (1u8, on).hash(h),
        Some(TocSetting::Depth(depth)) => (2u8, depth).hash(h),
    }
    (
        template,
        source_hash,
        search,
        body_line_offset,
        glossary,
        page_type,
    )
        .hash(h);
}

/// A page's own view (title, description, table of contents).
fn hash_view(view: &PageView, h: &mut DefaultHasher) {
    let PageView {
        title,
        description,
        toc,
        has_h1,
    } = view;
    (title, description, has_h1, toc.len()).hash(h);
    for TocEntry { level, id, text } in toc {
        (level, id, text).hash(h);
    }
}

/// Everything outside a page's own file that its Markdown output can
/// depend on: the configuration, the set of pages and their URLs (links),
/// the static files (images and their language variants), and the
/// components and locale files on disk. Page templates are left out: a
/// template edit lays out every page again but renders no Markdown.
fn context_hash(root: &Path, site: &Site, index: &SiteIndex) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{:?}", site.config).hash(&mut h);
    format!("{:?}", site.glossaries).hash(&mut h);
    for (i, page) in site.pages.iter().enumerate() {
        page.file.hash(&mut h);
        page.lang.hash(&mut h);
        index.href(i).hash(&mut h);
    }
    for file in &site.static_files {
        file.url.hash(&mut h);
    }
    let markdown = |rel: &Path| !rel.starts_with("static") && !rel.starts_with("templates");
    for dir in [
        "locales",
        "components",
        crate::markdown::site_syntaxes::SYNTAXES_DIR,
    ] {
        hash_tree(&root.join(dir), &mut h, |_| true);
    }
    for theme in theme_dirs(root) {
        hash_tree(&theme, &mut h, markdown);
    }
    h.finish()
}

/// The page templates on disk (the theme's and the site's own), which
/// only the layout stage reads.
fn templates_hash(root: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    hash_tree(&root.join("templates"), &mut h, |_| true);
    for theme in theme_dirs(root) {
        hash_tree(&theme, &mut h, |rel| rel.starts_with("templates"));
    }
    h.finish()
}

fn theme_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Hashes the names and contents of the files under `dir` whose path
/// relative to it is `wanted`.
fn hash_tree(dir: &Path, h: &mut DefaultHasher, wanted: impl Fn(&Path) -> bool) {
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    // The folder itself (an empty relative path) is always walked.
    let entries = walk.filter_entry(|e| {
        e.path()
            .strip_prefix(dir)
            .is_ok_and(|rel| rel.as_os_str().is_empty() || wanted(rel))
    });
    for entry in entries.filter_map(Result::ok) {
        if entry.file_type().is_file() {
            entry.path().hash(h);
            std::fs::read(entry.path()).unwrap_or_default().hash(h);
        }
    }
}
