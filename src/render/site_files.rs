//! The files that go beside the pages: alias redirects, the root pages,
//! the 404 pages, the sitemap(s), `robots.txt`, the theme's assets and the
//! static files.

use super::assets::Assets;
use super::not_found::{self, SectionLink};
use super::sitemap::{self, SitemapLimits};
use super::{redirects, root_pages, Templates};
use crate::build::links::SiteIndex;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Translations, UiStrings};
use crate::load::Site;
use crate::output::Output;
use bytes::Bytes;
use std::collections::HashSet;

pub struct SiteFiles<'a> {
    pub site: &'a Site,
    pub index: &'a SiteIndex,
    pub translations: &'a Translations,
    pub ui: &'a UiStrings,
    pub templates: &'a Templates,
    pub assets: &'a Assets,
    pub sitemap_limits: SitemapLimits,
    /// A long folder index's pages after its first: (page, number, href).
    pub further_index_pages: &'a [(usize, usize, String)],
    /// Each language's top sidebar sections, linked from its 404 page.
    pub sections: &'a [Vec<SectionLink>],
}

impl SiteFiles<'_> {
    /// Adds everything but the pages to `output`, which already holds them
    /// (so aliases can be checked against them).
    pub fn add_to(&self, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
        let config = &self.site.config;
        self.add_redirects(output, diagnostics);
        let homes: Vec<String> = config
            .languages
            .iter()
            .map(|l| format!("{}{}", config.base_path, l.url_prefix()))
            .collect();
        // A theme without a 404 template leaves 404s to the host.
        if self.templates.has("404.html") {
            self.add_not_found_pages(&homes, output, diagnostics);
        }
        if !output.contains("index.html") {
            let html = root_pages::language_picker(config, &homes);
            output.insert("index.html".into(), vec![Bytes::from(html)]);
        }
        let own_robots = self
            .site
            .static_files
            .iter()
            .find(|f| f.url == "robots.txt")
            .map(|f| f.bytes.as_ref());
        for file in &self.site.static_files {
            if !self.assets.owns(&file.url) {
                output.insert(file.url.clone(), vec![file.bytes.clone()]);
            }
        }
        for (path, bytes) in self.assets.files() {
            output.insert(path.clone(), vec![bytes.clone()]);
        }
        let sitemaps = sitemap::sitemaps(
            self.site,
            self.index,
            self.translations,
            self.further_index_pages,
            self.sitemap_limits,
        );
        for (path, xml) in sitemaps {
            output.insert(path, vec![Bytes::from(xml)]);
        }
        let robots = sitemap::robots(self.index, own_robots);
        output.insert("robots.txt".into(), vec![Bytes::from(robots)]);
    }

    fn add_not_found_pages(
        &self,
        homes: &[String],
        output: &mut Output,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let config = &self.site.config;
        for lang in 0..homes.len() {
            let path = format!("{}404.html", config.languages[lang].url_prefix());
            let sections = self.sections.get(lang).map_or(&[][..], Vec::as_slice);
            match not_found::language_page(self.templates, config, lang, homes, sections) {
                Ok(html) => {
                    // Without a root language, the root 404 is the default
                    // language's, switching to the visitor's language.
                    if lang == 0 && !config.languages.iter().any(|l| l.path.is_empty()) {
                        let root = root_pages::not_found(config, &html, homes);
                        output.insert("404.html".into(), vec![Bytes::from(root)]);
                    }
                    output.insert(path, vec![Bytes::from(html)]);
                }
                Err(diag) => diagnostics.push(diag),
            }
        }
    }

    fn add_redirects(&self, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
        let taken: HashSet<String> = output
            .files
            .keys()
            .chain(&output.written)
            .cloned()
            .collect();
        let href = |i: usize| self.index.href(i).to_string();
        let (redirects, alias_diagnostics) = redirects::aliases(self.site, &href, &taken);
        diagnostics.extend(alias_diagnostics);
        for redirect in redirects {
            let absolute = self.index.absolute(&redirect.target);
            let lang = &self.site.config.languages[redirect.lang].code;
            let title = self
                .ui
                .get(redirect.lang, "redirecting", None)
                .unwrap_or_else(|| redirect.target.clone());
            let html = redirects::redirect_page(&redirect.target, &absolute, lang, &title);
            output.insert(redirect.path, vec![Bytes::from(html)]);
        }
    }
}
