//! HTML escaping and reading a tag's attributes, shared by the Markdown,
//! render and search stages.

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

/// The value of attribute `name` in a start tag (`<h2 id="x">`, or its
/// text between `<` and `>`), quoted either way or not at all; still
/// escaped.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'');
        return Some(match quote {
            Some(q) => value[1..].split(q).next().unwrap_or_default(),
            None => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::attribute;

    #[test]
    fn attributes_are_read_by_whole_name_and_any_quoting() {
        assert_eq!(attribute("h2 data-id=\"no\" id=yes", "id"), Some("yes"));
        assert_eq!(
            attribute("h2 id = 'single' class=\"q\"", "id"),
            Some("single")
        );
        assert_eq!(attribute("<h3 id=bare>", "id"), Some("bare"));
        assert_eq!(attribute("div hidden", "id"), None);
    }
}
