//! What yomu asks git (translation freshness, last-updated dates), through
//! the `git` command line (installed wherever a site is edited; no C
//! library to build).
//! Every question may go unanswered: no git, no repository, no commits or
//! an uncommitted file all give `None`, and callers treat that as unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Git {
    root: PathBuf,
    /// The commit HEAD was on when the repository was opened.
    head: String,
}

impl Git {
    /// The repository holding the site folder `root`, if it has a commit.
    pub fn open(root: &Path) -> Option<Git> {
        let mut git = Git {
            root: root.to_path_buf(),
            head: String::new(),
        };
        let head = git.run(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
        git.head = String::from_utf8_lossy(&head).trim().to_string();
        Some(git)
    }

    /// The commit HEAD was on when the repository was opened.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// Runs git in the site folder; stdout when it succeeds.
    fn run(&self, args: &[&str]) -> Option<Vec<u8>> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            // Non-ASCII file names (Japanese page names) unquoted.
            .args(["-c", "core.quotepath=false"])
            .args(args)
            .output()
            .ok()?;
        output.status.success().then_some(output.stdout)
    }

    fn run_text(&self, args: &[&str]) -> Option<String> {
        self.run(args)
            .map(|out| String::from_utf8_lossy(&out).into_owned())
    }

    /// For every file under `dir` (relative to the site folder) that a
    /// commit touched: the position of the newest such commit in the
    /// history, newest first (0 is the newest commit). Comparing positions
    /// tells which of two files changed last, even for commits made within
    /// the same second. One git call for the whole folder.
    pub fn latest_changes(&self, dir: &Path) -> HashMap<PathBuf, usize> {
        self.newest_commit_per_file(dir, "%H")
            .into_iter()
            .map(|(file, (position, _))| (file, position))
            .collect()
    }

    /// For every file under `dir` that a commit touched: the committer date
    /// (`YYYY-MM-DD`) of the newest such commit. One git call.
    pub fn last_updated(&self, dir: &Path) -> HashMap<PathBuf, String> {
        self.newest_commit_per_file(dir, "%cs")
            .into_iter()
            .map(|(file, (_, date))| (file, date))
            .collect()
    }

    /// File → (position of its newest commit, that commit's `format`).
    fn newest_commit_per_file(
        &self,
        dir: &Path,
        format: &str,
    ) -> HashMap<PathBuf, (usize, String)> {
        let dir = dir.to_string_lossy();
        let Some(log) = self.run_text(&[
            "log",
            "--topo-order",
            &format!("--format=%x01{format}"),
            "--name-only",
            "--relative",
            "--",
            &dir,
        ]) else {
            return HashMap::new();
        };
        let mut newest = HashMap::new();
        let mut commit: Option<(usize, &str)> = None;
        for line in log.lines() {
            if let Some(header) = line.strip_prefix('\u{1}') {
                commit = Some((commit.map_or(0, |(p, _)| p + 1), header));
            } else if let (false, Some((position, header))) = (line.is_empty(), commit) {
                newest
                    .entry(PathBuf::from(line))
                    .or_insert_with(|| (position, header.to_string()));
            }
        }
        newest
    }

    /// The newest commit that touched `file` (relative to the site folder).
    pub fn last_commit(&self, file: &Path) -> Option<String> {
        let out = self.run_text(&["log", "-1", "--format=%H", "--", &file.to_string_lossy()])?;
        let commit = out.trim();
        (!commit.is_empty()).then(|| commit.to_string())
    }

    /// Every commit that touched `file`, newest first, with the file's
    /// path (relative to the site folder) in that commit, following renames.
    pub fn history(&self, file: &Path) -> Vec<(String, PathBuf)> {
        let Some(log) = self.run_text(&[
            "log",
            "--follow",
            "--format=%x01%H",
            "--name-only",
            "--relative",
            "--",
            &file.to_string_lossy(),
        ]) else {
            return Vec::new();
        };
        let mut history: Vec<(String, PathBuf)> = Vec::new();
        let mut commit = None;
        for line in log.lines() {
            if let Some(hash) = line.strip_prefix('\u{1}') {
                commit = Some(hash.to_string());
            } else if !line.is_empty() {
                if let Some(hash) = commit.take() {
                    history.push((hash, PathBuf::from(line)));
                }
            }
        }
        history
    }

    /// The text of `file` (relative to the site folder) in `commit`.
    pub fn show(&self, commit: &str, file: &Path) -> Option<String> {
        // `rev:./path` is relative to the folder git runs in, the site's.
        let spec = format!("{commit}:./{}", file.to_string_lossy().replace('\\', "/"));
        self.run(&["show", &spec])
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Git's answers about the content folder, kept between builds
/// (`yomu serve`) while HEAD stays on the same commit: `git log` depends
/// on nothing else. [`GitMemo::default`] keeps nothing and asks git every
/// time, as a one-shot build does.
#[derive(Default)]
pub struct GitMemo {
    enabled: bool,
    /// The site folder and its repository as [`GitMemo::refresh`] last
    /// found them (`None` outside a repository).
    found: Option<(PathBuf, Option<Git>)>,
    /// A refresh still asking git, on its own thread.
    asking: Option<(PathBuf, std::thread::JoinHandle<Option<Git>>)>,
    latest_changes: HashMap<PathBuf, HashMap<PathBuf, usize>>,
    last_updated: HashMap<PathBuf, HashMap<PathBuf, String>>,
}

impl GitMemo {
    pub fn keeping() -> GitMemo {
        GitMemo {
            enabled: true,
            ..Default::default()
        }
    }

    /// Starts looking where HEAD is now (one git call, on a thread of its
    /// own so the build goes on meanwhile), at the start of a build; the
    /// answers are forgotten if it moved (a commit, a checkout).
    pub fn refresh(&mut self, root: &Path) {
        if !self.enabled {
            return;
        }
        let dir = root.to_path_buf();
        match std::thread::Builder::new()
            .name("yomu-git".into())
            .spawn(move || Git::open(&dir))
        {
            Ok(thread) => self.asking = Some((root.to_path_buf(), thread)),
            Err(_) => self.settle(root, Git::open(root)),
        }
    }

    /// Takes in what the refresh found.
    fn arrive(&mut self) {
        if let Some((root, thread)) = self.asking.take() {
            let now = thread.join().ok().flatten();
            self.settle(&root, now);
        }
    }

    fn settle(&mut self, root: &Path, now: Option<Git>) {
        let kept = match (&self.found, &now) {
            (Some((before_root, Some(before))), Some(now)) => {
                before_root == root && before.head == now.head
            }
            _ => false,
        };
        if !kept {
            self.latest_changes.clear();
            self.last_updated.clear();
        }
        self.found = Some((root.to_path_buf(), now));
    }

    /// [`Git::latest_changes`] of the repository holding `root` (empty
    /// outside one).
    pub fn latest_changes(&mut self, root: &Path, dir: &Path) -> HashMap<PathBuf, usize> {
        self.arrive();
        let found = repository(self.enabled, &self.found, root);
        ask(found, &mut self.latest_changes, dir, Git::latest_changes)
    }

    /// [`Git::last_updated`] of the repository holding `root` (empty
    /// outside one).
    pub fn last_updated(&mut self, root: &Path, dir: &Path) -> HashMap<PathBuf, String> {
        self.arrive();
        let found = repository(self.enabled, &self.found, root);
        ask(found, &mut self.last_updated, dir, Git::last_updated)
    }
}

/// `Ok`: the repository [`GitMemo::refresh`] found for `root`, whose
/// answers are kept; `Err`: one opened now, whose answers are not.
fn repository<'a>(
    enabled: bool,
    found: &'a Option<(PathBuf, Option<Git>)>,
    root: &Path,
) -> Result<Option<&'a Git>, Option<Git>> {
    match found {
        Some((found_root, git)) if enabled && found_root == root => Ok(git.as_ref()),
        _ => Err(Git::open(root)),
    }
}

/// Asks `git` about `dir`, from `kept` when the repository's answers are
/// kept; the default (empty) answer outside a repository.
fn ask<T: Clone + Default>(
    git: Result<Option<&Git>, Option<Git>>,
    kept: &mut HashMap<PathBuf, T>,
    dir: &Path,
    question: fn(&Git, &Path) -> T,
) -> T {
    match git {
        Err(git) => git.map(|g| question(&g, dir)).unwrap_or_default(),
        Ok(None) => T::default(),
        Ok(Some(git)) => kept
            .entry(dir.to_path_buf())
            .or_insert_with(|| question(git, dir))
            .clone(),
    }
}
