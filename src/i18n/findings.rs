//! Translation findings as warnings (codes `i18n` and `untranslated`), so `yomu build` and
//! `yomu check` show them with file:line. Unstamped pages are not warned
//! about: their state is unknown, not wrong; `yomu i18n status` lists them.

use super::status::{Basis, FileStatus, SiteStatus, State};
use super::untranslated::Reason;
use crate::diagnostics::{count_noun, Diagnostic};
use crate::load::Site;
use std::path::Path;

const CODE: &str = "i18n";
/// Text left in the source language: its own class, so `checks:` can
/// quieten it apart from outdated or missing pages.
const UNTRANSLATED: &str = "untranslated";

/// Characters of a block quoted in a warning.
const EXCERPT_CHARS: usize = 40;

pub fn diagnostics(site: &Site, status: &SiteStatus) -> Vec<Diagnostic> {
    let source_code = &site.config.default_language().code;
    let mut out = Vec::new();
    for language in &status.languages {
        let code = &site.config.languages[language.lang].code;
        for file in &language.files {
            out.extend(page_warning(site, code, file));
            out.extend(untranslated_warning(site, code, file));
        }
        for key in &language.ui.missing {
            let defined = format!("{}:{}", key.file.display(), key.line);
            let message = format!(
                "UI string `{}` is missing from {code} (defined for {source_code} at `{defined}`)",
                key.key
            );
            out.push(Diagnostic::warning(CODE, message).in_file(&language.ui.file));
        }
        for key in &language.ui.identical {
            let message = format!(
                "UI string `{}` is the same as in {source_code}: not translated?",
                key.key
            );
            out.push(
                Diagnostic::warning(CODE, message)
                    .in_file(&key.file)
                    .at(key.line, 0),
            );
        }
    }
    out
}

/// One warning per page for its text still in the source language: a
/// changelog can hold thousands of such blocks, which `yomu i18n status`
/// lists one by one.
fn untranslated_warning(site: &Site, code: &str, file: &FileStatus) -> Option<Diagnostic> {
    let first = file.untranslated.first()?;
    let source_code = &site.config.default_language().code;
    let source = shown(file.source.as_deref());
    let kinds = |kind| file.untranslated.iter().all(|t| t.kind == kind);
    let noun = if kinds(first.kind) {
        first.kind.name()
    } else {
        "block"
    };
    let scripts = file
        .untranslated
        .iter()
        .filter(|t| t.reason == Reason::Script);
    let why = match scripts.count() {
        0 => format!("identical to the source `{source}`"),
        n if n == file.untranslated.len() => format!("still in {source_code}"),
        _ => format!("still in {source_code} or identical to the source `{source}`"),
    };
    let message = format!(
        "{} {why} (first: “{}”); yomu i18n status --lang {code} lists them",
        count_noun(file.untranslated.len(), &format!("untranslated {noun}")),
        excerpt(&first.text)
    );
    Some(
        Diagnostic::warning(UNTRANSLATED, message)
            .in_file(&file.file)
            .at(first.line, 0),
    )
}

/// The warning about a page's state, if it has one worth a warning.
fn page_warning(site: &Site, code: &str, file: &FileStatus) -> Option<Diagnostic> {
    let source_code = &site.config.default_language().code;
    let source = shown(file.source.as_deref());
    let (message, line) = match (file.state, file.basis) {
        (State::Missing, _) => (
            format!("not translated into {code} yet; `{source}` is published in its place"),
            0,
        ),
        (State::Extra, _) => (
            format!(
                "page only in {code}: {source_code} has no page at this path (still published)"
            ),
            0,
        ),
        (State::Outdated, Basis::Hash) => (
            format!(
                "outdated translation: `{source}` changed since this was stamped \
                 (source_hash {}, now {}); `yomu i18n diff` shows the change",
                file.stamped.as_deref().unwrap_or_default(),
                file.source_hash.as_deref().unwrap_or_default()
            ),
            stamp_line(&site.root, &file.file),
        ),
        (State::Outdated, _) => (
            format!(
                "outdated translation: `{source}` was committed after this file's last \
                 commit, and this file has no source_hash"
            ),
            0,
        ),
        _ => return None,
    };
    Some(
        Diagnostic::warning(CODE, message)
            .in_file(&file.file)
            .at(line, 0),
    )
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(String::new, |p| p.display().to_string())
}

/// The first characters of a block, for messages and tables.
pub fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// The line of `source_hash:` in a translation file, 1 if not found.
fn stamp_line(root: &Path, file: &Path) -> u32 {
    std::fs::read_to_string(root.join(file))
        .ok()
        .and_then(|text| text.lines().position(|l| l.starts_with("source_hash:")))
        .map_or(1, |i| i as u32 + 1)
}
