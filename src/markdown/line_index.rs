//! Byte offsets in the page body to 1-based lines and columns.

/// Byte offset → 1-based (line, column in characters), by binary search
/// over line starts (the page may have thousands of links).
pub struct LineIndex<'a> {
    pub source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .source
            .get(start..offset.min(self.source.len()))
            .map_or(0, |s| s.chars().count());
        (line as u32, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let idx = LineIndex::new("ab\nあいう x\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(3 + 9 + 1), (2, 5));
        assert_eq!(idx.line_col(4), (2, 1));
        assert_eq!(idx.line_col(999), (3, 1));
    }
}
