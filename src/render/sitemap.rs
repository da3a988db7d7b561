//! `sitemap.xml` with hreflang alternates, and the `robots.txt` that
//! points to it. A site past the sitemap protocol's limits for one file
//! (50,000 URLs, 50 MiB) gets several sitemap files, `sitemap-1.xml`…,
//! and `sitemap.xml` becomes their index, so robots.txt and every search
//! console keep the one address.

use crate::build::links::SiteIndex;
use crate::i18n::Translations;
use crate::load::Site;
use crate::render::escape_html;
use std::fmt::Write;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// How much one sitemap file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SitemapLimits {
    pub urls: usize,
    /// Uncompressed size of the whole file.
    pub bytes: usize,
}

impl Default for SitemapLimits {
    /// The protocol's (sitemaps.org): 50,000 URLs and 50 MiB per file.
    fn default() -> SitemapLimits {
        SitemapLimits {
            urls: 50_000,
            bytes: 52_428_800,
        }
    }
}

/// The sitemap files, as (output path, XML): `sitemap.xml` alone when the
/// site fits in one file, else `sitemap.xml` as an index of the others.
pub fn sitemaps(
    site: &Site,
    index: &SiteIndex,
    translations: &Translations,
    further_index_pages: &[(usize, usize, String)],
    limits: SitemapLimits,
) -> Vec<(String, String)> {
    let mut entries = url_entries(site, index, translations);
    // A long folder index's further pages list entries found nowhere else
    // in one place; they have no translations of their own.
    for (page, _, href) in further_index_pages {
        if !translations.is_fallback(*page) {
            let loc = escape_html(&index.absolute(href));
            entries.push(format!("<url><loc>{loc}</loc></url>\n"));
        }
    }
    let mut files = split(&entries, limits);
    if files.len() == 1 {
        return vec![("sitemap.xml".to_string(), files.remove(0))];
    }
    let mut sitemap_index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut out = Vec::with_capacity(files.len() + 1);
    for (n, xml) in files.into_iter().enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        let loc = escape_html(&index.absolute(&format!("{}{path}", index.base_path())));
        let _ = writeln!(sitemap_index, "<sitemap><loc>{loc}</loc></sitemap>");
        out.push((path, xml));
    }
    sitemap_index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".to_string(), sitemap_index));
    out
}

/// One `<url>` element per page that is its own canonical version (pages
/// shown from the source content point search engines at the source
/// instead), each with its translations as `xhtml:link` alternates plus
/// `x-default`.
fn url_entries(site: &Site, index: &SiteIndex, translations: &Translations) -> Vec<String> {
    let config = &site.config;
    let mut entries = Vec::with_capacity(site.pages.len());
    for (i, page) in site.pages.iter().enumerate() {
        if translations.is_fallback(i) {
            continue;
        }
        let loc = escape_html(&index.absolute(index.href(i)));
        let mut xml = format!("<url><loc>{loc}</loc>\n");
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
        entries.push(xml);
    }
    entries
}

/// Packs the `<url>` elements, in order, into as few `<urlset>` documents
/// as `limits` allow; always at least one. An element too large for a file of its own still
/// gets one (a page has a few alternates: that never happens at 50 MiB).
fn split(entries: &[String], limits: SitemapLimits) -> Vec<String> {
    let mut files = Vec::new();
    let mut current = String::from(URLSET_OPEN);
    let mut count = 0;
    for entry in entries {
        let full = count >= limits.urls.max(1)
            || (count > 0 && current.len() + entry.len() + URLSET_CLOSE.len() > limits.bytes);
        if full {
            current.push_str(URLSET_CLOSE);
            files.push(std::mem::replace(&mut current, String::from(URLSET_OPEN)));
            count = 0;
        }
        current.push_str(entry);
        count += 1;
    }
    if count > 0 || files.is_empty() {
        current.push_str(URLSET_CLOSE);
        files.push(current);
    }
    files
}

fn alternate(xml: &mut String, hreflang: &str, href: &str) {
    let _ = writeln!(
        xml,
        "  <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
        escape_html(hreflang)
    );
}

/// The site's own `static/robots.txt` rules (or allow-all) plus the
/// sitemap line: `sitemap.xml`, a sitemap or the index of several.
pub fn robots(index: &SiteIndex, own_rules: Option<&[u8]>) -> String {
    let rules = own_rules
        .map(|bytes| String::from_utf8_lossy(bytes).trim_end().to_string())
        .unwrap_or_else(|| "User-agent: *\nAllow: /".to_string());
    let sitemap = index.absolute(&format!("{}sitemap.xml", index.base_path()));
    format!("{rules}\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> String {
        format!("<url><loc>https://x.org/p{n}/</loc>\n</url>\n")
    }

    /// The `<loc>` of every `<url>` of a `<urlset>` file, which must parse.
    fn locs(xml: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    }

    #[test]
    fn splits_by_count_keeping_order_and_every_url() {
        let entries: Vec<String> = (0..7).map(entry).collect();
        let limits = SitemapLimits {
            urls: 3,
            bytes: usize::MAX,
        };
        let files = split(&entries, limits);
        let per_file: Vec<Vec<String>> = files.iter().map(|f| locs(f)).collect();
        assert_eq!(per_file.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
        let all: Vec<String> = per_file.concat();
        let expected: Vec<String> = (0..7).map(|n| format!("https://x.org/p{n}/")).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn splits_by_size_and_keeps_each_file_under_it() {
        let entries: Vec<String> = (0..10).map(entry).collect();
        let bytes = URLSET_OPEN.len() + URLSET_CLOSE.len() + 2 * entry(0).len() + 1;
        let files = split(
            &entries,
            SitemapLimits {
                urls: 50_000,
                bytes,
            },
        );
        assert_eq!(files.len(), 5, "two entries fit in each file");
        assert!(files.iter().all(|f| f.len() <= bytes));
        assert_eq!(files.iter().map(|f| locs(f).len()).sum::<usize>(), 10);
    }

    #[test]
    fn exactly_the_limit_is_one_file_and_nothing_is_one_empty_file() {
        let entries: Vec<String> = (0..3).map(entry).collect();
        let limits = SitemapLimits {
            urls: 3,
            bytes: usize::MAX,
        };
        assert_eq!(split(&entries, limits).len(), 1);
        let empty = split(&[], limits);
        assert_eq!(empty.len(), 1);
        assert!(locs(&empty[0]).is_empty());
    }
}
