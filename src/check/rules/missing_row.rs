use crate::check::render::{render_row, Style};
use crate::check::rules::support::{after_line, fmt, line_start, row_index, styled_label};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Severity};
use crate::model::{Layout, Table};
use crate::syntax::LineKind;
use crate::template::RelationDef;
use crate::text::TextRange;

crate::declare_rule! {
    /// A template row is absent from a table.
    ///
    /// ## What it does
    /// Reports each row of the template table that the table lacks: dropped
    /// rows such as `2.重复申请`, or the 2021 format's `（六）` sub-rows. The finding
    /// points at the neighbouring row's label, where the row belongs.
    ///
    /// ## Why
    /// The official format is complete by design: a dropped row hides a
    /// category (and often its numbers), and evaluators count it as an error.
    ///
    /// ## Example
    /// A section 三 table that goes from `1.信访举报投诉类申请` straight to
    /// `3.要求提供公开出版物`.
    ///
    /// ## Fix
    /// Insert the row at its template position in the table's own layout (one
    /// cell per line with the same padding, one row per line, or a Markdown row).
    /// Its values are derived from the totals when they determine them exactly
    /// (then the sums hold after the fix, and the fix is safe); otherwise zeros,
    /// and the fix needs review.
    pub struct MissingRow => "missing-row", Severity::Error, scope: Local, fixes: SafeOrReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        if table.other_edition() {
            // Another edition's indicators: `partial-table` says what was not checked.
            continue;
        }
        let present = |b: usize, r: usize| table.rows.iter().any(|row| row.def == Some((b, r)));
        for (b, block) in table.def.blocks.iter().enumerate() {
            for (r, row_def) in block.rows.iter().enumerate() {
                if row_def.implicit || present(b, r) {
                    continue;
                }
                // A group label of a torn table whose rows are there was lost to the reading.
                let children_present = || {
                    block.rows.iter().enumerate().any(|(c, child)| {
                        child.parent.as_deref() == Some(row_def.id.as_str()) && present(b, c)
                    })
                };
                if table.torn && !row_def.values && children_present() {
                    continue;
                }
                // The row before it in template order that the table has, else the one after.
                let before = table
                    .rows
                    .iter()
                    .filter(|row| row.def.is_some_and(|d| d < (b, r)) && row.label_range.is_some())
                    .max_by_key(|row| row.def);
                let after = table
                    .rows
                    .iter()
                    .filter(|row| row.def.is_some_and(|d| d > (b, r)) && row.label_range.is_some())
                    .min_by_key(|row| row.def);
                let (anchor, insert_at) = match (before, after) {
                    (Some(prev), _) => (prev, after_line(ctx, prev.lines.1)),
                    (None, Some(next)) => (next, line_start(ctx, next.lines.0)),
                    (None, None) => continue,
                };
                let Some(range) = anchor.label_range else {
                    continue;
                };
                let (values, exact) = derive_values(table, b, r);
                let fix = insert_fix(ctx, table, anchor, insert_at, b, r, &values, exact);
                let label = &row_def.label;
                let block_name = block
                    .label
                    .as_deref()
                    .map(|l| format!("{l} "))
                    .unwrap_or_default();
                out.push(Diagnostic {
                    code: MissingRow::INFO.code,
                    severity: MissingRow::INFO.severity,
                    message: ctx.msg(
                        format!(
                            "「{}」表格缺少模板行「{block_name}{label}」",
                            table.def.title
                        ),
                        format!(
                            "the “{}” table lacks the template row “{block_name}{label}”",
                            table.def.title
                        ),
                    ),
                    range,
                    related: Vec::new(),
                    fixes: vec![fix],
                });
            }
        }
    }
}

/// Values of a missing row that the table's totals determine, per column;
/// `exact` when every column was determined.
fn derive_values(table: &Table, b: usize, r: usize) -> (Vec<Option<f64>>, bool) {
    let row_def = &table.def.blocks[b].rows[r];
    let columns = if row_def.values {
        table.def.blocks[b].columns.len()
    } else {
        0
    };
    let id = &row_def.id;
    let get = |rid: &String, c: usize| {
        row_index(table, rid)
            .and_then(|i| table.rows[i].values.get(c)?.number())
            .map(|n| n.as_f64())
    };
    let sum = |ids: &[String], c: usize| {
        ids.iter()
            .filter(|x| *x != id)
            .map(|x| get(x, c))
            .sum::<Option<f64>>()
    };
    let mut values = vec![None; columns];
    for (c, slot) in values.iter_mut().enumerate() {
        for rel in &table.def.relations {
            let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
            let derived = match rel {
                RelationDef::ColumnTotal { total, parts } if total == id => sum(parts, c),
                RelationDef::ColumnTotal { total, parts } if parts.contains(id) => {
                    diff(get(total, c), sum(parts, c))
                }
                RelationDef::Balance { left, right } if left.contains(id) => {
                    diff(sum(right, c), sum(left, c))
                }
                RelationDef::Balance { left, right } if right.contains(id) => {
                    diff(sum(left, c), sum(right, c))
                }
                _ => None,
            };
            if let Some(v) = derived.filter(|v| *v >= 0.0) {
                *slot = Some(v);
                break;
            }
        }
    }
    let exact = values.iter().all(Option::is_some);
    (values, exact)
}

/// Does a label show its punctuation width (brackets, colon, comma)?
fn punctuated(label: &str) -> bool {
    label.contains(['(', '（', ':', '：', ',', '，'])
}

/// The label, as written, of the row nearest to `anchor` (it first, then one row before
/// and after, two rows...) that shows its punctuation width: the inserted label follows the
/// rows around it (`(五)` among `(四)` and `(六)`, whatever the rest of the table does).
fn punctuated_neighbour<'a>(table: &'a Table, anchor: &crate::model::Row) -> Option<&'a str> {
    let at = table.rows.iter().position(|r| std::ptr::eq(r, anchor))?;
    let label = |i: usize| {
        table
            .rows
            .get(i)
            .map(|r| r.written.as_str())
            .filter(|w| punctuated(w))
    };
    (0..table.rows.len()).find_map(|d| {
        label(at.saturating_sub(d))
            .filter(|_| d <= at)
            .or_else(|| label(at + d))
    })
}

#[allow(clippy::too_many_arguments)]
fn insert_fix(
    ctx: &Context,
    table: &Table,
    anchor: &crate::model::Row,
    insert_at: usize,
    b: usize,
    r: usize,
    values: &[Option<f64>],
    exact: bool,
) -> Fix {
    let block = &table.def.blocks[b];
    let row_def = &block.rows[r];
    let style = Style::of_table(ctx.text, ctx.analysis, table);
    let label = match punctuated_neighbour(table, anchor) {
        Some(written) => styled_label(written, &row_def.label),
        None => style.label(&row_def.label),
    };
    let mut cells: Vec<String> = Vec::new();
    if block.unit_column {
        cells.push(row_def.unit.clone().unwrap_or_default());
    }
    cells.extend(values.iter().map(|v| fmt(v.unwrap_or(0.0))));
    if table.layout == Layout::Markdown && !row_def.values {
        cells.extend(block.columns.iter().map(|_| String::new()));
    }
    let mut text = render_row(&style, &label, &cells);
    if table.layout == Layout::Markdown {
        // Keep the column count of the neighbouring Markdown row (merged label cells).
        if let Some(LineKind::Cells {
            cells: neighbour, ..
        }) = ctx
            .analysis
            .syntax
            .lines
            .get(anchor.lines.1)
            .map(|l| &l.kind)
        {
            let missing = neighbour.len().saturating_sub(cells.len() + 1);
            if missing > 0 {
                text = format!("|{}{}", " |".repeat(missing), &text[1..]);
            }
        }
    }
    if insert_at == ctx.text.len()
        && !ctx.text.is_empty()
        && !crate::text::ends_with_line_break(ctx.text)
    {
        text = format!("{}{}", style.eol, text.trim_end_matches(['\r', '\n']));
    }
    let zero = values.iter().all(|v| v.unwrap_or(0.0) == 0.0);
    let applicability = if exact || (!row_def.values) {
        Applicability::Safe
    } else {
        Applicability::NeedsReview
    };
    let what = if !row_def.values {
        String::new()
    } else if exact && zero {
        ctx.msg(
            "（合计印证为 0）".into(),
            " (the totals confirm zeros)".into(),
        )
    } else if exact {
        ctx.msg(
            "（数值由合计推出）".into(),
            " (values derived from the totals)".into(),
        )
    } else {
        ctx.msg("（填 0，需复核）".into(), " (zeros, to review)".into())
    };
    Fix {
        title: ctx.msg(
            format!("插入「{}」行{what}", row_def.label),
            format!("Insert the row “{}”{what}", row_def.label),
        ),
        applicability,
        edits: vec![Edit {
            range: TextRange::empty(insert_at),
            new_text: text,
        }],
    }
}
