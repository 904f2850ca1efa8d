//! What the rules comparing a report with the same issuer's previous report share: the
//! template's `previous-year` relations turned into equations between this year's cells and
//! last year's.

use crate::check::facts::CellFact;
use crate::check::{Diagnostic, FactContext, Related, RuleInfo};
use crate::model::Number;
use crate::template::{BlockDef, Over, RelationDef, TableDef};

/// Checks every `previous-year` relation of the report's generation that names `rule`.
pub(crate) fn check_relations(ctx: &FactContext, rule: &RuleInfo, out: &mut Vec<Diagnostic>) {
    let (Some(previous), Some(template)) = (ctx.previous, ctx.template) else {
        return;
    };
    for table in &template.tables {
        for rel in &table.relations {
            let RelationDef::PreviousYear {
                rule: code,
                block,
                over,
                value,
                previous: before,
                added,
                removed,
            } = rel
            else {
                continue;
            };
            if code != rule.code {
                continue;
            }
            let Some(block) = table.blocks.iter().find(|b| b.id == *block) else {
                continue;
            };
            let lines: Vec<&str> = match over {
                Over::Columns => block.columns.iter().map(|c| c.id.as_str()).collect(),
                Over::Rows => block.rows.iter().map(|r| r.id.as_str()).collect(),
            };
            let terms = Terms {
                table,
                block,
                over: *over,
            };
            for line in lines {
                let cell = |facts, id: &str| terms.cell(facts, id, line);
                let Some(this) = cell(ctx.facts, value) else {
                    continue;
                };
                let Some(got) = this.value.and_then(count) else {
                    continue;
                };
                let side = |facts, ids: &[String]| -> Option<Vec<(&CellFact, i64)>> {
                    ids.iter()
                        .map(|id| {
                            let c = cell(facts, id)?;
                            Some((c, c.value.and_then(count)?))
                        })
                        .collect()
                };
                let (Some(before), Some(added), Some(removed)) = (
                    side(&previous.facts, before),
                    side(ctx.facts, added),
                    side(ctx.facts, removed),
                ) else {
                    continue;
                };
                let want = before.iter().map(|t| t.1).sum::<i64>()
                    + added.iter().map(|t| t.1).sum::<i64>()
                    - removed.iter().map(|t| t.1).sum::<i64>();
                if want == got {
                    continue;
                }
                out.push(finding(
                    ctx, rule, &terms, this, got, want, &before, &added, &removed,
                ));
            }
        }
    }
}

/// A count: an integer (a decimal is a money cell, never carried over).
fn count(n: Number) -> Option<i64> {
    match n {
        Number::Int(i) => Some(i),
        Number::Dec(_) => None,
    }
}

struct Terms<'t> {
    table: &'t TableDef,
    block: &'t BlockDef,
    over: Over,
}

impl<'t> Terms<'t> {
    /// The cell `id` (a row for `over = columns`, a column for `over = rows`) on `line`.
    fn cell<'f, 'u>(
        &self,
        facts: &'f crate::check::Facts<'u>,
        id: &str,
        line: &str,
    ) -> Option<&'f CellFact<'u>> {
        let (row, column) = match self.over {
            Over::Columns => (id, line),
            Over::Rows => (line, id),
        };
        facts.cell(self.table.kind, &self.block.id, row, column)
    }

    /// The official label of the line a cell is on (its column for `over = columns`, its row
    /// for `over = rows`): what every term of the relation shares.
    fn line_label(&self, cell: &CellFact) -> &'t str {
        match self.over {
            Over::Columns => self.column_label(cell.column),
            Over::Rows => self.row_label(cell.row),
        }
    }

    /// The official label of a cell's term (its row for `over = columns`, its column for
    /// `over = rows`).
    fn term_label(&self, cell: &CellFact) -> &'t str {
        match self.over {
            Over::Columns => self.row_label(cell.row),
            Over::Rows => self.column_label(cell.column),
        }
    }

    fn row_label(&self, id: &str) -> &'t str {
        let row = self.block.rows.iter().find(|r| r.id == id);
        row.map_or("", |r| r.label.as_str())
    }

    fn column_label(&self, id: &str) -> &'t str {
        let column = self.block.columns.iter().find(|c| c.id == id);
        column.map_or("", |c| c.label.as_str())
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    ctx: &FactContext,
    rule: &RuleInfo,
    terms: &Terms,
    this: &CellFact,
    got: i64,
    want: i64,
    before: &[(&CellFact, i64)],
    added: &[(&CellFact, i64)],
    removed: &[(&CellFact, i64)],
) -> Diagnostic {
    let previous = ctx.previous.expect("checked by the caller");
    let last = previous.year;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let mut related = Vec::new();
    for (sign, (cell, n)) in before
        .iter()
        .map(|t| ('+', t))
        .chain(added.iter().map(|t| ('+', t)))
        .chain(removed.iter().map(|t| ('−', t)))
    {
        let from_last_year = before.iter().any(|(c, _)| std::ptr::eq(*c, *cell));
        let label = terms.term_label(cell);
        let (z, e) = if from_last_year {
            (
                format!("{last}年{label} {n}"),
                format!("{last}'s {label} {n}"),
            )
        } else if label.starts_with("本年") {
            (format!("{label} {n}"), format!("this year's {label} {n}"))
        } else {
            (
                format!("本年{label} {n}"),
                format!("this year's {label} {n}"),
            )
        };
        let (zs, es) = if zh.is_empty() && sign == '+' {
            (String::new(), String::new())
        } else {
            (format!(" {sign} "), format!(" {sign} "))
        };
        zh.push(format!("{zs}{z}"));
        en.push(format!("{es}{e}"));
        related.push(if from_last_year {
            Related {
                range: cell.range,
                message: ctx.msg(
                    format!("{last}年报告：{}·{label} {n}", terms.line_label(cell)),
                    format!("{last} report: {} · {label} {n}", terms.line_label(cell)),
                ),
                elsewhere: Some(previous.place(cell.range)),
            }
        } else {
            Related::here(
                cell.range,
                format!("{}·{label} {n}", terms.line_label(cell)),
            )
        });
    }
    let (line, label) = (terms.line_label(this), terms.term_label(this));
    Diagnostic {
        code: rule.code,
        severity: rule.severity,
        message: ctx.msg(
            format!(
                "{line}：{label} {got} 与上年报告不衔接，应为 {} = {want}",
                zh.concat()
            ),
            format!(
                "{line}: {label} {got} does not follow from last year's report: {} = {want}",
                en.concat()
            ),
        ),
        range: this.range,
        related,
        fixes: Vec::new(),
    }
}
