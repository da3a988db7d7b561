//! `yomu new PATH [--translate LANG]`: a page in the default language
//! with front matter, and optionally a stamped copy to translate.

use super::init::yaml_string;
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::config::{self, Config, CONFIG_FILE};
use crate::i18n::{hash, stamp};
use crate::load::pages::split_order_prefix;
use std::path::{Component, Path, PathBuf};

pub fn run(root: &Path, page: &Path, translate: Option<&str>) -> u8 {
    let Some(config) = load_config(root) else {
        return EXIT_ERRORS;
    };
    let Some(rel) = page_path(&config, page) else {
        eprintln!(
            "error: `{}` is not a page path: give one like `guide/setup.md`, inside the language folder",
            page.display()
        );
        return EXIT_USAGE;
    };
    let source = &config.default_language().dir;
    let target = match translate {
        None => None,
        Some(lang) => match config
            .languages
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(lang) || l.dir == lang)
        {
            Some(language) if language.dir != *source => Some(language.dir.clone()),
            _ => {
                eprintln!("error: `{lang}` is not one of the site's translation languages");
                return EXIT_USAGE;
            }
        },
    };
    let source_file = Path::new("content").join(source).join(&rel);
    let source_text = if root.join(&source_file).exists() {
        if target.is_none() {
            eprintln!("error: {} already exists", source_file.display());
            return EXIT_ERRORS;
        }
        match std::fs::read_to_string(root.join(&source_file)) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", source_file.display());
                return EXIT_ERRORS;
            }
        }
    } else {
        let text = format!("---\ntitle: {}\n---\n\n", yaml_string(&title_of(&rel)));
        if let Err(code) = create(root, &source_file, &text) {
            return code;
        }
        text
    };
    if let Some(dir) = target {
        let file = Path::new("content").join(dir).join(&rel);
        let hash = hash::file_hash(&source_text);
        let Ok(text) = stamp::apply(&source_text, &hash) else {
            eprintln!(
                "error: cannot stamp a copy of {}: its front matter is not plain YAML",
                source_file.display()
            );
            return EXIT_ERRORS;
        };
        if let Err(code) = create(root, &file, &text) {
            return code;
        }
    }
    EXIT_OK
}

fn load_config(root: &Path) -> Option<Config> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    match config::parse(&text, Path::new(CONFIG_FILE), None) {
        Ok(config) => Some(config),
        Err(problems) => {
            for problem in problems {
                eprintln!("{problem}\n");
            }
            None
        }
    }
}

/// Writes a new file, never over an existing one.
fn create(root: &Path, file: &Path, text: &str) -> Result<(), u8> {
    let path = root.join(file);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?
                .write_all(text.as_bytes())
        });
    match written {
        Ok(()) => {
            println!("created {}", file.display());
            Ok(())
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists", file.display());
            Err(EXIT_ERRORS)
        }
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", file.display());
            Err(EXIT_ERRORS)
        }
    }
}

/// The page's path inside a language folder, with `.md`: `guide/setup`,
/// `guide/setup.md` and `content/ja-JP/guide/setup.md` all give
/// `guide/setup.md`. `None` for a path that climbs out or is empty.
fn page_path(config: &Config, page: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&str> = Vec::new();
    for component in page.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if parts.first() == Some(&"content")
        && config
            .languages
            .iter()
            .any(|l| parts.get(1) == Some(&l.dir.as_str()))
    {
        parts.drain(..2);
    }
    let last = parts.pop()?;
    let name = if last.ends_with(".md") {
        last.to_string()
    } else {
        format!("{last}.md")
    };
    Some(parts.iter().collect::<PathBuf>().join(name))
}

/// `2.getting-started.md` → `Getting started`.
fn title_of(rel: &Path) -> String {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = split_order_prefix(&stem).1.replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(
            title_of(Path::new("guide/2.getting-started.md")),
            "Getting started"
        );
        assert_eq!(title_of(Path::new("faq_misc.md")), "Faq misc");
    }
}
