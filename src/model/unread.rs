//! Tables the text names but the reading could not make: never pass a report
//! silently because its tables are laid out in a way nothing reads.

use super::{Table, UnreadReason, UnreadTable};
use crate::template::{TableKind, Template, Templates};
use crate::text::TextRange;

/// Shortest label that counts as evidence of a table: long enough to be the
/// template's words (`本年新收政府信息公开申请数量`, `复议后起诉`), not a word of prose.
const MIN_EVIDENCE_CHARS: usize = 5;
/// Distinct labels of a table the text must name.
const MIN_EVIDENCE_LABELS: usize = 2;

/// The tables of `kinds` whose labels the text names (two of them at least)
/// while no table of that kind was read.
pub fn unread_tables(
    text: &str,
    templates: &Templates,
    in_force: Option<&Template>,
    tables: &[Table],
) -> Vec<UnreadTable> {
    let kinds: Vec<TableKind> = match in_force {
        Some(t) => t.tables.iter().map(|d| d.kind).collect(),
        None => {
            let mut kinds: Vec<TableKind> = templates
                .templates
                .iter()
                .flat_map(|t| t.tables.iter().map(|d| d.kind))
                .collect();
            kinds.dedup();
            kinds
        }
    };
    let mut out = Vec::new();
    for kind in kinds {
        if out.iter().any(|u: &UnreadTable| u.kind == kind) || tables.iter().any(|t| t.kind == kind)
        {
            continue;
        }
        // Every label of every generation's table of this kind, as the template writes it.
        let mut found: Vec<(TextRange, bool)> = Vec::new();
        let mut named = 0;
        let labels = templates
            .templates
            .iter()
            .flat_map(|t| t.tables.iter().filter(move |d| d.kind == kind))
            .flat_map(|d| {
                d.headers
                    .iter()
                    .map(String::as_str)
                    .chain(d.blocks.iter().flat_map(|b| {
                        b.rows
                            .iter()
                            .filter(|r| !r.implicit)
                            .map(|r| r.label.as_str())
                            .chain(b.label.as_deref())
                            .chain(b.columns.iter().map(|c| c.label.as_str()))
                    }))
            });
        let mut seen: Vec<&str> = Vec::new();
        for label in labels {
            if label.chars().count() < MIN_EVIDENCE_CHARS || seen.contains(&label) {
                continue;
            }
            seen.push(label);
            let forms = [label.to_string(), crate::check::render::half_width(label)];
            let hit = forms
                .iter()
                .find_map(|f| text.find(f.as_str()).map(|i| (i, f.len())));
            if let Some((at, len)) = hit {
                named += 1;
                let after = &text[at + len..];
                let glued =
                    after.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
                let digits = after
                    .char_indices()
                    .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
                    .last()
                    .map_or(0, |(i, c)| i + c.len_utf8());
                found.push((TextRange::new(at, at + len + digits), glued));
            }
        }
        if named < MIN_EVIDENCE_LABELS {
            continue;
        }
        found.sort_by_key(|f| f.0.start);
        let glued = found.iter().find(|f| f.1);
        let (range, reason) = match glued {
            Some(f) => (f.0, UnreadReason::RunTogether),
            None => (found[0].0, UnreadReason::Layout),
        };
        out.push(UnreadTable {
            kind,
            range,
            reason,
        });
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
