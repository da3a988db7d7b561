//! Soft line breaks between East Asian characters. Japanese and Chinese put
//! no space between words or sentences, so a newline inside a paragraph
//! written in them must render as nothing, not as a space (as
//! markdown-it-cjk-breaks and Pandoc's `east_asian_line_breaks` do). The
//! characters on both sides decide, not the page's language: a break next
//! to Latin text stays a space, so English pages are unaffected.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// Removes the soft breaks that sit between two East Asian characters.
pub fn remove_between_cjk(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let drop: Vec<usize> = (0..events.len())
        .filter(|&i| matches!(events[i].0, Event::SoftBreak))
        .filter(|&i| {
            let before = events[..i].iter().rev().map(|(e, _)| e);
            let after = events[i + 1..].iter().map(|(e, _)| e);
            let last = neighbour(before, |t| t.chars().next_back());
            let first = neighbour(after, |t| t.chars().next());
            matches!((last, first), (Some(a), Some(b)) if is_east_asian(a) && is_east_asian(b))
        })
        .collect();
    if drop.is_empty() {
        return;
    }
    let mut index = 0;
    events.retain(|_| {
        let keep = drop.binary_search(&index).is_err();
        index += 1;
        keep
    });
}

/// The character next to a break, looking through inline markup
/// (`**強調**` ends in 調); anything else (code, HTML, a hard break) stops
/// the search, and the break is kept.
fn neighbour<'e, 'a: 'e>(
    mut events: impl Iterator<Item = &'e Event<'a>>,
    edge: impl Fn(&str) -> Option<char>,
) -> Option<char> {
    events.find_map(|event| match event {
        Event::Text(t) => Some(edge(t)),
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
            None
        }
        _ => Some(None),
    })?
}

/// Han, kana, CJK punctuation and full-width forms. Hangul is left out:
/// Korean separates words with spaces.
fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // CJK radicals, Kangxi radicals
        | '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation (、。「」)
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}'   // Bopomofo
        | '\u{31C0}'..='\u{31FF}'   // CJK strokes, Katakana extensions
        | '\u{3200}'..='\u{33FF}'   // enclosed CJK, CJK compatibility
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FF60}'   // full-width ASCII forms and punctuation
        | '\u{FF61}'..='\u{FF9F}'   // half-width katakana and punctuation
        | '\u{20000}'..='\u{3134F}' // CJK extensions B–H
    )
}

#[cfg(test)]
mod tests {
    use super::is_east_asian;

    #[test]
    fn classes() {
        for c in ['あ', 'ア', '漢', '。', '「', '）', '！', 'ｱ', '𠮷'] {
            assert!(is_east_asian(c), "{c}");
        }
        for c in ['a', '1', '.', ' ', '한', 'é', '—'] {
            assert!(!is_east_asian(c), "{c}");
        }
    }
}
