use crate::check::rules::support::{cell_range, fmt, related_cells, RelationKind, Status};
use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// 一 + 二 differs from （七）总计 + 四 in a column of section 三.
    ///
    /// ## What it does
    /// Checks the balance the table's own note states: `（本列数据的勾稽关系为：第一项加
    /// 第二项之和，等于第三项加第四项之和）` — requests received this year plus those carried
    /// over equal those handled plus those carried forward, in every column.
    ///
    /// ## Why
    /// Every request must be accounted for; a column that does not balance has
    /// lost or invented requests.
    ///
    /// ## Example
    /// 一 17, 二 2, （七）总计 18, 四 0: 19 ≠ 18, one request is unaccounted for.
    ///
    /// ## Fix
    /// None: which side is wrong is for the author to find. The message says
    /// which side is larger and by how much. Columns with blank cells are not checked.
    pub struct BalanceMismatch => "balance", Severity::Error, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (table, eqs) in ctx.report().tables.iter().zip(ctx.equations()) {
        for eq in &eqs.list {
            if eq.kind != RelationKind::Balance {
                continue;
            }
            let Status::Fails { lhs, rhs } = eq.status(table) else {
                continue;
            };
            let column = crate::check::rules::support::column_label(table, eq.lhs[0]);
            let diff = fmt((lhs - rhs).abs());
            let (l, r) = (fmt(lhs), fmt(rhs));
            let (zh_side, en_side) = if lhs > rhs {
                (
                    "第一项加第二项之和多",
                    "received + carried over exceeds handled + carried forward by",
                )
            } else {
                (
                    "第三项加第四项之和多",
                    "handled + carried forward exceeds received + carried over by",
                )
            };
            out.push(Diagnostic {
                code: BalanceMismatch::INFO.code,
                severity: BalanceMismatch::INFO.severity,
                message: ctx.msg(
                    format!("「{column}」列不平衡：第一项加第二项之和 {l} ≠ 第三项加第四项之和 {r}，{zh_side} {diff}"),
                    format!("column “{column}” does not balance: 一 + 二 = {l} but （七）总计 + 四 = {r}; {en_side} {diff}"),
                ),
                range: cell_range(table, eq.rhs[0]),
                related: related_cells(ctx, table, &eq.cells().collect::<Vec<_>>()),
                fixes: Vec::new(),
            });
        }
    }
}
