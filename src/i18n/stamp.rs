//! Writing `source_hash:` into a translation's front matter without
//! touching anything else: key order, comments, quoting, the BOM and the
//! file's own line endings stay byte for byte as they were. The key is
//! found by parsing the YAML (whatever its quoting), and its value is
//! replaced by byte range; front matter that cannot be edited that way
//! (anchors, tags or several lines on the key, a layout that is not plain
//! `key: value` lines) is refused, never guessed at.

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle, Span, StructureStyle};
use std::ops::Range;

/// A line of the file and the line ending that followed it (`""` on a
/// last line without one).
struct Line<'a> {
    text: &'a str,
    end: &'a str,
}

/// Splits on LF, CRLF and lone CR, keeping each line's own ending.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end_len = match bytes[i] {
            b'\n' => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => 0,
        };
        if end_len > 0 {
            out.push(Line {
                text: &text[start..i],
                end: &text[i..i + end_len],
            });
            i += end_len;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        out.push(Line {
            text: &text[start..],
            end: "",
        });
    }
    out
}

const KEY: &str = "source_hash";

/// Why a file was not stamped, and where (1-based line in the file).
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub line: Option<usize>,
    pub message: String,
}

impl Refusal {
    fn new(line: Option<usize>, message: impl Into<String>) -> Refusal {
        Refusal {
            line,
            message: message.into(),
        }
    }
}

/// Returns a glossary file (plain YAML, no front matter) with a top-level
/// `source_hash: <hash>` line: its value replaced, or the line added after
/// the leading comments.
pub fn apply_yaml(file: &str, hash: &str) -> String {
    let mut out = String::with_capacity(file.len() + 32);
    let mut done = false;
    let mut lines = file.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if !done && line.starts_with(KEY) && line[KEY.len()..].trim_start().starts_with(':') {
            let eol = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("{KEY}: {hash}{eol}"));
            done = true;
            continue;
        }
        out.push_str(line);
        let next_is_content = lines.peek().is_none_or(|l| !l.starts_with('#'));
        let has_key = || file.lines().any(|l| l.starts_with(KEY));
        if !done && line.starts_with('#') && next_is_content && !has_key() {
            out.push_str(&format!("{KEY}: {hash}\n"));
            done = true;
        }
    }
    if !done {
        out = format!("{KEY}: {hash}\n{out}");
    }
    out
}

/// Returns `file` with `source_hash: <hash>` set in its front matter. A
/// file without front matter gets one holding only that key.
pub fn apply(file: &str, hash: &str) -> Result<String, Refusal> {
    let (bom, text) = match file.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", file),
    };
    let lines = lines(text);
    let opens = lines
        .first()
        .is_some_and(|l| l.text.trim_end() == "---" && !l.end.is_empty());
    if !opens {
        let eol = lines
            .first()
            .map(|l| l.end)
            .filter(|e| !e.is_empty())
            .unwrap_or("\n");
        return Ok(format!("{bom}---{eol}{KEY}: {hash}{eol}---{eol}{text}"));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))
        .map(|i| i + 1)
        .ok_or_else(|| {
            Refusal::new(
                Some(1),
                "its front matter opened with `---` is never closed",
            )
        })?;
    // Byte offsets of the YAML between the two `---` lines.
    let yaml_start = lines[0].text.len() + lines[0].end.len();
    let yaml_end = yaml_start
        + lines[1..close]
            .iter()
            .map(|l| l.text.len() + l.end.len())
            .sum::<usize>();
    let yaml = &text[yaml_start..yaml_end];
    let edited = match locate(yaml)? {
        Some(range) => {
            // An empty value gets the space a `key: value` needs.
            let space = if range.is_empty() { " " } else { "" };
            format!(
                "{}{space}{hash}{}",
                &yaml[..range.start],
                &yaml[range.end..]
            )
        }
        None => {
            // The new key takes the line ending of the `---` line before
            // it or of the last key, which is the file's own.
            let eol = lines[close - 1].end;
            format!("{yaml}{KEY}: {hash}{eol}")
        }
    };
    // The edit must read back as exactly the key it meant to write.
    let check = locate(&edited)
        .ok()
        .flatten()
        .map(|range| &edited[range] == hash);
    if check != Some(true) {
        return Err(Refusal::new(
            Some(2),
            "cannot set `source_hash` in this front matter without changing other keys",
        ));
    }
    Ok(format!(
        "{bom}{}{edited}{}",
        &text[..yaml_start],
        &text[yaml_end..]
    ))
}

/// Where the value of the top-level `source_hash` key is in `yaml` (an
/// empty range right after its `:` when the value is empty), or `None`
/// when there is no such key and one can be appended at the end.
fn locate(yaml: &str) -> Result<Option<Range<usize>>, Refusal> {
    // Lines in the file: the YAML starts on the line after `---`.
    let line = |span: &Span| Some(span.start.line() + 1);
    let mut depth = 0usize;
    // Inside the top mapping, whether the next node is a key.
    let mut at_key = true;
    let mut key: Option<Span> = None;
    let mut found: Option<Range<usize>> = None;
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event.map_err(|err| {
            Refusal::new(
                Some(err.marker().line() + 1),
                format!("its front matter is not valid YAML: {}", err.info()),
            )
        })?;
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::UnresolvedAlias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        let (node_is_key, is_value_of_key) = if depth == 1 && is_node {
            let was_key = at_key;
            at_key = !at_key;
            (was_key, !was_key && key.is_some())
        } else {
            (false, false)
        };
        match event {
            Event::MappingStart(style, anchor, tag) if depth == 0 => {
                if style != StructureStyle::Block
                    || span.start.col() != 0
                    || anchor != 0
                    || tag.is_some()
                {
                    return Err(Refusal::new(
                        line(&span),
                        "its front matter is not plain `key: value` lines starting at the line start",
                    ));
                }
                depth += 1;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if is_value_of_key {
                    return Err(Refusal::new(
                        line(&span),
                        "`source_hash` holds a list or mapping, not a hash",
                    ));
                }
                if depth == 0 {
                    return Err(not_a_mapping(line(&span)));
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Alias(_) | Event::UnresolvedAlias(_) if is_value_of_key => {
                return Err(Refusal::new(
                    line(&span),
                    "`source_hash` is an alias (`*name`); write the hash itself",
                ));
            }
            Event::Scalar(value, style, anchor, tag) => {
                if depth == 0 && !(value.is_empty() && style == ScalarStyle::Plain) {
                    return Err(not_a_mapping(line(&span)));
                }
                if node_is_key && value == KEY {
                    if found.is_some() {
                        return Err(Refusal::new(line(&span), "`source_hash` appears twice"));
                    }
                    if anchor != 0 || tag.is_some() {
                        return Err(Refusal::new(
                            line(&span),
                            "the `source_hash` key has an anchor or tag",
                        ));
                    }
                    key = Some(span);
                } else if let Some(key_span) = key.take().filter(|_| is_value_of_key) {
                    found = Some(value_range(
                        yaml,
                        &key_span,
                        &span,
                        style,
                        anchor,
                        tag.is_some(),
                    )?);
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

fn not_a_mapping(line: Option<usize>) -> Refusal {
    Refusal::new(line, "its front matter is not a mapping of keys")
}

/// The byte range to replace for a one-line scalar value of the key.
fn value_range(
    yaml: &str,
    key: &Span,
    span: &Span,
    style: ScalarStyle,
    anchor: usize,
    tagged: bool,
) -> Result<Range<usize>, Refusal> {
    // Refusals name the key's line: a block value starts below it.
    let line = Some(key.start.line() + 1);
    if anchor != 0 || tagged {
        return Err(Refusal::new(
            line,
            "`source_hash` has an anchor (`&name`) or a tag (`!tag`); remove it to stamp",
        ));
    }
    if !matches!(
        style,
        ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    ) || span.start.line() != span.end.line()
    {
        return Err(Refusal::new(
            line,
            "`source_hash` spans several lines; put its value on one line to stamp",
        ));
    }
    let start = byte_offset(yaml, &span.start);
    let end = byte_offset(yaml, &span.end);
    // An empty value has an empty span, wherever the parser puts it (at
    // the start of the next line, for `source_hash:` at a line's end).
    if start == end {
        // `source_hash:` with nothing after it: the value goes after the
        // colon that follows the key.
        let key_end = byte_offset(yaml, &key.end);
        let colon = yaml[key_end..]
            .find(':')
            .map(|i| key_end + i + 1)
            .ok_or_else(|| Refusal::new(line, "cannot find the `:` after `source_hash`"))?;
        return Ok(colon..colon);
    }
    Ok(start..end)
}

fn byte_offset(text: &str, marker: &Marker) -> usize {
    marker.byte_offset().unwrap_or_else(|| {
        text.char_indices()
            .nth(marker.index())
            .map_or(text.len(), |(i, _)| i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "0123456789ab";

    #[test]
    fn glossary_files_get_a_top_level_key() {
        assert_eq!(
            apply_yaml("# c\n# d\nterms: []\n", "abc"),
            "# c\n# d\nsource_hash: abc\nterms: []\n"
        );
        assert_eq!(
            apply_yaml("terms: []\n", "abc"),
            "source_hash: abc\nterms: []\n"
        );
        assert_eq!(
            apply_yaml("# c\nsource_hash: old\nterms: []\n", "new"),
            "# c\nsource_hash: new\nterms: []\n"
        );
    }

    #[test]
    fn adds_the_key_before_the_closing_line() {
        let file = "---\n# a comment\ntitle: T\norder: 2\n---\n# T\n";
        assert_eq!(
            apply(file, H).expect("stamp"),
            format!("---\n# a comment\ntitle: T\norder: 2\nsource_hash: {H}\n---\n# T\n")
        );
    }

    #[test]
    fn replaces_only_the_value() {
        let file =
            "---\r\ntitle: T\r\nsource_hash:   'ffffffffffff'  # v1\r\ntoc: false\r\n---\r\nx";
        assert_eq!(
            apply(file, H).expect("stamp"),
            format!("---\r\ntitle: T\r\nsource_hash:   {H}  # v1\r\ntoc: false\r\n---\r\nx")
        );
        assert_eq!(
            apply("---\nsource_hash:\n---\n", H).expect("stamp"),
            format!("---\nsource_hash: {H}\n---\n")
        );
    }

    #[test]
    fn gives_front_matter_to_files_without_one() {
        assert_eq!(
            apply("\u{feff}# T\r\n\r\nBody\r\n", H).expect("stamp"),
            format!("\u{feff}---\r\nsource_hash: {H}\r\n---\r\n# T\r\n\r\nBody\r\n")
        );
        assert_eq!(
            apply("", H).expect("stamp"),
            format!("---\nsource_hash: {H}\n---\n")
        );
    }

    #[test]
    fn keeps_empty_front_matter_and_refuses_unclosed() {
        assert_eq!(
            apply("---\n---\nx\n", H).expect("stamp"),
            format!("---\nsource_hash: {H}\n---\nx\n")
        );
        assert_eq!(
            apply("---\ntitle: x\n", H).map_err(|refusal| refusal.line),
            Err(Some(1))
        );
    }

    #[test]
    fn hashes_that_look_like_numbers_read_back_as_written() {
        for hash in ["123456789012", "12e456789012", "000000000001"] {
            let stamped = apply("# T\n", hash).expect("stamp");
            let mut diagnostics = Vec::new();
            let page = crate::load::frontmatter::split(
                &stamped,
                std::path::Path::new("x.md"),
                &mut diagnostics,
            );
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            assert_eq!(page.front.source_hash.as_deref(), Some(hash));
        }
    }

    #[test]
    fn finds_the_key_whatever_its_quoting() {
        for (before, after) in [
            (
                "'source_hash': x # c\ntitle: T\n",
                "'source_hash': HASH # c\ntitle: T\n",
            ),
            ("\"source_hash\" : \"x\"\n", "\"source_hash\" : HASH\n"),
            ("source_hash: ~\n", "source_hash: HASH\n"),
            (
                "\"source_hash\":\ntitle: T\n",
                "\"source_hash\": HASH\ntitle: T\n",
            ),
        ] {
            let file = format!("---\n{before}---\nbody\n");
            let expected = format!("---\n{}---\nbody\n", after.replace("HASH", H));
            assert_eq!(apply(&file, H).expect("stamp"), expected, "{before:?}");
        }
    }

    #[test]
    fn a_nested_source_hash_is_not_the_page_s() {
        let file = "---\nextra:\n  source_hash: x\n---\n";
        assert_eq!(
            apply(file, H).expect("stamp"),
            format!("---\nextra:\n  source_hash: x\nsource_hash: {H}\n---\n")
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely_naming_the_line() {
        for (front, line, words) in [
            ("title: T\nsource_hash: &h x\n", 3, "anchor"),
            ("title: T\nsource_hash: !!str x\n", 3, "tag"),
            ("source_hash: abc\n  def\n", 2, "several lines"),
            ("source_hash: |\n  abc\n", 2, "several lines"),
            ("a: &h x\nsource_hash: *h\n", 3, "alias"),
            ("source_hash: [x]\n", 2, "list or mapping"),
            ("source_hash: x\n'source_hash': y\n", 3, "twice"),
            ("&k source_hash: x\n", 2, "anchor or tag"),
            ("{title: T}\n", 2, "plain `key: value`"),
            ("  title: T\n", 2, "plain `key: value`"),
            ("- a\n", 2, "not a mapping"),
            ("title: [\n", 2, "not valid YAML"),
        ] {
            let file = format!("---\n{front}---\nbody\n");
            let refusal = apply(&file, H).expect_err(front);
            assert_eq!(refusal.line, Some(line), "{front:?}: {refusal:?}");
            assert!(refusal.message.contains(words), "{front:?}: {refusal:?}");
        }
    }
}
