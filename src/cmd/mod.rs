//! One small file per command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod i18n;
mod i18n_files;
pub mod init;
pub mod new;
mod progress;
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

/// The site folder must hold `site.yaml`; if it does not, says where it
/// looked and how to go on, and returns the usage exit code.
pub fn require_site(root: &std::path::Path) -> Result<(), u8> {
    if root.join(crate::config::CONFIG_FILE).is_file() {
        return Ok(());
    }
    let shown = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    eprintln!(
        "error: no {} in {}\n  run yomu in a site folder, name one with `--site DIR`, or create one with `yomu init`",
        crate::config::CONFIG_FILE,
        shown.display()
    );
    Err(EXIT_USAGE)
}
