//! Text and positions: byte ranges, line index, conversion to editor positions
//! (UTF-8 or UTF-16 code units), decoding of files and label normalisation.
//!
//! Everything above this layer works with byte offsets into the document text;
//! only the front ends convert to line/character positions.

pub mod decode;
pub mod normalize;
pub mod value;

use serde::Serialize;

/// A half-open byte range `start..end` into the document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        TextRange { start, end }
    }
    pub fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn shifted(self, delta: isize) -> TextRange {
        TextRange::new(
            (self.start as isize + delta) as usize,
            (self.end as isize + delta) as usize,
        )
    }
}

/// The unit in which a position's `character` counts (LSP 3.17 `PositionEncodingKind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and a column counted in some [`PositionEncoding`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A range of [`Position`]s, as editors and the JSON output speak of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// Start offsets of every line, to turn byte offsets into positions and back.
///
/// Lines end at `\n`; a `\r` before it belongs to the line break, as in LSP.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of line `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map(|&s| s - 1)
            .unwrap_or(self.len);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// The line that contains byte `offset` (clamped to the document).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Position of byte `offset`, its column counted in `encoding` units.
    pub fn position(&self, text: &str, offset: usize, encoding: PositionEncoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let line_start = self.line_starts[line];
        let prefix = &text[line_start..offset];
        Position {
            line: line as u32,
            character: encoded_len(prefix, encoding) as u32,
        }
    }

    pub fn span(&self, text: &str, range: TextRange, encoding: PositionEncoding) -> Span {
        Span {
            start: self.position(text, range.start, encoding),
            end: self.position(text, range.end, encoding),
        }
    }

    /// Byte offset of `pos`, clamped: a line past the end means the end of the
    /// document; a column past the line's end means the end of the line (before
    /// its line break); a column inside a character means that character's start.
    pub fn offset(&self, text: &str, pos: Position, encoding: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.start..range.end];
        range.start + byte_offset_of_column(line_text, pos.character as usize, encoding)
    }
}

/// Length of `s` in `encoding` units.
pub fn encoded_len(s: &str, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => s.len(),
        PositionEncoding::Utf16 => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().map(char::len_utf16).sum()
            }
        }
        PositionEncoding::Utf32 => s.chars().count(),
    }
}

/// Byte offset within `line` of column `column` (in `encoding` units), clamped
/// to the line and rounded down to a character boundary.
pub fn byte_offset_of_column(line: &str, column: usize, encoding: PositionEncoding) -> usize {
    if encoding == PositionEncoding::Utf8 || line.is_ascii() {
        return floor_char_boundary(line, column.min(line.len()));
    }
    let mut units = 0;
    for (i, c) in line.char_indices() {
        let w = match encoding {
            PositionEncoding::Utf16 => c.len_utf16(),
            _ => 1,
        };
        if units + w > column {
            return i;
        }
        units += w;
    }
    line.len()
}

/// The largest character boundary `<= offset`.
pub fn floor_char_boundary(s: &str, offset: usize) -> usize {
    let mut i = offset.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_count_surrogate_pairs() {
        let text = "a𠀀b\n😀规章 | 0 |\r\nx";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.position(text, b, PositionEncoding::Utf16),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            idx.position(text, b, PositionEncoding::Utf8),
            Position {
                line: 0,
                character: 5
            }
        );
        let zero = text.find('0').unwrap();
        let p = idx.position(text, zero, PositionEncoding::Utf16);
        assert_eq!(
            p,
            Position {
                line: 1,
                character: 7
            }
        );
        assert_eq!(idx.offset(text, p, PositionEncoding::Utf16), zero);
        assert_eq!(
            idx.line_range(text, 1),
            TextRange::new(7, text.find('\r').unwrap())
        );
    }

    #[test]
    fn offsets_are_clamped_and_on_char_boundaries() {
        let text = "𠀀x\n规";
        let idx = LineIndex::new(text);
        // Column 1 is inside the surrogate pair: round down to the character start.
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    character: 1
                },
                PositionEncoding::Utf16
            ),
            0
        );
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    character: 99
                },
                PositionEncoding::Utf16
            ),
            5
        );
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 9,
                    character: 0
                },
                PositionEncoding::Utf16
            ),
            text.len()
        );
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    character: 2
                },
                PositionEncoding::Utf8
            ),
            0
        );
        assert_eq!(
            idx.position(text, 2, PositionEncoding::Utf16),
            Position {
                line: 0,
                character: 0
            }
        );
    }
}
