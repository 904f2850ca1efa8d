//! What several rules share: the arithmetic relations of a table as concrete
//! equations over its cells, the template a report must follow, and label
//! fixes in the author's punctuation style.

use crate::check::render::half_width;
use crate::check::{Applicability, Context, Edit, Fix, Related};
use crate::model::{Number, Row, Table, ValueCell};
use crate::template::{RelationDef, Template};
use crate::text::TextRange;

/// A cell of a table: (index into `table.rows`, column index).
pub type CellRef = (usize, usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    RowTotal,
    ColumnTotal,
    Balance,
}

/// One equation `Σ lhs = Σ rhs` of a table (one row's total, one column's total,
/// one column's balance).
#[derive(Clone, Debug)]
pub struct Equation {
    pub kind: RelationKind,
    /// Index of the relation in the table definition.
    pub relation: usize,
    pub lhs: Vec<CellRef>,
    pub rhs: Vec<CellRef>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    Holds,
    /// lhs − rhs.
    Fails {
        lhs: f64,
        rhs: f64,
    },
    /// A cell is blank, unreadable or missing.
    Unknown,
}

pub fn value(table: &Table, (row, col): CellRef) -> Option<Number> {
    table.rows.get(row)?.values.get(col)?.number()
}

pub fn cell<'a>(table: &'a Table, (row, col): CellRef) -> Option<&'a ValueCell> {
    table.rows.get(row)?.values.get(col)
}

impl Equation {
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.lhs.iter().chain(&self.rhs).copied()
    }

    pub fn status(&self, table: &Table) -> Status {
        let sum = |cells: &[CellRef]| -> Option<f64> {
            cells
                .iter()
                .map(|&c| value(table, c).map(Number::as_f64))
                .sum()
        };
        match (sum(&self.lhs), sum(&self.rhs)) {
            (Some(l), Some(r)) if (l - r).abs() < 1e-6 => Status::Holds,
            (Some(lhs), Some(rhs)) => Status::Fails { lhs, rhs },
            _ => Status::Unknown,
        }
    }
}

/// The status of an equation with some cells' values replaced by `fill`.
pub fn status_with(eq: &Equation, table: &Table, fill: &dyn Fn(CellRef) -> Option<f64>) -> Status {
    let sum = |cells: &[CellRef]| -> Option<f64> {
        cells
            .iter()
            .map(|&c| fill(c).or_else(|| value(table, c).map(Number::as_f64)))
            .sum()
    };
    match (sum(&eq.lhs), sum(&eq.rhs)) {
        (Some(l), Some(r)) if (l - r).abs() < 1e-6 => Status::Holds,
        (Some(lhs), Some(rhs)) => Status::Fails { lhs, rhs },
        _ => Status::Unknown,
    }
}

/// The first row of the table aligned to template row `id`, as an index.
pub fn row_index(table: &Table, id: &str) -> Option<usize> {
    let pos = table.def.row_position(id)?;
    table.rows.iter().position(|r| r.def == Some(pos))
}

/// Every equation the table's relations give (subsets excluded).
pub fn equations(table: &Table) -> Vec<Equation> {
    #[cfg(test)]
    work::count(table.rows.len());
    let mut out = Vec::new();
    for (ri, rel) in table.def.relations.iter().enumerate() {
        match rel {
            RelationDef::RowTotal { total, parts } => {
                for (i, row) in table.rows.iter().enumerate() {
                    let Some(def) = table.row_def(row) else {
                        continue;
                    };
                    if !def.values {
                        continue;
                    }
                    let block = table.block_def(row.block);
                    let (Some(t), Some(p)) = (
                        block.column_index(total),
                        parts
                            .iter()
                            .map(|p| block.column_index(p))
                            .collect::<Option<Vec<_>>>(),
                    ) else {
                        continue;
                    };
                    out.push(Equation {
                        kind: RelationKind::RowTotal,
                        relation: ri,
                        lhs: vec![(i, t)],
                        rhs: p.into_iter().map(|c| (i, c)).collect(),
                    });
                }
            }
            RelationDef::ColumnTotal { total, parts } => {
                let rows = |ids: &[String]| {
                    ids.iter()
                        .map(|id| row_index(table, id))
                        .collect::<Option<Vec<_>>>()
                };
                let (Some(t), Some(p)) = (row_index(table, total), rows(parts)) else {
                    continue;
                };
                for c in 0..table.rows[t].values.len() {
                    out.push(Equation {
                        kind: RelationKind::ColumnTotal,
                        relation: ri,
                        lhs: vec![(t, c)],
                        rhs: p.iter().map(|&r| (r, c)).collect(),
                    });
                }
            }
            RelationDef::Balance { left, right } => {
                let rows = |ids: &[String]| {
                    ids.iter()
                        .map(|id| row_index(table, id))
                        .collect::<Option<Vec<_>>>()
                };
                let (Some(l), Some(r)) = (rows(left), rows(right)) else {
                    continue;
                };
                let columns = l
                    .iter()
                    .chain(&r)
                    .map(|&i| table.rows[i].values.len())
                    .min()
                    .unwrap_or(0);
                for c in 0..columns {
                    out.push(Equation {
                        kind: RelationKind::Balance,
                        relation: ri,
                        lhs: l.iter().map(|&i| (i, c)).collect(),
                        rhs: r.iter().map(|&i| (i, c)).collect(),
                    });
                }
            }
            RelationDef::Subset { .. } | RelationDef::PreviousYear { .. } => {}
        }
    }
    out
}

/// A table's equations, and for each row the equations over its cells: what
/// touches one row is found without looking at the others (a table with
/// thousands of rows must not cost rows × equations).
#[derive(Clone, Debug)]
pub struct TableEquations {
    pub list: Vec<Equation>,
    /// Indices into `list`, per row of the table, in `list` order.
    by_row: Vec<Vec<usize>>,
}

impl TableEquations {
    pub fn new(table: &Table) -> Self {
        let list = equations(table);
        let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); table.rows.len()];
        for (i, eq) in list.iter().enumerate() {
            for (row, _) in eq.cells() {
                let touching = &mut by_row[row];
                if touching.last() != Some(&i) {
                    touching.push(i);
                }
            }
        }
        TableEquations { list, by_row }
    }

    /// The equations with a cell in `row`, with their indices.
    pub fn touching(&self, row: usize) -> impl Iterator<Item = (usize, &Equation)> + '_ {
        self.by_row
            .get(row)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.list[i]))
    }

    /// Is `cell` confirmed by an equation other than `except` that holds?
    pub fn confirmed(&self, table: &Table, except: usize, cell: CellRef) -> Option<usize> {
        self.touching(cell.0)
            .find(|(i, e)| {
                #[cfg(test)]
                work::count(1);
                *i != except && e.cells().any(|c| c == cell) && e.status(table) == Status::Holds
            })
            .map(|(i, _)| i)
    }
}

/// Equations looked at (unit tests bound the work of rules by it).
#[cfg(test)]
pub mod work {
    thread_local! {
        static DONE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    pub fn count(n: usize) {
        DONE.with(|d| d.set(d.get() + n));
    }
    /// The count since the last call.
    pub fn take() -> usize {
        DONE.with(|d| d.replace(0))
    }
}

/// The column label of a cell.
pub fn column_label<'t>(table: &Table<'t>, (row, col): CellRef) -> &'t str {
    let block = table.block_def(table.rows[row].block);
    block.columns.get(col).map_or("", |c| c.label.as_str())
}

/// The official label of a row (or what is written, for an unknown row).
pub fn row_label<'a>(table: &'a Table, row: &'a Row) -> &'a str {
    table
        .row_def(row)
        .map_or(row.written.as_str(), |d| d.label.as_str())
}

/// A short name of a row for messages: `（七）总计`, not the whole note.
pub fn row_name(table: &Table, row: &Row) -> String {
    let label = row_label(table, row);
    match label.find('（').filter(|&i| i > 0) {
        Some(i) if label.ends_with('）') => label[..i].to_string(),
        _ => label.to_string(),
    }
}

/// Where to point at a cell: its range, else its row's label.
pub fn cell_range(table: &Table, (row, col): CellRef) -> TextRange {
    let r = &table.rows[row];
    r.values
        .get(col)
        .and_then(|v| v.range)
        .or(r.label_range)
        .unwrap_or(table.range)
}

pub fn fmt(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Related entries naming each cell and its value.
pub fn related_cells(ctx: &Context, table: &Table, cells: &[CellRef]) -> Vec<Related> {
    cells
        .iter()
        .map(|&c| {
            let row = &table.rows[c.0];
            let v = cell(table, c).map_or(String::new(), |v| {
                if v.text.is_empty() {
                    "—".into()
                } else {
                    v.text.clone()
                }
            });
            let name = format!("{}·{}", row_name(table, row), column_label(table, c));
            Related {
                range: cell_range(table, c),
                message: ctx.msg(format!("{name}：{v}"), format!("{name}: {v}")),
                elsewhere: None,
            }
        })
        .collect()
}

/// The template a report must follow: the configured one, else the one in
/// force for its year. The flag says it was only encouraged (2019).
pub fn expected_template<'t>(ctx: &Context<'_, 't>) -> Option<(&'t Template, bool)> {
    if let Some(id) = &ctx.config.template {
        return ctx.templates.get(id).map(|t| (t, false));
    }
    ctx.templates.in_force(ctx.year?)
}

/// The official label written in the author's punctuation width.
pub fn styled_label(written: &str, official: &str) -> String {
    let half = written.contains('(') || written.contains(':') || written.contains(',');
    let full = written.contains('（') || written.contains('：') || written.contains('，');
    if half && !full {
        half_width(official)
    } else {
        official.to_string()
    }
}

/// A fix replacing a label cell with its official wording.
pub fn label_fix(ctx: &Context, range: TextRange, written: &str, official: &str) -> Fix {
    let new_text = styled_label(written, official);
    Fix {
        title: ctx.msg(
            format!("改为「{new_text}」"),
            format!("Replace with “{new_text}”"),
        ),
        applicability: Applicability::Safe,
        edits: vec![Edit { range, new_text }],
    }
}

/// The byte offset of the start of line `line`.
pub fn line_start(ctx: &Context, line: usize) -> usize {
    let idx = &ctx.analysis.line_index;
    if line >= idx.line_count() {
        ctx.text.len()
    } else {
        idx.line_range(ctx.text, line).start
    }
}

/// The byte offset just after line `line` and its line break.
pub fn after_line(ctx: &Context, line: usize) -> usize {
    // Past the last line, line_start is the end of the text.
    line_start(ctx, line + 1)
}

/// Findings for failing total equations of one kind (`row-total`, `column-total`).
///
/// When another relation that holds confirms the total cell (the balance, say),
/// the parts are the suspects: the message says so and no fix to the total is
/// offered. Otherwise the fix sets the total to the sum (needs review).
pub fn total_findings(
    ctx: &Context,
    out: &mut Vec<crate::check::Diagnostic>,
    kind: RelationKind,
    code: &'static str,
    severity: crate::check::Severity,
) {
    for (table, eqs) in ctx.report().tables.iter().zip(ctx.equations()) {
        for (i, eq) in eqs.list.iter().enumerate() {
            if eq.kind != kind {
                continue;
            }
            let Status::Fails { lhs, rhs } = eq.status(table) else {
                continue;
            };
            let total_cell = eq.lhs[0];
            let total_row = &table.rows[total_cell.0];
            let block = table.block_def(total_row.block);
            let column = &block.columns[total_cell.1];
            let implicit = table.row_def(total_row).is_some_and(|d| d.implicit);
            let total_name = match kind {
                RelationKind::RowTotal => format!(
                    "{}{}",
                    column
                        .group
                        .as_deref()
                        .map_or("", |g| g.split('·').next_back().unwrap_or(g)),
                    column.label
                ),
                _ => row_name(table, total_row),
            };
            let where_ = match kind {
                RelationKind::RowTotal if !implicit => ctx.msg(
                    format!("「{}」行", row_name(table, total_row)),
                    format!("row “{}”", row_name(table, total_row)),
                ),
                RelationKind::ColumnTotal if block.columns.len() > 1 => ctx.msg(
                    format!("「{}」列：", column.label),
                    format!("column “{}”:", column.label),
                ),
                _ => String::new(),
            };
            let parts_text = parts_summary(table, &eq.rhs, ctx.config.lang);
            let confirmation = eqs.confirmed(table, i, total_cell);
            let (t, s) = (fmt(lhs), fmt(rhs));
            let mut message = ctx.msg(
                format!("{where_}{total_name} {t} 与各分项之和 {s} 不符（{parts_text}）"),
                format!("{where_} {total_name} {t} does not equal the sum of its parts, {s} ({parts_text})").trim_start().to_string(),
            );
            let mut fixes = Vec::new();
            match confirmation {
                Some(_) => message.push_str(&ctx.msg(
                    format!("；{t} 与本表勾稽关系相符，应核对各分项"),
                    format!("; {t} agrees with the table's other relations, so check the parts"),
                )),
                None => {
                    let range = cell_range(table, total_cell);
                    if cell(table, total_cell).and_then(|c| c.range).is_some() {
                        fixes.push(Fix {
                            title: ctx.msg(
                                format!("将{total_name}改为 {s}"),
                                format!("Set {total_name} to {s}"),
                            ),
                            applicability: Applicability::NeedsReview,
                            edits: vec![Edit {
                                range,
                                new_text: s.clone(),
                            }],
                        });
                    }
                }
            }
            out.push(crate::check::Diagnostic {
                code,
                severity,
                message,
                range: cell_range(table, total_cell),
                related: related_cells(ctx, table, &eq.rhs),
                fixes,
            });
        }
    }
}

/// `自然人 6，其余为 0` (`自然人 6, the rest 0`) — the non-zero parts, by name (their
/// official labels), in `lang`.
pub fn parts_summary(table: &Table, parts: &[CellRef], lang: crate::check::Lang) -> String {
    let zh = lang == crate::check::Lang::Zh;
    let named: Vec<String> = parts
        .iter()
        .filter(|&&c| value(table, c).is_some_and(|v| v.as_f64() != 0.0))
        .map(|&c| {
            let name = if parts.iter().all(|p| p.0 == c.0) {
                column_label(table, c).to_string()
            } else {
                row_name(table, &table.rows[c.0])
            };
            format!(
                "{name} {}",
                fmt(value(table, c).map_or(0.0, Number::as_f64))
            )
        })
        .collect();
    let sep = if zh { "，" } else { ", " };
    match (named.is_empty(), named.len() < parts.len()) {
        (true, _) if zh => "各分项均为 0".to_string(),
        (true, _) => "every part is 0".to_string(),
        (false, true) if zh => format!("{}，其余为 0", named.join(sep)),
        (false, true) => format!("{}, the rest 0", named.join(sep)),
        (false, false) => named.join(sep),
    }
}

/// A label recognised with some match kind.
pub struct MatchedLabel<'a> {
    pub range: TextRange,
    /// As written (the pieces joined, for a label the text broke).
    pub written: &'a str,
    pub official: &'a str,
    /// Written in one piece, so that a fix can replace it.
    pub whole: bool,
}

/// Row, column, block and header labels of every table recognised with
/// `kind`. Notes are never reported.
pub fn labels_matched<'a>(
    ctx: &'a Context,
    kind: crate::model::MatchKind,
) -> Vec<MatchedLabel<'a>> {
    let mut out = Vec::new();
    for table in &ctx.report().tables {
        for row in &table.rows {
            if let (Some(def), Some(range), true) =
                (table.row_def(row), row.label_range, row.matched == kind)
            {
                out.push(MatchedLabel {
                    range,
                    written: row.written.as_str(),
                    official: def.label.as_str(),
                    whole: row.label_rest.is_empty(),
                });
            }
        }
        for label in &table.labels {
            if label.matched == kind && !matches!(label.role, crate::model::LabelRole::Note) {
                out.push(MatchedLabel {
                    range: label.range,
                    written: label.written.as_str(),
                    official: label.official.as_str(),
                    whole: true,
                });
            }
        }
    }
    out
}

/// A label finding with the fix to the official wording (when the label is in
/// one piece); `message` gets the label as written (whitespace removed) and
/// the official one.
pub fn label_finding(
    ctx: &Context,
    rule: &crate::check::RuleInfo,
    label: &MatchedLabel,
    message: fn(&str, &str) -> (String, String),
) -> crate::check::Diagnostic {
    let shown = label.written.split_whitespace().collect::<String>();
    let (zh, en) = message(&shown, label.official);
    crate::check::Diagnostic {
        code: rule.code,
        severity: rule.severity,
        message: ctx.msg(zh, en),
        range: label.range,
        related: Vec::new(),
        fixes: label
            .whole
            .then(|| label_fix(ctx, label.range, label.written, label.official))
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{analyze_and_check, Config};

    /// The Linyi sample with section 三's table body repeated `copies` times.
    fn repeated_section_three(copies: usize) -> String {
        let text = include_str!("../../../examples/reports/2020-linyi-approval-bureau.txt");
        let heading = text.find("\n三、").unwrap();
        let body = text[heading + 1..].find('\n').unwrap() + heading + 1;
        let next = text.find("\n四、").unwrap();
        let table = &text[body..next];
        format!("{}{}{}", &text[..next], table.repeat(copies), &text[next..])
    }

    #[test]
    fn equation_work_grows_linearly_with_the_rows() {
        let work = |copies: usize| {
            let text = repeated_section_three(copies);
            super::work::take();
            let (_, diags) = analyze_and_check(&text, &Config::default());
            assert!(diags.len() > copies);
            super::work::take()
        };
        let (small, large) = (work(25), work(100));
        // Four times the rows: about four times the work (it was sixteen).
        assert!(large <= small * 6, "{small} -> {large}");
    }
}
