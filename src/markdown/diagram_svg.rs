//! Post-processing of the renderer's SVG.
//!
//! Once per diagram source ([`restyle`]):
//! - every colour (hex, `rgb()`, `hsl()`, common names) in the `<style>`
//!   element and in `fill`/`stroke`/`style`… attributes becomes a CSS
//!   variable defined on the root `<svg>` as a mix of
//!   `--yomu-diagram-fg` and `--yomu-diagram-bg` (falling back to
//!   `currentColor` and `Canvas`). A light colour is "background mixed with
//!   a little of its hue", a dark one "foreground mixed with a little of
//!   its hue", so in a dark scheme light fills turn dark and dark text turns
//!   light while keeping their hues, with no re-rendering;
//! - every `font-family` becomes `var(--yomu-diagram-font, system-ui,
//!   sans-serif)`;
//! - what the HTML checker rejects in inline SVG goes, as mermaid.js
//!   writes it too: `<p>` inside the labels' `<span>` becomes a block
//!   `<span class="yomu-p">` (and `p` in selectors follows), and `name` on
//!   shapes and `width`/`height` on `<circle>` are dropped.
//!
//! Per use ([`finish`]): the placeholder id becomes the diagram's prefix,
//! any id the renderer left unprefixed gets it too, and the root gets
//! `role="img"` and its accessible name.

use super::escape_html;

/// The id the renderer is given; replaced by each diagram's prefix.
pub const PLACEHOLDER: &str = "yomu-diagram-placeholder";

const FG: &str = "var(--yomu-diagram-fg,currentColor)";
const BG: &str = "var(--yomu-diagram-bg,Canvas)";
const FONT: &str = "var(--yomu-diagram-font,system-ui,sans-serif)";

/// What a label's `<p>` becomes: HTML allows no `<p>` in a `<span>`.
const LABEL_PARAGRAPH: &str = "<span class=\"yomu-p\" style=\"display:block\">";

/// Attributes whose value is a colour.
const COLOUR_ATTRS: &[&str] = &["fill", "stroke", "stop-color", "color"];

/// CSS properties whose value holds colours. (`flood-color`, the drop
/// shadows' colour, stays black in both schemes.)
const COLOUR_PROPS: &[&str] = &[
    "fill",
    "stroke",
    "color",
    "background",
    "background-color",
    "border",
    "border-color",
    "stop-color",
    "outline-color",
];

#[derive(Default)]
struct Palette {
    /// The variables' values; `--yd-N` is the N-th.
    values: Vec<String>,
}

impl Palette {
    /// `var(--yd-N)` for a colour, or None when `token` is not one.
    fn var_for(&mut self, token: &str) -> Option<String> {
        let rgba = super::diagram_colour::parse(&token.to_ascii_lowercase())?;
        let value = super::diagram_colour::themed(rgba, FG, BG);
        let i = match self.values.iter().position(|v| *v == value) {
            Some(i) => i,
            None => {
                self.values.push(value);
                self.values.len() - 1
            }
        };
        Some(format!("var(--yd-{i})"))
    }
}

/// Colours to CSS variables and fonts to the page's; see the module doc.
pub fn restyle(svg: &str) -> String {
    let mut palette = Palette::default();
    let mut out = String::with_capacity(svg.len() + 512);
    let mut rest = svg;
    let mut in_style = false;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if in_style {
            out.push_str(&restyle_css(text, &mut palette));
        } else {
            out.push_str(text);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        if tag.starts_with("<style") {
            in_style = !tag.ends_with("/>");
        } else if tag.starts_with("</style") {
            in_style = false;
        }
        match tag {
            "<p>" => out.push_str(LABEL_PARAGRAPH),
            "</p>" => out.push_str("</span>"),
            _ => restyle_tag(tag, &mut palette, &mut out),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if palette.values.is_empty() {
        return out;
    }
    let mut defs = String::new();
    for (i, value) in palette.values.iter().enumerate() {
        defs.push_str(&format!("--yd-{i}:{value};"));
    }
    set_root_style(&out, &defs)
}

/// Index just past the `>` closing the tag at the start of `s`, skipping
/// quoted attribute values.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies a tag, rewriting the values of colour, `font-family` and
/// `style` attributes.
fn restyle_tag(tag: &str, palette: &mut Palette, out: &mut String) {
    let element: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let name = rest[name_start..eq].to_ascii_lowercase();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        if invalid_attribute(&element, &name) {
            // Drop the attribute and the space before it.
            out.push_str(rest[..name_start].trim_end());
            rest = &rest[value_start + len + 1..];
            continue;
        }
        out.push_str(&rest[..value_start]);
        if name == "style" {
            out.push_str(&restyle_css(value, palette));
        } else if name == "font-family" {
            out.push_str(FONT);
        } else if COLOUR_ATTRS.contains(&name.as_str()) {
            out.push_str(&replace_colours(value, palette));
        } else {
            out.push_str(value);
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
}

/// Attributes the renderer writes that SVG does not have.
fn invalid_attribute(element: &str, attribute: &str) -> bool {
    match attribute {
        "name" => element != "meta" && element != "input",
        "width" | "height" => element == "circle",
        _ => false,
    }
}

/// `p` in a selector → `span.yomu-p`, to match [`LABEL_PARAGRAPH`].
fn rename_paragraph_selectors(selector: &str) -> String {
    let mut out = String::with_capacity(selector.len() + 16);
    let mut at_compound_start = true;
    for (i, c) in selector.char_indices() {
        let next = selector[i + c.len_utf8()..].chars().next();
        let ends_type = next.is_none_or(|n| !(n.is_ascii_alphanumeric() || n == '-' || n == '_'));
        if c == 'p' && at_compound_start && ends_type {
            out.push_str("span.yomu-p");
        } else {
            out.push(c);
        }
        at_compound_start = c.is_whitespace() || matches!(c, ',' | '>' | '+' | '~' | '}');
    }
    out
}

/// Rewrites declarations in CSS text (a style sheet or a `style`
/// attribute); selectors and at-rule preludes are copied unchanged but
/// for [`rename_paragraph_selectors`].
fn restyle_css(css: &str, palette: &mut Palette) -> String {
    let mut out = String::with_capacity(css.len() + 64);
    let mut start = 0;
    for (i, c) in css.char_indices() {
        match c {
            '{' => {
                out.push_str(&rename_paragraph_selectors(&css[start..i]));
                out.push('{');
                start = i + 1;
            }
            ';' | '}' => {
                out.push_str(&restyle_declaration(&css[start..i], palette));
                out.push(c);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push_str(&restyle_declaration(&css[start..], palette));
    out
}

fn restyle_declaration(decl: &str, palette: &mut Palette) -> String {
    let Some((prop, value)) = decl.split_once(':') else {
        return decl.to_string();
    };
    let name = prop.trim().to_ascii_lowercase();
    if name == "font-family" {
        let important = if value.contains("!important") {
            " !important"
        } else {
            ""
        };
        return format!("{prop}:{FONT}{important}");
    }
    if COLOUR_PROPS.contains(&name.as_str()) {
        return format!("{prop}:{}", replace_colours(value, palette));
    }
    decl.to_string()
}

/// Replaces each colour token in a CSS value with its variable.
fn replace_colours(value: &str, palette: &mut Palette) -> String {
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    let bytes = value.as_bytes();
    while i < value.len() {
        let c = bytes[i];
        let word_start = i == 0 || !is_word(bytes[i - 1]);
        let token_end = if c == b'#' && word_start {
            Some(i + 1 + value[i + 1..].bytes().take_while(|b| is_word(*b)).count())
        } else if c.is_ascii_alphabetic() && word_start {
            let word_end = i + value[i..].bytes().take_while(|b| is_word(*b)).count();
            if value[word_end..].starts_with('(')
                && value[i..word_end]
                    .to_ascii_lowercase()
                    .starts_with(['r', 'h'])
            {
                value[word_end..].find(')').map(|j| word_end + j + 1)
            } else {
                Some(word_end)
            }
        } else {
            None
        };
        match token_end {
            Some(end) => {
                let token = &value[i..end];
                match palette.var_for(token) {
                    Some(var) => out.push_str(&var),
                    None => out.push_str(token),
                }
                i = end;
            }
            None => {
                let ch = value[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Adds declarations to the root `<svg>`'s `style` attribute.
fn set_root_style(svg: &str, decls: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let end = start + tag_end(&svg[start..]);
    let root = &svg[start..end];
    let new_root = match find_attr(root, "style") {
        Some((value_start, value_end)) => {
            let value = root[value_start..value_end].trim_end();
            let sep = if value.is_empty() || value.ends_with(';') {
                ""
            } else {
                ";"
            };
            format!(
                "{}{value}{sep}{decls}{}",
                &root[..value_start],
                &root[value_end..]
            )
        }
        None => insert_attr(root, &format!(" style=\"{decls}\"")),
    };
    format!("{}{new_root}{}", &svg[..start], &svg[end..])
}

/// The value range of attribute `name` in a tag.
fn find_attr(tag: &str, name: &str) -> Option<(usize, usize)> {
    let pattern = format!(" {name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    let len = tag[start..].find('"')?;
    Some((start, start + len))
}

fn remove_attr(tag: &str, name: &str) -> String {
    match find_attr(tag, name) {
        Some((start, end)) => format!("{}{}", &tag[..start - name.len() - 3], &tag[end + 1..]),
        None => tag.to_string(),
    }
}

fn insert_attr(tag: &str, attr: &str) -> String {
    let at = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    format!("{}{attr}{}", &tag[..at], &tag[at..])
}

/// Per-use finishing; see the module doc.
pub fn finish(svg: &str, id: &str, name: &str, explicit: bool) -> String {
    let mut svg = svg.replace(PLACEHOLDER, id);
    prefix_stray_ids(&mut svg, id);
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let end = start + tag_end(&svg[start..]);
    let mut root = remove_attr(&svg[start..end], "role");
    root = remove_attr(&root, "aria-roledescription");
    root = remove_attr(&root, "aria-label");
    if explicit {
        root = remove_attr(&root, "aria-labelledby");
    }
    let attrs = format!(" role=\"img\" aria-label=\"{}\"", escape_html(name));
    root = insert_attr(&root, &attrs);
    format!("{}{root}{}", &svg[..start], &svg[end..])
}

/// Gives ids that do not start with the prefix the prefix, and updates
/// the `url(#…)` and `href="#…"` references to them.
fn prefix_stray_ids(svg: &mut String, prefix: &str) {
    let mut stray = Vec::new();
    let mut rest = svg.as_str();
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let Some(len) = rest.find('"') else { break };
        let id = &rest[..len];
        if !id.starts_with(prefix) && !stray.iter().any(|s| s == id) {
            stray.push(id.to_string());
        }
    }
    for id in stray {
        let new = format!("{prefix}-{id}");
        for (old_form, new_form) in [
            (format!(" id=\"{id}\""), format!(" id=\"{new}\"")),
            (format!("url(#{id})"), format!("url(#{new})")),
            (format!("href=\"#{id}\""), format!("href=\"#{new}\"")),
        ] {
            *svg = svg.replace(&old_form, &new_form);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_variables_and_fonts_the_pages() {
        let svg = "<svg id=\"yomu-diagram-placeholder\" style=\"max-width: 10px;\"><style>#yomu-diagram-placeholder{font-family:\"trebuchet ms\",arial;fill:#333;}#yomu-diagram-placeholder .node rect{fill:#ECECFF;stroke:hsl(240, 60%, 86%);}</style><rect fill=\"white\" stroke=\"#333333\" filter=\"url(#yomu-diagram-placeholder-shadow)\"/><text>#fff black</text></svg>";
        let out = restyle(svg);
        assert!(out.contains("font-family:var(--yomu-diagram-font"), "{out}");
        assert!(out.contains("fill:var(--yd-0);"), "{out}");
        assert!(out.contains("fill=\"var(--yd-3)\""), "{out}");
        assert!(
            out.contains("stroke=\"var(--yd-0)\""),
            "#333 and #333333 differ: {out}"
        );
        assert!(
            out.contains("<text>#fff black</text>"),
            "text is left alone: {out}"
        );
        assert!(
            out.contains("url(#yomu-diagram-placeholder-shadow)"),
            "{out}"
        );
        assert!(out.contains("style=\"max-width: 10px;--yd-0:"), "{out}");
        assert!(!out.contains("#ECECFF"), "{out}");
    }

    #[test]
    fn finishing_prefixes_ids_and_names_the_image() {
        let svg = "<svg id=\"yomu-diagram-placeholder\" role=\"graphics-document document\" aria-roledescription=\"flowchart-v2\"><g id=\"actor0\"/><use href=\"#actor0\"/><path marker-end=\"url(#yomu-diagram-placeholder_end)\"/></svg>";
        let out = finish(svg, "mermaid-0-abc", "A & B", true);
        assert_eq!(
            out,
            "<svg id=\"mermaid-0-abc\" role=\"img\" aria-label=\"A &amp; B\"><g id=\"mermaid-0-abc-actor0\"/><use href=\"#mermaid-0-abc-actor0\"/><path marker-end=\"url(#mermaid-0-abc_end)\"/></svg>"
        );
    }

    #[test]
    fn label_paragraphs_and_foreign_attributes_are_made_valid_html() {
        let svg = "<svg id=\"d\"><style>#d p{margin:0;}#d .label span p,#d .x{color:red;}@media (max-width:600px){#d p.big{x:1}}</style>\
                   <rect name=\"Alice\" width=\"3\"/><circle r=\"1\" width=\"2\" height=\"2\"/>\
                   <foreignObject><span class=\"nodeLabel\"><p>Hi</p></span></foreignObject></svg>";
        let out = restyle(svg);
        assert!(out.contains("#d span.yomu-p{margin:0;}"), "{out}");
        assert!(out.contains("#d .label span span.yomu-p,#d .x{"), "{out}");
        assert!(
            out.contains("(max-width:600px){#d span.yomu-p.big{"),
            "{out}"
        );
        assert!(out.contains("<rect width=\"3\"/>"), "{out}");
        assert!(out.contains("<circle r=\"1\"/>"), "{out}");
        assert!(
            out.contains("<span class=\"nodeLabel\"><span class=\"yomu-p\" style=\"display:block\">Hi</span></span>"),
            "{out}"
        );
    }
}
