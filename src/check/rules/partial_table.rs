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
    pub struct PartialTable => "partial-table", Severity::Warning, check
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    for table in &report.tables {
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
