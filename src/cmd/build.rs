//! `yomu build`: build the site and swap it into the output folder.

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::build::{build_site, BuildOptions};
use crate::diagnostics::count_errors;
use crate::output::write_atomically;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, out: &Path, options: &BuildOptions) -> u8 {
    let started = Instant::now();
    let result = build_site(root, options);
    print_diagnostics(&result.diagnostics);
    for language in &result.summary {
        println!(
            "{:<8} {:>6} pages {:>4} warnings",
            language.code, language.pages, language.warnings
        );
    }
    let errors = count_errors(&result.diagnostics);
    let Some(output) = result.output.filter(|_| errors == 0) else {
        eprintln!(
            "build failed with {} error{}; {} left as it was",
            errors,
            if errors == 1 { "" } else { "s" },
            out.display()
        );
        return EXIT_ERRORS;
    };
    if let Err(err) = write_atomically(&output, out, root) {
        eprintln!("error[output]: {err}");
        return EXIT_ERRORS;
    }
    println!(
        "built {} files into {} in {:.2?}",
        output.files.len(),
        out.display(),
        started.elapsed()
    );
    EXIT_OK
}
