//! Adopting yomu on a tree with known problems: the `checks:` policy,
//! `ignore:` patterns, `build --keep-going`, and diagnostics grouped and
//! folded so the real problems stay readable.

mod common;

use common::{Fixture, TWO_LANGUAGES};
use yomu::diagnostics::Severity;

/// A site whose ja-JP home links to 200 pages that do not exist.
fn two_hundred_broken_links() -> Fixture {
    let f = Fixture::new();
    let links: String = (0..200)
        .map(|i| format!("- [{i}](/missing-{i:03}/)\n"))
        .collect();
    f.write("content/ja-JP/index.md", &format!("# ホーム\n\n{links}"));
    f.write("content/en-US/index.md", "# Home\n");
    f
}

#[test]
fn check_groups_two_hundred_broken_links_and_ends_with_the_table() {
    let run = two_hundred_broken_links().run(&["check"]);
    assert_eq!(run.code, 1);
    let mut expected: Vec<String> = (0..10)
        .flat_map(|i| {
            [
                format!("error[link]: broken link `/missing-{i:03}/`: no page or file at `/missing-{i:03}/`"),
                format!("  --> content/ja-JP/index.md:{}:3", i + 3),
                String::new(),
            ]
        })
        .collect();
    expected.extend(
        [
            "… and 190 more `link` errors (yomu check --all to list them)",
            "",
            "class  ja-JP       en-US  site",
            "link   200 errors  -      -",
        ]
        .map(String::from),
    );
    assert_eq!(run.stderr.lines().collect::<Vec<_>>(), expected);
    assert_eq!(run.stdout.trim(), "200 errors, 0 warnings");
}

#[test]
fn check_all_and_json_list_every_diagnostic() {
    let f = two_hundred_broken_links();
    let all = f.run(&["check", "--all"]);
    let listed = all
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[link]: broken link `/missing-"))
        .count();
    assert_eq!(listed, 200, "{}", all.stderr);
    assert!(!all.stderr.contains("more `link` errors"));

    let json = f.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(report["errors"], 200);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(200));
}

#[test]
fn identical_messages_fold_into_one_entry_with_their_places() {
    // The pages missing from en-US are not the point here.
    let f = Fixture::with_config(&format!("{TWO_LANGUAGES}checks:\n  i18n: off\n"));
    for i in 0..37 {
        f.write(
            &format!("content/ja-JP/p{i:02}.md"),
            "# ページ\n\n[サーバー](/servers/)と[サーバー](/servers/)\n",
        );
    }
    let run = f.run(&["check"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "error[link]: broken link `/servers/`: no page or file at `/servers/` (37 places)",
            "  --> content/ja-JP/p00.md:3:1",
            "  --> content/ja-JP/p01.md:3:1",
            "  --> content/ja-JP/p02.md:3:1",
            "  … and 34 more places",
            "",
        ],
        "{}",
        run.stderr
    );
    // Two identical links per page count once per page.
    assert_eq!(run.stdout.trim(), "37 errors, 0 warnings");
    assert!(
        run.stderr.ends_with("link   37 errors  -      -\n"),
        "{}",
        run.stderr
    );
    let all = f.run(&["check", "--all"]);
    assert_eq!(all.stdout.trim(), "74 errors, 0 warnings");
}

#[test]
fn ignore_patterns_leave_other_sections_of_the_domain_unchecked() {
    let config = format!("{TWO_LANGUAGES}ignore:\n  - /servers/\n  - /tools/**\n");
    let f = Fixture::with_config(&config);
    f.write(
        "content/ja-JP/index.md",
        "# ホーム\n\n[a](/servers/) [b](/servers/list) [c](/tools/x/y) [d](/toolsx/) ![e](/tools/logo.png)\n",
    );
    let built = f.build();
    let broken: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        broken,
        ["broken link `/toolsx/`: no page or file at `/toolsx/`"]
    );
    let output = built.output.expect("output");
    let page = scraper::Html::parse_document(&String::from_utf8_lossy(
        &output.get("ja/index.html").expect("page"),
    ));
    let hrefs: Vec<&str> = page
        .select(&scraper::Selector::parse("article a").expect("selector"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/servers/") && hrefs.contains(&"/tools/x/y"),
        "ignored links stay as written: {hrefs:?}"
    );
}

#[test]
fn checks_set_each_class_severity() {
    let page = "# ホーム\n\n[x](/missing/) [y](#nowhere)\n\n```nosuchlang\ncode\n```\n";
    let severities = |checks: &str| {
        let f = Fixture::with_config(&format!("{TWO_LANGUAGES}{checks}"));
        f.write("content/ja-JP/index.md", page);
        f.write("content/en-US/index.md", "# Home\n");
        let mut found: Vec<(&'static str, Severity)> = f
            .build()
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity))
            .collect();
        found.sort();
        found
    };
    // Defaults stay strict.
    assert_eq!(
        severities(""),
        [
            ("anchor", Severity::Error),
            ("highlight", Severity::Warning),
            ("link", Severity::Error)
        ]
    );
    assert_eq!(
        severities("checks:\n  links: warning\n  anchors: off\n  highlight: error\n"),
        [("highlight", Severity::Error), ("link", Severity::Warning)]
    );
}

#[test]
fn an_unknown_check_class_is_a_config_error_with_its_line() {
    let f = Fixture::with_config(&format!("{TWO_LANGUAGES}checks:\n  link: off\n"));
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[config]: `checks` has no class `link`; the classes are links, anchors"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> site.yaml:11:1"), "{}", run.stderr);
}

#[test]
fn keep_going_writes_the_output_and_still_exits_1() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n[x](/missing/)\n");
    let strict = f.run(&["build"]);
    assert_eq!(strict.code, 1);
    assert!(!f.path("public").exists(), "a failed build writes nothing");
    assert!(
        strict.stderr.contains("build failed with 1 error\n"),
        "no output folder, so nothing was `left as it was`: {}",
        strict.stderr
    );

    let run = f.run(&["build", "--keep-going"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[link]: broken link `/missing/`"));
    assert!(run
        .stderr
        .contains("wrote the output despite 1 error (--keep-going)"));
    let html = std::fs::read_to_string(f.path("public/ja/index.html")).expect("written");
    let page = scraper::Html::parse_document(&html);
    let h1: Vec<String> = page
        .select(&scraper::Selector::parse("h1").expect("selector"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(h1, ["ホーム"]);
}

#[test]
fn untranslated_text_is_one_warning_per_page() {
    let f = Fixture::new();
    f.write("content/ja-JP/log.md", "# 変更履歴\n\n本文です。\n");
    let paragraphs: String = (0..40).map(|i| format!("変更その{i}です。\n\n")).collect();
    f.write(
        "content/en-US/log.md",
        &format!("# Changelog\n\n{paragraphs}"),
    );
    let built = f.build();
    let untranslated: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.code == "untranslated")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        untranslated,
        ["warning[untranslated]: 40 untranslated paragraphs still in ja-JP (first: “変更その0です。”); yomu i18n status --lang en-US lists them\n  --> content/en-US/log.md:3"]
    );
}
