//! Balance check for the raw HTML a page writes (authors are trusted, but a
//! forgotten `</div>` would swallow the page layout around the content).
//!
//! The checker sees every raw HTML block and inline tag in page order. It
//! reports unbalanced tags, removes stray end tags (a stray `</div>` would
//! close the theme's own `<div>`), closes tags still open when a container
//! or the page ends, and collects `id="…"` anchors.

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command", "basefont", "frame",
];

/// Elements whose end tag HTML lets authors leave out: never reported,
/// never closed by us (a late `</p>` would add an empty paragraph).
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
];

/// Elements whose content is text, not tags.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Container markers (see `containers.rs`) seen as comments.
const OPEN_MARKER: &str = "<!--yomu:open:";
const CLOSE_MARKER: &str = "<!--yomu:close:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based body line of the tag.
    pub line: u32,
    pub message: String,
}

#[derive(Debug)]
struct OpenTag {
    name: String,
    line: u32,
}

#[derive(Debug, Default)]
pub struct HtmlChecker {
    stack: Vec<OpenTag>,
    /// Stack depth when each open container began.
    scopes: Vec<usize>,
    /// Inside a comment that an earlier event opened.
    in_comment: bool,
    /// Inside `<script>`, `<style>`…: the name to wait for.
    raw_text: Option<String>,
    pub ids: Vec<String>,
    pub issues: Vec<Issue>,
    /// Front-matter lines, so messages can name file lines.
    line_offset: u32,
}

impl HtmlChecker {
    pub fn with_line_offset(line_offset: u32) -> Self {
        HtmlChecker {
            line_offset,
            ..Self::default()
        }
    }

    /// Number of containers open at this point of the page.
    pub fn container_depth(&self) -> usize {
        self.scopes.len()
    }

    /// Checks one piece of raw HTML whose first character is on body line
    /// `line`; returns the HTML to write.
    pub fn feed(&mut self, text: &str, line: u32) -> String {
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        let mut copied = 0;
        let line_at = |pos: usize| line + text[..pos].matches('\n').count() as u32;
        while i < text.len() {
            if self.in_comment {
                match text[i..].find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        i += end + 3;
                    }
                    None => break,
                }
                continue;
            }
            if let Some(raw) = &self.raw_text {
                let closing = format!("</{raw}");
                match find_ascii_ci(&text[i..], &closing) {
                    Some(end) => {
                        self.raw_text = None;
                        i += end;
                    }
                    None => break,
                }
            }
            let Some(lt) = text[i..].find('<') else { break };
            let start = i + lt;
            let rest = &text[start..];
            if rest.starts_with(OPEN_MARKER) {
                self.scopes.push(self.stack.len());
                i = start + OPEN_MARKER.len();
            } else if rest.starts_with(CLOSE_MARKER) {
                out.push_str(&text[copied..start]);
                copied = start;
                let closers = self.close_scope("at the end of its container");
                out.push_str(&closers);
                i = start + CLOSE_MARKER.len();
            } else if let Some(after) = rest.strip_prefix("<!--") {
                match after.find("-->") {
                    Some(end) => i = start + 4 + end + 3,
                    None => {
                        self.in_comment = true;
                        break;
                    }
                }
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                i = start + rest.find('>').map_or(rest.len(), |e| e + 1);
            } else if let Some(tag) = parse_tag(rest) {
                let end = start + tag.len;
                if tag.closing {
                    if !self.close(&tag.name, line_at(start)) {
                        // Stray: dropped from the output.
                        out.push_str(&text[copied..start]);
                        copied = end;
                    }
                } else {
                    self.ids.extend(tag.id);
                    if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
                        if RAW_TEXT.contains(&tag.name.as_str()) {
                            self.raw_text = Some(tag.name.clone());
                        }
                        self.stack.push(OpenTag {
                            name: tag.name,
                            line: line_at(start),
                        });
                    }
                }
                i = end;
            } else {
                // A lone `<` (as in `a < b`) is text.
                i = start + 1;
            }
        }
        out.push_str(&text[copied..]);
        out
    }

    /// Handles `</name>`; false when nothing open matches (stray).
    fn close(&mut self, name: &str, line: u32) -> bool {
        let floor = self.scopes.last().copied().unwrap_or(0);
        let open = self.stack.get(floor..).unwrap_or_default();
        let Some(pos) = open.iter().rposition(|t| t.name == name) else {
            self.issues.push(Issue {
                line,
                message: format!(
                    "stray closing tag `</{name}>` with no open `<{name}>`; it was left out"
                ),
            });
            return false;
        };
        for tag in self.stack.drain(floor + pos..).skip(1) {
            if !OPTIONAL_END.contains(&tag.name.as_str()) {
                self.issues.push(Issue {
                    line: tag.line,
                    message: format!(
                        "unclosed HTML tag `<{}>`: closed by `</{name}>` on line {}",
                        tag.name,
                        self.line_offset + line
                    ),
                });
            }
        }
        true
    }

    /// Closes the tags opened inside the innermost container; returns the
    /// end tags to write before the container's end.
    fn close_scope(&mut self, where_: &str) -> String {
        // A close marker whose open marker was never seen closes nothing.
        let Some(floor) = self.scopes.pop() else {
            return String::new();
        };
        self.close_from(floor.min(self.stack.len()), where_)
    }

    fn close_from(&mut self, floor: usize, where_: &str) -> String {
        let mut closers = String::new();
        let open: Vec<OpenTag> = self.stack.drain(floor..).collect();
        for tag in open.into_iter().rev() {
            if OPTIONAL_END.contains(&tag.name.as_str()) {
                continue;
            }
            self.issues.push(Issue {
                line: tag.line,
                message: format!(
                    "unclosed HTML tag `<{}>`: yomu closes it {where_}",
                    tag.name
                ),
            });
            closers.push_str(&format!("</{}>", tag.name));
        }
        closers
    }

    /// End of the page: end tags for everything still open.
    pub fn finish(&mut self) -> String {
        self.scopes.clear();
        self.in_comment = false;
        self.raw_text = None;
        self.close_from(0, "at the end of the page")
    }
}

#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte length of the whole tag, `<` to `>`.
    len: usize,
    id: Option<String>,
}

/// Parses a start or end tag at the start of `s`; None when `s` does not
/// start with a complete tag.
fn parse_tag(s: &str) -> Option<Tag> {
    let bytes = s.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .unwrap_or(bytes.len() - name_start);
    let name = s[name_start..name_end].to_ascii_lowercase();
    let mut tag = Tag {
        name,
        closing,
        self_closing: false,
        len: 0,
        id: None,
    };
    let mut i = name_end;
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                tag.len = i + 1;
                return Some(tag);
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                tag.self_closing = true;
                tag.len = i + 2;
                return Some(tag);
            }
            b'/' => i += 1,
            _ => {
                let attr_end = i + bytes[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/'))
                    .unwrap_or(bytes.len() - i);
                let attr = s[i..attr_end].to_ascii_lowercase();
                i = attr_end;
                while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                    i += 1;
                }
                if bytes.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                    i += 1;
                }
                let (value, next) = match bytes.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let end = i + 1 + bytes[i + 1..].iter().position(|b| b == q)?;
                        (&s[i + 1..end], end + 1)
                    }
                    _ => {
                        let end = i + bytes[i..]
                            .iter()
                            .position(|b| b.is_ascii_whitespace() || *b == b'>')
                            .unwrap_or(bytes.len() - i);
                        (&s[i..end], end)
                    }
                };
                i = next;
                let is_anchor = attr == "id" || (attr == "name" && tag.name == "a");
                if is_anchor && !value.is_empty() && !closing {
                    tag.id = Some(value.to_string());
                }
            }
        }
    }
}

/// ASCII case-insensitive `find`.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_html_passes_untouched() {
        let mut c = HtmlChecker::default();
        let html = "<div id=\"a\" class='x'>\n<img src=x><br/><!-- </div> -->\n<p>t\n</div>\n";
        assert_eq!(c.feed(html, 1), html);
        assert_eq!(c.finish(), "");
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.ids, vec!["a".to_string()]);
    }

    #[test]
    fn stray_end_tag_is_reported_and_removed() {
        let mut c = HtmlChecker::default();
        assert_eq!(c.feed("a\n</span>b", 7), "a\nb");
        assert_eq!(c.issues.len(), 1);
        assert_eq!(c.issues[0].line, 8);
    }

    #[test]
    fn unclosed_tags_close_at_container_and_page_end() {
        let mut c = HtmlChecker::default();
        c.feed("<section>", 1);
        c.feed("<!--yomu:open:0-->", 2);
        assert_eq!(c.container_depth(), 1);
        assert_eq!(
            c.feed("<div>\n<!--yomu:close:0-->", 3),
            "<div>\n</div><!--yomu:close:0-->"
        );
        assert_eq!(c.finish(), "</section>");
        let lines: Vec<u32> = c.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![3, 1]);
    }

    #[test]
    fn raw_text_and_odd_input() {
        let mut c = HtmlChecker::default();
        c.feed("<script>if (a < b && '</div>') {}</script>", 1);
        c.feed("<", 2);
        c.feed("<div", 3);
        c.feed("<a href=\"x", 4);
        c.feed("<!-- never closed", 5);
        c.feed("</div>", 6);
        assert_eq!(c.finish(), "");
        assert!(c.issues.is_empty(), "{:?}", c.issues);
    }

    #[test]
    fn mismatched_end_tag_closes_inner_tags() {
        let mut c = HtmlChecker::default();
        c.feed("<div><span><p>x</div>", 4);
        assert_eq!(c.issues.len(), 1, "{:?}", c.issues);
        assert!(c.issues[0].message.contains("<span>"));
    }
}
