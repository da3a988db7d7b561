//! `yomu init` and `yomu new`: a site that works at once, and pages with
//! front matter and stamped translations.

mod common;

use common::{run_yomu, Fixture, RunResult};
use std::path::Path;

fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_makes_a_bilingual_site_that_checks_and_builds_clean() {
    let parent = tempfile::tempdir().expect("temp dir");
    let RunResult {
        code,
        stdout,
        stderr,
    } = run_yomu(parent.path(), &["init", "docs", "--title", "Our: docs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created 8 files in docs"), "{stdout}");
    let site = parent.path().join("docs");
    assert_eq!(
        files_under(&site),
        [
            ".gitignore",
            "content/en-US/guide/getting-started.md",
            "content/en-US/index.md",
            "content/ja-JP/guide/getting-started.md",
            "content/ja-JP/index.md",
            "locales/en-US.ftl",
            "locales/ja-JP.ftl",
            "site.yaml",
        ]
    );
    let text = std::fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
    let config = yomu::config::parse(&text, Path::new("site.yaml"), None).expect("valid");
    assert_eq!(config.title, "Our: docs");
    let codes: Vec<(&str, &str)> = config
        .languages
        .iter()
        .map(|l| (l.code.as_str(), l.path.as_str()))
        .collect();
    assert_eq!(codes, [("ja-JP", "ja"), ("en-US", "en")]);
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).expect("gitignore"),
        "/public/\n"
    );

    let RunResult {
        code,
        stdout,
        stderr,
    } = run_yomu(&site, &["check", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{stdout}");
    // The translations start stamped, so they are current, not unknown.
    let RunResult { stdout: status, .. } = run_yomu(&site, &["i18n", "status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    let states: Vec<&str> = status["languages"][0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["state"].as_str())
        .collect();
    assert_eq!(states, ["current", "current"], "{status}");

    let built = yomu::build::build_site(&site, &Default::default());
    let output = built.output.expect("output");
    let home = scraper::Html::parse_document(&String::from_utf8_lossy(
        &output.get("en/index.html").expect("en home"),
    ));
    let links: Vec<&str> = home
        .select(&scraper::Selector::parse("article a").expect("selector"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["/en/guide/getting-started/"]);
}

#[test]
fn init_takes_languages_and_refuses_a_non_empty_folder_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("site.yaml"), "mine\n").expect("write");
    let RunResult { code, stderr, .. } = run_yomu(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(files_under(dir.path()), ["site.yaml"]);

    let RunResult { code, stdout, .. } = run_yomu(
        dir.path(),
        &[
            "init", "--force", "--lang", "en-US", "--lang", "zh-CN", "--lang", "zh-TW",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("kept site.yaml: it was already there"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.yaml")).expect("read"),
        "mine\n",
        "an existing file is never touched"
    );
    assert!(dir
        .path()
        .join("content/zh-TW/guide/getting-started.md")
        .is_file());
    assert!(dir.path().join("locales/zh-CN.ftl").is_file());
}

#[test]
fn new_makes_a_page_with_a_title_and_a_stamped_translation() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n");
    f.write("content/en-US/index.md", "# Home\n");
    let run = f.run(&["new", "guide/2.install-steps"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created content/ja-JP/guide/2.install-steps.md\n"
    );
    let source =
        std::fs::read_to_string(f.path("content/ja-JP/guide/2.install-steps.md")).expect("source");
    assert_eq!(source, "---\ntitle: \"Install steps\"\n---\n\n");
    // Again: it is there already.
    assert_eq!(f.run(&["new", "guide/2.install-steps.md"]).code, 1);

    f.write(
        "content/ja-JP/guide/2.install-steps.md",
        "---\ntitle: インストール\n---\n\n手順です。\n",
    );
    let run = f.run(&[
        "new",
        "content/ja-JP/guide/2.install-steps.md",
        "--translate",
        "en-US",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy =
        std::fs::read_to_string(f.path("content/en-US/guide/2.install-steps.md")).expect("copy");
    let source =
        std::fs::read_to_string(f.path("content/ja-JP/guide/2.install-steps.md")).expect("source");
    let hash = yomu::i18n::hash::file_hash(&source);
    assert_eq!(
        copy,
        format!("---\ntitle: インストール\nsource_hash: {hash}\n---\n\n手順です。\n")
    );
    let built = f.build_clean();
    let page = built.html("en/guide/install-steps/index.html");
    assert_eq!(page.texts("h1"), ["インストール"]);
    assert!(
        !built
            .diagnostics
            .iter()
            .any(|d| d.message.contains("outdated")),
        "the copy is current"
    );
    assert_eq!(
        f.run(&["new", "guide/x.md", "--translate", "fr"]).code,
        2,
        "not a language of the site"
    );
}
