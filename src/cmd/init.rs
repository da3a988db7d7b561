//! `yomu init [DIR]`: a working multilingual site to start from. It asks
//! nothing, refuses a non-empty folder unless `--force`, and never touches
//! a file that is already there.

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::i18n::{hash, stamp};
use std::path::Path;

pub struct Args {
    /// BCP 47 codes; the first is the source language.
    pub languages: Vec<String>,
    pub title: String,
    pub force: bool,
}

pub fn run(dir: &Path, args: &Args) -> u8 {
    if args.languages.is_empty() {
        eprintln!("error: give at least one `--lang`");
        return EXIT_USAGE;
    }
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty && !args.force {
        eprintln!(
            "error: {} is not empty; `yomu init --force` adds the site's files beside what is there, leaving existing files as they are",
            dir.display()
        );
        return EXIT_USAGE;
    }
    let mut code = EXIT_OK;
    let (mut created, mut kept) = (0, Vec::new());
    for (path, text) in files(args) {
        let target = dir.join(&path);
        if target.exists() {
            kept.push(path);
            continue;
        }
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_new(&target, &text));
        match written {
            Ok(()) => created += 1,
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", target.display());
                code = EXIT_ERRORS;
            }
        }
    }
    for path in &kept {
        println!("kept {path}: it was already there");
    }
    println!(
        "created {} in {}; next: yomu --site {} serve",
        crate::diagnostics::count_noun(created, "file"),
        dir.display(),
        dir.display()
    );
    code
}

/// Creates `path`, failing if it appeared meanwhile: never overwrites.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// Every file of the new site, by path relative to its folder.
fn files(args: &Args) -> Vec<(String, String)> {
    let paths = url_paths(&args.languages);
    let mut config = format!(
        "title: {}\nbase_url: /\ndefault_language: {}\nlanguages:\n",
        yaml_string(&args.title),
        args.languages[0]
    );
    for (code, path) in args.languages.iter().zip(&paths) {
        config.push_str(&format!(
            "  - code: {code}\n    name: {}\n    path: {path}\n",
            yaml_string(language_name(code))
        ));
    }
    let mut files = vec![
        ("site.yaml".to_string(), config),
        (".gitignore".to_string(), "/public/\n".to_string()),
    ];
    let source = &args.languages[0];
    for name in ["index.md", "guide/getting-started.md"] {
        let source_text = page_text(source, name, &args.title);
        for code in &args.languages {
            let mut text = page_text(code, name, &args.title);
            if code != source {
                // Stamped as made from the source page, so it starts out
                // translated, not outdated or unknown.
                let hash = hash::file_hash(&source_text);
                text = stamp::apply(&text, &hash).unwrap_or(text);
            }
            files.push((format!("content/{code}/{name}"), text));
        }
    }
    for code in &args.languages {
        files.push((
            format!("locales/{code}.ftl"),
            "# UI strings for this language, in Fluent syntax; they override the theme's.\n\
             # See the theme's locales/ folder for the keys.\n"
                .to_string(),
        ));
    }
    files
}

/// URL prefixes: the primary subtag (`ja`), or the whole code when two
/// languages share one (`zh-cn`, `zh-tw`).
fn url_paths(codes: &[String]) -> Vec<String> {
    let primary = |code: &str| code.split('-').next().unwrap_or(code).to_lowercase();
    codes
        .iter()
        .map(|code| {
            let shared = codes.iter().filter(|c| primary(c) == primary(code)).count() > 1;
            if shared {
                code.to_lowercase()
            } else {
                primary(code)
            }
        })
        .collect()
}

fn language_name(code: &str) -> &str {
    match code.split('-').next().unwrap_or(code) {
        "ja" => "日本語",
        "en" => "English",
        "zh" => "中文",
        "ko" => "한국어",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "ru" => "Русский",
        _ => code,
    }
}

/// A double-quoted YAML string.
pub(super) fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The starter pages: Japanese for `ja`, English for anything else.
fn page_text(code: &str, name: &str, title: &str) -> String {
    let japanese = code.starts_with("ja");
    match (name, japanese) {
        ("index.md", true) => format!(
            "---\ntitle: {}\n---\n\nyomu で作ったドキュメントサイトです。\n\n[はじめに](./guide/getting-started.md)を読んでください。\n",
            yaml_string(title)
        ),
        ("index.md", false) => format!(
            "---\ntitle: {}\n---\n\nA documentation site made with yomu.\n\nStart with [Getting started](./guide/getting-started.md).\n",
            yaml_string(title)
        ),
        (_, true) => "# はじめに\n\nページは `content/<言語>/` の Markdown ファイルです。\n\n`yomu serve` で書きながら確認できます。\n".to_string(),
        (_, false) => "# Getting started\n\nPages are Markdown files under `content/<language>/`.\n\n`yomu serve` shows them as you write.\n".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_use_the_primary_subtag_unless_shared() {
        let codes = ["ja-JP", "en-US", "zh-CN", "zh-TW"].map(String::from);
        assert_eq!(url_paths(&codes), ["ja", "en", "zh-cn", "zh-tw"]);
    }
}
