//! The site's search files: every language's index, from the pages the
//! build rendered, and the links templates give the search button.

use super::{index_language, write_language, IndexInput, PageEntry, Section, META_FILE};
use crate::build::links::SiteIndex;
use crate::build::sink::{PageSink, Placed};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Translations, UiStrings};
use crate::load::Site;
use crate::output::Output;
use crate::render::page::PageView;
use crate::render::Templates;
use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tera::Context;

/// The theme's page for readers without JavaScript.
const PAGE_TEMPLATE: &str = "search.html";

/// What the search button of a page in one language links to.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLinks {
    /// The language's `meta.json`, which the client script loads.
    pub index: String,
    /// The plain page shown without JavaScript.
    pub page: String,
}

/// `None` when the site has search turned off.
pub fn links(config: &Config, lang: usize) -> Option<SearchLinks> {
    if !config.search {
        return None;
    }
    let language = &config.languages[lang];
    Some(SearchLinks {
        index: format!(
            "{}{}{META_FILE}",
            config.base_path,
            super::index_url(&language.code)
        ),
        page: format!("{}{}search/", config.base_path, language.url_prefix()),
    })
}

/// Where the no-JavaScript search page of language `lang` is written.
pub fn page_path(config: &Config, lang: usize) -> String {
    format!("{}search/index.html", config.languages[lang].url_prefix())
}

/// What the search files are made from: the build's pages, their views
/// (titles), URLs and sections.
pub struct SearchInputs<'a> {
    pub site: &'a Site,
    pub views: &'a [PageView],
    pub index: &'a SiteIndex,
    pub translations: &'a Translations,
    pub ui: &'a UiStrings,
    pub templates: &'a Templates,
    pub sections: &'a [Arc<Vec<Section>>],
}

impl SearchInputs<'_> {
    /// Every language's index files through `sink`, one language at a
    /// time, for [`PageSink::finish`]; or, when `defer`, none: the index
    /// to build when asked.
    pub fn write_index(&self, sink: &PageSink, defer: bool) -> (Option<DeferredIndex>, Placed) {
        let deferred = self.deferred();
        if defer {
            return (Some(deferred), Vec::new());
        }
        let files = deferred.each_language(|files| sink.files(files));
        (None, files.into_iter().flatten().collect())
    }

    /// Adds each language's page for readers without JavaScript, once the
    /// content pages are in `output` (a content page of that name wins).
    pub fn add_no_script_pages(&self, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
        if !self.templates.has(PAGE_TEMPLATE) {
            return;
        }
        let config = &self.site.config;
        for lang in 0..config.languages.len() {
            let path = page_path(config, lang);
            // A content page of that name wins; the button still links there.
            if output.contains(&path) {
                continue;
            }
            match self.no_script_page(lang) {
                Ok(html) => output.insert(path, vec![Bytes::from(html)]),
                Err(diag) => diagnostics.push(diag),
            }
        }
    }

    /// What the index files are made from, without making them: pages with
    /// `search: false` in their front matter are left out.
    pub fn deferred(&self) -> DeferredIndex {
        let site = self.site;
        let languages = (0..site.config.languages.len())
            .map(|lang| {
                let notice = self.ui.get(lang, "untranslated-mark", None);
                let pages = (0..site.pages.len())
                    .filter(|&i| {
                        site.pages[i].lang == lang && site.pages[i].front.search != Some(false)
                    })
                    .map(|i| PageInput {
                        entry: PageEntry {
                            url: self.index.href(i).to_string(),
                            title: self.views[i].title.clone(),
                            notice: notice.clone().filter(|_| self.translations.is_fallback(i)),
                        },
                        sections: Arc::clone(&self.sections[i]),
                    })
                    .collect();
                (site.config.languages[lang].code.clone(), pages)
            })
            .collect();
        DeferredIndex {
            languages,
            built: OnceLock::new(),
        }
    }

    fn no_script_page(&self, lang: usize) -> Result<String, Diagnostic> {
        let config = &self.site.config;
        let language = &config.languages[lang];
        let mut context = Context::new();
        context.insert("site_title", &config.title);
        context.insert("base_path", &config.base_path);
        context.insert("lang", &language.code);
        context.insert("dir", if language.is_rtl() { "rtl" } else { "ltr" });
        context.insert(
            "home",
            &format!("{}{}", config.base_path, language.url_prefix()),
        );
        context.insert("search", &links(config, lang));
        // Each language's search page, for the switcher and `hreflang`.
        let alternates: Vec<Alternate> = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, other)| Alternate {
                code: &other.code,
                name: &other.name,
                href: format!("{}{}search/", config.base_path, other.url_prefix()),
                permalink: format!("{}{}search/", config.base_url, other.url_prefix()),
                current: i == lang,
                untranslated: false,
            })
            .collect();
        context.insert("languages", &alternates);
        self.templates.render(lang, PAGE_TEMPLATE, &context)
    }
}

/// A language's search page, as the header's switcher lists it.
#[derive(Serialize)]
struct Alternate<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    permalink: String,
    current: bool,
    untranslated: bool,
}

/// One page's part of the index.
struct PageInput {
    entry: PageEntry,
    sections: Arc<Vec<Section>>,
}

/// The index files of a build, made on first use: `yomu serve` asks for
/// them when a reader searches, so an edit's rebuild does not wait for
/// the whole site to be indexed again.
pub struct DeferredIndex {
    languages: Vec<(String, Vec<PageInput>)>,
    built: OnceLock<HashMap<String, Bytes>>,
}

impl std::fmt::Debug for DeferredIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeferredIndex")
            .field("languages", &self.languages.len())
            .field("built", &self.built.get().is_some())
            .finish()
    }
}

impl DeferredIndex {
    /// `then` of each language's index files (path under the output
    /// folder, bytes), in the languages' order. Languages are indexed side
    /// by side: each has stretches on one thread (its merge, its files),
    /// which the others' work fills.
    fn each_language<T: Send>(
        &self,
        then: impl Fn(Vec<(String, Vec<u8>)>) -> T + Sync + Send,
    ) -> Vec<T> {
        self.languages
            .par_iter()
            .map(|(code, pages)| {
                let pages = pages.iter().map(|page| IndexInput {
                    page: page.entry.clone(),
                    sections: &page.sections,
                });
                then(write_language(code, index_language(code, pages)))
            })
            .collect()
    }

    /// The file at `path` (under the output folder), building them all the
    /// first time.
    pub fn file(&self, path: &str) -> Option<Bytes> {
        if !path.starts_with("search/") {
            return None;
        }
        let built = self.built.get_or_init(|| {
            self.each_language(|files| files)
                .into_iter()
                .flatten()
                .map(|(path, bytes)| (path, Bytes::from(bytes)))
                .collect()
        });
        built.get(path).cloned()
    }
}
