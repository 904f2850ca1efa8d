//! `nianbao fix`: apply fixes in place, or show them as a unified diff.
//!
//! Each file goes check → apply "fix all" → check again, until no applicable
//! fix is left (at most [`MAX_ROUNDS`] rounds: an inserted row can move or
//! enable other fixes). Files are written back in the encoding they were read
//! in (GB18030 stays GB18030, a BOM stays); line breaks come from the text.
//!
//! Exit status: 2 when a path could not be read or written, else 1 when an
//! error-severity finding remains after fixing, else 0.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;

use super::check::{check_all, Checked, Outcome};
use crate::check::fix::{apply_edits, fix_all_edits};
use crate::check::{analyze_and_check, Applicability, Config, Diagnostic, Lang, Severity};

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

/// Applies fixes to `text` round after round until none applies.
pub fn fix_text(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
    max: Applicability,
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
        diagnostics = analyze_and_check(&text, config).1;
    }
    let gave_up = !fix_all_edits(&diagnostics, max).is_empty();
    Fixed {
        text,
        applied,
        remaining: diagnostics,
        gave_up,
    }
}

pub fn run(paths: &[PathBuf], unsafe_fixes: bool, diff: bool, lang: Option<Lang>) -> i32 {
    let max = if unsafe_fixes {
        Applicability::NeedsReview
    } else {
        Applicability::Safe
    };
    let (results, notes) = check_all(paths, lang);
    for note in &notes {
        eprintln!("{}", note.line());
    }
    let fixed: Vec<Option<Fixed>> = results
        .par_iter()
        .map(|r| match &r.outcome {
            Outcome::Read(read) if read.is_report => Some(fix_text(
                &read.text,
                read.diagnostics.clone(),
                &r.config,
                max,
            )),
            _ => None,
        })
        .collect();
    let mut status = 0;
    let mut total = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (r, f) in results.iter().zip(fixed) {
        let lang = r.config.lang;
        let Outcome::Read(read) = &r.outcome else {
            if let Some(reason) = r.unreadable() {
                eprintln!("nianbao: {}: {reason}", r.path);
            }
            status = 2;
            continue;
        };
        let Some(f) = f else {
            eprintln!("nianbao: {}: {}", r.path, super::check::not_a_report(lang));
            continue;
        };
        if f.remaining.iter().any(|d| d.severity == Severity::Error) {
            status = status.max(1);
        }
        total += f.applied;
        if f.gave_up {
            eprintln!(
                "nianbao: {}: fixes still apply after {MAX_ROUNDS} rounds; run `nianbao fix` again",
                r.path
            );
        }
        if f.applied == 0 && f.text == read.text {
            continue;
        }
        if diff {
            let patch = similar::TextDiff::from_lines(read.text.as_str(), f.text.as_str())
                .unified_diff()
                .header(&format!("a/{}", r.path), &format!("b/{}", r.path))
                .to_string();
            if write!(out, "{patch}").is_err() {
                return 2;
            }
            eprintln!("{}", count_line(r, f.applied, lang, true));
        } else {
            if let Err(e) = std::fs::write(&r.file, read.stored.encode(&f.text)) {
                eprintln!("nianbao: {}: cannot write: {e}", r.path);
                status = 2;
                continue;
            }
            if writeln!(out, "{}", count_line(r, f.applied, lang, false)).is_err() {
                return 2;
            }
        }
    }
    let lang = results
        .first()
        .map_or(lang.unwrap_or_default(), |r| r.config.lang);
    let summary = match (lang, diff) {
        (Lang::Zh, false) => format!("共修复 {total} 处"),
        (Lang::Zh, true) => format!("可修复 {total} 处（未写入文件）"),
        (Lang::En, false) => format!("{total} {} applied", plural(total)),
        (Lang::En, true) => format!(
            "{total} {} would be applied (files not written)",
            plural(total)
        ),
    };
    if diff {
        eprintln!("{summary}");
    } else if writeln!(out, "{summary}").is_err() {
        return 2;
    }
    status
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "fix"
    } else {
        "fixes"
    }
}

fn count_line(r: &Checked, applied: usize, lang: Lang, dry: bool) -> String {
    match (lang, dry) {
        (Lang::Zh, false) => format!("{}：已修复 {applied} 处", r.path),
        (Lang::Zh, true) => format!("{}：可修复 {applied} 处", r.path),
        (Lang::En, false) => format!("{}: {applied} {} applied", r.path, plural(applied)),
        (Lang::En, true) => format!("{}: {applied} {} would be applied", r.path, plural(applied)),
    }
}
