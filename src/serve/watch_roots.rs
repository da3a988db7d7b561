//! Which folders the watcher watches, and watching them again after they
//! move. inotify watches a folder, not its name: after
//! `mv content c.tmp && mv c.tmp content` the old watch was gone and no
//! edit inside `content/` was seen again. So an event that can have moved
//! a watched folder (an input folder or `site.yaml` created, removed or
//! renamed, a folder such as a language or a theme coming or going inside
//! an input folder) or a watcher error sets every watch up again from
//! scratch. What cannot be watched is a problem shown in the terminal and
//! the overlay until a later attempt succeeds.
//!
//! The glossary files may live in a folder of the site's choosing
//! (`glossary.dir` in `site.yaml`): it is read again whenever the watches
//! are set up again, which an edit of `site.yaml` also does.

use super::watch::{Debouncer, INPUT_DIRS};
use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

/// What in the site folder is an input: `site.yaml`, the [`INPUT_DIRS`],
/// and the glossary folder `site.yaml` names when it is none of those.
pub struct Inputs {
    root: PathBuf,
    /// Relative to the root; read from `site.yaml` by [`Inputs::refresh`].
    glossary: RwLock<Option<PathBuf>>,
}

impl Inputs {
    pub fn new(root: &Path) -> Inputs {
        let inputs = Inputs {
            root: root.to_path_buf(),
            glossary: RwLock::new(None),
        };
        inputs.refresh();
        inputs
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads the glossary folder from `site.yaml` again; a `site.yaml`
    /// that does not parse leaves it as it was.
    fn refresh(&self) {
        let Ok(text) = std::fs::read_to_string(self.root.join(CONFIG_FILE)) else {
            return;
        };
        let Ok(config) = config::parse(&text, Path::new(CONFIG_FILE), None) else {
            return;
        };
        let dir = PathBuf::from(&config.glossary.dir);
        let covered = dir
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .is_none_or(|first| INPUT_DIRS.contains(&first));
        if let Ok(mut glossary) = self.glossary.write() {
            *glossary = (!covered).then_some(dir);
        }
    }

    fn glossary(&self) -> Option<PathBuf> {
        self.glossary.read().ok().and_then(|g| g.clone())
    }

    /// The folders watched recursively.
    fn dirs(&self) -> Vec<PathBuf> {
        let named = INPUT_DIRS.iter().map(PathBuf::from);
        named
            .chain(self.glossary())
            .map(|dir| self.root.join(dir))
            .collect()
    }

    /// Whether a changed path can affect the site: `site.yaml` or anything
    /// in an input folder, except editors' swap, backup and lock files.
    pub fn contains(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        let Some(first) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
            return false;
        };
        let top = if rel.components().count() == 1 {
            first == CONFIG_FILE || INPUT_DIRS.contains(&first)
        } else {
            INPUT_DIRS.contains(&first)
        };
        let in_glossary = self.glossary().is_some_and(|dir| rel.starts_with(dir));
        (top || in_glossary)
            && !path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_editor_litter)
    }

    /// Whether `path` is `site.yaml`.
    pub fn is_config(&self, path: &Path) -> bool {
        path.strip_prefix(&self.root)
            .is_ok_and(|rel| rel == Path::new(CONFIG_FILE))
    }
}

/// Vim (`.x.swp`, `x~`, `4913`), Emacs (`.#x`, `#x#`), and other hidden
/// files, which are never pages and are how editors save atomically.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Watches the site folder itself (not recursively: `site.yaml`, which
/// editors replace by renaming, and input folders that come or go) and
/// every input folder that exists (recursively). Returns what could not be
/// watched.
pub fn watch_inputs(inputs: &Inputs, debouncer: &mut Debouncer) -> Vec<Diagnostic> {
    let root = inputs.root();
    let mut problems = Vec::new();
    // Dropped first: a watch held by a folder that moved names it wrongly.
    let _ = debouncer.unwatch(root);
    if let Err(err) = debouncer.watch(root, RecursiveMode::NonRecursive) {
        problems.push(problem(root, &err));
    }
    // The glossary folder the last `site.yaml` named is no input any more
    // if the new one names another.
    let before = inputs.glossary();
    inputs.refresh();
    if let Some(old) = before.filter(|old| inputs.glossary().as_ref() != Some(old)) {
        let _ = debouncer.unwatch(root.join(old));
    }
    for path in inputs.dirs() {
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
pub fn rewatch(inputs: &Inputs, debouncer: &Mutex<Option<Debouncer>>) -> Vec<Diagnostic> {
    let mut slot = match debouncer.lock() {
        Ok(slot) => slot,
        Err(poisoned) => poisoned.into_inner(),
    };
    match slot.as_mut() {
        Some(debouncer) => watch_inputs(inputs, debouncer),
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
    fn ignores_everything_but_inputs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let config = "title: T\nbase_url: https://example.org/\ndefault_language: en-US\n\
                      languages:\n  - code: en-US\n    name: English\n\
                      glossary: { dir: terms/site }\n";
        std::fs::write(root.join(CONFIG_FILE), config).expect("site.yaml");
        let inputs = Inputs::new(root);
        for yes in [
            "site.yaml",
            "content/en-US/a.md",
            "themes/default/static/style.css",
            "static",
            "locales/en-US.ftl",
            "syntaxes/aiscript.sublime-syntax",
            "terms/site",
            "terms/site/en-US.yaml",
        ] {
            assert!(inputs.contains(&root.join(yes)), "{yes}");
        }
        for no in [
            "target/debug/x",
            "README.md",
            "terms",
            "terms/other.yaml",
            "terms/site/.en-US.yaml.swp",
            "content/en-US/.a.md.swp",
            "content/en-US/a.md~",
            "content/en-US/.#a.md",
            "content/en-US/4913",
            "content/en-US/#a.md#",
        ] {
            assert!(!inputs.contains(&root.join(no)), "{no}");
        }
        assert!(!inputs.contains(Path::new("/elsewhere/content/a.md")));
        assert_eq!(inputs.dirs().last(), Some(&root.join("terms/site")));
    }

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
