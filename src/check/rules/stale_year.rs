use crate::check::{Context, Diagnostic, Related, Severity};

crate::declare_rule! {
    /// The statistics period names another year than the report's.
    ///
    /// ## What it does
    /// Reads the sentence that states the statistics period (`本报告所列数据的统计期限自
    /// 2021年1月1日起至2021年12月31日止`) and reports it when none of its dates is in the
    /// report year (the year the title states, or `year` in `nianbao.toml`). A period that
    /// starts late in the year before and ends in the report year (a cut-off of 12月20日) is
    /// not reported.
    ///
    /// ## Why
    /// The sentence is copied forward from last year's report and its year left unchanged:
    /// the report then says its figures are last year's.
    ///
    /// ## Example
    /// A report titled `2021年政府信息公开工作年度报告` stating
    /// `统计期限为2020年1月1日至2020年12月31日`.
    ///
    /// ## Fix
    /// None: correct the year (or the title, if the title is what is wrong).
    pub struct StaleYear => "stale-year", Severity::Warning, scope: Report, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(year) = ctx.year else {
        return;
    };
    let analysis = ctx.analysis;
    let stated = analysis.report.year.as_ref();
    for dates in crate::model::statistics_periods(ctx.text, &analysis.syntax) {
        let Some(first) = dates.first() else {
            continue;
        };
        if dates.iter().any(|d| d.value == year) {
            continue;
        }
        let named = first.value;
        let related = stated
            .filter(|y| y.range != first.range && ctx.config.year.is_none())
            .map(|y| {
                Related::here(
                    y.range,
                    ctx.msg(
                        format!("报告年度：{}年", y.value),
                        format!("the report year: {}", y.value),
                    ),
                )
            })
            .into_iter()
            .collect();
        out.push(Diagnostic {
            code: StaleYear::INFO.code,
            severity: StaleYear::INFO.severity,
            message: ctx.msg(
                format!("统计期限写的是 {named} 年，而本报告是 {year} 年度报告"),
                format!("the statistics period is in {named}, but this is the {year} report"),
            ),
            range: first.range,
            related,
            fixes: Vec::new(),
        });
    }
}
