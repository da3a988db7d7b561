//! What the load stage keeps between builds for `yomu serve`: each page
//! file's text split into front matter and body, with the diagnostics
//! found on the way, by path, with the size, modification time and inode
//! it was read with. A file whose metadata is unchanged, and which the
//! watcher has not reported since ([`LoadCache::forget`]), is neither read
//! nor parsed again.
//!
//! A one-shot build uses [`LoadCache::default`], which keeps nothing and
//! reads every file, as it always did.

use super::frontmatter::SplitPage;
use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

#[derive(Default)]
pub struct LoadCache {
    enabled: bool,
    pages: HashMap<PathBuf, Parsed>,
    /// Files read by the last build (not found in the cache).
    pub last_read: usize,
}

/// A page file as the load stage reads it: its text split and its front
/// matter parsed, or why it could not be read.
#[derive(Clone)]
pub struct Parsed {
    stamp: Option<Stamp>,
    pub result: Arc<Result<ParsedPage, Diagnostic>>,
}

pub struct ParsedPage {
    pub split: SplitPage,
    /// Problems of the front matter.
    pub diagnostics: Vec<Diagnostic>,
    /// The line of `slug:` in the file (for its diagnostic).
    pub slug_line: u32,
}

/// What tells a file changed without reading it.
#[derive(Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: SystemTime,
    #[cfg(unix)]
    inode: (u64, u64),
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    /// From a file's metadata: the walk's, which costs no path lookup.
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }
}

impl LoadCache {
    /// A cache that keeps parsed files between builds.
    pub fn keeping() -> LoadCache {
        LoadCache {
            enabled: true,
            ..Default::default()
        }
    }

    /// Drops what is kept of `paths` (absolute; a folder drops everything
    /// under it), so the next build reads them again whatever their
    /// metadata says: a file rewritten twice within the file system's
    /// clock tick keeps its modification time.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        self.pages
            .retain(|file, _| !paths.iter().any(|changed| file.starts_with(changed)));
    }

    /// Whether the walk should take each file's [`Stamp`].
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Page file `path`, from the cache when its `stamp` (taken before
    /// reading) is unchanged, else read with `read`.
    pub(super) fn page(
        &self,
        path: &Path,
        stamp: Option<Stamp>,
        read: impl FnOnce() -> Parsed,
    ) -> (Parsed, bool) {
        if !self.enabled {
            return (read(), true);
        }
        if let Some(kept) = self.pages.get(path) {
            if stamp.is_some() && kept.stamp == stamp {
                return (kept.clone(), false);
            }
        }
        let mut parsed = read();
        parsed.stamp = stamp;
        (parsed, true)
    }

    /// Keeps this build's files: the `fresh` ones (read this time) join
    /// the ones found in the cache. Of `total` files in all, listed by
    /// `all` if needed: files deleted since are dropped.
    pub(super) fn store<'a>(
        &mut self,
        fresh: Vec<(PathBuf, Parsed)>,
        total: usize,
        all: impl FnOnce() -> HashSet<&'a Path>,
    ) {
        if !self.enabled {
            return;
        }
        self.last_read = fresh.len();
        let mut failed = 0;
        for (path, parsed) in fresh {
            // A failed read is tried again next time.
            if parsed.stamp.is_some() && parsed.result.is_ok() {
                self.pages.insert(path, parsed);
            } else {
                self.pages.remove(&path);
                failed += 1;
            }
        }
        // Every file of this build that is kept is in the cache now: if
        // the cache holds no more, no file was deleted.
        if self.pages.len() != total - failed {
            let all = all();
            self.pages.retain(|path, _| all.contains(path.as_path()));
        }
    }
}

impl Parsed {
    pub(super) fn new(result: Result<ParsedPage, Diagnostic>) -> Parsed {
        Parsed {
            stamp: None,
            result: Arc::new(result),
        }
    }
}
