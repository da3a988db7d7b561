//! `:::name` containers, in two steps around the single pulldown-cmark pass.
//!
//! 1. [`prepass`] swaps each container line for a one-line HTML comment
//!    marker (`<!--yomu:open:3-->`). A comment is an HTML block that may
//!    interrupt a paragraph and ends on its own line, so the Markdown around
//!    it parses as if the line were a block boundary, and the line count is
//!    unchanged: parser offsets still map straight to file lines.
//! 2. [`expand`] replaces each marked region of the rendered HTML with the
//!    container's markup around the inner HTML, innermost first.
//!
//! Rendering the page once (rather than each body on its own) keeps
//! footnotes, reference links and heading-id dedup working across
//! containers.

use super::container_syntax::{parse_line, ContainerLine, Opener};
use super::{escape_html, MarkdownContext};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::BlockQuoteKind;
use std::collections::BTreeMap;

const MARKER: &str = "<!--yomu:";

#[derive(Debug, Clone)]
pub struct Container {
    pub opener: Opener,
    /// 1-based line in the body.
    pub line: u32,
    pub leaf: bool,
}

#[derive(Debug, Default)]
pub struct Prepass {
    /// The body with container lines replaced by markers.
    pub source: String,
    pub containers: Vec<Container>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn open_marker(i: usize) -> String {
    format!("{MARKER}open:{i}-->")
}

pub fn close_marker(i: usize) -> String {
    format!("{MARKER}close:{i}-->")
}

pub fn prepass(source: &str, ctx: &MarkdownContext) -> Prepass {
    let mut pre = Prepass {
        source: String::with_capacity(source.len() + 64),
        ..Prepass::default()
    };
    // Open containers: (index, colons).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut skip = Skip::None;
    for (i, line) in source.split('\n').enumerate() {
        if i > 0 {
            pre.source.push('\n');
        }
        let line_no = i as u32 + 1;
        if skip.still_inside(line) {
            pre.source.push_str(line);
            continue;
        }
        skip = Skip::starting_at(line);
        if skip != Skip::None {
            pre.source.push_str(line);
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        match parse_line(line) {
            Some(ContainerLine::Open(opener)) => {
                let index = pre.containers.len();
                stack.push((index, opener.colons));
                pre.containers.push(Container {
                    opener,
                    line: line_no,
                    leaf: false,
                });
                pre.source.push_str(indent);
                pre.source.push_str(&open_marker(index));
            }
            Some(ContainerLine::Leaf(opener)) => {
                let index = pre.containers.len();
                pre.containers.push(Container {
                    opener,
                    line: line_no,
                    leaf: true,
                });
                pre.source.push_str(indent);
                pre.source.push_str(&format!("{MARKER}leaf:{index}-->"));
            }
            Some(ContainerLine::Close { colons }) => {
                let Some(depth) = stack.iter().rposition(|&(_, c)| c == colons) else {
                    pre.diagnostics.push(at(
                        ctx,
                        Diagnostic::error(
                            "container",
                            format!(
                                "stray container closer `{}`: no open container uses {colons} colons",
                                ":".repeat(colons)
                            ),
                        ),
                        line_no,
                    ));
                    // Dropped; an empty line keeps the line numbers.
                    continue;
                };
                pre.source.push_str(indent);
                while stack.len() > depth {
                    let Some((index, _)) = stack.pop() else { break };
                    if stack.len() > depth {
                        // An inner container left open: closed here too,
                        // so the outer one still gets its whole body.
                        let c = &pre.containers[index];
                        pre.diagnostics.push(unclosed(ctx, c, Some(line_no)));
                    }
                    pre.source.push_str(&close_marker(index));
                }
            }
            None => pre.source.push_str(line),
        }
    }
    // Containers still open are closed at the end of the page by `expand`.
    for &(index, _) in stack.iter().rev() {
        pre.diagnostics
            .push(unclosed(ctx, &pre.containers[index], None));
    }
    pre
}

fn unclosed(ctx: &MarkdownContext, c: &Container, closed_by: Option<u32>) -> Diagnostic {
    let written = format!("{}{}", ":".repeat(c.opener.colons), c.opener.name);
    let how = match closed_by {
        Some(line) => format!(
            "closed by the outer closer on line {}",
            ctx.line_offset + line
        ),
        None => "closed at the end of the page".to_string(),
    };
    at(
        ctx,
        Diagnostic::error(
            "container",
            format!(
                "unclosed container `{written}`: add a line `{}` to close it; {how}",
                ":".repeat(c.opener.colons)
            ),
        ),
        c.line,
    )
}

fn at(ctx: &MarkdownContext, d: Diagnostic, body_line: u32) -> Diagnostic {
    d.in_file(ctx.file).at(ctx.line_offset + body_line, 1)
}

/// Regions whose lines are not Markdown, so `:::` there is not a container:
/// fenced code, multi-line HTML comments, and raw `<pre>`/`<script>`/
/// `<style>`/`<textarea>` blocks (CommonMark HTML blocks of type 1 and 2).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Skip {
    None,
    Fence { ch: char, len: usize },
    Comment,
    Raw(&'static str),
}

impl Skip {
    fn starting_at(line: &str) -> Skip {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            return Skip::None;
        }
        for ch in ['`', '~'] {
            let len = trimmed.len() - trimmed.trim_start_matches(ch).len();
            // A backtick fence's info string cannot hold a backtick.
            if len >= 3 && !(ch == '`' && trimmed[len..].contains('`')) {
                return Skip::Fence { ch, len };
            }
        }
        if let Some(after) = trimmed.strip_prefix("<!--") {
            if !after.contains("-->") {
                return Skip::Comment;
            }
            return Skip::None;
        }
        let lower = trimmed.get(..10).unwrap_or(trimmed).to_ascii_lowercase();
        for (tag, end) in [
            ("<pre", "</pre>"),
            ("<script", "</script>"),
            ("<style", "</style>"),
            ("<textarea", "</textarea>"),
        ] {
            if let Some(after) = lower.strip_prefix(tag) {
                let boundary = after.is_empty() || after.starts_with([' ', '>', '\t']);
                if boundary && !line.to_ascii_lowercase().contains(end) {
                    return Skip::Raw(end);
                }
            }
        }
        Skip::None
    }

    /// Whether `line` belongs to the region started earlier; the line that
    /// ends the region belongs to it and resets it.
    fn still_inside(&mut self, line: &str) -> bool {
        let inside = match *self {
            Skip::None => return false,
            Skip::Fence { ch, len } => {
                let t = line.trim_start_matches(' ');
                let run = t.len() - t.trim_start_matches(ch).len();
                let closes = line.len() - t.len() <= 3 && run >= len && t[run..].trim().is_empty();
                !closes
            }
            Skip::Comment => !line.contains("-->"),
            Skip::Raw(end) => !line.to_ascii_lowercase().contains(end),
        };
        if !inside {
            *self = Skip::None;
        }
        true
    }
}

/// Replaces the marked regions of `html` with container markup.
pub fn expand(
    html: &str,
    containers: &[Container],
    ctx: &MarkdownContext,
    diagnostics: &mut Vec<Diagnostic>,
    anchors: &mut Vec<String>,
) -> String {
    if containers.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + containers.len() * 128);
    // Open regions: (container index, where its body starts in `out`).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find(MARKER) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + MARKER.len()..];
        let Some((kind, index, len)) = parse_marker(after).filter(|m| m.1 < containers.len())
        else {
            out.push_str(MARKER);
            rest = after;
            continue;
        };
        rest = &after[len..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
        match kind {
            "open" => stack.push((index, out.len())),
            "close" if stack.iter().any(|&(i, _)| i == index) => {
                while let Some((i, start)) = stack.pop() {
                    let body = out.split_off(start);
                    if let Some(html) = super::steps::render(&containers[i], &body, anchors) {
                        out.push_str(&html);
                        if i == index {
                            break;
                        }
                        continue;
                    }
                    out.push_str(&render(&containers[i], Some(&body), ctx, diagnostics));
                    if i == index {
                        break;
                    }
                }
            }
            "leaf" => out.push_str(&render(&containers[index], None, ctx, diagnostics)),
            _ => {}
        }
    }
    out.push_str(rest);
    while let Some((i, start)) = stack.pop() {
        let body = out.split_off(start);
        out.push_str(&render(&containers[i], Some(&body), ctx, diagnostics));
    }
    out
}

/// Props whose value a component shows as text (a question, a tab's
/// label, a card's title, a summary).
const TEXT_PROPS: [&str; 4] = ["title", "label", "summary", "q"];

/// The text the containers opened in `html` (raw HTML holding markers)
/// show besides their bodies, as the author wrote it, for the search
/// index. Admonition titles are left out: they are labels, and most are
/// UI strings.
pub fn shown_text<'c>(html: &str, containers: &'c [Container]) -> Vec<&'c str> {
    let mut texts: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find(MARKER) {
        rest = &rest[pos + MARKER.len()..];
        let Some((kind, index, len)) = parse_marker(rest) else {
            continue;
        };
        rest = &rest[len..];
        let Some(c) = containers.get(index).filter(|_| kind != "close") else {
            continue;
        };
        let o = &c.opener;
        if !c.leaf && admonition_kind(&o.name.to_ascii_lowercase()).is_some() {
            continue;
        }
        let props = TEXT_PROPS.iter().filter_map(|k| o.props.get(*k));
        for text in o.title.iter().chain(props) {
            if !text.is_empty() && !texts.contains(&text.as_str()) {
                texts.push(text);
            }
        }
    }
    texts
}

/// `open:3-->` → ("open", 3, length consumed).
fn parse_marker(s: &str) -> Option<(&str, usize, usize)> {
    let end = s.find("-->")?;
    let (kind, index) = s[..end].split_once(':')?;
    let index = index.parse().ok()?;
    Some((kind, index, end + 3))
}

fn render(
    c: &Container,
    body: Option<&str>,
    ctx: &MarkdownContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let o = &c.opener;
    let lower = o.name.to_ascii_lowercase();
    if let (false, Some(body)) = (c.leaf, body) {
        if let Some(kind) = admonition_kind(&lower) {
            let label = match title(o, false) {
                Some(t) => escape_html(t),
                None => escape_html(&ctx.ui.text(&format!("admonition-{kind}"))),
            };
            return format!("{}{body}{ADMONITION_CLOSE}", admonition_open(kind, &label));
        }
        if lower == "details" || lower == "g-details" {
            // A theme's `components/details.html` draws details its own way.
            if ctx.components.has_component("details") {
                let mut props = o.props.clone();
                if let Some(summary) = title(o, true) {
                    props.insert("summary".to_string(), summary.to_string());
                }
                return component(c, "details", props, Some(body), ctx, diagnostics);
            }
            let summary = match title(o, true) {
                Some(t) => escape_html(t),
                None => escape_html(&ctx.ui.text("admonition-details")),
            };
            let open = if o.props.contains_key("open") {
                " open"
            } else {
                ""
            };
            return format!(
                "<details class=\"admonition admonition-details\"{open}><summary>{summary}</summary>\
                 <div class=\"admonition-body\">\n{body}</div></details>\n"
            );
        }
    }
    if ctx.components.has_component(&o.name) {
        let mut props = o.props.clone();
        // `:::card[Title]` / `:::card Title`: the title reaches the
        // template as the `title` prop unless a prop already says otherwise.
        if let Some(t) = &o.title {
            props
                .entry("title".to_string())
                .or_insert_with(|| t.clone());
        }
        return component(c, &o.name, props, body, ctx, diagnostics);
    }
    let written = format!("{}{}", ":".repeat(o.colons), o.name);
    diagnostics.push(at(
        ctx,
        Diagnostic::error(
            "component",
            format!(
                "unknown component `{}`: no components/{}.html in the site or theme",
                written, o.name
            ),
        ),
        c.line,
    ));
    match body {
        Some(body) => format!("<div class=\"component-unknown\">\n{body}</div>\n"),
        None => String::new(),
    }
}

/// `components/<name>.html` around `body`; a failing template (or a panic
/// inside it) is a diagnostic and the body shows bare.
fn component(
    c: &Container,
    name: &str,
    props: BTreeMap<String, String>,
    body: Option<&str>,
    ctx: &MarkdownContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let rendered = crate::guard::catch(|| {
        ctx.components
            .render_component(name, &props, body, ctx.lang)
    });
    let written = || format!("{}{}", ":".repeat(c.opener.colons), c.opener.name);
    let problem = match rendered {
        Ok(Ok(html)) => return html,
        Ok(Err(e)) => Diagnostic::error(
            "component",
            format!("component `{}` failed: {e}", written()),
        ),
        Err(panic) => panic.diagnostic(&format!("rendering the component `{}`", written())),
    };
    diagnostics.push(at(ctx, problem, c.line));
    body.unwrap_or_default().to_string()
}

/// The start of an admonition, up to its body; `label` is HTML already.
pub fn admonition_open(kind: &str, label: &str) -> String {
    format!(
        "<div class=\"admonition admonition-{kind}\" role=\"note\">\
         <p class=\"admonition-title\">{label}</p><div class=\"admonition-body\">\n"
    )
}

pub const ADMONITION_CLOSE: &str = "</div></div>\n";

/// A GitHub alert's start, as the admonition of the same meaning.
pub fn alert_open(kind: BlockQuoteKind, ctx: &MarkdownContext) -> String {
    let kind = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "info",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "danger",
    };
    let label = escape_html(&ctx.ui.text(&format!("admonition-{kind}")));
    admonition_open(kind, &label)
}

/// Built-in admonition kinds; `caution` is Docusaurus's name for danger.
pub fn admonition_kind(name: &str) -> Option<&'static str> {
    Some(match name {
        "note" => "note",
        "info" => "info",
        "tip" => "tip",
        "warning" => "warning",
        "danger" | "caution" => "danger",
        _ => return None,
    })
}

/// The custom title: `summary=` (details only), `label=`, `[…]`, or the
/// text after the name.
fn title(o: &Opener, details: bool) -> Option<&str> {
    let prop = |k: &str| o.props.get(k).map(String::as_str).filter(|s| !s.is_empty());
    details
        .then(|| prop("summary"))
        .flatten()
        .or_else(|| prop("label"))
        .or(o.title.as_deref())
}
