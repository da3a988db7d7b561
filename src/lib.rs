//! yomu: a static-site generator for multilingual documentation sites.
//!
//! The pipeline runs one way: load → markdown → i18n → render → output.
//! `build`, `check` and `serve` are thin commands over it.

pub mod build;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod git;
pub mod guard;
pub mod html;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod output;
pub mod policy;
pub mod render;
pub mod search;
pub mod serve;
