//! A page's searchable sections, from the body HTML the Markdown stage
//! rendered (before layout, so no header, sidebar, TOC or footer is ever
//! in it). A heading with an id starts a section; admonition bodies, table
//! cells, details and diagram labels are body text; `<pre>` is code, which
//! ranks lower. Admonition labels are UI strings and are left out.

use std::borrow::Cow;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub body: String,
    pub code: String,
}

/// Elements whose text is never indexed: styles and scripts (also inside
/// diagrams), and the admonition label.
const SKIPPED: [&str; 4] = ["style", "script", "template", "title"];
/// Inline elements: no word break at their edges (`Misskey<b>サーバー</b>`).
const INLINE: [&str; 14] = [
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub",
];

pub fn sections(html: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut rest = html;
    // Elements whose text goes nowhere, with their nesting depth.
    let mut skipping: Option<(String, usize)> = None;
    let mut in_heading = false;
    let mut pre_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skipping.is_none() && !text.is_empty() {
            let current = sections.last_mut().expect("never empty");
            let field = if in_heading {
                &mut current.heading
            } else if pre_depth > 0 {
                &mut current.code
            } else {
                &mut current.body
            };
            field.push_str(&decode_entities(text));
        }
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[1..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if let Some((skipped, depth)) = &mut skipping {
            if *skipped == name && !tag.ends_with('/') {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }
        if !closing && (SKIPPED.contains(&name.as_str()) || tag.contains("admonition-title")) {
            if !tag.ends_with('/') {
                skipping = Some((name, 1));
            }
            continue;
        }
        let is_heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if is_heading && !closing {
            in_heading = true;
            let anchor = attribute(tag, "id").unwrap_or_default();
            sections.push(Section {
                anchor,
                ..Section::default()
            });
            continue;
        }
        if is_heading {
            in_heading = false;
        } else if name == "pre" {
            pre_depth = if closing {
                pre_depth.saturating_sub(1)
            } else {
                pre_depth + 1
            };
        }
        if !INLINE.contains(&name.as_str()) {
            let current = sections.last_mut().expect("never empty");
            let field = if pre_depth > 0 || name == "pre" {
                &mut current.code
            } else {
                &mut current.body
            };
            if !field.ends_with(' ') && !field.is_empty() {
                field.push(if name == "br" || pre_depth > 0 {
                    '\n'
                } else {
                    ' '
                });
            }
        }
    }
    if skipping.is_none() {
        let current = sections.last_mut().expect("never empty");
        current.body.push_str(&decode_entities(rest));
    }
    for section in &mut sections {
        section.heading = collapse_spaces(&section.heading);
        section.body = collapse_spaces(&section.body);
        section.code = section.code.trim().to_string();
    }
    sections.retain(|s| !s.anchor.is_empty() || !s.body.is_empty() || !s.code.is_empty());
    sections
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')? + at;
    Some(decode_entities(&tag[at..end]).into_owned())
}

/// The character references our HTML and hand-written HTML use most;
/// others stay as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_ids_start_sections_and_code_is_apart() {
        let html = "<p>Intro &amp; more</p>\n<h2 id=\"setup\">Set <code>up</code></h2>\n\
            <p>Misskey<strong>サーバー</strong></p><pre class=\"hl-code\"><code>cargo run</code></pre>\
            <table><tr><td>cell</td><td>two</td></tr></table>";
        let sections = sections(html);
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].body, "Intro & more");
        assert_eq!(sections[1].anchor, "setup");
        assert_eq!(sections[1].heading, "Set up");
        assert_eq!(sections[1].body, "Misskeyサーバー cell two");
        assert_eq!(sections[1].code, "cargo run");
    }

    #[test]
    fn labels_styles_and_diagram_css_are_left_out_but_diagram_labels_kept() {
        let html = "<div class=\"admonition admonition-tip\" role=\"note\"><p class=\"admonition-title\">ヒント</p>\
            <div class=\"admonition-body\"><p>本文</p></div></div>\
            <svg><style>.a{fill:red}</style><text>ラベル</text><title>x</title></svg>";
        let sections = sections(html);
        assert_eq!(sections[0].body, "本文 ラベル");
    }
}
