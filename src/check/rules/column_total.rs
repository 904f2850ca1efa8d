use crate::check::rules::support::{total_findings, RelationKind};
use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A total row differs from the sum of the rows it totals, in one column.
    ///
    /// ## What it does
    /// In section 三, （七）总计 must equal （一）+（二）+ the sub-rows of （三）（四）（五）
    /// + （六） (in the 2021 format, （六）'s three sub-rows) in every column. In the 2008
    /// statistics table, a total indicator equals the sum of its numbered
    /// sub-indicators (三（一）收到申请数 = 当面 + 传真 + 网络 + 信函, 四 行政复议数量 = its
    /// （一）–（三）, …), as the table's note says: 各子栏目数总数要等于总栏目数量.
    ///
    /// ## Why
    /// A column that does not add up means a request was counted twice or lost.
    ///
    /// ## Example
    /// ```text
    /// （七）总计 | | | | | | | 87 |
    /// ```
    /// while the result rows above add up to 155 in the 总计 column.
    ///
    /// ## Fix
    /// Set the total to the sum (needs review), unless the table's other
    /// relations confirm the total, in which case the rows are the suspects and
    /// the message says so. Columns with blank cells are not checked.
    pub struct ColumnTotalMismatch => "column-total", Severity::Error, scope: Local, fixes: NeedsReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    total_findings(
        ctx,
        out,
        RelationKind::ColumnTotal,
        ColumnTotalMismatch::INFO.code,
        ColumnTotalMismatch::INFO.severity,
    );
}
