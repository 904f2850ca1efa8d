//! Finding tables and aligning their cells to a template table.
//!
//! A table's cells are read in order. A text cell is a row label, a column or
//! block header, or the table's note; the value cells after a row label belong
//! to that row. Which template table (and so which generation) a table is, is
//! decided by how well each candidate explains its cells.

use super::value::{is_unit, parse_value, CellValue};
use super::{LabelCell, LabelRole, Layout, MatchKind, Row, Section, Table, ValueCell};
use crate::syntax::{Cell, LineKind, Syntax};
use crate::template::{
    body_key, LabelForm, LabelTarget, TableDef, TableKeys, TableKind, Template, Templates,
};
use crate::text::normalize::split_ordinal;
use crate::text::normalize::{core_key, label_key, similarity_at_least};
use crate::text::TextRange;

/// Similarity above which a label is taken as a typing mistake of an official one.
const TYPO_SIMILARITY: f64 = 0.8;
/// Similarity above which a label with the ordinal of the row expected next
/// is taken as that row mistyped.
const EXPECTED_ROW_TYPO_SIMILARITY: f64 = 0.6;
/// Similarity above which a cell is the table's note, however it is punctuated.
const NOTE_SIMILARITY: f64 = 0.7;
/// Pipe-less lines inside a table section shorter than this may be labels
/// (`**第二十条第（一）项**` typed above a Markdown table).
const MAX_PROSE_LABEL_CHARS: usize = 30;
/// Longer pipe-less lines are labels only when they are a template's row label, up to this.
const MAX_LONG_LABEL_CHARS: usize = 60;

/// A cell of a table candidate; `prose` cells come from pipe-less lines and
/// are only kept when they are a label of the table.
#[derive(Clone, Copy, Debug)]
struct CandidateCell {
    cell: Cell,
    prose: bool,
}

struct Candidate {
    cells: Vec<CandidateCell>,
    section: Option<u8>,
}

/// A table and the other generations whose tables fit it exactly as well.
#[derive(Debug)]
pub struct FoundTable<'t> {
    pub table: Table<'t>,
    pub alternatives: Vec<Table<'t>>,
}

pub fn find_tables<'t>(
    text: &str,
    syntax: &Syntax,
    sections: &[Section],
    templates: &'t Templates,
) -> Vec<FoundTable<'t>> {
    candidates(text, syntax, sections, templates)
        .into_iter()
        .filter_map(|c| align_candidate(text, syntax, &c, templates))
        // Header cells and no row: nothing of the table was read.
        .filter(|f| !f.table.rows.is_empty() && !misread(&f.table))
        .collect()
}

/// A reading that put the numbers of whole rows under other rows: a row with
/// more numbers than a row of its block holds beyond its own, while rows of
/// the template go without any (a text whose extractor wrote labels and
/// values in separate runs). Such a table is not read at all: the text names
/// it, so it is reported unreadable, rather than checked on values that are
/// not where the report puts them.
fn misread(table: &Table) -> bool {
    let surplus_row = table.rows.iter().any(|r| {
        let extra = r.extra.iter().filter(|v| !v.text.is_empty()).count();
        extra > 0 && extra >= table.block_def(r.block).columns.len().max(2)
    });
    let without_values = table.rows.iter().any(|r| {
        table.row_def(r).is_some_and(|d| d.values)
            && !r.values.is_empty()
            && r.values.iter().all(|v| v.range.is_none())
    });
    surplus_row && without_values
}

/// Groups table lines into candidates: all table lines of one of the sections
/// 二/三/四 form one candidate; elsewhere each run of table lines does.
fn candidates(
    text: &str,
    syntax: &Syntax,
    sections: &[Section],
    templates: &Templates,
) -> Vec<Candidate> {
    let section_at = |line: usize| {
        sections
            .iter()
            .take_while(|s| s.line <= line)
            .last()
            .map(|s| (s.number, s.line))
    };
    let mut out: Vec<Candidate> = Vec::new();
    let mut current: Option<(Option<(u8, usize)>, Candidate)> = None;
    // The current candidate's lines of cells hold one cell each (or none).
    let mut bare_cells_only = true;
    for line in &syntax.lines {
        let section = section_at(line.number);
        let in_table_section = matches!(section, Some((2..=4, _)));
        if current.as_ref().is_some_and(|(s, _)| *s != section) {
            out.extend(current.take().map(|(_, c)| c));
        }
        if current.is_none() {
            bare_cells_only = true;
        }
        match &line.kind {
            LineKind::Cells { cells, .. } => {
                bare_cells_only &= cells.len() <= 1;
                let cand = &mut current
                    .get_or_insert_with(|| {
                        (
                            section,
                            Candidate {
                                cells: Vec::new(),
                                section: section.map(|s| s.0),
                            },
                        )
                    })
                    .1;
                cand.cells.extend(
                    cells
                        .iter()
                        .map(|&cell| CandidateCell { cell, prose: false }),
                );
            }
            LineKind::Blank | LineKind::Delimiter | LineKind::Fragment => {}
            LineKind::Text {
                content,
                markdown_heading,
            } => {
                if markdown_heading.is_some() && heads_its_row(text, syntax, line.number, *content)
                {
                    // `### 一、本年新收…` over a table whose row repeats the label (a
                    // converter's one small table per row): a heading, not a row.
                    continue;
                }
                let lone_number = || {
                    matches!(
                        parse_value(&text[content.start..content.end]),
                        CellValue::Number { .. }
                    )
                };
                if in_table_section && bare_cells_only && current.is_some() && lone_number() {
                    // A number alone on its line among a table's lines is a cell, however far
                    // the next number is, in a table typed one cell per line without separators
                    // (a one-column block: `行政许可` / `0` / `第二十条第（六）项`). Among rows of
                    // cells it may be a torn label's ordinal (`1` / `.申请人…`).
                    if let Some((_, cand)) = current.as_mut() {
                        cand.cells.push(CandidateCell {
                            cell: Cell {
                                range: *content,
                                line: line.number,
                            },
                            prose: false,
                        });
                    }
                } else if in_table_section && section.is_some_and(|s| s.1 != line.number) {
                    // A line of text may hold several pieces (a PDF's header laid out in columns,
                    // a group label's piece beside a row label); a piece short enough may be a label.
                    let pieces: Vec<TextRange> = crate::syntax::label_pieces(text, *content)
                        .into_iter()
                        .filter(|p| {
                            let piece = &text[p.start..p.end];
                            let chars = piece.chars().filter(|c| !c.is_whitespace()).count();
                            // The template's longest labels (`2.申请人逾期未按收费通知要求缴纳
                            // 费用、行政机关不再处理其政府信息公开申请`) are longer than any
                            // other label: a line that is one of them is one.
                            chars <= MAX_PROSE_LABEL_CHARS
                                || (chars <= MAX_LONG_LABEL_CHARS
                                    && templates.is_row_label(&label_key(piece)))
                        })
                        .collect();
                    if !pieces.is_empty() {
                        let cand = &mut current
                            .get_or_insert_with(|| {
                                (
                                    section,
                                    Candidate {
                                        cells: Vec::new(),
                                        section: section.map(|s| s.0),
                                    },
                                )
                            })
                            .1;
                        for range in pieces {
                            let cell = Cell {
                                range,
                                line: line.number,
                            };
                            cand.cells.push(CandidateCell { cell, prose: true });
                        }
                    }
                } else {
                    out.extend(current.take().map(|(_, c)| c));
                }
            }
        }
    }
    out.extend(current.map(|(_, c)| c));
    out.retain(|c| c.cells.iter().any(|c| !c.prose));
    out
}

/// Whether the Markdown heading on line `number` names the row that the first row with
/// numbers in the next few lines also names (ordinals aside): `### （一）予以公开` over
/// `| 予以公开 | 290 | … |`.
fn heads_its_row(text: &str, syntax: &Syntax, number: usize, content: TextRange) -> bool {
    use crate::text::normalize::{label_key, split_ordinal};
    let body = |s: &str| {
        let key = label_key(s);
        split_ordinal(&key).1.to_string()
    };
    let heading = body(&text[content.start..content.end]);
    if heading.is_empty() {
        return false;
    }
    for line in syntax.lines.iter().skip(number + 1).take(6) {
        match &line.kind {
            LineKind::Cells { cells, .. } => {
                // Numbers as the table reads them, after the label.
                let numbers = cells
                    .iter()
                    .skip(1)
                    .any(|c| matches!(parse_value(c.text(text)), CellValue::Number { .. }));
                if !numbers {
                    continue;
                }
                return cells
                    .first()
                    .is_some_and(|c| body(&text[c.range.start..c.range.end]) == heading);
            }
            LineKind::Text { .. } => return false,
            _ => {}
        }
    }
    false
}

/// A cell's reading, before alignment.
#[derive(Clone, Debug)]
enum Reading {
    Empty,
    Value,
    Unit,
    Text(String),
}

/// A unit cell's reading, for tables with a unit column.
static UNIT: Reading = Reading::Unit;

/// A cell's reading, the unit column aside (see [`UNIT`]); read once per
/// candidate, whatever the number of template tables it is aligned to.
fn read(text: &str, cell: &Cell) -> Reading {
    if cell.is_empty() {
        return Reading::Empty;
    }
    let t = cell.text(text);
    match parse_value(t) {
        CellValue::Number { .. } | CellValue::Blank => Reading::Value,
        CellValue::Unreadable => Reading::Text(label_key(t)),
    }
}

/// A text cell that names nothing as a whole but whose space-separated words
/// each are labels (a PDF header line `商业企业 科研机构 社会公益组织`): the
/// words as cells of their own.
fn split_label_words(text: &str, candidate: &Candidate, templates: &Templates) -> Candidate {
    let is_label = |key: &str| {
        templates.templates.iter().enumerate().any(|(ti, t)| {
            (0..t.tables.len()).any(|di| templates.keys(ti, di).lookup.contains_key(key))
        })
    };
    let mut cells = Vec::with_capacity(candidate.cells.len());
    for cc in &candidate.cells {
        let t = cc.cell.text(text);
        let words: Vec<(usize, &str)> = t
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
            .collect();
        let split = words.len() >= 2
            && !is_label(&label_key(t))
            && words.iter().all(|(_, w)| is_label(&label_key(w)));
        if !split {
            cells.push(*cc);
            continue;
        }
        for (at, w) in words {
            let start = cc.cell.range.start + at;
            cells.push(CandidateCell {
                cell: Cell {
                    range: TextRange::new(start, start + w.len()),
                    line: cc.cell.line,
                },
                prose: cc.prose,
            });
        }
    }
    Candidate {
        cells,
        section: candidate.section,
    }
}

fn align_candidate<'t>(
    text: &str,
    syntax: &Syntax,
    candidate: &Candidate,
    templates: &'t Templates,
) -> Option<FoundTable<'t>> {
    let split = split_label_words(text, candidate, templates);
    let candidate = &split;
    let readings: Vec<Reading> = candidate
        .cells
        .iter()
        .map(|c| read(text, &c.cell))
        .collect();
    // Which kind of table: the one whose labels name most cells exactly.
    let keys: Vec<(&str, String)> = readings
        .iter()
        .filter_map(|r| match r {
            Reading::Text(k) => Some((k.as_str(), core_key(k))),
            _ => None,
        })
        .collect();
    let mut best_kind: Option<(usize, bool, TableKind)> = None;
    for (ti, template) in templates.templates.iter().enumerate() {
        for (di, def) in template.tables.iter().enumerate() {
            let tk = templates.keys(ti, di);
            let hits = keys
                .iter()
                .filter(|(k, core)| tk.lookup.contains_key(*k) || tk.lookup.contains_key(core))
                .count();
            // The kind the section holds, if its labels are there at all; else the most named.
            let expected = expected_kind(candidate.section) == Some(def.kind) && hits > 0;
            let better = match best_kind {
                None => hits > 0,
                Some((h, e, _)) => (expected, hits) > (e, h),
            };
            if better {
                best_kind = Some((hits, expected, def.kind));
            }
        }
    }
    // Values alone under a section whose table is one unlabelled row (四): that table.
    if best_kind.is_none() {
        let expected = expected_kind(candidate.section);
        let implicit = templates.templates.iter().flat_map(|t| &t.tables).any(|d| {
            Some(d.kind) == expected && d.blocks.iter().any(|b| b.rows.iter().any(|r| r.implicit))
        });
        if implicit {
            best_kind = expected.map(|k| (0, true, k));
        }
    }
    let (_, _, kind) = best_kind?;

    let mut scored: Vec<(i64, Table<'t>)> = Vec::new();
    for (ti, template) in templates.templates.iter().enumerate() {
        for (di, def) in template.tables.iter().enumerate() {
            if def.kind == kind {
                let tk = templates.keys(ti, di);
                scored.push(align(text, syntax, candidate, &readings, template, def, tk));
            }
        }
    }
    let best = scored.iter().map(|(s, _)| *s).max()?;
    let mut winners: Vec<Table<'t>> = scored
        .into_iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, t)| t)
        .collect();
    // Prefer the newest generation among equals; the report decides later.
    let table = winners.pop()?;
    Some(FoundTable {
        table,
        alternatives: winners,
    })
}

fn expected_kind(section: Option<u8>) -> Option<TableKind> {
    match section? {
        2 => Some(TableKind::Proactive),
        3 => Some(TableKind::Applications),
        4 => Some(TableKind::Appeals),
        _ => None,
    }
}

struct RowBuilder {
    def: Option<(usize, usize)>,
    block: usize,
    label: Option<Cell>,
    /// The label as written, when it is not the label cell's text (a label
    /// joined from pieces, a row rebuilt with its values set aside).
    written: Option<String>,
    /// The pieces of a joined label after the first.
    label_rest: Vec<TextRange>,
    matched: MatchKind,
    cells: Vec<Cell>,
    unit: Option<TextRange>,
}

/// A label broken into pieces by the text's layout (`（三）不` / `予公开`, or
/// a PDF's `5.要求行政机关确认或重 新出具` / values / `已获取信息`): the pieces
/// after the first, and the label they make together. The row's label cell is
/// the first piece.
struct Joined {
    key: String,
    /// The label as written, its pieces joined.
    written: String,
    rest: Vec<usize>,
}

/// Where each value column of each block stands across the line, in
/// characters from the line's start, for whitespace-separated rows (a PDF's
/// text laid out in columns): from the column headers and from rows with a
/// value in every column. A row with blank cells gives each of its numbers
/// the column it stands under, so blanks stay blank in their own columns.
#[derive(Default)]
struct Columns {
    /// Per block, per column: header centres.
    headers: Vec<Vec<Option<f64>>>,
    /// Per block, per column: (sum, count) of full rows' value centres.
    values: Vec<Vec<(f64, usize)>>,
}

impl Columns {
    fn new(def: &TableDef) -> Columns {
        Columns {
            headers: def
                .blocks
                .iter()
                .map(|b| vec![None; b.columns.len()])
                .collect(),
            values: def
                .blocks
                .iter()
                .map(|b| vec![(0.0, 0); b.columns.len()])
                .collect(),
        }
    }

    /// The centres of every column of `block`, if all are known.
    fn centres(&self, block: usize) -> Option<Vec<f64>> {
        let values = self.values.get(block)?;
        let headers = self.headers.get(block)?;
        values
            .iter()
            .zip(headers)
            .map(|(&(sum, n), h)| if n > 0 { Some(sum / n as f64) } else { *h })
            .collect()
    }
}

/// The centre of a cell, in characters from the start of its line.
fn centre(text: &str, syntax: &Syntax, cell: &Cell) -> f64 {
    let start = syntax.lines.get(cell.line).map_or(0, |l| l.range.start);
    let before = text[start.min(cell.range.start)..cell.range.start]
        .chars()
        .count();
    let width = text[cell.range.start..cell.range.end].chars().count();
    before as f64 + width as f64 / 2.0
}

fn is_spaced_line(syntax: &Syntax, line: usize) -> bool {
    matches!(
        syntax.lines.get(line).map(|l| &l.kind),
        Some(LineKind::Cells { spaced: true, .. })
    )
}

/// Gives `k` values at `xs` to `n > k` columns at `centres`, in order, so
/// that the sum of distances is least.
fn place_by_position(xs: &[f64], centres: &[f64]) -> Vec<usize> {
    let (k, n) = (xs.len(), centres.len());
    // best[i][j]: least cost of the first i values with value i-1 in column < j.
    let mut best = vec![vec![f64::INFINITY; n + 1]; k + 1];
    let mut from = vec![vec![false; n + 1]; k + 1];
    best[0].iter_mut().for_each(|c| *c = 0.0);
    for i in 1..=k {
        for j in i..=n {
            let skip = best[i][j - 1];
            let take = best[i - 1][j - 1] + (xs[i - 1] - centres[j - 1]).abs();
            if take <= skip {
                best[i][j] = take;
                from[i][j] = true;
            } else {
                best[i][j] = skip;
            }
        }
    }
    let mut out = vec![0; k];
    let (mut i, mut j) = (k, n);
    while i > 0 {
        if from[i][j] {
            out[i - 1] = j - 1;
            i -= 1;
        }
        j -= 1;
    }
    out
}

/// Most pieces a wrapped label is joined from.
const MAX_LABEL_PIECES: usize = 4;

/// For each text cell that is no label by itself: the official label it makes
/// with text cells after it, when each join is the start of an official label
/// and the last one is an official label exactly. The next piece is the text
/// cell that starts in the same column of one of the next three lines (a
/// label wrapped in its cell of a PDF's table, other rows' text beside it), or
/// else the next text cell, past at most one line of values.
fn wrapped_labels(
    text: &str,
    syntax: &Syntax,
    candidate: &Candidate,
    readings: &[Reading],
    keys: &TableKeys,
) -> Vec<Option<Joined>> {
    let cells = &candidate.cells;
    let official = |key: &str| {
        keys.lookup
            .get(key)
            .is_some_and(|found| found.iter().any(|(_, f)| *f == LabelForm::Official))
    };
    let prefix = |key: &str| keys.official.iter().any(|(o, _)| o.starts_with(key));
    // The character column a cell starts at in its line.
    let column = |i: usize| {
        let cell = cells[i].cell;
        syntax.lines.get(cell.line).map_or(0, |l| {
            text[l.range.start..cell.range.start.max(l.range.start)]
                .chars()
                .count()
        })
    };
    let is_text = |j: usize| matches!(readings[j], Reading::Text(_));
    // The next piece after cell `last` of a label starting at column `x`.
    let next_pieces = |last: usize, x: usize| {
        let line = cells[last].cell.line;
        let aligned = (last + 1..cells.len())
            .take_while(|&j| cells[j].cell.line <= line + 3)
            .find(|&j| is_text(j) && cells[j].cell.line > line && column(j).abs_diff(x) <= 2);
        // Past the values on the piece's own line (a wrapped label's values on its first
        // line, as top-aligned cells give them), or one line of values (on a line between).
        let mut sequential = None;
        let mut skipped: Option<usize> = None;
        for (j, cc) in cells.iter().enumerate().skip(last + 1) {
            let l = cc.cell.line;
            if is_text(j) {
                sequential = Some(j);
                break;
            }
            if l == line {
                continue;
            }
            if skipped.is_some_and(|s| s != l) {
                break;
            }
            skipped = Some(l);
        }
        let mut out: Vec<usize> = aligned.into_iter().collect();
        out.extend(sequential.filter(|s| Some(*s) != aligned));
        out
    };
    (0..cells.len())
        .map(|i| {
            let Reading::Text(key) = &readings[i] else {
                return None;
            };
            if keys.lookup.contains_key(key.as_str()) {
                return None;
            }
            let x = column(i);
            if !prefix(key) {
                return mistyped_pieces(text, cells, keys, i, &|last| next_pieces(last, x));
            }
            let mut written = cells[i].cell.text(text).to_string();
            let mut rest: Vec<usize> = Vec::new();
            let mut last = i;
            'pieces: while rest.len() + 1 < MAX_LABEL_PIECES {
                for j in next_pieces(last, x) {
                    let joined = format!("{written}{}", cells[j].cell.text(text));
                    let key = label_key(&joined);
                    if !prefix(&key) {
                        continue;
                    }
                    rest.push(j);
                    if official(&key) {
                        return Some(Joined {
                            key,
                            written: joined,
                            rest,
                        });
                    }
                    written = joined;
                    last = j;
                    continue 'pieces;
                }
                return None;
            }
            None
        })
        .collect()
}

/// A mistyped label wrapped over lines (`(二)不分公开(区分处` / `理的,只计这
/// 一情形,不` / `计其他情形)`): its pieces, taken while each brings the text
/// nearer to an official label, when together they are a near miss of one.
/// `next` gives the candidates for the piece after a piece.
fn mistyped_pieces(
    text: &str,
    cells: &[CandidateCell],
    keys: &TableKeys,
    i: usize,
    next: &dyn Fn(usize) -> Vec<usize>,
) -> Option<Joined> {
    let nearest = |key: &str| {
        keys.official
            .iter()
            .filter(|(_, t)| matches!(t, LabelTarget::Row(..)))
            .filter_map(|(o, _)| similarity_at_least(key, o, 0.0))
            .fold(0.0f64, f64::max)
    };
    let mut written = cells[i].cell.text(text).to_string();
    // The first piece opens as a row label does, with its ordinal (not `予处理4.…`, a
    // group label's piece run into a row label).
    if written.chars().filter(|c| !c.is_whitespace()).count() < 4
        || split_ordinal(&label_key(&written)).0.is_empty()
    {
        return None;
    }
    let mut near = nearest(&label_key(&written));
    let mut rest = Vec::new();
    let mut last = i;
    'pieces: while rest.len() + 1 < MAX_LABEL_PIECES {
        for j in next(last) {
            let piece = cells[j].cell.text(text);
            let piece_key = label_key(piece);
            // The next piece continues the label: it is no label, nor the start of one.
            if keys.lookup.contains_key(&piece_key) || !split_ordinal(&piece_key).0.is_empty() {
                continue;
            }
            let joined = format!("{written}{piece}");
            let joined_near = nearest(&label_key(&joined));
            if joined_near > near {
                (written, near, last) = (joined, joined_near, j);
                rest.push(j);
                continue 'pieces;
            }
        }
        break;
    }
    (!rest.is_empty() && near >= TYPO_SIMILARITY).then(|| Joined {
        key: label_key(&written),
        written,
        rest,
    })
}

/// Aligns a candidate's cells to one template table; returns a score of how
/// well the table explains them, and the aligned table.
///
/// Values come after their row's label: on its line (one row per line), or on
/// the lines after it (one cell per line). A line of values alone that does
/// not plainly belong to the row before it — that row has its values already,
/// takes none, or is one of several rows still waiting for theirs (the text of
/// a PDF puts a row's values above or below its wrapped label) — is set
/// aside; once the table is read, the lines set aside are given, in order, to
/// the rows without values in template order, when their numbers agree (else
/// to those rows and the template rows the text lacks, when those agree).
/// Lines that cannot be placed so are kept as [`Table::unplaced`].
fn align<'t>(
    text: &str,
    syntax: &Syntax,
    candidate: &Candidate,
    readings: &[Reading],
    template: &'t Template,
    def: &'t TableDef,
    keys: &TableKeys,
) -> (i64, Table<'t>) {
    let unit_column = def.blocks.iter().any(|b| b.unit_column);
    let implicit_row = def
        .blocks
        .iter()
        .enumerate()
        .find_map(|(b, block)| block.rows.iter().position(|r| r.implicit).map(|r| (b, r)));
    let takes_values = |pos: Option<(usize, usize)>| match pos {
        Some((b, r)) => def.blocks[b].rows[r].values,
        None => true,
    };
    // Lines of values and nothing else (two values at least).
    let value_lines = {
        let mut counts: Vec<(usize, usize, bool)> = Vec::new();
        for (cc, reading) in candidate.cells.iter().zip(readings) {
            let line = cc.cell.line;
            if counts.last().is_none_or(|c| c.0 != line) {
                counts.push((line, 0, false));
            }
            let last = counts.last_mut().expect("pushed");
            match reading {
                Reading::Value => last.1 += 1,
                Reading::Text(_) => last.2 = true,
                _ => {}
            }
        }
        counts
            .into_iter()
            .filter(|&(_, values, text)| values >= 2 && !text)
            .map(|(line, ..)| line)
            .collect::<rustc_hash::FxHashSet<usize>>()
    };
    let joins = wrapped_labels(text, syntax, candidate, readings, keys);
    let mut consumed = vec![false; candidate.cells.len()];
    let mut rows: Vec<Row> = Vec::new();
    let mut labels: Vec<LabelCell> = Vec::new();
    let mut current: Option<RowBuilder> = None;
    let mut block = 0usize;
    // Position of the last aligned row: repeated labels (`（三）其他情形数`)
    // resolve to the first template row after it.
    let mut cursor: Option<(usize, usize)> = None;
    let mut furthest: Option<(usize, usize)> = None;
    let mut score: i64 = 0;
    let mut first_cell: Option<TextRange> = None;
    let mut last_cell: Option<TextRange> = None;
    let mut lines = (usize::MAX, 0usize);
    // Value lines set aside, and the rows (indices into `rows`) still without values.
    let mut set_aside: Vec<Vec<Cell>> = Vec::new();
    let mut aside_line: Option<usize> = None;
    let mut waiting: Vec<usize> = Vec::new();
    // Evidence of a table torn by its conversion to text: label pieces joined
    // or left over, value lines set aside.
    let mut torn_pieces = 0usize;
    let mut columns = Columns::new(def);

    let mut leading_empties: Vec<Cell> = Vec::new();
    for (i, (cc, reading)) in candidate.cells.iter().zip(readings).enumerate() {
        if consumed[i] {
            continue;
        }
        let cell = cc.cell;
        let reading = if unit_column && !cell.is_empty() && is_unit(cell.text(text)) {
            &UNIT
        } else {
            reading
        };
        if aside_line == Some(cell.line) && !matches!(reading, Reading::Text(_)) {
            set_aside.last_mut().expect("opened").push(cell);
            continue;
        }
        aside_line = None;
        if matches!(reading, Reading::Text(_)) {
            leading_empties.clear();
        }
        let joined = joins[i].as_ref();
        let recognised = match (reading, joined) {
            (Reading::Text(_), Some(j)) => match_label(&j.key, keys, cursor, furthest, block),
            (Reading::Text(key), None) => match_label(key, keys, cursor, furthest, block),
            _ => None,
        };
        if cc.prose && recognised.is_none() {
            torn_pieces += 1;
            continue;
        }
        if recognised.is_some() {
            if let Some(j) = joined {
                torn_pieces += 1;
                for &k in &j.rest {
                    consumed[k] = true;
                }
            }
        }
        // A line of values alone that does not plainly belong to the row being read.
        let belongs = |row: &RowBuilder| {
            row.label.is_some_and(|l| l.line == cell.line)
                || row.cells.last().is_some_and(|c| c.line == cell.line)
                || (takes_values(row.def) && row.cells.is_empty() && waiting.is_empty())
        };
        let sets_aside = matches!(reading, Reading::Value)
            && value_lines.contains(&cell.line)
            && match &current {
                Some(row) => !belongs(row),
                None => implicit_row.is_none(),
            };
        if sets_aside {
            set_aside.push(vec![cell]);
            aside_line = Some(cell.line);
            continue;
        }
        first_cell.get_or_insert(cell.range);
        last_cell = Some(cell.range);
        lines = (lines.0.min(cell.line), lines.1.max(cell.line));
        match (reading, recognised) {
            (Reading::Empty | Reading::Value, _) => match &mut current {
                Some(row) => row.cells.push(cell),
                None => {
                    if matches!(reading, Reading::Empty) {
                        leading_empties.push(cell);
                        continue;
                    }
                    // An unlabelled row (section 四) may open with blank cells on its line.
                    let mut cells: Vec<Cell> = leading_empties
                        .drain(..)
                        .filter(|c| c.line == cell.line || !is_padding_line(syntax, c.line))
                        .collect();
                    cells.push(cell);
                    current = Some(RowBuilder {
                        def: implicit_row,
                        block: implicit_row.map_or(block, |p| p.0),
                        label: None,
                        label_rest: Vec::new(),
                        written: None,
                        matched: MatchKind::Exact,
                        cells,
                        unit: None,
                    });
                }
            },
            (Reading::Unit, _) => match &mut current {
                Some(row) if row.unit.is_none() => row.unit = Some(cell.range),
                Some(row) => row.cells.push(cell),
                None => {}
            },
            (Reading::Text(_), Some((target, matched))) => {
                torn_pieces += usize::from(flush(
                    text,
                    syntax,
                    def,
                    &mut columns,
                    &mut current,
                    &mut rows,
                    &mut waiting,
                ));
                score += match matched {
                    MatchKind::Exact => 3,
                    MatchKind::Variant => 2,
                    MatchKind::Typo | MatchKind::Truncated => 1,
                };
                let role = match target {
                    Target::Row(b, r) => {
                        block = b;
                        cursor = Some((b, r));
                        furthest = furthest.max(cursor);
                        current = Some(RowBuilder {
                            def: Some((b, r)),
                            block: b,
                            label: Some(cell),
                            written: joined.map(|j| j.written.clone()),
                            label_rest: joined.map_or_else(Vec::new, |j| {
                                j.rest
                                    .iter()
                                    .map(|&k| candidate.cells[k].cell.range)
                                    .collect()
                            }),
                            matched,
                            cells: Vec::new(),
                            unit: None,
                        });
                        continue;
                    }
                    Target::Block(b) => {
                        block = b;
                        cursor = b.checked_sub(1).map(|p| (p, usize::MAX));
                        LabelRole::Block(b)
                    }
                    Target::Column(b, c) => {
                        // A label the header repeats (`结果维持` under each group) stands, in
                        // reading order, over the next column of that name without a place yet.
                        let same = |d: usize| {
                            def.blocks[b].columns[d].label == def.blocks[b].columns[c].label
                        };
                        let free = (c..def.blocks[b].columns.len())
                            .find(|&d| same(d) && columns.headers[b][d].is_none());
                        if let Some(d) = free {
                            columns.headers[b][d] = Some(centre(text, syntax, &cell));
                        }
                        LabelRole::Column(b, c)
                    }
                    Target::Header(_) => LabelRole::Header,
                    Target::Note => LabelRole::Note,
                };
                let official = official_label(def, target);
                labels.push(LabelCell {
                    role,
                    written: cell.text(text).to_string(),
                    range: cell.range,
                    matched,
                    official,
                });
            }
            (Reading::Text(_), None) => {
                torn_pieces += usize::from(flush(
                    text,
                    syntax,
                    def,
                    &mut columns,
                    &mut current,
                    &mut rows,
                    &mut waiting,
                ));
                current = Some(RowBuilder {
                    def: None,
                    block,
                    label: Some(cell),
                    label_rest: Vec::new(),
                    written: None,
                    matched: MatchKind::Exact,
                    cells: Vec::new(),
                    unit: None,
                });
            }
        }
    }
    torn_pieces += usize::from(flush(
        text,
        syntax,
        def,
        &mut columns,
        &mut current,
        &mut rows,
        &mut waiting,
    ));
    // Long lines of text among the table's lines: headers torn over several lines.
    if lines.0 < lines.1 {
        torn_pieces += syntax.lines[lines.0..=lines.1.min(syntax.lines.len() - 1)]
            .iter()
            .filter(|l| match l.kind {
                LineKind::Text { content, .. } => {
                    text[content.start..content.end].chars().count() > MAX_PROSE_LABEL_CHARS
                }
                _ => false,
            })
            .count();
    }
    let torn = torn_pieces >= 2 || !set_aside.is_empty();
    let unplaced = place_set_aside(text, syntax, def, &mut rows, waiting, set_aside);
    for line in &unplaced {
        last_cell = Some(last_cell.map_or(*line, |l| l.cover(*line)));
    }

    // Penalties: template rows with values that the table lacks, numbers in
    // label-only rows, unknown rows with numbers.
    for (b, block_def) in def.blocks.iter().enumerate() {
        for (r, row_def) in block_def.rows.iter().enumerate() {
            if row_def.values && !rows.iter().any(|row| row.def == Some((b, r))) {
                score -= 2;
            }
        }
    }
    for row in &rows {
        let has_numbers = row
            .values
            .iter()
            .chain(&row.extra)
            .any(|v| v.range.is_some() && !v.text.is_empty());
        match row.def {
            Some((b, r)) if !def.blocks[b].rows[r].values && has_numbers => score -= 2,
            None if has_numbers => score -= 1,
            _ => {}
        }
    }

    let layout = layout_of(syntax, &rows);
    let range = match (first_cell, last_cell) {
        (Some(a), Some(b)) => a.cover(b),
        _ => TextRange::default(),
    };
    let table = Table {
        kind: def.kind,
        template,
        def,
        shape_ambiguous: false,
        range,
        lines: if lines.0 == usize::MAX { (0, 0) } else { lines },
        section: candidate.section,
        layout,
        rows,
        labels,
        unplaced,
        torn,
    };
    (score, table)
}

/// Gives the value lines set aside to the rows still without values (see
/// [`align`]); returns the ranges of the lines it could not place.
fn place_set_aside(
    text: &str,
    syntax: &Syntax,
    def: &TableDef,
    rows: &mut Vec<Row>,
    mut waiting: Vec<usize>,
    set_aside: Vec<Vec<Cell>>,
) -> Vec<TextRange> {
    if set_aside.is_empty() {
        return Vec::new();
    }
    let position = |rows: &[Row], i: usize| rows[i].def.unwrap_or((usize::MAX, usize::MAX));
    waiting.retain(|&i| rows[i].def.is_some());
    waiting.sort_by_key(|&i| position(rows, i));
    let mut takers: Vec<Result<usize, (usize, usize)>> = waiting.iter().map(|&i| Ok(i)).collect();
    if takers.len() != set_aside.len() {
        // With the template rows the text lacks.
        let mut with_missing = takers.clone();
        for (b, block) in def.blocks.iter().enumerate() {
            for (r, row_def) in block.rows.iter().enumerate() {
                if row_def.values
                    && !row_def.implicit
                    && !rows.iter().any(|row| row.def == Some((b, r)))
                {
                    with_missing.push(Err((b, r)));
                }
            }
        }
        with_missing.sort_by_key(|t| match t {
            Ok(i) => position(rows, *i),
            Err(pos) => *pos,
        });
        if with_missing.len() != set_aside.len() {
            return set_aside
                .iter()
                .map(|cells| cells[0].range.cover(cells[cells.len() - 1].range))
                .collect();
        }
        takers = with_missing;
    }
    let mut inserted = Vec::new();
    for (taker, cells) in takers.into_iter().zip(set_aside) {
        let (def_pos, label, written, matched, label_rest) = match taker {
            Ok(i) => (
                rows[i].def,
                rows[i].label_range,
                Some(rows[i].written.clone()),
                rows[i].matched,
                rows[i].label_rest.clone(),
            ),
            Err(pos) => (Some(pos), None, None, MatchKind::Exact, Vec::new()),
        };
        let builder = RowBuilder {
            def: def_pos,
            block: def_pos.map_or(0, |p| p.0),
            label: label.map(|range| Cell {
                range,
                line: syntax_line_of(syntax, range.start),
            }),
            written,
            label_rest,
            matched,
            cells,
            unit: None,
        };
        let row = build_row(text, syntax, def, &mut Columns::new(def), builder);
        match taker {
            Ok(i) => rows[i] = row,
            Err(_) => inserted.push(row),
        }
    }
    // Rows the text lacks go before the first row the template puts after them.
    for row in inserted {
        let at = rows
            .iter()
            .position(|r| r.def.is_some_and(|d| Some(d) > row.def))
            .unwrap_or(rows.len());
        rows.insert(at, row);
    }
    Vec::new()
}

/// The line of the syntax that holds byte `offset`.
fn syntax_line_of(syntax: &Syntax, offset: usize) -> usize {
    let i = syntax.lines.partition_point(|l| l.range.end < offset);
    syntax.lines.get(i).map_or(0, |l| l.number)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Row(usize, usize),
    Column(usize, usize),
    Block(usize),
    Header(usize),
    Note,
}

fn official_label(def: &TableDef, target: Target) -> String {
    match target {
        Target::Block(b) => def.blocks[b].label.clone().unwrap_or_default(),
        Target::Column(b, c) => def.blocks[b].columns[c].label.clone(),
        Target::Header(h) => def.headers[h].clone(),
        Target::Note => def.notes.first().cloned().unwrap_or_default(),
        Target::Row(b, r) => def.blocks[b].rows[r].label.clone(),
    }
}

/// Recognises a label: exactly, as a known variant, by its core (without its
/// note), without its ordinal, as a near miss, or cut short.
fn match_label(
    key: &str,
    keys: &TableKeys,
    cursor: Option<(usize, usize)>,
    furthest: Option<(usize, usize)>,
    block: usize,
) -> Option<(Target, MatchKind)> {
    let pick = |targets: &[(LabelTarget, LabelForm)], kind_for: &dyn Fn(LabelForm) -> MatchKind| {
        choose(
            targets.iter().map(|(t, f)| (*t, kind_for(*f))),
            cursor,
            block,
        )
    };
    if let Some(found) = keys.lookup.get(key) {
        return pick(found, &|f| match f {
            LabelForm::Official => MatchKind::Exact,
            LabelForm::Variant => MatchKind::Variant,
        });
    }
    if keys
        .notes
        .iter()
        .any(|n| similarity_at_least(key, n, NOTE_SIMILARITY).is_some())
    {
        return Some((Target::Note, MatchKind::Exact));
    }
    let core = core_key(key);
    if let Some(found) = keys.lookup.get(&core) {
        // A note cut off before its closing bracket was torn by the layout, not reworded.
        let torn = key.matches('(').count() > key.matches(')').count();
        return pick(found, &|_| {
            if torn {
                MatchKind::Truncated
            } else {
                MatchKind::Variant
            }
        });
    }
    if let Some(found) = keys.bodies.get(&body_key(key)) {
        // Without its ordinal, but not with another kind of ordinal: `（六）其他` is not `3.其他`.
        let kind = ordinal_kind(split_ordinal(key).0);
        let targets: Vec<_> = found
            .iter()
            .filter(|&&(b, r)| {
                kind.is_none()
                    || keys.official.iter().any(|(official, t)| {
                        *t == LabelTarget::Row(b, r)
                            && ordinal_kind(split_ordinal(official).0)
                                .is_none_or(|k| Some(k) == kind)
                    })
            })
            .map(|&(b, r)| (LabelTarget::Row(b, r), LabelForm::Variant))
            .collect();
        if !targets.is_empty() {
            return pick(&targets, &|_| MatchKind::Variant);
        }
    }
    let len = key.chars().count();
    if len >= 3 {
        // Every official label at the best similarity: a label the template
        // repeats (`（二）被依法纠错数`) is resolved by the reading position.
        let mut best: (f64, Vec<LabelTarget>) = (TYPO_SIMILARITY, Vec::new());
        for (official, target) in &keys.official {
            let olen = official.chars().count();
            if olen.abs_diff(len) * 4 > olen.max(len) {
                continue;
            }
            let Some(s) = similarity_at_least(key, official, best.0) else {
                continue;
            };
            if s > best.0 {
                best = (s, vec![*target]);
            } else if s == best.0 {
                best.1.push(*target);
            }
        }
        if !best.1.is_empty() {
            let targets = best.1.into_iter().map(|t| (t, MatchKind::Typo));
            return choose(targets, cursor, block);
        }
        // The row the reading position expects next, written with its ordinal
        // but with words missing (`2.其他法律行政止公开`): a typo at a lower bar.
        // (After the last row read, or after the furthest: a group label written
        // down the side may have taken the reading back.)
        let (ordinal, _) = split_ordinal(key);
        if !ordinal.is_empty() {
            let expected = [next_row(keys, cursor), next_row(keys, furthest)];
            let next = keys.official.iter().find(|(official, target)| {
                matches!(target, LabelTarget::Row(b, r) if expected.contains(&Some((*b, *r))))
                    && split_ordinal(official).0 == ordinal
                    && similarity_at_least(key, official, EXPECTED_ROW_TYPO_SIMILARITY).is_some()
            });
            if let Some((_, LabelTarget::Row(b, r))) = next {
                return Some((Target::Row(*b, *r), MatchKind::Typo));
            }
        }
    }
    if len >= 2 {
        let truncated: Vec<(LabelTarget, MatchKind)> = keys
            .official
            .iter()
            .filter(|(o, t)| {
                matches!(t, LabelTarget::Column(..) | LabelTarget::Header(_))
                    && o.starts_with(key)
                    && o.len() > key.len()
            })
            .map(|(_, t)| (*t, MatchKind::Truncated))
            .collect();
        if !truncated.is_empty() {
            return choose(truncated.into_iter(), cursor, block);
        }
    }
    None
}

/// The template row after `cursor` in reading order (the first row of a
/// later block when `cursor` is its block's last).
fn next_row(keys: &TableKeys, cursor: Option<(usize, usize)>) -> Option<(usize, usize)> {
    let cursor = cursor?;
    keys.official
        .iter()
        .filter_map(|(_, t)| match t {
            LabelTarget::Row(b, r) if (*b, *r) > cursor => Some((*b, *r)),
            _ => None,
        })
        .min()
}

/// Among the targets a label may name, the one the reading position suggests:
/// a row after the cursor (else the nearest before it), a column of the
/// current block.
fn choose(
    targets: impl Iterator<Item = (LabelTarget, MatchKind)>,
    cursor: Option<(usize, usize)>,
    block: usize,
) -> Option<(Target, MatchKind)> {
    let targets: Vec<_> = targets.collect();
    let rows: Vec<_> = targets
        .iter()
        .filter_map(|(t, k)| match t {
            LabelTarget::Row(b, r) => Some(((*b, *r), *k)),
            _ => None,
        })
        .collect();
    if !rows.is_empty() {
        let after = rows
            .iter()
            .filter(|(p, _)| cursor.is_none_or(|c| *p > c))
            .min_by_key(|(p, _)| *p);
        let chosen = after.or_else(|| rows.iter().max_by_key(|(p, _)| *p))?;
        return Some((Target::Row(chosen.0 .0, chosen.0 .1), chosen.1));
    }
    let columns: Vec<_> = targets
        .iter()
        .filter_map(|(t, k)| match t {
            LabelTarget::Column(b, c) => Some(((*b, *c), *k)),
            _ => None,
        })
        .collect();
    if !columns.is_empty() {
        let chosen = columns
            .iter()
            .find(|((b, _), _)| *b >= block)
            .or(columns.first())?;
        return Some((Target::Column(chosen.0 .0, chosen.0 .1), chosen.1));
    }
    targets.first().map(|(t, k)| {
        let target = match t {
            LabelTarget::Block(b) => Target::Block(*b),
            LabelTarget::Header(h) => Target::Header(*h),
            LabelTarget::Row(..) | LabelTarget::Column(..) => unreachable!("handled above"),
        };
        (target, *k)
    })
}

/// Closes the row being read: assigns its cells to the template's columns.
/// A text cell that names no template row and has no values is no row (a
/// vertical label's character, a header's fragment). A row of the template
/// that takes values but got none waits for a line set aside. Returns whether
/// it dropped such a piece of text.
fn flush(
    text: &str,
    syntax: &Syntax,
    def: &TableDef,
    columns: &mut Columns,
    current: &mut Option<RowBuilder>,
    rows: &mut Vec<Row>,
    waiting: &mut Vec<usize>,
) -> bool {
    let Some(row) = current.take() else {
        return false;
    };
    // A text cell naming nothing, among other such cells on its line, with no
    // number of its own: a fragment of a header torn across cells.
    let header_fragment = row.def.is_none()
        && row.cells.iter().all(Cell::is_empty)
        && row
            .label
            .is_some_and(|l| text_cells_on_line(text, syntax, l.line) >= 2);
    if header_fragment {
        return true;
    }
    // A row label without values on a line of three text cells or more and no number (a
    // converter's header `| 项目 | 本年新收件数 | 予以公开 | 部分公开 | … |` over a table
    // torn from its rows): a header, not the rows it names.
    let header_line = row.cells.iter().all(Cell::is_empty)
        && row.label.is_some_and(|l| {
            text_cells_on_line(text, syntax, l.line) >= 3
                && !has_number_on_line(text, syntax, l.line)
        });
    if header_line {
        return true;
    }
    if row.cells.is_empty() && row.unit.is_none() {
        match row.def {
            None => return true,
            Some((b, r)) if def.blocks[b].rows[r].values && row.label.is_some() => {
                waiting.push(rows.len())
            }
            Some(_) => {}
        }
    }
    let built = build_row(text, syntax, def, columns, row);
    if let Some(last) = rows
        .last_mut()
        .filter(|last| continues_implicit_row(def, last, &built))
    {
        // Section 四 written as one small table per group (行政复议, 行政诉讼 twice), each
        // under its own header: the groups' values, in order, are the one row's.
        let filled = last.values.iter().filter(|v| v.range.is_some()).count();
        let taken: Vec<ValueCell> = built
            .values
            .into_iter()
            .filter(|v| v.range.is_some())
            .collect();
        for (slot, value) in last.values[filled..].iter_mut().zip(taken) {
            *slot = value;
        }
        last.lines.1 = last.lines.1.max(built.lines.1);
        return false;
    }
    rows.push(built);
    false
}

/// Whether `next`, an unlabelled row after the unlabelled row `last` that filled only its
/// first columns, holds the rest of it: both implicit, no extra numbers, values in leading
/// columns only, and together no more than the row's columns.
fn continues_implicit_row(def: &TableDef, last: &Row, next: &Row) -> bool {
    let implicit = |r: &Row| {
        r.label_range.is_none()
            && r.def.is_some_and(|(b, i)| def.blocks[b].rows[i].implicit)
            && r.extra.is_empty()
    };
    let leading = |r: &Row| {
        let filled = r.values.iter().take_while(|v| v.range.is_some()).count();
        (filled > 0 && r.values[filled..].iter().all(|v| v.range.is_none())).then_some(filled)
    };
    if !implicit(last) || !implicit(next) || last.def != next.def {
        return false;
    }
    match (leading(last), leading(next)) {
        (Some(a), Some(b)) => a < last.values.len() && a + b <= last.values.len(),
        _ => false,
    }
}

fn build_row(
    text: &str,
    syntax: &Syntax,
    def: &TableDef,
    positions: &mut Columns,
    row: RowBuilder,
) -> Row {
    let block = row.block.min(def.blocks.len() - 1);
    let block_def = &def.blocks[block];
    let columns = match row.def {
        Some((b, r)) if !def.blocks[b].rows[r].values => 0,
        _ => block_def.columns.len(),
    };
    let (assigned, extra) = assign_spaced(text, syntax, positions, block, &row.cells, columns)
        .unwrap_or_else(|| assign_cells(syntax, row.label.map(|l| l.line), &row.cells, columns));
    let to_value = |cell: Option<Cell>| match cell {
        Some(cell) => {
            let t = cell.text(text);
            ValueCell {
                text: t.to_string(),
                value: parse_value(t),
                range: Some(cell.range),
            }
        }
        None => ValueCell {
            text: String::new(),
            value: CellValue::Blank,
            range: None,
        },
    };
    let first_line = row
        .label
        .map(|l| l.line - crate::text::count_line_breaks(&text[l.range.start..l.range.end]));
    let all_lines = row.label.iter().chain(&row.cells).map(|c| c.line);
    let last_line = all_lines.clone().max().unwrap_or(0);
    let first_line = first_line.or(all_lines.min()).unwrap_or(0);
    Row {
        def: row.def,
        block: row.block,
        written: row
            .written
            .or_else(|| row.label.map(|l| l.text(text).to_string()))
            .unwrap_or_default(),
        label_range: row.label.map(|l| l.range),
        label_rest: row.label_rest,
        matched: row.matched,
        values: assigned.into_iter().map(to_value).collect(),
        extra: extra.into_iter().map(|c| to_value(Some(c))).collect(),
        unit: row.unit,
        lines: (first_line, last_line),
    }
}

/// Which of a row's cells are its `n` values.
///
/// - Values on the label's own line (one row per line, Markdown) are read by
///   position: an empty cell there is a blank value.
/// - Otherwise (one cell per line) empty cells are either blank values or the
///   remains of merged cells. When the row has at least `n` non-empty cells,
///   the empty ones are padding; else lines of several empty cells (`||`) are
///   padding and the rest is read by position.
fn assign_cells(
    syntax: &Syntax,
    label_line: Option<usize>,
    cells: &[Cell],
    n: usize,
) -> (Vec<Option<Cell>>, Vec<Cell>) {
    let same_line: Vec<Cell> = match label_line {
        Some(line) => cells.iter().copied().filter(|c| c.line == line).collect(),
        None => Vec::new(),
    };
    let chosen: Vec<Cell> = if same_line.iter().any(|c| !c.is_empty()) {
        // Beyond the row's `n` values, empty cells at the end pad the row to
        // the table's width, and empty cells right after the label are label
        // cells merged across columns (`| 一、本年新收… | | | 0 | … |`).
        let mut cells = same_line;
        while cells.len() > n && cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        let surplus = cells.len().saturating_sub(n);
        let merged = cells
            .iter()
            .take(surplus)
            .take_while(|c| c.is_empty())
            .count();
        cells.split_off(merged)
    } else {
        let non_empty: Vec<Cell> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
        if non_empty.len() >= n {
            non_empty
        } else {
            cells
                .iter()
                .copied()
                .filter(|c| !c.is_empty() || !is_padding_line(syntax, c.line))
                .collect()
        }
    };
    let mut assigned: Vec<Option<Cell>> = chosen.iter().take(n).copied().map(Some).collect();
    assigned.resize(n, None);
    let extra = chosen
        .iter()
        .skip(n)
        .copied()
        .filter(|c| !c.is_empty())
        .collect();
    (assigned, extra)
}

/// The values of a whitespace-separated row, one line of them, by where they
/// stand: a full row teaches the columns' places, a row with fewer values
/// than columns gives each value the column it stands under. `None` when
/// that does not apply (not one spaced line, places unknown).
fn assign_spaced(
    text: &str,
    syntax: &Syntax,
    positions: &mut Columns,
    block: usize,
    cells: &[Cell],
    n: usize,
) -> Option<(Vec<Option<Cell>>, Vec<Cell>)> {
    let values: Vec<Cell> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    let line = values.first()?.line;
    if n < 2 || !values.iter().all(|c| c.line == line) || !is_spaced_line(syntax, line) {
        return None;
    }
    let xs: Vec<f64> = values.iter().map(|c| centre(text, syntax, c)).collect();
    if values.len() == n {
        for (slot, x) in positions.values.get_mut(block)?.iter_mut().zip(&xs) {
            slot.0 += x;
            slot.1 += 1;
        }
        return None;
    }
    if values.len() > n {
        return None;
    }
    let centres = positions.centres(block)?;
    let mut assigned = vec![None; n];
    for (value, column) in values.iter().zip(place_by_position(&xs, &centres)) {
        assigned[column] = Some(*value);
    }
    Some((assigned, Vec::new()))
}

/// How many cells of a line hold text that is no value.
fn text_cells_on_line(text: &str, syntax: &Syntax, line: usize) -> usize {
    match syntax.lines.get(line).map(|l| &l.kind) {
        Some(LineKind::Cells { cells, .. }) => cells
            .iter()
            .filter(|c| !c.is_empty() && matches!(parse_value(c.text(text)), CellValue::Unreadable))
            .count(),
        _ => 0,
    }
}

/// The kind of an ordinal (as a label key writes it): bracketed (`(六)`), Arabic (`3.`), or a
/// Chinese numeral (`四.`); `None` for no ordinal.
fn ordinal_kind(ordinal: &str) -> Option<u8> {
    let first = ordinal.chars().next()?;
    Some(match first {
        '(' => 0,
        c if c.is_ascii_digit() => 1,
        _ => 2,
    })
}

fn has_number_on_line(text: &str, syntax: &Syntax, line: usize) -> bool {
    match syntax.lines.get(line).map(|l| &l.kind) {
        Some(LineKind::Cells { cells, .. }) => cells
            .iter()
            .any(|c| matches!(parse_value(c.text(text)), CellValue::Number { .. })),
        _ => false,
    }
}

/// A line of two or more empty cells and nothing else: merged-cell remains.
fn is_padding_line(syntax: &Syntax, line: usize) -> bool {
    match syntax.lines.get(line).map(|l| &l.kind) {
        Some(LineKind::Cells { cells, .. }) => cells.len() >= 2 && cells.iter().all(Cell::is_empty),
        _ => false,
    }
}

fn layout_of(syntax: &Syntax, rows: &[Row]) -> Layout {
    let markdown = rows.iter().any(|r| {
        matches!(
            syntax.lines.get(r.lines.1).map(|l| &l.kind),
            Some(LineKind::Cells { markdown: true, .. })
        )
    });
    if markdown {
        return Layout::Markdown;
    }
    let labelled: Vec<&Row> = rows
        .iter()
        .filter(|r| r.label_range.is_some() && !r.values.is_empty())
        .collect();
    let one_line = labelled.iter().filter(|r| r.lines.0 == r.lines.1).count();
    if !labelled.is_empty() && one_line * 2 >= labelled.len() {
        Layout::RowPerLine
    } else {
        Layout::CellPerLine
    }
}

/// Decides the report's generation and gives tables whose shape fits several
/// generations the report's (or, failing that, the one in force for its year).
///
/// When every table fits several generations (a report with section 四 only),
/// the one in force for the report year is taken if it fits them.
pub fn settle_generations<'t>(
    found: Vec<FoundTable<'t>>,
    in_force: Option<&'t Template>,
) -> (Option<&'t Template>, bool, Vec<Table<'t>>) {
    let (mut report_template, mixed) = decide_generation(
        found
            .iter()
            .map(|f| (f.table.template, !f.alternatives.is_empty())),
    );
    let fits = |f: &FoundTable<'t>, t: &Template| {
        f.table.template.id == t.id || f.alternatives.iter().any(|a| a.template.id == t.id)
    };
    if let Some(t) = in_force {
        if found
            .iter()
            .all(|f| !f.alternatives.is_empty() && fits(f, t))
            && !found.is_empty()
        {
            report_template = Some(t);
        }
    }
    (
        report_template,
        mixed,
        apply_generation(found, report_template),
    )
}

/// The report's generation from its tables in document order, as (the table's
/// best template, does its shape fit other generations as well): the most
/// common generation of the unambiguous tables (ties: the newer), else the
/// first table's. Also whether unambiguous tables of different generations are
/// mixed.
pub fn decide_generation<'t>(
    tables: impl IntoIterator<Item = (&'t Template, bool)>,
) -> (Option<&'t Template>, bool) {
    let mut first = None;
    let mut counts: Vec<(&'t Template, usize)> = Vec::new();
    for (template, ambiguous) in tables {
        first.get_or_insert(template);
        if ambiguous {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| c.id == template.id) {
            Some((_, n)) => *n += 1,
            None => counts.push((template, 1)),
        }
    }
    let mixed = counts.len() > 1;
    let report_template = counts
        .iter()
        .max_by_key(|(t, n)| (*n, t.rank))
        .map(|(t, _)| *t)
        .or(first);
    (report_template, mixed)
}

/// Gives each table whose shape fits several generations the report's one.
pub fn apply_generation<'t>(
    found: Vec<FoundTable<'t>>,
    report_template: Option<&'t Template>,
) -> Vec<Table<'t>> {
    found
        .into_iter()
        .map(|f| {
            let mut table = f.table;
            if !f.alternatives.is_empty() {
                let mut alternatives = f.alternatives;
                if let Some(rt) = report_template {
                    if let Some(i) = alternatives.iter().position(|t| t.template.id == rt.id) {
                        table = alternatives.swap_remove(i);
                    }
                }
                table.shape_ambiguous = true;
            }
            table
        })
        .collect()
}
