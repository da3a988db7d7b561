//! `yomu check`: build in memory, write nothing, report every diagnostic.

use super::{report, EXIT_ERRORS, EXIT_OK};
use crate::build::{build_site, BuildOptions};
use crate::diagnostics::{count_errors, count_noun, Diagnostic};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct Report<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

/// `all` lists every diagnostic instead of grouping them.
pub fn run(root: &Path, format: Format, all: bool, options: &BuildOptions) -> u8 {
    let mut result = build_site(root, options);
    if format == Format::Text && !all {
        result.diagnostics = report::distinct(&result.diagnostics);
    }
    let errors = count_errors(&result.diagnostics);
    let warnings = result.diagnostics.len() - errors;
    match format {
        Format::Text => {
            report::print(&result.diagnostics, &result.summary, all);
            println!(
                "{}, {}",
                count_noun(errors, "error"),
                count_noun(warnings, "warning")
            );
        }
        Format::Json => {
            let report = Report {
                errors,
                warnings,
                diagnostics: &result.diagnostics,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => println!("{json}"),
                Err(err) => eprintln!("error: cannot print the report: {err}"),
            }
        }
    }
    if result.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
