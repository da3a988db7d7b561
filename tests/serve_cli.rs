//! `yomu serve` as a user runs it: a busy port moves to the next free one
//! and says so, a non-loopback bind warns, the URL is printed and serves,
//! and SIGINT (Ctrl-C) stops it with exit code 0.

mod common;
mod serve_support;

use common::http::fetch;
use serve_support::{copy_bundled_site, serve_binary};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command};

/// Sends SIGINT, as Ctrl-C does, and returns the exit code and stderr.
fn interrupt(child: Child) -> (i32, String) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let output = child.wait_with_output().expect("wait");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn served_port(line: &str) -> u16 {
    line.trim_start_matches("serving at http://")
        .split(['/', ' '])
        .next()
        .and_then(|host| host.rsplit(':').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
}

#[test]
fn a_busy_port_moves_to_the_next_free_one_and_ctrl_c_exits_0() {
    let site = copy_bundled_site();
    let taken = TcpListener::bind("127.0.0.1:0").expect("take a port");
    let busy = taken.local_addr().expect("addr").port();
    let (child, lines) = serve_binary(site.path(), &["--port", &busy.to_string()]);
    let serving = lines.last().expect("a line");
    let port = served_port(serving);
    assert_ne!(port, busy);
    assert!(
        lines
            .iter()
            .any(|l| l == &format!("port {busy} is in use; using {port} instead")),
        "{lines:?}"
    );
    assert!(
        serving.starts_with("serving at http://127.0.0.1:"),
        "{serving}"
    );
    let page = fetch(SocketAddr::from(([127, 0, 0, 1], port)), "/en/");
    assert_eq!(page.status, 200);
    let (code, stderr) = interrupt(child);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = copy_bundled_site();
    let (child, lines) = serve_binary(site.path(), &["--bind", "0.0.0.0", "--port", "0"]);
    let port = served_port(lines.last().expect("a line"));
    assert_eq!(
        fetch(SocketAddr::from(([127, 0, 0, 1], port)), "/ja/").status,
        200
    );
    let (code, stderr) = interrupt(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: serving on 0.0.0.0, which other machines can reach"),
        "{stderr}"
    );
}
