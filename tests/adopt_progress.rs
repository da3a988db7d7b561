//! The build's progress line: on a terminal (a pseudo-terminal made by
//! `script`), not in a pipe, not with `--quiet`, and not for a build
//! quicker than the delay.

mod common;

use common::Fixture;
use std::process::Command;

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n");
    f.write("content/ja-JP/a.md", "# A\n");
    f.write("content/en-US/index.md", "# Home\n");
    f.write("content/en-US/a.md", "# A\n");
    f
}

/// Runs `yomu ARGS` under a pseudo-terminal; `None` when `script` is
/// missing outside CI.
fn on_terminal(f: &Fixture, args: &str, delay_ms: Option<&str>) -> Option<String> {
    let mut command = Command::new("script");
    command
        .args(["-q", "-e", "-c"])
        .arg(format!(
            "{}{} {args}",
            prefix(args),
            env!("CARGO_BIN_EXE_yomu")
        ))
        .arg("/dev/null")
        .current_dir(f.root())
        .env_remove("YOMU_PROGRESS_DELAY_MS");
    if let Some(ms) = delay_ms {
        command.env("YOMU_PROGRESS_DELAY_MS", ms);
    }
    match command.output() {
        Ok(out) => {
            assert!(out.status.success(), "{out:?}");
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(err) if std::env::var_os("CI").is_none() => {
            println!("skipped: cannot run `script` for a pseudo-terminal ({err})");
            None
        }
        Err(err) => panic!("`script` is needed for this test: {err}"),
    }
}

/// `serve` runs until interrupted: `timeout` sends it Ctrl-C's signal.
fn prefix(args: &str) -> &'static str {
    if args.starts_with("serve") {
        "timeout --preserve-status -s INT 2 "
    } else {
        ""
    }
}

/// (done, total) of each drawing of the layout stage.
fn layout_counts(terminal: &str) -> Vec<(usize, usize)> {
    terminal
        .split("laying out pages ")
        .skip(1)
        .filter_map(|rest| {
            let count: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '/')
                .collect();
            let (done, total) = count.split_once('/')?;
            Some((done.parse().ok()?, total.parse().ok()?))
        })
        .collect()
}

#[test]
fn a_terminal_shows_stages_and_pages_done_out_of_total() {
    let f = site();
    let Some(terminal) = on_terminal(&f, "build", Some("0")) else {
        return;
    };
    for stage in ["loading…", "rendering pages", "laying out pages"] {
        assert!(terminal.contains(stage), "no `{stage}` in {terminal:?}");
    }
    let counts = layout_counts(&terminal);
    assert!(!counts.is_empty(), "{terminal:?}");
    assert!(counts.iter().all(|&(_, total)| total == 4), "{counts:?}");
    assert!(
        counts.iter().all(|&(done, total)| done <= total),
        "{counts:?}"
    );
    assert!(
        terminal.contains("built "),
        "the build's own summary follows: {terminal:?}"
    );
}

#[test]
fn quiet_a_pipe_or_a_quick_build_show_no_progress() {
    let f = site();
    if let Some(quiet) = on_terminal(&f, "build --quiet", Some("0")) {
        assert!(!quiet.contains("rendering pages"), "{quiet:?}");
        assert!(!quiet.contains("built "), "{quiet:?}");
    }
    // The default delay is a second: this build is done well before.
    if let Some(quick) = on_terminal(&f, "build", None) {
        assert!(!quick.contains("rendering pages"), "{quick:?}");
    }
    let piped = Command::new(env!("CARGO_BIN_EXE_yomu"))
        .arg("build")
        .current_dir(f.root())
        .env("YOMU_PROGRESS_DELAY_MS", "0")
        .output()
        .expect("run");
    assert!(piped.status.success());
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains("rendering pages"), "{stderr:?}");
    assert!(String::from_utf8_lossy(&piped.stdout).contains("built "));
}

#[test]
fn serve_shows_progress_for_its_first_build() {
    let f = site();
    let Some(terminal) = on_terminal(&f, "serve --port 0", Some("0")) else {
        return;
    };
    let counts = layout_counts(&terminal);
    assert!(!counts.is_empty(), "{terminal:?}");
    assert!(counts.iter().all(|&(_, total)| total == 4), "{counts:?}");
    assert!(terminal.contains("serving at http://"), "{terminal:?}");
}
