use crate::check::{Context, Diagnostic, Severity};
use crate::model::UnreadReason;
use crate::template::TableKind;

crate::declare_rule! {
    /// A statistics table the report has could not be read.
    ///
    /// ## What it does
    /// Reports each table that the text plainly has — two or more of the
    /// template's row labels are written in it — but that no table could be
    /// read for, naming the section and why: the cells run together with
    /// nothing between them (`本年新收政府信息公开申请数量640020470`, the text
    /// a crawler takes from a page), or the layout is one nianbao does not read.
    /// Also a section 二, 三 or 四 whose heading stands with no table under it
    /// (a table published as an image, a converter's `[TABLE]` placeholder).
    /// And, as a warning, a 2008-regulation statistics table that was read under its title
    /// (`六、政府信息公开情况统计表`) but none of whose indicators is one of the edition the
    /// template holds (a province's or a year's own indicators): it is not checked, and the
    /// report is not passed as clean for it. (A table read only in part is `partial-table`.)
    ///
    /// ## Why
    /// A report whose tables cannot be read cannot be checked: passing it as
    /// clean would hide every mistake in them. An unreadable table is a finding
    /// of its own, with error severity, so that the exit status and the JSON
    /// say so.
    ///
    /// ## Example
    /// ```text
    /// …二、上年结转政府信息公开申请数量000000三、本年度办理结果…
    /// ```
    ///
    /// ## Fix
    /// None: check the report from its published page, its PDF or its Word
    /// file, or write the table with one row per line and its cells separated
    /// (`|`, tabs or spaces).
    pub struct UnreadableTable => "unreadable-table", Severity::Error, scope: Report, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    for unread in &report.unread {
        let (section, title) = section_of(unread.kind);
        let written: String = ctx.text[unread.range.start..unread.range.end]
            .chars()
            .take(40)
            .collect();
        let (zh, en) = match unread.reason {
            UnreadReason::RunTogether => (
                format!("无法读取第{section}部分的表格（{title}）：单元格之间没有分隔（如「{written}」），数字无法可靠地拆分到各栏"),
                format!("cannot read the table of section {section} ({title}): its cells run together with nothing between them (as in “{written}”), so its numbers cannot be split into columns reliably"),
            ),
            UnreadReason::NoTable => (
                format!("第{section}部分（{title}）下没有可读出的统计表：模板要求此处有表格；若表格以图片或附件发布，则无法检查"),
                format!("section {section} ({title}) has no table that could be read: the template requires one here; a table published as an image or an attachment cannot be checked"),
            ),
            UnreadReason::OtherEdition => (
                format!("统计表（「{written}」）的指标不是 nianbao 收录的版本（各地、各年的统计指标不同；收录的是 2015–2018 年全国版）：表格已读出，但未能核对"),
                format!("the statistics table (“{written}”) has indicators of an edition nianbao does not hold (they varied by province and year; the one held is the 2015–2018 national edition): the table was read but could not be checked"),
            ),
            UnreadReason::Layout => (
                format!("无法读取第{section}部分的表格（{title}）：文中有表格的行标签（如「{written}」），但其版式无法识别为表格"),
                format!("cannot read the table of section {section} ({title}): the text has its row labels (such as “{written}”) but in no layout nianbao reads as a table"),
            ),
        };
        out.push(Diagnostic {
            code: UnreadableTable::INFO.code,
            // Read, and nothing wrong with it: the report is not accused, only not checked.
            severity: if unread.reason == UnreadReason::OtherEdition {
                Severity::Warning
            } else {
                UnreadableTable::INFO.severity
            },
            message: ctx.msg(zh, en),
            range: unread.range,
            related: Vec::new(),
            fixes: Vec::new(),
        });
    }
}

fn section_of(kind: TableKind) -> (&'static str, &'static str) {
    match kind {
        TableKind::Proactive => ("二", "主动公开政府信息情况"),
        TableKind::Applications => ("三", "收到和处理政府信息公开申请情况"),
        TableKind::Appeals => ("四", "政府信息公开行政复议、行政诉讼情况"),
        TableKind::Statistics => ("附", "政府信息公开工作统计表"),
    }
}
