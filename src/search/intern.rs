//! Token texts → ids, shared by the threads that tokenize one language's
//! pages. A site repeats its words and bigrams on every page, so each
//! thread remembers what a word as written became (its folded, stemmed
//! tokens' ids) and what id an unspaced bigram has: a repeat costs one
//! lookup, with no folding, stemming or second table. Only a thread's
//! first sight of a piece goes to the shared table, under its lock.

use super::tokenize::{Piece, Tokenizer};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Pieces a thread remembers before it starts over, so that its memory
/// stays bounded on a site of any size.
const THREAD_PIECES: usize = 500_000;

/// The token texts of one index build, each with its id (its place in
/// the list).
pub struct Interner {
    /// Unique to this build: a thread's memory of another is dropped.
    build: u64,
    shared: Mutex<Shared>,
}

#[derive(Default)]
struct Shared {
    ids: FxHashMap<String, u32>,
    texts: Vec<String>,
}

impl Shared {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(text.to_string());
        self.ids.insert(text.to_string(), id);
        id
    }
}

static BUILDS: AtomicU64 = AtomicU64::new(1);

/// What one thread has seen of the current build.
#[derive(Default)]
struct ThreadMemory {
    build: u64,
    /// A word as written → its tokens' ids, a range of `word_ids`.
    words: FxHashMap<Box<str>, (u32, u32)>,
    word_ids: Vec<u32>,
    /// An unspaced piece's characters ([`unspaced_key`]) → its id.
    unspaced: FxHashMap<u64, u32>,
}

/// Builds a thread remembers at once: one per language, as languages are
/// indexed side by side.
const THREAD_BUILDS: usize = 4;

thread_local! {
    /// Most recent build last.
    static MEMORY: RefCell<Vec<ThreadMemory>> = const { RefCell::new(Vec::new()) };
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            build: BUILDS.fetch_add(1, Ordering::Relaxed),
            shared: Mutex::default(),
        }
    }
}

impl Interner {
    /// Calls `each(id, pos)` for each token of `text`, positions from
    /// `start`; `learned` gets each word the stemmer changed that this
    /// thread had not seen. Returns the next free position.
    pub fn tokens(
        &self,
        tokenizer: &Tokenizer,
        text: &str,
        start: u32,
        learned: &mut Vec<String>,
        each: &mut impl FnMut(u32, u32),
    ) -> u32 {
        MEMORY.with_borrow_mut(|builds| {
            let memory = self.memory_in(builds);
            let mut folded = String::new();
            super::tokenize::each_piece(text, start, &mut |piece, pos| match piece {
                Piece::Word(word) => {
                    let (from, to) = match memory.words.get(word) {
                        Some(&range) => range,
                        None => {
                            let range =
                                self.learn_word(tokenizer, word, memory, &mut folded, learned);
                            memory.words.insert(word.into(), range);
                            range
                        }
                    };
                    for &id in &memory.word_ids[from as usize..to as usize] {
                        each(id, pos);
                    }
                }
                Piece::Unspaced {
                    text,
                    first,
                    second,
                } => {
                    let key = unspaced_key(first, second);
                    let id = *memory
                        .unspaced
                        .entry(key)
                        .or_insert_with(|| self.shared().id(text));
                    each(id, pos);
                }
            })
        })
    }

    /// Folds and stems `word` (a thread's first sight of it) and gives its
    /// tokens ids: their range in `memory.word_ids`.
    fn learn_word(
        &self,
        tokenizer: &Tokenizer,
        word: &str,
        memory: &mut ThreadMemory,
        folded: &mut String,
        learned: &mut Vec<String>,
    ) -> (u32, u32) {
        let from = memory.word_ids.len() as u32;
        let mut shared = self.shared();
        tokenizer.word_tokens(word, 0, folded, &mut |token| {
            memory.word_ids.push(shared.id(token.text));
            if let Some(surface) = token.surface.filter(|s| *s != token.text) {
                learned.push(surface.to_string());
            }
        });
        (from, memory.word_ids.len() as u32)
    }

    /// This build's part of a thread's memory, made (or started over,
    /// when full) as needed.
    fn memory_in<'m>(&self, builds: &'m mut Vec<ThreadMemory>) -> &'m mut ThreadMemory {
        let at = match builds.iter().position(|m| m.build == self.build) {
            Some(at) if builds[at].len() < THREAD_PIECES => at,
            found => {
                if let Some(full) = found {
                    builds.remove(full);
                }
                if builds.len() >= THREAD_BUILDS {
                    builds.remove(0);
                }
                builds.push(ThreadMemory {
                    build: self.build,
                    ..ThreadMemory::default()
                });
                builds.len() - 1
            }
        };
        &mut builds[at]
    }

    fn shared(&self) -> std::sync::MutexGuard<'_, Shared> {
        // A panic while holding the lock leaves the table whole: each
        // change is one push and one insert.
        self.shared
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// How many ids there are so far.
    pub fn len(&self) -> usize {
        self.shared().texts.len()
    }

    /// Every text, by id; each thread forgets this build.
    pub fn into_texts(self) -> Vec<String> {
        let build = self.build;
        rayon::broadcast(|_| MEMORY.with_borrow_mut(|builds| builds.retain(|m| m.build != build)));
        let shared = self.shared.into_inner().unwrap_or_else(|p| p.into_inner());
        shared.texts
    }
}

impl ThreadMemory {
    fn len(&self) -> usize {
        self.words.len() + self.unspaced.len()
    }
}

/// An unspaced piece as one number: its characters, with a value no
/// character has standing for a missing second one.
fn unspaced_key(first: char, second: Option<char>) -> u64 {
    const NONE: u64 = 0x1F_FFFF;
    u64::from(first) << 21 | second.map_or(NONE, u64::from)
}
