//! The 404 page of each language, in the page layout: the header with the
//! language switcher (to the other languages' home pages), a link home and
//! the top sections of the language's sidebar. The root one is in
//! `root_pages.rs`.

use super::templates::Templates;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use tera::Context;

/// A link on the 404 page: a top section of the sidebar.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    href: &'a str,
    current: bool,
}

/// The `404.html` template in language `lang`. `homes` holds every
/// language's home page; `sections` the language's top sections.
pub fn language_page(
    templates: &Templates,
    config: &Config,
    lang: usize,
    homes: &[String],
    sections: &[SectionLink],
) -> Result<String, Diagnostic> {
    let language = &config.languages[lang];
    let home = homes
        .get(lang)
        .map_or(config.base_path.as_str(), String::as_str);
    let languages: Vec<LanguageLink> = config
        .languages
        .iter()
        .zip(homes)
        .enumerate()
        .map(|(i, (l, href))| LanguageLink {
            code: &l.code,
            name: &l.name,
            href,
            current: i == lang,
        })
        .collect();
    let mut context = Context::new();
    context.insert("site_title", config.title_in(lang));
    context.insert("base_path", &config.base_path);
    context.insert("lang", &language.code);
    context.insert("dir", if language.is_rtl() { "rtl" } else { "ltr" });
    context.insert("home", home);
    if languages.len() > 1 {
        context.insert("languages", &languages);
    }
    context.insert("sections", sections);
    context.insert("search", &crate::search::site::links(config, lang));
    templates.render(lang, "404.html", &context)
}
