//! Inlay hints: the computed sum beside a total cell (`= 6`), for the totals that disagree
//! with their parts (or for every total, or none: the `inlay-hints` setting).

use crate::check::config::InlayHints;
use crate::check::rules::support::{equations, fmt, parts_summary, RelationKind, Status};
use crate::check::Lang;
use crate::model::Analysis;
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inlay {
    /// Where the hint stands: just after the total cell.
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

/// The hints of totals in `range` (the whole text when `None`), in document order, in `lang`.
#[must_use]
pub fn inlay_hints(
    analysis: &Analysis,
    mode: InlayHints,
    lang: Lang,
    range: Option<TextRange>,
) -> Vec<Inlay> {
    if mode == InlayHints::Never {
        return Vec::new();
    }
    let mut out = Vec::new();
    for table in &analysis.report.tables {
        let eqs = equations(table);
        let totals: Vec<_> = eqs
            .iter()
            .filter(|e| matches!(e.kind, RelationKind::RowTotal | RelationKind::ColumnTotal))
            .collect();
        for eq in &totals {
            let cell = eq.lhs[0];
            let Some(at) = table.rows[cell.0].values.get(cell.1).and_then(|v| v.range) else {
                continue;
            };
            if range.is_some_and(|r| at.end < r.start || at.start > r.end) {
                continue;
            }
            let (written, sum) = match eq.status(table) {
                Status::Holds if mode == InlayHints::Always => {
                    let sum: f64 = eq
                        .rhs
                        .iter()
                        .filter_map(|&c| crate::check::rules::support::value(table, c))
                        .map(crate::model::Number::as_f64)
                        .sum();
                    (sum, sum)
                }
                Status::Fails { lhs, rhs } => (lhs, rhs),
                _ => continue,
            };
            // A cell that totals both its row and its column says which sum is which.
            let both = totals.iter().filter(|e| e.lhs[0] == cell).count() > 1;
            let zh = lang == Lang::Zh;
            let label = match (both, eq.kind) {
                (true, RelationKind::RowTotal) if zh => format!("行和 {}", fmt(sum)),
                (true, RelationKind::RowTotal) => format!("row sum {}", fmt(sum)),
                (true, _) if zh => format!("列和 {}", fmt(sum)),
                (true, _) => format!("column sum {}", fmt(sum)),
                _ => format!("= {}", fmt(sum)),
            };
            let parts = parts_summary(table, &eq.rhs, lang);
            let tooltip = if zh {
                format!(
                    "各分项之和 {}（{parts}）；填写值 {}",
                    fmt(sum),
                    fmt(written)
                )
            } else {
                format!(
                    "sum of the parts {} ({parts}); written {}",
                    fmt(sum),
                    fmt(written)
                )
            };
            out.push(Inlay {
                offset: at.end,
                label,
                tooltip,
            });
        }
    }
    out.sort_by(|a, b| a.offset.cmp(&b.offset).then(a.label.cmp(&b.label)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_follow_the_language() {
        let text = include_str!("../../examples/reports/2020-linyi-approval-bureau.txt");
        let analysis = crate::model::analyze(text);
        let zh = inlay_hints(&analysis, InlayHints::Different, Lang::Zh, None);
        let en = inlay_hints(&analysis, InlayHints::Different, Lang::En, None);
        assert!(!zh.is_empty());
        assert_eq!(zh.len(), en.len());
        for (z, e) in zh.iter().zip(&en) {
            assert_eq!(z.offset, e.offset);
            assert!(z.tooltip.starts_with("各分项之和"), "{}", z.tooltip);
            assert!(e.tooltip.starts_with("sum of the parts"), "{}", e.tooltip);
            // Labels of the template are Chinese data; no Chinese phrasing around them.
            for phrase in ["各分项", "其余为", "填写值", "行和", "列和", "；"] {
                assert!(
                    !e.tooltip.contains(phrase) && !e.label.contains(phrase),
                    "{e:?}"
                );
            }
        }
    }
}
