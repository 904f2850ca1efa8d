use crate::check::rules::support::row_name;
use crate::check::{Context, Diagnostic, Severity};
use crate::template::ColumnKind;

crate::declare_rule! {
    /// A count below zero.
    ///
    /// ## What it does
    /// Reports negative numbers in every column except `本年增/减`, the only column
    /// the official format lets go below zero (a decrease is written `-8`).
    ///
    /// ## Why
    /// A count of documents, requests or cases cannot be negative; a minus sign
    /// there is a typing slip or a value from the wrong column.
    ///
    /// ## Example
    /// ```text
    /// 规章 | 0 | -1 | 4 |
    /// ```
    ///
    /// ## Fix
    /// None: the author must find the right number.
    pub struct NegativeValue => "negative-value", Severity::Error, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        for row in &table.rows {
            let block = table.block_def(row.block);
            for (c, v) in row.values.iter().enumerate() {
                let signed = block
                    .columns
                    .get(c)
                    .is_some_and(|col| col.kind == ColumnKind::Signed);
                let (Some(n), Some(range)) = (v.number(), v.range) else {
                    continue;
                };
                if signed || !n.is_negative() {
                    continue;
                }
                let column = block.columns.get(c).map_or("", |c| c.label.as_str());
                let name = row_name(table, row);
                out.push(Diagnostic {
                    code: NegativeValue::INFO.code,
                    severity: NegativeValue::INFO.severity,
                    message: ctx.msg(
                        format!("「{name}」的{column}为负数 {n}：数量不能小于 0"),
                        format!(
                            "“{name}” {column} is negative ({n}): a count cannot be below zero"
                        ),
                    ),
                    range,
                    related: Vec::new(),
                    fixes: Vec::new(),
                });
            }
        }
    }
}
