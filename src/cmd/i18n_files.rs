//! `yomu i18n stamp FILE…` and `yomu i18n diff FILE`: commands on one
//! translation file and its source page.

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::git::Git;
use crate::i18n::report::slash_path;
use crate::i18n::{hash, stamp};
use crate::load::{text, Page, PageKind, Site};
use std::path::{Path, PathBuf};

/// A translation file named on the command line, with its source page.
struct Translation<'a> {
    /// Relative to the site folder.
    file: PathBuf,
    page: &'a Page,
    source: &'a Page,
}

/// Finds the translation page `arg` names (a path from the current folder)
/// and its source page; the error says what is wrong, and whether it is a
/// usage error.
fn translation<'a>(site: &'a Site, arg: &Path) -> Result<Translation<'a>, (u8, String)> {
    let shown = arg.display();
    let usage = |message: String| (EXIT_USAGE, message);
    let path = std::fs::canonicalize(arg).map_err(|err| usage(format!("`{shown}`: {err}")))?;
    let root = std::fs::canonicalize(&site.root)
        .map_err(|err| usage(format!("site folder `{}`: {err}", site.root.display())))?;
    let file = path
        .strip_prefix(&root)
        .map_err(|_| usage(format!("`{shown}` is not in the site folder")))?
        .to_path_buf();
    let page = site
        .pages
        .iter()
        .find(|p| p.file == file && p.kind != PageKind::GeneratedIndex)
        .ok_or_else(|| {
            usage(format!(
                "`{shown}` is not a page (a .md file under content/<language>/)"
            ))
        })?;
    let default = site.config.default_language();
    if page.lang == 0 {
        return Err(usage(format!(
            "`{shown}` is in the source language ({}); name its translations",
            default.code
        )));
    }
    let source = site
        .pages
        .iter()
        .find(|p| p.lang == 0 && p.key == page.key && p.kind != PageKind::GeneratedIndex)
        .ok_or_else(|| {
            (
                EXIT_ERRORS,
                format!("`{shown}` has no source page in {}", default.code),
            )
        })?;
    Ok(Translation { file, page, source })
}

pub fn stamp(site: &Site, files: &[PathBuf]) -> u8 {
    let mut code = EXIT_OK;
    for arg in files {
        if let Err((failure, message)) = stamp_one(site, arg) {
            eprintln!("error: {message}");
            code = code.max(failure);
        }
    }
    code
}

fn stamp_one(site: &Site, arg: &Path) -> Result<(), (u8, String)> {
    let t = translation(site, arg)?;
    let shown = slash_path(&t.file);
    let failed = |message: String| (EXIT_ERRORS, format!("`{shown}`: {message}"));
    let path = site.root.join(&t.file);
    let hash = hash::body_hash(&t.source.body);
    let bytes = std::fs::read(&path).map_err(|err| failed(err.to_string()))?;
    let before = String::from_utf8(bytes).map_err(|_| failed("not valid UTF-8".into()))?;
    let after = if t.file.extension().is_some_and(|e| e == "yaml") {
        stamp::apply_yaml(&before, &hash)
    } else {
        stamp::apply(&before, &hash).map_err(|refusal| {
            let at = refusal
                .line
                .map(|line| format!(":{line}"))
                .unwrap_or_default();
            (EXIT_ERRORS, format!("{shown}{at}: {}", refusal.message))
        })?
    };
    if after == before {
        println!("{shown}: already stamped (source_hash {hash})");
        return Ok(());
    }
    // Written beside the file and renamed over it, so an interrupted
    // stamp never leaves half a translation.
    let temp = path.with_extension("md.yomu-stamp");
    std::fs::write(&temp, after.as_bytes())
        .and_then(|()| std::fs::rename(&temp, &path))
        .map_err(|err| {
            let _ = std::fs::remove_file(&temp);
            failed(err.to_string())
        })?;
    match &t.page.front.source_hash {
        Some(old) => println!("{shown}: source_hash {hash} (was {old})"),
        None => println!("{shown}: source_hash {hash}"),
    }
    Ok(())
}

pub fn diff(site: &Site, arg: &Path) -> u8 {
    match diff_one(site, arg) {
        Ok(()) => EXIT_OK,
        Err((code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

fn diff_one(site: &Site, arg: &Path) -> Result<(), (u8, String)> {
    let t = translation(site, arg)?;
    let shown = slash_path(&t.file);
    let source_file = slash_path(&t.source.file);
    let failed = |message: String| (EXIT_ERRORS, message);
    let actual = hash::body_hash(&t.source.body);
    let stamped = t.page.front.source_hash.as_deref();
    if stamped.is_some_and(|s| hash::matches(s, &actual)) {
        println!(
            "{shown} is current: `{source_file}` has not changed since it was stamped \
             (source_hash {actual})."
        );
        return Ok(());
    }
    let git = Git::open(&site.root).ok_or_else(|| {
        failed(format!(
            "cannot show what changed in `{source_file}`: the site is not in a git repository \
             with commits, so its earlier versions cannot be found"
        ))
    })?;
    let (old, label) = match stamped {
        Some(stamped) => stamped_version(&git, &t.source.file, stamped)
            .map(|(commit, text)| {
                (
                    text,
                    format!("{} (stamped, source_hash {stamped})", short(&commit)),
                )
            })
            .ok_or_else(|| {
                failed(format!(
                    "cannot find the version of `{source_file}` that `{shown}` was stamped from \
                     (source_hash {stamped}) in the git history: it was probably never committed. \
                     Compare the two files by hand, then run `yomu i18n stamp {shown}`."
                ))
            })?,
        None => {
            let commit = git.last_commit(&t.file).ok_or_else(|| {
                failed(format!(
                    "`{shown}` has no source_hash and no commit to compare from"
                ))
            })?;
            let text = git.show(&commit, &t.source.file).ok_or_else(|| {
                failed(format!(
                    "`{source_file}` did not exist at `{shown}`'s last commit {}",
                    short(&commit)
                ))
            })?;
            println!(
                "{shown} has no source_hash; comparing `{source_file}` with its version at this \
                 file's last commit, {}.",
                short(&commit)
            );
            (
                text,
                format!("{} (the translation's last commit)", short(&commit)),
            )
        }
    };
    let now = text::read(&site.root.join(&t.source.file), &t.source.file)
        .map_err(|d| failed(d.to_string()))?;
    let old = text::normalize(&old);
    if old == now {
        println!("`{source_file}` is unchanged apart from line endings or trailing spaces.");
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&old, &now);
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &format!("{source_file} {label}"),
            &format!("{source_file} (now)")
        )
    );
    Ok(())
}

/// The newest commit whose version of `file` has the hash `stamped`, and
/// that version's text. Walks the file's history, renames included.
fn stamped_version(git: &Git, file: &Path, stamped: &str) -> Option<(String, String)> {
    git.history(file).into_iter().find_map(|(commit, path)| {
        let text = git.show(&commit, &path)?;
        hash::matches(stamped, &hash::file_hash(&text)).then_some((commit, text))
    })
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}
