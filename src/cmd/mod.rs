//! One small file per command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod i18n;
mod i18n_files;
pub mod report;
pub mod serve;

/// Exit codes shared by every command.
pub const EXIT_OK: u8 = 0;
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

use crate::diagnostics::Diagnostic;

/// Prints diagnostics to stderr, rustc-style, with a blank line between,
/// grouped per class (see [`report`]).
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", report::grouped(diagnostics));
}
