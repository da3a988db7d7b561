//! Live reload: edits in a temp copy of the bundled site reach the
//! websocket as reload, css, error and ok messages; a broken build keeps
//! the last good site up; a burst is one rebuild; serving holds under load.

mod common;
mod serve_support;

use common::http::get;
use serve_support::{connect, copy_bundled_site, eventually, settle, start, wait_for};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
const PAGE: &str = "content/en-US/guide/1.writing-pages.md";

fn edit(root: &Path, rel: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, change(text)).expect("write");
}

#[test]
fn content_edit_reloads_that_page_and_css_edit_swaps_stylesheets() {
    let site = copy_bundled_site();
    let server = start(site.path());
    let mut socket = connect(server.addr());
    settle();
    edit(site.path(), PAGE, |t| {
        format!("{t}\nA sentence added while serving.\n")
    });
    let reload = wait_for(&mut socket, "reload", WAIT).expect("reload message");
    let paths = reload["paths"].as_array().expect("the pages that changed");
    assert!(
        paths.iter().any(|p| p == "/en/guide/writing-pages/"),
        "{reload}"
    );
    let page = get(server.addr(), "/en/guide/writing-pages/").expect("get");
    assert!(page.text().contains("A sentence added while serving."));

    edit(site.path(), "themes/default/static/style.css", |t| {
        format!("{t}\nbody {{ outline: 1px solid red; }}\n")
    });
    let css = wait_for(&mut socket, "css", WAIT).expect("css message");
    assert_eq!(css["paths"][0], "/style.css", "{css}");
    let style = get(server.addr(), "/style.css").expect("get");
    assert!(style.text().contains("outline: 1px solid red"));
    server.stop();
}

#[test]
fn a_broken_edit_shows_its_error_while_the_last_good_site_stays_up() {
    let site = copy_bundled_site();
    let server = start(site.path());
    let mut socket = connect(server.addr());
    settle();
    let before = get(server.addr(), "/en/guide/writing-pages/").expect("get");
    assert_eq!(before.status, 200);

    // An unclosed container, on a line we know.
    let good = std::fs::read_to_string(site.path().join(PAGE)).expect("read");
    let line = good.lines().count() + 2;
    std::fs::write(
        site.path().join(PAGE),
        format!("{good}\n:::tip\nnever closed\n"),
    )
    .expect("write");
    let error = wait_for(&mut socket, "error", WAIT).expect("error message");
    let shown = error["diagnostics"].as_array().expect("diagnostics");
    let ours = shown
        .iter()
        .find(|d| d["file"] == PAGE)
        .unwrap_or_else(|| panic!("a diagnostic for {PAGE}: {error}"));
    assert_eq!(ours["line"], line, "{error}");
    let rendered = ours["rendered"].as_str().expect("text");
    assert!(rendered.contains(&format!("{PAGE}:{line}")), "{rendered}");
    assert!(server.has_error());
    let during = get(server.addr(), "/en/guide/writing-pages/").expect("get");
    assert_eq!(during.status, 200);
    assert_eq!(during.body, before.body, "still the last good page");
    // A page opened now gets the error straight away.
    let mut late = connect(server.addr());
    assert!(wait_for(&mut late, "error", WAIT).is_some());

    // Bad front matter is an error too.
    std::fs::write(
        site.path().join(PAGE),
        format!("---\ntitle: [unclosed\n---\n{good}"),
    )
    .expect("write");
    let error = wait_for(&mut socket, "error", WAIT).expect("front matter error");
    assert!(
        error["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["file"] == PAGE && d["line"] != 0)),
        "{error}"
    );

    std::fs::write(site.path().join(PAGE), &good).expect("fix");
    assert!(wait_for(&mut socket, "ok", WAIT).is_some(), "error cleared");
    assert!(!server.has_error());
    server.stop();
}

#[test]
fn a_burst_of_500_files_is_one_rebuild() {
    let site = copy_bundled_site();
    let dir = site.path().join("content/en-US/burst");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let write_all = |text: &str| {
        for i in 0..500 {
            std::fs::write(
                dir.join(format!("page-{i}.md")),
                format!("# Page {i}\n{text}\n"),
            )
            .expect("write");
        }
    };
    write_all("before");
    let server = start(site.path());
    let mut socket = connect(server.addr());
    settle();
    // As a checkout does: rewrite all 500 at once.
    write_all("after");
    assert!(wait_for(&mut socket, "reload", WAIT).is_some());
    // Anything still in flight would have landed well within this.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.rebuilds(), 1, "one rebuild for the whole burst");
    assert_eq!(
        get(server.addr(), "/en/burst/page-499/")
            .expect("get")
            .status,
        200
    );
    server.stop();
}

#[test]
fn edits_in_the_glossary_folder_site_yaml_names_are_seen() {
    let site = copy_bundled_site();
    let root = site.path();
    std::fs::rename(root.join("glossary"), root.join("terms")).expect("move the glossary");
    edit(root, "site.yaml", |t| {
        format!("{t}glossary: {{ dir: terms }}\n")
    });
    let server = start(root);
    let addr = server.addr();
    settle();
    let glossary_shows = |text: &str| {
        eventually(WAIT, || {
            get(addr, "/en/glossary/")
                .map(|r| r.status == 200 && r.text().contains(text))
                .unwrap_or(false)
        })
    };
    let edit_body = |folder: &str, text: &str| {
        edit(root, &format!("{folder}/en-US.yaml"), |t| {
            t.replacen("It is not a web service itself", text, 1)
        })
    };
    edit_body("terms", "Edited in terms/");
    assert!(glossary_shows("Edited in terms/"));

    // site.yaml names another folder: edits there are seen from then on.
    copy_glossary(root, "terms", "words");
    edit(root, "words/en-US.yaml", |t| {
        t.replacen("Edited in terms/", "Now in words/", 1)
    });
    edit(root, "site.yaml", |t| t.replace("dir: terms", "dir: words"));
    assert!(glossary_shows("Now in words/"));
    settle();
    edit(root, "words/en-US.yaml", |t| {
        t.replacen("Now in words/", "Edited in words/", 1)
    });
    assert!(glossary_shows("Edited in words/"));
    server.stop();
}

fn copy_glossary(root: &Path, from: &str, to: &str) {
    std::fs::create_dir_all(root.join(to)).expect("mkdir");
    for entry in std::fs::read_dir(root.join(from)).expect("read folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, root.join(to).join(name)).expect("copy");
    }
}

#[test]
fn a_save_in_two_steps_serves_the_second() {
    let site = copy_bundled_site();
    let server = start(site.path());
    let addr = server.addr();
    settle();
    // A save in two steps with a pause between them, longer than the
    // quiet time after which the server builds ahead, shorter than the
    // debounce: the first step may be built ahead, but what is served
    // once the file is quiet is the second.
    let page = site.path().join(PAGE);
    let text = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, format!("{text}\nFirst half.\n")).expect("write");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&page, format!("{text}\nFirst half. Second half.\n")).expect("write");
    assert!(eventually(WAIT, || get(addr, "/en/guide/writing-pages/")
        .map(|r| r.text().contains("First half. Second half."))
        .unwrap_or(false)));
    server.stop();
}

#[test]
fn editor_saves_deletes_and_new_folders_are_seen() {
    let site = copy_bundled_site();
    let server = start(site.path());
    let addr = server.addr();
    settle();
    let has = |url: &str, text: &str| {
        get(addr, url)
            .map(|r| r.status == 200 && r.text().contains(text))
            .unwrap_or(false)
    };
    // Write a temp file, then rename it over the page (Vim, VS Code...).
    let page = site.path().join(PAGE);
    let text = std::fs::read_to_string(&page).expect("read");
    let temp = site
        .path()
        .join("content/en-US/guide/.writing-pages.md.tmp");
    std::fs::write(&temp, format!("{text}\nRenamed into place.\n")).expect("write");
    std::fs::rename(&temp, &page).expect("rename");
    assert!(eventually(WAIT, || has(
        "/en/guide/writing-pages/",
        "Renamed into place."
    )));
    // Truncate, then write.
    std::fs::write(&page, "").expect("truncate");
    std::fs::write(&page, format!("{text}\nTruncated and rewritten.\n")).expect("write");
    assert!(eventually(WAIT, || has(
        "/en/guide/writing-pages/",
        "Truncated and rewritten."
    )));
    // A new folder with a page in it.
    let folder = site.path().join("content/en-US/fresh");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("new.md"), "# Brand new\n").expect("write");
    assert!(eventually(WAIT, || has("/en/fresh/new/", "Brand new")));
    // Delete it again.
    std::fs::remove_dir_all(&folder).expect("rm");
    assert!(eventually(WAIT, || get(addr, "/en/fresh/new/")
        .map(|r| r.status == 404)
        .unwrap_or(false)));
    // Swap files change nothing.
    let count = server.rebuilds();
    std::fs::write(site.path().join("content/en-US/.x.md.swp"), "x").expect("swp");
    std::fs::write(site.path().join("content/en-US/x.md~"), "x").expect("backup");
    std::fs::write(site.path().join("content/en-US/4913"), "x").expect("vim probe");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.rebuilds(), count, "editor litter is ignored");
    server.stop();
}

#[test]
fn sixteen_clients_for_five_seconds_while_editing_see_no_failure() {
    let site = copy_bundled_site();
    let server = start(site.path());
    let addr = server.addr();
    settle();
    let urls = [
        "/en/guide/writing-pages/",
        "/ja/",
        "/en/",
        "/style.css",
        "/assets/syntax.css",
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..16)
        .map(|n| {
            let (stop, done, failed) = (stop.clone(), done.clone(), failed.clone());
            std::thread::spawn(move || {
                let mut i = n;
                while !stop.load(Ordering::Relaxed) {
                    match get(addr, urls[i % urls.len()]) {
                        Ok(r) if r.status == 200 && !r.body.is_empty() => {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    i += 1;
                }
            })
        })
        .collect();
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < Duration::from_secs(5) {
        n += 1;
        edit(site.path(), PAGE, |t| format!("{t}\nEdit {n}.\n"));
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client thread");
    }
    assert_eq!(failed.load(Ordering::Relaxed), 0, "failed requests");
    assert!(
        done.load(Ordering::Relaxed) > 100,
        "the clients were served"
    );
    assert!(server.rebuilds() > 0, "the edits were rebuilt meanwhile");
    server.stop();
}
