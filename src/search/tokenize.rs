//! Text → tokens with positions, the same way for pages and queries.
//!
//! Scripts written without spaces (Han, kana, Hangul, Thai) are cut into
//! overlapping character bigrams, each at the position of its first
//! character; the last character of such a run is also a one-character
//! token. Any substring of two or more characters is then a chain of
//! bigrams at consecutive positions, and one character is a prefix lookup,
//! so matching is exact without a dictionary. Other letters form words:
//! NFKC, lower-cased, diacritics removed, then Snowball-stemmed for the
//! page's language.

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub pos: u32,
    /// For words: the folded word before stemming (the stemmer's input).
    pub surface: Option<String>,
    /// A one-character token of a run (matched as a prefix in queries).
    pub single: bool,
}

/// A token as the tokenizer hands it out, borrowing its buffers.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub pos: u32,
    /// For words: the folded word before stemming.
    pub surface: Option<&'a str>,
    pub single: bool,
}

/// A piece of text as [`each_piece`] cuts it, before words are
/// folded and stemmed: the indexer keeps what each word became, so the
/// site's many repeats of a word are folded and stemmed once.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// A word as written (after NFKC): [`Tokenizer::word_tokens`] makes
    /// its tokens.
    Word(&'a str),
    /// A bigram of an unspaced run, or (`second` is `None`) its last
    /// character: the token itself.
    Unspaced {
        text: &'a str,
        first: char,
        second: Option<char>,
    },
}

/// A language's word folding and stemming.
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
    word_parts: bool,
}

impl Tokenizer {
    /// `lang` is a BCP 47 code; its primary subtag picks the stemmer.
    pub fn new(lang: &str) -> Tokenizer {
        Tokenizer {
            stemmer: algorithm(lang).map(Stemmer::create),
            word_parts: false,
        }
    }

    /// Also gives the parts of a camel-case word (`loadCache`: `load`,
    /// `cache`) at the word's position, so a search for one part finds
    /// identifiers in docs. For pages; a query's words stay whole.
    pub fn with_word_parts(mut self) -> Tokenizer {
        self.word_parts = true;
        self
    }

    /// Tokens of `text`, positions starting at `start`; returns the next
    /// free position.
    pub fn tokens(&self, text: &str, start: u32, out: &mut Vec<Token>) -> u32 {
        self.each_token(text, start, &mut |t| {
            out.push(Token {
                text: t.text.to_string(),
                pos: t.pos,
                surface: t.surface.map(str::to_string),
                single: t.single,
            })
        })
    }

    /// Calls `emit` with each token of `text`, positions starting at
    /// `start`; returns the next free position.
    pub fn each_token(&self, text: &str, start: u32, emit: &mut impl FnMut(TokenRef)) -> u32 {
        let mut folded = String::new();
        each_piece(text, start, &mut |piece, pos| match piece {
            Piece::Word(word) => self.word_tokens(word, pos, &mut folded, emit),
            Piece::Unspaced { text, second, .. } => emit(TokenRef {
                text,
                pos,
                surface: None,
                single: second.is_none(),
            }),
        })
    }

    /// The tokens of one word at `pos`: its camel-case parts (on pages)
    /// and the whole word, folded and stemmed; `folded` is scratch space.
    pub fn word_tokens(
        &self,
        word: &str,
        pos: u32,
        folded: &mut String,
        emit: &mut impl FnMut(TokenRef),
    ) {
        if self.word_parts && has_inner_capital(word) {
            let parts = camel_case_parts(word);
            if parts.len() > 1 {
                for part in parts {
                    self.emit_word(part, folded, pos, emit);
                }
            }
        }
        self.emit_word(word, folded, pos, emit);
    }

    fn emit_word(
        &self,
        word: &str,
        folded: &mut String,
        pos: u32,
        emit: &mut impl FnMut(TokenRef),
    ) {
        fold_word_into(word, folded);
        let stem = match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded),
            None => Cow::Borrowed(folded.as_str()),
        };
        emit(TokenRef {
            text: &stem,
            pos,
            surface: Some(folded),
            single: false,
        });
    }

    /// The stem of a folded word (the word itself without a stemmer).
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded).into_owned(),
            None => folded.to_string(),
        }
    }
}

/// Calls `emit` with each piece of `text` (after NFKC) and its position,
/// positions starting at `start`; returns the next free position.
pub fn each_piece(text: &str, start: u32, emit: &mut impl FnMut(Piece<'_>, u32)) -> u32 {
    // ASCII is its own NFKC and has no unspaced runs; most of a page's
    // words and code are ASCII.
    if text.is_ascii() {
        return each_ascii_word(text, start, emit);
    }
    let text = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
    let mut pos = start;
    // Where the current word starts, and the previous character of the
    // current unspaced run (where it starts, and itself).
    let mut word: Option<usize> = None;
    let mut run: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        if !c.is_ascii() && is_unspaced(c) {
            if let Some(w) = word.take() {
                emit(Piece::Word(&text[w..i]), pos);
                pos += 1;
            }
            if let Some((previous, first)) = run {
                let bigram = Piece::Unspaced {
                    text: &text[previous..i + c.len_utf8()],
                    first,
                    second: Some(c),
                };
                emit(bigram, pos);
                pos += 1;
            }
            run = Some((i, c));
        } else if c.is_alphanumeric() {
            pos = end_run(&text, run.take(), i, pos, emit);
            word.get_or_insert(i);
        } else {
            if let Some(w) = word.take() {
                emit(Piece::Word(&text[w..i]), pos);
                pos += 1;
            }
            pos = end_run(&text, run.take(), i, pos, emit);
        }
    }
    if let Some(w) = word {
        emit(Piece::Word(&text[w..]), pos);
        pos += 1;
    }
    end_run(&text, run, text.len(), pos, emit)
}

/// [`each_piece`] for ASCII text: its words, read byte by byte.
fn each_ascii_word(text: &str, start: u32, emit: &mut impl FnMut(Piece<'_>, u32)) -> u32 {
    let mut pos = start;
    let mut word: Option<usize> = None;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() {
            word.get_or_insert(i);
        } else if let Some(w) = word.take() {
            emit(Piece::Word(&text[w..i]), pos);
            pos += 1;
        }
    }
    if let Some(w) = word {
        emit(Piece::Word(&text[w..]), pos);
        pos += 1;
    }
    pos
}

/// The last character of the run whose previous character is `last` (if
/// a run is open), as a one-character piece; returns the next free
/// position.
fn end_run(
    text: &str,
    last: Option<(usize, char)>,
    end: usize,
    pos: u32,
    emit: &mut impl FnMut(Piece<'_>, u32),
) -> u32 {
    match last {
        Some((last, first)) => {
            let single = Piece::Unspaced {
                text: &text[last..end],
                first,
                second: None,
            };
            emit(single, pos);
            pos + 1
        }
        None => pos,
    }
}

/// A capital letter after the first character: maybe a camel-case word.
fn has_inner_capital(word: &str) -> bool {
    if word.is_ascii() {
        return word.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    }
    word.chars().skip(1).any(char::is_uppercase)
}

/// The parts of a camel-case word: a new part starts at an upper-case
/// letter after a lower-case one or a digit (`loadCache`), and at the last
/// capital of a run followed by a lower-case letter (`HTMLParser`).
fn camel_case_parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut chars = word.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next_lower = chars.peek().is_some_and(|(_, n)| n.is_lowercase());
        let starts_part = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next_lower)
            });
        if starts_part && i > start {
            parts.push(&word[start..i]);
            start = i;
        }
        previous = Some(c);
    }
    parts.push(&word[start..]);
    parts
}

/// Lower case without diacritics: `Éclair` → `eclair`.
fn fold_word_into(word: &str, folded: &mut String) {
    folded.clear();
    // Most words are ASCII: no decomposition needed.
    if word.is_ascii() {
        folded.push_str(word);
        folded.make_ascii_lowercase();
        return;
    }
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(word);
    folded.extend(
        decomposed
            .chars()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters of scripts written without spaces between words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F // Thai
        | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF // Hangul
        | 0x3005..=0x3007 // 々 〆 〇
        | 0x3040..=0x30FF // kana, ー
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

fn algorithm(lang: &str) -> Option<Algorithm> {
    let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lang: &str, text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        Tokenizer::new(lang).tokens(text, 0, &mut out);
        out.into_iter().map(|t| (t.text, t.pos)).collect()
    }

    #[test]
    fn unspaced_runs_become_bigrams_and_a_last_character() {
        assert_eq!(
            texts("ja-JP", "Misskeyサーバー"),
            vec![
                ("misskey".into(), 0),
                ("サー".into(), 1),
                ("ーバ".into(), 2),
                ("バー".into(), 3),
                ("ー".into(), 4)
            ]
        );
    }

    #[test]
    fn words_are_folded_and_stemmed_for_the_language() {
        assert_eq!(texts("en-US", "Servers Café")[0].0, "server");
        assert_eq!(texts("en-US", "Servers Café")[1].0, "cafe");
        // No stemmer for Japanese: words stay as they are, folded.
        assert_eq!(texts("ja-JP", "Servers")[0].0, "servers");
        // NFKC: half-width katakana and full-width Latin.
        assert_eq!(texts("ja-JP", "ｻｰﾊﾞｰ")[0].0, "サー");
        assert_eq!(texts("ja-JP", "ＡＢＣ")[0].0, "abc");
    }

    #[test]
    fn camel_case_parts_join_the_whole_word_on_pages_only() {
        let mut out = Vec::new();
        Tokenizer::new("en-US")
            .with_word_parts()
            .tokens("loadCache HTMLParser", 0, &mut out);
        let page: Vec<(String, u32)> = out.into_iter().map(|t| (t.text, t.pos)).collect();
        assert_eq!(
            page,
            vec![
                ("load".into(), 0),
                ("cach".into(), 0),
                ("loadcach".into(), 0),
                ("html".into(), 1),
                ("parser".into(), 1),
                ("htmlparser".into(), 1)
            ]
        );
        assert_eq!(texts("en-US", "loadCache"), vec![("loadcach".into(), 0)]);
    }

    #[test]
    fn punctuation_separates_without_taking_a_position() {
        let tokens = texts("en-US", "one, two");
        assert_eq!(tokens, vec![("one".into(), 0), ("two".into(), 1)]);
    }
}
