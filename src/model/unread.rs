//! Tables the text names but the reading could not make: never pass a report
//! silently because its tables are laid out in a way nothing reads.

use super::{Section, Table, UnreadReason, UnreadTable};
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
    for kind in kinds {
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
