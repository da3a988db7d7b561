//! `yomu serve`: build in memory, serve, watch, reload; until Ctrl-C.

use super::progress::TerminalProgress;
use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::build::progress::{Progress, Silent};
use crate::build::BuildOptions;
use crate::diagnostics::count_noun;
use crate::serve::reload::Message;
use crate::serve::{HttpOptions, RebuildReport, ServeOptions, Server};
use std::net::IpAddr;
use std::path::Path;

pub struct Args {
    pub bind: IpAddr,
    pub allowed_hosts: Vec<String>,
    pub port: u16,
    pub open: bool,
    pub build: BuildOptions,
    pub cache_mb: usize,
}

pub fn run(root: &Path, args: Args) -> u8 {
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; \
             the preview is meant for this machine (the default is 127.0.0.1)",
            args.bind
        );
    }
    let options = ServeOptions {
        root: root.to_path_buf(),
        build: args.build,
        bind: args.bind,
        port: args.port,
        http: HttpOptions {
            allowed_hosts: args.allowed_hosts,
            ..HttpOptions::default()
        },
        report: Box::new(print_rebuild),
        cache_mb: args.cache_mb,
    };
    let progress = TerminalProgress::start(false);
    let reporter: &dyn Progress = match &progress {
        Some(progress) => progress,
        None => &Silent,
    };
    let started = Server::start_reporting(options, reporter);
    if let Some(progress) = progress {
        progress.finish();
    }
    let server = match started {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot start the server: {err}");
            return EXIT_ERRORS;
        }
    };
    print_diagnostics(&server.first_build);
    let addr = server.addr();
    if addr.port() != args.port && args.port != 0 {
        println!(
            "port {} is in use; using {} instead",
            args.port,
            addr.port()
        );
    }
    let host = if addr.ip().is_unspecified() {
        "localhost".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = match addr {
        std::net::SocketAddr::V6(_) if host != "localhost" => {
            format!("http://[{host}]:{}/", addr.port())
        }
        _ => format!("http://{host}:{}/", addr.port()),
    };
    let root_url = url.trim_end_matches('/');
    for language in &server.first_summary {
        println!(
            "  {:<8} {root_url}{}  {}",
            language.code,
            language.root_path,
            count_noun(language.pages, "page")
        );
    }
    // Last: tools wait for this line, then may stop reading.
    println!("serving at {url} (Ctrl-C to stop)");
    if args.open {
        open_browser(&url);
    }
    wait_for_signal();
    println!("stopping");
    server.stop();
    EXIT_OK
}

fn print_rebuild(report: &RebuildReport) {
    print_diagnostics(report.diagnostics);
    let what = match report.message {
        _ if report.failed => "build failed; pages update when it is fixed",
        Some(Message::Css { .. }) => "stylesheets swapped",
        Some(Message::Reload { .. }) => "pages reloaded",
        _ => "no output changed",
    };
    println!(
        "rebuilt after {} in {:.0?}: {what}",
        count_noun(report.changed.len(), "change"),
        report.elapsed
    );
}

/// Waits for Ctrl-C (or SIGTERM, as a service manager stops things).
fn wait_for_signal() {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot wait for Ctrl-C: {err}");
            return;
        }
    };
    runtime.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            if let Ok(mut term) = signal(SignalKind::terminate()) {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
        }
        let _ = tokio::signal::ctrl_c().await;
    });
}

/// Best effort: the URL is printed either way.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({opener}: {err}); open {url} yourself");
    }
}
