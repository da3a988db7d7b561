//! Which folders the watcher watches, and watching them again after they
//! move. inotify watches a folder, not its name: after
//! `mv content c.tmp && mv c.tmp content` the old watch was gone and no
//! edit inside `content/` was seen again. So an event that can have moved
//! a watched folder (an input folder or `site.yaml` created, removed or
//! renamed, a folder such as a language or a theme coming or going inside
//! an input folder) or a watcher error sets every watch up again from
//! scratch. What cannot be watched is a problem shown in the terminal and
//! the overlay until a later attempt succeeds.

use super::watch::{Debouncer, INPUT_DIRS};
use crate::diagnostics::Diagnostic;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode};
use std::path::Path;
use std::sync::Mutex;

/// Watches the site folder itself (not recursively: `site.yaml`, which
/// editors replace by renaming, and input folders that come or go) and
/// every input folder that exists (recursively). Returns what could not be
/// watched.
pub fn watch_inputs(root: &Path, debouncer: &mut Debouncer) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Dropped first: a watch held by a folder that moved names it wrongly.
    let _ = debouncer.unwatch(root);
    if let Err(err) = debouncer.watch(root, RecursiveMode::NonRecursive) {
        problems.push(problem(root, &err));
    }
    for dir in INPUT_DIRS {
        let path = root.join(dir);
        let _ = debouncer.unwatch(&path);
        if !path.is_dir() {
            continue;
        }
        if let Err(err) = debouncer.watch(&path, RecursiveMode::Recursive) {
            problems.push(problem(&path, &err));
        }
    }
    problems
}

/// [`watch_inputs`] on the shared debouncer (gone when shutting down).
pub fn rewatch(root: &Path, debouncer: &Mutex<Option<Debouncer>>) -> Vec<Diagnostic> {
    let mut slot = match debouncer.lock() {
        Ok(slot) => slot,
        Err(poisoned) => poisoned.into_inner(),
    };
    match slot.as_mut() {
        Some(debouncer) => watch_inputs(root, debouncer),
        None => Vec::new(),
    }
}

fn problem(path: &Path, err: &notify::Error) -> Diagnostic {
    Diagnostic::error(
        "watch",
        format!(
            "cannot watch {} ({err}): edits there are not seen; \
             fix it and save a file in the site folder, or restart `yomu serve`",
            path.display()
        ),
    )
}

/// Whether `event` can have moved a watched folder: anything created,
/// removed or renamed right under the site folder, or a folder created,
/// removed or renamed right inside an input folder.
pub fn moves_a_root(root: &Path, event: &Event) -> bool {
    let structural = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    );
    structural
        && event.paths.iter().any(|path| {
            let Some(parent) = path.parent() else {
                return false;
            };
            if parent == root {
                return true;
            }
            let in_input = parent.parent() == Some(root)
                && parent
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| INPUT_DIRS.contains(&n));
            // A folder now, or gone (a folder that was removed or renamed
            // away cannot be told from a file any more).
            in_input && (path.is_dir() || !path.exists())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RenameMode};

    #[test]
    fn moving_an_input_folder_or_a_language_folder_needs_new_watches() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/en-US")).expect("mkdir");
        std::fs::write(root.join("content/en-US/a.md"), "# A\n").expect("page");
        let event = |kind: EventKind, path: &str| Event::new(kind).add_path(root.join(path));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert!(moves_a_root(root, &event(renamed, "content")));
        assert!(moves_a_root(root, &event(renamed, "site.yaml")));
        assert!(moves_a_root(root, &event(renamed, "content/en-US")));
        assert!(moves_a_root(root, &event(renamed, "content/gone")));
        let created = EventKind::Create(CreateKind::Any);
        assert!(!moves_a_root(root, &event(created, "content/en-US/a.md")));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(!moves_a_root(root, &event(written, "content")));
    }
}
