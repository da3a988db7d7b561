//! `yomu i18n status --format json`: a stable schema for CI bots,
//! documented in the guide's "Translating" page. Adding a field is allowed
//! within a `schema_version`; renaming, removing or changing the meaning of
//! one bumps it.

use super::status::{Basis, FileStatus, LanguageStatus, SiteStatus, State, UntranslatedText};
use super::ui_keys::KeyRef;
use crate::load::Site;
use serde::Serialize;
use std::path::Path;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report<'a> {
    schema_version: u32,
    /// BCP 47 code of the default (source) language.
    source_language: &'a str,
    languages: Vec<Language<'a>>,
}

#[derive(Serialize)]
struct Language<'a> {
    code: &'a str,
    name: &'a str,
    /// Percent, one decimal.
    coverage: f64,
    pages: Pages,
    text: Text,
    ui_strings: UiStrings<'a>,
    /// Worst first.
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct Pages {
    /// Pages of the source language (generated folder indexes excluded).
    source: usize,
    current: usize,
    outdated: usize,
    unstamped: usize,
    missing: usize,
    extra: usize,
}

#[derive(Serialize)]
struct Text {
    /// Paragraphs, list items and headings still in the source language.
    untranslated: usize,
}

#[derive(Serialize)]
struct UiStrings<'a> {
    /// Messages of the source language.
    total: usize,
    missing: &'a [KeyRef],
    identical: &'a [KeyRef],
}

#[derive(Serialize)]
struct File<'a> {
    file: String,
    source: Option<String>,
    state: State,
    basis: Basis,
    /// The translation's `source_hash:`.
    stamped_hash: Option<&'a str>,
    /// The hash of the source as it is now.
    source_hash: Option<&'a str>,
    /// This file's share of its source page, percent.
    coverage: f64,
    untranslated: &'a [UntranslatedText],
}

/// The report for the languages in `status` (all, or the one asked for).
pub fn build<'a>(site: &'a Site, languages: &[&'a LanguageStatus]) -> Report<'a> {
    Report {
        schema_version: SCHEMA_VERSION,
        source_language: &site.config.default_language().code,
        languages: languages.iter().map(|l| language(site, l)).collect(),
    }
}

fn language<'a>(site: &'a Site, status: &'a LanguageStatus) -> Language<'a> {
    let config = &site.config.languages[status.lang];
    Language {
        code: &config.code,
        name: &config.name,
        coverage: status.coverage(),
        pages: Pages {
            source: status.files.iter().filter(|f| f.source.is_some()).count(),
            current: status.count(State::Current),
            outdated: status.count(State::Outdated),
            unstamped: status.count(State::Unstamped),
            missing: status.count(State::Missing),
            extra: status.count(State::Extra),
        },
        text: Text {
            untranslated: status.untranslated(),
        },
        ui_strings: UiStrings {
            total: status.ui.total,
            missing: &status.ui.missing,
            identical: &status.ui.identical,
        },
        files: status.files.iter().map(file).collect(),
    }
}

fn file(status: &FileStatus) -> File<'_> {
    File {
        file: slash_path(&status.file),
        source: status.source.as_deref().map(slash_path),
        state: status.state,
        basis: status.basis,
        stamped_hash: status.stamped.as_deref(),
        source_hash: status.source_hash.as_deref(),
        coverage: (status.credit() * 1000.0).round() / 10.0,
        untranslated: &status.untranslated,
    }
}

/// Paths with `/` on every platform, as bots compare them.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl SiteStatus {
    /// The languages to report: all, or those whose code or folder is `lang`.
    pub fn select(&self, site: &Site, lang: Option<&str>) -> Vec<&LanguageStatus> {
        self.languages
            .iter()
            .filter(|l| {
                lang.is_none_or(|want| {
                    let config = &site.config.languages[l.lang];
                    config.code.eq_ignore_ascii_case(want) || config.dir.eq_ignore_ascii_case(want)
                })
            })
            .collect()
    }
}
