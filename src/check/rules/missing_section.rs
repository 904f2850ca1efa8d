use crate::check::render::{eol_of, render_table, Style};
use crate::check::rules::support::{expected_template, line_start};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Severity};
use crate::model::Layout;
use crate::text::TextRange;

crate::declare_rule! {
    /// One of the six required sections is absent.
    ///
    /// ## What it does
    /// Since the 2019 format, a report has six sections: 一、总体情况; 二、主动公开政府信息情况;
    /// 三、收到和处理政府信息公开申请情况; 四、政府信息公开行政复议、行政诉讼情况;
    /// 五、存在的主要问题及改进情况; 六、其他需要报告的事项. Headings are recognised by their
    /// ordinal and key words, so reworded headings count (and get a `label-variant`
    /// hint).
    ///
    /// ## Why
    /// The regulation (第五十条) fixes the report's content; a missing section is a
    /// missing part of the report.
    ///
    /// ## Example
    /// A report that ends after section 五, without `六、其他需要报告的事项`.
    ///
    /// ## Fix
    /// Insert the heading at its place, with the empty table of the template for
    /// sections 二, 三 and 四 (zeros: needs review; a heading alone is safe).
    pub struct MissingSection => "missing-section", Severity::Error, scope: Report, fixes: SafeOrReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    let template = expected_template(ctx)
        .map(|(t, _)| t)
        .filter(|t| !t.sections.is_empty())
        .or(report.template);
    let Some(template) = template.filter(|t| !t.sections.is_empty()) else {
        return;
    };
    // A 2008-style report (statistics table only) is not held to the six sections.
    if report.tables.iter().any(|t| t.template.sections_free()) && report.sections.len() < 2 {
        return;
    }
    let eol = eol_of(ctx.text);
    for def in &template.sections {
        if report.section(def.number).is_some() {
            continue;
        }
        // The heading is there, run into the text around it (a crawler's one-line text):
        // `unreadable-table` says the text cannot be read, not that a section is missing.
        if !report.unread.is_empty() && ctx.text.contains(def.title.as_str()) {
            continue;
        }
        let next = report
            .sections
            .iter()
            .filter(|s| s.number > def.number)
            .min_by_key(|s| s.line);
        let (range, at) = match next {
            Some(s) => (s.range, line_start(ctx, s.line)),
            None => {
                let end = ctx.text.trim_end().len();
                let start = crate::text::line_start_before(ctx.text, end);
                (TextRange::new(start, end), ctx.text.len())
            }
        };
        let table_def = def
            .table
            .and_then(|k| template.tables.iter().find(|t| t.kind == k));
        let style = match report.tables.first() {
            Some(t) => Style::of_table(ctx.text, ctx.analysis, t),
            None => Style::markdown(eol),
        };
        let markdown = style.layout == Layout::Markdown;
        let mut text = String::new();
        if at == ctx.text.len()
            && !ctx.text.is_empty()
            && !crate::text::ends_with_line_break(ctx.text)
        {
            text.push_str(eol);
        }
        if markdown && crate::text::has_markdown_heading_mark(ctx.text) {
            text.push_str("## ");
        }
        text.push_str(&def.title);
        text.push_str(eol);
        if let Some(td) = table_def {
            text.push_str(&render_table(&style, td, &|_, _, _| "0".to_string()));
        }
        let title = &def.title;
        out.push(Diagnostic {
            code: MissingSection::INFO.code,
            severity: MissingSection::INFO.severity,
            message: ctx.msg(
                format!("缺少第{}部分「{title}」", def.number),
                format!("section {} “{title}” is missing", def.number),
            ),
            range,
            related: Vec::new(),
            fixes: vec![Fix {
                title: ctx.msg(format!("插入「{title}」"), format!("Insert “{title}”")),
                applicability: if table_def.is_some() {
                    Applicability::NeedsReview
                } else {
                    Applicability::Safe
                },
                edits: vec![Edit {
                    range: TextRange::empty(at),
                    new_text: text,
                }],
            }],
        });
    }
}
