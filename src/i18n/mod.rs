//! i18n stage: UI strings (Fluent), and translations: fallback pages for
//! missing ones, freshness (`source_hash:` and git), untranslated text, and
//! the status report.

pub mod fallback;
pub mod findings;
pub mod hash;
pub mod relink;
pub mod report;
pub mod report_text;
pub mod stamp;
pub mod status;
pub mod ui_keys;
pub mod ui_strings;
pub mod untranslated;

pub use fallback::Translations;
pub use ui_strings::UiStrings;
