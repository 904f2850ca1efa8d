//! Syntax: lines classified as prose, headings or table cells.
//!
//! A table cell is the text before a `|` (or the full-width `｜` a Chinese IME
//! types). This one rule reads all three real layouts: one cell per line
//! (`规章 |`), one row per line (`规章 | 0 | 0 | 0 |`) and Markdown rows
//! (`| 规章 | 0 | 0 | 0 |`, whose leading pipe opens rather than ends a cell).
//! Empty cells (`|`, `||`) are kept: the model decides whether an empty cell is
//! a blank value or the remains of a merged cell.

use crate::text::{LineIndex, TextRange};

/// One line of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Zero-based line number.
    pub number: usize,
    /// The line without its line break.
    pub range: TextRange,
    pub kind: LineKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// Prose, or a heading. `content` is the text without Markdown heading
    /// marks, emphasis and surrounding whitespace.
    Text {
        content: TextRange,
        markdown_heading: Option<u8>,
    },
    /// Table cells, in order.
    Cells {
        cells: Vec<Cell>,
        markdown: bool,
    },
    /// A Markdown delimiter row (`|---|:--:|`).
    Delimiter,
    /// A short line without pipes inside a table: the first part of the next
    /// line's first cell, broken by a line break (`（三）不予` / `公开 |`).
    Fragment,
}

/// A table cell: its trimmed content. An empty cell has an empty range just
/// before the pipe that closes it, which is where a value would be typed.
/// `line` is the line of the pipe that closes the cell (a label broken by a
/// line break starts on an earlier line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub range: TextRange,
    pub line: usize,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.start..self.range.end]
    }
}

/// The document's lines.
#[derive(Clone, Debug)]
pub struct Syntax {
    pub lines: Vec<Line>,
}

impl Syntax {
    pub fn parse(text: &str, index: &LineIndex) -> Syntax {
        let mut lines: Vec<Line> = (0..index.line_count())
            .map(|number| {
                let range = index.line_range(text, number);
                Line {
                    number,
                    range,
                    kind: classify(text, range, number),
                }
            })
            .collect();
        join_fragments(text, &mut lines);
        Syntax { lines }
    }

    /// Parses the lines `first..` of an already indexed text (used when only part
    /// of a document changed).
    pub fn parse_lines(text: &str, index: &LineIndex, lines: std::ops::Range<usize>) -> Vec<Line> {
        let mut out: Vec<Line> = lines
            .map(|number| {
                let range = index.line_range(text, number);
                Line {
                    number,
                    range,
                    kind: classify(text, range, number),
                }
            })
            .collect();
        join_fragments(text, &mut out);
        out
    }
}

pub fn is_pipe(c: char) -> bool {
    c == '|' || c == '｜'
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn classify(text: &str, range: TextRange, number: usize) -> LineKind {
    let s = &text[range.start..range.end];
    let trimmed = s.trim_matches(is_blank_char);
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if !trimmed.contains(is_pipe) {
        return text_line(s, range);
    }
    if is_delimiter_row(trimmed) {
        return LineKind::Delimiter;
    }
    let first = trimmed.chars().next().unwrap();
    let has_content = trimmed.chars().any(|c| !is_pipe(c) && !is_blank_char(c));
    let markdown = is_pipe(first) && has_content;
    LineKind::Cells {
        cells: split_cells(s, range.start, number, markdown),
        markdown,
    }
}

fn is_delimiter_row(trimmed: &str) -> bool {
    trimmed.contains('-')
        && trimmed.contains(is_pipe)
        && trimmed
            .chars()
            .all(|c| is_pipe(c) || c == '-' || c == ':' || is_blank_char(c))
}

fn text_line(s: &str, range: TextRange) -> LineKind {
    let lead = s.len() - s.trim_start_matches(is_blank_char).len();
    let mut body = &s[lead..];
    let mut start = range.start + lead;
    let mut markdown_heading = None;
    let hashes = body.len() - body.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && body[hashes..].starts_with([' ', '\t']) {
        markdown_heading = Some(hashes as u8);
        let rest = body[hashes..].trim_start_matches(is_blank_char);
        start += body.len() - rest.len();
        body = rest.trim_end_matches(|c: char| c == '#' || is_blank_char(c));
    }
    // Bold headings: `**一、总体情况**`.
    let stripped = body.trim_start_matches('*');
    start += body.len() - stripped.len();
    let body = stripped
        .trim_end_matches(is_blank_char)
        .trim_end_matches('*')
        .trim_end_matches(is_blank_char);
    LineKind::Text {
        content: TextRange::new(start, start + body.len()),
        markdown_heading,
    }
}

fn split_cells(s: &str, base: usize, line: usize, markdown: bool) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut piece_start = 0;
    let mut first = true;
    for (i, c) in s.char_indices() {
        if !is_pipe(c) {
            continue;
        }
        if i > 0 && s.as_bytes()[i - 1] == b'\\' {
            continue; // an escaped pipe inside a Markdown cell
        }
        let skip = markdown && first;
        first = false;
        if !skip {
            cells.push(trimmed_cell(s, base, piece_start, i, line));
        }
        piece_start = i + c.len_utf8();
    }
    let tail = &s[piece_start..];
    if !tail.trim_matches(is_blank_char).is_empty() {
        cells.push(trimmed_cell(s, base, piece_start, s.len(), line));
    }
    cells
}

fn trimmed_cell(s: &str, base: usize, start: usize, end: usize, line: usize) -> Cell {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start_matches(is_blank_char).len();
    let content = piece.trim_matches(is_blank_char);
    let range = if content.is_empty() {
        TextRange::empty(base + end)
    } else {
        TextRange::new(base + start + lead, base + start + lead + content.len())
    };
    Cell { range, line }
}

/// Joins a short pipe-less line sitting between two table lines into the next
/// line's first cell: a label broken by a line break.
fn join_fragments(text: &str, lines: &mut [Line]) {
    for i in 1..lines.len().saturating_sub(1) {
        let LineKind::Text {
            content,
            markdown_heading: None,
        } = lines[i].kind
        else {
            continue;
        };
        let s = &text[content.start..content.end];
        if s.chars().count() > 24 || looks_like_heading(s) {
            continue;
        }
        let prev_is_table = matches!(
            lines[i - 1].kind,
            LineKind::Cells {
                markdown: false,
                ..
            }
        );
        let next_first_cell = match &lines[i + 1].kind {
            LineKind::Cells {
                cells,
                markdown: false,
            } => cells.first().copied(),
            _ => None,
        };
        let (true, Some(cell)) = (prev_is_table, next_first_cell) else {
            continue;
        };
        if cell.is_empty()
            || cell.range.start
                != lines[i + 1].range.start + leading_blank(text, lines[i + 1].range)
        {
            continue;
        }
        if let LineKind::Cells { cells, .. } = &mut lines[i + 1].kind {
            cells[0].range = TextRange::new(content.start, cell.range.end);
        }
        lines[i].kind = LineKind::Fragment;
    }
}

fn leading_blank(text: &str, range: TextRange) -> usize {
    let s = &text[range.start..range.end];
    s.len() - s.trim_start_matches(is_blank_char).len()
}

/// Section headings such as `三、收到和处理…` are never label fragments.
fn looks_like_heading(s: &str) -> bool {
    let mut chars = s.chars();
    let mut n = 0;
    for c in chars.by_ref() {
        if "一二三四五六七八九十".contains(c) {
            n += 1;
        } else {
            return n > 0 && matches!(c, '、' | '.' | '．' | '，' | ',');
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<&str>> {
        let index = LineIndex::new(text);
        Syntax::parse(text, &index)
            .lines
            .iter()
            .filter_map(|l| match &l.kind {
                LineKind::Cells { cells, .. } => Some(cells.iter().map(|c| c.text(text)).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn three_layouts() {
        assert_eq!(
            cells("规章 |\n0 |\n|\n||"),
            vec![vec!["规章"], vec!["0"], vec![""], vec!["", ""]]
        );
        assert_eq!(cells("规章 | 0 | | 4 |"), vec![vec!["规章", "0", "", "4"]]);
        assert_eq!(
            cells("| 规章 | 0 | | 4 |"),
            vec![vec!["规章", "0", "", "4"]]
        );
        assert_eq!(cells("｜ 规章 ｜ ０ ｜"), vec![vec!["规章", "０"]]);
        assert_eq!(cells("规章 | 0 | 0"), vec![vec!["规章", "0", "0"]]);
    }

    #[test]
    fn empty_cell_sits_before_its_pipe() {
        let text = "a |  |";
        let index = LineIndex::new(text);
        let syntax = Syntax::parse(text, &index);
        let LineKind::Cells { cells, .. } = &syntax.lines[0].kind else {
            panic!()
        };
        assert_eq!(cells[1].range, TextRange::empty(5));
    }

    #[test]
    fn delimiter_and_headings() {
        let text = "## 二、主动公开政府信息情况\n|---|:-:|\n**一、总体情况**";
        let index = LineIndex::new(text);
        let syntax = Syntax::parse(text, &index);
        assert!(matches!(syntax.lines[1].kind, LineKind::Delimiter));
        let LineKind::Text {
            content,
            markdown_heading,
        } = syntax.lines[0].kind
        else {
            panic!()
        };
        assert_eq!(
            &text[content.start..content.end],
            "二、主动公开政府信息情况"
        );
        assert_eq!(markdown_heading, Some(2));
        let LineKind::Text { content, .. } = syntax.lines[2].kind else {
            panic!()
        };
        assert_eq!(&text[content.start..content.end], "一、总体情况");
    }

    #[test]
    fn label_broken_by_line_break_is_one_cell() {
        let text = "0 |\n（三）不予\n公开 |\n1 |";
        assert_eq!(
            cells(text),
            vec![vec!["0"], vec!["（三）不予\n公开"], vec!["1"]]
        );
    }
}
