//! Pages and folders of every language, with their keys, URLs and order.
//!
//! A page's *key* is its locale-neutral identity (`docs/intro`), the same in
//! every language, so translations can find each other; its *url* applies
//! `slug:` overrides and is relative to the language's root.

use super::cache::{LoadCache, Parsed, ParsedPage, Stamp};
use super::frontmatter::{self, FrontMatter};
use super::text;
use crate::config::{is_safe_segment, Config};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A Markdown page.
    Page,
    /// A folder's own `index.md`.
    Index,
    /// A folder without `index.md`: yomu lists its children.
    GeneratedIndex,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub lang: usize,
    /// The source file (the folder, for a generated index), relative to the
    /// site root.
    pub file: PathBuf,
    pub key: String,
    pub url: String,
    /// Key of the folder the page is listed in; `None` for the language's
    /// home page.
    pub parent: Option<String>,
    pub sort: SortKey,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub body: Arc<str>,
    pub body_line_offset: u32,
}

#[derive(Debug, Clone)]
pub struct Folder {
    pub lang: usize,
    pub key: String,
    pub url: String,
    pub parent: Option<String>,
    pub sort: SortKey,
    pub meta: DirMeta,
}

/// `_dir.yml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub order: Option<f64>,
    #[serde(default)]
    pub collapsed: bool,
}

/// Sibling order: entries with a number (prefix or `order:`) first, by
/// number, then the rest alphabetically.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    pub rank: Option<f64>,
    pub name: String,
}

impl SortKey {
    pub fn compare(&self, other: &Self) -> Ordering {
        match (self.rank, other.rank) {
            (Some(a), Some(b)) => a.total_cmp(&b).then_with(|| self.name.cmp(&other.name)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.name.cmp(&other.name),
        }
    }
}

pub struct Content {
    pub pages: Vec<Page>,
    pub folders: Vec<Folder>,
}

/// A Markdown file found by the walk, read later in parallel.
struct PageFile {
    lang: usize,
    path: PathBuf,
    shown: PathBuf,
    folder_key: String,
    folder_url: String,
    name: String,
    /// Taken when the cache wants it.
    stamp: Option<Stamp>,
}

/// Every page and folder of every language. Page files come from `cache`
/// when it has them unchanged (see [`LoadCache`]).
pub fn load_content(
    root: &Path,
    config: &Config,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut LoadCache,
) -> Content {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for (lang, language) in config.languages.iter().enumerate() {
        let dir = root.join("content").join(&language.dir);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(
                    "content",
                    format!("no folder for language `{}`", language.code),
                )
                .in_file(Path::new("content").join(&language.dir)),
            );
            continue;
        }
        let root_folder = Folder {
            lang,
            key: String::new(),
            url: String::new(),
            parent: None,
            sort: SortKey {
                rank: None,
                name: String::new(),
            },
            meta: DirMeta::default(),
        };
        let mut walk = Walk {
            root,
            stamps: cache.enabled(),
            lang,
            files: &mut files,
            folders: &mut folders,
            diagnostics,
        };
        walk.folder(&dir, root_folder);
    }

    let shared: &LoadCache = cache;
    let results: Vec<(Parsed, bool)> = files
        .par_iter()
        .map(|file| shared.page(&file.path, file.stamp.clone(), || parse_page(file)))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut fresh = Vec::new();
    for (file, (parsed, read)) in files.iter().zip(results) {
        let (page, diags) = page_of(file, &parsed, drafts);
        diagnostics.extend(diags);
        pages.extend(page);
        if read && cache.enabled() {
            fresh.push((file.path.clone(), parsed));
        }
    }
    if cache.enabled() {
        let all = || files.iter().map(|f| f.path.as_path()).collect();
        cache.store(fresh, files.len(), all);
    }
    add_generated_indexes(config, &folders, &mut pages);
    report_url_collisions(&pages, config, diagnostics);
    Content { pages, folders }
}

struct Walk<'a> {
    root: &'a Path,
    stamps: bool,
    lang: usize,
    files: &'a mut Vec<PageFile>,
    folders: &'a mut Vec<Folder>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path, mut folder: Folder) {
        let meta_path = dir.join("_dir.yml");
        if meta_path.is_file() {
            folder.meta = self.dir_meta(&meta_path);
            if folder.meta.order.is_some() {
                folder.sort.rank = folder.meta.order;
            }
        }
        let mut entries: Vec<_> = match std::fs::read_dir(dir) {
            Ok(entries) => entries.filter_map(Result::ok).collect(),
            Err(err) => {
                self.diagnostics.push(
                    Diagnostic::error("io", format!("cannot read folder: {err}"))
                        .in_file(self.shown(dir)),
                );
                return;
            }
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(['.', '_']) {
                continue;
            }
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                let (rank, stem) = split_order_prefix(&name);
                let slug = slugify(stem);
                let child = Folder {
                    lang: self.lang,
                    key: join_key(&folder.key, &stem.to_lowercase()),
                    url: format!("{}{}/", folder.url, slug),
                    parent: Some(folder.key.clone()),
                    sort: SortKey {
                        rank,
                        name: stem.to_lowercase(),
                    },
                    meta: DirMeta::default(),
                };
                self.folder(&path, child);
            } else if file_type.is_file() && name.ends_with(".md") {
                let stamp = self.stamps.then(|| entry.metadata().ok()).flatten();
                self.files.push(PageFile {
                    stamp: stamp.as_ref().and_then(Stamp::of),
                    lang: self.lang,
                    shown: self.shown(&path),
                    path,
                    folder_key: folder.key.clone(),
                    folder_url: folder.url.clone(),
                    name,
                });
            }
        }
        self.folders.push(folder);
    }

    fn dir_meta(&mut self, path: &Path) -> DirMeta {
        let shown = self.shown(path);
        let text = match text::read(path, &shown) {
            Ok(text) => text,
            Err(diag) => {
                self.diagnostics.push(diag);
                return DirMeta::default();
            }
        };
        if text.trim().is_empty() {
            return DirMeta::default();
        }
        let options = serde_saphyr::options! { strict_booleans: true };
        serde_saphyr::from_str_with_options(&text, options).unwrap_or_else(|err| {
            let (line, col) = err
                .location()
                .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
            self.diagnostics.push(
                Diagnostic::error("dir-meta", crate::config::yaml_message(&err))
                    .in_file(shown)
                    .at(line, col),
            );
            DirMeta::default()
        })
    }

    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }
}

/// Reads and splits a page file: the part of loading a page that depends
/// on its text only, which [`LoadCache`] keeps.
fn parse_page(file: &PageFile) -> Parsed {
    Parsed::new(text::read(&file.path, &file.shown).map(|text| {
        let mut diagnostics = Vec::new();
        let split = frontmatter::split(&text, &file.shown, &mut diagnostics);
        ParsedPage {
            // Only a bad `slug:` needs it.
            slug_line: split.front.slug.as_ref().map_or(0, |_| slug_line(&text)),
            split,
            diagnostics,
        }
    }))
}

/// The page a parsed file makes in its place in the tree.
fn page_of(file: &PageFile, parsed: &Parsed, drafts: bool) -> (Option<Page>, Vec<Diagnostic>) {
    let parsed = match parsed.result.as_ref() {
        Ok(parsed) => parsed,
        Err(diag) => return (None, vec![diag.clone()]),
    };
    let mut diagnostics = parsed.diagnostics.clone();
    let split = &parsed.split;
    if split.front.draft && !drafts {
        return (None, diagnostics);
    }
    let stem = file.name.trim_end_matches(".md");
    let (prefix_rank, stem) = split_order_prefix(stem);
    let is_index = stem.eq_ignore_ascii_case("index");
    let mut slug = slugify(stem);
    if let Some(custom) = &split.front.slug {
        if is_safe_segment(custom) && !is_index {
            slug = slugify(custom);
        } else {
            diagnostics.push(
                Diagnostic::error(
                    "slug",
                    format!("`slug: {custom}` must be one path segment, without `/` or `..`"),
                )
                .in_file(&file.shown)
                .at(parsed.slug_line, 1),
            );
        }
    }
    let (key, url, parent, kind) = if is_index {
        let parent = (!file.folder_key.is_empty()).then(|| parent_key(&file.folder_key));
        (
            file.folder_key.clone(),
            file.folder_url.clone(),
            parent,
            PageKind::Index,
        )
    } else {
        (
            join_key(&file.folder_key, &stem.to_lowercase()),
            format!("{}{}/", file.folder_url, slug),
            Some(file.folder_key.clone()),
            PageKind::Page,
        )
    };
    let page = Page {
        lang: file.lang,
        file: file.shown.clone(),
        key,
        url,
        parent,
        sort: SortKey {
            rank: split.front.order.or(prefix_rank),
            name: stem.to_lowercase(),
        },
        kind,
        front: split.front.clone(),
        body: split.body.clone(),
        body_line_offset: split.body_line_offset,
    };
    (Some(page), diagnostics)
}

/// Folders without `index.md` get a page that lists their children.
fn add_generated_indexes(config: &Config, folders: &[Folder], pages: &mut Vec<Page>) {
    let mut indexed: std::collections::HashSet<(usize, &str)> = std::collections::HashSet::new();
    for page in pages.iter().filter(|p| p.kind == PageKind::Index) {
        indexed.insert((page.lang, page.key.as_str()));
    }
    let generated: Vec<Page> = folders
        .iter()
        .filter(|f| !indexed.contains(&(f.lang, f.key.as_str())))
        .map(|folder| {
            let dir = Path::new("content")
                .join(&config.languages[folder.lang].dir)
                .join(&folder.key);
            Page {
                lang: folder.lang,
                file: dir,
                key: folder.key.clone(),
                url: folder.url.clone(),
                parent: folder.parent.clone(),
                sort: folder.sort.clone(),
                kind: PageKind::GeneratedIndex,
                front: FrontMatter {
                    title: folder.meta.title.clone(),
                    description: folder.meta.description.clone(),
                    ..FrontMatter::default()
                },
                body: Arc::default(),
                body_line_offset: 0,
            }
        })
        .collect();
    pages.extend(generated);
}

fn report_url_collisions(pages: &[Page], config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(usize, &str), &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert((page.lang, page.url.as_str()), page) {
            let url = format!("/{}{}", config.languages[page.lang].url_prefix(), page.url);
            diagnostics.push(
                Diagnostic::error(
                    "url-collision",
                    format!(
                        "`{}` and `{}` both map to the URL `{url}`",
                        first.file.display(),
                        page.file.display()
                    ),
                )
                .in_file(&page.file),
            );
        }
    }
}

/// `9.name` → (Some(9), "name"); names without a numeric prefix are kept.
pub fn split_order_prefix(name: &str) -> (Option<f64>, &str) {
    if let Some((number, rest)) = name.split_once('.') {
        if !number.is_empty() && !rest.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = number.parse::<f64>() {
                return (Some(n), rest);
            }
        }
    }
    (None, name)
}

/// URL segment for a file or folder name: lower-case, spaces as `-`.
pub fn slugify(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect()
}

fn join_key(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

fn parent_key(key: &str) -> String {
    key.rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

fn slug_line(text: &str) -> u32 {
    text.lines()
        .position(|l| l.starts_with("slug:"))
        .map_or(1, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_prefix_is_split_off() {
        assert_eq!(split_order_prefix("9.misskey"), (Some(9.0), "misskey"));
        assert_eq!(split_order_prefix("10.index"), (Some(10.0), "index"));
        assert_eq!(split_order_prefix("v1.2"), (None, "v1.2"));
        assert_eq!(split_order_prefix("plain"), (None, "plain"));
    }

    #[test]
    fn ranked_entries_come_first() {
        let key = |rank, name: &str| SortKey {
            rank,
            name: name.into(),
        };
        let mut keys = [key(None, "a"), key(Some(10.0), "z"), key(Some(2.0), "y")];
        keys.sort_by(|a, b| a.compare(b));
        let names: Vec<_> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["y", "z", "a"]);
    }
}
