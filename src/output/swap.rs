//! Putting a finished staging folder in the output folder's place without
//! a moment where the output is missing: one atomic exchange where the
//! platform has it, else the old output kept aside until the new one is
//! in, and for an output that cannot be moved at all (a mount point, a
//! folder on another device) its contents replaced in place.

use super::{io_error, WriteError};
use std::io;
use std::path::Path;

/// How the new output took the old one's place.
#[derive(Debug)]
pub enum Swapped {
    /// There was no output yet; the staging folder was renamed.
    Renamed,
    /// Old and new were exchanged in one step (Linux `renameat2`,
    /// macOS `renamex_np`).
    Exchanged,
    /// Old renamed aside, new renamed in, old deleted.
    RenamedAside,
    /// The output folder could not be renamed (the error says why); its
    /// entries were replaced one by one.
    InPlace(io::Error),
}

/// The two folder moves a swap needs, injectable so tests can make the
/// output folder unmovable (EBUSY) without a real mount.
pub trait Renamer {
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
}

pub struct SystemRenamer;

impl Renamer for SystemRenamer {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    fn exchange(&self, _a: &Path, _b: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
}

/// Puts `staging` in `out_dir`'s place. `aside` is where the old output
/// waits when no exchange is available. On success, and on error, nothing
/// of the old output is left outside `out_dir` except in `staging` or
/// `aside`, which the caller removes.
pub fn swap(
    staging: &Path,
    out_dir: &Path,
    aside: &Path,
    renamer: &dyn Renamer,
) -> Result<Swapped, WriteError> {
    if std::fs::symlink_metadata(out_dir).is_err() {
        renamer
            .rename(staging, out_dir)
            .map_err(io_error(out_dir))?;
        return Ok(Swapped::Renamed);
    }
    let exchange_error = match renamer.exchange(staging, out_dir) {
        Ok(()) => return Ok(Swapped::Exchanged),
        Err(err) => err,
    };
    if cannot_move(&exchange_error) {
        return replace_in_place(staging, out_dir, exchange_error);
    }
    if !exchange_unsupported(&exchange_error) {
        return Err(io_error(out_dir)(exchange_error));
    }
    match renamer.rename(out_dir, aside) {
        Ok(()) => {}
        Err(err) if cannot_move(&err) => return replace_in_place(staging, out_dir, err),
        Err(err) => return Err(io_error(out_dir)(err)),
    }
    if let Err(err) = renamer.rename(staging, out_dir) {
        // Put the previous output back before reporting.
        let _ = renamer.rename(aside, out_dir);
        return Err(io_error(out_dir)(err));
    }
    Ok(Swapped::RenamedAside)
}

/// The output folder itself cannot be moved: a mount point (EBUSY),
/// another file system than its parent (EXDEV), or a folder the user may
/// change but not rename (EPERM/EACCES).
fn cannot_move(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ResourceBusy
            | io::ErrorKind::CrossesDevices
            | io::ErrorKind::PermissionDenied
    )
}

/// The platform or file system has no exchange (ENOSYS, EINVAL).
fn exchange_unsupported(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::InvalidInput
    )
}

/// Replaces `out_dir`'s entries by `staging`'s, one at a time (moved
/// where the file system allows, else copied), then removes the entries
/// the new output no longer has.
fn replace_in_place(
    staging: &Path,
    out_dir: &Path,
    reason: io::Error,
) -> Result<Swapped, WriteError> {
    let entries = std::fs::read_dir(staging).map_err(io_error(staging))?;
    let mut names = std::collections::HashSet::new();
    for entry in entries {
        let entry = entry.map_err(io_error(staging))?;
        let target = out_dir.join(entry.file_name());
        remove_entry(&target).map_err(io_error(&target))?;
        move_entry(&entry.path(), &target).map_err(io_error(&target))?;
        names.insert(entry.file_name());
    }
    for entry in std::fs::read_dir(out_dir).map_err(io_error(out_dir))? {
        let entry = entry.map_err(io_error(out_dir))?;
        if !names.contains(&entry.file_name()) {
            remove_entry(&entry.path()).map_err(io_error(&entry.path()))?;
        }
    }
    Ok(Swapped::InPlace(reason))
}

/// Removes a file, symlink or folder; a missing one is fine.
fn remove_entry(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}

fn move_entry(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::rename(from, to) {
        Err(err) if err.kind() == io::ErrorKind::CrossesDevices => copy_tree(from, to),
        other => other,
    }
}

/// Copies a file or a folder of files (staging holds nothing else).
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        // `join("")` would add a trailing slash to a single file's target.
        let target = if relative.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(relative)
        };
        if entry.file_type().is_dir() {
            std::fs::create_dir(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Renames like the system, except that the output folder answers
    /// EBUSY like a mount point.
    struct BusyOutput {
        out_dir: PathBuf,
    }

    impl Renamer for BusyOutput {
        fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
            self.rename(a, b)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            if from == self.out_dir || to == self.out_dir {
                return Err(io::ErrorKind::ResourceBusy.into());
            }
            std::fs::rename(from, to)
        }
    }

    /// A platform without an exchange.
    struct NoExchange;

    impl Renamer for NoExchange {
        fn exchange(&self, _: &Path, _: &Path) -> io::Result<()> {
            Err(io::ErrorKind::Unsupported.into())
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            std::fs::rename(from, to)
        }
    }

    fn tree(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).expect("read")
    }

    #[test]
    fn an_unmovable_output_is_replaced_in_place() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (staging, out, aside) = (
            tmp.path().join("new"),
            tmp.path().join("public"),
            tmp.path().join("old"),
        );
        tree(
            &out,
            &[
                ("a/index.html", "old a"),
                ("gone.txt", "x"),
                ("keep/x", "old"),
            ],
        );
        tree(
            &staging,
            &[
                ("a/index.html", "new a"),
                ("b.txt", "b"),
                ("keep", "now a file"),
            ],
        );
        let inode = std::fs::metadata(&out).expect("meta");
        let busy = BusyOutput {
            out_dir: out.clone(),
        };
        let swapped = swap(&staging, &out, &aside, &busy).expect("swap");
        assert!(
            matches!(&swapped, Swapped::InPlace(err) if err.kind() == io::ErrorKind::ResourceBusy),
            "{swapped:?}"
        );
        assert_eq!(read(&out.join("a/index.html")), "new a");
        assert_eq!(read(&out.join("b.txt")), "b");
        assert_eq!(read(&out.join("keep")), "now a file");
        assert!(!out.join("gone.txt").exists());
        assert!(!aside.exists());
        // Still the same folder (the mount point), not a new one.
        use std::os::unix::fs::MetadataExt;
        assert_eq!(std::fs::metadata(&out).expect("meta").ino(), inode.ino());
    }

    /// A temporary folder holding an old output `public/` and a staged new
    /// one `new/`, with the name `old/` free for setting the old one aside.
    fn old_and_new_outputs() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (staging, out, aside) = (
            tmp.path().join("new"),
            tmp.path().join("public"),
            tmp.path().join("old"),
        );
        tree(&out, &[("index.html", "old")]);
        tree(&staging, &[("index.html", "new")]);
        (tmp, staging, out, aside)
    }

    #[test]
    fn exchange_leaves_the_old_output_in_staging() {
        let (_tmp, staging, out, aside) = old_and_new_outputs();
        let swapped = swap(&staging, &out, &aside, &SystemRenamer).expect("swap");
        // tmpfs and ext4 both support the exchange; the old output is in
        // the staging folder's place, never removed before the new is in.
        assert!(matches!(swapped, Swapped::Exchanged), "{swapped:?}");
        assert_eq!(read(&out.join("index.html")), "new");
        assert_eq!(read(&staging.join("index.html")), "old");
    }

    #[test]
    fn without_exchange_the_old_output_waits_aside() {
        let (_tmp, staging, out, aside) = old_and_new_outputs();
        let swapped = swap(&staging, &out, &aside, &NoExchange).expect("swap");
        assert!(matches!(swapped, Swapped::RenamedAside), "{swapped:?}");
        assert_eq!(read(&out.join("index.html")), "new");
        assert_eq!(read(&aside.join("index.html")), "old");
    }

    #[test]
    fn a_missing_output_is_renamed_into_place() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (staging, out) = (tmp.path().join("new"), tmp.path().join("public"));
        tree(&staging, &[("index.html", "new")]);
        let swapped = swap(&staging, &out, &tmp.path().join("old"), &NoExchange).expect("swap");
        assert!(matches!(swapped, Swapped::Renamed), "{swapped:?}");
        assert_eq!(read(&out.join("index.html")), "new");
    }
}
