//! Publishing translations: a source page missing from a language is
//! published at that language's URL from the source content (a *fallback*
//! page), and pages get what their notices, sidebar marks, `hreflang` and
//! canonical links need.

use super::status::{self, State, StatusCache};
use super::{findings, UiStrings};
use crate::build::links::SiteIndex;
use crate::config::{key_line, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::git::GitMemo;
use crate::load::{Page, PageKind, Site};
use crate::render::sidebar::NavMark;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How each page of the site relates to the other languages. Indexes are
/// those of `site.pages` after `prepare` added the fallback pages.
pub struct Translations {
    /// For a fallback page, the source page whose content it shows.
    fallback_of: Vec<Option<usize>>,
    /// For an outdated translation, its source page.
    outdated_source: Vec<Option<usize>>,
    /// Per language: where the missing-page notice links to.
    guide: Vec<Option<Guide>>,
    /// Per language: the sidebar's "not translated" label.
    marks: Vec<String>,
}

enum Guide {
    Page(usize),
    Url(String),
}

/// What the layout needs to show a translation notice.
#[derive(Serialize)]
pub struct Notice<'a> {
    /// `missing` (the page shows the source content) or `outdated`.
    pub state: &'static str,
    pub source_lang: &'a str,
    pub source_lang_name: &'a str,
    /// The source-language page.
    pub source_href: &'a str,
    /// The translation guide, for a missing page, when the site has one.
    pub guide_href: Option<&'a str>,
}

/// Analyses the translations, reports the findings as warnings, and adds
/// the fallback pages to `site`.
pub fn prepare(site: &mut Site, ui: &UiStrings, diagnostics: &mut Vec<Diagnostic>) -> Translations {
    prepare_cached(
        site,
        ui,
        diagnostics,
        &mut StatusCache::default(),
        &mut GitMemo::default(),
    )
}

/// [`prepare`] reusing (and refilling) the analysis caches `yomu serve`
/// keeps between builds.
pub fn prepare_cached(
    site: &mut Site,
    ui: &UiStrings,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut StatusCache,
    git: &mut GitMemo,
) -> Translations {
    let status = status::analyze_cached(site, cache, git);
    diagnostics.extend(findings::diagnostics(site, &status));
    let mut outdated_source = vec![None; site.pages.len()];
    for file in status.languages.iter().flat_map(|l| &l.files) {
        if let (State::Outdated, Some(page), Some(source)) =
            (file.state, file.page, file.source_page)
        {
            outdated_source[page] = Some(source);
        }
    }
    let fallback_of = add_fallbacks(site);
    outdated_source.resize(site.pages.len(), None);
    let guide = guide_links(site, diagnostics);
    let marks = (0..site.config.languages.len())
        .map(|lang| ui.get(lang, "untranslated-mark", None).unwrap_or_default())
        .collect();
    Translations {
        fallback_of,
        outdated_source,
        guide,
        marks,
    }
}

/// Adds a page for every source page a language lacks, and replaces a
/// generated folder index where the source has a real `index.md`.
/// Returns, per page, the source page a fallback shows.
fn add_fallbacks(site: &mut Site) -> Vec<Option<usize>> {
    let mut by_key: HashMap<(usize, String), usize> = HashMap::new();
    let mut urls: HashSet<(usize, String)> = HashSet::new();
    for (i, page) in site.pages.iter().enumerate() {
        by_key.insert((page.lang, page.key.clone()), i);
        urls.insert((page.lang, page.url.clone()));
    }
    let mut fallback_of = vec![None; site.pages.len()];
    let sources: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].lang == 0)
        .collect();
    for lang in 1..site.config.languages.len() {
        for &source in &sources {
            let page = fallback(&site.pages[source], lang);
            match by_key.get(&(lang, page.key.clone())) {
                // A slug override in the translation may already use the
                // URL; its own page wins.
                None if urls.contains(&(lang, page.url.clone())) => {}
                None => {
                    site.pages.push(page);
                    fallback_of.push(Some(source));
                }
                Some(&own)
                    if site.pages[own].kind == PageKind::GeneratedIndex
                        && page.kind == PageKind::Index =>
                {
                    site.pages[own] = page;
                    fallback_of[own] = Some(source);
                }
                Some(_) => {}
            }
        }
    }
    fallback_of
}

fn fallback(source: &Page, lang: usize) -> Page {
    let mut page = source.clone();
    page.lang = lang;
    // Aliases redirect to the source page only, once.
    page.front.aliases.clear();
    page
}

/// Resolves `translation_guide:` for every language; a site path that is
/// no page is an error on its site.yaml line.
fn guide_links(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Vec<Option<Guide>> {
    let languages = site.config.languages.len();
    let Some(guide) = site.config.translation_guide.as_deref().map(str::trim) else {
        return (0..languages).map(|_| None).collect();
    };
    if guide.contains("://") || guide.starts_with("mailto:") {
        return (0..languages)
            .map(|_| Some(Guide::Url(guide.to_string())))
            .collect();
    }
    let path = guide.trim_matches('/');
    let url = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    let pages: Vec<Option<Guide>> = (0..languages)
        .map(|lang| {
            site.pages
                .iter()
                .position(|p| p.lang == lang && p.url == url)
                .map(Guide::Page)
        })
        .collect();
    if pages.iter().any(Option::is_none) {
        let line = std::fs::read_to_string(site.root.join(CONFIG_FILE))
            .map_or(0, |text| key_line(&text, "translation_guide"));
        diagnostics.push(
            Diagnostic::error(
                "config",
                format!(
                    "`translation_guide: {guide}` is not a page of the site \
                     (write a site path such as `/guide/translating/`, or a URL)"
                ),
            )
            .in_file(CONFIG_FILE)
            .at(line, 0),
        );
    }
    pages
}

impl Translations {
    /// Whether `page` shows another language's content.
    pub fn is_fallback(&self, page: usize) -> bool {
        self.fallback_of.get(page).is_some_and(Option::is_some)
    }

    /// For a fallback page, the source page whose content it shows.
    pub fn source_of(&self, page: usize) -> Option<usize> {
        self.fallback_of.get(page).copied().flatten()
    }

    /// The page search engines should index for `page`'s content: the
    /// source page for a fallback, else the page itself.
    pub fn canonical(&self, page: usize) -> usize {
        self.fallback_of
            .get(page)
            .copied()
            .flatten()
            .unwrap_or(page)
    }

    /// The notice a page shows, if any.
    pub fn notice<'a>(
        &'a self,
        site: &'a Site,
        index: &'a SiteIndex,
        page: usize,
    ) -> Option<Notice<'a>> {
        let lang = site.pages[page].lang;
        let (state, source) = match (self.fallback_of.get(page), self.outdated_source.get(page)) {
            (Some(&Some(source)), _) => ("missing", source),
            (_, Some(&Some(source))) => ("outdated", source),
            _ => return None,
        };
        let source_language = &site.config.languages[site.pages[source].lang];
        let guide_href = match self.guide.get(lang) {
            Some(Some(Guide::Page(guide))) => Some(index.href(*guide)),
            Some(Some(Guide::Url(url))) => Some(url.as_str()),
            _ => None,
        };
        Some(Notice {
            state,
            source_lang: &source_language.code,
            source_lang_name: &source_language.name,
            source_href: index.href(source),
            guide_href: guide_href.filter(|_| state == "missing"),
        })
    }

    /// How the sidebar marks a fallback page.
    pub fn nav_mark(&self, site: &Site, page: usize) -> Option<NavMark> {
        let source = self.fallback_of.get(page).copied().flatten()?;
        let lang = site.pages[page].lang;
        Some(NavMark {
            lang: site.config.languages[site.pages[source].lang].code.clone(),
            label: self.marks.get(lang).cloned().unwrap_or_default(),
        })
    }
}
