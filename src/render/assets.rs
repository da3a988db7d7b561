//! The theme's stylesheets and scripts, and the generated highlighting
//! stylesheet, under content-hashed names (`style.1a2b3c4d.css`), so a
//! host may cache them for ever and a new build is never half-stale.
//! Templates link them with `asset(path="style.css")`.

use crate::load::Site;
use crate::markdown::Highlighter;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Where the highlighting stylesheet goes (before fingerprinting).
pub const SYNTAX_CSS: &str = "assets/syntax.css";

#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Name as templates ask for it → (output path, bytes).
    files: BTreeMap<String, (String, Bytes)>,
    /// Every static file's output path (the site's and the theme's).
    statics: BTreeSet<String>,
    base_path: String,
}

impl Assets {
    /// The theme's `.css` and `.js` static files (also when the site
    /// overrides them) and the highlighting stylesheet.
    pub fn collect(site: &Site, stable_names: bool) -> Assets {
        let theme_files = site
            .static_files
            .iter()
            .filter(|f| f.theme_asset && is_asset(&f.url))
            .map(|f| (f.url.clone(), f.bytes.clone()));
        let generated = (
            SYNTAX_CSS.to_string(),
            Bytes::from(Highlighter::stylesheet()),
        );
        let files = theme_files
            .chain([generated])
            .map(|(name, bytes)| {
                let path = if stable_names {
                    name.clone()
                } else {
                    fingerprinted(&name, &bytes)
                };
                (name, (path, bytes))
            })
            .collect();
        Assets {
            files,
            statics: site.static_files.iter().map(|f| f.url.clone()).collect(),
            base_path: site.config.base_path.clone(),
        }
    }

    /// Whether static file `name` is published by [`Assets::files`].
    pub fn owns(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The URL of asset `name`, under the site's base path.
    pub fn url(&self, name: &str) -> Option<String> {
        let (path, _) = self.files.get(name)?;
        Some(format!("{}{path}", self.base_path))
    }

    /// The URL of static file `name` (published as is, under its own
    /// name), when the site or its theme has one: for files a template
    /// links only if they exist, such as a favicon.
    pub fn static_url(&self, name: &str) -> Option<String> {
        self.statics
            .contains(name)
            .then(|| format!("{}{name}", self.base_path))
    }

    /// Output path and bytes of every asset.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.files.values().map(|(path, bytes)| (path, bytes))
    }
}

fn is_asset(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

/// `dir/style.css` → `dir/style.<8 hex digits of SHA-256>.css`.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_goes_before_the_extension_and_follows_the_content() {
        let a = fingerprinted("js/theme.js", b"one");
        let b = fingerprinted("js/theme.js", b"two");
        assert!(a.starts_with("js/theme.") && a.ends_with(".js"), "{a}");
        assert_eq!(a.len(), "js/theme.12345678.js".len());
        assert_ne!(a, b);
        assert_eq!(a, fingerprinted("js/theme.js", b"one"));
    }
}
