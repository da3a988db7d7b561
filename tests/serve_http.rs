//! `yomu serve` over HTTP: an in-process server on port 0 serving a temp
//! copy of the bundled site.

mod common;
mod serve_support;

use common::http::get;
use serve_support::{copy_bundled_site, start};
use yomu::build::{build_site, BuildOptions};
use yomu::serve::server::content_type;

#[test]
fn serves_every_built_file_from_memory_with_its_type() {
    let site = copy_bundled_site();
    let built = build_site(
        site.path(),
        &BuildOptions {
            stable_asset_names: true,
            ..BuildOptions::default()
        },
    );
    let output = built.output.expect("the bundled site builds");
    let server = start(site.path());
    for path in output.files.keys() {
        let url = match path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{path}"),
        };
        let url: String = url
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    percent_encoding::utf8_percent_encode(
                        &c.to_string(),
                        percent_encoding::NON_ALPHANUMERIC,
                    )
                    .to_string()
                }
            })
            .collect();
        let response = get(server.addr(), &url).expect("request");
        assert_eq!(response.status, 200, "{url}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type(path)),
            "{url}"
        );
        assert_eq!(response.header("cache-control"), Some("no-store"), "{url}");
        if path.ends_with(".html") {
            assert!(
                response.text().contains("/__yomu/ws"),
                "{url} has the reload script"
            );
        } else {
            assert_eq!(response.body, output.get(path).expect("bytes"), "{url}");
        }
    }
    assert!(
        !site.path().join("public").exists(),
        "serve writes nothing to disk"
    );
    server.stop();
}

#[test]
fn unknown_paths_and_traversal_payloads_are_404() {
    let site = copy_bundled_site();
    // Something a traversal would find if the server read the disk.
    std::fs::write(site.path().join("secret.txt"), "secret").expect("write");
    let server = start(site.path());
    for payload in [
        "/no/such/page/",
        "/nope.css",
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/en/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/en\\..\\..\\secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/secret.txt%00.html",
        "/style.css%00",
        "/./style.css",
        "/site.yaml",
        "/content/en-US/index.md",
    ] {
        let response = get(server.addr(), payload).expect("request");
        assert_eq!(response.status, 404, "{payload}");
        assert!(!response.text().contains("secret"), "{payload}");
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
    server.stop();
}

#[test]
fn the_404_page_is_the_sites_own_and_folders_get_their_slash() {
    let site = copy_bundled_site();
    let output = build_site(
        site.path(),
        &BuildOptions {
            stable_asset_names: true,
            ..BuildOptions::default()
        },
    )
    .output
    .expect("builds");
    let server = start(site.path());
    let response = get(server.addr(), "/en/no-such-page/").expect("request");
    assert_eq!(response.status, 404);
    let own = ["en/404.html", "404.html"]
        .into_iter()
        .find_map(|p| output.get(p));
    if let Some(own) = own {
        let own = String::from_utf8_lossy(&own).into_owned();
        let title = own
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .expect("the 404 page has a title");
        assert!(response.text().contains(title), "the site's own 404 page");
    }
    let response = get(server.addr(), "/en/guide").expect("request");
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/en/guide/"));
    server.stop();
}
