//! yomu: a static-site generator for multilingual documentation sites.
//!
//! The pipeline runs one way: load → markdown → i18n → render → output.
//! `build`, `check` and `serve` are thin commands over it.

pub mod diagnostics;
pub mod markdown;
