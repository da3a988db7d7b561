//! Freshness from git history: unstamped pages with and without git, and
//! `yomu i18n diff` finding the stamped source version by its hash.

mod common;

use common::Fixture;
use std::process::Command;
use yomu::i18n::hash::file_hash;

fn git(f: &Fixture, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(f.root())
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_all(f: &Fixture, message: &str) {
    git(f, &["add", "-A"]);
    git(f, &["commit", "-q", "-m", message]);
}

fn page_state(f: &Fixture) -> (String, String) {
    let run = f.run(&["i18n", "status", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let file = report["languages"][0]["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["file"] == "content/en-US/page.md"))
        .cloned()
        .expect("page in the report");
    (
        file["state"].as_str().unwrap_or_default().to_string(),
        file["basis"].as_str().unwrap_or_default().to_string(),
    )
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write("content/en-US/index.md", "# Home\n")
        .write("content/ja-JP/page.md", "# ページ\n\n最初の本文。\n")
        .write("content/en-US/page.md", "# Page\n\nThe first text.\n");
    f
}

#[test]
fn unstamped_pages_are_decided_by_git_history() {
    let f = site();
    assert_eq!(
        page_state(&f),
        ("unstamped".into(), "none".into()),
        "no git"
    );
    git(&f, &["init", "-q"]);
    assert_eq!(
        page_state(&f),
        ("unstamped".into(), "none".into()),
        "no commit"
    );
    commit_all(&f, "both");
    assert_eq!(
        page_state(&f),
        ("unstamped".into(), "git".into()),
        "committed together: not outdated"
    );

    f.write("content/ja-JP/page.md", "# ページ\n\n新しい本文。\n");
    commit_all(&f, "source changes");
    assert_eq!(page_state(&f), ("outdated".into(), "git".into()));
    let text = f.run(&["i18n", "status"]).stdout;
    assert!(
        text.lines().any(|l| l.starts_with("  outdated")
            && l.ends_with("content/en-US/page.md  (source committed later)")),
        "{text}"
    );
    let built = f.build_clean();
    assert_eq!(
        built
            .html("en/page/index.html")
            .attrs(".translation-outdated a", "href"),
        ["/ja/page/"]
    );
    let check = f.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("was committed after this file's last commit"),
        "{}",
        check.stderr
    );

    f.write("content/en-US/page.md", "# Page\n\nThe new text.\n");
    commit_all(&f, "translation follows");
    assert_eq!(page_state(&f), ("unstamped".into(), "git".into()));
}

#[test]
fn diff_shows_what_changed_since_the_stamp() {
    let f = site();
    git(&f, &["init", "-q"]);
    let stamp = f.run(&["i18n", "stamp", "content/en-US/page.md"]);
    assert_eq!(stamp.code, 0, "{}", stamp.stderr);
    commit_all(&f, "stamped translation");
    let current = f.run(&["i18n", "diff", "content/en-US/page.md"]);
    assert_eq!(current.code, 0);
    assert!(current.stdout.contains("is current"), "{}", current.stdout);

    f.write("content/ja-JP/page.md", "# ページ\n\n二番目の本文。\n");
    commit_all(&f, "edit");
    f.write(
        "content/ja-JP/page.md",
        "# ページ\n\n三番目の本文。\n\n追加の段落。\n",
    );
    commit_all(&f, "edit again");
    assert_eq!(page_state(&f).0, "outdated");
    let diff = f.run(&["i18n", "diff", "content/en-US/page.md"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let lines: Vec<&str> = diff
        .stdout
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(
        lines,
        ["-最初の本文。", "+三番目の本文。", "+", "+追加の段落。"],
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("(stamped, source_hash"),
        "{}",
        diff.stdout
    );
}

#[test]
fn diff_says_plainly_when_the_stamped_source_is_unknown() {
    let f = site();
    let no_git = f.run(&["i18n", "diff", "content/en-US/page.md"]);
    assert_eq!(no_git.code, 1, "unstamped without git: nothing to compare");
    assert!(
        no_git.stderr.contains("not in a git repository"),
        "{}",
        no_git.stderr
    );
    f.write(
        "content/en-US/page.md",
        &format!(
            "---\nsource_hash: {}\n---\n# Page\n",
            file_hash("# ページ\n\n一度も保存されなかった版。\n")
        ),
    );
    let run = f.run(&["i18n", "diff", "content/en-US/page.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );

    git(&f, &["init", "-q"]);
    commit_all(&f, "first");
    let run = f.run(&["i18n", "diff", "content/en-US/page.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("cannot find the version of `content/ja-JP/page.md`"),
        "{}",
        run.stderr
    );
}
