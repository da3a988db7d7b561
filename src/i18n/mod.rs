//! i18n stage: UI strings (Fluent). Translation freshness will live here too.

pub mod ui_strings;

pub use ui_strings::UiStrings;
