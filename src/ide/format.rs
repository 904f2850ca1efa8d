//! Formatting and converting tables: a table re-aligned in its own layout or as an aligned
//! Markdown table (display widths CJK-aware), official labels, values copied verbatim.
//!
//! Every rewrite is checked before it is offered: the edited text is parsed again and must
//! give the same report (year, issuer, date, sections, and every table's rows and cell
//! texts); and a table whose lines hold anything the model did not read (prose, unknown
//! cells) is never re-rendered, only its labels are corrected. An edit that fails the check
//! is dropped, never applied half-way.

use unicode_width::UnicodeWidthStr;

use crate::check::fix::apply_edits;
use crate::check::render::{eol_of, Style};
use crate::check::Edit;
use crate::model::{analyze, Analysis, LabelRole, Layout, Report, Table};
use crate::syntax::LineKind;
use crate::text::TextRange;

/// How a table is written by [`table_text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An aligned Markdown pipe table.
    Markdown,
    /// One row per line, cells padded to the column widths.
    RowPerLine,
}

/// Which labels a rewritten table carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    /// The official label of every recognised row, column and block (in the table's
    /// punctuation width); unknown rows keep theirs.
    Official,
    /// The labels as written (line breaks inside a label removed).
    Written,
}

/// One line of a table grid: its cells, the group whose columns it aligns with (a block), and
/// how it is written in row-per-line text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct GridRow {
    cells: Vec<String>,
    group: usize,
    kind: RowKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKind {
    Cells,
    /// A block label written as a line of its own, without a pipe (row-per-line text only).
    Plain,
    /// An empty line between blocks (row-per-line text only).
    Blank,
}

impl GridRow {
    fn cells(cells: Vec<String>, group: usize) -> GridRow {
        GridRow {
            cells,
            group,
            kind: RowKind::Cells,
        }
    }
}

fn collapse(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("")
}

/// The cells of `table`, line by line, in document order: notes before the table, then for
/// each block its label and header rows and its rows, then notes after.
fn grid(
    text: &str,
    analysis: &Analysis,
    table: &Table,
    labels: Labels,
    style: &Style,
) -> Vec<GridRow> {
    let line_kind = |offset: usize| {
        analysis
            .syntax
            .lines
            .get(analysis.line_index.line_of(offset))
            .map(|l| &l.kind)
    };
    // Blank lines between the blocks of the original are kept (row-per-line text).
    let spaced = (table.lines.0..=table.lines.1).any(|n| {
        analysis
            .syntax
            .lines
            .get(n)
            .is_some_and(|l| l.kind == LineKind::Blank)
    });
    let mut out = Vec::new();
    let first_row = table.rows.first().map_or(usize::MAX, |r| {
        r.label_range
            .or_else(|| r.values.iter().find_map(|v| v.range))
            .map_or(usize::MAX, |r| r.start)
    });
    let notes: Vec<_> = table
        .labels
        .iter()
        .filter(|l| l.role == LabelRole::Note)
        .collect();
    let note_text = |l: &crate::model::LabelCell| match labels {
        Labels::Official => style.label(&l.official),
        Labels::Written => collapse(&l.written),
    };
    for n in notes.iter().filter(|n| n.range.start < first_row) {
        out.push(GridRow::cells(vec![note_text(n)], usize::MAX));
    }
    let written_label = |role: LabelRole| {
        table
            .labels
            .iter()
            .find(|l| l.role == role)
            .map(|l| collapse(&l.written))
    };
    let mut block: Option<usize> = None;
    for row in &table.rows {
        if block != Some(row.block) {
            block = Some(row.block);
            let def = table.block_def(row.block);
            if spaced && !out.is_empty() {
                out.push(GridRow {
                    cells: Vec::new(),
                    group: row.block,
                    kind: RowKind::Blank,
                });
            }
            if let Some(label) = &def.label {
                let cell = match labels {
                    Labels::Official => style.label(label),
                    Labels::Written => {
                        written_label(LabelRole::Block(row.block)).unwrap_or_else(|| label.clone())
                    }
                };
                let plain = table
                    .labels
                    .iter()
                    .find(|l| l.role == LabelRole::Block(row.block))
                    .is_some_and(|l| {
                        matches!(line_kind(l.range.start), Some(LineKind::Text { .. }))
                    });
                out.push(GridRow {
                    cells: vec![cell],
                    group: row.block,
                    kind: if plain {
                        RowKind::Plain
                    } else {
                        RowKind::Cells
                    },
                });
            }
            let headers = crate::skeleton::header_rows(table.def, def);
            let last = headers.len().saturating_sub(1);
            for (h, header) in headers.iter().enumerate() {
                let mut cells: Vec<String> = header.iter().map(|c| style.label(c)).collect();
                if labels == Labels::Written && h == last {
                    // The column labels as written (`商业机构` stays what the author typed).
                    let offset = cells.len().saturating_sub(def.columns.len());
                    for (c, cell) in cells.iter_mut().skip(offset).enumerate() {
                        if let Some(w) = written_label(LabelRole::Column(row.block, c)) {
                            *cell = w;
                        }
                    }
                }
                out.push(GridRow::cells(cells, row.block));
            }
        }
        let row_def = table.row_def(row);
        let mut cells = Vec::new();
        if !row_def.is_some_and(|d| d.implicit) {
            cells.push(match (labels, row_def) {
                (Labels::Official, Some(d)) => style.label(&d.label),
                _ => collapse(&row.written),
            });
        }
        if table.block_def(row.block).unit_column {
            cells.push(
                row.unit
                    .map(|u| collapse(&text[u.start..u.end]))
                    .unwrap_or_default(),
            );
        }
        cells.extend(row.values.iter().map(|v| collapse(&v.text)));
        cells.extend(row.extra.iter().map(|v| collapse(&v.text)));
        // A label-only row keeps only its label (and unit) in row-per-line text.
        while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        out.push(GridRow::cells(cells, row.block));
    }
    for n in notes.iter().filter(|n| n.range.start >= first_row) {
        out.push(GridRow::cells(vec![note_text(n)], usize::MAX));
    }
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The text of `table` as `target`, lines joined with `eol`, without a final line break.
#[must_use]
pub fn table_text(
    text: &str,
    analysis: &Analysis,
    table: &Table,
    target: Target,
    labels: Labels,
    style: &Style,
) -> String {
    let rows: Vec<GridRow> = grid(text, analysis, table, labels, style)
        .into_iter()
        .filter(|r| target == Target::RowPerLine || r.kind != RowKind::Blank)
        .collect();
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // Column widths: one set for a Markdown table; per block in row-per-line text, where a
    // single cell (a block label, a note) stands alone and does not widen its column.
    let group_of = |r: &GridRow| match target {
        Target::Markdown => 0,
        Target::RowPerLine => r.group,
    };
    let widths = |group: usize| {
        let mut w = vec![0usize; columns];
        for r in rows.iter().filter(|r| group_of(r) == group) {
            if target == Target::RowPerLine && r.cells.len() == 1 {
                continue;
            }
            for (i, c) in r.cells.iter().enumerate() {
                w[i] = w[i].max(UnicodeWidthStr::width(c.as_str()));
            }
        }
        w
    };
    let mut lines = Vec::new();
    match target {
        Target::Markdown => {
            let widths: Vec<usize> = widths(0).iter().map(|w| (*w).max(3)).collect();
            for (n, r) in rows.iter().enumerate() {
                let cells: Vec<String> = (0..columns)
                    .map(|i| pad(r.cells.get(i).map_or("", String::as_str), widths[i]))
                    .collect();
                lines.push(format!("| {} |", cells.join(" | ")));
                if n == 0 {
                    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                    lines.push(format!("| {} |", dashes.join(" | ")));
                }
            }
        }
        Target::RowPerLine => {
            let sep = style.separator.as_str();
            for r in &rows {
                match r.kind {
                    RowKind::Blank => lines.push(String::new()),
                    RowKind::Plain => lines.push(r.cells.concat()),
                    RowKind::Cells => {
                        let w = widths(r.group);
                        let cells: Vec<String> = r
                            .cells
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                if r.cells.len() == 1 {
                                    c.clone()
                                } else {
                                    pad(c, w[i])
                                }
                            })
                            .collect();
                        let line = format!("{}{}", cells.join(sep), sep.trim_end());
                        lines.push(line);
                    }
                }
            }
        }
    }
    lines.join(&style.eol)
}

/// The byte range of a table's lines, from the start of its first line to the end of its
/// last line (line break excluded).
#[must_use]
pub fn table_span(text: &str, analysis: &Analysis, table: &Table) -> TextRange {
    let idx = &analysis.line_index;
    let last = idx.line_count().saturating_sub(1);
    let start = idx.line_range(text, table.lines.0.min(last)).start;
    let end = idx.line_range(text, table.lines.1.min(last)).end;
    TextRange::new(start, end.max(start))
}

/// Does every line of the table hold only what the model read (its cells, labels, notes,
/// padding)? Only such a table may be re-rendered whole.
/// [`only_table_content`], but loose text lines (pieces of labels) may be left over.
fn only_table_content_and_pieces(text: &str, analysis: &Analysis, table: &Table) -> bool {
    table_content(text, analysis, table, true)
}

fn only_table_content(text: &str, analysis: &Analysis, table: &Table) -> bool {
    table_content(text, analysis, table, false)
}

fn table_content(text: &str, analysis: &Analysis, table: &Table, pieces: bool) -> bool {
    let mut read: Vec<TextRange> = Vec::new();
    for row in &table.rows {
        read.extend(row.label_range);
        read.extend(row.unit);
        read.extend(row.values.iter().chain(&row.extra).filter_map(|v| v.range));
    }
    read.extend(table.labels.iter().map(|l| l.range));
    let covered = |r: TextRange| {
        read.iter()
            .any(|x| x.start < r.end.max(r.start + 1) && r.start < x.end.max(x.start + 1))
    };
    for n in table.lines.0..=table.lines.1 {
        let Some(line) = analysis.syntax.lines.get(n) else {
            return false;
        };
        match &line.kind {
            LineKind::Blank | LineKind::Delimiter => {}
            LineKind::Text { .. } | LineKind::Fragment => {
                if !covered(line.range) && !pieces {
                    return false;
                }
            }
            LineKind::Cells { cells, .. } => {
                let text_piece = |c: &crate::syntax::Cell| {
                    pieces
                        && matches!(
                            crate::text::value::parse_value(c.text(text)),
                            crate::text::value::CellValue::Unreadable
                        )
                };
                if cells
                    .iter()
                    .any(|c| !c.is_empty() && !covered(c.range) && !text_piece(c))
                {
                    return false;
                }
            }
        }
    }
    true
}

/// What a report says, for checking that a rewrite changed nothing: year, issuer, date,
/// section numbers, and per table its kind, generation and every row's identity and cell texts.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint {
    meta: (Option<i32>, Option<String>, Option<String>, Vec<u8>),
    tables: Vec<TablePrint>,
}

/// A row's identity and cell texts: (template row, label key of an unknown row, values, extras).
type RowPrint = (Option<(usize, usize)>, String, Vec<String>, Vec<String>);

#[derive(Debug, PartialEq, Eq)]
struct TablePrint {
    kind: &'static str,
    template: String,
    rows: Vec<RowPrint>,
}

/// The fingerprint of a parsed report.
#[must_use]
pub fn fingerprint(report: &Report) -> Fingerprint {
    Fingerprint {
        meta: (
            report.year.as_ref().map(|y| y.value),
            report.issuer.as_ref().map(|i| i.name.clone()),
            report.published.as_ref().map(|d| d.value.to_string()),
            report.sections.iter().map(|s| s.number).collect(),
        ),
        tables: report
            .tables
            .iter()
            .map(|t| TablePrint {
                kind: t.kind.as_str(),
                template: t.template.id.clone(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        let unknown = if r.def.is_none() {
                            crate::text::normalize::label_key(&r.written)
                        } else {
                            String::new()
                        };
                        (
                            r.def,
                            unknown,
                            r.values.iter().map(|v| v.text.trim().to_string()).collect(),
                            r.extra.iter().map(|v| v.text.trim().to_string()).collect(),
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Keeps the edits (non-overlapping, on `text`) that leave the report's fingerprint as it is,
/// each tried on top of the ones already kept, in document order.
#[must_use]
pub fn safe_edits(text: &str, edits: Vec<Edit>) -> Vec<Edit> {
    let want = fingerprint(&analyze(text).report);
    let ok = |edits: &[Edit]| {
        let (new_text, skipped) = apply_edits(text, edits);
        skipped.is_empty() && fingerprint(&analyze(&new_text).report) == want
    };
    if edits.is_empty() || ok(&edits) {
        return edits;
    }
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        kept.push(e);
        if !ok(&kept) {
            kept.pop();
        }
    }
    kept
}

/// Label corrections of one table: every recognised row, column and block label that does
/// not read as the official one, in the author's punctuation width.
fn label_edits(text: &str, table: &Table) -> Vec<Edit> {
    use crate::check::rules::support::styled_label;
    let mut out = Vec::new();
    let mut push = |range: TextRange, official: &str| {
        let written = &text[range.start..range.end];
        let new_text = styled_label(written, official);
        if new_text != written {
            out.push(Edit { range, new_text });
        }
    };
    for row in &table.rows {
        if let (Some(def), Some(range)) = (table.row_def(row), row.label_range) {
            push(range, &def.label);
        }
    }
    for l in &table.labels {
        if matches!(l.role, LabelRole::Block(_) | LabelRole::Column(..)) {
            push(l.range, &l.official);
        }
    }
    out.sort_by_key(|e| e.range.start);
    out.dedup_by_key(|e| e.range);
    out
}

/// Does every row with several cells stand on one line (section 四's single row of values,
/// read as cell-per-line for want of a label)?
fn rows_on_one_line(table: &Table) -> bool {
    let mut rows = table
        .rows
        .iter()
        .filter(|r| r.values.iter().filter(|v| v.range.is_some()).count() >= 2)
        .peekable();
    rows.peek().is_some() && rows.all(|r| r.lines.0 == r.lines.1)
}

/// How the document is formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// A Markdown document: every table becomes an aligned Markdown table.
    pub markdown: bool,
}

/// The edits that format the tables whose lines meet `range` (all tables when `None`):
/// Markdown and row-per-line tables re-aligned in their own layout (all tables as Markdown in
/// a Markdown document), official labels; in cell-per-line tables only the labels change.
/// Values are never touched; edits are checked (see the module docs).
#[must_use]
pub fn format_edits(text: &str, range: Option<TextRange>, options: FormatOptions) -> Vec<Edit> {
    format_edits_with(text, &analyze(text), range, options)
}

/// [`format_edits`] with the model of `text` made already (the editor's, shared per version).
#[must_use]
pub fn format_edits_with(
    text: &str,
    analysis: &Analysis,
    range: Option<TextRange>,
    options: FormatOptions,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for table in &analysis.report.tables {
        let span = table_span(text, analysis, table);
        if let Some(r) = range {
            if r.end < span.start || span.end < r.start {
                continue;
            }
        }
        let style = Style::of_table(text, analysis, table);
        let target = match table.layout {
            _ if options.markdown => Some(Target::Markdown),
            Layout::Markdown => Some(Target::Markdown),
            Layout::RowPerLine => Some(Target::RowPerLine),
            Layout::CellPerLine if rows_on_one_line(table) => Some(Target::RowPerLine),
            Layout::CellPerLine => None,
        };
        let whole = target
            .filter(|_| only_table_content(text, analysis, table))
            .map(|t| table_text(text, analysis, table, t, Labels::Official, &style))
            .filter(|new_text| new_text.as_str() != &text[span.start..span.end]);
        match whole {
            Some(new_text) => {
                let edit = Edit {
                    range: span,
                    new_text,
                };
                // Fall back to the labels alone when the re-rendered table does not parse back.
                let kept = safe_edits(text, vec![edit]);
                if kept.is_empty() {
                    edits.extend(label_edits(text, table));
                } else {
                    edits.extend(kept);
                }
            }
            None if target.is_none() || !only_table_content(text, analysis, table) => {
                edits.extend(label_edits(text, table))
            }
            None => {}
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    safe_edits(text, edits)
}

/// The whole text formatted (see [`format_edits`]).
#[must_use]
pub fn format_text(text: &str, options: FormatOptions) -> String {
    apply_edits(text, &format_edits(text, None, options)).0
}

/// What [`to_markdown`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// Tables (kind, title, first line, 0-based) left in their own layout because the
    /// Markdown rendering would not have read back the same.
    pub kept: Vec<(&'static str, String, usize)>,
}

/// The report as tidy Markdown: every table an aligned Markdown table (labels as written),
/// section headings as `##` headings, one blank line between paragraphs and around tables.
/// Values and prose are unchanged: the result parses to the same report.
#[must_use]
pub fn to_markdown(text: &str) -> Converted {
    let analysis = analyze(text);
    let want = fingerprint(&analysis.report);
    let eol = eol_of(text);
    // 1. Tables, each checked on its own.
    let mut table_edits = Vec::new();
    let mut kept = Vec::new();
    for table in &analysis.report.tables {
        let mut style = Style::markdown(eol);
        style.full_width = Style::of_table(text, &analysis, table).full_width;
        let span = table_span(text, &analysis, table);
        // A table the text tore apart (labels in pieces around their values) is
        // written whole with its official labels: its loose pieces of text are
        // those labels' pieces.
        let (labels, whole) = if table.torn {
            (
                Labels::Official,
                only_table_content_and_pieces(text, &analysis, table),
            )
        } else {
            (Labels::Written, only_table_content(text, &analysis, table))
        };
        let candidate = whole.then(|| Edit {
            range: span,
            new_text: table_text(text, &analysis, table, Target::Markdown, labels, &style),
        });
        match candidate.map(|e| safe_edits(text, vec![e])) {
            Some(mut e) if !e.is_empty() => table_edits.append(&mut e),
            _ => kept.push((table.kind.as_str(), table.def.title.clone(), table.lines.0)),
        }
    }
    let table_edits = safe_edits(text, table_edits);
    // 2. Lines: headings, paragraphs, blank lines around tables.
    let spans: Vec<(usize, usize, Option<&Edit>)> = analysis
        .report
        .tables
        .iter()
        .map(|t| {
            let span = table_span(text, &analysis, t);
            (
                t.lines.0,
                t.lines.1,
                table_edits.iter().find(|e| e.range == span),
            )
        })
        .collect();
    let heading_lines: Vec<usize> = analysis.report.sections.iter().map(|s| s.line).collect();
    let mut out: Vec<String> = Vec::new();
    // Kinds of the emitted lines: prose paragraphs are separated by a blank line.
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Start,
        Blank,
        Prose,
        Table,
        Cells,
    }
    let mut last = Last::Start;
    let lines = &analysis.syntax.lines;
    let mut n = 0;
    while n < lines.len() {
        let line = &lines[n];
        let raw = &text[line.range.start..line.range.end];
        if let Some(&(first, end, edit)) = spans.iter().find(|s| s.0 == n) {
            if !matches!(last, Last::Start | Last::Blank) {
                out.push(String::new());
            }
            match edit {
                Some(e) => out.push(e.new_text.clone()),
                None => {
                    for l in &lines[first..=end.min(lines.len() - 1)] {
                        out.push(text[l.range.start..l.range.end].to_string());
                    }
                }
            }
            last = Last::Table;
            n = end + 1;
            continue;
        }
        match &line.kind {
            LineKind::Blank => {
                if !matches!(last, Last::Start | Last::Blank) {
                    out.push(String::new());
                    last = Last::Blank;
                }
            }
            LineKind::Text {
                markdown_heading, ..
            } => {
                if !matches!(last, Last::Start | Last::Blank) {
                    out.push(String::new());
                }
                let is_heading = heading_lines.contains(&n) && markdown_heading.is_none();
                if is_heading {
                    out.push(format!("## {}", raw.trim()));
                } else {
                    out.push(raw.to_string());
                }
                last = Last::Prose;
            }
            _ => {
                if matches!(last, Last::Prose | Last::Table) {
                    out.push(String::new());
                }
                out.push(raw.to_string());
                last = Last::Cells;
            }
        }
        n += 1;
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let mut converted = out.join(eol);
    converted.push_str(eol);
    if fingerprint(&analyze(&converted).report) != want {
        // The prose changes moved something: keep the tables only.
        converted = apply_edits(text, &table_edits).0;
    }
    Converted {
        text: converted,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_table_is_aligned_by_display_width() {
        let text = "二、主动公开政府信息情况\n| 第二十条第（一）项 |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 1 | 0 | 12 |\n| 行政规范性文件 | 3 | 1 | 4 |\n";
        let out = format_text(text, FormatOptions { markdown: true });
        let lines: Vec<&str> = out.lines().collect();
        // Every table line has the same display width.
        let widths: Vec<usize> = lines[1..]
            .iter()
            .map(|l| UnicodeWidthStr::width(*l))
            .collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{out}");
        assert_eq!(
            fingerprint(&analyze(&out).report),
            fingerprint(&analyze(text).report)
        );
    }
}
