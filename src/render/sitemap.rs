//! `sitemap.xml` with hreflang alternates, and the `robots.txt` that
//! points to it.

use crate::build::links::SiteIndex;
use crate::i18n::Translations;
use crate::load::Site;
use crate::render::escape_html;
use std::fmt::Write;

/// Every page that is its own canonical version (pages shown from the
/// source content point search engines at the source instead), each with
/// its translations as `xhtml:link` alternates plus `x-default`.
pub fn sitemap(site: &Site, index: &SiteIndex, translations: &Translations) -> String {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (i, page) in site.pages.iter().enumerate() {
        if translations.is_fallback(i) {
            continue;
        }
        let loc = escape_html(&index.absolute(index.href(i)));
        let _ = writeln!(xml, "<url><loc>{loc}</loc>");
        let alternates: Vec<(usize, usize)> = (0..config.languages.len())
            .filter_map(|lang| {
                let other = index.translation(lang, &page.key)?;
                (!translations.is_fallback(other)).then_some((lang, other))
            })
            .collect();
        for &(lang, other) in &alternates {
            let href = escape_html(&index.absolute(index.href(other)));
            alternate(&mut xml, &config.languages[lang].code, &href);
        }
        // The default language is the source: the page for everyone else.
        if let Some(&(0, default)) = alternates.first() {
            let href = escape_html(&index.absolute(index.href(default)));
            alternate(&mut xml, "x-default", &href);
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn alternate(xml: &mut String, hreflang: &str, href: &str) {
    let _ = writeln!(
        xml,
        "  <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
        escape_html(hreflang)
    );
}

/// The site's own `static/robots.txt` rules (or allow-all) plus the
/// sitemap line.
pub fn robots(index: &SiteIndex, own_rules: Option<&[u8]>) -> String {
    let rules = own_rules
        .map(|bytes| String::from_utf8_lossy(bytes).trim_end().to_string())
        .unwrap_or_else(|| "User-agent: *\nAllow: /".to_string());
    let sitemap = index.absolute(&format!("{}sitemap.xml", index.base_path()));
    format!("{rules}\n\nSitemap: {sitemap}\n")
}
