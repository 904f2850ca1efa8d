//! Finding tables and aligning their cells to a template table.
//!
//! A table's cells are read in order. A text cell is a row label, a column or
//! block header, or the table's note; the value cells after a row label belong
//! to that row. Which template table (and so which generation) a table is, is
//! decided by how well each candidate explains its cells.

use super::value::{is_unit, parse_value, CellValue, Number};
use super::{LabelCell, LabelRole, Layout, MatchKind, Row, Section, Table, ValueCell};
use crate::syntax::{Cell, LineKind, Syntax};
use crate::template::{
    body_key, LabelForm, LabelTarget, TableDef, TableKeys, TableKind, Template, Templates,
};
use crate::text::normalize::{core_key, label_key, similarity_at_least};
use crate::text::TextRange;

/// Similarity above which a label is taken as a typing mistake of an official one.
const TYPO_SIMILARITY: f64 = 0.8;
/// Similarity above which a cell is the table's note, however it is punctuated.
const NOTE_SIMILARITY: f64 = 0.7;
/// Pipe-less lines inside a table section shorter than this may be labels
/// (`**第二十条第（一）项**` typed above a Markdown table).
const MAX_PROSE_LABEL_CHARS: usize = 30;

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
    candidates(text, syntax, sections)
        .into_iter()
        .filter_map(|c| align_candidate(text, syntax, &c, templates))
        .collect()
}

/// Groups table lines into candidates: all table lines of one of the sections
/// 二/三/四 form one candidate; elsewhere each run of table lines does.
fn candidates(text: &str, syntax: &Syntax, sections: &[Section]) -> Vec<Candidate> {
    let section_at = |line: usize| {
        sections
            .iter()
            .take_while(|s| s.line <= line)
            .last()
            .map(|s| (s.number, s.line))
    };
    let mut out: Vec<Candidate> = Vec::new();
    let mut current: Option<(Option<(u8, usize)>, Candidate)> = None;
    for line in &syntax.lines {
        let section = section_at(line.number);
        let in_table_section = matches!(section, Some((2..=4, _)));
        if current.as_ref().is_some_and(|(s, _)| *s != section) {
            out.extend(current.take().map(|(_, c)| c));
        }
        match &line.kind {
            LineKind::Cells { cells, .. } => {
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
            LineKind::Text { content, .. } => {
                let short =
                    text[content.start..content.end].chars().count() <= MAX_PROSE_LABEL_CHARS;
                if in_table_section && section.is_some_and(|s| s.1 != line.number) {
                    if short {
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
                        let cell = Cell {
                            range: *content,
                            line: line.number,
                        };
                        cand.cells.push(CandidateCell { cell, prose: true });
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
    match value_of(t) {
        CellValue::Number { .. } | CellValue::Blank => Reading::Value,
        CellValue::Unreadable => Reading::Text(label_key(t)),
    }
}

/// [`parse_value`], short-cut for the commonest cells: plain ASCII digits,
/// and labels (text that opens with a CJK ideograph is no number, and no
/// blank unless it is one of the blank words).
fn value_of(t: &str) -> CellValue {
    if (1..=18).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = t.parse() {
            return CellValue::Number {
                value: Number::Int(n),
                unit: None,
            };
        }
    }
    let opens_with_ideograph = t
        .chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    if opens_with_ideograph
        && !t.contains(char::is_whitespace)
        && !matches!(t, "无" | "不涉及" | "空" | "暂无")
    {
        return CellValue::Unreadable;
    }
    parse_value(t)
}

fn align_candidate<'t>(
    text: &str,
    syntax: &Syntax,
    candidate: &Candidate,
    templates: &'t Templates,
) -> Option<FoundTable<'t>> {
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
            let expected = expected_kind(candidate.section) == Some(def.kind);
            let better = match best_kind {
                None => hits > 0,
                Some((h, e, _)) => (hits, expected) > (h, e),
            };
            if better {
                best_kind = Some((hits, expected, def.kind));
            }
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
    matched: MatchKind,
    cells: Vec<Cell>,
    unit: Option<TextRange>,
}

/// Aligns a candidate's cells to one template table; returns a score of how
/// well the table explains them, and the aligned table.
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
    let mut rows: Vec<Row> = Vec::new();
    let mut labels: Vec<LabelCell> = Vec::new();
    let mut current: Option<RowBuilder> = None;
    let mut block = 0usize;
    // Position of the last aligned row: repeated labels (`（三）其他情形数`)
    // resolve to the first template row after it.
    let mut cursor: Option<(usize, usize)> = None;
    let mut score: i64 = 0;
    let mut first_cell: Option<TextRange> = None;
    let mut last_cell: Option<TextRange> = None;
    let mut lines = (usize::MAX, 0usize);

    let mut leading_empties: Vec<Cell> = Vec::new();
    for (cc, reading) in candidate.cells.iter().zip(readings) {
        let cell = cc.cell;
        let reading = if unit_column && !cell.is_empty() && is_unit(cell.text(text)) {
            &UNIT
        } else {
            reading
        };
        if matches!(reading, Reading::Text(_)) {
            leading_empties.clear();
        }
        let recognised = match reading {
            Reading::Text(key) => match_label(key, keys, cursor, block),
            _ => None,
        };
        if cc.prose && recognised.is_none() {
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
                flush(text, syntax, def, &mut current, &mut rows);
                score += match matched {
                    MatchKind::Exact => 3,
                    MatchKind::Variant => 2,
                    MatchKind::Typo | MatchKind::Truncated => 1,
                };
                let role = match target {
                    Target::Row(b, r) => {
                        block = b;
                        cursor = Some((b, r));
                        current = Some(RowBuilder {
                            def: Some((b, r)),
                            block: b,
                            label: Some(cell),
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
                    Target::Column(b, c) => LabelRole::Column(b, c),
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
                flush(text, syntax, def, &mut current, &mut rows);
                current = Some(RowBuilder {
                    def: None,
                    block,
                    label: Some(cell),
                    matched: MatchKind::Exact,
                    cells: Vec::new(),
                    unit: None,
                });
            }
        }
    }
    flush(text, syntax, def, &mut current, &mut rows);

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
    };
    (score, table)
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
        return pick(found, &|_| MatchKind::Variant);
    }
    if let Some(found) = keys.bodies.get(&body_key(key)) {
        let targets: Vec<_> = found
            .iter()
            .map(|&(b, r)| (LabelTarget::Row(b, r), LabelForm::Variant))
            .collect();
        return pick(&targets, &|_| MatchKind::Variant);
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
fn flush(
    text: &str,
    syntax: &Syntax,
    def: &TableDef,
    current: &mut Option<RowBuilder>,
    rows: &mut Vec<Row>,
) {
    let Some(row) = current.take() else {
        return;
    };
    let block_def = &def.blocks[row.block.min(def.blocks.len() - 1)];
    let columns = match row.def {
        Some((b, r)) if !def.blocks[b].rows[r].values => 0,
        _ => block_def.columns.len(),
    };
    let (assigned, extra) = assign_cells(syntax, row.label.map(|l| l.line), &row.cells, columns);
    let to_value = |cell: Option<Cell>| match cell {
        Some(cell) => {
            let t = cell.text(text);
            ValueCell {
                text: t.to_string(),
                value: value_of(t),
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
    rows.push(Row {
        def: row.def,
        block: row.block,
        written: row
            .label
            .map(|l| l.text(text).to_string())
            .unwrap_or_default(),
        label_range: row.label.map(|l| l.range),
        matched: row.matched,
        values: assigned.into_iter().map(to_value).collect(),
        extra: extra.into_iter().map(|c| to_value(Some(c))).collect(),
        unit: row.unit,
        lines: (first_line, last_line),
    });
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
pub fn settle_generations<'t>(
    found: Vec<FoundTable<'t>>,
    _templates: &'t Templates,
) -> (Option<&'t Template>, bool, Vec<Table<'t>>) {
    let (report_template, mixed) = decide_generation(
        found
            .iter()
            .map(|f| (f.table.template, !f.alternatives.is_empty())),
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_of_agrees_with_parse_value() {
        for t in [
            "0",
            "17",
            "+14",
            "-8",
            "１７",
            "1,234",
            "12.50",
            "0件",
            "3.22万元",
            "",
            "/",
            "—",
            "无",
            "不涉及",
            "空",
            "暂无",
            "暂 无",
            "无效",
            "规章",
            "一、本年新收",
            "十二",
            "元",
            "件",
            "99999999999999999999",
            "０",
            "⽆",
        ] {
            assert_eq!(value_of(t), parse_value(t), "{t:?}");
        }
    }
}
