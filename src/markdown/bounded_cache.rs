//! A cache bounded by bytes that evicts the least recently used entries
//! first. It holds what `yomu serve` keeps between rebuilds (highlighted
//! code, parsed lines, drawn diagrams). Weights are each entry's own
//! estimate of its heap size. The ordering comes from the `lru` crate.
//!
//! [`record_use`] notes which keys a page's rendering used, so the build
//! can drop entries that no current page uses (see `build/cache.rs`).

use lru::LruCache;
use std::cell::RefCell;

/// Entries by key, with their weight in bytes; never more than `budget`
/// bytes in all. An entry heavier than the whole budget is not kept.
pub struct BoundedCache<V> {
    entries: LruCache<u64, (V, usize)>,
    bytes: usize,
    budget: usize,
}

impl<V> BoundedCache<V> {
    pub fn new(budget: usize) -> Self {
        BoundedCache {
            entries: LruCache::unbounded(),
            bytes: 0,
            budget,
        }
    }

    /// The entry for `key`, which becomes the most recently used.
    pub fn get(&mut self, key: u64) -> Option<&V> {
        self.entries.get(&key).map(|(value, _)| value)
    }

    /// Takes the entry for `key` out, to change it and put it back.
    pub fn take(&mut self, key: u64) -> Option<V> {
        let (value, weight) = self.entries.pop(&key)?;
        self.bytes -= weight;
        Some(value)
    }

    /// Keeps `value` (replacing any entry for `key`), evicting the least
    /// recently used entries until it fits.
    pub fn insert(&mut self, key: u64, value: V, weight: usize) {
        self.take(key);
        if weight > self.budget {
            return;
        }
        while self.bytes + weight > self.budget {
            match self.entries.pop_lru() {
                Some((_, (_, evicted))) => self.bytes -= evicted,
                None => break,
            }
        }
        self.entries.put(key, (value, weight));
        self.bytes += weight;
    }

    /// Keeps only the entries whose key `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(u64) -> bool) {
        let mut dropped = 0;
        self.entries.retain(|key, (_, weight)| {
            let kept = keep(*key);
            if !kept {
                dropped += *weight;
            }
            kept
        });
        self.bytes -= dropped;
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// The total weight of the entries kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

thread_local! {
    /// The keys used on this thread while [`record_use`] runs.
    static USED: RefCell<Option<Vec<u64>>> = const { RefCell::new(None) };
}

/// Runs `render` (one page, on this thread) and returns the cache keys it
/// used through [`note_use`].
pub fn record_use<T>(render: impl FnOnce() -> T) -> (T, Vec<u64>) {
    /// Stops recording even if `render` panics.
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            USED.with(|used| used.borrow_mut().take());
        }
    }
    USED.with(|used| *used.borrow_mut() = Some(Vec::new()));
    let stop = Stop;
    let value = render();
    let used = USED
        .with(|used| used.borrow_mut().take())
        .unwrap_or_default();
    drop(stop);
    (value, used)
}

/// Notes that the page being rendered uses the cache entry `key`.
pub fn note_use(key: u64) {
    USED.with(|used| {
        if let Some(used) = used.borrow_mut().as_mut() {
            used.push(key);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used_to_stay_within_its_budget() {
        let mut cache = BoundedCache::new(100);
        cache.insert(1, "a", 40);
        cache.insert(2, "b", 40);
        assert_eq!(cache.get(1), Some(&"a"));
        cache.insert(3, "c", 40);
        assert_eq!(cache.get(2), None, "2 was used least recently");
        assert_eq!((cache.len(), cache.bytes()), (2, 80));
        cache.insert(4, "too big", 101);
        assert_eq!(cache.get(4), None);
        assert_eq!(cache.bytes(), 80);
        cache.insert(1, "a again", 10);
        assert_eq!(cache.bytes(), 50);
        cache.retain(|key| key == 3);
        assert_eq!((cache.len(), cache.bytes()), (1, 40));
    }

    #[test]
    fn records_the_keys_a_render_uses() {
        note_use(9);
        let ((), used) = record_use(|| {
            note_use(1);
            note_use(2);
        });
        assert_eq!(used, [1, 2]);
        note_use(3);
        let ((), used) = record_use(|| ());
        assert!(used.is_empty());
    }
}
