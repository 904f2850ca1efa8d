use crate::check::{Diagnostic, FactContext, Severity};

crate::declare_rule! {
    /// 上年结转 differs from what last year's report carried over to this year.
    ///
    /// ## What it does
    /// With the same issuer's report of the previous year beside it (checked together, or
    /// in the editor's workspace), compares section 三's `二、上年结转政府信息公开申请数量`
    /// with last year's `四、结转下年度继续办理`, column by column. The relation is the
    /// template's (`previous-year` in `templates/2019.toml` and `2021.toml`), and it holds
    /// across the 2019 → 2021 format change: both rows kept their meaning.
    ///
    /// ## Why
    /// An application carried over is one application: it leaves last year's table in 四
    /// and enters this year's in 二. When the two differ, applications were lost or counted
    /// twice — or one of the two reports is wrong. Reviewers compare consecutive reports.
    ///
    /// ## Example
    /// The 2020 report carries 3 applications of natural persons over to 2021; the 2021
    /// report's 上年结转 says 0 for 自然人.
    ///
    /// ## Fix
    /// None: find which report is wrong. The related information points at last year's cell.
    pub struct CarryOver => "carry-over", Severity::Warning, scope: Years, fixes: None, Facts(check)
}

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    super::years::check_relations(ctx, &CarryOver::INFO, out);
}
