//! `yomu i18n status` as text: per language a summary, then the files
//! that need a translator, worst first, in lines of at most 100 columns.

use super::findings::excerpt;
use super::report::slash_path;
use super::status::{Basis, LanguageStatus, State};
use crate::load::Site;
use std::fmt::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub const WIDTH: usize = 100;

pub fn render(site: &Site, languages: &[&LanguageStatus]) -> String {
    let source = site.config.default_language();
    let mut out = String::new();
    line(
        &mut out,
        format!("Source language: {} ({})", source.code, source.name),
    );
    for status in languages {
        out.push('\n');
        language(&mut out, site, status);
    }
    if languages
        .iter()
        .any(|l| l.files.iter().any(|f| f.state != State::Current))
    {
        out.push('\n');
        for hint in [
            "Translate a missing page by copying its source to the path shown and translating it.",
            "`yomu i18n diff FILE` shows what changed in the source of an outdated page.",
            "`yomu i18n stamp FILE` records that a translation matches its source now.",
        ] {
            line(&mut out, hint.to_string());
        }
    }
    out
}

fn language(out: &mut String, site: &Site, status: &LanguageStatus) {
    let config = &site.config.languages[status.lang];
    let source = &site.config.default_language().code;
    let sources = status.files.iter().filter(|f| f.source.is_some()).count();
    line(out, format!("{}  {}", config.code, config.name));
    line(out, format!("  Coverage    {:.1}%", status.coverage()));
    let counts: Vec<String> = State::ALL
        .iter()
        .map(|&s| format!("{} {}", s.name(), status.count(s)))
        .collect();
    line(
        out,
        format!(
            "  Pages       {}  ({source} has {sources})",
            counts.join(", ")
        ),
    );
    line(
        out,
        format!(
            "  Text        {} untranslated (paragraphs, list items and headings)",
            status.untranslated()
        ),
    );
    line(
        out,
        format!(
            "  UI strings  {} missing, {} identical to {source}  ({source} has {})",
            status.ui.missing.len(),
            status.ui.identical.len(),
            status.ui.total
        ),
    );
    files(out, status);
    keys(
        out,
        &format!(
            "Missing UI strings (add them to {}), with their {source} definition:",
            slash_path(&status.ui.file)
        ),
        &status.ui.missing,
    );
    keys(
        out,
        &format!("UI strings identical to {source}:"),
        &status.ui.identical,
    );
}

fn files(out: &mut String, status: &LanguageStatus) {
    let shown: Vec<_> = status
        .files
        .iter()
        .filter(|f| f.state != State::Current || !f.untranslated.is_empty())
        .collect();
    let rest = status.files.len() - shown.len();
    if shown.is_empty() {
        line(out, format!("  All {rest} files are current."));
        return;
    }
    out.push('\n');
    line(out, "  STATE      TEXT  FILE".to_string());
    for file in shown {
        let text = match file.state {
            State::Missing => "-".to_string(),
            _ => file.untranslated.len().to_string(),
        };
        let note = match (file.state, file.basis) {
            (State::Outdated, Basis::Git) => "  (source committed later)",
            _ => "",
        };
        line(
            out,
            format!(
                "  {:<9} {:>5}  {}{note}",
                file.state.name(),
                text,
                slash_path(&file.file)
            ),
        );
        for block in &file.untranslated {
            line(
                out,
                format!(
                    "      line {:<5} {:<10} {}",
                    block.line,
                    block.kind.name(),
                    excerpt(&block.text)
                ),
            );
        }
    }
    if rest > 0 {
        line(out, format!("  … and {rest} current files."));
    }
}

fn keys(out: &mut String, title: &str, keys: &[super::ui_keys::KeyRef]) {
    if keys.is_empty() {
        return;
    }
    out.push('\n');
    line(out, format!("  {title}"));
    for key in keys {
        line(
            out,
            format!("    {:<32} {}:{}", key.key, slash_path(&key.file), key.line),
        );
    }
}

/// Appends `text` cut to `WIDTH` display columns (CJK characters take two).
fn line(out: &mut String, text: String) {
    if text.width() <= WIDTH {
        let _ = writeln!(out, "{text}");
        return;
    }
    let mut width = 0;
    let mut cut = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > WIDTH - 1 {
            break;
        }
        width += w;
        cut.push(c);
    }
    let _ = writeln!(out, "{cut}…");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_by_display_width() {
        let mut out = String::new();
        line(&mut out, "あ".repeat(80));
        let first = out.lines().next().unwrap_or_default();
        assert!(first.width() <= WIDTH, "{}", first.width());
        assert!(first.ends_with('…'));
    }
}
