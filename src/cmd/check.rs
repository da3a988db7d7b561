//! `yomu check`: build in memory, write nothing, report every diagnostic.

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::build::{build_site, BuildOptions};
use crate::diagnostics::{count_errors, Diagnostic};
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

pub fn run(root: &Path, format: Format, options: &BuildOptions) -> u8 {
    let result = build_site(root, options);
    let errors = count_errors(&result.diagnostics);
    let warnings = result.diagnostics.len() - errors;
    match format {
        Format::Text => {
            print_diagnostics(&result.diagnostics);
            println!("{errors} errors, {warnings} warnings");
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
