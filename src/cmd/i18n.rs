//! `yomu i18n status|stamp|diff`: the translation workflow.

use super::{i18n_files, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::i18n::status::{self, LanguageStatus, State};
use crate::i18n::{report, report_text};
use crate::load::{self, LoadOptions, Site};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Per language: pages current, outdated, unstamped, missing or extra;
    /// text still in the source language; missing UI strings; coverage.
    Status {
        /// Only this language (code or folder name).
        #[arg(long)]
        lang: Option<String>,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Exit with 1 when any of these are found (comma-separated).
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<FailOn>,
    },
    /// Write `source_hash:` (the source page's hash) into translations.
    Stamp {
        /// Translation files to stamp (content/<lang>/…).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what changed in the source since a translation was stamped.
    Diff {
        /// A translation file (content/<lang>/…).
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Outdated pages.
    Outdated,
    /// Missing pages or missing UI strings.
    Missing,
    /// Paragraphs, list items or headings still in the source language.
    Untranslated,
    /// Pages without `source_hash:` that git does not show outdated.
    Unstamped,
}

pub fn run(root: &Path, command: Command) -> u8 {
    let Some(site) = load(root) else {
        return EXIT_ERRORS;
    };
    match command {
        Command::Status {
            lang,
            format,
            fail_on,
        } => status(&site, lang.as_deref(), format, &fail_on),
        Command::Stamp { files } => i18n_files::stamp(&site, &files),
        Command::Diff { file } => i18n_files::diff(&site, &file),
    }
}

/// The site as the build loads it; `None` (with the reason printed) when
/// it cannot be loaded. Other problems are `yomu check`'s to report.
fn load(root: &Path) -> Option<Site> {
    let (site, diagnostics) = load::load_site(root, &LoadOptions::default());
    if site.is_none() {
        super::print_diagnostics(&diagnostics);
    }
    site
}

fn status(site: &Site, lang: Option<&str>, format: Format, fail_on: &[FailOn]) -> u8 {
    let languages = &site.config.languages;
    if languages.len() < 2 {
        eprintln!("error: the site has only one language; there is nothing to translate");
        return EXIT_USAGE;
    }
    if let Some(want) = lang {
        let default = &languages[0];
        if default.code.eq_ignore_ascii_case(want) || default.dir.eq_ignore_ascii_case(want) {
            eprintln!(
                "error: {} is the source language; pass a translation's code",
                default.code
            );
            return EXIT_USAGE;
        }
    }
    let analysis = status::analyze(site);
    let selected = analysis.select(site, lang);
    if selected.is_empty() {
        let codes: Vec<&str> = languages[1..].iter().map(|l| l.code.as_str()).collect();
        eprintln!(
            "error: no translation `{}`; the site has {}",
            lang.unwrap_or_default(),
            codes.join(", ")
        );
        return EXIT_USAGE;
    }
    match format {
        Format::Text => print!("{}", report_text::render(site, &selected)),
        Format::Json => match serde_json::to_string_pretty(&report::build(site, &selected)) {
            Ok(json) => println!("{json}"),
            Err(err) => {
                eprintln!("error: cannot print the report: {err}");
                return EXIT_ERRORS;
            }
        },
    }
    let failed = fail_on
        .iter()
        .any(|&on| selected.iter().any(|l| fails(l, on)));
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

fn fails(language: &LanguageStatus, on: FailOn) -> bool {
    match on {
        FailOn::Outdated => language.count(State::Outdated) > 0,
        FailOn::Missing => language.count(State::Missing) > 0 || !language.ui.missing.is_empty(),
        FailOn::Untranslated => language.untranslated() > 0,
        FailOn::Unstamped => language.count(State::Unstamped) > 0,
    }
}
