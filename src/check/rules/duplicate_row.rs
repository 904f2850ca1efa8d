use crate::check::rules::support::row_name;
use crate::check::{Context, Diagnostic, Related, Severity};

crate::declare_rule! {
    /// The same template row appears twice in a table.
    ///
    /// ## What it does
    /// Reports the second and later rows aligned to the same template row. A
    /// label-only row written twice (a group label such as `三、本年度办理结果`
    /// that a page break split in two) is not reported: it holds no numbers.
    ///
    /// ## Why
    /// A repeated row is usually a copy-and-paste slip; only the first is used
    /// in the sums, so the second's numbers count nowhere.
    ///
    /// ## Example
    /// ```text
    /// 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
    /// 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
    /// ```
    ///
    /// ## Fix
    /// None: delete one of them or correct its label.
    pub struct DuplicateRow => "duplicate-row", Severity::Warning, scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report().tables {
        // The first row of each template row (a table may have thousands of rows).
        let mut firsts: rustc_hash::FxHashMap<(usize, usize), &crate::model::Row> =
            rustc_hash::FxHashMap::default();
        for row in &table.rows {
            let Some(def) = row.def else { continue };
            // A label-only row written twice (a group label Word split over two pages) holds nothing.
            if table.row_def(row).is_some_and(|d| !d.values) {
                continue;
            }
            let first = *firsts.entry(def).or_insert(row);
            if std::ptr::eq(first, row) {
                continue;
            }
            let Some(range) = row.label_range.or(row.values.iter().find_map(|v| v.range)) else {
                continue;
            };
            let name = row_name(table, row);
            out.push(Diagnostic {
                code: DuplicateRow::INFO.code,
                severity: DuplicateRow::INFO.severity,
                message: ctx.msg(
                    format!("「{name}」重复出现"),
                    format!("“{name}” appears twice"),
                ),
                range,
                related: first
                    .label_range
                    .map(|range| Related {
                        range,
                        message: ctx.msg("首次出现".into(), "first appearance".into()),
                        elsewhere: None,
                    })
                    .into_iter()
                    .collect(),
                fixes: Vec::new(),
            });
        }
    }
}
