//! Syntax: lines classified as prose, headings or table cells.
//!
//! A table cell is the text before a `|` (or the full-width `｜` a Chinese IME
//! types). This one rule reads all three real layouts: one cell per line
//! (`规章 |`), one row per line (`规章 | 0 | 0 | 0 |`) and Markdown rows
//! (`| 规章 | 0 | 0 | 0 |`, whose leading pipe opens rather than ends a cell).
//! Empty cells (`|`, `||`) are kept: the model decides whether an empty cell is
//! a blank value or the remains of a merged cell.
//!
//! Text copied from a PDF or a Word table separates cells with whitespace
//! instead (`一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21`): a pipe-less line
//! whose last tokens are values, among other such lines, is a row of cells
//! ([`LineKind::Cells`] with `spaced`). So is a line that opens with one
//! character of a label written vertically down the table's side
//! (`本 3.危及“三安全一稳定”`, from `三、本年度办理结果` one character per line).
//! A line with tabs between its words, among other such lines, is a row whose cells the tabs
//! separate, empty ones included (Word's "convert table to text", a spreadsheet copied out).

use crate::text::value::{is_unit, parse_value, CellValue};
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
        /// Separated by whitespace, not pipes.
        spaced: bool,
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
        Syntax {
            lines: Self::parse_lines(text, index, 0..index.line_count()),
        }
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
        keep_tab_rows_among_rows(text, &mut out);
        keep_spaced_rows_among_rows(text, &mut out);
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
    // A suppression comment (`<!-- nianbao-disable-next-line … -->`) is not part of the
    // report: between a table's rows it must not end the table.
    if crate::text::directive::is_directive_line(trimmed) {
        return LineKind::Blank;
    }
    if !trimmed.contains(is_pipe) {
        if is_page_number(trimmed) {
            return LineKind::Blank;
        }
        if s.trim_start_matches(is_blank_char).contains('\t') {
            let cells = tab_cells(s, range.start, number);
            if is_tab_row(text, &cells) {
                return LineKind::Cells {
                    cells,
                    markdown: false,
                    spaced: false,
                };
            }
        }
        if let Some(cells) = spaced_cells(s, range.start, number) {
            return LineKind::Cells {
                cells,
                markdown: false,
                spaced: true,
            };
        }
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
        spaced: false,
    }
}

/// A page number left in a PDF's text: `- 3 -`, `— 3 —`, `第 3 页`, `3 / 12`.
fn is_page_number(trimmed: &str) -> bool {
    let inner =
        trimmed.trim_matches(|c: char| matches!(c, '-' | '—' | '－' | '–') || c.is_whitespace());
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if inner.len() < trimmed.len() && digits(inner) {
        return true;
    }
    if let Some(n) = trimmed
        .strip_prefix('第')
        .and_then(|r| r.strip_suffix('页'))
    {
        return digits(n.trim());
    }
    matches!(trimmed.split_once('/'), Some((a, b)) if digits(a.trim()) && digits(b.trim()))
}

/// A whitespace-separated token of a line, and whether a hard separator (a
/// tab, two spaces or more, an ideographic space) precedes it.
struct Token {
    start: usize,
    end: usize,
    hard_before: bool,
    value: Option<CellValue>,
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

fn tokens(s: &str) -> Vec<Token> {
    let mut out = raw_tokens(s);
    // A unit written after its number (`75394432.52 元`) belongs to it.
    let mut i = 1;
    while i < out.len() {
        let unit = is_unit(&s[out[i].start..out[i].end]);
        if unit && matches!(out[i - 1].value, Some(CellValue::Number { .. })) {
            out[i - 1].end = out[i].end;
            out[i - 1].value = match parse_value(&s[out[i - 1].start..out[i - 1].end]) {
                CellValue::Unreadable => None,
                v => Some(v),
            };
            out.remove(i);
        } else {
            i += 1;
        }
    }
    out
}

fn raw_tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    // The separators before the token: how many, and whether a tab or an ideographic space.
    let (mut gap_chars, mut gap_wide) = (0usize, false);
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if is_separator(c) || i == s.len() {
            if let Some(st) = start.take() {
                let t = &s[st..i];
                let value = match parse_value(t) {
                    CellValue::Unreadable => None,
                    v => Some(v),
                };
                out.push(Token {
                    start: st,
                    end: i,
                    hard_before: gap_wide || gap_chars >= 2,
                    value,
                });
                (gap_chars, gap_wide) = (0, false);
            }
            if i < s.len() {
                gap_chars += 1;
                gap_wide |= matches!(c, '\t' | '\u{3000}');
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Does a token open a label with a list ordinal (`1.`, `（三）`, `二、`)?
fn opens_with_ordinal(t: &str) -> bool {
    let key = crate::text::normalize::label_key(t);
    !crate::text::normalize::split_ordinal(&key).0.is_empty()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Longest label text a whitespace-separated row opens with.
const MAX_SPACED_LABEL_CHARS: usize = 40;

/// The cells of a pipe-less line that reads as a whitespace-separated table
/// row: labels, then values (at least two, or one after a short label), or a
/// vertical label's character and a label. `None`: prose.
fn spaced_cells(s: &str, base: usize, line: usize) -> Option<Vec<Cell>> {
    let tokens = tokens(s);
    // A list item (`-   福建省人民政府`, `• …`) is prose.
    let bullet = |t: &Token| {
        matches!(
            &s[t.start..t.end],
            "-" | "*" | "+" | "•" | "·" | "○" | "●" | "◆" | "■"
        )
    };
    if tokens.len() >= 2 && bullet(&tokens[0]) && tokens[1].value.is_none() {
        return None;
    }
    let first_value = tokens
        .iter()
        .rposition(|t| t.value.is_none())
        .map_or(0, |p| p + 1);
    let values = &tokens[first_value..];
    let labels = &tokens[..first_value];
    let label_chars: usize = labels
        .iter()
        .map(|t| s[t.start..t.end].chars().count())
        .sum();
    let numbers = values
        .iter()
        .filter(|t| matches!(t.value, Some(CellValue::Number { .. })))
        .count();
    let vertical_then_label = labels.len() >= 2
        && s[labels[0].start..labels[0].end].chars().count() == 1
        && s[labels[0].start..labels[0].end].chars().all(is_cjk)
        && opens_with_ordinal(&s[labels[1].start..labels[1].end]);
    // A heading's or a list item's number alone before a tab (`二、⇥主动公开政府信息情况`, as
    // Word saves numbered paragraphs) is not a header cell.
    // Header cells set apart by wide gaps (a PDF's text laid out in columns).
    let header = labels.len() >= 2
        && !is_bare_ordinal(&s[labels[0].start..labels[0].end])
        && labels[1..].iter().all(|t| t.hard_before)
        && labels
            .iter()
            .all(|t| s[t.start..t.end].chars().count() <= MAX_SPACED_LABEL_CHARS);
    let row = match (labels.len(), values.len()) {
        // A number alone: one cell per line, as some extractors give tables (kept only
        // among other such lines, see `keep_spaced_rows_among_rows`).
        (0, 1) => numbers == 1,
        (0, v) => v >= 2 && numbers >= 1,
        (_, 0) => (vertical_then_label || header) && label_chars <= 4 * MAX_SPACED_LABEL_CHARS,
        (_, 1) => numbers == 1 && label_chars <= 24,
        (_, _) => label_chars <= MAX_SPACED_LABEL_CHARS && numbers >= 1,
    };
    let ends_clause = labels
        .last()
        .and_then(|t| s[t.start..t.end].chars().next_back())
        .is_some_and(|c| "，。；：,;:、".contains(c));
    // (A clause ending in a number is prose; a label broken after its `、` with a row of
    // numbers after it is a row.)
    if !row || (ends_clause && values.len() < 2) {
        return None;
    }
    let mut cells: Vec<Cell> = label_runs(s, labels)
        .into_iter()
        .map(|(a, b)| Cell {
            range: TextRange::new(base + a, base + b),
            line,
        })
        .collect();
    cells.extend(values.iter().map(|t| Cell {
        range: TextRange::new(base + t.start, base + t.end),
        line,
    }));
    Some(cells)
}

/// The label cells a run of text tokens makes: tokens join into one label
/// (`4.无正当理由大量反复 申请`), except that a wide gap, a token opening with a
/// list ordinal (`（三）`, `2.`) and a vertical label's lone character start
/// a new one. (start, end) byte offsets into `s`.
fn label_runs(s: &str, labels: &[Token]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let lone = |t: &Token| {
        let piece = &s[t.start..t.end];
        piece.chars().count() == 1 && piece.chars().all(is_cjk)
    };
    for (i, t) in labels.iter().enumerate() {
        let starts = t.hard_before
            || opens_with_ordinal(&s[t.start..t.end])
            || lone(t)
            || (i > 0 && lone(&labels[i - 1]));
        if starts {
            runs.extend(open.take());
        }
        open = Some(match open {
            Some((a, _)) => (a, t.end),
            None => (t.start, t.end),
        });
    }
    runs.extend(open);
    runs
}

/// The pieces a line of text may hold labels in, as the rows of a
/// whitespace-separated table do (see [`label_runs`]): for pipe-less lines
/// inside a table, where a label and the start of the next one, or a group
/// label's piece, share a line.
pub fn label_pieces(text: &str, content: TextRange) -> Vec<TextRange> {
    let s = &text[content.start..content.end];
    let tokens = tokens(s);
    label_runs(s, &tokens)
        .into_iter()
        .map(|(a, b)| TextRange::new(content.start + a, content.start + b))
        .collect()
}

/// How many non-blank lines away another row may be for a whitespace-separated
/// row to be taken as one: rows come in tables, prose that happens to end in
/// a number stands alone.
const SPACED_ROW_REACH: usize = 3;

/// Turns whitespace-separated rows back into prose unless another row (with
/// values) is near.
fn keep_spaced_rows_among_rows(text: &str, lines: &mut [Line]) {
    let has_values = |l: &Line| match &l.kind {
        LineKind::Cells { cells, .. } => cells
            .iter()
            .any(|c| matches!(parse_value(c.text(text)), CellValue::Number { .. })),
        _ => false,
    };
    let rows: Vec<usize> = (0..lines.len())
        .filter(|&i| has_values(&lines[i]))
        .collect();
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| !matches!(lines[i].kind, LineKind::Blank))
        .collect();
    // Position of each line among the non-blank ones.
    let mut rank = vec![0usize; lines.len()];
    for (r, &i) in non_blank.iter().enumerate() {
        rank[i] = r;
    }
    let near_row = |i: usize, reach: usize| {
        let p = rows.partition_point(|&r| r < i);
        let close = |r: usize| rank[r].abs_diff(rank[i]) <= reach;
        (p > 0 && close(rows[p - 1]))
            || rows
                .get(p + usize::from(rows.get(p) == Some(&i)))
                .is_some_and(|&r| close(r))
    };
    let mut revert = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let LineKind::Cells {
            spaced: true,
            cells,
            ..
        } = &line.kind
        else {
            continue;
        };
        // A line ending in three numbers or more is a row wherever it stands (a row of a
        // table whose labels wrap over several lines stands far from the next).
        let numbers = cells
            .iter()
            .filter(|c| matches!(parse_value(c.text(text)), CellValue::Number { .. }))
            .count();
        if numbers >= 3 {
            continue;
        }
        // A number alone is a cell only beside another number alone, or among rows.
        if cells.len() == 1 && numbers == 1 {
            let lone_number = |l: &Line| match &l.kind {
                LineKind::Cells {
                    cells,
                    spaced: true,
                    ..
                } => {
                    cells.len() == 1
                        && matches!(parse_value(cells[0].text(text)), CellValue::Number { .. })
                }
                _ => false,
            };
            let r = rank[i];
            let neighbour = |d: isize| {
                usize::try_from(r as isize + d)
                    .ok()
                    .and_then(|n| non_blank.get(n))
                    .is_some_and(|&j| lone_number(&lines[j]))
            };
            // (Among whitespace-separated rows only: a number alone beside a pipe table is
            // debris of its conversion, not one of its cells.)
            let near_spaced_row = (1..=2).any(|d: isize| {
                [-d, d].into_iter().any(|d| {
                    usize::try_from(r as isize + d)
                        .ok()
                        .and_then(|n| non_blank.get(n))
                        .is_some_and(|&j| {
                            matches!(lines[j].kind, LineKind::Cells { spaced: true, .. })
                                && has_values(&lines[j])
                        })
                })
            });
            if !(neighbour(-1) || neighbour(1) || near_spaced_row) {
                revert.push(i);
            }
            continue;
        }
        let reach = if has_values(line) {
            SPACED_ROW_REACH
        } else {
            2
        };
        if !near_row(i, reach) {
            revert.push(i);
        }
    }
    for i in revert {
        lines[i].kind = text_line(
            &text[lines[i].range.start..lines[i].range.end],
            lines[i].range,
        );
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

/// The cells of a line whose cells are separated by tabs (a Word table converted to text, a
/// spreadsheet's or a web page's table copied out): every tab separates two cells, so
/// `制发规范性文件总数⇥件⇥` is a label, a unit and an empty value. Leading tabs are
/// indentation, not empty cells.
fn tab_cells(s: &str, base: usize, line: usize) -> Vec<Cell> {
    let body = s.trim_start_matches(is_blank_char);
    let body = body.trim_end_matches(|c: char| c != '\t' && is_blank_char(c));
    let offset = s.len() - s.trim_start_matches(is_blank_char).len();
    let mut cells = Vec::new();
    let mut start = offset;
    for (i, c) in body.char_indices() {
        if c == '\t' {
            cells.push(trimmed_cell(s, base, start, offset + i, line));
            start = offset + i + 1;
        }
    }
    cells.push(trimmed_cell(s, base, start, offset + body.len(), line));
    cells
}

/// Do tab-separated cells look like a table's row: three cells or more, or a label with an
/// empty cell, a unit or a number after it? Word writes a tab after a list's number or a heading's
/// (`一、⇥总体情况`, `1.⇥政策解读…`): two cells of words are prose.
fn is_tab_row(text: &str, cells: &[Cell]) -> bool {
    let Some(first) = cells.first().filter(|c| !c.is_empty()) else {
        return false;
    };
    if is_bare_ordinal(first.text(text)) {
        return false;
    }
    cells.len() >= 3
        || cells.len() == 2
            && (cells[1].is_empty()
                || is_unit(cells[1].text(text))
                || matches!(parse_value(cells[1].text(text)), CellValue::Number { .. }))
}

/// A heading's or a list item's number with nothing after it (`二、`, `（一）`, `1.`): what
/// Word writes before the tab of a numbered paragraph, never a table's label or header.
fn is_bare_ordinal(written: &str) -> bool {
    let key = crate::text::normalize::label_key(written);
    let (ordinal, body) = crate::text::normalize::split_ordinal(&key);
    (!ordinal.is_empty() && body.is_empty())
        || (looks_like_heading(written)
            && written
                .chars()
                .filter(|c| !"一二三四五六七八九十".contains(*c))
                .count()
                == 1)
}

/// Is line `i` a row of tab-separated cells ([`tab_cells`])?
fn is_tab_line(text: &str, line: &Line) -> bool {
    matches!(line.kind, LineKind::Cells { spaced: false, .. })
        && text[line.range.start..line.range.end].contains('\t')
        && !text[line.range.start..line.range.end].contains(is_pipe)
}

/// Turns a tab-separated row back into prose when no other one is near: a table has several
/// rows, prose may hold a stray tab.
fn keep_tab_rows_among_rows(text: &str, lines: &mut [Line]) {
    let rows: Vec<usize> = (0..lines.len())
        .filter(|&i| is_tab_line(text, &lines[i]))
        .collect();
    for (k, &i) in rows.iter().enumerate() {
        let near = |j: Option<&usize>| {
            j.is_some_and(|&j| {
                let (a, b) = (i.min(j), i.max(j));
                lines[a + 1..b]
                    .iter()
                    .filter(|l| !matches!(l.kind, LineKind::Blank))
                    .count()
                    < SPACED_ROW_REACH
            })
        };
        if !(near(k.checked_sub(1).and_then(|p| rows.get(p))) || near(rows.get(k + 1))) {
            let range = lines[i].range;
            lines[i].kind = text_line(&text[range.start..range.end], range);
        }
    }
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
                spaced,
            } => cells
                .first()
                .copied()
                // A whitespace-separated row continues a label only with label text of its
                // own: not a value, not a label of its own, not a vertical label's character.
                .filter(|c| {
                    let t = c.text(text);
                    !spaced
                        || (matches!(parse_value(t), CellValue::Unreadable)
                            && !opens_with_ordinal(t)
                            && !(t.chars().count() == 1 && t.chars().all(is_cjk)))
                }),
            _ => None,
        };
        let (true, Some(cell)) = (prev_is_table, next_first_cell) else {
            continue;
        };
        // A line holding a group label and the start of a row label
        // (`（四）无法提供 1.本机关不掌握相关`) is not one label's piece: the
        // alignment joins its pieces.
        let next_spaced = matches!(lines[i + 1].kind, LineKind::Cells { spaced: true, .. });
        if next_spaced && label_pieces(text, content).len() > 1 {
            continue;
        }
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
    fn tab_separated_rows_keep_their_empty_cells_and_words_after_a_tab_stay_prose() {
        let table = "规章\t0\t0\t4\n制发规范性文件总数\t件\t\n行政许可\t0\n";
        assert_eq!(
            cells(table),
            vec![
                vec!["规章", "0", "0", "4"],
                vec!["制发规范性文件总数", "件", ""],
                vec!["行政许可", "0"]
            ]
        );
        // Word writes a tab after a heading's or a list item's number: prose, not cells.
        let prose = "一、\t总体情况\n1.\t政策解读形式还不够丰富。\n2.\t公开渠道有限。\n联系电话：\t0591-2316\n";
        assert!(cells(prose).is_empty(), "{:?}", cells(prose));
        // Nor among a table's lines (a heading between two tables).
        let between = "政府集中采购 |\n0 |\n二、\t主动公开政府信息情况\n申请人情况 |\n";
        assert_eq!(
            cells(between),
            vec![vec!["政府集中采购"], vec!["0"], vec!["申请人情况"]]
        );
        // A lone tab row among prose is prose.
        assert!(cells("本年度工作情况如下。\n收费\t0\n下一步将继续推进。\n").is_empty());
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
