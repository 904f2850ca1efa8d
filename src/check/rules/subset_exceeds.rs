use crate::check::rules::support::{fmt, row_index, row_name};
use crate::check::{Context, Diagnostic, Related, Severity};
use crate::template::RelationDef;

crate::declare_rule! {
    /// An `其中：` indicator is larger than the indicator it is part of.
    ///
    /// ## What it does
    /// In the 2008 statistics table, an indicator headed `其中：` counts a part of
    /// the indicator above it (主动公开规范性文件数 of 主动公开政府信息数; the reasons under
    /// 4.不同意公开答复数): it can never be larger.
    ///
    /// ## Why
    /// A part larger than its whole is impossible; one of the two is wrong.
    ///
    /// ## Example
    /// ```text
    /// (一)主动公开政府信息数 | 条 | 39 |
    /// 其中:主动公开规范性文件数 | 条 | 41 |
    /// ```
    ///
    /// ## Fix
    /// None: the author must decide which number is wrong.
    pub struct SubsetExceeds => "subset-exceeds", Severity::Error, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        for rel in &table.def.relations {
            let RelationDef::Subset { whole, parts } = rel else {
                continue;
            };
            let Some(w) = row_index(table, whole) else {
                continue;
            };
            for part in parts {
                let Some(p) = row_index(table, part) else {
                    continue;
                };
                for (c, cell) in table.rows[p].values.iter().enumerate() {
                    let (Some(pv), Some(wv)) = (
                        cell.number(),
                        table.rows[w].values.get(c).and_then(|v| v.number()),
                    ) else {
                        continue;
                    };
                    if pv.as_f64() <= wv.as_f64() {
                        continue;
                    }
                    let (pn, wn) = (
                        row_name(table, &table.rows[p]),
                        row_name(table, &table.rows[w]),
                    );
                    let (ps, ws) = (fmt(pv.as_f64()), fmt(wv.as_f64()));
                    out.push(Diagnostic {
                        code: SubsetExceeds::INFO.code,
                        severity: SubsetExceeds::INFO.severity,
                        message: ctx.msg(
                            format!("「{pn}」{ps} 大于其所属的「{wn}」{ws}"),
                            format!(
                                "“{pn}” ({ps}) is larger than “{wn}” ({ws}), which it is part of"
                            ),
                        ),
                        range: cell
                            .range
                            .or(table.rows[p].label_range)
                            .unwrap_or(table.range),
                        related: table.rows[w].values[c]
                            .range
                            .map(|range| Related {
                                range,
                                message: format!("{wn}：{ws}"),
                                elsewhere: None,
                            })
                            .into_iter()
                            .collect(),
                        fixes: Vec::new(),
                    });
                }
            }
        }
    }
}
