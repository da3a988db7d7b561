//! The bad-input catalog: one broken fixture per diagnostic class. Each
//! asserts the diagnostic's code and file:line, the exit code, and that a
//! failed build leaves the previous output as it was.

mod common;

use common::Fixture;

/// A site that builds cleanly, built once so `public/` holds a good output.
fn good_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n本文。\n")
        .write("content/en-US/index.md", "# Home\n\nBody.\n")
        .write("content/en-US/other.md", "# Other\n\n## Part\n");
    let first = f.run(&["build"]);
    assert_eq!(first.code, 0, "good site must build: {}", first.stderr);
    f.write("public/marker.txt", "previous output");
    f
}

/// Breaks the site with `file` = `text`, builds, and checks the outcome.
fn expect_error(file: &str, text: &[u8], code: &str, location: &str) {
    let f = good_site();
    f.write_bytes(file, text);
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "exit code for {code}\n{}", run.stderr);
    let header = format!("error[{code}]:");
    let found = run
        .stderr
        .split("\n\n")
        .any(|d| d.contains(&header) && d.contains(&format!("--> {location}")));
    assert!(found, "want {header} at {location}, got:\n{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path("public/marker.txt"))
            .ok()
            .as_deref(),
        Some("previous output"),
        "the previous output must survive a failed build"
    );
    assert!(f.path("public/en/index.html").exists());
}

fn expect_warning(file: &str, text: &str, code: &str, location: &str) {
    let f = good_site();
    f.write(file, text);
    let run = f.run(&["build"]);
    assert_eq!(
        run.code, 0,
        "warnings do not fail the build\n{}",
        run.stderr
    );
    let header = format!("warning[{code}]:");
    let found = run
        .stderr
        .split("\n\n")
        .any(|d| d.contains(&header) && d.contains(&format!("--> {location}")));
    assert!(found, "want {header} at {location}, got:\n{}", run.stderr);
}

#[test]
fn unknown_config_key() {
    let config = format!("{}colour: blue\n", common::TWO_LANGUAGES);
    expect_error("site.yaml", config.as_bytes(), "config", "site.yaml:11");
}

#[test]
fn bad_config_value() {
    let config = common::TWO_LANGUAGES.replace("default_language: ja-JP", "default_language: fr");
    expect_error("site.yaml", config.as_bytes(), "config", "site.yaml:3");
}

#[test]
fn bad_front_matter() {
    expect_error(
        "content/en-US/other.md",
        b"---\ntitle: Other\ndraft: maybe\n---\n# Other\n",
        "front-matter",
        "content/en-US/other.md:3",
    );
}

#[test]
fn unknown_front_matter_key_warns() {
    expect_warning(
        "content/en-US/other.md",
        "---\ntitle: Other\nauthr: me\n---\n# Other\n",
        "front-matter",
        "content/en-US/other.md:3",
    );
}

#[test]
fn bad_dir_yml() {
    expect_error(
        "content/en-US/_dir.yml",
        b"title: Root\ncolapsed: true\n",
        "dir-meta",
        "content/en-US/_dir.yml:2",
    );
}

#[test]
fn not_utf8() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\nfine\n\xff\xfe broken\n",
        "encoding",
        "content/en-US/other.md:4",
    );
}

#[test]
fn two_files_one_url() {
    let f = good_site();
    f.write("content/en-US/2.other.md", "# Other again\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    let diag = run
        .stderr
        .split("\n\n")
        .find(|d| d.contains("error[url-collision]"))
        .unwrap_or_else(|| panic!("no collision error:\n{}", run.stderr));
    assert!(
        diag.contains("content/en-US/other.md") && diag.contains("content/en-US/2.other.md"),
        "{diag}"
    );
}

#[test]
fn broken_link() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\nSee [this](./missing.md).\n",
        "link",
        "content/en-US/other.md:3:5",
    );
}

#[test]
fn broken_site_path() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\n[x](/nowhere/)\n",
        "link",
        "content/en-US/other.md:3:1",
    );
}

#[test]
fn broken_anchor() {
    expect_error(
        "content/en-US/index.md",
        b"# Home\n\nGo to [part](./other.md#nope).\n",
        "anchor",
        "content/en-US/index.md:3:7",
    );
}

#[test]
fn missing_image() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\n![x](/img/none.png)\n",
        "image",
        "content/en-US/other.md:3",
    );
}

#[test]
fn unknown_component() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\n:::nosuch\nbody\n:::\n",
        "component",
        "content/en-US/other.md:3",
    );
}

#[test]
fn unclosed_container() {
    expect_error(
        "content/en-US/other.md",
        b"---\ntitle: Other\n---\n\n:::tip\nnever closed\n",
        "container",
        "content/en-US/other.md:5",
    );
}

#[test]
fn stray_closer() {
    expect_error(
        "content/en-US/other.md",
        b"# Other\n\ntext\n\n:::\n",
        "container",
        "content/en-US/other.md:5",
    );
}

#[test]
fn unknown_code_language_warns() {
    expect_warning(
        "content/en-US/other.md",
        "# Other\n\n```nosuchlang\ncode\n```\n",
        "highlight",
        "content/en-US/other.md:3",
    );
}

#[test]
fn unbalanced_html_warns() {
    expect_warning(
        "content/en-US/other.md",
        "# Other\n\n<div class=\"box\">\n\ntext\n",
        "html",
        "content/en-US/other.md:3",
    );
}

#[test]
fn fluent_syntax_error() {
    expect_error(
        "locales/en-US.ftl",
        b"good = Fine\nbroken = {\n",
        "ftl",
        "locales/en-US.ftl:2",
    );
}

#[test]
fn template_syntax_error() {
    expect_error(
        "templates/page.html",
        b"<html>\n{% if %}\n</html>\n",
        "template",
        "templates/page.html:2",
    );
}

#[test]
fn slug_cannot_escape() {
    expect_error(
        "content/en-US/other.md",
        b"---\nslug: ../../etc\n---\n# Other\n",
        "slug",
        "content/en-US/other.md:2",
    );
}

#[test]
fn alias_cannot_escape() {
    let f = good_site();
    f.write(
        "content/en-US/other.md",
        "---\naliases: [\"/../../outside/\"]\n---\n# Other\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[alias]"), "{}", run.stderr);
    assert!(!f.root().parent().expect("parent").join("outside").exists());
}

#[test]
fn alias_cannot_take_a_pages_place() {
    let f = good_site();
    f.write(
        "content/en-US/third.md",
        "---\naliases: [\"/en/other/\"]\n---\n# Third\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[alias]") && run.stderr.contains("collides"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/en-US/third.md"),
        "{}",
        run.stderr
    );
    assert!(f.path("public/marker.txt").exists(), "previous output kept");
}

#[test]
fn errors_are_all_collected_in_one_run() {
    let f = good_site();
    f.write(
        "content/en-US/other.md",
        "# Other\n\n[a](./x.md) [b](./y.md)\n\n:::tip\n",
    )
    .write("content/ja-JP/index.md", "# ホーム\n\n![x](/nope.png)\n");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.matches("error[link]").count(),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error[container]").count(), 1);
    assert_eq!(run.stderr.matches("error[image]").count(), 1);
}

#[test]
fn check_json_lists_diagnostics() {
    let f = good_site();
    f.write("content/en-US/other.md", "# Other\n\n[a](./x.md)\n");
    let run = f.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["errors"], 1);
    // Warnings come too (other.md has no ja-JP source): find the error.
    let diag = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["severity"] == "error"))
        .expect("an error diagnostic");
    assert_eq!(diag["code"], "link");
    assert_eq!(diag["file"], "content/en-US/other.md");
    assert_eq!(diag["line"], 3);
}

#[test]
fn usage_errors_exit_2() {
    let f = good_site();
    assert_eq!(f.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
}

#[test]
fn refuses_to_write_over_the_site() {
    let f = good_site();
    let run = f.run(&["build", "--out", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(f.path("content/en-US/index.md").exists());
}

#[test]
fn missing_config_is_a_usage_error() {
    let f = good_site();
    std::fs::remove_file(f.path("site.yaml")).expect("remove");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: no site.yaml in "),
        "{}",
        run.stderr
    );
    assert!(f.path("public/marker.txt").exists());
}

#[test]
fn missing_ui_strings_name_the_key() {
    let f = good_site();
    f.write("site.yaml", &format!("{}theme: bare\n", common::TWO_LANGUAGES))
        .write(
            "themes/bare/templates/page.html",
            "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>{{ t(key=\"no-such-key\") }}</title>{{ page.content | safe }}</html>\n",
        )
        .write("content/en-US/other.md", "# Other\n\n:::tip\nx\n:::\n");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[ui-string]: no UI string `admonition-tip`"),
        "{}",
        run.stderr
    );
    let template_error = run
        .stderr
        .split("\n\n")
        .find(|d| d.contains("error[template]") && d.contains("no-such-key"))
        .unwrap_or_else(|| panic!("no template error:\n{}", run.stderr));
    assert!(
        template_error.contains("no-such-key") && template_error.contains("page.html"),
        "{template_error}"
    );
}

#[test]
fn a_warning_repeated_on_a_page_counts_once_in_the_language_line() {
    let f = good_site();
    f.write(
        "content/en-US/other.md",
        "# Other\n\n```nosuchlang\na\n```\n\n```nosuchlang\nb\n```\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = run.stderr.matches("warning[highlight]:").count();
    assert_eq!(listed, 1, "{}", run.stderr);
    let en = run
        .stdout
        .lines()
        .find(|l| l.starts_with("en-US"))
        .expect("an en-US line");
    // The same count as the warnings listed for en-US's pages (the
    // highlight one, and other.md having no ja-JP page).
    let listed_en = run
        .stderr
        .split("\n\n")
        .filter(|d| d.starts_with("warning[") && d.contains("--> content/en-US/"))
        .count();
    assert_eq!(listed_en, 2, "{}", run.stderr);
    assert!(en.ends_with(" 2 warnings"), "{en:?}\n{}", run.stdout);
}
