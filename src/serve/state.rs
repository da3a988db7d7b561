//! What the server holds between requests: the last good site (swapped as a
//! whole, so a request never sees half a rebuild), the current build error,
//! the rebuild counter and the channel to every open page.

use super::reload::Message;
use crate::output::Output;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::broadcast;

/// One built site as served.
#[derive(Debug, Default)]
pub struct Served {
    pub output: Output,
    /// The deploy subpath from `base_url` (`/` or `/docs/`): pages link
    /// with it, so requests carry it.
    pub base_path: String,
    /// The search index, built on the first request for it (see
    /// [`crate::search::site::DeferredIndex`]).
    pub search: Option<Arc<crate::search::site::DeferredIndex>>,
}

impl Served {
    /// The bytes of output file `key`, the search index's included.
    pub fn file(&self, key: &str) -> Option<Vec<bytes::Bytes>> {
        match self.output.files.get(key) {
            Some(chunks) => Some(chunks.clone()),
            None => self.search.as_ref()?.file(key).map(|bytes| vec![bytes]),
        }
    }
}

pub struct State {
    site: RwLock<Arc<Served>>,
    /// The error message (JSON) every page is showing, if the last build
    /// failed; sent to pages that connect while it stands.
    error: Mutex<Option<String>>,
    rebuilds: AtomicU64,
    events: broadcast::Sender<String>,
}

impl State {
    pub fn new(site: Served) -> State {
        // Pages only ever need the latest few messages; a slow page that
        // lags behind is told to reload (see the websocket handler).
        let (events, _) = broadcast::channel(64);
        State {
            site: RwLock::new(Arc::new(site)),
            error: Mutex::new(None),
            rebuilds: AtomicU64::new(0),
            events,
        }
    }

    /// The current site; cheap (one `Arc` clone), never blocks on a build.
    pub fn site(&self) -> Arc<Served> {
        match self.site.read() {
            Ok(site) => Arc::clone(&site),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn swap(&self, site: Served) {
        let site = Arc::new(site);
        match self.site.write() {
            Ok(mut slot) => *slot = site,
            Err(poisoned) => *poisoned.into_inner() = site,
        }
    }

    /// Sets or clears the standing error, and tells every page.
    pub fn set_error(&self, message: Option<Message>) {
        let json = message.map(|m| m.to_json());
        let mut slot = match self.error.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        match &json {
            Some(json) => self.send_json(json.clone()),
            None if slot.is_some() => self.send(&Message::Ok),
            None => {}
        }
        *slot = json;
    }

    pub fn current_error(&self) -> Option<String> {
        match self.error.lock() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn send(&self, message: &Message) {
        self.send_json(message.to_json());
    }

    fn send_json(&self, json: String) {
        // No receiver (no open page) is not an error.
        let _ = self.events.send(json);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.events.subscribe()
    }

    pub fn count_rebuild(&self) {
        self.rebuilds.fetch_add(1, Ordering::SeqCst);
    }

    pub fn rebuilds(&self) -> u64 {
        self.rebuilds.load(Ordering::SeqCst)
    }
}
