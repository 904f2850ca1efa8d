use crate::check::rules::support::{total_findings, RelationKind};
use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A total cell differs from the sum of the cells it totals in its row.
    ///
    /// ## What it does
    /// Adds up the cells a row total covers and compares the sum with the total:
    /// in section 三, 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他;
    /// in section 四, each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    ///
    /// ## Why
    /// A total that does not add up is the mistake reviewers and evaluators find
    /// first, and it is counted against the agency.
    ///
    /// ## Example
    /// ```text
    /// 一、本年新收政府信息公开申请数量 | 6 | 0 | 0 | 0 | 0 | 0 | 89 |
    /// ```
    /// 总计 89, but the applicant columns add up to 6.
    ///
    /// ## Fix
    /// Set the total to the sum (needs review). When the table's other relations
    /// confirm the total (here 一 + 二 = （七）总计 + 四 holds with 89), the parts are
    /// wrong instead: the message says so and no fix to the total is offered.
    /// Blank cells are not zeros: a row with a blank part is not checked (see
    /// `missing-value`).
    pub struct RowTotalMismatch => "row-total", Severity::Error, scope: Local, fixes: NeedsReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    total_findings(
        ctx,
        out,
        RelationKind::RowTotal,
        RowTotalMismatch::INFO.code,
        RowTotalMismatch::INFO.severity,
    );
}
