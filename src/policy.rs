//! A site's check policy (`checks:` and `ignore:` in site.yaml): how
//! severe each class of diagnostic is, and which same-domain URL paths the
//! site does not build, so links to them are not checked.

use crate::diagnostics::{Diagnostic, Severity};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What `checks:` may set a class to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Error,
    Warning,
    Off,
}

/// The classes `checks:` can set, and the diagnostic codes each covers.
/// Problems that stop a page from being read or laid out at all (config,
/// io, theme…) are not listed: they are always errors.
pub const CLASSES: &[(&str, &[&str])] = &[
    ("links", &["link"]),
    ("anchors", &["anchor"]),
    ("images", &["image"]),
    ("components", &["component", "container"]),
    ("html", &["html"]),
    ("highlight", &["highlight"]),
    ("headings", &["heading"]),
    ("diagrams", &["diagram"]),
    ("untranslated", &["untranslated"]),
    ("i18n", &["i18n"]),
    ("aliases", &["alias"]),
];

/// The severities a site chose, by diagnostic code.
#[derive(Debug, Clone, Default)]
pub struct CheckPolicy {
    levels: BTreeMap<&'static str, CheckLevel>,
}

impl CheckPolicy {
    /// Reads `checks:`; an unknown class name is returned as an error
    /// message that lists the known ones.
    pub fn new(checks: &BTreeMap<String, CheckLevel>) -> Result<CheckPolicy, String> {
        let mut levels = BTreeMap::new();
        for (class, &level) in checks {
            let Some((_, codes)) = CLASSES.iter().find(|(name, _)| name == class) else {
                let known: Vec<&str> = CLASSES.iter().map(|(name, _)| *name).collect();
                return Err(format!(
                    "`checks` has no class `{class}`; the classes are {}",
                    known.join(", ")
                ));
            };
            for code in *codes {
                levels.insert(*code, level);
            }
        }
        Ok(CheckPolicy { levels })
    }

    /// Sets each diagnostic's severity as the site asked, dropping the
    /// classes turned off.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.levels.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.levels.get(d.code) {
            None => true,
            Some(CheckLevel::Off) => false,
            Some(CheckLevel::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(CheckLevel::Warning) => {
                d.severity = Severity::Warning;
                true
            }
        });
    }
}

/// `ignore:` patterns: URL paths on the site's domain that it does not
/// build. `/servers/` covers that folder and everything in it; `*` matches
/// within one path segment and `**` across segments.
#[derive(Debug, Clone, Default)]
pub struct IgnoredPaths {
    set: Option<GlobSet>,
}

impl IgnoredPaths {
    /// Compiles the patterns; a bad one is returned as an error message.
    pub fn new(patterns: &[String]) -> Result<IgnoredPaths, String> {
        if patterns.is_empty() {
            return Ok(IgnoredPaths::default());
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            if !pattern.starts_with('/') {
                return Err(format!(
                    "`ignore` pattern `{pattern}` must be a URL path starting with `/`"
                ));
            }
            let trimmed = trim_slash(pattern);
            let mut globs = vec![trimmed.to_string()];
            if pattern.ends_with('/') {
                globs.push(format!("{}/**", trimmed.trim_end_matches('/')));
            }
            for glob in globs {
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|err| format!("`ignore` pattern `{pattern}`: {err}"))?;
                builder.add(glob);
            }
        }
        let set = builder
            .build()
            .map_err(|err| format!("`ignore` patterns: {err}"))?;
        Ok(IgnoredPaths { set: Some(set) })
    }

    /// Whether a site path (`/servers/x`, without the deploy subpath) is
    /// one the site does not build.
    pub fn covers(&self, path: &str) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        let path = format!("/{}", path.trim_start_matches('/'));
        set.is_match(trim_slash(&path))
    }
}

/// `/a/b/` → `/a/b`, leaving the root `/` alone.
fn trim_slash(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_patterns_cover_the_folder_and_below() {
        let ignored =
            IgnoredPaths::new(&["/servers/".into(), "/tools/**".into(), "/a/*.png".into()])
                .expect("valid");
        for path in [
            "/servers/",
            "/servers",
            "/servers/x/y",
            "/tools/a/b",
            "/a/x.png",
        ] {
            assert!(ignored.covers(path), "{path}");
        }
        for path in ["/serversx", "/docs/servers/", "/a/b/x.png", "/"] {
            assert!(!ignored.covers(path), "{path}");
        }
    }

    #[test]
    fn levels_change_or_drop_diagnostics() {
        let checks = BTreeMap::from([
            ("links".to_string(), CheckLevel::Warning),
            ("html".to_string(), CheckLevel::Off),
            ("highlight".to_string(), CheckLevel::Error),
        ]);
        let policy = CheckPolicy::new(&checks).expect("valid");
        let mut diagnostics = vec![
            Diagnostic::error("link", "a"),
            Diagnostic::warning("html", "b"),
            Diagnostic::warning("highlight", "c"),
            Diagnostic::error("anchor", "d"),
        ];
        policy.apply(&mut diagnostics);
        let got: Vec<_> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                ("link", Severity::Warning),
                ("highlight", Severity::Error),
                ("anchor", Severity::Error)
            ]
        );
    }

    #[test]
    fn unknown_class_names_the_known_ones() {
        let checks = BTreeMap::from([("link".to_string(), CheckLevel::Off)]);
        let err = CheckPolicy::new(&checks).expect_err("unknown");
        assert!(
            err.contains("`link`") && err.contains("links, anchors"),
            "{err}"
        );
    }
}
