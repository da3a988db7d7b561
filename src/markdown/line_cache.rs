//! A memo of syntect's line parser.
//!
//! Parsing is the slow part of highlighting (hundreds of microseconds per
//! line for TypeScript with fancy-regex), and docs repeat lines far more
//! often than whole blocks: `}`, imports, the same command with another
//! argument. A line's parse depends only on the parser state before it
//! and its text, so (state, text) → (operations, state after) can be
//! reused wherever the same line shows up in the same state.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use syntect::parsing::{ParseState, ScopeStackOp, SyntaxSet};

/// Past this many lines the memo starts over (a long `serve` session).
const LIMIT: usize = 200_000;

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

#[derive(Default)]
pub struct LineCache {
    /// Keyed by a hash of (syntax, line); `ParseState` has no `Hash`, so
    /// states are compared within the bucket.
    map: Mutex<HashMap<u64, Vec<Entry>>>,
}

impl LineCache {
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
            let map = self.lock();
            let hit = map.get(&key).and_then(|bucket| {
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
        if map.len() >= LIMIT {
            map.clear();
        }
        let bucket = map.entry(key).or_default();
        if bucket.len() >= BUCKET_LIMIT {
            // The same line in many states (say `}` at every depth): keep
            // the states seen first rather than scan a long list.
            return Some(ops);
        }
        bucket.push(Entry {
            syntax: syntax.to_string(),
            line: line.into(),
            before,
            after: state.clone(),
            ops: ops.clone(),
        });
        Some(ops)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Vec<Entry>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}
