//! Fallback pages (a source page published for a language that lacks it)
//! reuse their source page's rendered body instead of rendering its
//! Markdown a second time. Rendered for the translation, the body would
//! differ only in its links, which lead to the reader's language: so the
//! source's HTML is copied with every link to a source-language page
//! pointed at that page's version in the fallback's language. The labels
//! the Markdown stage writes (admonition titles, footnotes) stay in the
//! source language, like the text around them and the `lang` of the
//! `<article>` holding them.

use super::Translations;
use crate::build::links::SiteIndex;
use crate::load::Site;
use crate::markdown::RenderedMarkdown;
use rayon::prelude::*;
use std::collections::HashMap;

/// Per language, the `href` attribute value (as the HTML writer escapes
/// it) of each source-language page → that of the same page in the
/// language. Only languages with fallback pages get one.
struct Relinks {
    by_lang: Vec<HashMap<String, String>>,
}

impl Relinks {
    fn new(site: &Site, index: &SiteIndex, translations: &Translations) -> Relinks {
        let languages = site.config.languages.len();
        let mut needed = vec![false; languages];
        for (i, page) in site.pages.iter().enumerate() {
            if translations.is_fallback(i) {
                needed[page.lang] = true;
            }
        }
        let by_lang = (0..languages)
            .map(|lang| {
                if !needed[lang] {
                    return HashMap::new();
                }
                let mut map = HashMap::new();
                for (source, page) in site.pages.iter().enumerate() {
                    if page.lang != 0 {
                        continue;
                    }
                    let Some(target) = index.translation(lang, &page.key) else {
                        continue;
                    };
                    if target != source {
                        map.insert(attribute(index.href(source)), attribute(index.href(target)));
                    }
                }
                map
            })
            .collect();
        Relinks { by_lang }
    }

    /// `html` with each `href="…"` that names a source page (with or
    /// without a `#fragment`) pointed at its version in `lang`.
    fn relink(&self, html: &str, lang: usize) -> String {
        let Some(map) = self.by_lang.get(lang).filter(|m| !m.is_empty()) else {
            return html.to_string();
        };
        const OPEN: &str = "href=\"";
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html;
        while let Some(at) = rest.find(OPEN) {
            let (before, value_on) = rest.split_at(at + OPEN.len());
            out.push_str(before);
            let end = value_on.find('"').unwrap_or(value_on.len());
            let (value, after) = value_on.split_at(end);
            let (path, fragment) = value.split_at(value.find('#').unwrap_or(value.len()));
            match map.get(path) {
                Some(relinked) => {
                    out.push_str(relinked);
                    out.push_str(fragment);
                }
                None => out.push_str(value),
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }
}

/// An `href` as the HTML writer puts it in the attribute.
fn attribute(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, href);
    out
}

impl Translations {
    /// Fills each fallback page's entry of `rendered` (left empty by the
    /// Markdown stage) from its source page's: the same outline, anchors,
    /// title and description, and the body relinked. `cached_html` gives
    /// the body of a source page the build cache had (its entry in
    /// `rendered` comes without one). Fallbacks report nothing: their
    /// source page reports its own problems and broken anchors.
    pub fn fill_fallbacks(
        &self,
        site: &Site,
        index: &SiteIndex,
        rendered: &mut [RenderedMarkdown],
        cached_html: &(dyn Fn(usize) -> Option<String> + Sync),
    ) {
        let relinks = Relinks::new(site, index, self);
        let filled: Vec<(usize, RenderedMarkdown)> = (0..rendered.len())
            .into_par_iter()
            .filter_map(|i| {
                let source = self.source_of(i)?;
                let from = &rendered[source];
                let html = match cached_html(source) {
                    Some(html) => relinks.relink(&html, site.pages[i].lang),
                    None => relinks.relink(&from.html, site.pages[i].lang),
                };
                Some((
                    i,
                    RenderedMarkdown {
                        html,
                        toc: from.toc.clone(),
                        anchors: from.anchors.clone(),
                        anchor_refs: Vec::new(),
                        first_h1: from.first_h1.clone(),
                        first_paragraph: from.first_paragraph.clone(),
                        diagnostics: Vec::new(),
                        // Its source page counts as the one using them.
                        terms: Vec::new(),
                        // Found in its own language, with its notice.
                        search: from.search.clone(),
                    },
                ))
            })
            .collect();
        for (i, entry) in filled {
            rendered[i] = entry;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relinks(pairs: &[(&str, &str)]) -> Relinks {
        let map = pairs
            .iter()
            .map(|(from, to)| (attribute(from), attribute(to)))
            .collect();
        Relinks {
            by_lang: vec![HashMap::new(), map],
        }
    }

    #[test]
    fn points_source_page_links_at_the_translation() {
        let r = relinks(&[("/ja/docs/a/", "/en/docs/a/"), ("/ja/日本/", "/en/japan/")]);
        let html = concat!(
            r#"<p><a href="/ja/docs/a/">A</a> <a href="/ja/docs/a/#setup">set up</a> "#,
            r#"<a href="/ja/docs/b/">B</a> <a href="https://x.org/ja/docs/a/">out</a> "#,
            r##"<a href="/ja/%E6%97%A5%E6%9C%AC/">日本</a> <a href="#here">here</a></p>""##,
            r#"<pre><code>href=&quot;/ja/docs/a/&quot; href="/ja/docs/a/</code></pre>"#,
        );
        assert_eq!(
            r.relink(html, 1),
            concat!(
                r#"<p><a href="/en/docs/a/">A</a> <a href="/en/docs/a/#setup">set up</a> "#,
                r#"<a href="/ja/docs/b/">B</a> <a href="https://x.org/ja/docs/a/">out</a> "#,
                r##"<a href="/en/japan/">日本</a> <a href="#here">here</a></p>""##,
                r#"<pre><code>href=&quot;/ja/docs/a/&quot; href="/ja/docs/a/</code></pre>"#,
            )
        );
        assert_eq!(r.relink(html, 0), html, "no map: unchanged");
    }
}
