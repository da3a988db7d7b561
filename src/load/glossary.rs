//! `glossary/<lang>.yaml`: the terms that link themselves in pages and make
//! up the glossary page. Every problem is a diagnostic with file:line; a
//! broken file leaves the language without a glossary, never the build.

use super::text;
use crate::config::{yaml_message, Config};
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Longest `short`, in characters: it is a tooltip, not an article.
pub const MAX_SHORT_CHARS: usize = 160;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Glossary {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// A translation's stamp of the source glossary it matches
    /// (`yomu i18n stamp glossary/<lang>.yaml` writes it).
    pub source_hash: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub id: String,
    pub term: String,
    pub aliases: Vec<String>,
    pub reading: Option<String>,
    pub short: Option<String>,
    pub body: String,
    pub exclude: Vec<String>,
    /// Matches inside kanji compounds too (off: 「運営者」 is not found in 「運営者側」).
    pub inside_kanji: bool,
    /// A site path (`/docs/x/`): the page that explains the term itself,
    /// where it is not linked.
    pub page: Option<String>,
    /// Line of the entry's `id:` in the file.
    pub line: u32,
}

impl Entry {
    /// The term, then its aliases: every form that links to the entry.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    source_hash: Option<String>,
    #[serde(default)]
    terms: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    term: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    reading: Option<String>,
    #[serde(default)]
    short: Option<Spanned<String>>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    inside_kanji: bool,
    #[serde(default)]
    page: Option<String>,
}

/// The glossary file of a language: `<folder>/<code>.yaml`, else
/// `<folder>/<dir>.yaml` (the folder is `glossary.dir` in site.yaml).
pub fn file_of(root: &Path, folder: &str, code: &str, dir: &str) -> Option<PathBuf> {
    [code, dir]
        .iter()
        .map(|name| Path::new(folder).join(format!("{name}.yaml")))
        .find(|shown| root.join(shown).is_file())
}

/// One glossary per language (`None` where the language has no file).
pub fn load_all(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<Glossary>> {
    let glossaries: Vec<Option<Glossary>> = config
        .languages
        .iter()
        .map(|language| {
            let shown = file_of(root, &config.glossary.dir, &language.code, &language.dir)?;
            let text = match text::read(&root.join(&shown), &shown) {
                Ok(text) => text,
                Err(diag) => {
                    diagnostics.push(diag);
                    return None;
                }
            };
            Some(parse(&text, &shown, diagnostics))
        })
        .collect();
    check_translations(&glossaries, diagnostics);
    glossaries
}

/// Parses one glossary file; problems are pushed to `diagnostics`.
pub fn parse(text: &str, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Glossary {
    let error = |line: u64, col: u64, message: String| {
        Diagnostic::error("glossary", message)
            .in_file(file)
            .at(line as u32, col as u32)
    };
    let mut glossary = Glossary {
        file: file.to_path_buf(),
        ..Glossary::default()
    };
    if text.trim().is_empty() {
        return glossary;
    }
    let options = serde_saphyr::options! { strict_booleans: true };
    let raw: RawFile = match serde_saphyr::from_str_with_options(text, options) {
        Ok(raw) => raw,
        Err(err) => {
            let (line, col) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
            diagnostics.push(error(line, col, yaml_message(&err)));
            return glossary;
        }
    };
    glossary.source_hash = raw.source_hash;
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut forms: HashMap<String, (String, u64)> = HashMap::new();
    for entry in raw.terms {
        let line = entry.id.referenced.line();
        let id = entry.id.value.trim().to_string();
        if id.is_empty() || id.contains(char::is_whitespace) || id.contains('#') {
            diagnostics.push(error(
                line,
                entry.id.referenced.column(),
                format!("glossary id `{id}` must be one word without spaces or `#`"),
            ));
            continue;
        }
        if let Some(first) = ids.insert(id.clone(), line) {
            diagnostics.push(error(
                line,
                entry.id.referenced.column(),
                format!("duplicate glossary id `{id}` (first on line {first})"),
            ));
            continue;
        }
        let mut aliases = Vec::new();
        let term_form = (entry.term.clone(), line);
        let alias_forms = entry
            .aliases
            .iter()
            .map(|a| (a.value.clone(), a.referenced.line()));
        for (form, form_line) in std::iter::once(term_form).chain(alias_forms) {
            let key = crate::markdown::glossary_key(&form);
            if key.is_empty() {
                continue;
            }
            match forms.get(&key) {
                Some((owner, _)) if *owner == id => continue,
                Some((owner, owner_line)) => {
                    diagnostics.push(error(
                        form_line,
                        1,
                        format!(
                            "`{form}` names both `{owner}` (line {owner_line}) and `{id}`: a term or alias can link to one entry only"
                        ),
                    ));
                    continue;
                }
                None => {
                    forms.insert(key, (id.clone(), form_line));
                }
            }
            if form != entry.term {
                aliases.push(form);
            }
        }
        let short = entry.short.map(|short| {
            let chars = short.value.chars().count();
            if chars > MAX_SHORT_CHARS {
                diagnostics.push(
                    Diagnostic::warning(
                        "glossary",
                        format!(
                            "`short` of `{id}` has {chars} characters; a tooltip holds at most {MAX_SHORT_CHARS}"
                        ),
                    )
                    .in_file(file)
                    .at(short.referenced.line() as u32, short.referenced.column() as u32),
                );
            }
            short.value.trim().to_string()
        });
        glossary.entries.push(Entry {
            id,
            term: entry.term,
            aliases,
            reading: entry.reading,
            short: short.filter(|s| !s.is_empty()),
            body: entry.body,
            exclude: entry.exclude,
            inside_kanji: entry.inside_kanji,
            page: entry.page,
            line: line as u32,
        });
    }
    glossary
}

/// Each translation defines the source's ids, so links keep their targets.
fn check_translations(glossaries: &[Option<Glossary>], diagnostics: &mut Vec<Diagnostic>) {
    let Some(Some(source)) = glossaries.first() else {
        return;
    };
    for translation in glossaries.iter().skip(1).flatten() {
        for entry in &source.entries {
            if !translation.entries.iter().any(|e| e.id == entry.id) {
                diagnostics.push(
                    Diagnostic::warning(
                        "glossary",
                        format!(
                            "glossary id `{}` ({}:{}) is missing in this translation",
                            entry.id,
                            source.file.display(),
                            entry.line
                        ),
                    )
                    .in_file(&translation.file)
                    .at(1, 1),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Glossary, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let glossary = parse(text, Path::new("glossary/ja-JP.yaml"), &mut diagnostics);
        (glossary, diagnostics)
    }

    #[test]
    fn reads_entries_with_their_lines() {
        let (g, d) = parse_str(
            "terms:\n  - id: server\n    term: サーバー\n    aliases: [インスタンス]\n    reading: さーばー\n    short: 人が集まる場所\n    exclude: [サーバーレス]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.entries.len(), 1);
        let e = &g.entries[0];
        assert_eq!((e.id.as_str(), e.line), ("server", 2));
        assert_eq!(e.aliases, ["インスタンス"]);
        assert_eq!(e.exclude, ["サーバーレス"]);
        assert_eq!(e.short.as_deref(), Some("人が集まる場所"));
    }

    #[test]
    fn unknown_key_has_its_line() {
        let (_, d) = parse_str("terms:\n  - id: a\n    term: A\n    colour: red\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 4, "{}", d[0]);
        assert!(d[0].message.contains("colour"), "{}", d[0]);
    }

    #[test]
    fn duplicate_id_and_shared_alias_are_reported_where_they_are() {
        let (g, d) = parse_str(
            "terms:\n  - id: a\n    term: Alpha\n  - id: a\n    term: Other\n  - id: b\n    term: Beta\n    aliases: [ALPHA]\n",
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].message.contains("duplicate glossary id `a`"),
            "{}",
            d[0]
        );
        assert_eq!(d[0].line, 4);
        assert!(d[1].message.contains("`ALPHA` names both `a`"), "{}", d[1]);
        assert_eq!(d[1].line, 8);
        assert_eq!(g.entries.len(), 2);
        assert!(g.entries[1].aliases.is_empty());
    }

    #[test]
    fn long_short_is_a_warning() {
        let long = "あ".repeat(MAX_SHORT_CHARS + 1);
        let (g, d) = parse_str(&format!(
            "terms:\n  - id: a\n    term: A\n    short: {long}\n"
        ));
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert_eq!(d[0].line, 4);
        assert_eq!(g.entries.len(), 1);
    }

    #[test]
    fn id_missing_in_a_translation_is_reported_on_the_translation() {
        let mut d = Vec::new();
        let ja = parse(
            "terms:\n  - id: a\n    term: あ\n  - id: b\n    term: い\n",
            Path::new("glossary/ja-JP.yaml"),
            &mut d,
        );
        let en = parse(
            "terms:\n  - id: a\n    term: A\n",
            Path::new("glossary/en-US.yaml"),
            &mut d,
        );
        check_translations(&[Some(ja), Some(en)], &mut d);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].file.as_deref(), Some(Path::new("glossary/en-US.yaml")));
        assert!(
            d[0].message.contains("`b` (glossary/ja-JP.yaml:4)"),
            "{}",
            d[0]
        );
    }
}
