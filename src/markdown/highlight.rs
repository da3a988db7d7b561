//! Build-time syntax highlighting with syntect and bat's syntax set
//! (through two-face), into CSS classes (`hl-` prefixed, as syntect's
//! `ClassStyle::SpacedPrefixed { prefix: "hl-" }` names them) so one
//! stylesheet serves light and dark mode.
//!
//! Highlighting is the hot path of a build, and translations repeat the
//! same code blocks, so results are cached per (syntax, code); below that,
//! parsed lines are memoised per (parser state, line) in `line_cache.rs`.
//!
//! Syntect's parser is quadratic in line length for some grammars (a shell
//! line of 100,000 `_` takes seconds), so the work per block is bounded: a
//! block with a line over [`MAX_LINE_CHARS`] is not parsed at all, and a
//! block still parsing after [`TIME_BUDGET`] is abandoned between lines.
//! Both are shown as plain text ([`PlainReason`]). With lines capped, one
//! line costs at most a fixed amount, so total time stays linear in the
//! input. The outcome is cached with the block, so the pre-pass
//! (`prehighlight.rs`) decides it once for the whole build.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet, SyntaxSetBuilder,
};
use syntect::util::LinesWithEndings;

use super::bounded_cache::{note_use, BoundedCache};
use super::escape_html_into;
use super::line_cache::LineCache;
use super::site_syntaxes::SiteSyntaxes;

/// Class prefix, so syntax classes (`hl-string`) cannot clash with a
/// theme's own CSS.
pub const CLASS_PREFIX: &str = "hl-";

/// Longest line, in characters, that is highlighted.
pub const MAX_LINE_CHARS: usize = 5_000;

/// Longest time one block may take to highlight. Ordinary blocks take
/// milliseconds; this is wall time, so it is generous for a loaded machine.
pub const TIME_BUDGET: Duration = Duration::from_secs(2);

/// Highlighted code: one HTML fragment per line, without the newline, with
/// every span opened on the line also closed on it.
pub type Lines = Arc<[String]>;

/// Why a block in a known language is shown as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainReason {
    /// Line `line` (1-based, in the block) has `chars` characters, more
    /// than [`MAX_LINE_CHARS`].
    LongLine { line: usize, chars: usize },
    /// Highlighting took longer than `budget`.
    OverBudget { budget: Duration },
}

/// A block's highlighted lines, or why it is shown plain.
pub type Highlighted = Result<Lines, PlainReason>;

struct CacheEntry {
    syntax: String,
    code: Box<str>,
    lines: Highlighted,
}

impl CacheEntry {
    /// About how many bytes the entry holds on the heap.
    fn weight(&self) -> usize {
        let lines: usize = match &self.lines {
            Ok(lines) => lines
                .iter()
                .map(|l| l.capacity() + std::mem::size_of::<String>())
                .sum(),
            Err(_) => 0,
        };
        std::mem::size_of::<Self>() + self.syntax.len() + self.code.len() + lines
    }
}

pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// The site's own grammars (`syntaxes/`), looked up before bat's. A
    /// set of their own: adding them to bat's set would decompress and
    /// relink all of bat's grammars, a second on every build.
    site: Option<SyntaxSet>,
    /// The site's info-string aliases, lower-cased.
    aliases: HashMap<String, String>,
    /// Which site grammars and aliases it was made with.
    site_fingerprint: u64,
    /// Highlighted blocks by hash of (syntax, code); bounded by bytes for
    /// a `serve` session that rebuilds for hours.
    cache: Mutex<BoundedCache<CacheEntry>>,
    lines: LineCache,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").finish_non_exhaustive()
    }
}

impl Highlighter {
    /// Loads bat's syntax set (with newline-terminated regexes, which the
    /// line-by-line parser needs). Takes tens of milliseconds: make one per
    /// build and share it.
    pub fn new() -> Self {
        Self::with_budget(usize::MAX, usize::MAX)
    }

    /// A highlighter whose highlighted blocks take at most `blocks` bytes
    /// and whose line memo at most `lines` (least recently used first out).
    pub fn with_budget(blocks: usize, lines: usize) -> Self {
        Self::for_site(blocks, lines, &SiteSyntaxes::default())
    }

    /// [`Highlighter::with_budget`] with a site's own grammars added to
    /// bat's, and its aliases.
    pub fn for_site(blocks: usize, lines: usize, site: &SiteSyntaxes) -> Self {
        let own = (!site.definitions.is_empty()).then(|| {
            let mut builder = SyntaxSetBuilder::new();
            for definition in &site.definitions {
                builder.add(definition.clone());
            }
            builder.build()
        });
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            site: own,
            aliases: site.aliases.clone(),
            site_fingerprint: site.fingerprint,
            cache: Mutex::new(BoundedCache::new(blocks)),
            lines: LineCache::new(lines),
        }
    }

    /// Whether it was made with these site grammars and aliases.
    pub fn is_for(&self, site: &SiteSyntaxes) -> bool {
        self.site_fingerprint == site.fingerprint
    }

    /// Frees the compiled grammars (and the line memo) but keeps the
    /// highlighted blocks: a cloned `SyntaxSet` starts uncompiled, and
    /// recompiles lazily should a block that was not highlighted ahead
    /// turn up.
    pub fn release_grammars(&mut self) {
        self.syntaxes = self.syntaxes.clone();
        self.site = self.site.clone();
        self.lines.clear();
    }

    /// One stylesheet for both colour schemes; see `theme_css.rs`.
    pub fn stylesheet() -> String {
        super::theme_css::stylesheet()
    }

    /// The syntax for an info-string language token (`rust`, `ts`, `sh`,
    /// `Dockerfile`…), by name or file extension, case-insensitively.
    pub fn find_syntax(&self, token: &str) -> Option<&SyntaxReference> {
        self.lookup(token).map(|(_, syntax)| syntax)
    }

    /// The syntax for `token` with the set it belongs to (the site's
    /// first, then bat's), which parsing it needs.
    fn lookup(&self, token: &str) -> Option<(&SyntaxSet, &SyntaxReference)> {
        let lower = token.to_ascii_lowercase();
        let wanted = match self.aliases.get(&lower) {
            Some(site_alias) => site_alias.as_str(),
            None => alias(&lower).unwrap_or(&lower),
        };
        self.site.iter().chain([&self.syntaxes]).find_map(|set| {
            set.find_syntax_by_token(wanted)
                .or_else(|| set.find_syntax_by_token(token))
                .or_else(|| {
                    // Names with spaces ("Bourne Again Shell (bash)") or
                    // odd case: fall back to a case-insensitive scan.
                    set.syntaxes()
                        .iter()
                        .find(|s| s.name.eq_ignore_ascii_case(wanted))
                })
                .map(|syntax| (set, syntax))
        })
    }

    /// Highlights `code` as the language `token`; None when no syntax
    /// matches the token, `Some(Err(reason))` when the block is too costly
    /// to highlight.
    pub fn highlight(&self, token: &str, code: &str) -> Option<Highlighted> {
        let (set, syntax) = self.lookup(token)?;
        let mut hasher = DefaultHasher::new();
        syntax.name.hash(&mut hasher);
        code.hash(&mut hasher);
        let key = hasher.finish();
        note_use(key);
        if let Some(entry) = self.lock_cache().get(key) {
            if entry.syntax == syntax.name && *entry.code == *code {
                return Some(entry.lines.clone());
            }
        }
        // Highlight without holding the lock, so pages in parallel do not
        // wait on each other.
        let lines = self
            .highlight_lines(set, syntax, code, TIME_BUDGET)
            .map(Lines::from);
        let entry = CacheEntry {
            syntax: syntax.name.clone(),
            code: code.into(),
            lines: lines.clone(),
        };
        let weight = entry.weight();
        self.lock_cache().insert(key, entry, weight);
        Some(lines)
    }

    /// Drops the highlighted blocks whose key is not in `live`.
    pub fn retain_blocks(&self, live: &HashSet<u64>) {
        self.lock_cache().retain(|key| live.contains(&key));
    }

    /// Bytes kept: (highlighted blocks, line memo).
    pub fn cache_bytes(&self) -> (usize, usize) {
        (self.lock_cache().bytes(), self.lines.bytes())
    }

    /// Lines marked up with classed spans. Syntect's spans can run across
    /// lines (block comments, strings); each line closes the spans still open
    /// at its end and reopens them at the start of the next, so every line
    /// can be wrapped in its own `<span class="line">`. A line over
    /// [`MAX_LINE_CHARS`], or going past `budget`, gives up on the block.
    fn highlight_lines(
        &self,
        set: &SyntaxSet,
        syntax: &SyntaxReference,
        code: &str,
        budget: Duration,
    ) -> Result<Vec<String>, PlainReason> {
        if let Some(reason) = long_line(code) {
            return Err(reason);
        }
        let started = Instant::now();
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut classes: HashMap<Scope, String> = HashMap::new();
        let mut out = Vec::new();
        let mut failed = false;
        for line in LinesWithEndings::from(code) {
            // Checked between lines: one capped line costs a bounded time.
            if started.elapsed() >= budget {
                return Err(PlainReason::OverBudget { budget });
            }
            let content = line.strip_suffix('\n').unwrap_or(line);
            let html = if failed {
                None
            } else {
                self.lines
                    .parse(&syntax.name, &mut state, line, set)
                    .and_then(|ops| classed_line(content, &ops, &mut stack, &mut classes))
            };
            out.push(html.unwrap_or_else(|| {
                // A grammar error: the rest of the block is plain text.
                failed = true;
                let mut s = String::new();
                escape_html_into(&mut s, content);
                s
            }));
        }
        Ok(out)
    }

    /// How many distinct blocks are highlighted and kept.
    #[cfg(test)]
    pub(crate) fn cached_blocks(&self) -> usize {
        self.lock_cache().len()
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, BoundedCache<CacheEntry>> {
        // A panic elsewhere while holding the lock leaves a usable map.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The first line longer than [`MAX_LINE_CHARS`] characters.
fn long_line(code: &str) -> Option<PlainReason> {
    code.lines().enumerate().find_map(|(i, line)| {
        // A line has at most as many characters as bytes: count only long ones.
        let chars = (line.len() > MAX_LINE_CHARS)
            .then(|| line.chars().count())
            .filter(|&chars| chars > MAX_LINE_CHARS)?;
        Some(PlainReason::LongLine { line: i + 1, chars })
    })
}

/// Info-string names that are not a syntax's name or extension in bat's
/// set.
fn alias(token: &str) -> Option<&'static str> {
    Some(match token {
        "shell" | "console" | "zsh" | "shellsession" | "shell-session" | "bash" => "sh",
        "dockerfile" | "docker" | "containerfile" => "Dockerfile",
        "golang" => "go",
        "jsonc" | "json5" => "json",
        "yml" => "yaml",
        "python3" => "py",
        "js" | "javascript" | "node" | "mjs" | "cjs" => "js",
        "ts" | "typescript" | "mts" | "cts" => "ts",
        "markdown" => "md",
        "html" | "htm" | "xhtml" => "html",
        "powershell" | "pwsh" => "ps1",
        "c++" | "cpp" => "cpp",
        "c#" | "csharp" | "cs" => "cs",
        "conf" | "nginxconf" => "nginx",
        _ => return None,
    })
}

fn classed_line(
    content: &str,
    ops: &[(usize, syntect::parsing::ScopeStackOp)],
    stack: &mut ScopeStack,
    classes: &mut HashMap<Scope, String>,
) -> Option<String> {
    let mut s = String::with_capacity(content.len() * 2);
    for scope in stack.as_slice() {
        open_span(&mut s, *scope, classes);
    }
    let mut cur = 0;
    // Syntect's trick: a span closed before any text went into it is
    // removed again, which keeps the markup small.
    let mut empty_span: Option<usize> = None;
    for (index, op) in ops {
        let index = (*index).min(content.len());
        if index > cur {
            escape_html_into(&mut s, content.get(cur..index)?);
            empty_span = None;
            cur = index;
        }
        stack
            .apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    empty_span = Some(s.len());
                    open_span(&mut s, scope, classes);
                }
                BasicScopeStackOp::Pop => {
                    match empty_span.take() {
                        Some(start) => s.truncate(start),
                        None => s.push_str("</span>"),
                    };
                }
            })
            .ok()?;
    }
    escape_html_into(&mut s, content.get(cur..)?);
    for _ in stack.as_slice() {
        s.push_str("</span>");
    }
    Some(s)
}

fn open_span(s: &mut String, scope: Scope, classes: &mut HashMap<Scope, String>) {
    let class = classes.entry(scope).or_insert_with(|| {
        let mut class = String::new();
        for atom in scope.build_string().split('.') {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str(CLASS_PREFIX);
            escape_html_into(&mut class, atom);
        }
        class
    });
    s.push_str("<span class=\"");
    s.push_str(class);
    s.push_str("\">");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub fn shared() -> &'static Highlighter {
        static H: OnceLock<Highlighter> = OnceLock::new();
        H.get_or_init(Highlighter::new)
    }

    #[test]
    fn finds_languages_by_token_and_extension() {
        let h = shared();
        for token in [
            "rust",
            "Rust",
            "rs",
            "ts",
            "TypeScript",
            "tsx",
            "yaml",
            "yml",
            "sh",
            "bash",
            "shell",
            "toml",
            "nginx",
            "Dockerfile",
            "dockerfile",
            "json",
            "js",
            "py",
            "go",
            "html",
            "css",
            "diff",
            "sql",
            "md",
            "ini",
            "c",
            "cpp",
        ] {
            assert!(h.find_syntax(token).is_some(), "no syntax for {token}");
        }
        assert!(h.find_syntax("no-such-language").is_none());
    }

    #[test]
    fn spans_are_balanced_per_line() {
        let h = shared();
        let code = "/* a\n   multi-line comment */\nlet s = \"x\";\n";
        let lines = h
            .highlight("rust", code)
            .expect("rust is known")
            .expect("short");
        assert_eq!(lines.len(), 3);
        for line in lines.iter() {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
            assert!(!line.contains('\n'));
        }
        assert!(lines[1].starts_with("<span class=\"hl-source hl-rust\"><span class=\"hl-comment"));
    }

    #[test]
    fn cache_returns_the_same_lines() {
        let h = shared();
        let lines = |token, code| h.highlight(token, code).expect("toml").expect("short");
        let a = lines("toml", "a = 1\n");
        let b = lines("TOML", "a = 1\n");
        assert!(Arc::ptr_eq(&a, &b));
        let c = lines("toml", "a = 2\n");
        assert!(!Arc::ptr_eq(&a, &c));
    }

    #[test]
    fn line_memo_keeps_parser_states_apart() {
        let h = Highlighter::new();
        let code = h
            .highlight("rust", "let a = 1;\n")
            .expect("rust")
            .expect("short");
        let commented = h
            .highlight("rust", "/*\nlet a = 1;\n*/\n")
            .expect("rust")
            .expect("short");
        // The same line inside a comment is a comment, not code.
        assert_ne!(code[0], commented[1]);
        let fresh = Highlighter::new().highlight("rust", "/*\nlet a = 1;\n*/\n");
        assert_eq!(Some(Ok(commented)), fresh);
    }

    #[test]
    fn escapes_text() {
        let lines = shared()
            .highlight("html", "<b>&amp;</b>")
            .expect("html")
            .expect("short");
        assert!(!lines[0].contains("<b>"), "{}", lines[0]);
        assert!(lines[0].contains("&lt;"), "{}", lines[0]);
    }

    #[test]
    fn a_line_over_the_limit_leaves_the_block_plain() {
        let h = shared();
        let at_limit = format!("echo a\necho {}\n", "_".repeat(MAX_LINE_CHARS - 5));
        assert!(matches!(h.highlight("sh", &at_limit), Some(Ok(_))));
        // Counted in characters, not bytes.
        let wide = format!("echo a\n\necho {}\n", "あ".repeat(MAX_LINE_CHARS - 4));
        assert_eq!(
            h.highlight("sh", &wide),
            Some(Err(PlainReason::LongLine {
                line: 3,
                chars: MAX_LINE_CHARS + 1
            }))
        );
    }

    #[test]
    fn a_block_over_the_time_budget_is_abandoned_between_lines() {
        let h = Highlighter::new();
        let (set, syntax) = h.lookup("rust").expect("rust");
        let code = "fn a() {}\nfn b() {}\n";
        let generous = h.highlight_lines(set, syntax, code, Duration::from_secs(60));
        assert_eq!(generous.map(|lines| lines.len()), Ok(2));
        assert_eq!(
            h.highlight_lines(set, syntax, code, Duration::ZERO),
            Err(PlainReason::OverBudget {
                budget: Duration::ZERO
            })
        );
    }
}
