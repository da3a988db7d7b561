//! Link and image destinations: rewritten through the build's resolver,
//! with broken ones reported at their line and column, and fragments into
//! other pages recorded for the anchor check that runs once every page is
//! rendered.

use super::{AnchorRef, LinkResolution, MarkdownContext};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::CowStr;

/// The destination to write for `dest`, written at body (line, col) `at`.
pub fn resolve<'a>(
    ctx: &MarkdownContext,
    dest: CowStr<'a>,
    at: (u32, u32),
    image: bool,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let (line, col) = (ctx.line_offset + at.0, at.1);
    let resolution = if image {
        ctx.links.resolve_image(&dest)
    } else {
        ctx.links.resolve_link(&dest)
    };
    match resolution {
        LinkResolution::External => dest,
        LinkResolution::Internal {
            href,
            page,
            fragment,
        } => {
            if let (Some(page), Some(fragment)) = (page, fragment) {
                anchor_refs.push(AnchorRef {
                    page,
                    fragment,
                    dest: dest.to_string(),
                    line,
                    col,
                });
            }
            href.into()
        }
        LinkResolution::Broken(msg) => {
            // The destination stays as written, so the reader sees where it
            // was meant to go.
            let (code, what) = if image {
                ("image", "broken image")
            } else {
                ("link", "broken link")
            };
            let d = Diagnostic::error(code, format!("{what} `{dest}`: {msg}"));
            diagnostics.push(d.in_file(ctx.file).at(line, col));
            dest
        }
    }
}
