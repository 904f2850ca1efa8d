//! Text and positions: byte ranges, line index, conversion to editor positions
//! (UTF-8 or UTF-16 code units), decoding of files and label normalisation.
//!
//! Everything above this layer works with byte offsets into the document text;
//! only the front ends convert to line/character positions.

pub mod decode;
pub mod directive;
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
/// Lines end at `\n`, `\r\n` or a lone `\r`, exactly as in LSP: the line break
/// belongs to no line's content.
///
/// Columns in UTF-16 or UTF-32 units are counted from checkpoints every
/// [`CHECKPOINT`] bytes (built on first use), so a position costs O(log n) plus
/// at most one checkpoint's worth of bytes, whatever the length of its line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
    /// Whether the text is all ASCII (every encoding counts bytes then).
    ascii: bool,
    /// Units before each checkpoint, built on first use.
    units: std::sync::OnceLock<Checkpoints>,
}

/// Bytes between two checkpoints of the unit counts.
pub const CHECKPOINT: usize = 256;

/// `utf16[k]` and `chars[k]`: UTF-16 units and characters in the text before
/// byte `floor_char_boundary(k * CHECKPOINT)`.
#[derive(Clone, Debug, Default)]
struct Checkpoints {
    utf16: Vec<usize>,
    chars: Vec<usize>,
}

impl Checkpoints {
    fn new(text: &str) -> Self {
        let n = text.len() / CHECKPOINT + 1;
        let mut out = Checkpoints {
            utf16: Vec::with_capacity(n),
            chars: Vec::with_capacity(n),
        };
        let (mut u16s, mut chars, mut at) = (0usize, 0usize, 0usize);
        for k in 0..n {
            let p = floor_char_boundary(text, k * CHECKPOINT);
            let piece = &text[at..p];
            u16s += encoded_len(piece, PositionEncoding::Utf16);
            chars += encoded_len(piece, PositionEncoding::Utf32);
            at = p;
            out.utf16.push(u16s);
            out.chars.push(chars);
        }
        out
    }

    fn table(&self, encoding: PositionEncoding) -> &[usize] {
        match encoding {
            PositionEncoding::Utf16 => &self.utf16,
            _ => &self.chars,
        }
    }
}

/// Is `b` the byte after a line break in `bytes`? (After `\n`, or after a `\r`
/// that no `\n` follows.)
fn is_line_break_end(bytes: &[u8], b: usize) -> bool {
    b > 0
        && match bytes[b - 1] {
            b'\n' => true,
            b'\r' => bytes.get(b) != Some(&b'\n'),
            _ => false,
        }
}

/// Length of the line break that ends just before `end` in `bytes` (0, 1 or 2).
pub fn line_break_len_before(bytes: &[u8], end: usize) -> usize {
    match end.checked_sub(1).map(|i| bytes[i]) {
        Some(b'\n') if end >= 2 && bytes[end - 2] == b'\r' => 2,
        Some(b'\n' | b'\r') => 1,
        _ => 0,
    }
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(line_break_ends(bytes));
        LineIndex {
            line_starts,
            len: text.len(),
            ascii: text.is_ascii(),
            units: std::sync::OnceLock::new(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of line `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let end = match self.line_starts.get(line + 1) {
            Some(&next) => next - line_break_len_before(text.as_bytes(), next),
            None => self.len,
        };
        TextRange::new(start, end.max(start))
    }

    /// The line that contains byte `offset` (clamped to the document).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Units of `encoding` in `text[..offset]` (`offset` on a character boundary).
    fn units_before(&self, text: &str, offset: usize, encoding: PositionEncoding) -> usize {
        if encoding == PositionEncoding::Utf8 || self.ascii {
            return offset;
        }
        let table = self
            .units
            .get_or_init(|| Checkpoints::new(text))
            .table(encoding);
        let k = (offset / CHECKPOINT).min(table.len() - 1);
        let p = floor_char_boundary(text, k * CHECKPOINT);
        #[cfg(test)]
        tests::SCANNED.with(|s| s.set(s.get() + (offset - p)));
        table[k] + encoded_len(&text[p..offset], encoding)
    }

    /// Position of byte `offset`, its column counted in `encoding` units.
    pub fn position(&self, text: &str, offset: usize, encoding: PositionEncoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let line_start = self.line_starts[line];
        let column = self.units_before(text, offset, encoding)
            - self.units_before(text, line_start, encoding);
        Position {
            line: line as u32,
            character: column as u32,
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
        let column = pos.character as usize;
        if encoding == PositionEncoding::Utf8 || self.ascii {
            return range.start + floor_char_boundary(&text[range.start..range.end], column);
        }
        // The last checkpoint in the line at or before the column, then the
        // characters from there.
        let target = self.units_before(text, range.start, encoding) + column;
        let table = self
            .units
            .get_or_init(|| Checkpoints::new(text))
            .table(encoding);
        let first = range.start.div_ceil(CHECKPOINT);
        let last = (range.end / CHECKPOINT).min(table.len() - 1);
        let mut from = range.start;
        if first <= last {
            let k = first + table[first..=last].partition_point(|&u| u <= target);
            if k > first {
                from = floor_char_boundary(text, (k - 1) * CHECKPOINT).max(range.start);
            }
        }
        let skipped = self.units_before(text, from, encoding)
            - self.units_before(text, range.start, encoding);
        from + scan_to_column(&text[from..range.end], column - skipped, encoding)
    }
}

/// The byte offsets just after each line break of `bytes`, in order.
fn line_break_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n' || b == b'\r')
        .map(|(i, _)| i + 1)
        .filter(move |&e| is_line_break_end(bytes, e))
}

/// Byte offset of the start of the line containing `offset` in `text`
/// (after the last line break before it).
pub fn line_start_before(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Does `text` end with a line break (`\n` or `\r`)?
pub fn ends_with_line_break(text: &str) -> bool {
    text.ends_with(['\n', '\r'])
}

/// Does a line of `text` start with `#` (a Markdown heading mark)?
pub fn has_markdown_heading_mark(text: &str) -> bool {
    text.starts_with('#') || text.contains("\n#") || text.contains("\r#")
}

/// Number of line breaks in `s` (`\r\n` counts once).
pub fn count_line_breaks(s: &str) -> usize {
    let bytes = s.as_bytes();
    line_break_ends(bytes).count()
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
    scan_to_column(line, column, encoding)
}

/// [`byte_offset_of_column`] by walking the characters (stops at the column).
fn scan_to_column(line: &str, column: usize, encoding: PositionEncoding) -> usize {
    if encoding == PositionEncoding::Utf8 {
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

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Bytes counted from a checkpoint by `units_before`.
        pub(super) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn lone_cr_crlf_and_lf_all_end_lines() {
        let text = "a\rb\r\nc\nd\r\re\r";
        let idx = LineIndex::new(text);
        let lines: Vec<&str> = (0..idx.line_count())
            .map(|l| {
                let r = idx.line_range(text, l);
                &text[r.start..r.end]
            })
            .collect();
        assert_eq!(lines, ["a", "b", "c", "d", "", "e", ""]);
        let e = text.find('e').unwrap();
        assert_eq!(
            idx.position(text, e, PositionEncoding::Utf16),
            Position {
                line: 5,
                character: 0
            }
        );
        // Between the \r and the \n of a CRLF: still line 1 (its break).
        assert_eq!(idx.line_of(4), 1);
        assert_eq!(count_line_breaks(text), 6);
        assert_eq!(line_start_before(text, e), e);
        assert!(ends_with_line_break(text));
    }

    #[test]
    fn positions_on_a_long_line_cost_one_checkpoint_each() {
        // 1 MB on one line, non-ASCII (so the UTF-16 columns must be counted).
        let cell = "规章 | 0 | 𠀀 |";
        let text = format!("标题\n{}", cell.repeat(1_000_000 / cell.len()));
        let idx = LineIndex::new(&text);
        SCANNED.with(|s| s.set(0));
        let mut expected_col = 0;
        let mut last = text.find('\n').unwrap() + 1;
        let mut queries = 0;
        for (i, _) in text.char_indices().skip(3).step_by(97) {
            expected_col += encoded_len(&text[last..i], PositionEncoding::Utf16);
            last = i;
            let p = idx.position(&text, i, PositionEncoding::Utf16);
            assert_eq!(p.line, 1);
            assert_eq!(p.character as usize, expected_col);
            assert_eq!(idx.offset(&text, p, PositionEncoding::Utf16), i);
            queries += 1;
        }
        let scanned = SCANNED.with(std::cell::Cell::get);
        // Each query counts from checkpoints (a few per position and offset):
        // bounded by a checkpoint's worth of bytes, not by the line.
        assert!(queries > 5_000);
        assert!(
            scanned <= queries * 6 * (CHECKPOINT + 4),
            "{scanned} bytes for {queries} queries"
        );
    }

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
