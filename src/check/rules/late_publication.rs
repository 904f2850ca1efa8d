use crate::check::{Context, Diagnostic, Severity};
use crate::model::IssuerKind;

crate::declare_rule! {
    /// The report was published after its statutory deadline.
    ///
    /// ## What it does
    /// Compares the date that closes the report with the deadline for its year:
    /// under the 2008 regulation (reports up to 2018), March 31 of the next
    /// year (第三十一条); under the revised regulation (2019 onward), January 31
    /// for a department's report (第四十九条) and March 31 for a people's
    /// government's own report (第五十条). A report whose issuer is not stated is
    /// held to the department deadline.
    ///
    /// ## Why
    /// Publication on time is itself assessed.
    ///
    /// ## Example
    /// A department's 2021 report dated `2022年2月10日`.
    ///
    /// ## Fix
    /// None: publish on time, or correct the date if it is a typing mistake.
    pub struct LatePublication => "late-publication", Severity::Warning, scope: Report, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    let (Some(year), Some(published)) = (ctx.year, report.published.as_ref()) else {
        return;
    };
    let Some(deadline) = ctx.templates.deadline(year) else {
        return;
    };
    let kind = report
        .issuer
        .as_ref()
        .map_or(IssuerKind::Department, |i| i.kind);
    let (month, day) = match kind {
        IssuerKind::Government => deadline.government,
        IssuerKind::Department => deadline.department,
    };
    let due = crate::model::Date {
        year: year + 1,
        month,
        day,
    };
    if published.value <= due {
        return;
    }
    let (zh_kind, en_kind) = match kind {
        IssuerKind::Government => ("人民政府年度报告", "a people's government's report"),
        IssuerKind::Department => ("部门年度报告", "a department's report"),
    };
    let regulation = &deadline.regulation;
    out.push(Diagnostic {
        code: LatePublication::INFO.code,
        severity: LatePublication::INFO.severity,
        message: ctx.msg(
            format!(
                "发布日期 {} 晚于法定期限 {}（{regulation}，{zh_kind}）",
                published.value, due
            ),
            format!(
                "published {} after the statutory deadline {} ({regulation}, {en_kind})",
                published.value, due
            ),
        ),
        range: published.range,
        related: Vec::new(),
        fixes: Vec::new(),
    });
}
