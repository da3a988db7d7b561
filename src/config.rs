//! `site.yaml`: the site settings. Unknown keys are errors (typo
//! protection), reported with file:line.

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
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
    /// `search: false` builds no search index and no search button.
    #[serde(default = "default_true")]
    pub search: bool,
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
    pub title: String,
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
}

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
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

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        title: raw.title,
        base_url: with_trailing_slash(&base_url),
        base_path,
        theme: raw.theme,
        edit_url: raw.edit_url,
        translation_guide: raw.translation_guide,
        index_page_size: raw.index_page_size,
        search: raw.search,
        languages,
    })
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
