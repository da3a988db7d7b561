//! The `source_hash:` of a translation: which version of the source page it
//! was made from.
//!
//! Definition: the first 12 lower-case hex digits of the SHA-256 of the
//! source page's Markdown body, normalized so that changes a reader cannot
//! see do not make translations outdated:
//!
//! 1. a UTF-8 BOM is dropped and CRLF / CR line endings become LF;
//! 2. the front matter (`---` … `---`) is removed, as yomu splits it off
//!    when it builds the page;
//! 3. trailing whitespace is removed from every line;
//! 4. blank lines at the start and the end are removed, and the result is
//!    the remaining lines joined with `\n` (no final newline).

use crate::load::{frontmatter, text};
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

/// Hex digits kept from the SHA-256: 48 bits, plenty to tell apart the
/// versions of one page.
pub const HASH_LEN: usize = 12;

/// The hash of a page body as the load stage leaves it (LF line endings,
/// front matter already split off).
pub fn body_hash(body: &str) -> String {
    let digest = Sha256::digest(normalized_body(body).as_bytes());
    let mut hex = String::with_capacity(HASH_LEN);
    for byte in digest.iter().take(HASH_LEN / 2) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The hash of a whole file's text, as stored in git: line endings
/// normalized and front matter removed first, exactly as the load stage does.
pub fn file_hash(file_text: &str) -> String {
    let normalized = text::normalize(file_text);
    // Front matter problems are reported by the build; here only the body
    // boundary matters.
    let mut ignored = Vec::new();
    let split = frontmatter::split(&normalized, Path::new(""), &mut ignored);
    body_hash(&split.body)
}

fn normalized_body(body: &str) -> String {
    let lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Whether `stamp` (as written in front matter) names the hash `actual`.
pub fn matches(stamp: &str, actual: &str) -> bool {
    stamp.trim().eq_ignore_ascii_case(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_twelve_hex_digits_of_sha256() {
        // SHA-256("a") = ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb
        assert_eq!(body_hash("a"), "ca978112ca1b");
        assert_eq!(body_hash("a\n"), "ca978112ca1b");
    }

    #[test]
    fn ignores_line_endings_trailing_space_and_front_matter() {
        let plain = file_hash("# Title\n\nText.\n");
        assert_eq!(file_hash("# Title  \r\n\r\nText.\t\r\n\r\n"), plain);
        assert_eq!(
            file_hash("\u{feff}---\ntitle: Other\n---\n\n# Title\n\nText.\n"),
            plain
        );
        assert_ne!(file_hash("# Title\n\nText!\n"), plain);
        assert_ne!(
            file_hash("# Title\nText.\n"),
            plain,
            "blank lines inside count"
        );
    }

    #[test]
    fn stamps_compare_case_insensitively() {
        assert!(matches(" CA978112CA1B ", "ca978112ca1b"));
        assert!(!matches("ca978112ca1", "ca978112ca1b"));
    }
}
