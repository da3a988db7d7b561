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
//!
//! Folders that move are watched again (`watch_roots.rs`). The loop runs
//! under a supervisor: should it ever panic (each build is already
//! guarded, see `incremental.rs`), the terminal and the overlay say so and
//! it starts again.

use super::incremental::{Rebuilder, Rebuilt};
use super::reload::Message;
use super::state::State;
use super::watch_raw::{RawClock, Tapped, NEXT_TAP};
use super::watch_roots::{moves_a_root, rewatch, watch_inputs, Inputs};
use super::Report;
use crate::diagnostics::Diagnostic;
use crate::guard::panic_message;
use notify::event::CreateKind;
use notify::EventKind;
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, RecommendedCache,
};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
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
pub const QUIET: Duration = Duration::from_millis(5);
/// Pause before the supervisor starts a loop that panicked again, so a
/// loop that panics at once cannot spin.
const RESTART_PAUSE: Duration = Duration::from_millis(100);

/// The top-level names under the site folder that are inputs.
pub const INPUT_DIRS: [&str; 8] = [
    "content",
    "glossary",
    "locales",
    "themes",
    "static",
    "templates",
    "components",
    "syntaxes",
];

pub type Debouncer = notify_debouncer_full::Debouncer<Tapped, RecommendedCache>;

/// What the rebuild loop hears: a debounced batch, or that a raw event
/// came in (its details are on the [`RawClock`]).
pub enum Signal {
    Batch(DebounceEventResult),
    Raw,
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
        let inputs = Arc::new(Inputs::new(rebuilder.root()));
        let (tx, rx) = mpsc::channel();
        let clock = Arc::new(RawClock::new(Arc::clone(&inputs)));
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
        let problems = watch_inputs(&inputs, &mut debouncer);
        if let Some(first) = problems.first() {
            return Err(notify::Error::generic(&first.message));
        }
        let debouncer = Arc::new(Mutex::new(Some(debouncer)));
        let shared = Arc::clone(&debouncer);
        let thread = std::thread::Builder::new()
            .name("yomu-rebuild".into())
            .spawn(move || {
                let mut rebuilding = Rebuilding {
                    inputs,
                    rx,
                    rebuilder,
                    state,
                    report,
                    debouncer: shared,
                    clock,
                    problems: Vec::new(),
                };
                rebuilding.supervise();
            })
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
    rebuilt: Rebuilt,
    elapsed: Duration,
}

/// What the rebuild thread works with; it outlives a loop that panics.
struct Rebuilding {
    inputs: Arc<Inputs>,
    rx: Receiver<Signal>,
    rebuilder: Rebuilder,
    state: Arc<State>,
    report: Report,
    debouncer: Arc<Mutex<Option<Debouncer>>>,
    clock: Arc<RawClock>,
    /// Folders that could not be watched again, shown with any build error.
    problems: Vec<Diagnostic>,
}

/// The batches gathered into one rebuild.
#[derive(Default)]
struct Gathered {
    changed: BTreeSet<PathBuf>,
    /// The newest event's time.
    seen: Option<Instant>,
    /// A folder was created: its files follow.
    folder: bool,
    /// A watched folder may have moved, or the watcher reported an error.
    rewatch: bool,
}

impl Rebuilding {
    /// Runs the rebuild loop until the watcher stops, starting it again
    /// (with fresh caches) whenever it panics.
    fn supervise(&mut self) {
        loop {
            let run = catch_unwind(AssertUnwindSafe(|| self.rebuild_loop()));
            let Err(payload) = run else { return };
            let message = format!(
                "the rebuild thread stopped ({}) and was started again. \
                 This is a bug in yomu: please report it, with what you were editing",
                panic_message(payload.as_ref())
            );
            eprintln!("error[internal]: {message}");
            self.rebuilder.reset();
            let shown = [Diagnostic::error("internal", message)];
            self.state.set_error(Some(Message::error(&shown)));
            std::thread::sleep(RESTART_PAUSE);
        }
    }

    fn rebuild_loop(&mut self) {
        let mut ahead: Option<Ahead> = None;
        while let Ok(signal) = self.rx.recv() {
            let first = match signal {
                Signal::Batch(batch) => batch,
                Signal::Raw => {
                    if ahead.is_none() {
                        if let Some(path) = self.clock.lone_edit() {
                            let started = Instant::now();
                            let rebuilt = self
                                .rebuilder
                                .rebuild(&self.state.site(), std::slice::from_ref(&path));
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
            let mut gathered = Gathered::default();
            gathered.collect(&self.inputs, first);
            // More batches already waiting are the same change; a batch of
            // several files, a new folder (its files follow), or raw events
            // newer than what the batches hold are a burst whose tail is
            // still being debounced.
            loop {
                let wait = if gathered.folder
                    || gathered.changed.len() >= BURST
                    || self.clock.pending(gathered.seen, &gathered.changed)
                {
                    SETTLE
                } else {
                    Duration::ZERO
                };
                match self.rx.recv_timeout(wait) {
                    Ok(Signal::Batch(more)) => gathered.collect(&self.inputs, more),
                    Ok(Signal::Raw) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if gathered.rewatch || !self.problems.is_empty() {
                self.watch_again();
            }
            if gathered.changed.is_empty() {
                continue;
            }
            let changed: Vec<PathBuf> = gathered.changed.into_iter().collect();
            // The build made ahead is this batch's if it saw every change.
            let ready = ahead.take().filter(|a| {
                changed.len() == 1
                    && changed[0] == a.path
                    && self.clock.last_time().is_some_and(|last| last <= a.started)
            });
            let (rebuilt, elapsed) = match ready {
                Some(a) => {
                    started = a.started;
                    (a.rebuilt, a.elapsed)
                }
                None => {
                    let rebuilt = self.rebuilder.rebuild(&self.state.site(), &changed);
                    (rebuilt, started.elapsed())
                }
            };
            self.clock.published(started);
            self.publish(rebuilt, &changed, elapsed);
        }
    }

    /// Sets up every watch again; says so when a folder cannot be watched,
    /// and when it can again.
    fn watch_again(&mut self) {
        let problems = rewatch(&self.inputs, &self.debouncer);
        if problems == self.problems {
            return;
        }
        for problem in &problems {
            eprintln!("{problem}");
        }
        if problems.is_empty() {
            println!("watching every input folder again");
        }
        self.problems = problems;
        let errors = self.problems.clone();
        self.state
            .set_error((!errors.is_empty()).then(|| Message::error(&errors)));
    }

    fn publish(&self, rebuilt: Rebuilt, changed: &[PathBuf], elapsed: Duration) {
        let state = &self.state;
        state.count_rebuild();
        let mut shown: Vec<Diagnostic> = self.problems.clone();
        if rebuilt.failed {
            shown.extend(rebuilt.diagnostics.iter().filter(|d| d.is_error()).cloned());
        }
        state.set_error((!shown.is_empty()).then(|| Message::error(&shown)));
        if let Some(served) = rebuilt.served {
            state.swap(served);
        }
        if let Some(message) = &rebuilt.message {
            state.send(message);
        }
        (self.report)(&super::RebuildReport {
            changed,
            diagnostics: &rebuilt.diagnostics,
            failed: rebuilt.failed,
            message: rebuilt.message.as_ref(),
            elapsed,
        });
    }
}

impl Gathered {
    /// Adds the input paths of a batch to `changed`, and notes what the
    /// batch says about folders and the time of its newest event.
    fn collect(&mut self, inputs: &Inputs, batch: DebounceEventResult) {
        let root = inputs.root();
        let events = match batch {
            Ok(events) => events,
            Err(_) => {
                // A watch failed (a folder removed under the watcher): set
                // them up again, and build everything.
                self.rewatch = true;
                self.changed.insert(root.to_path_buf());
                return;
            }
        };
        for DebouncedEvent { event, time } in events {
            self.seen = self.seen.max(Some(time));
            self.folder |= matches!(event.kind, EventKind::Create(CreateKind::Folder));
            self.rewatch |= moves_a_root(root, &event);
            if event.need_rescan() {
                // Events were lost: everything may have changed.
                self.changed.insert(root.to_path_buf());
                continue;
            }
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in event.paths {
                if inputs.contains(&path) {
                    // It may name another glossary folder to watch.
                    self.rewatch |= inputs.is_config(&path);
                    self.changed.insert(path);
                }
            }
        }
    }
}
