//! Folding ranges: each section (heading to the end of its body) and each table.

use crate::ide::format::table_span;
use crate::model::Analysis;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Section,
    Table,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub kind: FoldKind,
    /// First line (0-based) and last line, inclusive; `first < last`.
    pub lines: (usize, usize),
    /// The same as bytes, from the start of the first line to the end of the last.
    pub range: TextRange,
}

/// Sections then tables, in document order; ranges of a single line are left out.
#[must_use]
pub fn folding_ranges(text: &str, analysis: &Analysis) -> Vec<Fold> {
    let idx = &analysis.line_index;
    let mut out = Vec::new();
    for s in &analysis.report.sections {
        let first = idx.line_of(s.range.start);
        // The body ends where the next heading starts: the last line with text before it.
        let mut last = idx.line_of(s.body.end.max(s.range.start));
        if last > first && s.body.end == idx.line_range(text, last).start {
            last -= 1;
        }
        while last > first
            && analysis
                .syntax
                .lines
                .get(last)
                .is_some_and(|l| matches!(l.kind, crate::syntax::LineKind::Blank))
        {
            last -= 1;
        }
        if last > first {
            out.push(Fold {
                kind: FoldKind::Section,
                lines: (first, last),
                range: TextRange::new(
                    idx.line_range(text, first).start,
                    idx.line_range(text, last).end,
                ),
            });
        }
    }
    for t in &analysis.report.tables {
        if t.lines.1 > t.lines.0 {
            out.push(Fold {
                kind: FoldKind::Table,
                lines: t.lines,
                range: table_span(text, analysis, t),
            });
        }
    }
    out.sort_by_key(|f| (f.lines.0, std::cmp::Reverse(f.lines.1)));
    out
}
