//! Reading input text: UTF-8 only, BOM and CRLF accepted.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Reads `path` as text with LF line endings and no BOM. `shown` is the
/// path used in diagnostics (relative to the site root).
pub fn read(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|err| {
        Diagnostic::error("io", format!("cannot read file: {err}")).in_file(shown)
    })?;
    decode(bytes, shown)
}

pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        Diagnostic::error("encoding", "file is not valid UTF-8")
            .in_file(shown)
            .at(line, 0)
    })?;
    Ok(normalize(&text))
}

/// Strips a UTF-8 BOM and turns CRLF (and lone CR) into LF.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        assert_eq!(normalize("\u{feff}a\r\nb\r\n"), "a\nb\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(b"ok\nok\n\xff\n".to_vec(), Path::new("x.md")).expect_err("invalid");
        assert_eq!((err.code, err.line), ("encoding", 3));
    }
}
