//! Applying fixes to text, and the "fix all" selection.

use super::{Applicability, Diagnostic, Edit};

/// Applies non-overlapping edits to `text`. Edits that overlap an earlier one
/// (in document order) are skipped and returned, never half-applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, Vec<Edit>) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut skipped = Vec::new();
    let mut pos = 0usize;
    for edit in sorted {
        let (start, end) = (edit.range.start, edit.range.end);
        if start < pos
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            skipped.push(edit.clone());
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.new_text);
        pos = end;
    }
    out.push_str(&text[pos..]);
    (out, skipped)
}

/// The edits of every fix at or below `max` applicability (the first fix of
/// each diagnostic), in a stable order, without overlaps: what "fix all" applies.
pub fn fix_all_edits(diagnostics: &[Diagnostic], max: Applicability) -> Vec<Edit> {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for d in diagnostics {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability <= max) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|&(s, t)| {
                e.range.start < t && s < e.range.end
                    || (e.range.start == s && e.range.is_empty() && s == t)
            })
        });
        if overlaps {
            continue;
        }
        for e in &fix.edits {
            taken.push((e.range.start, e.range.end));
            chosen.push(e.clone());
        }
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let edits = vec![
            Edit {
                range: TextRange::new(4, 5),
                new_text: "X".into(),
            },
            Edit {
                range: TextRange::new(0, 2),
                new_text: "部分".into(),
            },
            Edit {
                range: TextRange::new(1, 3),
                new_text: "?".into(),
            },
        ];
        let (out, skipped) = apply_edits("ab cd", &edits);
        assert_eq!(out, "部分 cX");
        assert_eq!(skipped.len(), 1);
    }
}
