//! `yomu build`: build the site and swap it into the output folder.

use super::progress::TerminalProgress;
use super::{report, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::build::progress::{Progress, Silent};
use crate::build::{build_site_into, BuildOptions};
use crate::diagnostics::{count_errors, count_noun};
use crate::output::{Staging, WriteError, WriteReport};
use std::path::Path;
use std::time::Instant;

/// How `yomu build` treats its output folder and errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// Replace a non-empty folder yomu did not make.
    pub force: bool,
    /// Write the output even when there are errors (still exiting 1).
    pub keep_going: bool,
    /// No progress line and no summary: only diagnostics and failures.
    pub quiet: bool,
}

pub fn run(root: &Path, out: &Path, flags: Flags, options: &BuildOptions) -> u8 {
    let force = flags.force;
    let started = Instant::now();
    // The output folder is checked before building, so a wrong `--out`
    // fails at once; pages are written into the staging folder as they
    // are laid out.
    let staging = match Staging::create(out, root, force) {
        Ok(staging) => staging,
        Err(err) => return output_error(&err),
    };
    let progress = TerminalProgress::start(flags.quiet);
    let reporter: &dyn Progress = match &progress {
        Some(progress) => progress,
        None => &Silent,
    };
    let mut result = build_site_into(root, options, &staging, reporter);
    if let Some(progress) = progress {
        progress.finish();
    }
    result.diagnostics = report::distinct(&result.diagnostics);
    report::print(&result.diagnostics, &result.summary, false);
    for language in result.summary.iter().filter(|_| !flags.quiet) {
        // Counted as listed above: a finding repeated on a page once.
        let warnings = result
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && d.file.as_deref().is_some_and(|f| language.holds(f)))
            .count();
        println!(
            "{:<8} {:>12} {:>14}",
            language.code,
            count_noun(language.pages, "page"),
            count_noun(warnings, "warning")
        );
    }
    let errors = count_errors(&result.diagnostics);
    let loaded = result.output.is_some();
    let Some(output) = result.output.filter(|_| errors == 0 || flags.keep_going) else {
        staging.discard();
        let kept = if out.exists() {
            format!("; {} left as it was", out.display())
        } else {
            String::new()
        };
        eprintln!("build failed with {}{kept}", count_noun(errors, "error"));
        if loaded {
            eprintln!("note: `yomu build --keep-going` writes the output despite errors");
        }
        return EXIT_ERRORS;
    };
    match staging.finish(&output) {
        Ok(report) => print_report(&report, out),
        Err(err) => return output_error(&err),
    }
    if !flags.quiet {
        println!(
            "built {} files into {} in {:.2?}",
            output.files.len() + output.written.len(),
            out.display(),
            started.elapsed()
        );
    }
    if errors > 0 {
        eprintln!(
            "wrote the output despite {} (--keep-going)",
            count_noun(errors, "error")
        );
        return EXIT_ERRORS;
    }
    EXIT_OK
}

fn output_error(err: &WriteError) -> u8 {
    eprintln!("error[output]: {err}");
    if err.is_usage_error() {
        EXIT_USAGE
    } else {
        EXIT_ERRORS
    }
}

fn print_report(report: &WriteReport, out: &Path) {
    for path in &report.removed_leftovers {
        eprintln!("removed `{}`, left by an interrupted build", path.display());
    }
    for path in &report.kept_leftovers {
        eprintln!(
            "note: kept `{}`: it is named like yomu's staging folders but has no `.yomu-output` marker; delete it yourself if it is a leftover",
            path.display()
        );
    }
    if let Some(reason) = &report.in_place {
        eprintln!(
            "note: `{}` cannot be renamed ({reason}), so its contents were replaced in place",
            out.display()
        );
    }
}
