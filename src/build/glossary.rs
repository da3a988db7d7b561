//! The glossary across the build: what each page's Markdown needs to link
//! its terms, the glossary pages' "used on" links once every page is
//! rendered, and the lints `yomu check` shows for the glossary files.

use super::links::SiteIndex;
use crate::diagnostics::Diagnostic;
use crate::i18n::UiStrings;
use crate::load::glossary_page::{is_glossary_page, USED_ON_MARK};
use crate::load::Site;
use crate::markdown::{LinkResolution, LinkResolver, PageGlossary, TermLinks};
use std::collections::HashMap;

/// Pages an entry's "used on" line names; a term on thousands of pages
/// would otherwise make the glossary page as long as the site.
const USED_ON_SHOWN: usize = 20;

pub struct SiteGlossary {
    /// Per language with a glossary and a glossary page: its term links.
    links: Vec<Option<TermLinks>>,
    /// Per page: its terms link themselves (a published source page in the
    /// wrong language, or the glossary page itself, does not).
    links_terms: Vec<bool>,
    /// Pages that explain entries themselves (the entries' `page:`), with
    /// those entries: they are not linked there.
    own: HashMap<usize, Vec<usize>>,
}

/// Pages that use each entry: per language, per entry (in glossary order),
/// the pages in ascending order.
#[derive(Debug, Default, Hash)]
pub struct TermUse(Vec<Vec<Vec<usize>>>);

impl TermUse {
    fn pages(&self, lang: usize, entry: usize) -> &[usize] {
        self.0
            .get(lang)
            .and_then(|entries| entries.get(entry))
            .map_or(&[], Vec::as_slice)
    }
}

impl SiteGlossary {
    /// Everything per language is prepared here once, not per page.
    pub fn new(site: &Site, index: &SiteIndex, is_fallback: &dyn Fn(usize) -> bool) -> Self {
        let mut own: HashMap<usize, Vec<usize>> = HashMap::new();
        let links = site
            .glossaries
            .iter()
            .enumerate()
            .map(|(lang, glossary)| {
                let glossary = glossary.as_ref()?;
                let page = site.pages.iter().position(|p| {
                    p.lang == lang && is_glossary_page(p) && p.key == site.config.glossary.path
                })?;
                // `page:` is a site path: the same from every page of the
                // language, so it is resolved from the glossary page.
                let resolver = index.page_links(site, page);
                for (entry, e) in glossary.entries.iter().enumerate() {
                    let Some(path) = e.page.as_deref() else {
                        continue;
                    };
                    if let LinkResolution::Internal { page: Some(p), .. } =
                        resolver.resolve_link(path)
                    {
                        if site.pages[p].lang == lang {
                            own.entry(p).or_default().push(entry);
                        }
                    }
                }
                Some(TermLinks::new(glossary, index.href(page)))
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
            links,
            links_terms,
            own,
        }
    }

    /// What page `i` links its terms with, if it does.
    pub fn for_page<'a>(&'a self, site: &'a Site, i: usize) -> Option<PageGlossary<'a>> {
        if !self.links_terms[i] {
            return None;
        }
        let lang = site.pages[i].lang;
        Some(PageGlossary {
            glossary: site.glossaries[lang].as_ref()?,
            links: self.links[lang].as_ref()?,
            mode: site.config.glossary.link,
            own: self.own.get(&i).map_or(&[], Vec::as_slice),
        })
    }

    /// Pages that use each entry; `terms`: per page, the entries it uses.
    pub fn usage(&self, site: &Site, terms: &[Vec<usize>]) -> TermUse {
        let mut used = TermUse(
            site.glossaries
                .iter()
                .map(|g| {
                    g.as_ref()
                        .map_or(Vec::new(), |g| vec![Vec::new(); g.entries.len()])
                })
                .collect(),
        );
        for (i, entries) in terms.iter().enumerate() {
            if !self.links_terms[i] {
                continue;
            }
            let Some(pages) = used.0.get_mut(site.pages[i].lang) else {
                continue;
            };
            for &entry in entries {
                if let Some(pages) = pages.get_mut(entry) {
                    pages.push(i);
                }
            }
        }
        used
    }

    /// Replaces the "used on" marks in glossary page `page`'s HTML.
    pub fn fill_used_on(
        &self,
        site: &Site,
        html: &str,
        lang: usize,
        used: &TermUse,
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
            let entry = site.glossaries[lang]
                .as_ref()
                .and_then(|g| g.entries.iter().position(|e| e.id == id));
            let pages = entry.map_or(&[][..], |entry| used.pages(lang, entry));
            if !pages.is_empty() {
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
    pub fn lints(&self, site: &Site, used: &TermUse) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (lang, glossary) in site.glossaries.iter().enumerate() {
            let Some(glossary) = glossary else { continue };
            for (n, entry) in glossary.entries.iter().enumerate() {
                let at = |d: Diagnostic| d.in_file(&glossary.file).at(entry.line, 1);
                if used.pages(lang, n).is_empty() {
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
