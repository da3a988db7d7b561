//! Resolving the links and images written in pages, and checking anchors
//! once every page is rendered.

use super::urls::UrlStyle;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::{pages::split_order_prefix, Page, Site};
use crate::markdown::{AnchorRef, LinkResolution, LinkResolver};
use crate::policy::IgnoredPaths;
use std::collections::{HashMap, HashSet};

/// Every page and static file of the site, by the names links use.
pub struct SiteIndex {
    base_url: String,
    base_path: String,
    prefixes: Vec<String>,
    lang_codes: Vec<(String, String)>,
    /// (language, key) → page; keys are file paths without ordering
    /// prefixes or `.md`, so `./intro.md` finds `3.intro.md`.
    by_key: HashMap<(usize, String), usize>,
    /// (language, url relative to the language root) → page.
    by_url: HashMap<(usize, String), usize>,
    /// Static output paths, lower-cased → as written on disk.
    statics: HashMap<String, String>,
    urls: Vec<String>,
    /// The source folder of each page, relative to its language folder.
    folders: Vec<Vec<String>>,
    /// Paths the site does not build (`ignore:`): left unchecked.
    ignore: IgnoredPaths,
    style: UrlStyle,
}

impl SiteIndex {
    pub fn new(site: &Site) -> SiteIndex {
        let config = &site.config;
        let mut by_key = HashMap::new();
        let mut by_url = HashMap::new();
        let mut folders = Vec::with_capacity(site.pages.len());
        for (i, page) in site.pages.iter().enumerate() {
            by_key.insert((page.lang, page.key.clone()), i);
            by_url.insert((page.lang, page.url.clone()), i);
            folders.push(source_folder(page));
        }
        SiteIndex {
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            prefixes: config.languages.iter().map(|l| l.url_prefix()).collect(),
            lang_codes: config
                .languages
                .iter()
                .map(|l| (l.code.to_lowercase(), l.dir.to_lowercase()))
                .collect(),
            by_key,
            by_url,
            statics: site
                .static_files
                .iter()
                .map(|file| (file.url.to_lowercase(), file.url.clone()))
                .collect(),
            urls: site
                .pages
                .iter()
                .map(|p| {
                    let path = config.url_style.page_path(&p.url);
                    format!("{}{}{path}", config.base_path, p_prefix(config, p))
                })
                .collect(),
            folders,
            ignore: config.ignore.clone(),
            style: config.url_style,
        }
    }

    /// The link a page at index `page` should use to reach page `target`.
    pub fn href(&self, target: usize) -> &str {
        &self.urls[target]
    }

    /// A site-relative link (`/sub/en/x/`) as a full URL, with the scheme
    /// and host of `base_url` when it has them: for canonical links,
    /// sitemaps and redirects.
    pub fn absolute(&self, href: &str) -> String {
        let rel = href.strip_prefix(self.base_path.as_str()).unwrap_or(href);
        format!("{}{rel}", self.base_url)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The page with `key` in language `lang`.
    pub fn translation(&self, lang: usize, key: &str) -> Option<usize> {
        self.by_key.get(&(lang, key.to_string())).copied()
    }

    pub fn page_links<'a>(&'a self, site: &'a Site, page: usize) -> PageLinks<'a> {
        PageLinks {
            index: self,
            lang: site.pages[page].lang,
            page,
            url: &site.pages[page].url,
        }
    }

    fn page_target(&self, page: usize, fragment: Option<&str>) -> LinkResolution {
        let mut href = self.urls[page].clone();
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        LinkResolution::Internal {
            href,
            page: Some(page),
            fragment: fragment.map(str::to_string),
        }
    }

    fn static_target(&self, path: &str, fragment: Option<&str>) -> Option<LinkResolution> {
        let actual = self.statics.get(&path.to_lowercase())?;
        let mut href = format!("{}{}", self.base_path, actual);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        Some(LinkResolution::Internal {
            href,
            page: None,
            fragment: None,
        })
    }

    /// A page by a locale-neutral URL path, or by a full one that names the
    /// language (`/en/docs/x/`).
    fn page_by_url(&self, lang: usize, url: &str) -> Option<usize> {
        let url = url.trim_start_matches('/');
        let with_slash = if url.is_empty() || url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        if let Some(&page) = self.by_url.get(&(lang, with_slash.clone())) {
            return Some(page);
        }
        self.prefixes.iter().enumerate().find_map(|(l, prefix)| {
            let rest = with_slash.strip_prefix(prefix.as_str())?;
            (!prefix.is_empty())
                .then(|| self.by_url.get(&(l, rest.to_string())).copied())
                .flatten()
        })
    }
}

fn p_prefix(config: &Config, page: &Page) -> String {
    config.languages[page.lang].url_prefix()
}

/// The page's folder relative to its language folder. That is the folder
/// of `page.file` after `content/<dir>/`, whichever language's `dir` it is:
/// a page published for a missing translation keeps its source's file.
fn source_folder(page: &Page) -> Vec<String> {
    let rel = page.file.strip_prefix("content").unwrap_or(&page.file);
    let mut parts: Vec<String> = rel
        .components()
        .skip(1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if page.kind != crate::load::PageKind::GeneratedIndex {
        parts.pop();
    }
    parts
}

/// The resolver one page uses while its Markdown renders.
pub struct PageLinks<'a> {
    index: &'a SiteIndex,
    lang: usize,
    page: usize,
    url: &'a str,
}

impl PageLinks<'_> {
    /// `./x.md` and `../y/index.md`, relative to the page's source folder.
    fn file_link(&self, path: &str, fragment: Option<&str>) -> LinkResolution {
        let Some(parts) = normalize(&self.index.folders[self.page], path) else {
            return LinkResolution::Broken(format!("`{path}` points outside the content folder"));
        };
        let key = file_key(&parts);
        match self.index.by_key.get(&(self.lang, key)) {
            Some(&page) => self.index.page_target(page, fragment),
            None => LinkResolution::Broken(format!("no page at `{path}`")),
        }
    }

    /// `/docs/x/` or `../x/`: a page URL or a static file.
    fn url_link(&self, path: &str, fragment: Option<&str>) -> LinkResolution {
        let absolute = if path.starts_with('/') {
            let trimmed = path.trim_start_matches('/');
            let base = self.index.base_path.trim_start_matches('/');
            Some(trimmed.strip_prefix(base).unwrap_or(trimmed).to_string())
        } else {
            let here = self.index.style.link_base(self.url);
            normalize(&here, path).map(|parts| {
                let mut joined = parts.join("/");
                if path.ends_with('/') && !joined.is_empty() {
                    joined.push('/');
                }
                format!("{}{joined}", self.index.prefixes[self.lang])
            })
        };
        let Some(absolute) = absolute else {
            return LinkResolution::Broken(format!("`{path}` points outside the site"));
        };
        let neutral = if path.starts_with('/') {
            absolute.clone()
        } else {
            absolute
                .strip_prefix(self.index.prefixes[self.lang].as_str())
                .unwrap_or(&absolute)
                .to_string()
        };
        if self.index.ignore.covers(&absolute) || self.index.ignore.covers(&neutral) {
            return LinkResolution::External;
        }
        if let Some(page) = self.index.page_by_url(self.lang, &neutral) {
            return self.index.page_target(page, fragment);
        }
        self.index
            .static_target(&absolute, fragment)
            .unwrap_or_else(|| LinkResolution::Broken(format!("no page or file at `{path}`")))
    }
}

impl LinkResolver for PageLinks<'_> {
    fn resolve_link(&self, dest: &str) -> LinkResolution {
        if dest.is_empty() || is_external(dest) {
            return LinkResolution::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            return self.index.page_target(self.page, fragment).with_href(dest);
        }
        if path.to_lowercase().ends_with(".md") {
            self.file_link(path, fragment)
        } else {
            self.url_link(path, fragment)
        }
    }

    fn resolve_image(&self, src: &str) -> LinkResolution {
        if src.is_empty() || is_external(src) || src.starts_with("data:") {
            return LinkResolution::External;
        }
        let path = src.trim_start_matches('/');
        if self.index.ignore.covers(path) {
            return LinkResolution::External;
        }
        if let Some((stem, ext)) = path.rsplit_once('.') {
            let (code, dir) = &self.index.lang_codes[self.lang];
            for variant in [code, dir] {
                if let Some(found) = self
                    .index
                    .static_target(&format!("{stem}.{variant}.{ext}"), None)
                {
                    return found;
                }
            }
        }
        self.index
            .static_target(path, None)
            .unwrap_or_else(|| LinkResolution::Broken(format!("no file at `static/{path}`")))
    }
}

impl LinkResolution {
    fn with_href(self, href: &str) -> LinkResolution {
        match self {
            LinkResolution::Internal { page, fragment, .. } => LinkResolution::Internal {
                href: href.to_string(),
                page,
                fragment,
            },
            other => other,
        }
    }
}

/// `https:`, `mailto:`, `//host`: anything with a scheme is left alone.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Applies a relative path to a folder; `None` if it climbs above the root.
fn normalize(base: &[String], path: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = if path.starts_with('/') {
        Vec::new()
    } else {
        base.to_vec()
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(percent_decode(other)),
        }
    }
    Some(parts)
}

/// The page key a file path maps to: prefixes and `.md` dropped, `index`
/// collapsed into its folder.
fn file_key(parts: &[String]) -> String {
    let mut segments: Vec<String> = parts
        .iter()
        .map(|p| split_order_prefix(p).1.to_lowercase())
        .collect();
    if let Some(last) = segments.last_mut() {
        *last = last.trim_end_matches(".md").to_string();
        if last.eq_ignore_ascii_case("index") {
            segments.pop();
        }
    }
    // Folders keep their prefix-stripped names, files too; numeric prefixes
    // may contain dots (`1.name.md`), which split_order_prefix handles.
    segments.join("/")
}

pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks every `#fragment` of internal links against the anchors of the
/// page it points to.
pub fn check_anchors(
    site: &Site,
    anchors: &[HashSet<String>],
    refs: &[Vec<AnchorRef>],
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (page, page_refs) in refs.iter().enumerate() {
        for r in page_refs {
            let fragment = percent_decode(&r.fragment);
            if fragment.is_empty() || anchors[r.page].contains(&fragment) {
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    "anchor",
                    format!(
                        "broken anchor in `{}`: `{}` has no heading or id `{fragment}`",
                        r.dest,
                        site.pages[r.page].file.display()
                    ),
                )
                .in_file(&site.pages[page].file)
                .at(r.line, r.col),
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn externals_are_recognised() {
        for ext in ["https://x.org", "mailto:a@b.c", "//cdn.x", "tel:123"] {
            assert!(is_external(ext), "{ext}");
        }
        for int in ["./a.md", "/docs/", "#x", "../x/"] {
            assert!(!is_external(int), "{int}");
        }
    }

    #[test]
    fn file_keys_drop_prefixes_and_index() {
        let parts = |p: &str| p.split('/').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            file_key(&parts("2.guide/1.writing-pages.md")),
            "guide/writing-pages"
        );
        assert_eq!(file_key(&parts("docs/index.md")), "docs");
        assert_eq!(file_key(&parts("docs/3.index.md")), "docs");
        assert_eq!(normalize(&parts("docs"), "../../x.md"), None);
    }
}
