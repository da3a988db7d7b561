//! `yomu build`: build the site and swap it into the output folder.

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::build::{build_site_into, BuildOptions};
use crate::diagnostics::count_errors;
use crate::output::{Staging, WriteError, WriteReport};
use std::path::Path;
use std::time::Instant;

/// `force` lets the output replace a non-empty folder yomu did not make.
pub fn run(root: &Path, out: &Path, force: bool, options: &BuildOptions) -> u8 {
    let started = Instant::now();
    // The output folder is checked before building, so a wrong `--out`
    // fails at once; pages are written into the staging folder as they
    // are laid out.
    let staging = match Staging::create(out, root, force) {
        Ok(staging) => staging,
        Err(err) => return output_error(&err),
    };
    let result = build_site_into(root, options, &staging);
    print_diagnostics(&result.diagnostics);
    for language in &result.summary {
        println!(
            "{:<8} {:>6} pages {:>4} warnings",
            language.code, language.pages, language.warnings
        );
    }
    let errors = count_errors(&result.diagnostics);
    let Some(output) = result.output.filter(|_| errors == 0) else {
        staging.discard();
        eprintln!(
            "build failed with {} error{}; {} left as it was",
            errors,
            if errors == 1 { "" } else { "s" },
            out.display()
        );
        return EXIT_ERRORS;
    };
    match staging.finish(&output) {
        Ok(report) => print_report(&report, out),
        Err(err) => return output_error(&err),
    }
    println!(
        "built {} files into {} in {:.2?}",
        output.files.len() + output.written.len(),
        out.display(),
        started.elapsed()
    );
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
