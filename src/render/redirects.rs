//! Redirect pages for `aliases:` (old URLs that now live elsewhere).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::output::safe_join;
use crate::render::escape_html;
use std::collections::HashSet;
use std::path::Path;

/// A redirect page to write: output path and the page's target URL.
pub struct Redirect {
    pub path: String,
    pub target: String,
    /// The target page's language (of the page's `lang` and its text).
    pub lang: usize,
}

/// One redirect per alias. An alias is a URL path relative to the site
/// (`/old/path/`); one that leaves the output folder or lands on a page is
/// an error.
pub fn aliases(
    site: &Site,
    hrefs: &dyn Fn(usize) -> String,
    taken: &HashSet<String>,
) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut redirects = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.front.aliases {
            let Some(path) = alias_output_path(&site.config, alias) else {
                diagnostics.push(alias_error(
                    page,
                    format!("alias `{alias}` is not a path inside the site"),
                ));
                continue;
            };
            if taken.contains(&path) || !seen.insert(path.clone()) {
                diagnostics.push(alias_error(
                    page,
                    format!("alias `{alias}` collides with another page or alias"),
                ));
                continue;
            }
            redirects.push(Redirect {
                path,
                target: hrefs(i),
                lang: page.lang,
            });
        }
    }
    (redirects, diagnostics)
}

fn alias_error(page: &crate::load::Page, message: String) -> Diagnostic {
    Diagnostic::error("alias", message).in_file(&page.file)
}

/// `/old/page/` → `old/page/index.html`; `/old.html` stays a file;
/// `/old/page` follows the URL style.
fn alias_output_path(config: &Config, alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let base = config.base_path.trim_start_matches('/');
    let trimmed = trimmed.strip_prefix(base).unwrap_or(trimmed);
    let path = if Path::new(trimmed).extension().is_some() && !trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        config.url_style.alias_file(trimmed)
    };
    safe_join(Path::new("."), &path).ok().map(|_| path)
}

/// A page that sends the browser to `target` at once, for people and
/// crawlers alike; `lang` and `title` are the target page's language and
/// its "redirecting" UI string.
pub fn redirect_page(target: &str, absolute: &str, lang: &str, title: &str) -> String {
    let target = escape_html(target);
    let absolute = escape_html(absolute);
    let lang = escape_html(lang);
    let title = escape_html(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{absolute}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n"
    )
}
