use crate::check::rules::support::{
    expected_template, label_finding, labels_matched, MatchedLabel,
};
use crate::check::{Context, Diagnostic, Severity};
use crate::model::MatchKind;
use crate::template::SectionDef;

crate::declare_rule! {
    /// A known unofficial wording of an official label or section heading.
    ///
    /// ## What it does
    /// Reports labels written in a known variant (`商业机构` for 商业企业, `采购金额`
    /// for 采购总金额), official labels written without their note or with it
    /// twice, labels without their ordinal, and reworded section headings
    /// (`五、主要问题及改进措施` for 五、存在的主要问题及改进情况).
    ///
    /// ## Why
    /// The meaning is clear, so this is only a hint; but the official wording is
    /// what evaluators look for.
    ///
    /// ## Example
    /// ```text
    /// 商业机构 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
    /// ```
    ///
    /// ## Fix
    /// Replace with the official wording (safe).
    pub struct LabelVariant => "label-variant", Severity::Hint, scope: Local, fixes: Safe, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for label in labels_matched(ctx, MatchKind::Variant) {
        out.push(finding(ctx, &label));
    }
    // Headings are compared with the sections of the template the report follows.
    let template = expected_template(ctx)
        .map(|(t, _)| t)
        .filter(|t| !t.sections.is_empty())
        .or(ctx.report().template);
    let Some(template) = template else {
        return;
    };
    for section in &ctx.report().sections {
        // A heading whose ordinal is wrong is `section-numbering`'s.
        if section.official || section.misnumbered() {
            continue;
        }
        if let Some(def) = template
            .sections
            .iter()
            .find(|d: &&SectionDef| d.number == section.number)
        {
            let heading = MatchedLabel {
                range: section.range,
                written: &section.title,
                official: &def.title,
                whole: true,
            };
            out.push(finding(ctx, &heading));
        }
    }
}

fn finding(ctx: &Context, label: &MatchedLabel) -> Diagnostic {
    label_finding(ctx, &LabelVariant::INFO, label, |shown, official| {
        (
            format!("「{shown}」的官方表述为「{official}」"),
            format!("the official wording of “{shown}” is “{official}”"),
        )
    })
}
