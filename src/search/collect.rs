//! A page's searchable sections, gathered by the Markdown stage while it
//! walks the page, so nothing reads back the HTML it wrote (and no header,
//! sidebar, TOC or footer is ever in them). A heading starts a section;
//! admonition and other container bodies, table cells and diagram labels
//! are body text; code blocks are code, which ranks lower. Admonition
//! labels are UI strings and never reach the collector.

use std::borrow::Cow;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub body: String,
    pub code: String,
}

/// One page's sections, fed in document order.
pub struct Collector {
    sections: Vec<Section>,
    raw: RawHtml,
}

impl Default for Collector {
    fn default() -> Self {
        Collector {
            sections: vec![Section::default()],
            raw: RawHtml::default(),
        }
    }
}

impl Collector {
    fn current(&mut self) -> &mut Section {
        self.sections.last_mut().expect("never empty")
    }

    /// A heading: its section starts here.
    pub fn heading(&mut self, anchor: &str, text: &str) {
        self.raw.heading = None;
        self.sections.push(Section {
            anchor: anchor.to_string(),
            heading: text.to_string(),
            ..Section::default()
        });
    }

    /// Running text. No word break is added around it, so
    /// `Misskey**サーバー**` stays one word.
    pub fn text(&mut self, text: &str) {
        if self.raw.skipping.is_none() {
            let in_heading = self.raw.heading.is_some();
            let section = self.current();
            let field = if in_heading {
                &mut section.heading
            } else {
                &mut section.body
            };
            field.push_str(text);
        }
    }

    /// A block edge (paragraph, cell, list item): words on either side of
    /// it are apart.
    pub fn word_break(&mut self) {
        // A heading element the author left open ends with its block, as
        // the browser ends it at the next one.
        self.raw.heading = None;
        word_break(&mut self.current().body, ' ');
    }

    /// A code block's text.
    pub fn code(&mut self, code: &str) {
        let field = &mut self.current().code;
        word_break(field, '\n');
        field.push_str(code.trim_end());
    }

    /// HTML the author wrote: its text content (entities decoded, tags
    /// dropped, block elements apart; `<pre>` is code; styles and scripts
    /// are left out). A heading element with an `id` starts a section, as
    /// a Markdown heading does.
    pub fn html(&mut self, html: &str) {
        self.raw.feed(html, &mut self.sections);
    }

    pub fn finish(self) -> Vec<Section> {
        let mut sections = self.sections;
        for section in &mut sections {
            collapse_spaces_in(&mut section.heading);
            collapse_spaces_in(&mut section.body);
            section.code = section.code.trim().to_string();
        }
        sections.retain(|s| !s.anchor.is_empty() || !s.body.is_empty() || !s.code.is_empty());
        sections
    }
}

fn word_break(field: &mut String, with: char) {
    if !field.is_empty() && !field.ends_with(char::is_whitespace) {
        field.push(with);
    }
}

/// Elements whose text is never indexed.
const SKIPPED: [&str; 4] = ["style", "script", "template", "title"];
/// Inline elements: no word break at their edges (`Misskey<b>サーバー</b>`).
const INLINE: [&str; 14] = [
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub",
];

/// Where the author's HTML is, across the events it comes in: inside an
/// element whose text is left out (with its nesting depth), in `<pre>`,
/// or in a heading element that started a section.
#[derive(Default)]
struct RawHtml {
    skipping: Option<(String, usize)>,
    pre_depth: usize,
    heading: Option<String>,
}

impl RawHtml {
    /// `sections` is never empty: text goes to the last one.
    fn feed(&mut self, html: &str, sections: &mut Vec<Section>) {
        let mut rest = html;
        loop {
            let lt = rest.find('<').unwrap_or(rest.len());
            if let (None, Some(section), true) = (&self.skipping, sections.last_mut(), lt > 0) {
                let field = if self.heading.is_some() {
                    &mut section.heading
                } else if self.pre_depth > 0 {
                    &mut section.code
                } else {
                    &mut section.body
                };
                field.push_str(&decode_entities(&rest[..lt]));
            }
            rest = &rest[lt..];
            if rest.is_empty() {
                return;
            }
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let Some(gt) = tag_end(rest) else { return };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            self.tag(tag, sections);
        }
    }

    /// One tag, without its `<` and `>`.
    fn tag(&mut self, tag: &str, sections: &mut Vec<Section>) {
        let closing = tag.starts_with('/');
        let void = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name.is_empty() {
            return;
        }
        if let Some((skipped, depth)) = &mut self.skipping {
            if *skipped == name && !void {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return;
        }
        if SKIPPED.contains(&name.as_str()) {
            if !closing && !void {
                self.skipping = Some((name, 1));
            }
            return;
        }
        if self.heading.as_deref() == Some(name.as_str()) && closing {
            self.heading = None;
            return;
        }
        let is_heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if let Some(id) = crate::html::attribute(tag, "id")
            .filter(|id| is_heading && self.pre_depth == 0 && !id.is_empty())
        {
            sections.push(Section {
                anchor: decode_entities(id).into_owned(),
                ..Section::default()
            });
            self.heading = Some(name);
            return;
        }
        let Some(section) = sections.last_mut() else {
            return;
        };
        if name == "pre" {
            self.pre_depth = if closing {
                self.pre_depth.saturating_sub(1)
            } else {
                self.pre_depth + 1
            };
        }
        if INLINE.contains(&name.as_str()) {
            return;
        }
        if self.pre_depth > 0 || name == "pre" {
            word_break(&mut section.code, '\n');
        } else {
            word_break(&mut section.body, ' ');
        }
    }
}

/// The text content of HTML (a diagram's labels): what [`Collector::html`]
/// makes of it, as one line.
pub fn html_text(html: &str) -> String {
    let mut sections = vec![Section::default()];
    RawHtml::default().feed(html, &mut sections);
    let text: Vec<String> = sections
        .iter()
        .flat_map(|s| [collapse_spaces(&s.heading), collapse_spaces(&s.body)])
        .filter(|t| !t.is_empty())
        .collect();
    text.join(" ")
}

/// Where the tag that `html` starts with ends: its first `>` outside a
/// quoted attribute value.
fn tag_end(html: &str) -> Option<usize> {
    let mut quote = None;
    html.char_indices().find_map(|(i, c)| {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
        None
    })
}

/// The character references hand-written HTML uses most; others stay as
/// written.
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

/// [`collapse_spaces`] in place; most text needs nothing, and keeps its
/// buffer.
fn collapse_spaces_in(text: &mut String) {
    // A block's end leaves a space after nearly every text: dropped here,
    // the rest of the text is read once and kept as it is.
    let end = text.trim_end().len();
    text.truncate(end);
    if !is_collapsed(text) {
        *text = collapse_spaces(text);
    }
}

/// Single spaces between words only. Text is searched for what breaks
/// the rule rather than read a character at a time: outside ASCII only
/// U+3000 and characters whose UTF-8 starts with 0xC2, 0xE1 or 0xE2 are
/// whitespace, and text with those lead bytes is rare enough to be read
/// exactly.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memchr3(0xC2, 0xE1, 0xE2, bytes).is_some() {
        return is_collapsed_exactly(text);
    }
    !text.starts_with(' ')
        && !text.ends_with(' ')
        && memchr::memmem::find(bytes, b"  ").is_none()
        && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0B, 0x0C, bytes).is_none()
        && memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_none()
}

/// [`is_collapsed`], a character at a time.
fn is_collapsed_exactly(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_collapsed_agrees_with_unicode_whitespace() {
        for c in [
            '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{200a}', '\u{2028}', '\u{2029}',
            '\u{202f}', '\u{205f}', '\u{3000}', '\t', '\n', '\u{b}',
        ] {
            assert!(c.is_whitespace());
            assert!(!is_collapsed(&format!("a{c}b")), "{c:?}");
            assert!(!is_collapsed(&format!("サーバー{c}運営")), "{c:?}");
        }
        // Neighbours of those bytes are not spaces.
        for text in [
            "a\u{a1}b",
            "a\u{200b}b",
            "a\u{3001}b",
            "サーバー 運営",
            "a b",
            "é b",
        ] {
            assert!(is_collapsed(text), "{text:?}");
        }
        for text in [" a", "a ", "a  b"] {
            assert!(!is_collapsed(text), "{text:?}");
        }
    }

    #[test]
    fn a_heading_element_with_an_id_starts_a_section() {
        let mut c = Collector::default();
        c.text("Intro");
        c.html("<h2 class=\"q\" id='raw-faq'>Raw <b>heading</b></h2>\n<p>Answer &amp; more</p>");
        c.text("after");
        // No id: nothing to link to, so it stays body text.
        c.html("<h3>Plain</h3>");
        let sections = c.finish();
        assert_eq!(sections.len(), 2, "{sections:?}");
        assert_eq!(sections[1].anchor, "raw-faq");
        assert_eq!(sections[1].heading, "Raw heading");
        assert_eq!(sections[1].body, "Answer & more after Plain");
    }

    #[test]
    fn hostile_heading_elements_stay_within_their_block() {
        let mut c = Collector::default();
        // An empty id is none; a `>` in a quoted value does not end the tag.
        c.html("<h3 id=\"\">Not one</h3><h3 id='a>b'>Quoted</h3>");
        // Left open: its block's end closes it.
        c.html("<h2 id=open>Open");
        c.word_break();
        c.text("body again");
        let sections = c.finish();
        assert_eq!(sections.len(), 3, "{sections:?}");
        assert_eq!(sections[2].heading, "Open");
        assert_eq!(sections[2].body, "body again");
        assert_eq!(sections[0].body, "Not one");
        assert_eq!(
            (sections[1].anchor.as_str(), sections[1].heading.as_str()),
            ("a>b", "Quoted")
        );
    }

    #[test]
    fn spaces_collapse_to_one_between_words() {
        for (text, collapsed) in [
            (" a  b\n", "a b"),
            ("a\u{3000}b", "a b"),
            ("a b", "a b"),
            ("a ", "a"),
            ("", ""),
        ] {
            let mut text = text.to_string();
            collapse_spaces_in(&mut text);
            assert_eq!(text, collapsed);
        }
    }

    #[test]
    fn headings_start_sections_and_code_is_apart() {
        let mut c = Collector::default();
        c.text("Intro & more");
        c.word_break();
        c.heading("setup", "Set up");
        c.text("Misskey");
        c.text("サーバー");
        c.word_break();
        c.code("cargo run\n");
        c.text("cell");
        c.word_break();
        c.text("two");
        c.code("cargo test\n");
        c.heading("empty", "Empty");
        c.heading("", "");
        let sections = c.finish();
        assert_eq!(sections.len(), 3, "{sections:?}");
        assert_eq!(sections[0].body, "Intro & more");
        assert_eq!(sections[1].anchor, "setup");
        assert_eq!(sections[1].heading, "Set up");
        assert_eq!(sections[1].body, "Misskeyサーバー cell two");
        assert_eq!(sections[1].code, "cargo run\ncargo test");
        assert_eq!(sections[2].anchor, "empty");
    }

    #[test]
    fn authors_html_gives_its_text_without_styles_scripts_or_comments() {
        let mut c = Collector::default();
        c.html("<div class=\"x\"><p>Misskey<b>サーバー</b> &amp; more</p><p>next</p>");
        c.html("<style>.a{fill:red}</style><!-- a > b --><script>let x = 1;</script>");
        c.text("after");
        c.html("<script>");
        c.text("inside a script");
        c.html("</script>");
        c.html("<pre>line 1<br>line 2</pre></div>");
        let sections = c.finish();
        assert_eq!(sections[0].body, "Misskeyサーバー & more next after");
        assert_eq!(sections[0].code, "line 1\nline 2");
    }

    #[test]
    fn diagram_labels_leave_css_and_titles_out() {
        let svg = "<svg><style>.a{fill:red}</style><title>x</title><g><text>ラベル</text>\
                   <foreignObject><div><span class=\"nodeLabel\"><span class=\"yomu-p\">A &lt; B</span></span></div></foreignObject></g></svg>";
        assert_eq!(html_text(svg), "ラベル A < B");
    }
}
