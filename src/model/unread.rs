//! Tables the text names but the reading could not make: never pass a report
//! silently because its tables are laid out in a way nothing reads.

use super::{Section, Table, UnreadReason, UnreadTable};
use crate::syntax::{LineKind, Syntax};
use crate::template::{TableKind, Template, Templates};
use crate::text::TextRange;

/// Distinct labels of a table the text must name.
const MIN_EVIDENCE_LABELS: usize = 2;

/// The tables of the report's generation (the one its tables follow; without tables, the one
/// in force, or any when the year is not known) whose labels the text names (two of them at
/// least) while no table of that kind was read.
///
/// A section of the six held to a table (二, 三, 四) whose heading stands but under which
/// no table was read and none is named is reported too ([`UnreadReason::NoTable`]): a table
/// published as an image, a converter's `[TABLE]` placeholder, or none at all.
pub fn unread_tables(
    text: &str,
    syntax: &Syntax,
    templates: &Templates,
    generation: Option<&Template>,
    sections: &[Section],
    tables: &[Table],
) -> Vec<UnreadTable> {
    let mut kinds: Vec<TableKind> = match generation {
        Some(t) => t.tables.iter().map(|d| d.kind).collect(),
        None => templates
            .templates
            .iter()
            .flat_map(|t| t.tables.iter().map(|d| d.kind))
            .collect(),
    };
    kinds.retain(|k| !tables.iter().any(|t| t.kind == *k));
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    if kinds.is_empty() {
        return Vec::new();
    }
    // Each label's first place in the text (and whether digits run into it), in one pass.
    let evidence = templates.evidence();
    let mut first: Vec<Option<(TextRange, bool)>> = vec![None; evidence.labels.len()];
    for m in evidence.automaton.find_iter(text) {
        let (kind, label) = evidence.patterns[m.pattern().as_usize()];
        if first[label].is_some() || !kinds.contains(&kind) {
            continue;
        }
        let after = &text[m.end()..];
        let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
        let digits: usize = after.chars().take_while(digit).map(char::len_utf8).sum();
        first[label] = Some((TextRange::new(m.start(), m.end() + digits), digits > 0));
    }
    let mut out = Vec::new();
    for &kind in &kinds {
        let mut found: Vec<(TextRange, bool)> = evidence
            .patterns
            .iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|&(_, label)| first[label])
            .collect();
        found.sort_by_key(|f| f.0.start);
        found.dedup();
        if found.len() < MIN_EVIDENCE_LABELS {
            continue;
        }
        let (range, reason) = match found.iter().find(|f| f.1) {
            Some(f) => (f.0, UnreadReason::RunTogether),
            None => (found[0].0, UnreadReason::Layout),
        };
        out.push(UnreadTable {
            kind,
            range,
            reason,
        });
    }
    // Table sections whose heading stands with no table under it.
    for def in generation.map_or(&[][..], |t| &t.sections[..]) {
        let (Some(kind), Some(section)) =
            (def.table, sections.iter().find(|s| s.number == def.number))
        else {
            continue;
        };
        if out.iter().any(|u| u.kind == kind) || tables.iter().any(|t| t.kind == kind) {
            continue;
        }
        out.push(UnreadTable {
            kind,
            range: section.range,
            reason: UnreadReason::NoTable,
        });
    }
    // A statistics table of another edition: its title (`六、政府信息公开情况统计表`, `附表`),
    // then rows of cells with numbers that no template row took.
    if kinds.contains(&TableKind::Statistics)
        && generation.is_some_and(|g| g.tables.iter().any(|d| d.kind == TableKind::Statistics))
        && !out.iter().any(|u| u.kind == TableKind::Statistics)
    {
        if let Some(range) = other_edition(text, syntax) {
            out.push(UnreadTable {
                kind: TableKind::Statistics,
                range,
                reason: UnreadReason::OtherEdition,
            });
        }
    }
    // Labels on the line whose labels run into digits run together too.
    let line_of = |at: usize| text[..at].matches('\n').count();
    let run_together: Vec<usize> = out
        .iter()
        .filter(|u| u.reason == UnreadReason::RunTogether)
        .map(|u| line_of(u.range.start))
        .collect();
    for u in &mut out {
        if run_together.contains(&line_of(u.range.start)) {
            u.reason = UnreadReason::RunTogether;
        }
    }
    out
}

/// Rows of cells with numbers a statistics table of another edition has at least.
const OTHER_EDITION_MIN_ROWS: usize = 3;

/// The title of a statistics table followed (within a few lines) by rows of cells with
/// numbers: where the table is, when no template row was found in it.
fn other_edition(text: &str, syntax: &Syntax) -> Option<TextRange> {
    let lines = &syntax.lines;
    for (i, line) in lines.iter().enumerate() {
        let LineKind::Text { content, .. } = line.kind else {
            continue;
        };
        let title = &text[content.start..content.end];
        if !(title.contains("统计表") || title.contains("统计情况表")) || title.chars().count() > 40
        {
            continue;
        }
        let rows = lines[i + 1..]
            .iter()
            .take_while(|l| !matches!(l.kind, LineKind::Text { .. }))
            .filter(|l| match &l.kind {
                LineKind::Cells { cells, .. } => cells.iter().any(|c| {
                    let s = &text[c.range.start..c.range.end];
                    !s.is_empty() && s.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
                }),
                _ => false,
            })
            .count();
        if rows >= OTHER_EDITION_MIN_ROWS {
            return Some(content);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::{analyze, UnreadReason};
    use crate::template::TableKind;

    const PROVINCE_EDITION: &str = "某某县2018年政府信息公开工作年度报告\n\
        一、概述\n2018年，本县认真贯彻《条例》。\n\
        六、政府信息公开情况统计表\n\
        | 指标名称 | 计量单位 | 2018年度 | 历年累计 |\n\
        | 主动公开文件数 | 条 | 2069 | 12106 |\n\
        | 其中：1.政府网站公开数 | 条 | 2069 | 12106 |\n\
        | 受理依申请公开信息总数 | 条 | 0 | 0 |\n\
        | 行政复议数 | 件 | 0 | 0 |\n";

    /// A province's own edition of the 2008 statistics table is read and said to be unchecked,
    /// never passed as clean.
    #[test]
    fn a_statistics_table_of_another_edition_is_not_passed_silently() {
        let a = analyze(PROVINCE_EDITION);
        assert!(a.report.tables.is_empty());
        let unread: Vec<_> = a.report.unread.iter().map(|u| (u.kind, u.reason)).collect();
        assert_eq!(
            unread,
            [(TableKind::Statistics, UnreadReason::OtherEdition)]
        );
        let at = &a.report.unread[0].range;
        assert_eq!(
            &PROVINCE_EDITION[at.start..at.end],
            "六、政府信息公开情况统计表"
        );
        // Three rows of numbers are enough; a title with no table under it is no table.
        let a = analyze(&PROVINCE_EDITION.replace("| 主动公开文件数 | 条 | 2069 | 12106 |\n", ""));
        assert_eq!(a.report.unread.len(), 1);
        let a =
            analyze("某某县2018年政府信息公开工作年度报告\n附：政府信息公开情况统计表（见附件）\n");
        assert!(a
            .report
            .unread
            .iter()
            .all(|u| u.reason != UnreadReason::OtherEdition));
    }
}
