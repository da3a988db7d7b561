//! `yomu i18n status` in text and JSON: every page state, untranslated
//! text, UI strings, `--lang`, `--fail-on`, and the warnings of `yomu check`.

mod common;

use common::Fixture;
use serde_json::Value;
use yomu::i18n::hash::file_hash;

const JA_CURRENT: &str = "# 最新\n\n本文です。\n";

/// One en-US page in each state (no git here: unstamped stays unknown).
fn states() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n")
        .write(
            "content/en-US/index.md",
            &format!(
                "---\nsource_hash: {}\n---\n# Home\n",
                file_hash("# ホーム\n")
            ),
        )
        .write("content/ja-JP/current.md", JA_CURRENT)
        .write(
            "content/en-US/current.md",
            &format!(
                "---\ntitle: Current\nsource_hash: {}\n---\n# Current\n\nBody.\n",
                file_hash(JA_CURRENT)
            ),
        )
        .write("content/ja-JP/outdated.md", "# 古い\n\n変わった本文。\n")
        .write(
            "content/en-US/outdated.md",
            "---\nsource_hash: 0123456789ab\n---\n# Old\n\nOld body.\n",
        )
        .write("content/ja-JP/unstamped.md", "# 印なし\n")
        .write("content/en-US/unstamped.md", "# Unstamped\n")
        .write("content/ja-JP/missing.md", "# 未訳\n")
        .write("content/en-US/extra.md", "# Extra\n");
    f
}

fn json(f: &Fixture, args: &[&str]) -> Value {
    let mut all = vec!["i18n", "status", "--format", "json"];
    all.extend_from_slice(args);
    let run = f.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON report")
}

#[test]
fn json_counts_every_state_and_lists_files_worst_first() {
    let report = json(&states(), &[]);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["source_language"], "ja-JP");
    let en = &report["languages"][0];
    assert_eq!(en["code"], "en-US");
    assert_eq!(
        en["pages"],
        serde_json::json!({"source": 5, "current": 2, "outdated": 1, "unstamped": 1, "missing": 1, "extra": 1})
    );
    // (0 + 1 + 1 + 0.5 + 1) / 5 source pages
    assert_eq!(en["coverage"], 70.0);
    let files: Vec<(&str, &str, &str)> = en["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default(),
                f["state"].as_str().unwrap_or_default(),
                f["basis"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("content/en-US/missing.md", "missing", "none"),
            ("content/en-US/outdated.md", "outdated", "hash"),
            ("content/en-US/unstamped.md", "unstamped", "none"),
            ("content/en-US/current.md", "current", "hash"),
            ("content/en-US/index.md", "current", "hash"),
            ("content/en-US/extra.md", "extra", "none"),
        ]
    );
    let outdated = &en["files"][1];
    assert_eq!(outdated["stamped_hash"], "0123456789ab");
    assert_eq!(
        outdated["source_hash"],
        file_hash("# 古い\n\n変わった本文。\n")
    );
    assert_eq!(outdated["source"], "content/ja-JP/outdated.md");
    assert_eq!(en["files"][0]["source"], "content/ja-JP/missing.md");
    assert_eq!(en["files"][5]["source"], Value::Null);
}

#[test]
fn text_is_a_table_within_100_columns() {
    let run = states().run(&["i18n", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("current 2, outdated 1, unstamped 1, missing 1, extra 1"),
        "{out}"
    );
    assert!(out.contains("Coverage    70.0%"), "{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_end().ends_with(".md"))
        .collect();
    assert_eq!(
        rows,
        [
            "  missing       -  content/en-US/missing.md",
            "  outdated      0  content/en-US/outdated.md",
            "  unstamped     0  content/en-US/unstamped.md",
            "  extra         0  content/en-US/extra.md",
        ]
    );
    assert!(out.contains("… and 2 current files."), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line}");
    }
}

#[test]
fn fail_on_and_lang_options() {
    let f = states();
    assert_eq!(f.run(&["i18n", "status", "--fail-on", "outdated"]).code, 1);
    assert_eq!(
        f.run(&["i18n", "status", "--fail-on", "untranslated"]).code,
        0
    );
    assert_eq!(
        f.run(&["i18n", "status", "--fail-on", "untranslated,missing"])
            .code,
        1
    );
    assert_eq!(f.run(&["i18n", "status", "--lang", "en-US"]).code, 0);
    assert_eq!(f.run(&["i18n", "status", "--lang", "ja-JP"]).code, 2);
    assert_eq!(f.run(&["i18n", "status", "--lang", "fr"]).code, 2);
    assert_eq!(f.run(&["i18n", "status", "--fail-on", "typo"]).code, 2);
}

#[test]
fn check_reports_findings_as_warnings_with_locations() {
    let run = states().run(&["check"]);
    assert_eq!(run.code, 0, "warnings only\n{}", run.stderr);
    for location in [
        "content/en-US/missing.md",
        "content/en-US/outdated.md:2",
        "content/en-US/extra.md",
    ] {
        let found = run
            .stderr
            .split("\n\n")
            .any(|d| d.starts_with("warning[i18n]") && d.ends_with(&format!("--> {location}")));
        assert!(found, "no warning at {location}:\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("unstamped.md"),
        "an unknown state is not a warning\n{}",
        run.stderr
    );
}

const JA_ARTICLE: &str = "# 記事\n\nMisskeyは分散型のSNSです。\n\n- 項目その一\n- 項目その二\n\n## 使い方\n\n本文です。\n";
const EN_ARTICLE: &str = "\
# Article

Misskey is a decentralized social network.

- First item
- 項目その二

## 使い方

Run `yomu build` or see https://example.org/ドキュメント for the `設定` details.

```sh
echo これはコードです
```

これはまだ翻訳されていない段落です。Misskey を使います。

The word サーバー means server.
";

#[test]
fn japanese_left_in_an_english_page_is_listed_with_lines() {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", JA_ARTICLE)
        .write("content/en-US/index.md", EN_ARTICLE);
    let report = json(&f, &[]);
    let en = &report["languages"][0];
    assert_eq!(en["text"]["untranslated"], 3);
    let found: Vec<(u64, &str)> = en["files"][0]["untranslated"]
        .as_array()
        .expect("untranslated")
        .iter()
        .map(|u| {
            assert_eq!(u["reason"], "script");
            (
                u["line"].as_u64().unwrap_or_default(),
                u["kind"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, [(6, "list-item"), (8, "heading"), (16, "paragraph")]);
    // 8 blocks, 3 untranslated.
    assert_eq!(en["coverage"], 62.5);
    // `check` says it once for the page, at the first block; the
    // detail stays here in `i18n status`.
    let run = f.run(&["check"]);
    assert!(
        run.stderr.contains(
            "warning[untranslated]: 3 untranslated blocks still in ja-JP (first: “項目その二”); \
             yomu i18n status --lang en-US lists them\n  --> content/en-US/index.md:6\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        f.run(&["i18n", "status", "--fail-on", "untranslated"]).code,
        1
    );
    let text = f.run(&["i18n", "status"]).stdout;
    assert!(
        text.contains(
            "line 16    paragraph  これはまだ翻訳されていない段落です。Misskey を使います。"
        ),
        "{text}"
    );
}

#[test]
fn other_language_pairs_compare_paragraphs_with_the_source() {
    let f = Fixture::with_config(
        "title: T\ndefault_language: en-US\nlanguages:\n  - code: en-US\n    name: English\n    path: en\n  - code: fr-FR\n    name: Français\n    path: fr\n",
    );
    f.write(
        "content/en-US/index.md",
        "# Home\n\nThis paragraph was never translated.\n\nMisskey Project\n",
    )
    .write(
        "content/fr-FR/index.md",
        "# Accueil\n\nThis paragraph was never translated.\n\nMisskey Project\n",
    );
    let report = json(&f, &[]);
    let untranslated = &report["languages"][0]["files"][0]["untranslated"];
    assert_eq!(untranslated.as_array().map(Vec::len), Some(1));
    assert_eq!(untranslated[0]["line"], 3);
    assert_eq!(untranslated[0]["reason"], "identical");
}

#[test]
fn ui_strings_missing_and_identical() {
    let f = states();
    f.write("locales/ja-JP.ftl", "site-motto = 読みやすく\n")
        .write(
            "locales/en-US.ftl",
            "# overrides\nedit-page = このページを編集\n",
        );
    let report = json(&f, &["--lang", "en-US"]);
    let ui = &report["languages"][0]["ui_strings"];
    assert_eq!(
        ui["missing"],
        serde_json::json!([{"key": "site-motto", "file": "locales/ja-JP.ftl", "line": 1}])
    );
    assert_eq!(
        ui["identical"],
        serde_json::json!([{"key": "edit-page", "file": "locales/en-US.ftl", "line": 2}])
    );
    let text = f.run(&["i18n", "status"]).stdout;
    assert!(
        text.contains("UI strings  1 missing, 1 identical to ja-JP"),
        "{text}"
    );
    assert!(text.contains("site-motto"), "{text}");
    let check = f.run(&["check"]);
    assert!(
        check.stderr.contains("--> locales/en-US.ftl:2"),
        "{}",
        check.stderr
    );
    assert_eq!(f.run(&["i18n", "status", "--fail-on", "missing"]).code, 1);
}
