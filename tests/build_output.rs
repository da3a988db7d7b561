//! `yomu build`'s handling of the output folder: its marker, refusing
//! folders it did not make and paths that are files, removing staging
//! folders of interrupted builds (and only those), and replacing the
//! contents of an output folder that cannot be renamed (a mount point).

mod common;

use common::Fixture;
use std::path::Path;

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", "# ホーム\n\n本文。\n")
        .write("content/en-US/index.md", "# Home\n\nBody.\n");
    f
}

/// An id no process has: a child that has already been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn assert_built(f: &Fixture, out: &str) {
    let home = std::fs::read_to_string(f.path(&format!("{out}/en/index.html"))).expect("page");
    let page = scraper::Html::parse_document(&home);
    let h1 = scraper::Selector::parse("h1").expect("selector");
    let titles: Vec<String> = page.select(&h1).map(|h| h.text().collect()).collect();
    assert_eq!(titles, ["Home"]);
    assert!(f.path(&format!("{out}/{}", yomu::output::MARKER)).is_file());
}

#[test]
fn repeated_builds_replace_the_output_and_leave_nothing_beside_it() {
    let f = site();
    for _ in 0..3 {
        let run = f.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_built(&f, "public");
    }
    assert_eq!(names_in(f.root()), ["content", "public", "site.yaml"]);
}

#[test]
fn staging_folders_of_killed_builds_are_removed_with_a_message() {
    let f = site();
    assert_eq!(f.run(&["build"]).code, 0);
    let pid = dead_pid();
    // What a build killed mid-write leaves: a marked staging folder, the
    // previous output set aside, and a folder killed before its marker.
    let new = format!(".public.yomu-new-{pid}");
    let old = format!(".public.yomu-old-{pid}");
    let bare = format!(".public.yomu-new-{}", dead_pid());
    f.write(&format!("{new}/{}", yomu::output::MARKER), "x")
        .write(&format!("{new}/en/index.html"), "half");
    std::fs::create_dir(f.path(&bare)).expect("mkdir");
    std::fs::rename(f.path("public"), f.path(&old)).expect("set aside");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in [&new, &old, &bare] {
        assert!(!f.path(name).exists(), "{name} removed");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with("removed") && l.contains(name.as_str())),
            "{name} reported: {}",
            run.stderr
        );
    }
    assert_built(&f, "public");
}

#[test]
fn staging_lookalikes_yomu_did_not_make_are_kept() {
    let f = site();
    let foreign = format!(".public.yomu-new-{}", dead_pid());
    f.write(&format!("{foreign}/notes.txt"), "mine");
    // A running process's staging folder is another build's, marked or not.
    let running = format!(".public.yomu-old-{}", std::os::unix::process::parent_id());
    f.write(&format!("{running}/{}", yomu::output::MARKER), "x");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path(&format!("{foreign}/notes.txt")))
            .ok()
            .as_deref(),
        Some("mine")
    );
    assert!(f.path(&running).join(yomu::output::MARKER).exists());
    assert!(
        run.stderr.contains("kept") && run.stderr.contains(&foreign),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&running), "{}", run.stderr);
    assert_built(&f, "public");
}

#[test]
fn a_foreign_folder_is_refused_unless_forced() {
    let f = site();
    f.write("documents/letter.txt", "dear")
        .write("documents/photos/a.jpg", "jpg");
    let run = f.run(&["build", "--out", "documents"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path("documents/letter.txt"))
            .ok()
            .as_deref(),
        Some("dear")
    );
    assert_eq!(names_in(&f.path("documents")), ["letter.txt", "photos"]);
    assert_eq!(names_in(f.root()), ["content", "documents", "site.yaml"]);

    let forced = f.run(&["build", "--out", "documents", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!f.path("documents/letter.txt").exists());
    assert_built(&f, "documents");
    // From now on it is yomu's, and needs no `--force`.
    assert_eq!(f.run(&["build", "--out", "documents"]).code, 0);
}

#[test]
fn a_file_is_refused_and_kept() {
    let f = site();
    f.write("notes.txt", "keep me");
    for args in [
        &["build", "--out", "notes.txt"][..],
        &["build", "--out", "notes.txt", "--force"],
    ] {
        let run = f.run(args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("is a file"), "{}", run.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(f.path("notes.txt")).ok().as_deref(),
        Some("keep me")
    );
    assert_eq!(names_in(f.root()), ["content", "notes.txt", "site.yaml"]);
}

#[test]
fn an_empty_folder_and_an_older_yomu_output_are_accepted() {
    let f = site();
    std::fs::create_dir(f.path("empty")).expect("mkdir");
    assert_eq!(f.run(&["build", "--out", "empty"]).code, 0);
    assert_built(&f, "empty");
    // An output of a yomu from before the marker: no marker, but its
    // sitemap and hashed highlighting stylesheet.
    std::fs::remove_file(f.path(&format!("empty/{}", yomu::output::MARKER))).expect("rm");
    let run = f.run(&["build", "--out", "empty"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_built(&f, "empty");
}

/// Unmounts when dropped, so a failing test leaves no mount behind.
struct BindMount(std::path::PathBuf);

impl Drop for BindMount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_mount_point_output_is_replaced_in_place() {
    let f = site();
    let volume = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(f.path("public")).expect("mkdir");
    let mounted = std::process::Command::new("mount")
        .arg("--bind")
        .arg(volume.path())
        .arg(f.path("public"))
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !mounted {
        // The simulated EBUSY (src/output/swap.rs) always runs.
        println!("skipped: cannot bind-mount here (needs root and mount)");
        return;
    }
    let _mount = BindMount(f.path("public"));
    for _ in 0..2 {
        let run = f.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("replaced in place"), "{}", run.stderr);
        assert_built(&f, "public");
        // The files are on the volume, and no staging copy is left.
        assert!(volume.path().join("en/index.html").is_file());
        assert_eq!(names_in(f.root()), ["content", "public", "site.yaml"]);
    }
}
