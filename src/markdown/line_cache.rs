//! A memo of syntect's line parser.
//!
//! Parsing is the slow part of highlighting (hundreds of microseconds per
//! line for TypeScript with fancy-regex), and docs repeat lines far more
//! often than whole blocks: `}`, imports, the same command with another
//! argument. A line's parse depends only on the parser state before it
//! and its text, so (state, text) → (operations, state after) can be
//! reused wherever the same line shows up in the same state.

use super::bounded_cache::BoundedCache;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use syntect::parsing::{ParseState, ScopeStackOp, SyntaxSet};

/// A guess at a parser state's heap size beyond the line it may capture
/// (`ParseState` does not tell): a few levels of context ids.
const STATE_BYTES: usize = 256;

/// Most states kept for one line text.
const BUCKET_LIMIT: usize = 32;

pub type Ops = Vec<(usize, ScopeStackOp)>;

struct Entry {
    syntax: String,
    line: Box<str>,
    before: ParseState,
    after: ParseState,
    ops: Ops,
}

impl Entry {
    /// About how many bytes the entry holds on the heap.
    fn weight(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.syntax.len()
            + self.line.len() * 3
            + 2 * STATE_BYTES
            + self.ops.len() * std::mem::size_of::<(usize, ScopeStackOp)>()
    }
}

pub struct LineCache {
    /// Keyed by a hash of (syntax, line); `ParseState` has no `Hash`, so
    /// states are compared within the bucket. Bounded by bytes (a long
    /// `serve` session).
    map: Mutex<BoundedCache<Vec<Entry>>>,
}

impl LineCache {
    /// A memo of at most `budget` bytes, least recently used first out.
    pub fn new(budget: usize) -> Self {
        LineCache {
            map: Mutex::new(BoundedCache::new(budget)),
        }
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The bytes kept.
    pub fn bytes(&self) -> usize {
        self.lock().bytes()
    }

    /// Parses `line` (with its newline) from `state`, advancing `state`, as
    /// `ParseState::parse_line` does; None on a grammar error.
    pub fn parse(
        &self,
        syntax: &str,
        state: &mut ParseState,
        line: &str,
        set: &SyntaxSet,
    ) -> Option<Ops> {
        let mut hasher = DefaultHasher::new();
        syntax.hash(&mut hasher);
        line.hash(&mut hasher);
        let key = hasher.finish();
        {
            let mut map = self.lock();
            let hit = map.get(key).and_then(|bucket| {
                bucket
                    .iter()
                    .find(|e| e.before == *state && *e.line == *line && e.syntax == syntax)
            });
            if let Some(e) = hit {
                *state = e.after.clone();
                return Some(e.ops.clone());
            }
        }
        // Parse without holding the lock, so other pages are not held up.
        let before = state.clone();
        let ops = state.parse_line(line, set).ok()?;
        let mut map = self.lock();
        let mut bucket = map.take(key).unwrap_or_default();
        // The same line in many states (say `}` at every depth): keep the
        // states seen first rather than scan a long list.
        if bucket.len() < BUCKET_LIMIT {
            bucket.push(Entry {
                syntax: syntax.to_string(),
                line: line.into(),
                before,
                after: state.clone(),
                ops: ops.clone(),
            });
        }
        let weight = bucket.iter().map(Entry::weight).sum();
        map.insert(key, bucket, weight);
        Some(ops)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BoundedCache<Vec<Entry>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}
