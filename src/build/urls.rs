//! The site's URL style, in one place: how a page's URL is spelled, which
//! file it is written to, and where its relative links start from.
//!
//! `trailing_slash: true` (the default): `/ja/guide/setup/`, written as
//! `ja/guide/setup/index.html`. `false`: `/ja/guide/setup`, written as
//! `ja/guide/setup.html` (a folder's own page too: `ja/guide.html`), as
//! trees written for Nuxt or Docusaurus's `trailingSlash: false` expect.
//! A language's root stays `/ja/` (`ja/index.html`) in both.

/// Whether page URLs end with `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlStyle {
    pub trailing_slash: bool,
}

impl UrlStyle {
    /// A page's URL path relative to its language root, from its key as
    /// the load stage gives it (`guide/setup/`, or `` for the root).
    pub fn page_path(self, key_url: &str) -> String {
        if self.trailing_slash || key_url.is_empty() {
            key_url.to_string()
        } else {
            key_url.trim_end_matches('/').to_string()
        }
    }

    /// The folder (URL segments below the language root) that a relative
    /// URL link on the page at `key_url` resolves from, as a browser does:
    /// `/guide/setup/` → `guide/setup/`, `/guide/setup` → `guide/`.
    pub fn link_base(self, key_url: &str) -> Vec<String> {
        let mut segments: Vec<String> = key_url
            .split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if !self.trailing_slash {
            segments.pop();
        }
        segments
    }

    /// The output file of an old URL path (an alias) without an
    /// extension: `old/page/` → `old/page/index.html`; `old/page` →
    /// `old/page/index.html`, or `old/page.html` without trailing slashes.
    pub fn alias_file(self, path: &str) -> String {
        if path.is_empty() || path.ends_with('/') || self.trailing_slash {
            format!("{}/index.html", path.trim_end_matches('/'))
                .trim_start_matches('/')
                .to_string()
        } else {
            format!("{path}.html")
        }
    }
}

/// The file a page's URL path (without the deploy subpath) is written to:
/// `` and `x/` → `index.html` inside; `x` → `x.html`.
pub fn output_file(url_path: &str) -> String {
    if url_path.is_empty() || url_path.ends_with('/') {
        format!("{url_path}index.html")
    } else {
        format!("{url_path}.html")
    }
}

/// The URL paths (without the deploy subpath) a browser may show for an
/// output file: `a/index.html` → `a/`; `a.html` → `a` and `a.html`.
pub fn url_paths_of(file: &str) -> Vec<String> {
    if let Some(folder) = file.strip_suffix("index.html") {
        if folder.is_empty() || folder.ends_with('/') {
            return vec![folder.to_string()];
        }
    }
    match file.strip_suffix(".html") {
        Some(page) => vec![page.to_string(), file.to_string()],
        None => vec![file.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLASH: UrlStyle = UrlStyle {
        trailing_slash: true,
    };
    const BARE: UrlStyle = UrlStyle {
        trailing_slash: false,
    };

    #[test]
    fn urls_and_files_follow_the_style() {
        assert_eq!(SLASH.page_path("guide/setup/"), "guide/setup/");
        assert_eq!(BARE.page_path("guide/setup/"), "guide/setup");
        assert_eq!(BARE.page_path(""), "");
        assert_eq!(output_file("ja/guide/setup/"), "ja/guide/setup/index.html");
        assert_eq!(output_file("ja/guide/setup"), "ja/guide/setup.html");
        assert_eq!(output_file("ja/"), "ja/index.html");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(url_paths_of("ja/a/index.html"), ["ja/a/"]);
        assert_eq!(url_paths_of("ja/a.html"), ["ja/a", "ja/a.html"]);
        assert_eq!(
            url_paths_of("ja/myindex.html"),
            ["ja/myindex", "ja/myindex.html"]
        );
    }

    #[test]
    fn relative_links_start_where_a_browser_starts() {
        assert_eq!(SLASH.link_base("features/note/"), ["features", "note"]);
        assert_eq!(BARE.link_base("features/note/"), ["features"]);
        assert!(BARE.link_base("").is_empty());
    }

    #[test]
    fn aliases_follow_the_style() {
        assert_eq!(SLASH.alias_file("old/page"), "old/page/index.html");
        assert_eq!(BARE.alias_file("old/page"), "old/page.html");
        assert_eq!(BARE.alias_file("old/page/"), "old/page/index.html");
        assert_eq!(BARE.alias_file(""), "index.html");
    }
}
