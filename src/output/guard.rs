//! What `build` may replace or delete: its own output (marked by
//! [`MARKER`]), an output of a yomu from before the marker, empty folders,
//! and staging folders that interrupted builds left beside the output.
//! Everything else is refused or kept.

use super::{io_error, WriteError};
use std::path::{Path, PathBuf};

/// The file yomu writes at the top of every output (and every staging
/// folder, first of all), so a later build knows the folder is its own.
pub const MARKER: &str = ".yomu-output";
pub const MARKER_TEXT: &str = "Built by yomu; `yomu build` replaces this folder.\n";

/// Refuses an output path that is a file, or a non-empty folder yomu did
/// not make (unless `force`).
pub fn check_replaceable(out_dir: &Path, force: bool) -> Result<(), WriteError> {
    let metadata = match std::fs::metadata(out_dir) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(io_error(out_dir)(err)),
    };
    if !metadata.is_dir() {
        return Err(WriteError::NotAFolder(out_dir.to_path_buf()));
    }
    if force || made_by_yomu(out_dir) || is_empty(out_dir) {
        return Ok(());
    }
    Err(WriteError::Foreign(out_dir.to_path_buf()))
}

/// A folder holding yomu's marker, or one that looks exactly like the
/// output of a yomu from before the marker: a `sitemap.xml` beside the
/// generated, content-hashed highlighting stylesheet
/// (`assets/syntax.<8 hex>.css`). No folder of someone's own files is
/// likely to carry both, so upgrading yomu does not need `--force`.
pub fn made_by_yomu(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || (dir.join("sitemap.xml").is_file() && has_syntax_css(dir))
}

fn has_syntax_css(dir: &Path) -> bool {
    let Ok(assets) = std::fs::read_dir(dir.join("assets")) else {
        return false;
    };
    assets.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.strip_prefix("syntax.")
            .and_then(|rest| rest.strip_suffix(".css"))
            .is_some_and(|hash| hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// The name of this process's staging folder of `kind` (`new` or `old`)
/// beside an output folder called `name`.
pub fn staging_name(name: &str, kind: &str) -> String {
    format!(".{name}.yomu-{kind}-{}", std::process::id())
}

/// Staging folders of earlier builds found beside the output.
#[derive(Debug, Default)]
pub struct Leftovers {
    pub removed: Vec<PathBuf>,
    /// Named like staging but without the marker, or not removable: left
    /// for the user to look at.
    pub kept: Vec<PathBuf>,
}

/// Removes `.<name>.yomu-new-<pid>` / `.<name>.yomu-old-<pid>` folders in
/// `parent` whose process is gone (or is this one: a reused PID) and that
/// carry yomu's marker or are empty. A folder of a running build is left
/// alone; so is anything that is not a folder.
pub fn remove_leftovers(parent: &Path, name: &str) -> Leftovers {
    let mut leftovers = Leftovers::default();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return leftovers;
    };
    let prefix = format!(".{name}.yomu-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| {
                rest.strip_prefix("new-")
                    .or_else(|| rest.strip_prefix("old-"))
            })
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_folder || (pid != std::process::id() && process_is_running(pid)) {
            continue;
        }
        let path = entry.path();
        let removed = if made_by_yomu(&path) {
            std::fs::remove_dir_all(&path).is_ok()
        } else {
            // Fails unless empty: a build killed before its marker.
            std::fs::remove_dir(&path).is_ok()
        };
        if removed {
            leftovers.removed.push(path);
        } else {
            leftovers.kept.push(path);
        }
    }
    leftovers
}

/// Whether a process with this id exists (signal 0 checks without
/// sending anything; EPERM means it exists but belongs to someone else).
#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// Without a portable check, every other PID counts as running, so
/// nothing is removed that might be in use.
#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_outputs_of_yomu_before_the_marker() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        std::fs::create_dir(dir.join("assets")).expect("mkdir");
        std::fs::write(dir.join("sitemap.xml"), "<urlset/>").expect("write");
        assert!(!made_by_yomu(dir), "a sitemap alone is not enough");
        std::fs::write(dir.join("assets/syntax.css"), "").expect("write");
        assert!(!made_by_yomu(dir), "the stylesheet is content-hashed");
        std::fs::write(dir.join("assets/syntax.0a1b2c3d.css"), "").expect("write");
        assert!(made_by_yomu(dir));
    }

    #[cfg(unix)]
    #[test]
    fn leaves_staging_of_running_builds_and_other_names_alone() {
        let tmp = tempfile::tempdir().expect("tempdir");
        // PID 1 always runs; the parent of this test does too.
        let running = [
            ".public.yomu-new-1".to_string(),
            format!(".public.yomu-old-{}", std::os::unix::process::parent_id()),
        ];
        let other = [
            ".public.yomu-new-",
            ".public.yomu-new-12x",
            ".site.yomu-new-9",
        ];
        for name in running.iter().map(String::as_str).chain(other) {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).expect("mkdir");
            std::fs::write(dir.join(MARKER), MARKER_TEXT).expect("marker");
        }
        let leftovers = remove_leftovers(tmp.path(), "public");
        assert!(leftovers.removed.is_empty(), "{leftovers:?}");
        assert!(leftovers.kept.is_empty(), "{leftovers:?}");
        assert_eq!(std::fs::read_dir(tmp.path()).expect("list").count(), 5);
    }
}
