//! What the Markdown stage renders with in tests: the highlighter and
//! diagram renderer, made once per test binary (both are costly to build
//! and shared by every page, as in a real build), and plain stand-ins for
//! the UI strings, link resolver and components.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use yomu::markdown::{
    ComponentRenderer, Diagrams, Highlighter, LinkResolution, LinkResolver, UiText,
};

pub fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

pub fn diagrams() -> &'static Diagrams {
    static D: OnceLock<Diagrams> = OnceLock::new();
    D.get_or_init(|| Diagrams::new("default"))
}

/// UI text that is its own key.
pub struct KeyUi;

impl UiText for KeyUi {
    fn text(&self, key: &str) -> String {
        key.to_string()
    }
}

/// Every link and image is external: nothing to resolve or check.
pub struct ExternalLinks;

impl LinkResolver for ExternalLinks {
    fn resolve_link(&self, _: &str) -> LinkResolution {
        LinkResolution::External
    }
    fn resolve_image(&self, _: &str) -> LinkResolution {
        LinkResolution::External
    }
}

/// A site without components.
pub struct NoComponents;

impl ComponentRenderer for NoComponents {
    fn has_component(&self, _: &str) -> bool {
        false
    }
    fn render_component(
        &self,
        name: &str,
        _: &BTreeMap<String, String>,
        _: Option<&str>,
        _: &str,
    ) -> Result<String, String> {
        Err(format!("no component {name}"))
    }
}
