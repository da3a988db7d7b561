//! Render stage: Tera layouts around rendered Markdown, navigation and the
//! files that go beside the pages.

pub mod assets;
pub mod faq;
pub mod nav;
pub mod not_found;
pub mod page;
pub mod redirects;
pub mod root_pages;
pub mod sidebar;
pub mod site_files;
pub mod sitemap;
pub mod splice;
pub mod templates;

pub use templates::Templates;

pub use crate::html::escape_html;
