//! Writing `source_hash:` into a translation's front matter without
//! touching anything else: key order, comments, quoting, the BOM and the
//! file's own line endings stay byte for byte as they were.

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

const KEY: &str = "source_hash:";

/// Returns `file` with `source_hash: <hash>` set in its front matter. A
/// file without front matter gets one holding only that key.
pub fn apply(file: &str, hash: &str) -> Result<String, String> {
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
        return Ok(format!("{bom}---{eol}{KEY} {hash}{eol}---{eol}{text}"));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))
        .map(|i| i + 1)
        .ok_or("its front matter opened with `---` is never closed")?;
    let mut out = String::with_capacity(file.len() + 32);
    out.push_str(bom);
    let existing = lines[1..close]
        .iter()
        .position(|l| l.text.starts_with(KEY))
        .map(|i| i + 1);
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == existing {
            out.push_str(&replace_value(line.text, hash));
            out.push_str(line.end);
            continue;
        }
        if i == close && existing.is_none() {
            // The new key takes the line ending of the line before it,
            // which is the file's own.
            let eol = lines[i - 1].end;
            out.push_str(&format!("{KEY} {hash}{eol}"));
        }
        out.push_str(line.text);
        out.push_str(line.end);
    }
    Ok(out)
}

/// `source_hash: old  # note` → `source_hash: new  # note`: the spacing
/// and any comment after the value are kept.
fn replace_value(line: &str, hash: &str) -> String {
    let rest = &line[KEY.len()..];
    let value_start = rest.len() - rest.trim_start().len();
    let value = &rest[value_start..];
    let value_len = match value.chars().next() {
        Some(quote @ ('"' | '\'')) => value[1..].find(quote).map_or(value.len(), |end| end + 2),
        _ => value.find(char::is_whitespace).unwrap_or(value.len()),
    };
    let space = if value_start == 0 {
        " "
    } else {
        &rest[..value_start]
    };
    format!("{KEY}{space}{hash}{}", &value[value_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "0123456789ab";

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
        assert!(apply("---\ntitle: x\n", H).is_err());
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
}
