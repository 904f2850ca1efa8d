use crate::check::{Context, Diagnostic, Related, Severity};
use crate::model::narrative::{Ordinal, OrdinalStyle};

crate::declare_rule! {
    /// The items of a list in the prose skip or repeat a number.
    ///
    /// ## What it does
    /// Follows the ordinals that number the items of the prose — `一是`/`二是`, `（一）`/`（二）`,
    /// `1.`/`2.`, `（1）`/`（2）` — and reports one that is not the next of its kind: a number
    /// skipped (`一是…；三是…`), the same number twice (`三是…；三是…`), or a number going back.
    /// Items are compared within a paragraph, and from the start of one paragraph to the start
    /// of the next (sub-headings such as `（一）…` `（二）…` on lines of their own). Each kind of
    /// ordinal is counted on its own, a list nested under an item starts again under the next
    /// one, every section starts afresh (its sub-headings are numbered from `（一）` again), and
    /// a list may start again at one (not right after its own `一是` in the same paragraph). Table rows are not prose, nor are the row labels of a table that could not be read; `一、` headings are left
    /// to `section-numbering`; `第二十条第（五）项` is a reference, not an item.
    ///
    /// ## Why
    /// A list that skips or repeats a number reads as an item lost or pasted twice, and
    /// reviewers count it against the report's care.
    ///
    /// ## Example
    /// `存在的问题：一是公开内容不够全面；三是解读形式单一；三是回应不够及时。`
    ///
    /// ## Fix
    /// None: renumber the items (or restore the one missing).
    pub struct Enumeration => "enumeration", Severity::Warning,
        scope: Local, fixes: None, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report();
    let found = &ctx.prose().ordinals;
    // Every section starts afresh: the index of the section at an offset (0 before the first
    // heading).
    let section_at = |offset: usize| {
        report
            .sections
            .iter()
            .filter(|s| s.body.start <= offset)
            .count()
    };
    // A section whose table could not be read has its row labels among its prose
    // (`1.信访举报投诉类申请` / `2.重复申请` / `5.要求行政机关…`): they are not a list.
    let unread: Vec<usize> = report
        .unread
        .iter()
        .map(|u| section_at(u.range.start))
        .collect();
    let mut current = usize::MAX;
    // The kinds of ordinal in use, outermost first, each with its last item.
    let mut stack: Vec<&Ordinal> = Vec::new();
    for o in found {
        let section = section_at(o.range.start);
        if unread.contains(&section) {
            continue;
        }
        if section != current {
            current = section;
            stack.clear();
        }
        let Some(pos) = stack.iter().position(|p| p.style == o.style) else {
            stack.push(o);
            continue;
        };
        // An item of an outer list ends the lists nested in the one before it.
        stack.truncate(pos + 1);
        let prev = stack[pos];
        stack[pos] = o;
        // `一、` numbers headings: `section-numbering`'s (it is kept above only to end the lists
        // nested under a heading).
        let compared = o.style != OrdinalStyle::CnComma
            && (prev.paragraph == o.paragraph || prev.leads && o.leads);
        // A list may start again at one, but not right after its own first item.
        let restart = o.number == 1 && !(prev.number == 1 && prev.paragraph == o.paragraph);
        if !compared || o.number == prev.number + 1 || restart {
            continue;
        }
        out.push(finding(ctx, prev, o));
    }
}

fn finding(ctx: &Context, prev: &Ordinal, o: &Ordinal) -> Diagnostic {
    let written = |x: &Ordinal| ctx.text[x.range.start..x.range.end].to_string();
    let (cur, before) = (written(o), written(prev));
    let (zh, en) = if o.number == prev.number {
        (
            format!("「{cur}」重复：前一项已是「{before}」"),
            format!("“{cur}” repeats the number of the item before it (“{before}”)"),
        )
    } else if o.number > prev.number {
        let missing: Vec<String> = (prev.number + 1..o.number)
            .map(|n| o.style.write(n))
            .collect();
        let zh_missing: Vec<String> = missing.iter().map(|m| format!("「{m}」")).collect();
        let en_missing: Vec<String> = missing.iter().map(|m| format!("“{m}”")).collect();
        let (zh_missing, en_missing) = (zh_missing.concat(), en_missing.join(", "));
        let verb = if missing.len() > 1 { "are" } else { "is" };
        (
            format!("「{cur}」前一项是「{before}」，缺少{zh_missing}"),
            format!("“{cur}” follows “{before}”: {en_missing} {verb} missing"),
        )
    } else {
        (
            format!("「{cur}」排在「{before}」之后，编号倒退"),
            format!("“{cur}” comes after “{before}”: the numbering goes back"),
        )
    };
    Diagnostic {
        code: Enumeration::INFO.code,
        severity: Enumeration::INFO.severity,
        message: ctx.msg(zh, en),
        range: o.range,
        related: vec![Related::here(
            prev.range,
            ctx.msg(
                format!("前一项「{before}」"),
                format!("the item before: “{before}”"),
            ),
        )],
        fixes: Vec::new(),
    }
}
