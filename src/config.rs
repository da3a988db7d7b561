//! `site.yaml`: the site settings. Unknown keys are errors (typo
//! protection), reported with file:line.

use crate::build::urls::UrlStyle;
use crate::diagnostics::Diagnostic;
use crate::policy::{CheckLevel, CheckPolicy, IgnoredPaths};
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: SiteTitle,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<LanguageConfig>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub edit_url: Option<String>,
    #[serde(default)]
    pub translation_guide: Option<String>,
    #[serde(default = "default_index_page_size")]
    pub index_page_size: usize,
    /// Severity per diagnostic class (see `policy::CLASSES`).
    #[serde(default)]
    pub checks: std::collections::BTreeMap<String, CheckLevel>,
    /// Same-domain URL paths the site does not build; links to them are
    /// not checked.
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub highlight: HighlightConfig,
    /// `false`: page URLs without a trailing slash (`/a/b`, `a/b.html`).
    #[serde(default = "default_trailing_slash")]
    pub trailing_slash: bool,
    #[serde(default)]
    pub glossary: GlossaryConfig,
    /// `schema.org/FAQPage` JSON-LD on `type: faq` pages (off: search
    /// engines stopped showing it for most sites in 2023).
    #[serde(default)]
    pub faq_jsonld: bool,
    /// The heading level of the questions on `type: faq` pages (2 or 3).
    #[serde(default = "default_faq_level")]
    pub faq_level: u8,
    /// `search: false` builds no search index and no search button.
    #[serde(default = "default_true")]
    pub search: bool,
}

fn default_trailing_slash() -> bool {
    true
}

/// `highlight:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightConfig {
    /// Extra info-string names → a syntax's name or extension
    /// (`ais: aiscript`).
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, String>,
}

fn default_faq_level() -> u8 {
    2
}

/// `glossary:` in site.yaml: where the glossary page goes and how often
/// terms link themselves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    /// URL segment of each language's glossary page.
    #[serde(default = "default_glossary_path")]
    pub path: String,
    #[serde(default)]
    pub link: GlossaryLink,
    /// Folder of the glossary files, relative to the site folder.
    #[serde(default = "default_glossary_path")]
    pub dir: String,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig {
            path: default_glossary_path(),
            link: GlossaryLink::default(),
            dir: default_glossary_path(),
        }
    }
}

fn default_glossary_path() -> String {
    "glossary".to_string()
}

/// Which occurrences of a term link to its entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GlossaryLink {
    #[default]
    FirstPerPage,
    FirstPerSection,
    Every,
    Off,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub dir: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
}

/// `title: Docs`, or one per language: `title: {ja-JP: ドキュメント, en-US: Docs}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SiteTitle {
    One(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_true() -> bool {
    true
}

/// Entries per folder index page before it continues on `page/2/`.
fn default_index_page_size() -> usize {
    200
}

fn default_theme() -> String {
    "default".to_string()
}

/// A language with its defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 tag, for `<html lang>`.
    pub code: String,
    pub name: String,
    /// Folder under `content/`.
    pub dir: String,
    /// URL prefix without slashes; empty puts the language at the site root.
    pub path: String,
}

impl Language {
    /// The URL path of the language's root, relative to the deploy subpath:
    /// `"ja/"`, or `""` for a root language.
    pub fn url_prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}/", self.path)
        }
    }

    pub fn is_rtl(&self) -> bool {
        const RTL: [&str; 8] = ["ar", "he", "fa", "ur", "ps", "sd", "yi", "dv"];
        let primary = self.code.split('-').next().unwrap_or_default();
        RTL.iter().any(|l| l.eq_ignore_ascii_case(primary))
    }
}

/// The parsed and validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The default language's title (see `title_in` for the others).
    pub title: String,
    /// The title in each language, in the order of `languages`.
    pub titles: Vec<String>,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/sub/`), prefixed to every link.
    pub base_path: String,
    pub theme: String,
    pub edit_url: Option<String>,
    /// Where the "not translated yet" notice sends readers who could help:
    /// a locale-neutral site path (`/guide/translating/`) or a URL.
    pub translation_guide: Option<String>,
    /// Entries a folder's index page lists before the rest go on to
    /// `page/2/`, `page/3/`…
    pub index_page_size: usize,
    /// Whether the site has built-in search (`search:` in site.yaml).
    pub search: bool,
    /// The default (source) language comes first.
    pub languages: Vec<Language>,
    pub checks: CheckPolicy,
    pub ignore: IgnoredPaths,
    pub url_style: UrlStyle,
    /// `highlight.aliases`: info-string name → syntax.
    pub highlight_aliases: std::collections::BTreeMap<String, String>,
    pub glossary: GlossaryConfig,
    pub faq_jsonld: bool,
    pub faq_level: u8,
}

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The site's title in language `lang` (an index into `languages`).
    pub fn title_in(&self, lang: usize) -> &str {
        self.titles.get(lang).unwrap_or(&self.title)
    }
}

/// Parses `site.yaml` text. `base_url_override` comes from `--base-url`.
pub fn parse(
    text: &str,
    file: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let options = serde_saphyr::options! { strict_booleans: true };
    let raw: SiteConfig = serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let (line, col) = err
            .location()
            .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
        vec![Diagnostic::error("config", yaml_message(&err))
            .in_file(file)
            .at(line, col)]
    })?;
    validate(raw, text, file, base_url_override)
}

/// The YAML error without the source snippet serde-saphyr adds, since the
/// diagnostic already carries the location.
pub fn yaml_message(err: &serde_saphyr::Error) -> String {
    let message = err.without_snippet().to_string();
    message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn validate(
    raw: SiteConfig,
    text: &str,
    file: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let key_error = |key: &str, message: String| {
        Diagnostic::error("config", message)
            .in_file(file)
            .at(key_line(text, key), 1)
    };

    let base_url = base_url_override.unwrap_or(&raw.base_url).to_string();
    let base_path = match base_path_of(&base_url) {
        Some(path) => path,
        None => {
            problems.push(key_error(
                "base_url",
                format!("`base_url` must be an http(s) URL or a path starting with `/`, not `{base_url}`"),
            ));
            "/".to_string()
        }
    };

    let mut languages: Vec<Language> = raw
        .languages
        .iter()
        .map(|l| {
            let dir = l.dir.clone().unwrap_or_else(|| l.code.clone());
            let path = l.path.clone().unwrap_or_else(|| dir.clone());
            Language {
                code: l.code.clone(),
                name: l.name.clone(),
                dir,
                path: path.trim_matches('/').to_string(),
            }
        })
        .collect();

    if raw.index_page_size == 0 {
        problems.push(key_error(
            "index_page_size",
            "`index_page_size` must be at least 1".into(),
        ));
    }
    if !is_safe_segment(&raw.glossary.path) {
        problems.push(key_error(
            "glossary",
            format!(
                "`glossary.path` must be one URL segment, not `{}`",
                raw.glossary.path
            ),
        ));
    }
    if !(2..=3).contains(&raw.faq_level) {
        problems.push(key_error(
            "faq_level",
            format!("`faq_level` must be 2 or 3, not {}", raw.faq_level),
        ));
    }
    let glossary_dir_safe = raw.glossary.dir.split('/').all(is_safe_segment);
    if !glossary_dir_safe {
        problems.push(key_error(
            "glossary",
            format!(
                "`glossary.dir` must be a folder inside the site, not `{}`",
                raw.glossary.dir
            ),
        ));
    }
    if languages.is_empty() {
        problems.push(key_error(
            "languages",
            "`languages` lists no language".into(),
        ));
    }
    for (i, lang) in languages.iter().enumerate() {
        if !is_safe_segment(&lang.dir) {
            problems.push(key_error(
                "languages",
                format!(
                    "language `{}` has an unsafe `dir`: `{}`",
                    lang.code, lang.dir
                ),
            ));
        }
        if !lang.path.split('/').all(is_safe_segment) && !lang.path.is_empty() {
            problems.push(key_error(
                "languages",
                format!(
                    "language `{}` has an unsafe `path`: `{}`",
                    lang.code, lang.path
                ),
            ));
        }
        for other in &languages[..i] {
            if other.code == lang.code || other.dir == lang.dir || other.path == lang.path {
                problems.push(key_error(
                    "languages",
                    format!(
                        "languages `{}` and `{}` share a code, dir or path",
                        other.code, lang.code
                    ),
                ));
            }
        }
    }
    match languages
        .iter()
        .position(|l| l.code == raw.default_language)
    {
        Some(i) => {
            let default = languages.remove(i);
            languages.insert(0, default);
        }
        None => problems.push(key_error(
            "default_language",
            format!(
                "`default_language: {}` is not one of the codes under `languages`",
                raw.default_language
            ),
        )),
    }

    let titles = titles_by_language(&raw.title, &languages, |m| {
        problems.push(key_error("title", m))
    });
    let checks = CheckPolicy::new(&raw.checks).unwrap_or_else(|message| {
        problems.push(key_error("checks", message));
        CheckPolicy::default()
    });
    let ignore = IgnoredPaths::new(&raw.ignore).unwrap_or_else(|message| {
        problems.push(key_error("ignore", message));
        IgnoredPaths::default()
    });

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        title: titles.first().cloned().unwrap_or_default(),
        titles,
        base_url: with_trailing_slash(&base_url),
        base_path,
        theme: raw.theme,
        edit_url: raw.edit_url,
        translation_guide: raw.translation_guide,
        index_page_size: raw.index_page_size,
        search: raw.search,
        languages,
        checks,
        ignore,
        highlight_aliases: raw.highlight.aliases,
        url_style: UrlStyle {
            trailing_slash: raw.trailing_slash,
        },
        glossary: raw.glossary,
        faq_jsonld: raw.faq_jsonld,
        faq_level: raw.faq_level,
    })
}

/// The title of each language (default first). A map must name the
/// default language; a language it leaves out gets the default's title.
fn titles_by_language(
    title: &SiteTitle,
    languages: &[Language],
    mut problem: impl FnMut(String),
) -> Vec<String> {
    let map = match title {
        SiteTitle::One(title) => return vec![title.clone(); languages.len()],
        SiteTitle::PerLanguage(map) => map,
    };
    for code in map.keys() {
        if !languages.iter().any(|l| &l.code == code) {
            problem(format!(
                "`title` names `{code}`, which is not one of the codes under `languages`"
            ));
        }
    }
    let default = languages.first().and_then(|l| map.get(&l.code));
    if default.is_none() {
        problem("`title` must give a title for the default language".into());
    }
    let default = default.cloned().unwrap_or_default();
    languages
        .iter()
        .map(|l| map.get(&l.code).unwrap_or(&default).clone())
        .collect()
}

/// A single path segment that cannot climb out of a folder.
pub fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '\\', '\0', ':'])
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// `https://host/sub` → `/sub/`; a bare path (`/sub/`) is its own base
/// path; `None` for anything else.
fn base_path_of(url: &str) -> Option<String> {
    let path = if url.starts_with('/') && !url.starts_with("//") {
        url
    } else {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return None;
        }
        path
    };
    if path.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    let path = path.trim_matches('/');
    Some(if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    })
}

/// Line of a top-level `key:` in the YAML text, for diagnostics that are
/// found after parsing.
pub fn key_line(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: T\nbase_url: https://example.org/sub\ndefault_language: ja-JP\nlanguages:\n  - code: en-US\n    name: English\n    path: en\n  - code: ja-JP\n    name: 日本語\n    path: ja\n";

    #[test]
    fn fills_defaults_and_puts_the_default_language_first() {
        let config = parse(GOOD, Path::new("site.yaml"), None).expect("valid");
        assert_eq!(config.base_path, "/sub/");
        assert_eq!(config.base_url, "https://example.org/sub/");
        assert_eq!(config.languages[0].code, "ja-JP");
        assert_eq!(config.languages[0].dir, "ja-JP");
        assert_eq!(config.languages[1].path, "en");
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = format!("{GOOD}colour: red\n");
        let errors = parse(&text, Path::new("site.yaml"), None).expect_err("unknown key");
        assert_eq!(errors[0].code, "config");
        assert_eq!(errors[0].line, 11, "{}", errors[0]);
        assert!(errors[0].message.contains("colour"), "{}", errors[0]);
    }

    #[test]
    fn unknown_default_language_is_reported() {
        let text = GOOD.replace("default_language: ja-JP", "default_language: fr");
        let errors = parse(&text, Path::new("site.yaml"), None).expect_err("bad default");
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn title_may_differ_by_language() {
        let text = GOOD.replace("title: T", "title:\n  ja-JP: ドキュメント\n  en-US: Docs");
        let config = parse(&text, Path::new("site.yaml"), None).expect("valid");
        assert_eq!(config.title, "ドキュメント");
        assert_eq!(config.title_in(0), "ドキュメント");
        assert_eq!(config.title_in(1), "Docs");
        let partial = GOOD.replace("title: T", "title:\n  ja-JP: ドキュメント");
        let config = parse(&partial, Path::new("site.yaml"), None).expect("valid");
        assert_eq!(config.title_in(1), "ドキュメント");
        let bad = GOOD.replace("title: T", "title:\n  en-US: Docs\n  fr: Docs");
        let errors = parse(&bad, Path::new("site.yaml"), None).expect_err("no default, fr");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.line == 1), "{errors:?}");
    }

    #[test]
    fn base_url_override_sets_the_subpath() {
        let config = parse(
            GOOD,
            Path::new("site.yaml"),
            Some("http://localhost:8000/x/y/"),
        )
        .expect("ok");
        assert_eq!(config.base_path, "/x/y/");
    }
}
