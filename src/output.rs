//! Output: the built site as a map of output path → bytes (less the pages
//! `yomu build` already wrote), and its atomic write to disk. Pages share their navigation chunks (`Bytes` slices), so
//! holding a large site in memory costs little more than its page bodies.

use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone)]
pub struct Output {
    /// Relative output path (`en/docs/intro/index.html`) → content chunks.
    pub files: BTreeMap<String, Vec<Bytes>>,
    /// Paths already written to the staging folder ([`Staging::write`]):
    /// they are part of the site, but not held here.
    pub written: BTreeSet<String>,
}

impl Output {
    pub fn insert(&mut self, path: String, chunks: Vec<Bytes>) {
        self.files.insert(path, chunks);
    }

    /// Whether the site has a file at `path`, held or written.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.written.contains(path)
    }

    /// The whole content of `path`, joined.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).map(|chunks| chunks.concat())
    }
}

mod guard;
mod swap;

pub use guard::MARKER;
use swap::{swap, Swapped, SystemRenamer};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write the output to `{0}`: it is the site folder or contains `content/`")]
    UnsafeOutput(PathBuf),
    #[error("refusing to write the output to `{0}`: it is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error(
        "refusing to replace `{0}`: it is not empty and yomu did not make it (it has no `.yomu-output` marker); \
         pass `--force` to replace it and everything in it"
    )]
    Foreign(PathBuf),
    #[error("refusing to write `{0}`: the path leaves the output folder")]
    UnsafePath(String),
    #[error("cannot write the output to `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl WriteError {
    /// The user named an output path yomu must not replace. (Refusing the
    /// site folder itself stays a content error, as it always was.)
    pub fn is_usage_error(&self) -> bool {
        matches!(self, WriteError::NotAFolder(_) | WriteError::Foreign(_))
    }
}

/// What a write did besides writing, for the command to tell the user.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Staging folders of earlier, interrupted builds that were removed.
    pub removed_leftovers: Vec<PathBuf>,
    /// Named like staging folders but not removed (no marker, or the
    /// removal failed).
    pub kept_leftovers: Vec<PathBuf>,
    /// Why the output folder's contents were replaced in place instead of
    /// the folder being swapped (it is a mount point, ...).
    pub in_place: Option<std::io::Error>,
}

/// Writes `output` to a staging folder beside `out_dir`, then swaps it in,
/// so a failed or interrupted build leaves the previous output as it was.
/// Refuses an `out_dir` that is a file or a non-empty folder yomu did not
/// make, unless `force`.
pub fn write_atomically(
    output: &Output,
    out_dir: &Path,
    site_root: &Path,
    force: bool,
) -> Result<WriteReport, WriteError> {
    Staging::create(out_dir, site_root, force)?.finish(output)
}

/// The folder beside `out_dir` a build writes into, swapped in when the
/// build succeeds. `yomu build` writes each page into it as soon as the
/// page is laid out, so a large site is never held in memory whole.
pub struct Staging {
    dir: PathBuf,
    out_dir: PathBuf,
    aside: PathBuf,
    report: WriteReport,
}

impl Staging {
    /// Checks `out_dir` (see [`check_out_dir`]), removes what interrupted
    /// builds left beside it, and makes this build's staging folder with
    /// yomu's marker in it.
    pub fn create(out_dir: &Path, site_root: &Path, force: bool) -> Result<Staging, WriteError> {
        check_out_dir(out_dir, site_root, force)?;
        let parent = out_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        let leftovers = guard::remove_leftovers(parent, &name);
        let dir = parent.join(guard::staging_name(&name, "new"));
        let aside = parent.join(guard::staging_name(&name, "old"));
        // Both names are this build's alone: one left by someone else (kept
        // above) stops the build rather than being deleted later.
        for ours in [&dir, &aside] {
            if std::fs::symlink_metadata(ours).is_ok() {
                return Err(io_error(ours)(std::io::ErrorKind::AlreadyExists.into()));
            }
        }
        std::fs::create_dir(&dir).map_err(io_error(&dir))?;
        // The marker goes first, so that a build killed from here on leaves
        // a staging folder the next build recognises as its own.
        let marker = dir.join(MARKER);
        if let Err(err) = std::fs::write(&marker, guard::MARKER_TEXT) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(io_error(&marker)(err));
        }
        Ok(Staging {
            dir,
            out_dir: out_dir.to_path_buf(),
            aside,
            report: WriteReport {
                removed_leftovers: leftovers.removed,
                kept_leftovers: leftovers.kept,
                in_place: None,
            },
        })
    }

    /// The staging folder itself (for scratch files, removed before the
    /// swap).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the folders of `paths` (relative output paths), ahead of
    /// writing the files into them from several threads.
    pub fn make_folders<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), WriteError> {
        make_folders(paths, &self.dir)
    }

    /// Writes one file; its folder must exist ([`Staging::make_folders`]).
    pub fn write(&self, path: &str, chunks: &[Bytes]) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, path)?;
        write_chunks(&target, chunks).map_err(io_error(&target))
    }

    /// Writes `output` (the files not written yet) and swaps the staging
    /// folder in for `out_dir`.
    pub fn finish(mut self, output: &Output) -> Result<WriteReport, WriteError> {
        let swapped = write_tree(output, &self.dir)
            .and_then(|()| swap(&self.dir, &self.out_dir, &self.aside, &SystemRenamer));
        // After an exchange the staging folder holds the old output; after a
        // fallback or an error, what is left of the new one.
        for leftover in [&self.dir, &self.aside] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
            }
        }
        if let Swapped::InPlace(reason) = swapped? {
            self.report.in_place = Some(reason);
        }
        Ok(std::mem::take(&mut self.report))
    }

    /// Removes the staging folder: the previous output stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Makes the subfolders of the staging folder, then writes the files in
/// parallel.
fn write_tree(output: &Output, dir: &Path) -> Result<(), WriteError> {
    use rayon::prelude::*;
    make_folders(output.files.keys().map(String::as_str), dir)?;
    output.files.par_iter().try_for_each(|(path, chunks)| {
        let target = safe_join(dir, path)?;
        write_chunks(&target, chunks).map_err(io_error(&target))
    })
}

/// Makes every folder of the tree one depth at a time, each depth in
/// parallel: a folder's parent is always there before it, and folders of
/// different parents do not queue on one parent's lock. Folders that
/// exist already (made for pages written earlier) are fine.
fn make_folders<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    dir: &Path,
) -> Result<(), WriteError> {
    use rayon::prelude::*;
    let mut by_depth: Vec<BTreeSet<&str>> = Vec::new();
    for path in paths {
        // Folders are made from the paths' prefixes, so every path is
        // checked before the first folder is.
        safe_join(dir, path)?;
        for (depth, (slash, _)) in path.match_indices('/').enumerate() {
            if by_depth.len() == depth {
                by_depth.push(BTreeSet::new());
            }
            by_depth[depth].insert(&path[..slash]);
        }
    }
    for folders in &by_depth {
        folders.par_iter().try_for_each(|folder| {
            let folder = dir.join(folder);
            match std::fs::create_dir(&folder) {
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {
                    Ok(())
                }
                other => other.map_err(io_error(&folder)),
            }
        })?;
    }
    Ok(())
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io { path, source }
}

/// Writes a file's chunks (a page's shared sidebar sits between two of
/// them) with vectored writes, without joining them first.
fn write_chunks(target: &Path, chunks: &[Bytes]) -> std::io::Result<()> {
    use std::io::{ErrorKind, IoSlice, Write};
    let mut file = std::fs::File::create(target)?;
    let mut slices: Vec<IoSlice> = chunks
        .iter()
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| IoSlice::new(chunk))
        .collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut rest, written),
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// Joins a relative output path to `dir`, refusing anything that could
/// leave it (`..`, absolute paths, backslashes, NUL).
pub fn safe_join(dir: &Path, path: &str) -> Result<PathBuf, WriteError> {
    let unsafe_path = path.is_empty()
        || path.starts_with('/')
        || path.contains(['\\', '\0', ':'])
        || path
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if unsafe_path {
        return Err(WriteError::UnsafePath(path.to_string()));
    }
    Ok(dir.join(path))
}

/// Refuses an output folder that is the site (or holds it), a file, or a
/// non-empty folder yomu did not make (unless `force`).
pub fn check_out_dir(out_dir: &Path, site_root: &Path, force: bool) -> Result<(), WriteError> {
    refuse_unsafe_out_dir(out_dir, site_root)?;
    guard::check_replaceable(out_dir, force)
}

fn refuse_unsafe_out_dir(out_dir: &Path, site_root: &Path) -> Result<(), WriteError> {
    let resolved = absolute(out_dir);
    let root = absolute(site_root);
    if resolved == root || root.starts_with(&resolved) || resolved.join("content").exists() {
        return Err(WriteError::UnsafeOutput(out_dir.to_path_buf()));
    }
    Ok(())
}

/// Canonical where the path exists, else lexically absolute.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let dir = Path::new("/out");
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a\\b",
            "a//b",
            "",
            "c:x",
        ] {
            assert!(safe_join(dir, bad).is_err(), "{bad}");
        }
        assert_eq!(
            safe_join(dir, "en/index.html").expect("ok"),
            Path::new("/out/en/index.html")
        );
    }

    #[test]
    fn swaps_in_new_output_and_refuses_the_site_root() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let mut output = Output::default();
        output.insert("a/index.html".into(), vec![Bytes::from_static(b"one")]);
        write_atomically(&output, &out, tmp.path(), false).expect("first write");
        output.files.clear();
        output.insert(
            "b.txt".into(),
            vec![
                Bytes::from_static(b"t"),
                Bytes::new(),
                Bytes::from_static(b"wo"),
            ],
        );
        output.insert("empty.txt".into(), vec![Bytes::new()]);
        for deep in ["x/index.html", "x/y/z/index.html", "x/y/w/index.html"] {
            output.insert(deep.into(), vec![Bytes::from(deep)]);
        }
        write_atomically(&output, &out, tmp.path(), false).expect("second write");
        for deep in ["x/index.html", "x/y/z/index.html", "x/y/w/index.html"] {
            assert_eq!(
                std::fs::read(out.join(deep)).expect("read"),
                deep.as_bytes()
            );
        }
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).expect("read"), b"two");
        assert_eq!(std::fs::read(out.join("empty.txt")).expect("read"), b"");
        let leftovers = std::fs::read_dir(tmp.path()).expect("list").count();
        assert_eq!(leftovers, 1, "staging folders are cleaned up");
        assert!(matches!(
            write_atomically(&output, tmp.path(), tmp.path(), false),
            Err(WriteError::UnsafeOutput(_))
        ));
    }
}
