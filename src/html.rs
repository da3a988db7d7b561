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
/// escaped. Attributes are read one after another, so a name inside
/// another's quoted value is not taken for one; names ignore ASCII case.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let stop = |c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/');
    let tag = tag.strip_prefix('<').unwrap_or(tag);
    // Past the element's name.
    let mut rest = &tag[tag.find(stop).unwrap_or(tag.len())..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return None;
        }
        // At least one character, so a stray `=` is stepped over.
        let name_end = rest.find(stop).unwrap_or(rest.len()).max(1);
        let (attr, after) = rest.split_at(name_end);
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('=').map(str::trim_start) {
            Some(quoted) if quoted.starts_with(['"', '\'']) => {
                let (quote, inner) = quoted.split_at(1);
                inner.split_once(quote).unwrap_or((inner, ""))
            }
            Some(bare) => bare.split_at(
                bare.find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(bare.len()),
            ),
            None => ("", after),
        };
        if attr.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = next;
    }
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
        // A name inside another attribute's value is not one.
        assert_eq!(attribute("h2 title=\"see id=x\" ID='y'", "id"), Some("y"));
        assert_eq!(attribute("h2 title='id=\"x\"'", "id"), None);
        assert_eq!(attribute("h2 id", "id"), Some(""));
    }
}
