//! Writing a reading: paragraphs one per line, table rows one per line with
//! their cells between `|`, each character mapped to where it came from.

use super::map::SourceMap;
use crate::text::TextRange;

/// A run of inline text and where it came from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Piece<'a> {
    /// Text as it stands in the source at `src` (`None` for a binary source).
    Source { text: &'a str, src: Option<usize> },
    /// Text decoded from `src` (an entity such as `&nbsp;`): all of it maps to
    /// all of `src`.
    Decoded {
        text: &'a str,
        src: Option<TextRange>,
    },
    /// A line break inside a paragraph or a cell (`<br>`, a `<p>` inside a
    /// cell, a Word paragraph inside a table cell): nothing between two CJK
    /// characters, else a space.
    Break,
}

/// A table cell to write: its inline pieces, and where in the source an empty
/// cell's content would go.
#[derive(Clone, Debug, Default)]
pub(crate) struct CellPieces<'a> {
    pub pieces: Vec<Piece<'a>>,
    pub anchor: Option<usize>,
}

#[derive(Debug, Default)]
pub(crate) struct Writer {
    text: String,
    map: SourceMap,
    /// A whitespace run waiting to be written as one space: where it came from.
    pending_space: Option<Option<TextRange>>,
    /// A [`Piece::Break`] waiting for the next character.
    pending_break: bool,
    /// Writing a line of Markdown ([`Writer::markdown_line`]): its `|` are its own table's.
    keep_pipes: bool,
}

/// Characters a reading line cannot hold as they are: `|` would split a cell.
fn substitute(c: char, keep_pipes: bool) -> char {
    match c {
        '|' | '｜' if !keep_pipes => '¦',
        c => c,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes one paragraph line (a heading with its level as Markdown `#`s).
    /// Nothing is written for a paragraph without text; returns whether it was written.
    pub fn paragraph(&mut self, heading: Option<u8>, pieces: &[Piece]) -> bool {
        if !pieces.iter().any(has_text) {
            return false;
        }
        if let Some(level) = heading {
            for _ in 0..level.clamp(1, 6) {
                self.text.push('#');
            }
            self.text.push(' ');
        }
        self.inline(pieces);
        self.text.push('\n');
        true
    }

    /// Writes one line of a Markdown file read around its HTML (a pipe-table row stays one):
    /// as [`Writer::paragraph`], with its `|` kept.
    pub fn markdown_line(&mut self, heading: Option<u8>, pieces: &[Piece]) -> bool {
        self.keep_pipes = true;
        let written = self.paragraph(heading, pieces);
        self.keep_pipes = false;
        written
    }

    /// Writes an empty line, unless the reading is empty or ends in one.
    pub fn blank_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// Writes one table row: `| a | b |`. An empty cell is written as nothing
    /// between its pipes, with its anchor mapped.
    pub fn row(&mut self, cells: &[CellPieces]) {
        if cells.is_empty() {
            return;
        }
        self.text.push('|');
        for cell in cells {
            self.text.push(' ');
            let before = self.text.len();
            self.inline(&cell.pieces);
            self.text.push(' ');
            // An empty cell's range is where its closing pipe is (as the syntax layer reads it).
            if self.text.len() == before + 1 {
                if let Some(at) = cell.anchor {
                    self.map
                        .push(self.text.len(), 0, TextRange::empty(at), true);
                }
            }
            self.text.push('|');
        }
        self.text.push('\n');
    }

    pub fn finish(self) -> (String, SourceMap) {
        (self.text, self.map)
    }

    /// Writes inline pieces: whitespace runs collapsed to one space, none at
    /// either end.
    fn inline(&mut self, pieces: &[Piece]) {
        let start = self.text.len();
        self.pending_space = None;
        self.pending_break = false;
        for piece in pieces {
            match *piece {
                Piece::Break => self.pending_break = self.text.len() > start,
                Piece::Source { text, src } => {
                    for (i, c) in text.char_indices() {
                        let at = src.map(|s| TextRange::new(s + i, s + i + c.len_utf8()));
                        self.char(c, at, true, start);
                    }
                }
                Piece::Decoded { text, src } => {
                    for c in text.chars() {
                        self.char(c, src, false, start);
                    }
                }
            }
        }
        self.pending_space = None;
        self.pending_break = false;
    }

    fn char(&mut self, c: char, src: Option<TextRange>, verbatim: bool, line_start: usize) {
        if is_space(c) {
            if self.text.len() > line_start && self.pending_space.is_none() {
                self.pending_space = Some(src);
            }
            return;
        }
        let previous = self.text[line_start..].chars().next_back();
        // A break with whitespace around it (`本年新<br />\n制作数量`) is a break.
        let space = self.pending_space.take().filter(|_| !self.pending_break);
        if let Some(space_src) = space {
            self.put(' ', space_src, false);
        } else if self.pending_break {
            // A line break between two CJK characters is nothing; elsewhere a space.
            if previous.is_some_and(|p| p.is_ascii()) || c.is_ascii() {
                self.put(' ', None, false);
            }
        }
        self.pending_break = false;
        let written = substitute(c, self.keep_pipes);
        self.put(written, src, verbatim && written == c);
    }

    fn put(&mut self, c: char, src: Option<TextRange>, verbatim: bool) {
        let out = self.text.len();
        self.text.push(c);
        if let Some(src) = src {
            self.map.push(out, c.len_utf8(), src, verbatim);
        }
    }
}

fn has_text(piece: &Piece) -> bool {
    match piece {
        Piece::Source { text, .. } | Piece::Decoded { text, .. } => !text.chars().all(is_space),
        Piece::Break => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_paragraphs_with_their_sources() {
        let src = "<p>一、总体 情况</p><td>商业</td><td>企业</td><td> </td>";
        let mut w = Writer::new();
        w.paragraph(
            Some(2),
            &[Piece::Source {
                text: "一、总体 \n 情况",
                src: Some(3),
            }],
        );
        w.row(&[
            CellPieces {
                pieces: vec![
                    Piece::Source {
                        text: "商业",
                        src: Some(src.find("商业").unwrap()),
                    },
                    Piece::Break,
                    Piece::Source {
                        text: "企业",
                        src: Some(src.find("企业").unwrap()),
                    },
                ],
                anchor: None,
            },
            CellPieces {
                pieces: vec![Piece::Source {
                    text: "a|b",
                    src: Some(40),
                }],
                anchor: None,
            },
            CellPieces {
                pieces: vec![],
                anchor: Some(50),
            },
        ]);
        let (text, map) = w.finish();
        assert_eq!(text, "## 一、总体 情况\n| 商业企业 | a¦b |  |\n");
        let cell = text.find("商业企业").unwrap();
        let range = TextRange::new(cell, cell + "商业企业".len());
        // Two source pieces: not editable as one, but mapped from first to last.
        assert_eq!(map.editable(range), None);
        assert_eq!(
            map.to_source(range),
            TextRange::new(src.find("商业").unwrap(), src.find("企业").unwrap() + 6)
        );
        let empty = text.rfind("|  |").unwrap() + 3;
        assert_eq!(
            map.editable(TextRange::empty(empty)),
            Some(TextRange::empty(50))
        );
    }
}
