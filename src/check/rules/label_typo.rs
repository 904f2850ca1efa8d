use crate::check::rules::support::{label_finding, labels_matched};
use crate::check::{Context, Diagnostic, Severity};
use crate::model::MatchKind;

crate::declare_rule! {
    /// A row, column or block label is a near miss of the official one.
    ///
    /// ## What it does
    /// Reports labels that differ from an official label by a character or two
    /// (`（二）不分公开`, `…重新出具以获取信息`, `第二十条第（八）条`, `属于行政执法案件`).
    /// Labels that differ in a numeral (`第（八）项` / `第（九）项`) are different rows,
    /// never typos of each other.
    ///
    /// ## Why
    /// Evaluators compare the tables with the official format word for word: a
    /// mistyped label counts as an error even when the numbers are right.
    ///
    /// ## Example
    /// ```text
    /// (二)不分公开(区分处理的,只计这一情形,不计其他情形) | 0 | …
    /// ```
    ///
    /// ## Fix
    /// Replace the label with the official one, in the author's punctuation
    /// width (safe).
    pub struct LabelTypo => "label-typo", Severity::Warning, scope: Local, fixes: Safe, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for label in labels_matched(ctx, MatchKind::Typo) {
        out.push(label_finding(
            ctx,
            &LabelTypo::INFO,
            &label,
            |shown, official| {
                (
                    format!("「{shown}」疑为「{official}」之误"),
                    format!("“{shown}” looks like a typo for “{official}”"),
                )
            },
        ));
    }
}
