//! Rebuilds after a change: a changed static file is copied on its own;
//! anything else runs the pipeline again with the caches kept between
//! builds, and the new output is compared with the served one to tell the
//! pages what to do (nothing, swap stylesheets, or reload).
//!
//! A build that panics (a bug in yomu or a crate it uses) does not take the
//! rebuild thread with it: it becomes an `error[internal]` for the overlay,
//! the caches start over, and the next edit builds again.

use super::reload::Message;
use super::state::Served;
use crate::build::cache::{CacheBytes, CACHE_BUDGET};
use crate::build::progress::{Progress, Silent};
use crate::build::{
    build_site_cached, build_site_reporting, BuildCache, BuildOptions, LanguageSummary,
};
use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::guard::panic_message;
use crate::output::Output;
use crate::search::site::DeferredIndex;
use bytes::Bytes;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    /// Bytes for the caches bounded by size (see `build/cache.rs`).
    budget: usize,
    cache: BuildCache,
}

/// Files whose rebuild panics on purpose: the tests' way to inject a bug
/// (see [`panic_on_rebuild_of`]). Empty outside tests.
static PANIC_ON: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// For tests only: rebuilds after a change to `path` (absolute) panic
/// inside the build, as a bug would; `None` turns it off for every file.
#[doc(hidden)]
pub fn panic_on_rebuild_of(path: Option<&Path>) {
    let mut files = PANIC_ON.lock().unwrap_or_else(|e| e.into_inner());
    match path {
        Some(path) => files.push(path.to_path_buf()),
        None => files.clear(),
    }
}

fn injected_panic(changed: &[PathBuf]) {
    let files = PANIC_ON.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(file) = changed.iter().find(|c| files.contains(c)) {
        panic!("injected for a test by a change to {}", file.display());
    }
}

/// One build's result, for the server and the terminal.
pub struct Rebuilt {
    /// The new site to serve; `None` keeps serving the current one.
    pub served: Option<Served>,
    /// What open pages should do, if anything.
    pub message: Option<Message>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the build failed (the overlay shows `diagnostics`' errors).
    pub failed: bool,
    /// Pages per language, from a whole build (empty otherwise).
    pub summary: Vec<LanguageSummary>,
}

impl Rebuilt {
    /// A build that panicked: `error[internal]`, keeping the current site.
    fn panicked(payload: &(dyn std::any::Any + Send)) -> Rebuilt {
        let message = format!(
            "the rebuild panicked: {}. This is a bug in yomu: please report it, \
             with the edit that caused it. The next edit builds again",
            panic_message(payload)
        );
        Rebuilt {
            served: None,
            message: None,
            diagnostics: vec![Diagnostic::error("internal", message)],
            failed: true,
            summary: Vec::new(),
        }
    }

    /// The overlay's message while the build failed; `None` clears it.
    pub fn error_overlay(&self) -> Option<Message> {
        let errors: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        self.failed.then(|| Message::error(&errors))
    }
}

impl Rebuilder {
    pub fn new(root: &Path, options: BuildOptions) -> Rebuilder {
        Self::with_cache_budget(root, options, CACHE_BUDGET)
    }

    /// A rebuilder whose highlighted code, line memo and diagrams take at
    /// most `budget` bytes together (`serve --cache-mb`).
    pub fn with_cache_budget(root: &Path, options: BuildOptions, budget: usize) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            options,
            budget,
            cache: Self::cache(budget),
        }
    }

    /// Caches for serving: the search index is built when a reader first
    /// searches, not in every rebuild.
    fn cache(budget: usize) -> BuildCache {
        let mut cache = BuildCache::keeping_within(budget);
        cache.defer_search = true;
        cache
    }

    /// The bytes kept in the caches bounded by size.
    pub fn cache_bytes(&self) -> CacheBytes {
        self.cache.bytes()
    }

    /// Starts the caches over (after a panic left them half updated).
    pub fn reset(&mut self) {
        self.cache = Self::cache(self.budget);
    }

    /// Runs `build` and turns a panic into [`Rebuilt::panicked`].
    fn guarded(&mut self, build: impl FnOnce(&mut Self) -> Rebuilt) -> Rebuilt {
        match catch_unwind(AssertUnwindSafe(|| build(self))) {
            Ok(rebuilt) => rebuilt,
            Err(payload) => {
                self.reset();
                Rebuilt::panicked(payload.as_ref())
            }
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A whole build. A failed one still returns what it could build, so
    /// the first page shows the overlay over something.
    pub fn build(&mut self) -> Rebuilt {
        self.build_reporting(&Silent)
    }

    /// [`Rebuilder::build`], telling `progress` how far it has got.
    pub fn build_reporting(&mut self, progress: &dyn Progress) -> Rebuilt {
        let rebuilt = self.guarded(|this| this.build_unguarded(progress));
        Rebuilt {
            served: rebuilt.served.or_else(|| Some(self.empty())),
            ..rebuilt
        }
    }

    fn build_unguarded(&mut self, progress: &dyn Progress) -> Rebuilt {
        let result = build_site_reporting(&self.root, &self.options, &mut self.cache, progress);
        let failed = result.has_errors();
        let served = Served {
            output: result.output.unwrap_or_default(),
            base_path: self.base_path(),
            search: result.search,
        };
        Rebuilt {
            served: Some(served),
            message: None,
            diagnostics: result.diagnostics,
            failed,
            summary: result.summary,
        }
    }

    /// Rebuilds after `changed` (absolute paths) changed, given what is
    /// served now.
    pub fn rebuild(&mut self, current: &Served, changed: &[PathBuf]) -> Rebuilt {
        self.guarded(|this| this.rebuild_unguarded(current, changed))
    }

    fn rebuild_unguarded(&mut self, current: &Served, changed: &[PathBuf]) -> Rebuilt {
        injected_panic(changed);
        if let Some(output) = self.copy_static(&current.output, changed) {
            let search = current.search.clone();
            return self.compare(current, output, search, Vec::new());
        }
        // What the watcher saw change is read again whatever its metadata
        // says (a second save within the file system's clock tick).
        self.cache.load.forget(changed);
        let result = build_site_cached(&self.root, &self.options, &mut self.cache);
        if result.has_errors() {
            return Rebuilt {
                served: None,
                message: None,
                diagnostics: result.diagnostics,
                failed: true,
                summary: Vec::new(),
            };
        }
        let output = result.output.unwrap_or_default();
        self.compare(current, output, result.search, result.diagnostics)
    }

    fn compare(
        &self,
        current: &Served,
        output: Output,
        search: Option<Arc<DeferredIndex>>,
        diagnostics: Vec<Diagnostic>,
    ) -> Rebuilt {
        let served = Served {
            output,
            base_path: self.base_path(),
            search,
        };
        let message = changes(current, &served);
        Rebuilt {
            served: Some(served),
            message,
            diagnostics,
            failed: false,
            summary: Vec::new(),
        }
    }

    /// The fast path for edits to files already served from `static/` (or
    /// the theme's): only those files are read again. Anything else (a new
    /// or deleted file can change how image links resolve) returns `None`.
    fn copy_static(&self, current: &Output, changed: &[PathBuf]) -> Option<Output> {
        let theme = self.theme()?;
        let theme_static = Path::new("themes").join(theme).join("static");
        let mut updates = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root).ok()?;
            let (url, own) = if let Ok(url) = rel.strip_prefix("static") {
                (url, true)
            } else {
                (rel.strip_prefix(&theme_static).ok()?, false)
            };
            let url = url.to_str()?.replace('\\', "/");
            // A theme file the site overrides is not what is served.
            if !own && self.root.join("static").join(&url).is_file() {
                continue;
            }
            if !current.files.contains_key(&url) {
                return None;
            }
            updates.push((url, std::fs::read(path).ok()?));
        }
        let mut output = current.clone();
        for (url, bytes) in updates {
            output.insert(url, vec![Bytes::from(bytes)]);
        }
        Some(output)
    }

    /// Nothing to serve yet (the first build panicked).
    fn empty(&self) -> Served {
        Served {
            output: Output::default(),
            base_path: self.base_path(),
            search: None,
        }
    }

    fn theme(&self) -> Option<String> {
        self.config().map(|c| c.theme)
    }

    fn base_path(&self) -> String {
        self.config()
            .map(|c| c.base_path)
            .unwrap_or_else(|| "/".into())
    }

    fn config(&self) -> Option<config::Config> {
        let text = std::fs::read_to_string(self.root.join(CONFIG_FILE)).ok()?;
        let base_url = self.options.base_url.as_deref();
        config::parse(&text, Path::new(CONFIG_FILE), base_url).ok()
    }
}

/// What the pages must do to show `new` instead of `old`: nothing; swap
/// stylesheets if only CSS changed; reload the pages whose HTML changed;
/// or reload every page when anything else (an image, a script) changed.
pub fn changes(old: &Served, new: &Served) -> Option<Message> {
    let mut pages = Vec::new();
    let mut css = Vec::new();
    let mut other = false;
    let removed = old
        .output
        .files
        .keys()
        .filter(|k| !new.output.files.contains_key(*k));
    let changed = new
        .output
        .files
        .iter()
        .filter(|(key, chunks)| {
            old.output
                .files
                .get(*key)
                .is_none_or(|before| !same_content(before, chunks))
        })
        .map(|(key, _)| key);
    for key in changed.chain(removed) {
        if key.ends_with(".html") {
            pages.extend(
                crate::build::urls::url_paths_of(key)
                    .into_iter()
                    .map(|path| format!("{}{path}", new.base_path)),
            );
        } else if key.ends_with(".css") {
            css.push(format!("{}{key}", new.base_path));
        } else {
            other = true;
        }
    }
    match (pages.is_empty(), css.is_empty(), other) {
        (true, true, false) => None,
        (true, false, false) => Some(Message::Css { paths: css }),
        (false, true, false) => Some(Message::Reload { paths: Some(pages) }),
        _ => Some(Message::Reload { paths: None }),
    }
}

/// Unchanged pages come from the layout cache as the very same `Bytes`,
/// so most comparisons are pointer checks.
fn same_content(a: &[Bytes], b: &[Bytes]) -> bool {
    let shared = a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.as_ptr() == y.as_ptr() && x.len() == y.len());
    shared || a == b || a.concat() == b.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(files: &[(&str, &'static str)]) -> Served {
        let mut s = Served {
            base_path: "/".into(),
            ..Default::default()
        };
        for (path, text) in files {
            s.output
                .insert(path.to_string(), vec![Bytes::from_static(text.as_bytes())]);
        }
        s
    }

    #[test]
    fn the_rebuilder_keeps_rendered_markdown_between_builds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: T\nbase_url: https://example.org/\ndefault_language: en-US\n\
             languages:\n  - code: en-US\n    name: English\n",
        )
        .expect("site.yaml");
        std::fs::create_dir_all(root.join("content/en-US")).expect("content");
        let page = root.join("content/en-US/index.md");
        std::fs::write(&page, "# Home\n\nText.\n").expect("page");
        let mut rebuilder = Rebuilder::new(root, BuildOptions::default());
        let first = rebuilder.build();
        assert!(!first.failed, "{:?}", first.diagnostics);
        let current = first.served.expect("site");
        // Nothing changed on disk: every page comes from the cache.
        let again = rebuilder.rebuild(&current, &[page]);
        assert!(!again.failed, "{:?}", again.diagnostics);
        assert!(again.message.is_none());
        let stats = rebuilder.cache.last;
        assert_eq!((stats.rendered, stats.laid_out), (0, 0), "{stats:?}");
        assert!(stats.reused > 0, "{stats:?}");
    }

    #[test]
    fn tells_pages_what_changed() {
        let old = served(&[("en/a/index.html", "a"), ("style.css", "x"), ("i.png", "p")]);
        assert!(changes(&old, &old).is_none());
        let css = served(&[("en/a/index.html", "a"), ("style.css", "y"), ("i.png", "p")]);
        assert_eq!(
            changes(&old, &css).map(|m| m.to_json()),
            Some(r#"{"type":"css","paths":["/style.css"]}"#.into())
        );
        let page = served(&[("en/a/index.html", "b"), ("style.css", "x"), ("i.png", "p")]);
        assert_eq!(
            changes(&old, &page).map(|m| m.to_json()),
            Some(r#"{"type":"reload","paths":["/en/a/"]}"#.into())
        );
        let image = served(&[("en/a/index.html", "a"), ("style.css", "x")]);
        assert_eq!(
            changes(&old, &image).map(|m| m.to_json()),
            Some(r#"{"type":"reload"}"#.into())
        );
    }
}
