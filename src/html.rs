//! HTML escaping, shared by the Markdown and render stages.

/// Escapes text for HTML content and double-quoted attribute values.
/// Unlike Tera's default it leaves `/` alone, so URLs stay readable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`], appending to `out`.
pub fn escape_html_into(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}
