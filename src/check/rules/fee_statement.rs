use crate::check::{Diagnostic, FactContext, Related, Severity};
use crate::model::Number;
use crate::template::TableKind;

crate::declare_rule! {
    /// Section 六 does not say whether 信息处理费 was charged.
    ///
    /// ## What it does
    /// In reports of the 2021 format (the one whose section 三 has the row （六）2
    /// 申请人逾期未按收费通知要求缴纳费用), reads section 六、其他需要报告的事项 for a statement on
    /// the information processing fee: `信息处理费` (`未收取信息处理费`, `收取信息处理费 N 元`,
    /// `按照《政府信息公开信息处理费管理办法》…`), or a fee (`收费`, `收取`, `费用`) named in a
    /// sentence about disclosure or applications (`政府信息公开未发生收费情况`). `行政事业性收费`,
    /// the fees of section 二's table, is another thing and does not count. When section 三's
    /// row （六）2 is not zero, fee notices were sent and some went unpaid: the message says so,
    /// and a section 六 that states the fee without a word of them (`收费通知`, `逾期未缴纳`,
    /// `不再处理`…) gets an info. A statement made in
    /// another section instead (一, 三, 四 or 五) is an info. A report with no prose yet in sections 一 and 五 (a
    /// blank skeleton) is not checked.
    ///
    /// ## Why
    /// The 2021 format (国办公开办函〔2021〕30号) asks section 六 to report the fees charged under
    /// 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号); a report silent on them leaves the
    /// reviewer to guess.
    ///
    /// ## Example
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    /// in a 2022 report.
    ///
    /// ## Fix
    /// None: state whether fees were charged (`本年度未收取信息处理费。`).
    pub struct FeeStatement => "fee-statement", Severity::Warning,
        scope: Report, fixes: None, Facts(check)
}

/// Does the text say anything of the information processing fee?
pub fn mentions_fee(text: &str) -> bool {
    text.split(['。', '；', ';', '\n', '！', '？'])
        // Section 二's fees, and the words of section 三's fee row (its label may stand in the
        // prose of a table torn apart), are not statements on the fee.
        .map(|s| {
            s.replace("行政事业性收费", "")
                .replace("收费通知", "")
                .replace("缴纳费用", "")
        })
        .any(|s| {
            let fee = ["收费", "收取", "缴费", "缴纳", "费用"]
                .iter()
                .any(|w| s.contains(w));
            let about = ["信息公开", "申请", "依申请"].iter().any(|w| s.contains(w));
            s.contains("处理费") || fee && about
        })
}

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    let template = ctx
        .year
        .and_then(|y| ctx.templates.in_force(y))
        .map(|(t, _)| t)
        .or(ctx.template);
    let Some(template) = template else {
        return;
    };
    // The format that asks for it: its section 三 has the fee row.
    let fee_row = template
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Applications)
        .flat_map(|t| &t.blocks)
        .flat_map(|b| &b.rows)
        .find(|r| r.id == "other_handling_2");
    let Some(fee_row) = fee_row else {
        return;
    };
    // A report not yet written (a blank skeleton) is not held to its prose.
    let Some(six) = ctx
        .facts
        .section(6)
        .filter(|_| ctx.facts.has_prose_besides(6))
    else {
        return;
    };
    let states = mentions_fee(&six.prose);
    let notices = ctx
        .facts
        .row(TableKind::Applications, "applications", "other_handling_2")
        .find(|c| c.column == "total")
        .filter(|c| matches!(c.value, Some(Number::Int(n)) if n > 0));
    if states && (notices.is_none() || mentions_notices(&six.prose)) {
        return;
    }
    let label = &fee_row.label;
    let mut related = Vec::new();
    let note = |zh: &mut String, en: &mut String, related: &mut Vec<Related>| {
        let Some(cell) = notices else { return };
        let n = cell.value.map(|v| v.to_string()).unwrap_or_default();
        zh.push_str(&format!(
            "；第三部分表格「{label}」为 {n} 件，说明发出过收费通知"
        ));
        en.push_str(&format!(
            "; section 三's table has {n} under “{label}”: fee notices were sent"
        ));
        related.push(Related::here(
            cell.range,
            ctx.msg(
                format!("表格：「{label}」总计 {n}"),
                format!("table: {label}, 总计: {n}"),
            ),
        ));
    };
    if states {
        // The fee is stated, the requests dropped for a fee not paid are not.
        let n = notices
            .and_then(|c| c.value)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let mut zh = format!(
            "第六部分说明了信息处理费，但未说明因申请人逾期未缴纳费用而不再处理的 {n} 件申请"
        );
        let mut en = format!(
            "section 六 states the fee but not the {n} requests no longer processed because the fee was not paid"
        );
        note(&mut zh, &mut en, &mut related);
        // What the format asks for (the fee) is there: the rest is an info.
        out.push(Diagnostic {
            code: FeeStatement::INFO.code,
            severity: Severity::Info,
            message: ctx.msg(zh, en),
            range: six.heading,
            related,
            fixes: Vec::new(),
        });
        return;
    }
    let elsewhere = ctx
        .facts
        .sections
        .iter()
        .find(|s| s.number != 6 && mentions_fee(&s.prose));
    let mut zh =
        "第六部分未说明是否收取信息处理费（2021 年格式要求报告收取信息处理费的情况）".to_string();
    let mut en = "section 六 does not say whether information processing fees (信息处理费) were charged, as the 2021 format asks".to_string();
    note(&mut zh, &mut en, &mut related);
    if let Some(s) = elsewhere {
        zh.push_str(&format!(
            "；第{}部分提到了信息处理费，应在第六部分报告",
            cn(s.number)
        ));
        en.push_str(&format!(
            "; section {} speaks of the fee: report it in section 六",
            s.number
        ));
        related.push(Related::here(
            s.heading,
            ctx.msg(
                format!("第{}部分", cn(s.number)),
                format!("section {}", s.number),
            ),
        ));
    }
    out.push(Diagnostic {
        code: FeeStatement::INFO.code,
        severity: if elsewhere.is_some() {
            Severity::Info
        } else {
            FeeStatement::INFO.severity
        },
        message: ctx.msg(zh, en),
        range: six.heading,
        related,
        fixes: Vec::new(),
    });
}

/// Does the text speak of the fee notices sent, or of the requests dropped when the fee was
/// not paid (section 三's row （六）2)?
fn mentions_notices(text: &str) -> bool {
    [
        "收费通知",
        "缴费通知",
        "未缴纳",
        "未缴费",
        "未按要求缴",
        "逾期未按",
        "不再处理",
    ]
    .iter()
    .any(|w| text.contains(w))
}

fn cn(n: u8) -> &'static str {
    ["", "一", "二", "三", "四", "五", "六"]
        .get(n as usize)
        .copied()
        .unwrap_or("")
}
