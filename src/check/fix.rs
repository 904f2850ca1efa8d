//! Applying fixes to text, the "fix all" selection, and fix-all to a fixpoint.
//!
//! [`fix_all`] is what `nianbao fix`, the editor's `source.fixAll.nianbao` action and its
//! `nianbao.fixAll` command all do: apply every fix at or below an applicability, check
//! again, and repeat until no fix applies (an inserted row can enable or unblock others:
//! two rows missing at one place are inserted in two rounds). The result is a text;
//! [`diff_edits`] turns it into the few edits that make it from the original, which the
//! editor applies and the CLI splices into the file's bytes.

use super::{analyze_and_check, Applicability, Config, Diagnostic, Edit};
use crate::text::TextRange;

/// Rounds of [`fix_all`] at most.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one text did.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Findings left in the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// Stopped after [`MAX_ROUNDS`] with fixes still applicable.
    pub gave_up: bool,
}

/// Applies the fixes of `diagnostics` (the findings of `text` with `config`) at or below
/// `max`, checks again, and repeats until no fix applies or nothing changes.
#[must_use]
pub fn fix_all(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
    max: Applicability,
) -> Fixed {
    // As the front ends do: what a comment suppresses is not fixed.
    fix_all_by(text, diagnostics, max, &|t| {
        super::suppress::apply_to_text(t, false, analyze_and_check(t, config).1, config)
    })
}

/// [`fix_all`] for a text checked by `recheck` (an HTML page's source: read into its reading,
/// its findings put back on the source; see [`crate::check::check_source`]).
#[must_use]
pub fn fix_all_by(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    max: Applicability,
    recheck: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut text = text.to_string();
    let mut diagnostics = diagnostics;
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let edits = fix_all_edits(&diagnostics, max);
        if edits.is_empty() {
            return Fixed {
                text,
                applied,
                remaining: diagnostics,
                gave_up: false,
            };
        }
        let (fixed, skipped) = apply_edits(&text, &edits);
        // A fix counts when all of its edits went in.
        applied += diagnostics
            .iter()
            .filter_map(|d| d.fixes.iter().find(|f| f.applicability <= max))
            .filter(|f| {
                !f.edits.is_empty()
                    && f.edits
                        .iter()
                        .all(|e| edits.contains(e) && !skipped.contains(e))
            })
            .count();
        if fixed == text {
            return Fixed {
                text,
                applied,
                remaining: diagnostics,
                gave_up: false,
            };
        }
        text = fixed;
        diagnostics = recheck(&text);
    }
    let gave_up = !fix_all_edits(&diagnostics, max).is_empty();
    Fixed {
        text,
        applied,
        remaining: diagnostics,
        gave_up,
    }
}

/// Edits that turn `old` into `new`: the changed stretches of lines, in order, never
/// overlapping (`apply_edits(old, &diff_edits(old, new)).0 == new`).
#[must_use]
pub fn diff_edits(old: &str, new: &str) -> Vec<Edit> {
    if old == new {
        return Vec::new();
    }
    // The common ends first (on character boundaries), then the lines in between.
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let (old_mid, new_mid) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_lines(old_mid, new_mid);
    let mut edits: Vec<Edit> = Vec::new();
    let (old_lines, new_lines) = (diff.old_slices(), diff.new_slices());
    let offset = |lines: &[&str], i: usize| lines[..i].iter().map(|l| l.len()).sum::<usize>();
    for op in diff.ops() {
        if matches!(op.tag(), similar::DiffTag::Equal) {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let start = prefix + offset(old_lines, o.start);
        let end = start + old_lines[o.clone()].iter().map(|l| l.len()).sum::<usize>();
        let new_text: String = new_lines[n].concat();
        match edits.last_mut() {
            Some(last) if last.range.end == start => {
                last.range.end = end;
                last.new_text.push_str(&new_text);
            }
            _ => edits.push(Edit {
                range: TextRange::new(start, end),
                new_text,
            }),
        }
    }
    // Whatever the diff did, the edits must give `new`; else one edit for the middle.
    if apply_edits(old, &edits).0 != new {
        return vec![Edit {
            range: TextRange::new(prefix, old.len() - suffix),
            new_text: new_mid.to_string(),
        }];
    }
    edits
}

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

    #[test]
    fn diff_edits_give_the_new_text() {
        let cases = [
            ("", "abc"),
            ("abc", ""),
            ("一\n二\n三\n", "一\n二二\n三\n四\n"),
            ("a\r\nb\r\nc", "a\r\nX\r\nc"),
            ("a\rb\rc", "a\rb\rd\r"),
            ("𠀀规章 | 0 |\n", "𠀀规章 | 1 |\n"),
            ("x\ny\nz\n", "x\nz\n"),
        ];
        for (old, new) in cases {
            let edits = diff_edits(old, new);
            assert_eq!(
                apply_edits(old, &edits),
                (new.to_string(), Vec::new()),
                "{old:?} -> {new:?}"
            );
            for w in edits.windows(2) {
                assert!(w[0].range.end < w[1].range.start);
            }
        }
        assert!(diff_edits("same", "same").is_empty());
        // Only the changed line is replaced.
        let edits = diff_edits("一\n二\n三\n", "一\n贰\n三\n");
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].new_text, "贰");
    }

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
