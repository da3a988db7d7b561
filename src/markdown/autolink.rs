//! GFM autolink literals: bare `https://…`, `www.…` and e-mail addresses in
//! text become links.

use linkify::{LinkFinder, LinkKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    Link { text: &'t str, href: String },
}

/// Splits `text` around its bare links; None when it has none (the common
/// case, answered without running the finder).
pub fn split(text: &str) -> Option<Vec<Piece<'_>>> {
    if !(text.contains("://") || text.contains("www.") || text.contains('@')) {
        return None;
    }
    let mut finder = LinkFinder::new();
    // Without a scheme linkify also finds `example.org` or `intro.md`; GFM
    // links only `www.` names, so those are filtered out below. URLs stay
    // ASCII: Japanese prose often runs straight on after a URL
    // (`https://example.org/を参照`), and that text is not part of it.
    finder.url_must_have_scheme(false).url_can_be_iri(false);
    let mut pieces = Vec::new();
    let mut last = 0;
    for link in finder.links(text) {
        let s = link.as_str();
        let href = match link.kind() {
            LinkKind::Email => format!("mailto:{s}"),
            LinkKind::Url if has_prefix(s, "https://") || has_prefix(s, "http://") => s.to_string(),
            // An https default: every `www.` site of today serves it.
            LinkKind::Url if has_prefix(s, "www.") => format!("https://{s}"),
            _ => continue,
        };
        if link.start() > last {
            pieces.push(Piece::Text(&text[last..link.start()]));
        }
        pieces.push(Piece::Link { text: s, href });
        last = link.end();
    }
    if pieces.is_empty() {
        return None;
    }
    if last < text.len() {
        pieces.push(Piece::Text(&text[last..]));
    }
    Some(pieces)
}

fn has_prefix(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(String, String)> {
        split(text)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Link { text, href } => Some((text.to_string(), href)),
                Piece::Text(_) => None,
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn finds_gfm_autolinks() {
        assert_eq!(
            links("See https://example.org/a_b?x=1. Or www.example.com, or me@example.org!"),
            vec![
                pair("https://example.org/a_b?x=1", "https://example.org/a_b?x=1"),
                pair("www.example.com", "https://www.example.com"),
                pair("me@example.org", "mailto:me@example.org"),
            ]
        );
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(split("plain text"), None);
        assert_eq!(links("read intro.md or example.org"), vec![]);
        assert_eq!(links("ftp://example.org"), vec![]);
    }

    #[test]
    fn stops_at_japanese_text() {
        assert_eq!(
            links("詳しくはhttps://misskey-hub.net/を参照"),
            vec![pair("https://misskey-hub.net/", "https://misskey-hub.net/")]
        );
    }

    #[test]
    fn pieces_cover_the_whole_text() {
        let text = "a https://x.org b";
        let joined: String = split(text)
            .unwrap_or_default()
            .iter()
            .map(|p| match p {
                Piece::Text(t) => *t,
                Piece::Link { text, .. } => text,
            })
            .collect();
        assert_eq!(joined, text);
    }
}
