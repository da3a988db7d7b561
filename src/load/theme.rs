//! Theme files: from `themes/<name>/` in the site, or, for the default
//! theme when the site has no copy of it, from the copy built into yomu, so
//! a site needs nothing but `site.yaml` and `content/`.

use bytes::Bytes;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
const DEFAULT_THEME_NAME: &str = "default";

/// A file of the theme, `name` relative to the theme folder it was asked
/// for (`page.html` in `templates/`).
pub struct ThemeFile {
    pub name: String,
    /// Path shown in diagnostics.
    pub shown: PathBuf,
    pub bytes: Bytes,
}

/// Whether the theme can be found.
pub fn exists(root: &Path, theme: &str) -> bool {
    root.join("themes").join(theme).is_dir() || theme == DEFAULT_THEME_NAME
}

/// Every file under `subdir` (`templates`, `static`…) of the theme, sorted
/// by name. Unreadable files are skipped: the caller reports what is missing.
pub fn files(root: &Path, theme: &str, subdir: &str) -> Vec<ThemeFile> {
    let shown_dir = Path::new("themes").join(theme).join(subdir);
    if root.join("themes").join(theme).is_dir() {
        return disk_files(root, &shown_dir);
    }
    if theme != DEFAULT_THEME_NAME {
        return Vec::new();
    }
    let mut files = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(subdir) {
        collect_embedded(dir, Path::new(subdir), &shown_dir, &mut files);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn collect_embedded(dir: &Dir<'static>, base: &Path, shown_dir: &Path, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let Ok(rel) = file.path().strip_prefix(base) else {
            continue;
        };
        out.push(ThemeFile {
            name: slash_path(rel),
            shown: shown_dir.join(rel),
            bytes: Bytes::from_static(file.contents()),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, base, shown_dir, out);
    }
}

/// Files under `root/dir`, skipping dot-files.
pub fn disk_files(root: &Path, dir: &Path) -> Vec<ThemeFile> {
    let full = root.join(dir);
    walkdir::WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&full).ok()?;
            let bytes = std::fs::read(e.path()).ok()?;
            Some(ThemeFile {
                name: slash_path(rel),
                shown: dir.join(rel),
                bytes: Bytes::from(bytes),
            })
        })
        .collect()
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
