use crate::check::rules::support::expected_template;
use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A template newer than the report year's, or tables of different generations in one report.
    ///
    /// ## What it does
    /// Reports a table whose template was issued after the report year's template
    /// (a 2018 report in the 2019 format), and a report whose tables follow
    /// different generations (section 二 in the 2021 format, section 三 in the 2019
    /// format).
    ///
    /// ## Why
    /// A newer template for an older year is usually a wrong year in the title;
    /// mixed generations mean part of last year's report was copied forward.
    ///
    /// ## Example
    /// `2018年度…报告` whose tables have the 2019 format's `第二十条第（一）项` blocks.
    ///
    /// ## Fix
    /// None: check the year, or bring every table to one template.
    pub struct TemplateMismatch => "template-mismatch", Severity::Warning, scope: Report, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    if let (Some((expected, _)), Some(year)) = (expected_template(ctx), ctx.year) {
        if let Some(table) = report
            .tables
            .iter()
            .find(|t| t.template.rank > expected.rank)
        {
            let (used, want) = (&table.template.id, &expected.id);
            out.push(Diagnostic {
                code: TemplateMismatch::INFO.code,
                severity: TemplateMismatch::INFO.severity,
                message: ctx.msg(
                    format!("{year} 年度报告应使用 {want} 年模板（{}），但表格采用了更新的 {used} 年格式：请核对报告年度", expected.title),
                    format!("a {year} report should use the {want} template ({}), but its tables use the newer {used} format: check the report year", expected.title),
                ),
                range: table.anchor_range(),
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }
    }
    if report.mixed_templates {
        let Some(main) = report.template else { return };
        // A table older than the template in force is `outdated-template`'s.
        let outdated = |t: &crate::model::Table| {
            expected_template(ctx).is_some_and(|(expected, _)| t.template.rank < expected.rank)
        };
        if let Some(table) = report
            .tables
            .iter()
            .find(|t| !t.shape_ambiguous && t.template.id != main.id && !outdated(t))
        {
            let (used, main_id) = (&table.template.id, &main.id);
            out.push(Diagnostic {
                code: TemplateMismatch::INFO.code,
                severity: TemplateMismatch::INFO.severity,
                message: ctx.msg(
                    format!("本表采用 {used} 年格式，而报告其余表格采用 {main_id} 年格式"),
                    format!("this table follows the {used} format while the report's other tables follow the {main_id} format"),
                ),
                range: table.anchor_range(),
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }
    }
}
