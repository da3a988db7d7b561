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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub pos: u32,
    /// For words: the folded word before stemming (the stemmer's input).
    pub surface: Option<String>,
    /// A one-character token of a run (matched as a prefix in queries).
    pub single: bool,
}

/// A language's word folding and stemming.
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
}

impl Tokenizer {
    /// `lang` is a BCP 47 code; its primary subtag picks the stemmer.
    pub fn new(lang: &str) -> Tokenizer {
        Tokenizer {
            stemmer: algorithm(lang).map(Stemmer::create),
        }
    }

    /// Tokens of `text`, positions starting at `start`; returns the next
    /// free position.
    pub fn tokens(&self, text: &str, start: u32, out: &mut Vec<Token>) -> u32 {
        let text = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
        let mut pos = start;
        let mut word = String::new();
        let mut run: Vec<char> = Vec::new();
        for c in text.chars() {
            if is_unspaced(c) {
                pos = self.flush_word(&mut word, pos, out);
                run.push(c);
            } else if c.is_alphanumeric() {
                pos = flush_run(&mut run, pos, out);
                word.push(c);
            } else {
                pos = self.flush_word(&mut word, pos, out);
                pos = flush_run(&mut run, pos, out);
            }
        }
        pos = self.flush_word(&mut word, pos, out);
        flush_run(&mut run, pos, out)
    }

    fn flush_word(&self, word: &mut String, pos: u32, out: &mut Vec<Token>) -> u32 {
        if word.is_empty() {
            return pos;
        }
        let surface = fold_word(word);
        word.clear();
        let text = self.stem(&surface);
        out.push(Token {
            text,
            pos,
            surface: Some(surface),
            single: false,
        });
        pos + 1
    }

    /// The stem of a folded word (the word itself without a stemmer).
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded).into_owned(),
            None => folded.to_string(),
        }
    }
}

fn flush_run(run: &mut Vec<char>, pos: u32, out: &mut Vec<Token>) -> u32 {
    if run.is_empty() {
        return pos;
    }
    let base = pos;
    for (i, pair) in run.windows(2).enumerate() {
        out.push(Token {
            text: pair.iter().collect(),
            pos: base + i as u32,
            surface: None,
            single: false,
        });
    }
    let last = run.len() - 1;
    out.push(Token {
        text: run[last].to_string(),
        pos: base + last as u32,
        surface: None,
        single: true,
    });
    run.clear();
    base + last as u32 + 1
}

/// Lower case without diacritics: `Éclair` → `eclair`.
pub fn fold_word(word: &str) -> String {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(word);
    decomposed
        .chars()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
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
    fn punctuation_separates_without_taking_a_position() {
        let tokens = texts("en-US", "one, two");
        assert_eq!(tokens, vec![("one".into(), 0), ("two".into(), 1)]);
    }
}
