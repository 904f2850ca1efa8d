use crate::check::render::eol_of;
use crate::check::rules::support::{expected_template, line_start};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Related, Severity};
use crate::model::Section;
use crate::text::normalize::label_key;
use crate::text::TextRange;

crate::declare_rule! {
    /// The section headings are not numbered as the template numbers them.
    ///
    /// ## What it does
    /// Reports, once for the report, the section headings whose ordinal is not
    /// the template's: tables numbered `一、二、三` after a narrative with its own
    /// `一…六`, `六、其他需要报告的事项` written as `五、`, the problems part under
    /// `（一）主要问题` with no heading of its own. The sections are recognised by
    /// their words and by the tables under them, so none of them is reported
    /// missing; the related information lists every heading with the number it
    /// should have.
    ///
    /// ## Why
    /// The 2019 and 2021 formats number the six sections 一 to 六 (条例 第五十条
    /// lists their content in that order). Reviewers read reports by those
    /// numbers; a report numbered otherwise is counted as not following the
    /// format.
    ///
    /// ## Example
    /// ```text
    /// 一、主动公开政府信息情况      (section 二)
    /// 二、收到和处理政府信息公开申请情况  (section 三)
    /// 五、其他需要报告的事项        (section 六)
    /// ```
    ///
    /// ## Fix
    /// Renumber the headings (`一、` → `二、`), and write the official heading
    /// above a section that has none (needs review: the report's own
    /// narrative numbering may need changing too).
    pub struct SectionNumbering => "section-numbering", Severity::Warning, scope: Report, fixes: NeedsReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    let wrong: Vec<&Section> = report.sections.iter().filter(|s| s.misnumbered()).collect();
    let Some(first) = wrong.first() else {
        return;
    };
    // Only reports held to the six sections: not the 2008 regulation's free-form ones.
    let template = match expected_template(ctx) {
        Some((t, _)) => Some(t),
        None => report.template,
    };
    let Some(template) = template.filter(|t| !t.sections.is_empty()) else {
        return;
    };
    let template = Some(template);
    let official = |n: u8| {
        template
            .and_then(|t| t.sections.iter().find(|d| d.number == n))
            .map(|d| d.title.as_str())
            .unwrap_or_default()
    };
    let numeral = |n: u8| ["一", "二", "三", "四", "五", "六"][usize::from(n.clamp(1, 6)) - 1];
    let related = wrong
        .iter()
        .map(|s| Related {
            range: s.range,
            message: ctx.msg(
                format!(
                    "第{}部分：应为「{}」",
                    numeral(s.number),
                    official(s.number)
                ),
                format!("section {}: should read “{}”", s.number, official(s.number)),
            ),
            elsewhere: None,
        })
        .collect();
    let eol = eol_of(ctx.text);
    let edits: Vec<Edit> = wrong
        .iter()
        .map(|s| match ordinal_range(ctx.text, s) {
            Some(range) => Edit {
                range,
                new_text: numeral(s.number).to_string(),
            },
            None => {
                let at = line_start(ctx, s.line);
                Edit {
                    range: TextRange::empty(at),
                    new_text: format!("{}{eol}", official(s.number)),
                }
            }
        })
        .collect();
    let listed: Vec<String> = wrong
        .iter()
        .map(|s| format!("「{}」", s.title.trim()))
        .collect();
    out.push(Diagnostic {
        code: SectionNumbering::INFO.code,
        severity: SectionNumbering::INFO.severity,
        message: ctx.msg(
            format!(
                "章节编号与模板不一致：{}{}为第{}部分",
                listed.join("、"),
                if wrong.len() > 1 { "应依次" } else { "应" },
                wrong
                    .iter()
                    .map(|s| numeral(s.number))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            format!(
                "the sections are not numbered as the template numbers them: {} are sections {}",
                wrong
                    .iter()
                    .map(|s| format!("“{}”", s.title.trim()))
                    .collect::<Vec<_>>()
                    .join(", "),
                wrong
                    .iter()
                    .map(|s| s.number.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        range: first.range,
        related,
        fixes: vec![Fix {
            title: ctx.msg(
                "按模板重新编号各章节".into(),
                "Renumber the sections as the template does".into(),
            ),
            applicability: Applicability::NeedsReview,
            edits,
        }],
    });
}

/// The range of a heading's top-level ordinal numeral (`一` of `一、`), if it has one.
fn ordinal_range(text: &str, section: &Section) -> Option<TextRange> {
    section.ordinal.filter(|&o| o > 0)?;
    let written = &text[section.range.start..section.range.end];
    let key = label_key(written);
    let skip = usize::from(key.starts_with('第'));
    let (i, c) = written
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(skip)?;
    "一二三四五六七八九十".contains(c).then(|| {
        TextRange::new(
            section.range.start + i,
            section.range.start + i + c.len_utf8(),
        )
    })
}
