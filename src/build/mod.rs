//! The pipeline: load → markdown → i18n → render → output, as one plain
//! function of the site folder. `build`, `check` and `serve` call it.

pub mod cache;
pub mod glossary;
pub mod links;
pub mod progress;
pub(crate) mod sink;
mod spill;
pub mod urls;

use crate::diagnostics::{self, Diagnostic};
use crate::git::GitMemo;
use crate::i18n::{self, UiStrings};
use crate::load::{self, LoadOptions, Site};
use crate::markdown::{self, Highlighter, MarkdownContext, RenderedMarkdown, SiteSyntaxes, UiText};
use crate::output::{Output, Staging};
use crate::render::assets::Assets;
use crate::render::not_found::SectionLink;
use crate::render::site_files::SiteFiles;
use crate::render::sitemap::SitemapLimits;
use crate::render::{nav, page, sidebar, Templates};
pub use cache::BuildCache;
use links::SiteIndex;
use rayon::prelude::*;
use sink::PageSink;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub type BuildOptions = LoadOptions;

/// Per-language figures for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageSummary {
    pub code: String,
    /// Its folder under `content/`.
    pub dir: String,
    /// Its root's URL path, with the deploy subpath: `/sub/ja/`.
    pub root_path: String,
    pub pages: usize,
}

impl LanguageSummary {
    /// Whether `file` (relative to the site root) is one of its pages.
    pub fn holds(&self, file: &Path) -> bool {
        file.starts_with(Path::new("content").join(&self.dir))
    }
}

#[derive(Default)]
pub struct BuildResult {
    /// `None` when the site could not be loaded at all.
    pub output: Option<Output>,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Vec<LanguageSummary>,
    /// Pages whose Markdown this build rendered (not from the cache, not
    /// reused by a fallback page).
    pub markdown_renders: usize,
    /// The search index, when the cache asked for it to be built later
    /// ([`BuildCache::defer_search`]); otherwise it is in `output`.
    pub search: Option<Arc<crate::search::site::DeferredIndex>>,
}

impl BuildResult {
    pub fn has_errors(&self) -> bool {
        self.output.is_none() || diagnostics::count_errors(&self.diagnostics) > 0
    }
}

pub fn build_site(root: &Path, options: &BuildOptions) -> BuildResult {
    build_site_cached(root, options, &mut BuildCache::default())
}

/// [`build_site`] reusing (and refilling) `cache`: `yomu serve` keeps one
/// between rebuilds, so an unchanged page costs no Markdown rendering.
pub fn build_site_cached(
    root: &Path,
    options: &BuildOptions,
    cache: &mut BuildCache,
) -> BuildResult {
    build(root, options, cache, None, &progress::Silent)
}

/// [`build_site_cached`], telling `progress` how far it has got.
pub fn build_site_reporting(
    root: &Path,
    options: &BuildOptions,
    cache: &mut BuildCache,
    progress: &dyn progress::Progress,
) -> BuildResult {
    build(root, options, cache, None, progress)
}

/// [`build_site`] for `yomu build`: each page is written into `staging`
/// once it is laid out, and is not in the returned output, which holds
/// the other files (see `sink`).
pub fn build_site_into(
    root: &Path,
    options: &BuildOptions,
    staging: &Staging,
    progress: &dyn progress::Progress,
) -> BuildResult {
    build(
        root,
        options,
        &mut BuildCache::default(),
        Some(staging),
        progress,
    )
}

fn build(
    root: &Path,
    options: &BuildOptions,
    cache: &mut BuildCache,
    staging: Option<&Staging>,
    progress: &dyn progress::Progress,
) -> BuildResult {
    progress.stage("loading", 0);
    cache.git.refresh(root);
    let (site, mut diagnostics) = load::load_site_cached(root, options, &mut cache.load);
    let Some(mut site) = site else {
        return BuildResult {
            output: None,
            diagnostics,
            summary: Vec::new(),
            ..BuildResult::default()
        };
    };
    let (ui, ui_diagnostics) = UiStrings::load(root, &site.config);
    diagnostics.extend(ui_diagnostics);
    let ui = Arc::new(ui);
    let assets = Arc::new(Assets::collect(&site, options.stable_asset_names));
    let (templates, template_diagnostics) = Templates::load(root, &site.config, &ui, &assets);
    diagnostics.extend(template_diagnostics);
    let Some(templates) = templates else {
        diagnostics::sort(&mut diagnostics);
        return BuildResult {
            output: None,
            diagnostics,
            summary: Vec::new(),
            ..BuildResult::default()
        };
    };
    // Before the index: the pages published for missing translations are
    // pages like any other from here on.
    let translations = i18n::fallback::prepare_cached(
        &mut site,
        &ui,
        &mut diagnostics,
        &mut cache.status,
        &mut cache.git,
    );
    set_glossary_titles(&mut site, &ui);
    let (site_syntaxes, syntax_diagnostics) =
        SiteSyntaxes::load(root, &site.config.highlight_aliases);
    diagnostics.extend(syntax_diagnostics);
    let mut highlighter = cache.highlighter(&site_syntaxes);
    let index = SiteIndex::new(&site);
    let site_glossary =
        glossary::SiteGlossary::new(&site, &index, &|i| translations.is_fallback(i));
    let sink = match staging {
        Some(staging) => PageSink::staging(staging, site.pages.len()),
        None => PageSink::memory(),
    };

    // Code is highlighted first, so the compiled grammars can go before the
    // pages' HTML piles up; the Markdown stage then consumes the sources,
    // freeing each as its page is done. That keeps the peak memory of a
    // large build to one stage's worth.
    let mut sources: Vec<Arc<str>> = site
        .pages
        .iter_mut()
        .map(|page| std::mem::take(&mut page.body))
        .collect();
    let keys = cache.markdown_keys(root, &site, &index, &sources);
    // A fallback page reuses its source page's body (see `i18n::relink`):
    // nothing to highlight or render.
    for (i, source) in sources.iter_mut().enumerate() {
        if translations.is_fallback(i) {
            *source = Arc::default();
        }
    }
    progress.stage("highlighting code", 0);
    highlighter.highlight_all(cache.misses(&keys, &sources).as_ref().unwrap_or(&sources));
    cache.after_highlighting(&mut highlighter);
    let diagrams = markdown::Diagrams::with_cache(&site.config.theme, cache.diagrams());
    let cached = |i: usize| {
        if translations.is_fallback(i) {
            Some(RenderedMarkdown::default())
        } else {
            cache.rendered(&keys, i)
        }
    };
    let stage = MarkdownStage {
        ui: &ui,
        templates: &templates,
        highlighter: &highlighter,
        diagrams: &diagrams,
        index: &index,
        sink: &sink,
        progress,
        glossary: &site_glossary,
    };
    progress.stage("rendering pages", site.pages.len());
    let markdown_renders = AtomicUsize::new(0);
    let (mut rendered, used) = render_markdown(&site, sources, &stage, &cached, &markdown_renders);
    let source_html = |i: usize| {
        cache
            .html(&keys, i)
            .or_else(|| sink.body(i).and_then(Result::ok))
    };
    translations.fill_fallbacks(&site, &index, &mut rendered, &source_html);
    for (i, markdown) in rendered.iter_mut().enumerate() {
        if translations.is_fallback(i) {
            sink.set_aside(i, &mut markdown.html);
        }
    }
    cache.keep_highlighter(highlighter);
    cache.store(&keys, &rendered, used);
    let anchors: Vec<HashSet<String>> = rendered
        .iter()
        .map(|r| r.anchors.iter().cloned().collect())
        .collect();
    // A fallback page repeats its source page's links and problems, which
    // the source page reports; its anchors point into translated pages,
    // which keep the source's anchors only if their headings set `{#id}`.
    let refs: Vec<_> = rendered
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if translations.is_fallback(i) {
                Vec::new()
            } else {
                r.anchor_refs.clone()
            }
        })
        .collect();
    diagnostics.extend(links::check_anchors(&site, &anchors, &refs));
    drop(anchors);
    let mut views = Vec::with_capacity(rendered.len());
    let mut bodies: Vec<String> = Vec::with_capacity(rendered.len());
    let mut terms = Vec::with_capacity(rendered.len());
    let mut search_sections = Vec::with_capacity(rendered.len());
    for (i, (page, mut markdown)) in site.pages.iter().zip(rendered).enumerate() {
        if !translations.is_fallback(i) {
            diagnostics.append(&mut markdown.diagnostics);
        }
        search_sections.push(std::mem::take(&mut markdown.search));
        bodies.push(std::mem::take(&mut markdown.html));
        terms.push(std::mem::take(&mut markdown.terms));
        views.push(view_of(page, markdown, site.config.title_in(page.lang)));
    }
    let term_use = site_glossary.usage(&site, &terms);
    diagnostics.extend(site_glossary.lints(&site, &term_use));
    // After the cache, which keeps each page's Markdown HTML as rendered.
    let finish_body = |i: usize, body: String| {
        let page = &site.pages[i];
        let mut body = body;
        if load::glossary_page::is_glossary_page(page) {
            let link = |p: usize| (index.href(p).to_string(), views[p].title.clone());
            body = site_glossary.fill_used_on(&site, &body, page.lang, &term_use, &link, &ui);
        }
        if page.front.page_type.as_deref() == Some("faq") {
            let questions = ui.get(page.lang, "faq-questions", None).unwrap_or_default();
            let labels = crate::render::faq::FaqLabels {
                questions: &questions,
            };
            let config = &site.config;
            body = crate::render::faq::layout(&body, config.faq_level, &labels, config.faq_jsonld);
        }
        body
    };

    let navs = nav::build(&site);
    let last_updated = last_updated(&site, &mut cache.git);
    let cx = page::RenderContext {
        site: &site,
        views: &views,
        navs: &navs,
        index: &index,
        templates: &templates,
        translations: &translations,
        ui: &ui,
        last_updated: &last_updated,
    };
    // The glossary pages' "used on" links change with other pages.
    let layout_extra = hash_of(&(&last_updated, &term_use));
    let layout_keys = cache.layout_keys(&site, &views, &keys, layout_extra);
    let sidebars = render_sidebars(&cx);
    let paths: Vec<String> = (0..site.pages.len())
        .map(|i| urls::output_file(index.href(i).trim_start_matches(&site.config.base_path)))
        .collect();
    if let Err(diag) = sink.prepare(paths.iter().map(String::as_str)) {
        diagnostics.push(diag);
    }
    progress.stage("laying out pages", bodies.len());
    let search = site
        .config
        .search
        .then(|| crate::search::site::SearchInputs {
            site: &site,
            views: &views,
            index: &index,
            translations: &translations,
            ui: &ui,
            templates: &templates,
            sections: &search_sections,
        });
    // The search index is built while pages are laid out: each has
    // stretches that leave a core idle (its merge, the writes).
    let index_search = || match &search {
        Some(search) => search.write_index(&sink, cache.defer_search),
        None => (None, Vec::new()),
    };
    // Consuming the bodies frees each page's HTML once it is laid out.
    let lay_out = || -> sink::Placed {
        bodies
            .into_par_iter()
            .zip(paths)
            .enumerate()
            .map(|(i, (body, path))| {
                let lang = site.pages[i].lang;
                let folder = nav::sidebar_folder(&site, i);
                let sidebar = &sidebars[&(lang, folder.to_string())];
                progress.advance();
                if let Some(chunks) = cache.laid_out(&layout_keys, i) {
                    return (path, Ok(chunks));
                }
                // A cached page's HTML is fetched only when it is laid out, a
                // body set aside when it is read back.
                let body = match sink.body(i) {
                    Some(Ok(body)) => body,
                    Some(Err(diag)) => return (path, Err(diag)),
                    None => cache.html(&keys, i).unwrap_or(body),
                };
                let body = finish_body(i, body);
                let page = page::render(&cx, i, body, sidebar, 1).and_then(|c| sink.page(&path, c));
                (path, page)
            })
            .collect()
    };
    let (mut pages, (deferred_search, search_files)) = rayon::join(lay_out, index_search);
    cache.store_layout(&layout_keys, &pages);
    pages.extend(search_files);
    // A long folder index goes on over `page/2/`, `page/3/`…
    let further_index_pages: Vec<(usize, usize, String)> = (0..site.pages.len())
        .flat_map(|i| {
            let first = index.href(i);
            (2..=page::index_pages(&cx, i))
                .map(move |number| (i, number, nav::index_page_href(first, number)))
        })
        .collect();
    let index_pages: sink::Placed = further_index_pages
        .par_iter()
        .map(|&(i, number, ref href)| {
            let lang = site.pages[i].lang;
            let sidebar = &sidebars[&(lang, nav::sidebar_folder(&site, i).to_string())];
            let path = urls::output_file(href.trim_start_matches(&site.config.base_path));
            (path, page::render(&cx, i, String::new(), sidebar, number))
        })
        .collect();

    let mut output = Output::default();
    sink.finish(pages, &mut output, &mut diagnostics);
    for sidebar in sidebars.values() {
        if let Some((path, html)) = sidebar.full_list() {
            output.insert(path.to_string(), vec![html.clone()]);
        }
    }
    // The few further index pages are written with the other files.
    for (path, result) in index_pages {
        match result {
            Ok(chunks) => output.insert(path, chunks),
            Err(diag) => diagnostics.push(diag),
        }
    }
    let sections = not_found_sections(&views, &navs, &index);
    if let Some(search) = &search {
        search.add_no_script_pages(&mut output, &mut diagnostics);
    }
    drop(search_sections);
    let site_files = SiteFiles {
        site: &site,
        index: &index,
        translations: &translations,
        ui: &ui,
        templates: &templates,
        assets: &assets,
        sitemap_limits: sitemap_limits(options),
        further_index_pages: &further_index_pages,
        sections: &sections,
    };
    site_files.add_to(&mut output, &mut diagnostics);

    site.config.checks.apply(&mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    let summary = summarize(&site);
    BuildResult {
        output: Some(output),
        diagnostics,
        summary,
        markdown_renders: markdown_renders.into_inner(),
        search: deferred_search.map(Arc::new),
    }
}

fn sitemap_limits(options: &BuildOptions) -> SitemapLimits {
    let limits = SitemapLimits::default();
    SitemapLimits {
        urls: options.sitemap_urls_per_file.unwrap_or(limits.urls),
        ..limits
    }
}

/// UI strings for one page's Markdown; remembers keys no locale file has,
/// so the page reports them instead of showing a bare key silently.
struct Labels<'a> {
    ui: &'a UiStrings,
    lang: usize,
    missing: std::sync::Mutex<Vec<String>>,
}

impl UiText for Labels<'_> {
    fn text(&self, key: &str) -> String {
        self.ui.get(self.lang, key, None).unwrap_or_else(|| {
            if let Ok(mut missing) = self.missing.lock() {
                missing.push(key.to_string());
            }
            key.to_string()
        })
    }
}

impl Labels<'_> {
    fn missing_diagnostics(self, file: &Path) -> Vec<Diagnostic> {
        let mut keys = self.missing.into_inner().unwrap_or_default();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .map(|key| {
                Diagnostic::error(
                    "ui-string",
                    format!("no UI string `{key}` in any locale file"),
                )
                .in_file(file)
            })
            .collect()
    }
}

/// What the Markdown stage renders with, shared by every page.
struct MarkdownStage<'a> {
    ui: &'a UiStrings,
    templates: &'a Templates,
    highlighter: &'a Highlighter,
    diagrams: &'a markdown::Diagrams,
    index: &'a SiteIndex,
    sink: &'a PageSink<'a>,
    progress: &'a dyn progress::Progress,
    glossary: &'a glossary::SiteGlossary,
}

fn render_markdown(
    site: &Site,
    sources: Vec<Arc<str>>,
    stage: &MarkdownStage,
    cached: &(dyn Fn(usize) -> Option<RenderedMarkdown> + Sync),
    renders: &AtomicUsize,
) -> (Vec<RenderedMarkdown>, Vec<Vec<u64>>) {
    sources
        .into_par_iter()
        .enumerate()
        .map(|(i, source)| {
            stage.progress.advance();
            if let Some(rendered) = cached(i) {
                return (rendered, Vec::new());
            }
            let page = &site.pages[i];
            let language = &site.config.languages[page.lang];
            let labels = Labels {
                ui: stage.ui,
                lang: page.lang,
                missing: Default::default(),
            };
            let components = stage.templates.components(page.lang);
            let resolver = stage.index.page_links(site, i);
            let page_glossary = stage.glossary.for_page(site, i);
            let context = MarkdownContext {
                file: &page.file,
                line_offset: page.body_line_offset,
                lang: &language.code,
                ui: &labels,
                links: &resolver,
                components: &components,
                highlighter: stage.highlighter,
                diagrams: stage.diagrams,
                glossary: page_glossary.as_ref(),
                search: site.config.search,
            };
            renders.fetch_add(1, Ordering::Relaxed);
            // The highlighted blocks and diagrams it used (see `cache.rs`).
            let (mut rendered, used) = markdown::record_use(|| markdown::render(&source, &context));
            stage.sink.set_aside(i, &mut rendered.html);
            // Held until layout: drop the growth slack now.
            rendered.html.shrink_to_fit();
            rendered
                .diagnostics
                .extend(labels.missing_diagnostics(&page.file));
            (rendered, used)
        })
        .unzip()
}

/// Each language's top sidebar entries, which its 404 page links to.
fn not_found_sections(
    views: &[page::PageView],
    navs: &[nav::LanguageNav],
    index: &SiteIndex,
) -> Vec<Vec<SectionLink>> {
    navs.iter()
        .map(|nav| {
            nav.roots
                .iter()
                .map(|node| SectionLink {
                    title: views[node.page].title.clone(),
                    href: index.href(node.page).to_string(),
                })
                .collect()
        })
        .collect()
}

/// The glossary pages' titles, a UI string in their language.
fn set_glossary_titles(site: &mut Site, ui: &UiStrings) {
    for page in &mut site.pages {
        if load::glossary_page::is_glossary_page(page) && page.front.title.is_none() {
            page.front.title = ui.get(page.lang, "glossary-title", None);
        }
    }
}

/// Title: front matter, else first H1, else the file name (the site's
/// title for a home page with none). Description: front matter, else the
/// first paragraph.
fn view_of(page: &load::Page, markdown: RenderedMarkdown, site_title: &str) -> page::PageView {
    let fallback_name = match page.key.rsplit('/').next().unwrap_or_default() {
        "" => site_title.to_string(),
        name => name.to_string(),
    };
    let has_h1 = markdown.first_h1.is_some();
    page::PageView {
        title: page
            .front
            .title
            .clone()
            .or(markdown.first_h1)
            .unwrap_or(fallback_name),
        description: page
            .front
            .description
            .clone()
            .or(markdown.first_paragraph)
            .unwrap_or_default(),
        toc: markdown.toc,
        has_h1,
    }
}

/// One sidebar per (language, folder) that some page shows.
fn render_sidebars(cx: &page::RenderContext) -> HashMap<(usize, String), sidebar::Sidebar> {
    let site = cx.site;
    let wanted: HashSet<(usize, String)> = (0..site.pages.len())
        .map(|i| (site.pages[i].lang, nav::sidebar_folder(site, i).to_string()))
        .collect();
    wanted
        .into_par_iter()
        .map(|(lang, folder)| {
            let title = |i: usize| cx.views[i].title.clone();
            let href = |i: usize| cx.index.href(i).to_string();
            let untranslated = |i: usize| cx.translations.nav_mark(site, i);
            let collapsed = |key: &str| {
                site.folders
                    .iter()
                    .any(|f| f.lang == lang && f.key == key && f.meta.collapsed)
            };
            let more = |count: usize| page::more_label(cx.ui, lang, count);
            let lookup = sidebar::SidebarLookup {
                title: &title,
                href: &href,
                untranslated: &untranslated,
                collapsed: &collapsed,
                more: &more,
                per_page: site.config.index_page_size,
                base_path: &site.config.base_path,
            };
            let sidebar = sidebar::Sidebar::render(&cx.navs[lang], &folder, &lookup);
            ((lang, folder), sidebar)
        })
        .collect()
}

/// The date of each content file's last commit, when the site is in git.
fn last_updated(site: &Site, git: &mut GitMemo) -> BTreeMap<PathBuf, String> {
    git.last_updated(&site.root, Path::new("content"))
        .into_iter()
        .collect()
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn summarize(site: &Site) -> Vec<LanguageSummary> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(lang, language)| LanguageSummary {
            code: language.code.clone(),
            dir: language.dir.clone(),
            root_path: format!("{}{}", site.config.base_path, language.url_prefix()),
            pages: site.pages.iter().filter(|p| p.lang == lang).count(),
        })
        .collect()
}
