use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A row label matches no row of the template.
    ///
    /// ## What it does
    /// Reports table rows whose label is neither an official label, nor a known
    /// variant, nor a near miss of one. The row and its values are kept in the
    /// model (`nianbao extract` shows them), but no sum can use them.
    ///
    /// ## Why
    /// Local rows (`其他主动公开文件`) are not part of the official format, and a
    /// row the checker cannot place is often a template row mistyped beyond
    /// recognition — its numbers then count nowhere.
    ///
    /// ## Example
    /// ```text
    /// 其他主动公开文件 | 3 | 3 | 10 |
    /// ```
    ///
    /// ## Fix
    /// None: rename the row to its official label, or move local figures to the
    /// prose of the report.
    pub struct UnknownRow => "unknown-row", Severity::Warning, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        if table.other_edition() {
            // Its own edition's indicators, not unknown rows: see `partial-table`.
            continue;
        }
        for row in &table.rows {
            let (None, Some(range)) = (row.def, row.label_range) else {
                continue;
            };
            let written = row.written.split_whitespace().collect::<Vec<_>>().join(" ");
            let title = &table.def.title;
            out.push(Diagnostic {
                code: UnknownRow::INFO.code,
                severity: UnknownRow::INFO.severity,
                message: ctx.msg(
                    format!("未识别的行「{written}」：不是「{title}」表格模板中的行"),
                    format!("unknown row “{written}”: not a row of the “{title}” template table"),
                ),
                range,
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }
    }
}
