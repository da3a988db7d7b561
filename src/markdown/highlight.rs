//! Build-time syntax highlighting (placeholder until implemented).
pub struct Highlighter;
