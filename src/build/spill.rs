//! Page bodies set aside between the Markdown stage and layout. Layout
//! needs every page's title first, so every body is rendered before the
//! first page is laid out; on 100,000 pages those bodies are most of a
//! gigabyte. `yomu build` appends each one to a scratch file in its
//! staging folder as it is rendered, and reads it back when its page is
//! laid out (from the page cache, on a machine with the memory to spare,
//! but not as the process's own). `check` and `serve` keep them in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

pub struct Spill {
    /// The scratch file and its length.
    file: Mutex<(File, u64)>,
    /// Per page: where its body is in the file.
    spans: Vec<OnceLock<(u64, usize)>>,
}

impl Spill {
    /// A scratch file at `path` for the bodies of `pages` pages.
    pub fn create(path: &Path, pages: usize) -> std::io::Result<Spill> {
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        Ok(Spill {
            file: Mutex::new((file, 0)),
            spans: (0..pages).map(|_| OnceLock::new()).collect(),
        })
    }

    /// Sets page `page`'s body aside; gives it back if it cannot be
    /// written (a full disk), to be kept in memory instead.
    pub fn put(&self, page: usize, body: String) -> Result<(), String> {
        let Some(span) = self.spans.get(page) else {
            return Err(body);
        };
        let Ok(mut guard) = self.file.lock() else {
            return Err(body);
        };
        let (file, end) = &mut *guard;
        let at = *end;
        let written = file
            .seek(SeekFrom::Start(at))
            .and_then(|_| file.write_all(body.as_bytes()));
        if written.is_err() {
            return Err(body);
        }
        *end += body.len() as u64;
        let _ = span.set((at, body.len()));
        Ok(())
    }

    /// Page `page`'s body, if it was set aside.
    pub fn get(&self, page: usize) -> Option<std::io::Result<String>> {
        let &(at, len) = self.spans.get(page)?.get()?;
        let read = || {
            let mut guard = self
                .file
                .lock()
                .map_err(|_| std::io::Error::other("scratch file lock poisoned"))?;
            let (file, _) = &mut *guard;
            file.seek(SeekFrom::Start(at))?;
            let mut bytes = vec![0; len];
            file.read_exact(&mut bytes)?;
            String::from_utf8(bytes).map_err(std::io::Error::other)
        };
        Some(read())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_come_back_as_they_went_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spill = Spill::create(&dir.path().join("bodies"), 3).expect("create");
        assert!(spill.put(2, "<p>二</p>".to_string()).is_ok());
        assert!(spill.put(0, String::new()).is_ok());
        assert_eq!(spill.put(5, "x".to_string()), Err("x".to_string()));
        let take = |page| spill.get(page).map(|r| r.expect("read"));
        assert_eq!(take(2).as_deref(), Some("<p>二</p>"));
        assert_eq!(take(0).as_deref(), Some(""));
        assert_eq!(take(1), None, "never set aside");
    }
}
