//! The glossary across the build: what each page's Markdown needs to link
//! its terms, the glossary pages' "used on" links once every page is
//! rendered, and the lints `yomu check` shows for the glossary files.

use super::links::SiteIndex;
use crate::diagnostics::Diagnostic;
use crate::i18n::UiStrings;
use crate::load::glossary_page::{is_glossary_page, USED_ON_MARK};
use crate::load::Site;
use crate::markdown::{LinkResolution, LinkResolver, PageGlossary, TermMatcher};
use std::collections::{BTreeMap, BTreeSet};

/// Pages an entry's "used on" line names; a term on thousands of pages
/// would otherwise make the glossary page as long as the site.
const USED_ON_SHOWN: usize = 20;

pub struct SiteGlossary {
    /// Per language.
    matchers: Vec<Option<TermMatcher>>,
    /// Per language: its glossary page.
    pages: Vec<Option<usize>>,
    /// Per page: its terms link themselves (a published source page in the
    /// wrong language, or the glossary page itself, does not).
    links_terms: Vec<bool>,
}

impl SiteGlossary {
    pub fn new(site: &Site, is_fallback: &dyn Fn(usize) -> bool) -> Self {
        let matchers = site
            .glossaries
            .iter()
            .map(|g| g.as_ref().map(TermMatcher::new))
            .collect();
        let pages = (0..site.config.languages.len())
            .map(|lang| {
                site.pages.iter().position(|p| {
                    p.lang == lang && is_glossary_page(p) && p.key == site.config.glossary.path
                })
            })
            .collect();
        let links_terms = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                !is_fallback(i) && !is_glossary_page(p) && p.front.glossary != Some(false)
            })
            .collect();
        SiteGlossary {
            matchers,
            pages,
            links_terms,
        }
    }

    /// What page `i` links its terms with, if it does.
    pub fn for_page<'a>(
        &'a self,
        site: &'a Site,
        index: &'a SiteIndex,
        i: usize,
    ) -> Option<PageGlossary<'a>> {
        if !self.links_terms[i] {
            return None;
        }
        let lang = site.pages[i].lang;
        let glossary = site.glossaries[lang].as_ref()?;
        let matcher = self.matchers[lang].as_ref()?;
        let href = index.href(self.pages[lang]?);
        let resolver = index.page_links(site, i);
        let own = glossary
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.page.as_deref().is_some_and(|path| {
                    matches!(resolver.resolve_link(path),
                        LinkResolution::Internal { page: Some(p), .. } if p == i)
                })
            })
            .map(|(n, _)| n)
            .collect();
        Some(PageGlossary {
            glossary,
            matcher,
            href,
            mode: site.config.glossary.link,
            own,
        })
    }

    /// Pages that use each entry, per language: (lang, id) → pages.
    pub fn usage(
        &self,
        site: &Site,
        terms: &[Vec<String>],
    ) -> BTreeMap<(usize, String), Vec<usize>> {
        let mut used: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (i, ids) in terms.iter().enumerate() {
            if !self.links_terms[i] {
                continue;
            }
            for id in ids {
                used.entry((site.pages[i].lang, id.clone()))
                    .or_default()
                    .push(i);
            }
        }
        used
    }

    /// Replaces the "used on" marks in glossary page `page`'s HTML.
    pub fn fill_used_on(
        &self,
        html: &str,
        lang: usize,
        used: &BTreeMap<(usize, String), Vec<usize>>,
        link: &dyn Fn(usize) -> (String, String),
        ui: &UiStrings,
    ) -> String {
        let label = ui.get(lang, "glossary-used-on", None).unwrap_or_default();
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find(USED_ON_MARK) {
            out.push_str(&rest[..start]);
            let after = &rest[start + USED_ON_MARK.len()..];
            let Some((id, tail)) = after.split_once(" -->") else {
                rest = after;
                continue;
            };
            if let Some(pages) = used.get(&(lang, id.to_string())) {
                out.push_str("<p class=\"glossary-used-on\">");
                crate::html::escape_html_into(&mut out, &label);
                out.push(' ');
                for (n, &page) in pages.iter().take(USED_ON_SHOWN).enumerate() {
                    if n > 0 {
                        out.push_str(" · ");
                    }
                    let (href, title) = link(page);
                    out.push_str("<a href=\"");
                    crate::html::escape_html_into(&mut out, &href);
                    out.push_str("\">");
                    crate::html::escape_html_into(&mut out, &title);
                    out.push_str("</a>");
                }
                if pages.len() > USED_ON_SHOWN {
                    out.push_str(&format!(" … (+{})", pages.len() - USED_ON_SHOWN));
                }
                out.push_str("</p>");
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }

    /// Entries no page uses, and entries without a tooltip text.
    pub fn lints(
        &self,
        site: &Site,
        used: &BTreeMap<(usize, String), Vec<usize>>,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let used_ids: BTreeSet<(usize, &str)> =
            used.keys().map(|(lang, id)| (*lang, id.as_str())).collect();
        for (lang, glossary) in site.glossaries.iter().enumerate() {
            let Some(glossary) = glossary else { continue };
            for entry in &glossary.entries {
                let at = |d: Diagnostic| d.in_file(&glossary.file).at(entry.line, 1);
                if !used_ids.contains(&(lang, entry.id.as_str())) {
                    diagnostics.push(at(Diagnostic::warning(
                        "glossary-unused",
                        format!("glossary term `{}` is used on no page", entry.id),
                    )));
                }
                if entry.short.is_none() {
                    diagnostics.push(at(Diagnostic::warning(
                        "glossary-short",
                        format!(
                            "glossary term `{}` has no `short` text for its tooltip",
                            entry.id
                        ),
                    )));
                }
            }
        }
        diagnostics
    }
}
