use crate::check::rules::support::row_name;
use crate::check::{Context, Diagnostic, Related, Severity};

crate::declare_rule! {
    /// A row has more numbers than the template has columns.
    ///
    /// ## What it does
    /// Reports numbers after a row's last template column, and numbers in rows
    /// that carry none in the template (`三、本年度办理结果`, `（三）不予公开`, and in the
    /// 2021 format `（六）其他处理`).
    ///
    /// ## Why
    /// An extra number is usually a shifted row — every value after it sits in
    /// the wrong column — or a template of another generation.
    ///
    /// ## Example
    /// ```text
    /// 规章 | 0 | 0 | 4 | 4 |
    /// ```
    ///
    /// ## Fix
    /// None: remove the extra cell or move the values to their columns.
    pub struct ExtraValue => "extra-value", Severity::Warning, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        if table.other_edition() {
            // Another edition may have more columns (历年累计): see `partial-table`.
            continue;
        }
        for row in &table.rows {
            if row.def.is_none() {
                continue; // reported as unknown-row
            }
            let extra: Vec<_> = row.extra.iter().filter(|v| v.range.is_some()).collect();
            let Some(first) = extra.first() else { continue };
            let name = row_name(table, row);
            let n = extra.len();
            let columns = table.row_def(row).map_or(0, |d| {
                if d.values {
                    table.block_def(row.block).columns.len()
                } else {
                    0
                }
            });
            out.push(Diagnostic {
                code: ExtraValue::INFO.code,
                severity: ExtraValue::INFO.severity,
                message: ctx.msg(
                    format!("「{name}」多出 {n} 个数值（模板该行有 {columns} 列数值）"),
                    format!(
                        "“{name}” has {n} number(s) more than the template's {columns} column(s)"
                    ),
                ),
                range: first.range.unwrap_or(table.range),
                related: extra
                    .iter()
                    .skip(1)
                    .filter_map(|v| {
                        v.range.map(|range| Related {
                            range,
                            message: v.text.clone(),
                            elsewhere: None,
                        })
                    })
                    .collect(),
                fixes: Vec::new(),
            });
        }
    }
}
