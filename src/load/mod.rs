//! Load stage: reads `site.yaml`, every page and folder of every language,
//! the static files and the locale files into a [`Site`].

pub mod cache;
pub mod frontmatter;
pub mod glossary;
pub mod glossary_page;
pub mod pages;
pub mod text;
pub mod theme;

use crate::config::{self, Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use bytes::Bytes;
pub use cache::LoadCache;
pub use frontmatter::{FrontMatter, TocSetting};
pub use pages::{Folder, Page, PageKind, SortKey};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Theme assets keep their plain names instead of content-hashed ones:
    /// `yomu serve` swaps a changed stylesheet in place under its old URL.
    pub stable_asset_names: bool,
    /// URLs per sitemap file when a site has more than that (default: the
    /// protocol's 50,000). Tests lower it rather than build 50,000 pages.
    #[doc(hidden)]
    pub sitemap_urls_per_file: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Pages of every language; `Page::lang` indexes `config.languages`.
    pub pages: Vec<Page>,
    pub folders: Vec<Folder>,
    /// Files copied as they are.
    pub static_files: Vec<StaticFile>,
    /// Each language's glossary, indexed like `config.languages`.
    pub glossaries: Vec<Option<glossary::Glossary>>,
}

#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Output path, relative to the output folder.
    pub url: String,
    pub bytes: Bytes,
    /// The theme ships a file of this name (the site may override it):
    /// templates link it through `asset()`.
    pub theme_asset: bool,
}

/// Loads the site at `root`. `None` when nothing can be built (no readable
/// `site.yaml`); otherwise the site plus every problem found on the way.
pub fn load_site(root: &Path, options: &LoadOptions) -> (Option<Site>, Vec<Diagnostic>) {
    load_site_cached(root, options, &mut LoadCache::default())
}

/// [`load_site`] reusing (and refilling) `cache`: `yomu serve` keeps one
/// between rebuilds, so only the page files changed since are read again.
pub fn load_site_cached(
    root: &Path,
    options: &LoadOptions,
    cache: &mut LoadCache,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config_path = root.join(CONFIG_FILE);
    let text = match text::read(&config_path, Path::new(CONFIG_FILE)) {
        Ok(text) => text,
        Err(diag) => return (None, vec![diag]),
    };
    let config = match config::parse(&text, Path::new(CONFIG_FILE), options.base_url.as_deref()) {
        Ok(config) => config,
        Err(diags) => return (None, diags),
    };
    let mut content = pages::load_content(root, &config, options.drafts, &mut diagnostics, cache);
    let glossaries = glossary::load_all(root, &config, &mut diagnostics);
    glossary_page::add(&config, &glossaries, &mut content.pages, &mut diagnostics);
    let static_files = static_files(root, &config);
    let site = Site {
        root: root.to_path_buf(),
        config,
        pages: content.pages,
        folders: content.folders,
        static_files,
        glossaries,
    };
    (Some(site), diagnostics)
}

/// The theme's `static/` first, then the site's, so the site can override
/// a theme file by giving it the same name.
fn static_files(root: &Path, config: &Config) -> Vec<StaticFile> {
    let mut files = std::collections::BTreeMap::new();
    let theme_files = theme::files(root, &config.theme, "static");
    let theme_names: std::collections::HashSet<String> =
        theme_files.iter().map(|f| f.name.clone()).collect();
    let site_files = theme::disk_files(root, Path::new("static"));
    for file in theme_files.into_iter().chain(site_files) {
        files.insert(file.name.clone(), file);
    }
    files
        .into_values()
        .map(|file| StaticFile {
            theme_asset: theme_names.contains(&file.name),
            url: file.name,
            bytes: file.bytes,
        })
        .collect()
}
