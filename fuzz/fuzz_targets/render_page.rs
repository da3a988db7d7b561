//! One page's bytes through what yomu does to every page: decoding, front
//! matter, the code-highlighting pass, then the Markdown stage (containers,
//! components, highlighting, diagrams). yomu turns a panic anywhere in
//! there into an `error[internal]` diagnostic, so that diagnostic is the
//! crash this target looks for; hangs show up as libFuzzer timeouts.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use yomu::load::{frontmatter, text};
use yomu::markdown::{
    self, ComponentRenderer, Diagrams, Highlighter, LinkResolution, LinkResolver, MarkdownContext,
    UiText,
};

struct Ui;

impl UiText for Ui {
    fn text(&self, key: &str) -> String {
        key.to_string()
    }
}

/// `.md` links go to page 0 (so anchors get checked), others are external.
struct Links;

impl LinkResolver for Links {
    fn resolve_link(&self, dest: &str) -> LinkResolution {
        let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        if path.is_empty() || path.ends_with(".md") {
            LinkResolution::Internal {
                href: format!("/page/#{fragment}"),
                page: Some(0),
                fragment: Some(fragment.to_string()).filter(|f| !f.is_empty()),
            }
        } else if path.starts_with('/') {
            LinkResolution::Broken(format!("no page at `{path}`"))
        } else {
            LinkResolution::External
        }
    }

    fn resolve_image(&self, _: &str) -> LinkResolution {
        LinkResolution::External
    }
}

/// `:::card` is a component; any other name is unknown.
struct Components;

impl ComponentRenderer for Components {
    fn has_component(&self, name: &str) -> bool {
        name == "card"
    }

    fn render_component(
        &self,
        _: &str,
        props: &BTreeMap<String, String>,
        body: Option<&str>,
        _: &str,
    ) -> Result<String, String> {
        Ok(format!(
            "<div data-props=\"{}\">{}</div>",
            props.len(),
            body.unwrap_or_default()
        ))
    }
}

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

fn diagrams() -> &'static Diagrams {
    static D: OnceLock<Diagrams> = OnceLock::new();
    D.get_or_init(|| Diagrams::new("default"))
}

fuzz_target!(|data: &[u8]| {
    let file = Path::new("content/en-US/fuzz.md");
    let Ok(text) = text::decode(data.to_vec(), file) else {
        return;
    };
    let mut diagnostics = Vec::new();
    let page = frontmatter::split(&text, file, &mut diagnostics);
    let body: Arc<str> = page.body.clone();
    highlighter().highlight_all(std::slice::from_ref(&body));
    let ctx = MarkdownContext {
        file,
        line_offset: page.body_line_offset,
        lang: "en-US",
        ui: &Ui,
        links: &Links,
        components: &Components,
        highlighter: highlighter(),
        diagrams: diagrams(),
        glossary: None,
    };
    let rendered = markdown::render(&body, &ctx);
    if let Some(internal) = rendered.diagnostics.iter().find(|d| d.code == "internal") {
        panic!("{internal}");
    }
});
