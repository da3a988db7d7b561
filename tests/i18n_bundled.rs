//! The repository's own site: its en-US pages carry correct stamps, and
//! editing a ja-JP page makes the English one outdated until restamped.

mod common;

use common::Fixture;
use std::path::Path;

const SOURCE: &str = "content/ja-JP/docs/1.misskey-and-misskey-servers.md";
const TRANSLATION: &str = "content/en-US/docs/1.misskey-and-misskey-servers.md";
const PAGE: &str = "en/docs/misskey-and-misskey-servers/index.html";

/// A copy of the repository's site (site.yaml, content/, locales/ if any,
/// themes/) in a temporary folder.
fn copy_of_the_site() -> Fixture {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let f =
        Fixture::with_config(&std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml"));
    for dir in ["content", "locales", "themes", "glossary", "static"] {
        for entry in walkdir::WalkDir::new(repo.join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry.path().strip_prefix(repo).expect("inside the repo");
            let bytes = std::fs::read(entry.path()).expect("read site file");
            f.write_bytes(&rel.to_string_lossy(), &bytes);
        }
    }
    f
}

fn states(f: &Fixture) -> Vec<(String, String)> {
    let run = f.run(&["i18n", "status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    report["languages"][0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            (
                file["file"].as_str().unwrap_or_default().to_string(),
                file["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_english_page_is_stamped_and_current() {
    let f = copy_of_the_site();
    let states = states(&f);
    assert!(states.len() >= 6, "{states:?}");
    let stale: Vec<&String> = states
        .iter()
        .filter(|(_, state)| state != "current")
        .map(|(file, _)| file)
        .collect();
    assert!(
        stale.is_empty(),
        "translate these, compare them with their ja-JP source, then run \
         `cargo run -- i18n stamp FILE…`: {stale:?}"
    );
    assert_eq!(
        f.run(&[
            "i18n",
            "status",
            "--fail-on",
            "outdated,missing,untranslated,unstamped"
        ])
        .code,
        0
    );
}

#[test]
fn editing_the_source_makes_the_translation_outdated_until_restamped() {
    let f = copy_of_the_site();
    let built = f.build_clean();
    assert_eq!(built.html(PAGE).count(".translation-notice"), 0);

    let source = std::fs::read_to_string(f.path(SOURCE)).expect("source page");
    f.write(
        SOURCE,
        &format!("{source}\n## 追記 {{#addendum}}\n\n原文に段落を追加しました。\n"),
    );
    let built = f.build_clean();
    let page = built.html(PAGE);
    assert_eq!(page.count(".translation-notice.translation-outdated"), 1);
    assert_eq!(
        page.attrs(".translation-outdated a", "href"),
        ["/ja/docs/misskey-and-misskey-servers/"]
    );
    assert!(states(&f).contains(&(TRANSLATION.to_string(), "outdated".to_string())));
    let text = f.run(&["i18n", "status"]);
    assert!(
        text.stdout
            .lines()
            .any(|l| l.contains("outdated") && l.ends_with(TRANSLATION)),
        "{}",
        text.stdout
    );
    assert_eq!(f.run(&["i18n", "status", "--fail-on", "outdated"]).code, 1);

    let before = std::fs::read_to_string(f.path(TRANSLATION)).expect("translation");
    let stamp = f.run(&["i18n", "stamp", TRANSLATION]);
    assert_eq!(stamp.code, 0, "{}", stamp.stderr);
    let after = std::fs::read_to_string(f.path(TRANSLATION)).expect("translation");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "only the hash line changes: {changed:?}");
    assert!(changed[0].1.starts_with("source_hash: "));
    assert!(states(&f).contains(&(TRANSLATION.to_string(), "current".to_string())));
    let built = f.build_clean();
    assert_eq!(built.html(PAGE).count(".translation-notice"), 0);
}
