//! Parts of a page put in after Tera has rendered its layout: the folder's
//! shared sidebar always, and the page's body when every template outputs
//! it whole. Tera would copy each into a JSON value, then into its output;
//! at 10,000 pages that was a tenth of the build's CPU.

use bytes::Bytes;

/// What the layout gets as `sidebar`, replaced by the folder's sidebar.
pub const SIDEBAR_MARKER: &str = "<!--yomu:sidebar-->";

/// What the layout gets as `page.content` when the templates allow it (see
/// [`outputs_content_whole`]), replaced by the page's body.
pub const CONTENT_MARKER: &str = "<!--yomu:content-->";

/// Whether a Tera template can be given [`CONTENT_MARKER`] for
/// `page.content` with the same result: it outputs `page.content` only as
/// a whole `{{ page.content | safe }}`, outside any `{% filter %}` section,
/// and uses `page` only through a field (`page.title`), so nothing tests,
/// filters or passes on the body. When unsure, no: the body is then
/// rendered through Tera as usual.
pub fn outputs_content_whole(template: &str) -> bool {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let tag = &after[1..];
        let Some(end) = tag_end(tag, close) else {
            return false;
        };
        let inner = tag[..end].trim_matches('-').trim();
        rest = &tag[end + close.len()..];
        match close {
            "#}" => {}
            "}}" if inner.split_whitespace().collect::<String>() == "page.content|safe" => {}
            "%}" if inner.starts_with("filter") => return false,
            _ if !uses_page_by_field_only(inner) => return false,
            _ => {}
        }
    }
    true
}

/// Where `close` ends a tag, skipping string literals (`"}}"`) except in
/// comments, which are free text (`{# don't #}`).
fn tag_end(tag: &str, close: &str) -> Option<usize> {
    if close == "#}" {
        return tag.find(close);
    }
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if tag[i..].starts_with(close) => return Some(i),
            None => {}
        }
    }
    None
}

/// True when every `page` in a tag is followed by `.field` other than
/// `.content`, and the tag never names Tera's whole-context variable.
/// String literals are skipped (`t(key="next-page")` names no variable).
fn uses_page_by_field_only(tag: &str) -> bool {
    let mut chars = tag.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            for (_, d) in chars.by_ref() {
                if d == c {
                    break;
                }
            }
            continue;
        }
        if !is_identifier_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !is_identifier_char(d) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        match &tag[start..end] {
            "__tera_context" => return false,
            "page" => {
                let field = tag[end..].strip_prefix('.').map(|f| {
                    let len = f.find(|d| !is_identifier_char(d)).unwrap_or(f.len());
                    &f[..len]
                });
                if matches!(field, None | Some("") | Some("content")) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Cuts the rendered layout at every marker and puts the sidebar's chunks
/// and, when given, the body there. Without a body the content marker is
/// not looked for: the body is then in `html` and may quote it.
pub fn splice(mut html: String, sidebar: &[Bytes], body: Option<&Bytes>) -> Vec<Bytes> {
    // Held until the whole site is written: drop the growth slack.
    html.shrink_to_fit();
    // (offset, is the sidebar's marker), in page order.
    let mut cuts: Vec<(usize, bool)> = html
        .match_indices(SIDEBAR_MARKER)
        .map(|(at, _)| (at, true))
        .collect();
    if body.is_some() {
        cuts.extend(
            html.match_indices(CONTENT_MARKER)
                .map(|(at, _)| (at, false)),
        );
        cuts.sort_unstable();
    }
    let html = Bytes::from(html);
    let mut chunks = Vec::with_capacity(cuts.len() * 2 + sidebar.len() + 1);
    let mut done = 0;
    for (at, is_sidebar) in cuts {
        chunks.push(html.slice(done..at));
        if is_sidebar {
            chunks.extend_from_slice(sidebar);
            done = at + SIDEBAR_MARKER.len();
        } else {
            chunks.extend(body.cloned());
            done = at + CONTENT_MARKER.len();
        }
    }
    chunks.push(html.slice(done..));
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_layout_outputs_content_whole() {
        let layout = include_str!("../../themes/default/templates/page.html");
        assert!(outputs_content_whole(layout));
    }

    #[test]
    fn whole_output_with_any_spacing_is_spliceable() {
        for template in [
            "<main>{{ page.content | safe }}</main>",
            "{{page.content|safe}}",
            "{{- page.content | safe -}}",
            "{{ page.title }}{% if page.toc %}{{ t(key=\"next-page\") }}{% endif %}",
            "{# page.content | striptags #}{{ page.content | safe }}",
            "{{ \"{{ page }}\" }}{{ page.content | safe }}",
            "{# the layout's body: don't filter it #}{{ page.content | safe }}",
        ] {
            assert!(outputs_content_whole(template), "{template}");
        }
    }

    #[test]
    fn any_other_use_of_the_body_is_not() {
        for template in [
            "{{ page.content }}",
            "{{ page.content | safe | trim }}",
            "{{ page.content | striptags | truncate(length=100) }}",
            "{% if page.content %}{{ page.content | safe }}{% endif %}",
            "{% set p = page %}{{ p.content | safe }}",
            "{{ page | json_encode() }}",
            "{{ page[\"content\"] | safe }}",
            "{{ macros::body(of=page) }}",
            "{{ __tera_context }}",
            "{% filter upper %}{{ page.content | safe }}{% endfilter %}",
            "{{ \"}}\" ~ page.content | upper }}",
            "{{ page.content | safe",
        ] {
            assert!(!outputs_content_whole(template), "{template}");
        }
    }

    #[test]
    fn puts_sidebar_and_body_at_their_markers() {
        let html = format!("<nav>{SIDEBAR_MARKER}</nav><main>{CONTENT_MARKER}</main>");
        let sidebar = [Bytes::from_static(b"<ul>"), Bytes::from_static(b"</ul>")];
        let body = Bytes::from_static(b"<p>Body</p>");
        let chunks = splice(html, &sidebar, Some(&body));
        assert_eq!(
            chunks.concat(),
            b"<nav><ul></ul></nav><main><p>Body</p></main>".to_vec()
        );
    }

    #[test]
    fn without_a_body_a_quoted_content_marker_stays() {
        let html = format!("<nav>{SIDEBAR_MARKER}</nav><main><p>{CONTENT_MARKER}</p></main>");
        let chunks = splice(html, &[Bytes::from_static(b"<ul></ul>")], None);
        assert_eq!(
            String::from_utf8(chunks.concat()).expect("utf-8"),
            format!("<nav><ul></ul></nav><main><p>{CONTENT_MARKER}</p></main>")
        );
    }
}
