//! Where a build's pages go. `check` and `serve` keep them in memory, in
//! the [`Output`]. `yomu build` writes each page into the staging folder
//! as soon as it is laid out, and sets the rendered bodies aside there
//! until layout ([`Spill`]), so that the memory a build needs does not
//! grow with the size of the site's output (100,000 pages: see README
//! "Performance").

use super::spill::Spill;
use crate::diagnostics::Diagnostic;
use crate::output::{Output, Staging};
use bytes::Bytes;
use std::path::PathBuf;

/// Output files as the sink hands them back, by path: written (nothing
/// kept), kept, or the problem writing them.
pub type Placed = Vec<(String, Result<Vec<Bytes>, Diagnostic>)>;

/// The scratch file for the page bodies, in the staging folder; removed
/// before the folder is swapped in.
const SPILL_FILE: &str = ".yomu-bodies";

#[derive(Default)]
pub struct PageSink<'a> {
    staging: Option<&'a Staging>,
    spill: Option<(Spill, PathBuf)>,
}

impl<'a> PageSink<'a> {
    /// Pages kept in memory.
    pub fn memory() -> PageSink<'a> {
        PageSink::default()
    }

    /// Pages written into `staging`; bodies set aside there, unless the
    /// scratch file cannot be made (then they stay in memory).
    pub fn staging(staging: &'a Staging, pages: usize) -> PageSink<'a> {
        let path = staging.dir().join(SPILL_FILE);
        PageSink {
            staging: Some(staging),
            spill: Spill::create(&path, pages).ok().map(|spill| (spill, path)),
        }
    }

    /// Sets page `page`'s rendered body aside, leaving `html` empty, when
    /// bodies go to the scratch file.
    pub fn set_aside(&self, page: usize, html: &mut String) {
        if let Some((spill, _)) = &self.spill {
            if let Err(kept) = spill.put(page, std::mem::take(html)) {
                *html = kept;
            }
        }
    }

    /// Page `page`'s body, if it was set aside.
    pub fn body(&self, page: usize) -> Option<Result<String, Diagnostic>> {
        let (spill, path) = self.spill.as_ref()?;
        Some(spill.get(page)?.map_err(|err| {
            Diagnostic::error(
                "output",
                format!(
                    "cannot read a page body back from `{}`: {err}",
                    path.display()
                ),
            )
        }))
    }

    /// Makes the folders of the pages' output paths, before the pages are
    /// written from several threads.
    pub fn prepare<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Result<(), Diagnostic> {
        match self.staging {
            Some(staging) => staging.make_folders(paths).map_err(output_error),
            None => Ok(()),
        }
    }

    /// A laid-out page: written (and then nothing is kept), or kept.
    pub fn page(&self, path: &str, chunks: Vec<Bytes>) -> Result<Vec<Bytes>, Diagnostic> {
        match self.staging {
            Some(staging) => staging
                .write(path, &chunks)
                .map(|()| Vec::new())
                .map_err(output_error),
            None => Ok(chunks),
        }
    }

    /// Further files, treated as [`PageSink::page`] treats pages: written
    /// into the staging folder at once, so the build does not hold them
    /// to the end, or kept; for [`PageSink::finish`].
    pub fn files(&self, files: Vec<(String, Vec<u8>)>) -> Placed {
        use rayon::prelude::*;
        // One diagnostic when the folders cannot be made, not one a file.
        if let Err(diag) = self.prepare(files.iter().map(|(path, _)| path.as_str())) {
            return match files.into_iter().next() {
                Some((path, _)) => vec![(path, Err(diag))],
                None => Vec::new(),
            };
        }
        files
            .into_par_iter()
            .map(|(path, bytes)| {
                let result = self.page(&path, vec![Bytes::from(bytes)]);
                (path, result)
            })
            .collect()
    }

    /// Puts the laid-out pages in `output` (or records them as written),
    /// and their problems in `diagnostics`; removes the scratch file.
    pub fn finish(self, pages: Placed, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
        for (path, result) in pages {
            match result {
                Ok(_) if self.staging.is_some() => {
                    output.written.insert(path);
                }
                Ok(chunks) => output.insert(path, chunks),
                Err(diag) => diagnostics.push(diag),
            }
        }
        if let Some((spill, path)) = self.spill {
            drop(spill);
            let _ = std::fs::remove_file(path);
        }
    }
}

fn output_error(err: crate::output::WriteError) -> Diagnostic {
    Diagnostic::error("output", err.to_string())
}
