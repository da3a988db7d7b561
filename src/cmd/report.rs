//! Printing diagnostics readably at scale: per class the first few in
//! full and a count of the rest, identical messages folded into one with
//! their places, and a class × language table at the end.

use crate::build::LanguageSummary;
use crate::diagnostics::{count_noun, Diagnostic, Severity};
use std::collections::{BTreeMap, HashSet};

/// Entries shown in full per class before the rest are counted.
pub const SHOWN_PER_CLASS: usize = 10;
/// Places listed under a folded message.
const SHOWN_PLACES: usize = 3;

/// Prints `diagnostics` to stderr: grouped and folded, or every one of
/// them as it is with `all`; then the summary table.
pub fn print(diagnostics: &[Diagnostic], languages: &[LanguageSummary], all: bool) {
    let text = if all {
        diagnostics.iter().map(|d| format!("{d}\n\n")).collect()
    } else {
        grouped(diagnostics)
    };
    eprint!("{text}");
    if let Some(table) = summary_table(diagnostics, languages) {
        eprintln!("{table}");
    }
}

/// The diagnostics with a finding repeated on one page kept once (a
/// changelog linking the same missing page a hundred times is one
/// problem on that page).
pub fn distinct(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diagnostics
        .iter()
        .filter(|d| seen.insert((d.severity, d.code, &d.message, &d.file)))
        .cloned()
        .collect()
}

/// One message with every place it was found.
struct Folded<'a> {
    first: &'a Diagnostic,
    places: Vec<&'a Diagnostic>,
}

/// The grouped text: per (severity, class), the first entries in full,
/// each message once with its places, then a line counting the rest.
/// A finding repeated on one page counts once.
pub fn grouped(diagnostics: &[Diagnostic]) -> String {
    let diagnostics = distinct(diagnostics);
    let mut classes: BTreeMap<(Severity, &str), Vec<Folded>> = BTreeMap::new();
    let mut counts: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for d in &diagnostics {
        *counts.entry((d.severity, d.code)).or_default() += 1;
        let entries = classes.entry((d.severity, d.code)).or_default();
        match entries.iter_mut().find(|e| e.first.message == d.message) {
            Some(entry) => entry.places.push(d),
            None => entries.push(Folded {
                first: d,
                places: vec![d],
            }),
        }
    }
    let mut out = String::new();
    for ((severity, code), entries) in &classes {
        let mut shown = 0;
        for entry in entries.iter().take(SHOWN_PER_CLASS) {
            out.push_str(&folded_text(entry));
            out.push_str("\n\n");
            shown += entry.places.len();
        }
        let rest = counts[&(*severity, *code)] - shown;
        if rest > 0 {
            let noun = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let more = count_noun(rest, &format!("more `{code}` {noun}"));
            out.push_str(&format!("… and {more} (yomu check --all to list them)\n\n"));
        }
    }
    out
}

fn folded_text(entry: &Folded) -> String {
    if entry.places.len() == 1 {
        return entry.first.to_string();
    }
    let mut text = format!(
        "{} ({} places)",
        entry.first.to_string().lines().next().unwrap_or_default(),
        entry.places.len()
    );
    for place in entry.places.iter().take(SHOWN_PLACES) {
        if let Some(location) = place.location() {
            text.push_str(&format!("\n  --> {location}"));
        }
    }
    if entry.places.len() > SHOWN_PLACES {
        let more = count_noun(entry.places.len() - SHOWN_PLACES, "more place");
        text.push_str(&format!("\n  … and {more}"));
    }
    text
}

/// Errors and warnings per class and language (by the content folder a
/// file is in; anything else is `site`). `None` when there is nothing.
pub fn summary_table(diagnostics: &[Diagnostic], languages: &[LanguageSummary]) -> Option<String> {
    if diagnostics.is_empty() {
        return None;
    }
    let mut columns: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    columns.push("site");
    let column_of = |d: &Diagnostic| {
        d.file
            .as_deref()
            .and_then(|file| languages.iter().position(|l| l.holds(file)))
            .unwrap_or(languages.len())
    };
    // class → per column (errors, warnings)
    let mut rows: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for d in diagnostics {
        let cells = rows
            .entry(d.code)
            .or_insert_with(|| vec![(0, 0); columns.len()]);
        let cell = &mut cells[column_of(d)];
        match d.severity {
            Severity::Error => cell.0 += 1,
            Severity::Warning => cell.1 += 1,
        }
    }
    let mut table: Vec<Vec<String>> = vec![std::iter::once("class")
        .chain(columns.iter().copied())
        .map(String::from)
        .collect()];
    for (class, cells) in &rows {
        let mut row = vec![class.to_string()];
        row.extend(cells.iter().map(|&(e, w)| cell_text(e, w)));
        table.push(row);
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let lines: Vec<String> = table
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &width)| format!("{cell:<width$}"))
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect();
    Some(lines.join("\n"))
}

fn cell_text(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "-".to_string(),
        (e, 0) => count_noun(e, "error"),
        (0, w) => count_noun(w, "warning"),
        (e, w) => format!("{}, {}", count_noun(e, "error"), count_noun(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(file: &str, line: u32, dest: &str) -> Diagnostic {
        Diagnostic::error("link", format!("broken link `{dest}`"))
            .in_file(file)
            .at(line, 1)
    }

    #[test]
    fn identical_messages_fold_and_repeats_on_a_page_count_once() {
        let mut diagnostics: Vec<Diagnostic> = (0..5)
            .map(|i| link(&format!("content/ja-JP/{i}.md"), 2, "/servers/"))
            .collect();
        diagnostics.push(link("content/ja-JP/0.md", 9, "/servers/"));
        assert_eq!(
            grouped(&diagnostics),
            "error[link]: broken link `/servers/` (5 places)\n  --> content/ja-JP/0.md:2:1\n  --> content/ja-JP/1.md:2:1\n  --> content/ja-JP/2.md:2:1\n  … and 2 more places\n\n"
        );
    }

    #[test]
    fn the_table_counts_per_class_and_language() {
        let languages = [
            LanguageSummary {
                code: "ja-JP".into(),
                dir: "ja-JP".into(),
                ..Default::default()
            },
            LanguageSummary {
                code: "en-US".into(),
                dir: "en-US".into(),
                ..Default::default()
            },
        ];
        let diagnostics = [
            link("content/ja-JP/a.md", 1, "x"),
            link("content/en-US/a.md", 1, "x"),
            link("content/en-US/b.md", 1, "x"),
            Diagnostic::warning("html", "h").in_file("content/en-US/a.md"),
            Diagnostic::warning("ftl", "f").in_file("locales/en-US.ftl"),
        ];
        let table = summary_table(&diagnostics, &languages).expect("table");
        assert_eq!(
            table,
            [
                "class  ja-JP    en-US      site",
                "ftl    -        -          1 warning",
                "html   -        1 warning  -",
                "link   1 error  2 errors   -",
            ]
            .join("\n")
        );
    }
}
