//! The raw-event tap under the debouncer: the platform's watcher, noting
//! when the last raw event about an input came in (and which), so the
//! rebuild loop can tell a burst still going on from a finished edit, and
//! build a one-file edit ahead of its debounced batch (see `watch.rs`).

use super::watch::{Signal, QUIET};
use super::watch_roots::Inputs;
use notify::{Event, EventHandler, EventKind, RecursiveMode, WatcherKind};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// When the last raw event about an input came in (before the debouncer
/// sees it), and which inputs it was about; and every input a raw event
/// named since the last published build.
pub struct RawClock {
    inputs: Arc<Inputs>,
    last: Mutex<Option<(Instant, Vec<PathBuf>)>>,
    named: Mutex<Vec<(Instant, PathBuf)>>,
}

impl RawClock {
    pub fn new(inputs: Arc<Inputs>) -> RawClock {
        RawClock {
            inputs,
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
            .filter(|p| self.inputs.contains(p))
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
    pub fn last_time(&self) -> Option<Instant> {
        self.last
            .lock()
            .ok()
            .and_then(|last| last.as_ref().map(|l| l.0))
    }

    /// The one input raw events named since the last published build,
    /// once they have been quiet for [`QUIET`]; `None` if they named
    /// several (or none).
    pub fn lone_edit(&self) -> Option<PathBuf> {
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
    pub fn published(&self, started: Instant) {
        if let Ok(mut named) = self.named.lock() {
            named.retain(|(time, _)| *time > started);
        }
    }

    /// Whether the last raw event came in after `seen` (the newest event
    /// of the batches received) about a file they do not have: more
    /// batches are on their way. (The debouncer drops some raw events,
    /// such as writes to a file it has just seen created, so a newer
    /// event about a file already in `changed` says nothing.)
    pub fn pending(&self, seen: Option<Instant>, changed: &BTreeSet<PathBuf>) -> bool {
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
pub type Tap = (Arc<RawClock>, Sender<Signal>);

thread_local! {
    /// Hands the tap to [`Tapped::new`], which the debouncer calls on the
    /// thread that creates it.
    pub static NEXT_TAP: RefCell<Option<Tap>> = const { RefCell::new(None) };
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
