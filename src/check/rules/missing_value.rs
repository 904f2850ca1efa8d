use crate::check::rules::support::{
    fmt, row_name, status_with, value, CellRef, RelationKind, Status, TableEquations,
};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Related, Severity};
use crate::model::CellValue;
use crate::template::TableKind;

crate::declare_rule! {
    /// A value cell is blank or not a number where the template wants one.
    ///
    /// ## What it does
    /// Reports, once per row, the cells of a template row that carry no number:
    /// empty, `/`, `—`, `无`, `不涉及`, or text that is not a number. In the 2008
    /// statistics table, where blank indicators are common, it reports once per
    /// table.
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
    /// cell is blank — (needs review: only the author knows the numbers). When
    /// no filling is consistent with the table's sums, no fix is offered.
    pub struct MissingValue => "missing-value", Severity::Warning, check
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        // Built once per table, when a row first needs them.
        let mut eqs: Option<TableEquations> = None;
        let mut table_blanks: Vec<(String, &crate::model::ValueCell)> = Vec::new();
        for (row_index, row) in table.rows.iter().enumerate() {
            let Some(def) = table.row_def(row) else {
                continue;
            };
            if !def.values {
                continue;
            }
            let missing: Vec<&crate::model::ValueCell> = row
                .values
                .iter()
                .filter(|v| !matches!(v.value, CellValue::Number { .. }))
                .collect();
            if missing.is_empty() {
                continue;
            }
            if table.kind == TableKind::Statistics {
                table_blanks.extend(missing.into_iter().map(|v| (row_name(table, row), v)));
                continue;
            }
            let name = row_name(table, row);
            let n = missing.len();
            let unreadable: Vec<&str> = missing
                .iter()
                .filter(|v| v.value == CellValue::Unreadable)
                .map(|v| v.text.as_str())
                .collect();
            let mut message = ctx.msg(
                format!("「{name}」有 {n} 个单元格未填写数值（空白不等于 0），涉及这些单元格的合计无法核对"),
                format!("“{name}” has {n} cell(s) without a number (blank is not zero); sums that use them cannot be verified"),
            );
            if !unreadable.is_empty() {
                message.push_str(&ctx.msg(
                    format!("；无法识别：{}", unreadable.join("、")),
                    format!("; unreadable: {}", unreadable.join(", ")),
                ));
            }
            let range = missing
                .iter()
                .find_map(|v| v.range)
                .or(row.label_range)
                .unwrap_or(table.range);
            let eqs = eqs.get_or_insert_with(|| TableEquations::new(table));
            out.push(Diagnostic {
                code: MissingValue::INFO.code,
                severity: MissingValue::INFO.severity,
                message,
                range,
                related: Vec::new(),
                fixes: consistent_fill(ctx, table, eqs, row_index),
            });
        }
        if !table_blanks.is_empty() {
            let n = table_blanks.len();
            let range = table.anchor_range();
            out.push(Diagnostic {
                code: MissingValue::INFO.code,
                severity: MissingValue::INFO.severity,
                message: ctx.msg(
                    format!("统计表有 {n} 项指标未填写数值（空白不等于 0）"),
                    format!(
                        "{n} indicators of the statistics table have no number (blank is not zero)"
                    ),
                ),
                range,
                // The first few, as pointers; the fix fills them all.
                related: table_blanks
                    .iter()
                    .take(5)
                    .filter_map(|(name, v)| {
                        v.range.map(|range| Related {
                            range,
                            message: name.clone(),
                        })
                    })
                    .collect(),
                fixes: fill_zero(ctx, table_blanks.iter().map(|(_, v)| *v)),
            });
        }
    }
}

/// Fills a row's blank cells so that every equation over them still holds:
/// a single blank in a row total's parts (or the total) gets the difference,
/// other blanks get 0. `None` when the result would break a sum.
fn consistent_fill(
    ctx: &Context,
    table: &crate::model::Table,
    eqs: &TableEquations,
    row: usize,
) -> Vec<Fix> {
    let blanks: Vec<usize> = table.rows[row]
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.value == CellValue::Blank && v.range.is_some())
        .map(|(c, _)| c)
        .collect();
    if blanks.is_empty() {
        return Vec::new();
    }
    let mut fill: std::collections::HashMap<CellRef, f64> =
        blanks.iter().map(|&c| ((row, c), 0.0)).collect();
    // A row total with exactly one blank cell determines it.
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
    let lookup = |c: CellRef| fill.get(&c).copied();
    // Every filled cell is in `row`: the equations touching it are all there are.
    let breaks = eqs
        .touching(row)
        .map(|(_, e)| e)
        .filter(|e| e.cells().any(|c| fill.contains_key(&c)))
        .any(|e| {
            #[cfg(test)]
            crate::check::rules::support::work::count(1);
            matches!(status_with(e, table, &lookup), Status::Fails { .. })
        });
    if breaks {
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
    vec![Fix {
        title: if all_zero {
            ctx.msg("空白单元格填 0".into(), "Fill blank cells with 0".into())
        } else {
            ctx.msg(
                "按合计补全空白单元格".into(),
                "Fill blank cells from the totals".into(),
            )
        },
        applicability: Applicability::NeedsReview,
        edits,
    }]
}

fn fill_zero<'a>(
    ctx: &Context,
    cells: impl Iterator<Item = &'a crate::model::ValueCell>,
) -> Vec<Fix> {
    let edits: Vec<Edit> = cells
        .filter(|v| v.value == CellValue::Blank)
        .filter_map(|v| {
            v.range.map(|range| Edit {
                range,
                new_text: "0".into(),
            })
        })
        .collect();
    if edits.is_empty() {
        return Vec::new();
    }
    vec![Fix {
        title: ctx.msg("空白单元格填 0".into(), "Fill blank cells with 0".into()),
        applicability: Applicability::NeedsReview,
        edits,
    }]
}
