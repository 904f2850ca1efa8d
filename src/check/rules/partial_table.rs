use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A statistics table was read only in part.
    ///
    /// ## What it does
    /// Reports a table with lines of values that could not be given to any of
    /// its rows: a table torn apart by its conversion to text (a PDF's text
    /// layer, a converter's Markdown) where the lines of numbers outnumber, or
    /// fall short of, the rows waiting for them. The rows that were read are
    /// checked as usual; sums that need the unplaced numbers cannot be.
    ///
    /// Also a statistics table of the 2008 regulation in an edition nianbao does
    /// not hold (more of its indicators with numbers match no template row than
    /// match one: a province's or an earlier year's edition): its recognised
    /// indicators are checked, but it is not held to the 2015–2018 edition's
    /// list of rows (no `missing-row`, no `unknown-row`).
    ///
    /// ## Why
    /// Numbers that nianbao could not place are numbers it did not check. The
    /// finding says so, instead of passing the table as if it were whole.
    ///
    /// ## Example
    /// ```text
    /// （二）部分公开（区分处理的，只
    /// | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
    /// | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
    /// ```
    ///
    /// ## Fix
    /// None: check the report from its published page or Word file, or put
    /// each row's numbers on its label's line.
    pub struct PartialTable => "partial-table", Severity::Warning, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    for table in &report.tables {
        if table.other_edition() {
            let title = &table.def.title;
            let unknown = table.rows.iter().filter(|r| r.def.is_none()).count();
            out.push(Diagnostic {
                code: PartialTable::INFO.code,
                severity: PartialTable::INFO.severity,
                message: ctx.msg(
                    format!("「{title}」是 nianbao 未收录的版本（各地、各年的统计指标不同；收录的是 2015–2018 年全国版）：{unknown} 个指标未能对应，只核对了认出的指标，未检查缺少的行"),
                    format!("the “{title}” is an edition nianbao does not hold (its indicators varied by province and year; the one held is the 2015–2018 national edition): {unknown} indicator(s) could not be matched, only the indicators recognised are checked and missing rows are not reported"),
                ),
                range: table.anchor_range(),
                related: Vec::new(),
                fixes: Vec::new(),
            });
            continue;
        }
        let Some(first) = table.unplaced.first() else {
            continue;
        };
        let n = table.unplaced.len();
        let title = &table.def.title;
        out.push(Diagnostic {
            code: PartialTable::INFO.code,
            severity: PartialTable::INFO.severity,
            message: ctx.msg(
                format!("「{title}」表格只读出了一部分：{n} 行数字无法对应到任何一行（表格在转换为文本时被拆散）；已读出的行照常检查"),
                format!("the “{title}” table was read only in part: {n} line(s) of values could not be matched to any row (the table was torn apart in its conversion to text); the rows that were read are checked"),
            ),
            range: *first,
            related: Vec::new(),
            fixes: Vec::new(),
        });
    }
}
