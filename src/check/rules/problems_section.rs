use crate::check::{Diagnostic, FactContext, Severity};

crate::declare_rule! {
    /// Section 五 does not state both the problems and the improvements.
    ///
    /// ## What it does
    /// Reads the prose of section 五、存在的主要问题及改进情况 (in the 2019 format and later) and
    /// reports it when it is empty, when it says only `无` or `暂无`, or when it lacks one of its
    /// two halves outright: no wording of a problem at all (`问题`, `不足`, `短板`, `差距`,
    /// `薄弱`, `有待`…), or no wording of an improvement at all (`改进`, `整改`, `措施`,
    /// `下一步`, `今后`, `将`, `继续`…; `有待加强` or `还需持续` is a problem, not one). Any real section has both, whatever its layout (sub-headings
    /// `（一）存在的问题` `（二）改进措施` included); only a section clearly missing one is reported.
    /// A report with no prose yet in sections 一 and 六 (a blank skeleton) is not checked.
    ///
    /// ## Why
    /// The regulation (第五十条第（四）项) requires the report to state the main problems of
    /// the agency's disclosure work and how it is improving them; reviewers count an empty or
    /// `无` section 五 as a missing part of the report.
    ///
    /// ## Example
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// 无。
    /// ```
    ///
    /// ## Fix
    /// None: state this year's problems and what is being done about them.
    pub struct ProblemsSection => "problems-section", Severity::Error,
        scope: Report, fixes: None, Facts(check)
}

/// Words of a problem stated.
const PROBLEM_WORDS: &[&str] = &[
    "问题",
    "不足",
    "短板",
    "差距",
    "薄弱",
    "欠缺",
    "有待",
    "不够",
    "不高",
    "不强",
    "不到位",
    "不完善",
    "不规范",
    "不及时",
    "不充分",
    "不平衡",
    "不均衡",
    "尚需",
    "仍需",
    "还需",
    "亟需",
    "亟待",
    "困难",
    "瓶颈",
    "滞后",
    "单一",
    "缺乏",
    "存在",
];

/// Words of an improvement stated: what will be done (`将`, `下一步`, `今后`), not the verbs
/// a problem is also said with (`有待加强`, `还需完善`).
const IMPROVEMENT_WORDS: &[&str] = &[
    "改进",
    "整改",
    "下一步",
    "下步",
    "今后",
    "将",
    "措施",
    "计划",
    "拟",
    "努力",
    "着力",
    "继续",
    "持续",
    "切实",
    "确保",
    "力争",
    "推动",
    "采取",
];

/// Words that make what follows a problem (`有待加强`, `仍需持续`), not an improvement.
const NEEDS: &[&str] = &[
    "有待", "还需", "仍需", "尚需", "需要", "亟需", "亟待", "需", "待",
];

/// Does `text` state an improvement?
fn improvement(text: &str) -> bool {
    IMPROVEMENT_WORDS.iter().any(|w| {
        text.match_indices(w)
            .any(|(i, _)| !NEEDS.iter().any(|n| text[..i].ends_with(n)))
    })
}

/// What a body saying nothing says.
fn bare(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit())
        .collect();
    t.chars().count() <= 8 && ["无", "没有", "略", "不涉及"].iter().any(|w| t.contains(w))
}

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    let template = ctx
        .year
        .and_then(|y| ctx.templates.in_force(y))
        .map(|(t, _)| t)
        .or(ctx.template);
    // Reports under the 2008 regulation are free-form.
    if template.is_none_or(|t| t.sections.is_empty()) {
        return;
    }
    // A report not yet written (a blank skeleton) is not held to its prose.
    let Some(five) = ctx
        .facts
        .section(5)
        .filter(|_| ctx.facts.has_prose_besides(5))
    else {
        return;
    };
    let text: &str = &five.prose;
    let content: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let (zh, en) = if content.is_empty() {
        (
            "第五部分没有内容：应写明存在的主要问题和改进情况".to_string(),
            "section 五 is empty: it must state the main problems and how they are being improved"
                .to_string(),
        )
    } else if bare(text) {
        let said = text.trim();
        (
            format!("第五部分只写了「{said}」：应写明存在的主要问题和改进情况"),
            format!(
                "section 五 says only “{said}”: it must state the main problems and how they are being improved"
            ),
        )
    } else if !improvement(text) {
        (
            "第五部分未写改进情况（没有「改进」「措施」「下一步」「将」等措辞）".to_string(),
            "section 五 states no improvement (no wording such as 改进, 措施, 下一步, 将)"
                .to_string(),
        )
    } else if !has(PROBLEM_WORDS) {
        (
            "第五部分未写存在的问题（没有「问题」「不足」「差距」等措辞）".to_string(),
            "section 五 states no problem (no wording such as 问题, 不足, 差距)".to_string(),
        )
    } else {
        return;
    };
    out.push(Diagnostic {
        code: ProblemsSection::INFO.code,
        severity: ProblemsSection::INFO.severity,
        message: ctx.msg(zh, en),
        range: five.heading,
        related: Vec::new(),
        fixes: Vec::new(),
    });
}
