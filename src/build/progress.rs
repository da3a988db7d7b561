//! How far a build has got, for a progress line. The pipeline reports
//! stages and pages; what is shown (if anything) is the caller's choice.

/// Receives the build's progress; called from parallel workers.
pub trait Progress: Sync {
    /// A new stage begins, with `total` steps (0: not counted).
    fn stage(&self, name: &'static str, total: usize);
    /// One step of the current stage is done.
    fn advance(&self);
}

/// Reports nowhere: `check`, `serve`'s rebuilds, and tests.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &'static str, _: usize) {}
    fn advance(&self) {}
}
