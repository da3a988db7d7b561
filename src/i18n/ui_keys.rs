//! UI strings a translation lacks or never translated: each language's
//! Fluent messages (the site's `locales/<code>.ftl` over the theme's, the
//! layers `UiStrings` reads) compared with the default language's.

use crate::config::Config;
use crate::load::text;
use crate::load::theme::{self, ThemeFile};
use fluent_syntax::ast::Entry;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A message of a `.ftl` file, by where a translator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRef {
    pub key: String,
    pub file: PathBuf,
    /// 1-based; 0 when the message is in no file.
    pub line: u32,
}

/// One language compared with the default language.
#[derive(Debug, Clone, Default)]
pub struct UiKeys {
    /// Messages of the default language.
    pub total: usize,
    /// In the default language but in no layer of this one; the location
    /// is the default language's definition.
    pub missing: Vec<KeyRef>,
    /// The same value (and attributes) as the default language's; the
    /// location is this language's definition.
    pub identical: Vec<KeyRef>,
    /// Where a translator adds this language's strings: the site's
    /// `locales/<code>.ftl`, which overrides the theme's (and may not
    /// exist yet).
    pub file: PathBuf,
}

struct Message {
    /// The value and attributes, comparable across files.
    canonical: String,
    at: KeyRef,
}

/// Compares every language with the default one (index 0, left empty).
pub fn compare(root: &Path, config: &Config) -> Vec<UiKeys> {
    let site_files = theme::disk_files(root, Path::new("locales"));
    let theme_files = theme::files(root, &config.theme, "locales");
    let layers = [&site_files, &theme_files];
    let per_language: Vec<BTreeMap<String, Message>> = config
        .languages
        .iter()
        .map(|language| {
            let name = format!("{}.ftl", language.code);
            let files: Vec<&ThemeFile> = layers
                .iter()
                .filter_map(|layer| layer.iter().find(|f| f.name == name))
                .collect();
            messages(&files)
        })
        .collect();
    let Some(default) = per_language.first() else {
        return Vec::new();
    };
    per_language
        .iter()
        .zip(&config.languages)
        .enumerate()
        .map(|(lang, (messages, language))| {
            let mut keys = UiKeys {
                total: default.len(),
                file: Path::new("locales").join(format!("{}.ftl", language.code)),
                ..UiKeys::default()
            };
            if lang == 0 {
                return keys;
            }
            for (key, source) in default {
                match messages.get(key) {
                    None => keys.missing.push(source.at.clone()),
                    Some(own) if own.canonical == source.canonical => {
                        keys.identical.push(own.at.clone());
                    }
                    Some(_) => {}
                }
            }
            keys
        })
        .collect()
}

/// The messages of a language's layers, the first layer winning.
/// Syntax errors are the build's to report; the valid entries still count.
fn messages(files: &[&ThemeFile]) -> BTreeMap<String, Message> {
    let mut messages = BTreeMap::new();
    for file in files {
        let Ok(source) = text::decode(file.bytes.to_vec(), &file.shown) else {
            continue;
        };
        let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(r, _)| r);
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let key = message.id.name.to_string();
            if messages.contains_key(&key) {
                continue;
            }
            let line = definition_line(&source, &key);
            messages.insert(
                key.clone(),
                Message {
                    canonical: format!("{:?}{:?}", message.value, message.attributes),
                    at: KeyRef {
                        key,
                        file: file.shown.clone(),
                        line,
                    },
                },
            );
        }
    }
    messages
}

/// The line of `key = …` in an `.ftl` source.
fn definition_line(source: &str, key: &str) -> u32 {
    source
        .lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_definition_lines() {
        let source = "# c\nhello = Hi\nhello-world = { hello }\n";
        assert_eq!(definition_line(source, "hello"), 2);
        assert_eq!(definition_line(source, "hello-world"), 3);
        assert_eq!(definition_line(source, "nope"), 0);
    }
}
