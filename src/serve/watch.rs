//! Watches every input of the site and rebuilds on change. notify reports
//! raw events; notify-debouncer-full merges each file's events over 50 ms
//! (and pairs renames, which editors use to save), and the rebuild loop
//! merges batches that arrive while a burst is still going on, so a `git
//! checkout` of 500 files is one rebuild.
//!
//! The debouncer lets each file go once *it* has been quiet for 50 ms, so
//! the first batch of a burst can be a few files written early while the
//! rest are still being written. Two signs tell a burst from an edit: a
//! batch of two files or more, and raw events newer than any batch so far
//! (a [`Tapped`] watcher under the debouncer notes the time of the last
//! one). Either makes the loop wait for the burst to settle; a one-file
//! edit starts its rebuild at once.
//!
//! A one-file edit does not even wait for its batch: once raw events about
//! that one file have stopped for [`QUIET`], the loop builds ahead, while
//! the debouncer still waits out its 50 ms. When the batch comes, the
//! result is published if no raw event came in after the build started
//! and the batch has no other file; otherwise it is dropped and the batch
//! is built as usual. Only published builds count as rebuilds.

use super::incremental::Rebuilder;
use super::state::State;
use super::Report;
use notify::event::CreateKind;
use notify::{Event, EventHandler, EventKind, RecursiveMode, WatcherKind};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, RecommendedCache,
};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a file must be quiet before its change counts.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often the debouncer looks for quiet files: short, so the debounce
/// adds little beyond its 50 ms.
const TICK: Duration = Duration::from_millis(5);
/// A batch this large is part of a burst (checkout, search-and-replace):
/// wait for the rest before building. An editor's save is one file.
const BURST: usize = 2;
/// Quiet time that ends a burst: no new batch for this long. Longer than
/// the debounce, so a writer paused by a busy machine does not split it.
const SETTLE: Duration = Duration::from_millis(120);
/// Quiet time after a raw event about one file before building ahead of
/// its batch: an editor's truncate-then-write or write-then-rename is
/// over well within it.
const QUIET: Duration = Duration::from_millis(5);

/// The top-level names under the site folder that are inputs.
const INPUT_DIRS: [&str; 6] = [
    "content",
    "locales",
    "themes",
    "static",
    "templates",
    "components",
];

type Debouncer = notify_debouncer_full::Debouncer<Tapped, RecommendedCache>;

/// What the rebuild loop hears: a debounced batch, or that a raw event
/// came in (its details are on the [`RawClock`]).
enum Signal {
    Batch(DebounceEventResult),
    Raw,
}

/// When the last raw event about an input came in (before the debouncer
/// sees it), and which inputs it was about; and every input a raw event
/// named since the last published build.
struct RawClock {
    root: PathBuf,
    last: Mutex<Option<(Instant, Vec<PathBuf>)>>,
    named: Mutex<Vec<(Instant, PathBuf)>>,
}

impl RawClock {
    fn new(root: PathBuf) -> RawClock {
        RawClock {
            root,
            last: Mutex::new(None),
            named: Mutex::new(Vec::new()),
        }
    }

    /// Notes `event`; whether it was about an input.
    fn note(&self, event: &Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .iter()
            .filter(|p| is_input(&self.root, p))
            .cloned()
            .collect();
        if paths.is_empty() {
            return false;
        }
        let now = Instant::now();
        if let Ok(mut named) = self.named.lock() {
            named.extend(paths.iter().map(|p| (now, p.clone())));
        }
        if let Ok(mut last) = self.last.lock() {
            *last = Some((now, paths));
        }
        true
    }

    /// When the last raw event about an input came in.
    fn last_time(&self) -> Option<Instant> {
        self.last
            .lock()
            .ok()
            .and_then(|last| last.as_ref().map(|l| l.0))
    }

    /// The one input raw events named since the last published build,
    /// once they have been quiet for [`QUIET`]; `None` if they named
    /// several (or none).
    fn lone_edit(&self) -> Option<PathBuf> {
        loop {
            let since = self.last_time()?.elapsed();
            if since >= QUIET {
                break;
            }
            std::thread::sleep(QUIET - since);
        }
        let named = self.named.lock().ok()?;
        let first = &named.first()?.1;
        named.iter().all(|(_, p)| p == first).then(|| first.clone())
    }

    /// Forgets the inputs named before a published build started.
    fn published(&self, started: Instant) {
        if let Ok(mut named) = self.named.lock() {
            named.retain(|(time, _)| *time > started);
        }
    }

    /// Whether the last raw event came in after `seen` (the newest event
    /// of the batches received) about a file they do not have: more
    /// batches are on their way. (The debouncer drops some raw events,
    /// such as writes to a file it has just seen created, so a newer
    /// event about a file already in `changed` says nothing.)
    fn pending(&self, seen: Option<Instant>, changed: &BTreeSet<PathBuf>) -> bool {
        let Ok(last) = self.last.lock() else {
            return false;
        };
        match (last.as_ref(), seen) {
            (Some((time, paths)), Some(seen)) => {
                *time > seen && paths.iter().any(|p| !changed.contains(p))
            }
            _ => false,
        }
    }
}

/// What [`Tapped::new`] needs: the clock, and where to say a raw event
/// came in.
type Tap = (Arc<RawClock>, Sender<Signal>);

thread_local! {
    /// Hands the tap to [`Tapped::new`], which the debouncer calls on the
    /// thread that creates it.
    static NEXT_TAP: RefCell<Option<Tap>> = const { RefCell::new(None) };
}

/// The platform's watcher, noting each raw event on a [`RawClock`] before
/// passing it to the debouncer.
pub struct Tapped(notify::RecommendedWatcher);

impl notify::Watcher for Tapped {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let next = NEXT_TAP.with(|next| next.borrow_mut().take());
        let tap = move |event: notify::Result<Event>| {
            if let (Some((clock, wake)), Ok(event)) = (&next, &event) {
                if clock.note(event) {
                    // The loop has stopped only when shutting down.
                    let _ = wake.send(Signal::Raw);
                }
            }
            handler.handle_event(event);
        };
        notify::RecommendedWatcher::new(tap, config).map(Tapped)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        notify::RecommendedWatcher::kind()
    }
}

pub struct Watcher {
    debouncer: Arc<Mutex<Option<Debouncer>>>,
    thread: Option<JoinHandle<()>>,
}

impl Watcher {
    /// Starts watching `rebuilder.root()` and rebuilding into `state`.
    pub fn start(
        rebuilder: Rebuilder,
        state: Arc<State>,
        report: Report,
    ) -> notify::Result<Watcher> {
        let root = rebuilder.root().to_path_buf();
        let (tx, rx) = mpsc::channel();
        let clock = Arc::new(RawClock::new(root.clone()));
        // The tap's sender lives in the watcher, so dropping the debouncer
        // still ends the loop.
        NEXT_TAP.with(|next| *next.borrow_mut() = Some((Arc::clone(&clock), tx.clone())));
        let debouncer = new_debouncer_opt::<_, Tapped, _>(
            DEBOUNCE,
            Some(TICK),
            move |r: DebounceEventResult| {
                // The loop has stopped only when the server is shutting down.
                let _ = tx.send(Signal::Batch(r));
            },
            RecommendedCache::new(),
            notify::Config::default(),
        );
        NEXT_TAP.with(|next| next.borrow_mut().take());
        let mut debouncer = debouncer?;
        // The site folder itself, not recursively: `site.yaml` (editors
        // replace it by renaming), and input folders created later.
        debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in INPUT_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                debouncer.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        let debouncer = Arc::new(Mutex::new(Some(debouncer)));
        let shared = Arc::clone(&debouncer);
        let thread = std::thread::Builder::new()
            .name("yomu-rebuild".into())
            .spawn(move || rebuild_loop(rx, rebuilder, &state, &report, &shared, &clock))
            .map_err(notify::Error::io)?;
        Ok(Watcher {
            debouncer,
            thread: Some(thread),
        })
    }

    /// Stops watching; returns once the rebuild in progress (if any) ends.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        // Dropping the debouncer drops the channel's sender, which ends
        // the loop.
        if let Ok(mut slot) = self.debouncer.lock() {
            slot.take();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// A build made ahead of its batch.
struct Ahead {
    started: Instant,
    path: PathBuf,
    rebuilt: super::incremental::Rebuilt,
    elapsed: Duration,
}

fn rebuild_loop(
    rx: Receiver<Signal>,
    mut rebuilder: Rebuilder,
    state: &State,
    report: &Report,
    debouncer: &Mutex<Option<Debouncer>>,
    clock: &RawClock,
) {
    let root = rebuilder.root().to_path_buf();
    let mut ahead: Option<Ahead> = None;
    while let Ok(signal) = rx.recv() {
        let first = match signal {
            Signal::Batch(batch) => batch,
            Signal::Raw => {
                if ahead.is_none() {
                    if let Some(path) = clock.lone_edit() {
                        let started = Instant::now();
                        let rebuilt = rebuilder.rebuild(&state.site(), std::slice::from_ref(&path));
                        ahead = Some(Ahead {
                            started,
                            path,
                            rebuilt,
                            elapsed: started.elapsed(),
                        });
                    }
                }
                continue;
            }
        };
        let mut started = Instant::now();
        let mut changed = BTreeSet::new();
        let mut new_dirs = Vec::new();
        let mut seen = None;
        let mut burst = collect(&root, first, &mut changed, &mut new_dirs, &mut seen);
        // More batches already waiting are the same change; a batch of
        // several files, a new folder (its files follow), or raw events
        // newer than what the batches hold are a burst whose tail is
        // still being debounced.
        loop {
            let wait = if burst || changed.len() >= BURST || clock.pending(seen, &changed) {
                SETTLE
            } else {
                Duration::ZERO
            };
            match rx.recv_timeout(wait) {
                Ok(Signal::Batch(more)) => {
                    burst |= collect(&root, more, &mut changed, &mut new_dirs, &mut seen)
                }
                Ok(Signal::Raw) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        watch_new_dirs(&new_dirs, debouncer);
        if changed.is_empty() {
            continue;
        }
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        // The build made ahead is this batch's if it saw every change.
        let ready = ahead.take().filter(|a| {
            changed.len() == 1
                && changed[0] == a.path
                && clock.last_time().is_some_and(|last| last <= a.started)
        });
        let (rebuilt, elapsed) = match ready {
            Some(a) => {
                started = a.started;
                (a.rebuilt, a.elapsed)
            }
            None => {
                let rebuilt = rebuilder.rebuild(&state.site(), &changed);
                (rebuilt, started.elapsed())
            }
        };
        clock.published(started);
        state.count_rebuild();
        state.set_error(rebuilt.error_overlay());
        if let Some(served) = rebuilt.served {
            state.swap(served);
        }
        if let Some(message) = &rebuilt.message {
            state.send(message);
        }
        report(&super::RebuildReport {
            changed: &changed,
            diagnostics: &rebuilt.diagnostics,
            failed: rebuilt.failed,
            message: rebuilt.message.as_ref(),
            elapsed,
        });
    }
}

/// Adds the input paths of a batch to `changed`; notes input folders that
/// appeared at the top level, which need a watch of their own, and the
/// time of the newest event in `seen`. Returns whether a folder was
/// created.
fn collect(
    root: &Path,
    batch: DebounceEventResult,
    changed: &mut BTreeSet<PathBuf>,
    new_dirs: &mut Vec<PathBuf>,
    seen: &mut Option<Instant>,
) -> bool {
    // Watch errors (a folder removed under the watcher) carry no path to
    // rebuild; the next real change will.
    let Ok(events) = batch else { return false };
    let mut folder = false;
    for DebouncedEvent { event, time } in events {
        *seen = (*seen).max(Some(time));
        folder |= matches!(event.kind, EventKind::Create(CreateKind::Folder));
        if event.need_rescan() {
            // Events were lost: everything may have changed.
            changed.insert(root.to_path_buf());
            continue;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in event.paths {
            if !is_input(root, &path) {
                continue;
            }
            if matches!(event.kind, EventKind::Create(_)) && is_top_input_dir(root, &path) {
                new_dirs.push(path.clone());
            }
            changed.insert(path);
        }
    }
    folder
}

fn watch_new_dirs(dirs: &[PathBuf], debouncer: &Mutex<Option<Debouncer>>) {
    let Ok(mut slot) = debouncer.lock() else {
        return;
    };
    let Some(debouncer) = slot.as_mut() else {
        return;
    };
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        // Already watched (created, removed, created again) is fine.
        let _ = debouncer.watch(dir, RecursiveMode::Recursive);
    }
}

fn is_top_input_dir(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| INPUT_DIRS.contains(&n))
}

/// Whether a changed path can affect the site: `site.yaml` or anything in
/// an input folder, except editors' swap, backup and lock files.
pub fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
        return false;
    };
    let top = if rel.components().count() == 1 {
        first == crate::config::CONFIG_FILE || INPUT_DIRS.contains(&first)
    } else {
        INPUT_DIRS.contains(&first)
    };
    top && !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_editor_litter)
}

/// Vim (`.x.swp`, `x~`, `4913`), Emacs (`.#x`, `#x#`), and other hidden
/// files, which are never pages and are how editors save atomically.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_everything_but_inputs() {
        let root = Path::new("/site");
        for yes in [
            "/site/site.yaml",
            "/site/content/en-US/a.md",
            "/site/themes/default/static/style.css",
            "/site/static",
            "/site/locales/en-US.ftl",
        ] {
            assert!(is_input(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/target/debug/x",
            "/site/README.md",
            "/site/content/en-US/.a.md.swp",
            "/site/content/en-US/a.md~",
            "/site/content/en-US/.#a.md",
            "/site/content/en-US/4913",
            "/site/content/en-US/#a.md#",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_input(root, Path::new(no)), "{no}");
        }
    }
}
