//! The state of every translation: which pages are current, outdated,
//! unstamped, missing or extra, which text is still in the source
//! language, and which UI strings are missing or untranslated. The build
//! turns it into notices and warnings; `yomu i18n status` prints it.

use super::hash;
use super::ui_keys::{self, UiKeys};
use super::untranslated::{self, Block, BlockKind, Detector, Reason};
use crate::git::GitMemo;
use crate::load::{Page, PageKind, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// Ordered from the most to the least in need of a translator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The source page has no translation; the source is published instead.
    Missing,
    /// The source changed since the translation was made.
    Outdated,
    /// No `source_hash:`, and git does not show the source changed after
    /// the translation (or cannot tell).
    Unstamped,
    /// `source_hash:` matches the source.
    Current,
    /// A page with no source page.
    Extra,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Current,
        State::Outdated,
        State::Unstamped,
        State::Missing,
        State::Extra,
    ];

    pub fn name(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Outdated => "outdated",
            State::Unstamped => "unstamped",
            State::Current => "current",
            State::Extra => "extra",
        }
    }
}

/// What decided a page's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The `source_hash:` compared with the source's hash.
    Hash,
    /// The order of the last commits of the source and the translation.
    Git,
    /// Nothing to compare: a missing or extra page, or an unstamped page
    /// outside git history.
    None,
}

/// A block of a translation still in the source language.
#[derive(Debug, Clone, Serialize)]
pub struct UntranslatedText {
    pub line: u32,
    pub kind: BlockKind,
    pub reason: Reason,
    pub text: String,
}

/// One translation file, or the place one is missing from.
#[derive(Debug, Clone)]
pub struct FileStatus {
    /// The translation (where it should be, for a missing one), relative
    /// to the site folder.
    pub file: PathBuf,
    /// The source page's file; `None` for an extra page.
    pub source: Option<PathBuf>,
    /// Indexes into `site.pages` of the translation and of the source.
    pub page: Option<usize>,
    pub source_page: Option<usize>,
    pub state: State,
    pub basis: Basis,
    /// The translation's `source_hash:` and the source's hash now.
    pub stamped: Option<String>,
    pub source_hash: Option<String>,
    /// Paragraphs, list items and headings of the translation.
    pub blocks: usize,
    pub untranslated: Vec<UntranslatedText>,
}

impl FileStatus {
    /// How much of the source page this file translates, 0 to 1: the
    /// share of its blocks that are translated, halved when it is outdated.
    /// A missing page gives 0; an extra page is not part of coverage.
    pub fn credit(&self) -> f64 {
        let translated = match self.state {
            State::Missing => return 0.0,
            _ if self.blocks == 0 => 1.0,
            _ => 1.0 - self.untranslated.len() as f64 / self.blocks as f64,
        };
        match self.state {
            State::Outdated => translated / 2.0,
            _ => translated,
        }
    }
}

pub struct LanguageStatus {
    /// Index into `config.languages`.
    pub lang: usize,
    /// Worst first.
    pub files: Vec<FileStatus>,
    pub ui: UiKeys,
}

impl LanguageStatus {
    pub fn count(&self, state: State) -> usize {
        self.files.iter().filter(|f| f.state == state).count()
    }

    pub fn untranslated(&self) -> usize {
        self.files.iter().map(|f| f.untranslated.len()).sum()
    }

    /// Coverage in percent: 100 × (sum of the source pages' credits) /
    /// (number of source pages), rounded to one decimal. See `credit`.
    pub fn coverage(&self) -> f64 {
        let counted: Vec<f64> = self
            .files
            .iter()
            .filter(|f| f.state != State::Extra)
            .map(FileStatus::credit)
            .collect();
        if counted.is_empty() {
            return 100.0;
        }
        let percent = 100.0 * counted.iter().sum::<f64>() / counted.len() as f64;
        (percent * 10.0).round() / 10.0
    }
}

/// Every translation language of the site (the default language is the
/// source and has no entry).
pub struct SiteStatus {
    pub languages: Vec<LanguageStatus>,
}

/// Pages that are files: generated folder indexes have nothing to translate.
fn is_file(page: &Page) -> bool {
    page.kind != PageKind::GeneratedIndex
}

/// What [`analyze_cached`] keeps between builds (`yomu serve`), by a hash
/// of the texts each answer was computed from: the source pages' hashes,
/// and each translation's blocks and untranslated text. So an edit costs
/// the pages it changed, not the 2,000 others. [`StatusCache::default`]
/// keeps nothing.
#[derive(Default)]
pub struct StatusCache {
    enabled: bool,
    /// [`hash::body_hash`] by [`text_key`] of the body.
    hashes: HashMap<u64, String>,
    /// A translation's text check by [`TextCheck::key`].
    texts: HashMap<u64, TextCheck>,
    /// Translations whose text the last analysis checked (not found in
    /// the cache), for tests.
    pub last_checked: usize,
}

impl StatusCache {
    pub fn keeping() -> StatusCache {
        StatusCache {
            enabled: true,
            ..Default::default()
        }
    }
}

/// What a translation's text says about it, given its source's.
#[derive(Clone)]
struct TextCheck {
    blocks: usize,
    untranslated: Vec<UntranslatedText>,
}

impl TextCheck {
    /// Everything the check depends on: both languages (which detector),
    /// the translation's body and where it starts, and the source's when
    /// the detector compares with it.
    fn key(
        languages: (&str, &str),
        page: &Page,
        source: Option<&Page>,
        detector: &Detector,
    ) -> u64 {
        let mut h = DefaultHasher::new();
        languages.hash(&mut h);
        (&page.body, page.body_line_offset).hash(&mut h);
        if detector.needs_source() {
            source.map(|s| (&s.body, s.body_line_offset)).hash(&mut h);
        }
        h.finish()
    }
}

fn text_key(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Analyses the loaded site. Git is asked only when a translation has no
/// `source_hash:`, once for the whole content folder.
pub fn analyze(site: &Site) -> SiteStatus {
    analyze_cached(site, &mut StatusCache::default(), &mut GitMemo::default())
}

/// [`analyze`] reusing (and refilling) `cache` and `git`.
pub fn analyze_cached(site: &Site, cache: &mut StatusCache, git: &mut GitMemo) -> SiteStatus {
    let sources: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == 0)
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    let needs_git = site
        .pages
        .iter()
        .any(|p| p.lang != 0 && is_file(p) && p.front.source_hash.is_none());
    let git_order = if needs_git {
        git.latest_changes(&site.root, Path::new("content"))
    } else {
        HashMap::new()
    };
    let source_files: Vec<usize> = sources
        .values()
        .copied()
        .filter(|&i| is_file(&site.pages[i]))
        .collect();
    // (page, text key when cached, hash): SHA-256 of every source page, in
    // parallel.
    let hashed: Vec<(usize, Option<u64>, String)> = source_files
        .into_par_iter()
        .map(|i| {
            let body = &site.pages[i].body;
            if !cache.enabled {
                return (i, None, hash::body_hash(body));
            }
            let key = text_key(body);
            let hash = cache
                .hashes
                .get(&key)
                .cloned()
                .unwrap_or_else(|| hash::body_hash(body));
            (i, Some(key), hash)
        })
        .collect();
    let mut kept_hashes = HashMap::new();
    let mut hashes: HashMap<usize, String> = HashMap::with_capacity(hashed.len());
    for (i, key, hash) in hashed {
        if let Some(key) = key {
            kept_hashes.insert(key, hash.clone());
        }
        hashes.insert(i, hash);
    }
    let ui = ui_keys::compare(&site.root, &site.config);
    let source_code = &site.config.default_language().code;
    let context = Context {
        site,
        sources: &sources,
        hashes: &hashes,
        git_order: &git_order,
        cache,
    };
    let mut kept_texts = HashMap::new();
    let languages = (1..site.config.languages.len())
        .zip(ui.into_iter().skip(1))
        .map(|(lang, ui)| {
            let detector = Detector::new(source_code, &site.config.languages[lang].code);
            let (mut files, checks) = context.translations(lang, &detector);
            kept_texts.extend(checks);
            files.extend(context.missing(lang));
            files.sort_by(|a, b| {
                a.credit()
                    .total_cmp(&b.credit())
                    .then(a.state.cmp(&b.state))
                    .then(b.untranslated.len().cmp(&a.untranslated.len()))
                    .then_with(|| a.file.cmp(&b.file))
            });
            LanguageStatus { lang, files, ui }
        })
        .collect();
    if cache.enabled {
        // Only this build's: texts gone or edited since are dropped.
        cache.last_checked = kept_texts
            .keys()
            .filter(|key| !cache.texts.contains_key(key))
            .count();
        cache.hashes = kept_hashes;
        cache.texts = kept_texts;
    }
    SiteStatus { languages }
}

struct Context<'a> {
    site: &'a Site,
    /// Key → source page.
    sources: &'a HashMap<&'a str, usize>,
    /// Source page → hash of its body.
    hashes: &'a HashMap<usize, String>,
    git_order: &'a HashMap<PathBuf, usize>,
    cache: &'a StatusCache,
}

impl Context<'_> {
    /// The translation files of `lang`: current, outdated, unstamped, extra;
    /// and their text checks, for the cache.
    fn translations(
        &self,
        lang: usize,
        detector: &Detector,
    ) -> (Vec<FileStatus>, Vec<(u64, TextCheck)>) {
        let languages = (
            self.site.config.default_language().code.as_str(),
            self.site.config.languages[lang].code.as_str(),
        );
        let pages = &self.site.pages;
        let own: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].lang == lang && is_file(&pages[i]))
            .collect();
        let (files, checks): (Vec<_>, Vec<_>) = own
            .into_par_iter()
            .map(|i| {
                let page = &pages[i];
                let source_page = self
                    .sources
                    .get(page.key.as_str())
                    .copied()
                    .filter(|&s| is_file(&pages[s]));
                let (state, basis) = self.freshness(page, source_page);
                let source = source_page.map(|s| &pages[s]);
                let key = self
                    .cache
                    .enabled
                    .then(|| TextCheck::key(languages, page, source, detector));
                let check = key
                    .and_then(|key| self.cache.texts.get(&key).cloned())
                    .unwrap_or_else(|| check_text(page, source, detector));
                let status = FileStatus {
                    file: page.file.clone(),
                    source: source_page.map(|s| pages[s].file.clone()),
                    page: Some(i),
                    source_page,
                    state,
                    basis,
                    stamped: page.front.source_hash.clone(),
                    source_hash: source_page.and_then(|s| self.hashes.get(&s).cloned()),
                    blocks: check.blocks,
                    untranslated: check.untranslated.clone(),
                };
                (status, key.map(|key| (key, check)))
            })
            .unzip();
        (files, checks.into_iter().flatten().collect())
    }

    fn freshness(&self, page: &Page, source: Option<usize>) -> (State, Basis) {
        let Some(source) = source else {
            return (State::Extra, Basis::None);
        };
        if let Some(stamped) = &page.front.source_hash {
            let actual = self.hashes.get(&source).map_or("", String::as_str);
            let state = if hash::matches(stamped, actual) {
                State::Current
            } else {
                State::Outdated
            };
            return (state, Basis::Hash);
        }
        let source_file = &self.site.pages[source].file;
        match (
            self.git_order.get(source_file),
            self.git_order.get(&page.file),
        ) {
            // Position 0 is the newest commit: the source changed later.
            (Some(s), Some(t)) if s < t => (State::Outdated, Basis::Git),
            (Some(_), Some(_)) => (State::Unstamped, Basis::Git),
            _ => (State::Unstamped, Basis::None),
        }
    }

    /// Source pages with no page of the same key in `lang`.
    fn missing(&self, lang: usize) -> Vec<FileStatus> {
        let site = self.site;
        let present: std::collections::HashSet<&str> = site
            .pages
            .iter()
            .filter(|p| p.lang == lang && is_file(p))
            .map(|p| p.key.as_str())
            .collect();
        let mut missing: Vec<FileStatus> = self
            .sources
            .iter()
            .filter(|(key, &s)| is_file(&site.pages[s]) && !present.contains(*key))
            .map(|(_, &s)| FileStatus {
                file: translation_path(site, &site.pages[s].file, lang),
                source: Some(site.pages[s].file.clone()),
                page: None,
                source_page: Some(s),
                state: State::Missing,
                basis: Basis::None,
                stamped: None,
                source_hash: self.hashes.get(&s).cloned(),
                blocks: 0,
                untranslated: Vec::new(),
            })
            .collect();
        missing.sort_by(|a, b| a.file.cmp(&b.file));
        missing
    }
}

/// A translation's blocks, and those still in the source language.
fn check_text(page: &Page, source: Option<&Page>, detector: &Detector) -> TextCheck {
    // A page that makes the Markdown parser panic has no blocks to check
    // here; the Markdown stage reports the panic as `error[internal]`.
    let blocks_of = |p: &Page| {
        crate::guard::catch(|| untranslated::blocks(&p.body, p.body_line_offset))
            .unwrap_or_default()
    };
    let blocks = blocks_of(page);
    let source_blocks = match source {
        Some(s) if detector.needs_source() => blocks_of(s),
        _ => Vec::new(),
    };
    let untranslated = detector
        .find(&blocks, &source_blocks)
        .into_iter()
        .map(|(block, reason)| untranslated_text(block, reason))
        .collect();
    TextCheck {
        blocks: blocks.len(),
        untranslated,
    }
}

fn untranslated_text(block: &Block, reason: Reason) -> UntranslatedText {
    UntranslatedText {
        line: block.line,
        kind: block.kind,
        reason,
        text: block.text.clone(),
    }
}

/// Where the translation of the source file `source` goes in `lang`: the
/// same path under the language's folder.
pub fn translation_path(site: &Site, source: &Path, lang: usize) -> PathBuf {
    let languages = &site.config.languages;
    let source_dir = Path::new("content").join(&languages[0].dir);
    match source.strip_prefix(&source_dir) {
        Ok(rel) => Path::new("content").join(&languages[lang].dir).join(rel),
        Err(_) => source.to_path_buf(),
    }
}
