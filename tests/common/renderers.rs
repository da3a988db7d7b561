//! The highlighter and diagram renderer, made once per test binary: both
//! are costly to build and shared by every page, as in a real build.

use std::sync::OnceLock;
use yomu::markdown::{Diagrams, Highlighter};

pub fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

pub fn diagrams() -> &'static Diagrams {
    static D: OnceLock<Diagrams> = OnceLock::new();
    D.get_or_init(|| Diagrams::new("default"))
}
