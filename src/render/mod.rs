//! Render stage: Tera layouts around rendered Markdown, navigation and the
//! files that go beside the pages.

pub mod assets;
pub mod nav;
pub mod not_found;
pub mod page;
pub mod redirects;
pub mod root_pages;
pub mod site_files;
pub mod sitemap;
pub mod templates;

pub use templates::Templates;

/// Escapes text for HTML content and quoted attributes. Unlike Tera's
/// default it leaves `/` alone, so URLs stay readable in the output.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
