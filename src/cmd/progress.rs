//! The progress line of `yomu build`: stage and pages done out of total,
//! on stderr, only when stderr is a terminal, and only once the build has
//! run for a moment (a quick build shows nothing).

use crate::build::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a build runs before the line appears.
const DEFAULT_DELAY: Duration = Duration::from_secs(1);
/// Overrides [`DEFAULT_DELAY`], in milliseconds (tests use 0).
pub const DELAY_ENV: &str = "YOMU_PROGRESS_DELAY_MS";

pub struct TerminalProgress {
    bar: ProgressBar,
    /// Dropped when the build ends, which wakes the delay thread early.
    stop: Option<mpsc::Sender<()>>,
    shower: Option<JoinHandle<()>>,
}

impl TerminalProgress {
    /// `None` when stderr is not a terminal, or with `--quiet`.
    pub fn start(quiet: bool) -> Option<TerminalProgress> {
        if quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let delay = std::env::var(DELAY_ENV)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DEFAULT_DELAY, Duration::from_millis);
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            if stopped.recv_timeout(delay) == Err(mpsc::RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Some(TerminalProgress {
            bar,
            stop: Some(stop),
            shower: Some(shower),
        })
    }

    /// Clears the line before the build's own output is printed.
    pub fn finish(mut self) {
        self.stop.take();
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: usize) {
        let template = if total == 0 {
            "{spinner} {msg}…"
        } else {
            "{spinner} {msg} {pos}/{len}"
        };
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
        self.bar.set_message(name);
    }

    fn advance(&self) {
        self.bar.inc(1);
    }
}
