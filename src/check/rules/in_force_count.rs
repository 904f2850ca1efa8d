use crate::check::{Diagnostic, FactContext, Severity};

crate::declare_rule! {
    /// A count of documents or items in force does not follow from last year's report.
    ///
    /// ## What it does
    /// With the same issuer's report of the previous year beside it, checks the running
    /// counts of section 二 that the template defines from one year to the next
    /// (`previous-year` relations in the template data):
    /// - 2021 format, 第二十条第（一）项, for 规章 and 行政规范性文件: 现行有效件数 = last year's
    ///   现行有效件数 + 本年制发件数 − 本年废止件数. Compared only when last year's report
    ///   has the 2021 format too (the 2019 format has no 现行有效件数).
    /// - 2019 format, 第二十条第（五）（六）（八）项: 上一年项目数量 = last year's 上一年项目数量 +
    ///   last year's 本年增/减 (the number of items a year ago is what last year's report
    ///   counted a year before, changed by last year's change).
    ///
    /// Not derived: 2019's 对外公开总数量 (第二十条第（一）项). Documents repealed or withdrawn
    /// leave the published total without the template saying how many, so last year's total
    /// plus this year's 本年新公开数量 is an upper bound only; a relation that real reports
    /// may rightly break is not checked.
    ///
    /// ## Why
    /// A 2023 report's 行政规范性文件 现行有效件数 470 where 2022's 698 + 本年制发 77 − 本年废止
    /// 132 = 643: one of the figures is wrong, and evaluators compare consecutive years.
    ///
    /// ## Example
    /// 2022: 现行有效件数 698. 2023: 本年制发件数 77, 本年废止件数 132, 现行有效件数 470.
    ///
    /// ## Fix
    /// None: find which figure is wrong. The related information points at last year's cell
    /// and this year's parts.
    pub struct InForceCount => "in-force-count", Severity::Warning, scope: Years, fixes: None, Facts(check)
}

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    super::years::check_relations(ctx, &InForceCount::INFO, out);
}
