//! `yomu build`: build the site and swap it into the output folder.

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::build::{build_site_into, BuildOptions};
use crate::diagnostics::count_errors;
use crate::output::Staging;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, out: &Path, options: &BuildOptions) -> u8 {
    let started = Instant::now();
    // Pages are written into the staging folder as they are laid out.
    let staging = match Staging::create(out, root) {
        Ok(staging) => staging,
        Err(err) => {
            eprintln!("error[output]: {err}");
            return EXIT_ERRORS;
        }
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
    if let Err(err) = staging.finish(&output) {
        eprintln!("error[output]: {err}");
        return EXIT_ERRORS;
    }
    println!(
        "built {} files into {} in {:.2?}",
        output.files.len() + output.written.len(),
        out.display(),
        started.elapsed()
    );
    EXIT_OK
}
