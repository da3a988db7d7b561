use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use yomu::build::BuildOptions;
use yomu::cmd;

/// yomu: a static-site generator for multilingual documentation.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The site folder (holding site.yaml).
    #[arg(long, short = 's', global = true, default_value = ".")]
    site: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder, atomically.
    Build {
        /// Output folder (default: `public` in the site folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override `base_url` from site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace the output folder even if it is not empty and yomu did
        /// not make it (it has no `.yomu-output` marker).
        #[arg(long)]
        force: bool,
        /// Write the output even when there are errors; they are still
        /// printed and the exit code is still 1.
        #[arg(long)]
        keep_going: bool,
        /// Print only diagnostics and failures: no progress line, no
        /// summary.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Build in memory and serve from memory, rebuilding and reloading
    /// open pages as files change.
    Serve {
        /// Port to listen on; the next free one is taken if it is in use.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback prints a warning.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable); only
        /// localhost and the bound address are answered otherwise.
        #[arg(long = "allowed-host", value_name = "NAME", value_parser = yomu::serve::guard::parse_allowed_host)]
        allowed_host: Vec<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Megabytes kept between rebuilds for highlighted code and
        /// diagrams (least recently used first out).
        #[arg(long, default_value_t = yomu::serve::DEFAULT_CACHE_MB)]
        cache_mb: usize,
    },
    /// Build in memory and report every diagnostic; writes nothing.
    Check {
        /// `text` for people, `json` (every diagnostic) for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: cmd::check::Format,
        /// List every diagnostic, instead of the first 10 of each class
        /// with identical messages folded.
        #[arg(long)]
        all: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a working bilingual site (asks nothing).
    Init {
        /// Folder to create the site in (default: the `--site` folder).
        dir: Option<PathBuf>,
        /// A language code; repeat for each, the source language first.
        #[arg(long = "lang", value_name = "CODE", default_values = ["ja-JP", "en-US"])]
        languages: Vec<String>,
        /// The site's title.
        #[arg(long, default_value = "My Docs")]
        title: String,
        /// Add the site's files to a non-empty folder; existing files are
        /// never changed.
        #[arg(long)]
        force: bool,
    },
    /// Create a page in the default language, with front matter.
    New {
        /// The page, inside the language folder: `guide/setup.md`.
        path: PathBuf,
        /// Also create a copy for this language, stamped as made from the
        /// new (or existing) source page.
        #[arg(long, value_name = "LANG")]
        translate: Option<String>,
    },
    /// Translations: status, stamp, diff.
    I18n {
        #[command(subcommand)]
        command: cmd::i18n::Command,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                cmd::EXIT_USAGE
            } else {
                cmd::EXIT_OK
            });
        }
    };
    // `init` makes the site the others need.
    if !matches!(cli.command, Command::Init { .. }) {
        if let Err(code) = cmd::require_site(&cli.site) {
            return ExitCode::from(code);
        }
    }
    let code = match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            force,
            keep_going,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| cli.site.join("public"));
            cmd::build::run(
                &cli.site,
                &out,
                cmd::build::Flags {
                    force,
                    keep_going,
                    quiet,
                },
                &BuildOptions {
                    drafts,
                    base_url,
                    ..BuildOptions::default()
                },
            )
        }
        Command::Serve {
            port,
            bind,
            allowed_host,
            open,
            drafts,
            cache_mb,
        } => cmd::serve::run(
            &cli.site,
            cmd::serve::Args {
                bind,
                allowed_hosts: allowed_host,
                port,
                open,
                build: BuildOptions {
                    drafts,
                    ..BuildOptions::default()
                },
                cache_mb,
            },
        ),
        Command::Check {
            format,
            all,
            drafts,
        } => cmd::check::run(
            &cli.site,
            format,
            all,
            &BuildOptions {
                drafts,
                ..BuildOptions::default()
            },
        ),
        Command::New { path, translate } => cmd::new::run(&cli.site, &path, translate.as_deref()),
        Command::I18n { command } => cmd::i18n::run(&cli.site, command),
        Command::Init {
            dir,
            languages,
            title,
            force,
        } => cmd::init::run(
            &dir.unwrap_or(cli.site),
            &cmd::init::Args {
                languages,
                title,
                force,
            },
        ),
    };
    ExitCode::from(code)
}
