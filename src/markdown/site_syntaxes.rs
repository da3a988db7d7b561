//! A site's own grammars (`syntaxes/*.sublime-syntax`, loaded beside
//! bat's) and info-string aliases (`highlight.aliases` in site.yaml).

use crate::diagnostics::Diagnostic;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;
use syntect::parsing::syntax_definition::SyntaxDefinition;
use syntect::parsing::ParseSyntaxError;

/// The folder under the site root.
pub const SYNTAXES_DIR: &str = "syntaxes";

#[derive(Debug, Clone, Default)]
pub struct SiteSyntaxes {
    pub definitions: Vec<SyntaxDefinition>,
    /// Lower-cased info-string name → the syntax's name or extension.
    pub aliases: HashMap<String, String>,
    /// Changes when a grammar file or an alias does, so a kept
    /// highlighter is rebuilt only then.
    pub fingerprint: u64,
}

impl SiteSyntaxes {
    /// Reads every `.sublime-syntax` in `syntaxes/` (sorted, so the
    /// result is stable); one that fails to load is a diagnostic at its
    /// file and line.
    pub fn load(
        root: &Path,
        aliases: &BTreeMap<String, String>,
    ) -> (SiteSyntaxes, Vec<Diagnostic>) {
        let mut hasher = DefaultHasher::new();
        aliases.hash(&mut hasher);
        let mut site = SiteSyntaxes {
            aliases: aliases
                .iter()
                .map(|(from, to)| (from.to_ascii_lowercase(), to.clone()))
                .collect(),
            ..SiteSyntaxes::default()
        };
        let mut diagnostics = Vec::new();
        let mut files: Vec<_> = walkdir::WalkDir::new(root.join(SYNTAXES_DIR))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file()
                    && e.path().extension().is_some_and(|x| x == "sublime-syntax")
            })
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for path in files {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(err) => {
                    diagnostics.push(
                        Diagnostic::error("highlight", format!("cannot read grammar: {err}"))
                            .in_file(&shown),
                    );
                    continue;
                }
            };
            shown.hash(&mut hasher);
            text.hash(&mut hasher);
            let fallback_name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            match SyntaxDefinition::load_from_str(&text, true, fallback_name.as_deref()) {
                Ok(definition) => site.definitions.push(definition),
                Err(err) => {
                    let (line, col) = error_position(&err);
                    diagnostics.push(
                        Diagnostic::error("highlight", format!("grammar does not load: {err}"))
                            .in_file(&shown)
                            .at(line, col),
                    );
                }
            }
        }
        site.fingerprint = hasher.finish();
        (site, diagnostics)
    }
}

/// The 1-based position of a YAML error; (0, 0) for other problems.
fn error_position(err: &ParseSyntaxError) -> (u32, u32) {
    match err {
        ParseSyntaxError::InvalidYaml(scan) => {
            let marker = scan.marker();
            (marker.line() as u32, marker.col() as u32 + 1)
        }
        _ => (0, 0),
    }
}
