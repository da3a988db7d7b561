//! `yomu serve`: builds the site in memory, serves it from memory, watches
//! every input and pushes reloads to open pages over a websocket.
//!
//! [`Server::start`] runs it in-process (the command and the tests share
//! it): it builds, binds, and returns the bound address and a handle.

pub mod guard;
pub mod incremental;
mod listen;
pub mod reload;
pub mod server;
pub mod state;
pub mod watch;
mod watch_raw;
mod watch_roots;

use crate::build::{BuildOptions, LanguageSummary};
use crate::diagnostics::Diagnostic;
use incremental::Rebuilder;
use reload::Message;
use state::State;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::watch as signal;

pub use listen::HttpOptions;

pub struct ServeOptions {
    pub root: PathBuf,
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks any free port (tests); otherwise the first free port from here.
    pub port: u16,
    /// Allowed hosts, header timeout and connection cap.
    pub http: HttpOptions,
    /// Called after every rebuild (the command prints it; tests need not).
    pub report: Report,
    /// Megabytes for the caches bounded by size (`--cache-mb`).
    pub cache_mb: usize,
}

/// `serve --cache-mb`'s default: see `build/cache.rs`.
pub const DEFAULT_CACHE_MB: usize = crate::build::cache::CACHE_BUDGET >> 20;

pub type Report = Box<dyn Fn(&RebuildReport) + Send + 'static>;

/// What one rebuild did, for the terminal.
pub struct RebuildReport<'a> {
    pub changed: &'a [PathBuf],
    pub diagnostics: &'a [Diagnostic],
    pub failed: bool,
    pub message: Option<&'a Message>,
    pub elapsed: Duration,
}

/// A running server. Dropping it (or [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: signal::Sender<bool>,
    http: Option<JoinHandle<()>>,
    watcher: Option<watch::Watcher>,
    /// The first build's diagnostics, for the command to print.
    pub first_build: Vec<Diagnostic>,
    /// The first build's pages per language.
    pub first_summary: Vec<LanguageSummary>,
}

impl Server {
    /// Builds the site, binds `bind:port` (or the next free port), and
    /// starts serving and watching on background threads.
    pub fn start(options: ServeOptions) -> io::Result<Server> {
        Self::start_reporting(options, &crate::build::progress::Silent)
    }

    /// [`Server::start`], telling `progress` how the first build goes.
    pub fn start_reporting(
        options: ServeOptions,
        progress: &dyn crate::build::progress::Progress,
    ) -> io::Result<Server> {
        // Watcher events carry absolute paths; compare them with an
        // absolute root.
        let root = site_root(&options.root);
        let build = BuildOptions {
            stable_asset_names: true,
            ..options.build.clone()
        };
        let budget = options.cache_mb.saturating_mul(1 << 20);
        let mut rebuilder = Rebuilder::with_cache_budget(&root, build, budget);
        let first = rebuilder.build_reporting(progress);
        let overlay = first.error_overlay();
        let state = Arc::new(State::new(first.served.unwrap_or_default()));
        state.set_error(overlay);
        let listener = listen::bind(options.bind, options.port)?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let (shutdown, shutdown_rx) = signal::channel(false);
        let app = server::App {
            state: Arc::clone(&state),
            shutdown: shutdown_rx,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("yomu-http")
            .enable_all()
            .build()?;
        let http = std::thread::Builder::new()
            .name("yomu-serve".into())
            .spawn(move || runtime.block_on(listen::serve(listener, app, options.http)))?;
        let watcher = watch::Watcher::start(rebuilder, Arc::clone(&state), options.report)
            .map_err(|e| io::Error::other(format!("cannot watch the site folder: {e}")))?;
        Ok(Server {
            addr,
            state,
            shutdown,
            http: Some(http),
            watcher: Some(watcher),
            first_build: first.diagnostics,
            first_summary: first.summary,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Rebuilds done since start (the first build is not counted).
    pub fn rebuilds(&self) -> u64 {
        self.state.rebuilds()
    }

    /// Whether the last build failed (pages show the overlay).
    pub fn has_error(&self) -> bool {
        self.state.current_error().is_some()
    }

    /// Stops watching, closes every websocket, and stops serving.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(watcher) = self.watcher.take() {
            watcher.stop();
        }
        let _ = self.shutdown.send(true);
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

fn site_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}
