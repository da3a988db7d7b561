//! UI strings: Fluent messages looked up through layers, first match wins:
//! the site's `locales/<lang>.ftl`, the theme's `locales/<lang>.ftl`, then
//! the same two files of the default language.

use crate::config::Config;
use crate::diagnostics::{line_col, Diagnostic};
use crate::load::text;
use crate::load::theme::{self, ThemeFile};
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource};
use std::path::Path;
use std::sync::Arc;
use unic_langid::LanguageIdentifier;

type Bundle = FluentBundle<FluentResource>;

pub struct UiStrings {
    /// Per language, the bundles to try in order.
    chains: Vec<Vec<Arc<Bundle>>>,
}

impl UiStrings {
    /// Loads every layer of every language. Syntax errors are diagnostics;
    /// the valid messages of a broken file are still used.
    pub fn load(root: &Path, config: &Config) -> (UiStrings, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let site_files = theme::disk_files(root, Path::new("locales"));
        let theme_files = theme::files(root, &config.theme, "locales");
        let per_language: Vec<Vec<Arc<Bundle>>> = config
            .languages
            .iter()
            .map(|language| {
                let langid: LanguageIdentifier = language.code.parse().unwrap_or_default();
                let name = format!("{}.ftl", language.code);
                [&site_files, &theme_files]
                    .into_iter()
                    .filter_map(|layer| layer.iter().find(|f| f.name == name))
                    .map(|file| Arc::new(load_bundle(file, &langid, &mut diagnostics)))
                    .collect()
            })
            .collect();
        let default_chain = per_language.first().cloned().unwrap_or_default();
        let chains = per_language
            .into_iter()
            .enumerate()
            .map(|(i, mut chain)| {
                if i != 0 {
                    chain.extend(default_chain.iter().cloned());
                }
                chain
            })
            .collect();
        (UiStrings { chains }, diagnostics)
    }

    /// The message `key` in language `lang` (an index into the config's
    /// languages), or `None` when no layer has it.
    pub fn get(&self, lang: usize, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let chain = self.chains.get(lang)?;
        chain.iter().find_map(|bundle| {
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            Some(text.into_owned())
        })
    }
}

fn load_bundle(
    file: &ThemeFile,
    langid: &LanguageIdentifier,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
    // Isolation marks (U+2068/U+2069) show up as stray characters in
    // plain-text contexts such as <title>.
    bundle.set_use_isolating(false);
    let source = match text::decode(file.bytes.to_vec(), &file.shown) {
        Ok(source) => source,
        Err(diag) => {
            diagnostics.push(diag);
            return bundle;
        }
    };
    let resource = match FluentResource::try_new(source.clone()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for error in errors {
                // `pos` can point past the broken entry (at EOF); the entry's
                // own start is where a writer looks.
                let at = error.slice.as_ref().map_or(error.pos.start, |s| s.start);
                let (line, col) = line_col(&source, at);
                diagnostics.push(
                    Diagnostic::error("ftl", format!("Fluent syntax error: {}", error.kind))
                        .in_file(&file.shown)
                        .at(line, col),
                );
            }
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        for error in errors {
            diagnostics.push(Diagnostic::error("ftl", error.to_string()).in_file(&file.shown));
        }
    }
    bundle
}
