//! `yomu serve` keeps following edits: after input folders or `site.yaml`
//! are renamed away and back or replaced, and after a rebuild (or the
//! rebuild thread itself) panics, which the overlay reports.

mod common;
mod serve_support;

use common::http::get;
use common::Fixture;
use serve_support::{connect, settle, wait_for, Socket};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use yomu::build::BuildOptions;
use yomu::serve::{ServeOptions, Server, DEFAULT_CACHE_MB};

const WAIT: Duration = Duration::from_secs(20);

fn site() -> Fixture {
    let site = Fixture::with_config(
        "title: Robust\nbase_url: https://example.org/\ndefault_language: en-US\n\
         languages:\n  - code: en-US\n    name: English\n    path: en\n",
    );
    site.write("content/en-US/index.md", "# Home\n\nFirst text.\n");
    site.write("content/en-US/guide/page.md", "# Page\n\nPage text.\n");
    site
}

fn start(root: &Path, report: yomu::serve::Report) -> Server {
    Server::start(ServeOptions {
        root: root.to_path_buf(),
        build: BuildOptions::default(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        report,
        cache_mb: DEFAULT_CACHE_MB,
        http: yomu::serve::HttpOptions::default(),
    })
    .expect("start the server")
}

/// Runs `script` with `sh` in `root`, as a writer would in a terminal.
fn shell(root: &Path, script: &str) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .status()
        .expect("sh runs");
    assert!(status.success(), "{script}");
}

/// Writes `text` into the home page and waits until it is served.
fn edit_reaches_the_page(server: &Server, socket: &mut Socket, root: &Path, text: &str) {
    std::fs::write(
        root.join("content/en-US/index.md"),
        format!("# Home\n\n{text}\n"),
    )
    .expect("write");
    // A rebuild of the folder move before it may reload pages too: wait
    // for the reload that serves the edit.
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        let Some(reload) = wait_for(socket, "reload", deadline - Instant::now()) else {
            break;
        };
        if get(server.addr(), "/en/")
            .expect("get")
            .text()
            .contains(text)
        {
            // A reload names the pages it is for, or none: then it is for
            // every page (the folder's rebuild may be the one that serves
            // the edit, when the two meet under load).
            let reaches_home = match reload["paths"].as_array() {
                Some(paths) => paths.iter().any(|p| p == "/en/"),
                None => true,
            };
            assert!(reaches_home, "{reload}");
            return;
        }
    }
    panic!("{text:?} was not served with a reload");
}

#[test]
fn renaming_the_content_folder_away_and_back_keeps_edits_flowing() {
    let site = site();
    let server = start(site.root(), Box::new(|_| {}));
    let mut socket = connect(server.addr());
    settle();
    shell(site.root(), "mv content c.tmp && mv c.tmp content");
    settle();
    edit_reaches_the_page(&server, &mut socket, site.root(), "After the round trip.");
    // Deleted and made again: watched again too.
    shell(
        site.root(),
        "mv content ../gone-content-$$ && mkdir content && cp -r ../gone-content-$$/. content/ \
         && rm -r ../gone-content-$$",
    );
    settle();
    edit_reaches_the_page(&server, &mut socket, site.root(), "After the copy.");
    assert!(!server.has_error());
    server.stop();
}

#[test]
fn renaming_a_language_folder_and_replacing_site_yaml_keep_edits_flowing() {
    let site = site();
    let server = start(site.root(), Box::new(|_| {}));
    let mut socket = connect(server.addr());
    settle();
    shell(
        site.root(),
        "mv content/en-US x.tmp && mv x.tmp content/en-US",
    );
    settle();
    edit_reaches_the_page(
        &server,
        &mut socket,
        site.root(),
        "After the language move.",
    );

    // An editor's save: write a new file, rename it over the old one.
    let config = std::fs::read_to_string(site.path("site.yaml")).expect("read");
    let renamed = config.replace("title: Robust", "title: Renamed Site");
    std::fs::write(site.path("site.yaml.new"), renamed).expect("write");
    shell(site.root(), "mv site.yaml.new site.yaml");
    wait_for(&mut socket, "reload", WAIT).expect("reload after site.yaml");
    let page = get(server.addr(), "/en/").expect("get");
    assert!(page.text().contains("Renamed Site"), "the new title");
    edit_reaches_the_page(&server, &mut socket, site.root(), "After site.yaml.");
    server.stop();
}

#[test]
fn a_rebuild_that_panics_shows_an_internal_error_and_the_next_edit_recovers() {
    let site = site();
    let server = start(site.root(), Box::new(|_| {}));
    let mut socket = connect(server.addr());
    settle();
    let trigger = site.path("content/en-US/guide/page.md");
    let trigger = std::fs::canonicalize(&trigger).expect("absolute");
    yomu::serve::incremental::panic_on_rebuild_of(Some(&trigger));
    std::fs::write(&trigger, "# Page\n\nThis save panics.\n").expect("write");
    let error = wait_for(&mut socket, "error", WAIT).expect("an error message");
    let text = error.to_string();
    assert!(text.contains("error[internal]"), "{text}");
    assert!(text.contains("please report it"), "{text}");
    assert!(text.contains("injected for a test"), "{text}");
    assert!(server.has_error());

    edit_reaches_the_page(&server, &mut socket, site.root(), "Fixed.");
    assert!(!server.has_error(), "the overlay is cleared");
    server.stop();
}

#[test]
fn a_rebuild_thread_that_dies_is_reported_and_started_again() {
    let site = site();
    let fired = Arc::new(AtomicBool::new(false));
    let once = Arc::clone(&fired);
    // A panic outside the build itself (here in the report callback) stops
    // the rebuild loop; the supervisor starts it again.
    let report: yomu::serve::Report = Box::new(move |_| {
        if !once.swap(true, Ordering::SeqCst) {
            panic!("the report callback failed");
        }
    });
    let server = start(site.root(), report);
    let mut socket = connect(server.addr());
    settle();
    std::fs::write(site.path("content/en-US/index.md"), "# Home\n\nOne.\n").expect("write");
    let error = wait_for(&mut socket, "error", WAIT).expect("an error message");
    let text = error.to_string();
    assert!(text.contains("rebuild thread stopped"), "{text}");
    assert!(text.contains("please report it"), "{text}");
    assert!(fired.load(Ordering::SeqCst));

    // The next edit builds: the overlay goes, then the page reloads.
    std::fs::write(site.path("content/en-US/index.md"), "# Home\n\nTwo.\n").expect("write");
    wait_for(&mut socket, "ok", WAIT).expect("the overlay is cleared");
    wait_for(&mut socket, "reload", WAIT).expect("a reload");
    assert!(get(server.addr(), "/en/")
        .expect("get")
        .text()
        .contains("Two."));
    assert!(!server.has_error());
    server.stop();
}
