use crate::check::{Context, Diagnostic, Severity};
use crate::text::TextRange;

crate::declare_rule! {
    /// The report year cannot be determined.
    ///
    /// ## What it does
    /// Looks for the year in the title (`2021年政府信息公开年度工作报告`), in the
    /// statistics period (`统计期限为2020年1月1日至2020年12月31日`) and in an opening
    /// sentence (`2020年，…`). A date of the regulation (`2019年5月15日施行`) is not
    /// the report year.
    ///
    /// ## Why
    /// The year decides which template is in force and when the report is due:
    /// without it, nianbao cannot say whether the template is outdated or the
    /// report late. The template is then inferred from the tables' shape.
    ///
    /// ## Example
    /// A report that opens `一、总体情况` and never names its year.
    ///
    /// ## Fix
    /// State the year in the title, or set `year = 2021` in `nianbao.toml`.
    pub struct UnknownYear => "unknown-year", Severity::Warning, scope: Report, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.year.is_some() {
        return;
    }
    let text = ctx.text;
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |e| start + e);
    out.push(Diagnostic {
        code: UnknownYear::INFO.code,
        severity: UnknownYear::INFO.severity,
        message: ctx.msg(
            "无法确定报告年度：请在标题或统计期限中写明年度（或在 nianbao.toml 中设置 year）".into(),
            "the report year cannot be determined: state it in the title or the statistics period (or set `year` in nianbao.toml)".into(),
        ),
        range: TextRange::new(start, end),
        related: Vec::new(),
        fixes: Vec::new(),
    });
}
