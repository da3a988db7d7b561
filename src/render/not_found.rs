//! The 404 page of each language (the root one is in `root_pages.rs`).

use super::templates::Templates;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use tera::Context;

/// The `404.html` template in language `lang`, whose home page is `home`.
pub fn language_page(
    templates: &Templates,
    config: &Config,
    lang: usize,
    home: &str,
) -> Result<String, Diagnostic> {
    let language = &config.languages[lang];
    let mut context = Context::new();
    context.insert("site_title", &config.title);
    context.insert("base_path", &config.base_path);
    context.insert("lang", &language.code);
    context.insert("dir", if language.is_rtl() { "rtl" } else { "ltr" });
    context.insert("home", home);
    context.insert("search", &crate::search::site::links(config, lang));
    templates.render(lang, "404.html", &context)
}
