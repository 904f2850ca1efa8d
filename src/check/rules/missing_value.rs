use std::collections::HashMap;

use crate::check::rules::support::{
    column_label, fmt, row_name, status_with, value, CellRef, RelationKind, Status, TableEquations,
};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Related, Severity};
use crate::model::{CellValue, Table, ValueCell};
use crate::syntax::is_pipe;
use crate::template::TableKind;
use crate::text::TextRange;

crate::declare_rule! {
    /// A value cell is blank or not a number where the template wants one.
    ///
    /// ## What it does
    /// Reports the cells of template rows that carry no number: empty, `/`, `—`,
    /// `无`, `不涉及`, or text that is not a number. A table with blank cells in one
    /// row gets one finding for that row; a table with blank cells in several rows
    /// (a common practice: the applicant columns left blank, only 总计 filled in)
    /// and the 2008 statistics table get one finding for the table, which lists
    /// every blank cell, row by row, as related information. The finding's range
    /// covers the blank cells of the first such row (the 2008 table's: its first line).
    ///
    /// ## Why
    /// A blank is not a zero. A sum that depends on a blank cell cannot be
    /// verified, so nianbao does not report totals it could not check; this
    /// finding says why they were not checked. The official format asks for a
    /// number in every value cell (0 when there is nothing to report).
    ///
    /// ## Example
    /// ```text
    /// （一）予以公开 | | | | | | | 84 |
    /// ```
    /// Six applicant columns are blank: the row total 84 cannot be verified.
    ///
    /// ## Fix
    /// Fill the blank cells with the values the row's totals determine — 0 when
    /// the total already equals the filled cells, the difference when a single
    /// cell is blank — (needs review: only the author knows the numbers). A row
    /// whose filling would break one of the table's sums is left as it is (for a
    /// table, the other rows are still filled); when no row can be filled, no fix
    /// is offered.
    pub struct MissingValue => "missing-value", Severity::Warning, scope: Local, fixes: NeedsReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (ti, table) in ctx.report().tables.iter().enumerate() {
        // The template rows with cells that carry no number, and those columns.
        let mut rows: Vec<(usize, Vec<usize>)> = Vec::new();
        for (row_index, row) in table.rows.iter().enumerate() {
            let Some(def) = table.row_def(row) else {
                continue;
            };
            if !def.values {
                continue;
            }
            let missing: Vec<usize> = row
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| !matches!(v.value, CellValue::Number { .. }))
                .map(|(c, _)| c)
                .collect();
            if !missing.is_empty() {
                rows.push((row_index, missing));
            }
        }
        if rows.is_empty() {
            continue;
        }
        let eqs = &ctx.equations()[ti];
        let row_indices: Vec<usize> = rows.iter().map(|(r, _)| *r).collect();
        let fixes = fill(ctx, table, eqs, &row_indices);
        let runs: Vec<Run> = rows
            .iter()
            .flat_map(|(r, cols)| runs(ctx, table, *r, cols))
            .collect();
        let n: usize = rows.iter().map(|(_, cols)| cols.len()).sum();
        let unreadable: Vec<&str> = rows
            .iter()
            .flat_map(|(r, cols)| cols.iter().map(move |&c| &table.rows[*r].values[c]))
            .filter(|v| v.value == CellValue::Unreadable)
            .map(|v| v.text.as_str())
            .collect();
        let mut message = if table.kind == TableKind::Statistics {
            ctx.msg(
                format!("统计表有 {n} 项指标未填写数值（空白不等于 0）"),
                format!(
                    "{n} indicators of the statistics table have no number (blank is not zero)"
                ),
            )
        } else if let [(row, _)] = rows.as_slice() {
            let name = row_name(table, &table.rows[*row]);
            ctx.msg(
                format!("「{name}」有 {n} 个单元格未填写数值（空白不等于 0），涉及这些单元格的合计无法核对"),
                format!("“{name}” has {n} cell(s) without a number (blank is not zero); sums that use them cannot be verified"),
            )
        } else {
            table_message(ctx, table, &rows, n)
        };
        if !unreadable.is_empty() {
            message.push_str(&ctx.msg(
                format!("；无法识别：{}", unreadable.join("、")),
                format!("; unreadable: {}", unreadable.join(", ")),
            ));
        }
        let first_row = &table.rows[rows[0].0];
        // The 2008 statistics table (one indicator per row) is pointed at as a whole.
        let range = if table.kind == TableKind::Statistics {
            table.anchor_range()
        } else {
            runs.first()
                .map(|r| r.range)
                .or(first_row.label_range)
                .unwrap_or(table.range)
        };
        // One row: its cells are the finding's range; several: every run is listed.
        let related = if rows.len() == 1 && table.kind != TableKind::Statistics && runs.len() <= 1 {
            Vec::new()
        } else {
            runs.into_iter()
                .map(|r| Related {
                    range: r.range,
                    message: r.message,
                    elsewhere: None,
                })
                .collect()
        };
        out.push(Diagnostic {
            code: MissingValue::INFO.code,
            severity: MissingValue::INFO.severity,
            message,
            range,
            related,
            fixes,
        });
    }
}

/// Cells of one row without a number, next to each other: their range (from the first
/// cell to the last one's closing `|`) and what they are.
struct Run {
    range: TextRange,
    message: String,
}

fn runs(ctx: &Context, table: &Table, row: usize, cols: &[usize]) -> Vec<Run> {
    let r = &table.rows[row];
    let name = row_name(table, r);
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<(TextRange, Vec<usize>)> = None;
    let mut prev: Option<usize> = None;
    let close = |out: &mut Vec<Run>, (range, run): (TextRange, Vec<usize>)| {
        let labels: Vec<&str> = run
            .iter()
            .map(|&c| column_label(table, (row, c)))
            .filter(|l| !l.is_empty())
            .collect();
        let message = if labels.is_empty() {
            ctx.msg(format!("「{name}」"), format!("“{name}”"))
        } else {
            ctx.msg(
                format!("「{name}」：{}", labels.join("、")),
                format!("“{name}”: {}", labels.join(", ")),
            )
        };
        out.push(Run { range, message });
    };
    for &c in cols {
        let Some(cell_range) = r.values[c].range else {
            continue;
        };
        let range = with_pipe(ctx.text, &r.values[c], cell_range);
        match current.as_mut() {
            Some((run_range, run)) if prev == Some(c.wrapping_sub(1)) => {
                *run_range = run_range.cover(range);
                run.push(c);
            }
            _ => {
                if let Some(done) = current.take() {
                    close(&mut out, done);
                }
                current = Some((range, vec![c]));
            }
        }
        prev = Some(c);
    }
    if let Some(done) = current.take() {
        close(&mut out, done);
    }
    out
}

/// A blank cell's range (empty, before the `|` that closes it) with that `|`, so that
/// the cell is something to see; other cells as they are.
fn with_pipe(text: &str, cell: &ValueCell, range: TextRange) -> TextRange {
    if !range.is_empty() || cell.value != CellValue::Blank {
        return range;
    }
    match text.get(range.end..).and_then(|rest| rest.chars().next()) {
        Some(c) if is_pipe(c) => TextRange::new(range.start, range.end + c.len_utf8()),
        _ => range,
    }
}

/// The message of a table with blank cells in several rows; when every such row leaves
/// the same columns blank and fills the others in (the applicant columns blank, only 总计
/// written), it says so.
fn table_message(ctx: &Context, table: &Table, rows: &[(usize, Vec<usize>)], n: usize) -> String {
    let title = &table.def.title;
    let k = rows.len();
    let same = rows.windows(2).all(|w| w[0].1 == w[1].1);
    let filled: Vec<usize> = {
        let (r, cols) = &rows[0];
        (0..table.rows[*r].values.len())
            .filter(|c| !cols.contains(c))
            .collect()
    };
    let pattern = same
        && !filled.is_empty()
        && rows
            .iter()
            .all(|(r, _)| filled.iter().all(|&c| value(table, (*r, c)).is_some()));
    if pattern {
        let row = rows[0].0;
        let names = |cols: &[usize]| -> Vec<&str> {
            cols.iter()
                .map(|&c| column_label(table, (row, c)))
                .collect()
        };
        let (blank, written) = (names(&rows[0].1), names(&filled));
        ctx.msg(
            format!(
                "「{title}」表有 {k} 行只填写了「{}」，「{}」共 {n} 个单元格空白（空白不等于 0），涉及这些单元格的合计无法核对",
                written.join("」「"),
                blank.join("」「")
            ),
            format!(
                "{k} rows of “{title}” fill in only “{}”: {n} cells (“{}”) are blank (blank is not zero), and sums that use them cannot be verified",
                written.join("”, “"),
                blank.join("”, “")
            ),
        )
    } else {
        ctx.msg(
            format!("「{title}」表有 {k} 行共 {n} 个单元格未填写数值（空白不等于 0），涉及这些单元格的合计无法核对"),
            format!("{n} cells in {k} rows of “{title}” have no number (blank is not zero); sums that use them cannot be verified"),
        )
    }
}

/// Fills the blank cells of `rows` so that every equation over them still holds: in each
/// row, a single blank in a row total's parts (or the total) gets the difference, other
/// blanks get 0; a row whose filling would break a sum (of its own or, with the other rows
/// filled, of a column) is left out. No fix when no row is left.
fn fill(ctx: &Context, table: &Table, eqs: &TableEquations, rows: &[usize]) -> Vec<Fix> {
    let mut fill: HashMap<CellRef, f64> = HashMap::new();
    let mut blanks = 0;
    for &row in rows {
        let proposal = row_fill(table, eqs, row);
        blanks += proposal.len();
        fill.extend(proposal);
    }
    // Leave out the rows of the sums the filling breaks, until none is broken: each round
    // looks at every equation over a filled row once and drops the rows of all broken ones
    // (one at a time made the work grow with the square of the rows).
    loop {
        let lookup = |c: CellRef| fill.get(&c).copied();
        let mut filled_rows: Vec<usize> = fill.keys().map(|c| c.0).collect();
        filled_rows.sort_unstable();
        filled_rows.dedup();
        let mut seen = std::collections::HashSet::new();
        let mut drop: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for (i, e) in filled_rows.iter().flat_map(|&r| eqs.touching(r)) {
            if !seen.insert(i) {
                continue;
            }
            #[cfg(test)]
            crate::check::rules::support::work::count(1);
            if e.cells().any(|c| fill.contains_key(&c))
                && matches!(status_with(e, table, &lookup), Status::Fails { .. })
            {
                drop.extend(e.cells().filter(|c| fill.contains_key(c)).map(|c| c.0));
            }
        }
        if drop.is_empty() {
            break;
        }
        fill.retain(|c, _| !drop.contains(&c.0));
    }
    if fill.is_empty() {
        return Vec::new();
    }
    let mut edits: Vec<Edit> = fill
        .iter()
        .filter_map(|(&c, &v)| {
            table.rows[c.0].values[c.1].range.map(|range| Edit {
                range,
                new_text: fmt(v),
            })
        })
        .collect();
    edits.sort_by_key(|e| e.range.start);
    let all_zero = fill.values().all(|v| *v == 0.0);
    let k = edits.len();
    let mut filled_rows: Vec<usize> = fill.keys().map(|c| c.0).collect();
    filled_rows.sort_unstable();
    filled_rows.dedup();
    let r = filled_rows.len();
    let title = match (all_zero, k < blanks) {
        (true, false) => ctx.msg("空白单元格填 0".into(), "Fill blank cells with 0".into()),
        (false, false) => ctx.msg(
            "按合计补全空白单元格".into(),
            "Fill blank cells from the totals".into(),
        ),
        (true, true) => ctx.msg(
            format!("合计为 0 的 {r} 行：{k} 个空白单元格填 0"),
            format!("Fill with 0 the {k} blank cells of the {r} rows whose totals are 0"),
        ),
        (false, true) => ctx.msg(
            format!("按合计补全 {r} 行的 {k} 个空白单元格"),
            format!("Fill the {k} blank cells of {r} rows from the totals"),
        ),
    };
    vec![Fix {
        title,
        applicability: Applicability::NeedsReview,
        edits,
    }]
}

/// What one row's own totals say its blank cells are: a single blank in a row total gets
/// the difference (when not negative), the others 0.
fn row_fill(table: &Table, eqs: &TableEquations, row: usize) -> HashMap<CellRef, f64> {
    let mut fill: HashMap<CellRef, f64> = table.rows[row]
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.value == CellValue::Blank && v.range.is_some())
        .map(|(c, _)| ((row, c), 0.0))
        .collect();
    for (_, eq) in eqs
        .touching(row)
        .filter(|(_, e)| e.kind == RelationKind::RowTotal && e.lhs[0].0 == row)
    {
        let blank_cells: Vec<CellRef> = eq.cells().filter(|c| fill.contains_key(c)).collect();
        if let [only] = blank_cells.as_slice() {
            let known = |cells: &[CellRef]| {
                cells
                    .iter()
                    .filter(|c| *c != only)
                    .map(|&c| value(table, c).map(|n| n.as_f64()))
                    .sum::<Option<f64>>()
            };
            let (Some(l), Some(r)) = (known(&eq.lhs), known(&eq.rhs)) else {
                continue;
            };
            let v = if eq.lhs.contains(only) { r - l } else { l - r };
            if v >= 0.0 {
                fill.insert(*only, v);
            }
        }
    }
    fill
}
