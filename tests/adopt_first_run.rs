//! What a new user sees first: a folder without `site.yaml`, the lines
//! `serve` prints at start, English plurals, and help for every flag.

mod common;
mod serve_support;

use common::{run_yomu, Fixture, RunResult};
use serve_support::serve_binary;

fn no_site_message(folder: &std::path::Path) -> String {
    let folder = std::fs::canonicalize(folder).expect("canonical");
    format!(
        "error: no site.yaml in {}\n  run yomu in a site folder, name one with `--site DIR`, or create one with `yomu init`\n",
        folder.display()
    )
}

#[test]
fn every_command_in_a_folder_without_site_yaml_says_where_it_looked_and_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    // `serve` exits too, rather than serving an empty site.
    for args in [
        &["build"][..],
        &["check"],
        &["serve", "--port", "0"],
        &["i18n", "status"],
    ] {
        let RunResult {
            code,
            stdout,
            stderr,
        } = run_yomu(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stderr, no_site_message(dir.path()), "{args:?}");
        assert_eq!(stdout, "", "{args:?}");
    }
    assert!(
        !dir.path().join("public").exists(),
        "nothing is written, and no `public/ left as it was` is claimed"
    );
    let nested = dir.path().join("docs");
    std::fs::create_dir(&nested).expect("mkdir");
    let RunResult { code, stderr, .. } = run_yomu(dir.path(), &["--site", "docs", "check"]);
    assert_eq!((code, stderr), (2, no_site_message(&nested)));
}

#[test]
fn a_failed_build_over_an_existing_output_says_it_was_left_alone() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n");
    assert_eq!(f.run(&["build"]).code, 0);
    f.write("content/ja-JP/index.md", "# ホーム\n\n[x](./missing.md)\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("build failed with 1 error; ./public left as it was\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn counts_use_english_plurals() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n[x](./missing.md)\n");
    f.write(
        "content/en-US/index.md",
        "# Home\n\n```nosuchlang\nx\n```\n",
    );
    let run = f.run(&["check"]);
    assert_eq!(run.stdout, "1 error, 1 warning\n");
    let build = f.run(&["build", "--keep-going"]);
    let summary: Vec<Vec<&str>> = build
        .stdout
        .lines()
        .filter(|l| l.starts_with("ja-JP") || l.starts_with("en-US"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        summary,
        [
            ["ja-JP", "1", "page", "0", "warnings"],
            ["en-US", "1", "page", "1", "warning"]
        ]
    );
}

#[test]
fn serve_prints_each_language_url_and_its_page_count() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n");
    f.write("content/ja-JP/a.md", "# A\n");
    f.write("content/en-US/index.md", "# Home\n");
    let (mut child, lines) = serve_binary(f.root(), &["--port", "0"]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let url = lines[2]
        .strip_prefix("serving at ")
        .and_then(|rest| rest.strip_suffix(" (Ctrl-C to stop)"))
        .expect("serving line");
    let url = url::Url::parse(url).expect("a URL");
    let languages: Vec<Vec<&str>> = lines[..2]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        languages,
        [
            [
                "ja-JP",
                url.join("ja/").expect("join").as_str(),
                "2",
                "pages"
            ],
            [
                "en-US",
                url.join("en/").expect("join").as_str(),
                "2",
                "pages"
            ]
        ],
        "en-US publishes the missing page from ja-JP too"
    );
}

#[test]
fn every_flag_of_every_command_has_help_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let commands: &[&[&str]] = &[
        &[],
        &["build"],
        &["serve"],
        &["check"],
        &["i18n", "status"],
        &["i18n", "stamp"],
        &["i18n", "diff"],
        &["init"],
        &["new"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        // `-h`: the compact help, one line per flag.
        args.push("-h");
        let RunResult {
            code, stdout: help, ..
        } = run_yomu(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}");
        let flags: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Options:") && !l.starts_with("Arguments:"))
            .filter(|l| l.trim_start().starts_with(['-', '<']))
            .collect();
        assert!(!flags.is_empty(), "{args:?}: {help}");
        for flag in flags {
            let described = flag
                .trim()
                .split_once("  ")
                .is_some_and(|(_, help)| !help.trim().is_empty());
            assert!(described, "{args:?}: no help for `{}`", flag.trim());
        }
    }
}
