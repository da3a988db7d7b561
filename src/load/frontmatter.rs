//! Optional YAML front matter between `---` lines at the top of a page.

use crate::config::yaml_message;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub order: Option<f64>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub toc: Option<TocSetting>,
    pub template: Option<String>,
    pub source_hash: Option<String>,
    /// `glossary: false`: no term links itself on this page.
    pub glossary: Option<bool>,
    /// `type: faq` turns the page's sections into questions.
    #[serde(rename = "type")]
    pub page_type: Option<String>,
    /// `search: false` leaves the page out of the search index.
    pub search: Option<bool>,
}

/// `toc: false` hides the table of contents; `toc: 4` sets its depth.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum TocSetting {
    Enabled(bool),
    Depth(u8),
}

const KNOWN_KEYS: [&str; 13] = [
    "title",
    "description",
    "order",
    "slug",
    "draft",
    "aliases",
    "toc",
    "template",
    "source_hash",
    "glossary",
    "type",
    "search",
    // Accepted so that `yomu new` scaffolds can carry it; unused for now.
    "tags",
];

/// Largest front matter, in bytes: pages carry a few settings, and a
/// larger block is a mistake (a missing closing `---`) or an attack.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;
/// Deepest nesting of collections.
pub const MAX_DEPTH: usize = 64;
/// Most `*alias` uses: each can copy a whole subtree ("billion laughs").
pub const MAX_ALIASES: usize = 1_000;
/// Most YAML nodes (scalars, lists and maps).
pub const MAX_NODES: usize = 100_000;

/// A page split into front matter and body.
#[derive(Debug, Clone, Default)]
pub struct SplitPage {
    pub front: FrontMatter,
    /// Shared with the page (and `yomu serve`'s load cache) rather than
    /// copied: loading copies 10,000 bodies otherwise, one after another.
    pub body: Arc<str>,
    /// Lines before the body, so body line 1 is file line `body_line_offset + 1`.
    pub body_line_offset: u32,
}

/// Splits `text` (LF line endings) and parses the front matter. A broken
/// front matter is reported and the page keeps its body with defaults.
pub fn split(text: &str, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> SplitPage {
    let Some(rest) = text.strip_prefix("---\n") else {
        return SplitPage {
            front: FrontMatter::default(),
            body: text.into(),
            body_line_offset: 0,
        };
    };
    let mut yaml_len = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            yaml_len = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = yaml_len else {
        diagnostics.push(
            Diagnostic::error(
                "front-matter",
                "front matter opened with `---` is never closed",
            )
            .in_file(file)
            .at(1, 1),
        );
        return SplitPage {
            front: FrontMatter::default(),
            body: text.into(),
            body_line_offset: 0,
        };
    };
    let yaml = &rest[..yaml_end];
    let body_line_offset = 2 + yaml.matches('\n').count() as u32;
    SplitPage {
        front: parse_yaml(yaml, file, diagnostics),
        body: rest[body_start..].into(),
        body_line_offset,
    }
}

fn parse_yaml(yaml: &str, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> FrontMatter {
    // Front matter line 1 is file line 2, after the opening `---`.
    const FIRST_LINE: u32 = 2;
    for (i, line) in yaml.lines().enumerate() {
        if let Some(key) = top_level_key(line) {
            if !KNOWN_KEYS.contains(&key) {
                diagnostics.push(
                    Diagnostic::warning(
                        "front-matter",
                        format!("unknown front matter key `{key}`"),
                    )
                    .in_file(file)
                    .at(FIRST_LINE + i as u32, 1),
                );
            }
        }
    }
    if yaml.trim().is_empty() {
        return FrontMatter::default();
    }
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        diagnostics.push(
            Diagnostic::error(
                "front-matter",
                format!(
                    "front matter is {} bytes, more than the {MAX_FRONT_MATTER_BYTES} allowed; the page is built with default settings",
                    yaml.len()
                ),
            )
            .in_file(file)
            .at(1, 1),
        );
        return FrontMatter::default();
    }
    // serde-saphyr enforces these while parsing, before any alias is
    // expanded, and reports a breach as an error.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_nodes: MAX_NODES,
        },
    };
    match serde_saphyr::from_str_with_options::<FrontMatter>(yaml, options) {
        Ok(front) => front,
        Err(err) => {
            let (line, col) = err
                .location()
                .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
            diagnostics.push(
                Diagnostic::error("front-matter", yaml_message(&err))
                    .in_file(file)
                    .at(FIRST_LINE + line.saturating_sub(1), col),
            );
            FrontMatter::default()
        }
    }
}

fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_and_counts_lines() {
        let mut diags = Vec::new();
        let page = split(
            "---\ntitle: Hi\norder: 2\ntoc: false\n---\n# Body\n",
            Path::new("a.md"),
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(page.front.title.as_deref(), Some("Hi"));
        assert_eq!(page.front.order, Some(2.0));
        assert_eq!(page.front.toc, Some(TocSetting::Enabled(false)));
        assert_eq!(&*page.body, "# Body\n");
        assert_eq!(page.body_line_offset, 5);
    }

    #[test]
    fn unknown_key_warns_and_bad_value_errors_with_lines() {
        let mut diags = Vec::new();
        let page = split(
            "---\ntitle: Hi\ncolour: red\ndraft: maybe\n---\nbody\n",
            Path::new("a.md"),
            &mut diags,
        );
        assert_eq!(&*page.body, "body\n");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!((diags[0].code, diags[0].line), ("front-matter", 3));
        assert!(!diags[0].is_error());
        assert!(diags[1].is_error());
        assert_eq!(diags[1].line, 4, "{}", diags[1]);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let mut diags = Vec::new();
        split("---\ntitle: x\n", Path::new("a.md"), &mut diags);
        assert!(diags[0].is_error());
    }

    /// The first diagnostic of a page whose front matter is `yaml`, and
    /// how long splitting took.
    fn front_matter_error(yaml: &str) -> (Diagnostic, std::time::Duration) {
        let mut diags = Vec::new();
        let started = std::time::Instant::now();
        let page = split(
            &format!("---\n{yaml}---\nbody\n"),
            Path::new("a.md"),
            &mut diags,
        );
        let took = started.elapsed();
        assert_eq!(&*page.body, "body\n", "the body is kept");
        assert_eq!(page.front, FrontMatter::default());
        let error = diags.into_iter().find(|d| d.is_error()).expect("an error");
        (error, took)
    }

    #[test]
    fn oversized_front_matter_is_refused_unparsed() {
        let yaml = format!(
            "title: x\ndescription: {}\n",
            "a".repeat(MAX_FRONT_MATTER_BYTES)
        );
        let (error, _) = front_matter_error(&yaml);
        assert_eq!(error.line, 1);
        assert!(
            error.message.contains("more than the 262144 allowed"),
            "{error}"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        // Under a key the page ignores, so only the nesting can fail.
        let flow = format!("tags: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let (error, took) = front_matter_error(&flow);
        assert!(error.message.contains("recursion limit"), "{error}");
        assert!(took.as_secs() < 10, "{took:?}");
        let block: String = (0..200)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        let (error, _) = front_matter_error(&block);
        let depth = format!("Depth {{ depth: {} }}", MAX_DEPTH + 1);
        assert!(error.message.contains(&depth), "{error}");
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        // Nine levels of nine aliases each: 9^9 (387 million) copies of "lol".
        let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let prev = format!("*a{}", level - 1);
            let items = [prev.as_str(); 9].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        yaml.push_str("tags: *a9\n");
        let (error, took) = front_matter_error(&yaml);
        // Expanded, it would take hours and gigabytes.
        assert!(took.as_secs() < 10, "{took:?}");
        let nodes = format!("budget breached: Nodes {{ nodes: {} }}", MAX_NODES + 1);
        assert!(error.message.contains(&nodes), "{error}");
    }

    #[test]
    fn too_many_aliases_are_refused() {
        let aliases = ["*a"; MAX_ALIASES + 1].join(", ");
        let (error, _) = front_matter_error(&format!("x: &a 1\ntags: [{aliases}]\n"));
        let breach = format!(
            "budget breached: Aliases {{ aliases: {} }}",
            MAX_ALIASES + 1
        );
        assert!(error.message.contains(&breach), "{error}");
        assert_eq!(error.line, 3, "file line of the front matter's line 2");
    }
}
