//! Fenced code blocks: the info string (language, `title="…"`, line
//! highlights `{1,3-5}`) and the `<figure>` markup around highlighted lines.

use super::highlight::{Highlighter, PlainReason, MAX_LINE_CHARS};
use super::{diagram, escape_html, escape_html_into, MarkdownContext};
use crate::diagnostics::Diagnostic;
use std::sync::Arc;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Info {
    /// Lower-cased language token, when the info string starts with one.
    pub lang: Option<String>,
    pub title: Option<String>,
    /// Inclusive, 1-based line ranges.
    pub highlights: Vec<(usize, usize)>,
}

impl Info {
    fn highlighted(&self, line: usize) -> bool {
        self.highlights.iter().any(|&(a, b)| a <= line && line <= b)
    }
}

/// Languages that mean "no highlighting", accepted without a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none", "nohighlight"];

/// Parses ```` ts {2} title="a.ts" ```` (extras in any order). The
/// language may run into the braces (`ts{2}`) and may carry rustdoc-style
/// flags (`rust,ignore`).
pub fn parse_info(info: &str) -> Info {
    let mut out = Info::default();
    let mut rest = info.trim();
    let starts_lang = rest
        .chars()
        .next()
        .is_some_and(|c| c != '{' && c != '.' && !c.is_whitespace());
    let first_word = rest.split_whitespace().next().unwrap_or("");
    if starts_lang && !first_word.split('{').next().unwrap_or("").contains('=') {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .unwrap_or(rest.len());
        out.lang = Some(rest[..end].to_ascii_lowercase()).filter(|l| !l.is_empty());
        rest = &rest[end..];
        // Skip rustdoc flags such as `,ignore`.
        let flags = rest
            .find(|c: char| c.is_whitespace() || c == '{')
            .unwrap_or(rest.len());
        if rest.starts_with(',') {
            rest = &rest[flags..];
        }
    }
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('{') {
            let end = after.find('}').unwrap_or(after.len());
            out.highlights.extend(parse_ranges(&after[..end]));
            rest = after.get(end + 1..).unwrap_or("");
            continue;
        }
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '{')
            .unwrap_or(rest.len());
        let key = &rest[..word_end];
        rest = &rest[word_end..];
        let Some(after) = rest.strip_prefix('=') else {
            continue;
        };
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        rest = remaining;
        if key.eq_ignore_ascii_case("title") && !value.is_empty() {
            out.title = Some(value.to_string());
        }
    }
    out
}

/// `1,3-5` → [(1,1), (3,5)]; malformed parts are skipped.
fn parse_ranges(s: &str) -> Vec<(usize, usize)> {
    s.split([',', ' '])
        .filter_map(|part| {
            let part = part.trim();
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some(if a <= b { (a, b) } else { (b, a) })
        })
        .collect()
}

/// One fenced or indented block as the page shows it.
pub struct Block {
    pub html: String,
    /// A drawn diagram's labels; `None` when the block shows its code.
    pub labels: Option<Arc<str>>,
    /// The title shown above the code (`title="…"`).
    pub title: Option<String>,
}

/// One block of a page, reporting into `diagnostics`: a `mermaid` block
/// is a diagram, any other highlighted code. `at` is the file line and
/// column of the block's first line; `diagrams` counts the page's
/// diagrams so far.
pub(crate) fn render_in_page(
    info: &str,
    code: &str,
    ctx: &MarkdownContext,
    at: (u32, u32),
    diagrams: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Block {
    let parsed = parse_info(info);
    let is_diagram = parsed.lang.as_deref() == Some("mermaid");
    // A panic in the highlighter or the diagram renderer is reported at the
    // block, which is then shown as plain text.
    let guarded = crate::guard::catch(|| {
        if is_diagram {
            let index = *diagrams;
            *diagrams += 1;
            let title = parsed.title.as_deref();
            return diagram::render_fence(title, code, ctx, at.0, index, diagnostics);
        }
        let rendered = render(info, code, ctx.highlighter);
        let message = match (rendered.unknown_lang, rendered.plain) {
            (Some(lang), _) => Some(format!(
                "unknown code block language `{lang}`; shown as plain text"
            )),
            (None, Some(reason)) => Some(plain_message(reason, at.0)),
            (None, None) => None,
        };
        if let Some(message) = message {
            let d = Diagnostic::warning("highlight", message);
            diagnostics.push(d.in_file(ctx.file).at(at.0, at.1));
        }
        Block {
            html: rendered.html,
            labels: None,
            title: parsed.title.clone(),
        }
    });
    guarded.unwrap_or_else(|panic| {
        let doing = if is_diagram {
            "drawing this diagram"
        } else {
            "highlighting this code block"
        };
        diagnostics.push(panic.diagnostic(doing).in_file(ctx.file).at(at.0, 0));
        Block {
            html: render("", code, ctx.highlighter).html,
            labels: None,
            title: None,
        }
    })
}

/// Why a block is not highlighted; `fence_line` is the file line of its
/// opening fence.
fn plain_message(reason: PlainReason, fence_line: u32) -> String {
    match reason {
        PlainReason::LongLine { line, chars } => format!(
            "line {} has {chars} characters, more than the {MAX_LINE_CHARS} that are highlighted; the code block is shown as plain text",
            fence_line as usize + line
        ),
        PlainReason::OverBudget { budget } => format!(
            "highlighting this code block took longer than {} s; it is shown as plain text",
            budget.as_secs_f64()
        ),
    }
}

/// The HTML for one code block, whether its language was unknown, and
/// why a block in a known language was not highlighted.
pub struct Rendered {
    pub html: String,
    pub unknown_lang: Option<String>,
    pub plain: Option<PlainReason>,
}

pub fn render(info: &str, code: &str, highlighter: &Highlighter) -> Rendered {
    let info = parse_info(info);
    let lang = info.lang.as_deref();
    let highlighted = match lang {
        Some(l) if !PLAIN.contains(&l) => highlighter.highlight(l, code),
        _ => None,
    };
    let unknown_lang = match (lang, &highlighted) {
        (Some(l), None) if !PLAIN.contains(&l) => Some(l.to_string()),
        _ => None,
    };
    let plain = highlighted.as_ref().and_then(|h| h.as_ref().err().copied());

    let mut html = String::with_capacity(code.len() * 3 + 160);
    html.push_str("<figure class=\"code-block\"");
    if let Some(l) = lang {
        html.push_str(&format!(" data-lang=\"{}\"", escape_html(l)));
    }
    html.push('>');
    if let Some(title) = &info.title {
        html.push_str(&format!(
            "<figcaption class=\"code-title\">{}</figcaption>",
            escape_html(title)
        ));
    }
    html.push_str("<pre class=\"hl-code\"><code");
    if let Some(l) = lang {
        html.push_str(&format!(" class=\"language-{}\"", escape_html(l)));
    }
    html.push('>');
    let push_line = |n: usize, body: &str, html: &mut String| {
        html.push_str(if info.highlighted(n) {
            "<span class=\"line hl-line\">"
        } else {
            "<span class=\"line\">"
        });
        html.push_str(body);
        html.push_str("\n</span>");
    };
    // A block shown plain has the same markup as one in an unknown
    // language, so the theme and the copy button treat it alike.
    match &highlighted {
        Some(Ok(lines)) => {
            for (i, line) in lines.iter().enumerate() {
                push_line(i + 1, line, &mut html);
            }
        }
        Some(Err(_)) | None => {
            let mut escaped = String::new();
            for (i, line) in code.lines().enumerate() {
                escaped.clear();
                escape_html_into(&mut escaped, line);
                push_line(i + 1, &escaped, &mut html);
            }
        }
    }
    html.push_str("</code></pre></figure>\n");
    Rendered {
        html,
        unknown_lang,
        plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(lang: Option<&str>, title: Option<&str>, highlights: &[(usize, usize)]) -> Info {
        Info {
            lang: lang.map(String::from),
            title: title.map(String::from),
            highlights: highlights.to_vec(),
        }
    }

    #[test]
    fn info_string_extras_in_any_order() {
        let want = info(Some("ts"), Some("a.ts"), &[(2, 2)]);
        assert_eq!(parse_info("ts {2} title=\"a.ts\""), want);
        assert_eq!(parse_info("ts title=\"a.ts\" {2}"), want);
        assert_eq!(parse_info("TS{2} title='a.ts'"), want);
        assert_eq!(
            parse_info("rust,ignore {1,3-5}"),
            info(Some("rust"), None, &[(1, 1), (3, 5)])
        );
        assert_eq!(
            parse_info("title=\"x y.sh\" {4-2}"),
            info(None, Some("x y.sh"), &[(2, 4)])
        );
        assert_eq!(parse_info("{1}"), info(None, None, &[(1, 1)]));
        assert_eq!(parse_info(""), Info::default());
    }

    #[test]
    fn lenient_info_strings() {
        assert_eq!(parse_info("ts {2"), info(Some("ts"), None, &[(2, 2)]));
        assert_eq!(
            parse_info("ts title=\"open"),
            info(Some("ts"), Some("open"), &[])
        );
        assert_eq!(parse_info("ts {a-b,,-} = =="), info(Some("ts"), None, &[]));
        assert_eq!(
            parse_info("ts {1-99999999999999999999}").highlights,
            Vec::<(usize, usize)>::new()
        );
    }
}
