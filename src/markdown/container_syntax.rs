//! Parsing of one container line: `:::tip`, `::: tip Title`, `:::tip[Title]`,
//! `:::tip{label="T"}`, `::badge{text='New'}`, or a colon-only closer.
//! Pure string work, so every accepted form is unit-tested here.

use std::collections::BTreeMap;

/// What a line means to the container pre-pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerLine {
    /// `:::name …` (three or more colons).
    Open(Opener),
    /// `::name{…}`: a component without body.
    Leaf(Opener),
    /// A line of only colons (three or more).
    Close { colons: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opener {
    pub colons: usize,
    /// As written; admonition kinds are matched case-insensitively later.
    pub name: String,
    /// From `[Title]` or the text after the name.
    pub title: Option<String>,
    pub props: BTreeMap<String, String>,
}

/// Recognises a container line. Lines indented four or more spaces are
/// code (or list continuation text), never containers.
pub fn parse_line(line: &str) -> Option<ContainerLine> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let line = line.trim();
    let colons = line.len() - line.trim_start_matches(':').len();
    if colons < 2 {
        return None;
    }
    let rest = &line[colons..];
    if rest.trim().is_empty() {
        return (colons >= 3).then_some(ContainerLine::Close { colons });
    }
    if colons == 2 {
        // A leaf takes no space before its name and no trailing text, so
        // prose such as `::before is a pseudo-element` stays prose.
        let opener = parse_opener(rest, colons, false)?;
        return Some(ContainerLine::Leaf(opener));
    }
    parse_opener(rest.trim_start(), colons, true).map(ContainerLine::Open)
}

fn parse_opener(rest: &str, colons: usize, allow_trailing: bool) -> Option<Opener> {
    let name_len = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphanumeric() || (i > 0 && (c == '-' || c == '_'))))
        .map_or(rest.len(), |(i, _)| i);
    let name = &rest[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut opener = Opener {
        colons,
        name: name.to_string(),
        ..Opener::default()
    };
    let mut rest = &rest[name_len..];
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix('[') {
            let (title, remaining) = bracketed(after);
            opener.title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
            rest = remaining;
        } else if let Some(after) = trimmed.strip_prefix('{') {
            rest = parse_props(after, &mut opener.props);
        } else if trimmed.is_empty() {
            return Some(opener);
        } else if allow_trailing && rest.len() != trimmed.len() {
            // `:::tip Title`: trailing text after a space is the title.
            if opener.title.is_none() {
                opener.title = Some(trimmed.to_string());
            }
            return Some(opener);
        } else {
            return None;
        }
    }
}

/// Text up to the `]` that balances the opening `[`; the whole rest of the
/// line when it never closes (lenient: a typo must not lose the line).
fn bracketed(s: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => return (&s[..i], &s[i + 1..]),
            ']' => depth -= 1,
            _ => {}
        }
    }
    (s, "")
}

/// Parses `key="v" other='w' bare=x flag #id .class` up to the closing `}`
/// into `props`; returns what follows the `}` (empty when it is missing).
fn parse_props<'s>(s: &'s str, props: &mut BTreeMap<String, String>) -> &'s str {
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return rest;
        }
        if let Some(after) = rest.strip_prefix('}') {
            return after;
        }
        // MDC shorthands: `{#id}` and `{.class}`.
        if let Some(after) = rest.strip_prefix('#') {
            let (value, r) = bare_value(after);
            props.insert("id".to_string(), value.to_string());
            rest = r;
            continue;
        }
        if let Some(after) = rest.strip_prefix('.') {
            let (value, r) = bare_value(after);
            let class = props.entry("class".to_string()).or_default();
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str(value);
            rest = r;
            continue;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '}' | ','))
            .unwrap_or(rest.len());
        if key_len == 0 {
            // A stray `=` (the only character left that ends a key at
            // once): skip it so the loop always advances.
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => quoted(&after[1..], q),
                _ => bare_value(after),
            };
            rest = r;
            value
        } else {
            // `{open}`: a flag.
            ""
        };
        props.insert(key.to_string(), value.to_string());
    }
}

fn quoted(s: &str, quote: char) -> (&str, &str) {
    match s.find(quote) {
        Some(end) => (&s[..end], &s[end + quote.len_utf8()..]),
        None => (s, ""),
    }
}

fn bare_value(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '}' | ','))
        .unwrap_or(s.len());
    (&s[..end], &s[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(line: &str) -> Opener {
        match parse_line(line) {
            Some(ContainerLine::Open(o)) => o,
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn accepted_opening_forms() {
        let plain = open(":::tip");
        assert_eq!((plain.colons, plain.name.as_str()), (3, "tip"));
        assert_eq!(plain.title, None);
        assert_eq!(open("::: tip").name, "tip");
        let titled = open(":::tip Read this first");
        assert_eq!(titled.title.as_deref(), Some("Read this first"));
        let docusaurus = open(":::tip[Read [this] first]");
        assert_eq!(docusaurus.title.as_deref(), Some("Read [this] first"));
        let mdc = open(":::tip{label=\"Heads up\"}");
        assert_eq!(mdc.props, props(&[("label", "Heads up")]));
        let mixed = open("::::card{key='value' other=\"v\" bare=x flag}");
        assert_eq!(mixed.colons, 4);
        assert_eq!(
            mixed.props,
            props(&[
                ("key", "value"),
                ("other", "v"),
                ("bare", "x"),
                ("flag", "")
            ])
        );
        let shorthand = open(":::note{#why .wide .tall}");
        assert_eq!(
            shorthand.props,
            props(&[("id", "why"), ("class", "wide tall")])
        );
        let g = open(":::g-details{summary=\"More\"}");
        assert_eq!(g.name, "g-details");
    }

    #[test]
    fn closers_and_leaves() {
        assert_eq!(parse_line("::::"), Some(ContainerLine::Close { colons: 4 }));
        assert_eq!(
            parse_line(" :::  "),
            Some(ContainerLine::Close { colons: 3 })
        );
        match parse_line("::badge{text=\"New\"}") {
            Some(ContainerLine::Leaf(o)) => {
                assert_eq!(o.name, "badge");
                assert_eq!(o.props, props(&[("text", "New")]));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_line("::before is a pseudo-element"), None);
        assert_eq!(parse_line("::"), None);
    }

    #[test]
    fn not_containers() {
        assert_eq!(parse_line("    :::tip"), None);
        assert_eq!(parse_line("text ::: tip"), None);
        assert_eq!(parse_line(":::123"), None);
        assert_eq!(parse_line(":::{label=x}"), None);
        assert_eq!(parse_line(": not"), None);
    }

    #[test]
    fn lenient_on_broken_syntax() {
        let o = open(":::tip{label=\"never closed");
        assert_eq!(o.props, props(&[("label", "never closed")]));
        let o = open(":::tip[no end");
        assert_eq!(o.title.as_deref(), Some("no end"));
        let o = open(":::tip{= =, ==}");
        assert!(o.props.is_empty(), "{:?}", o.props);
        let o = open(":::tip{é=ü}");
        assert_eq!(o.props, props(&[("é", "ü")]));
    }
}
