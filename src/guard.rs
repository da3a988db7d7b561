//! A panic while yomu handles one input (a page's Markdown, a code block, a
//! diagram, a template) is a bug in yomu or in a crate it uses, never the
//! writer's fault, and must not take the whole run down. [`catch`] runs
//! such a step and hands back the panic as a value, which the caller turns
//! into an `error[internal]` diagnostic on the file; the rest of the site
//! still builds.
//!
//! While a guarded step runs on a thread, a panic hook (installed once)
//! keeps the panic's location for the diagnostic instead of printing Rust's
//! default "thread … panicked at …" text over the terminal. Panics outside
//! guarded steps are printed as usual.

use crate::diagnostics::Diagnostic;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many guarded steps this thread is inside (they can nest).
    static GUARDED: Cell<u32> = const { Cell::new(0) };
    /// Where the last guarded panic of this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic caught by [`catch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    pub message: String,
    /// `file:line:col` in yomu's or a crate's source, when known.
    pub location: Option<String>,
}

/// Runs `step`; a panic inside it comes back as `Err` instead of unwinding
/// further. Whatever `step` shared with the caller must stay usable after a
/// panic: yomu's shared caches recover from poisoned locks.
pub fn catch<T>(step: impl FnOnce() -> T) -> Result<T, Panic> {
    install_hook();
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(step));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.map_err(|payload| Panic {
        message: panic_message(payload.as_ref()),
        location: LOCATION.with(|l| l.borrow_mut().take()),
    })
}

impl Panic {
    /// The `error[internal]` diagnostic for a panic while `doing` something;
    /// the caller adds the file (and line, when known) it was working on.
    pub fn diagnostic(&self, doing: &str) -> Diagnostic {
        let at = self
            .location
            .as_deref()
            .map(|l| format!(" (at {l})"))
            .unwrap_or_default();
        Diagnostic::error(
            "internal",
            format!(
                "yomu crashed while {doing}: {}{at}; `yomu check` on a site with this file alone \
                 reproduces it. This is a bug in yomu: please report it with the file attached",
                self.message
            ),
        )
    }
}

fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            // `try_with`: a panic while the thread's locals are being torn
            // down is reported the ordinary way.
            if GUARDED.try_with(Cell::get).unwrap_or(0) > 0 {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                let _ = LOCATION.try_with(|slot| *slot.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
}

pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_value_with_its_location() {
        let caught = catch(|| -> u32 { panic!("slice {} > {}", 3, 2) }).unwrap_err();
        assert_eq!(caught.message, "slice 3 > 2");
        let location = caught.location.expect("location kept by the hook");
        assert!(location.starts_with("src/guard.rs:"), "{location}");
        assert_eq!(catch(|| 7).unwrap(), 7);
    }

    #[test]
    fn nested_steps_catch_their_own_panics() {
        let outer = catch(|| {
            let inner = catch(|| -> u8 { panic!("inner") }).unwrap_err();
            assert_eq!(inner.message, "inner");
            panic!("outer");
        })
        .unwrap_err();
        assert_eq!(outer.message, "outer");
        GUARDED.with(|g| assert_eq!(g.get(), 0, "every step left"));
    }

    #[test]
    fn the_diagnostic_says_how_to_reproduce_and_asks_for_a_report() {
        let panic = Panic {
            message: "begin > end".into(),
            location: Some("x.rs:1:2".into()),
        };
        let d = panic.diagnostic("rendering the Markdown");
        assert_eq!(d.code, "internal");
        assert!(d.is_error());
        assert!(
            d.message.contains("begin > end (at x.rs:1:2)"),
            "{}",
            d.message
        );
        assert!(d.message.contains("please report it"), "{}", d.message);
        assert!(!d.message.contains('\n'));
    }
}
