//! `nianbao fix`: apply fixes in place, or show them as a unified diff.
//!
//! Each file is fixed to a fixpoint by [`crate::check::fix::fix_all`] (what the editor's
//! fix-all does too). The file's bytes are then edited only where the text changed: each
//! changed stretch is spliced in, encoded in the file's encoding, and every other byte is
//! left as it was (decoding GB18030 and encoding it again is not the identity).
//!
//! Exit status: 2 when a path could not be read or written, else 1 when an
//! error-severity finding remains after fixing, else 0.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;

use super::check::{check_all, Checked, Outcome};
use crate::check::fix::{diff_edits, fix_all, fix_all_by, Fixed, MAX_ROUNDS};
use crate::check::{check_source, Applicability, Lang, Severity};
use crate::files::input::Stored;
use crate::text::decode::splice;

/// The file's bytes with the changes that turn `old` (the text they were read as, in
/// `stored`) into `new`; `None` when the file is no longer what was read.
fn fixed_bytes(bytes: &[u8], stored: Stored, old: &str, new: &str) -> Option<Vec<u8>> {
    let now = crate::text::decode::decode(bytes).ok()?;
    if now.encoding != stored.encoding || now.text != old {
        return None;
    }
    let edits = diff_edits(old, new);
    let edits: Vec<_> = edits
        .iter()
        .map(|e| (e.range, e.new_text.as_str()))
        .collect();
    splice(bytes, old, &edits)
}

pub fn run(paths: &[PathBuf], unsafe_fixes: bool, diff: bool, lang: Option<Lang>) -> i32 {
    let max = if unsafe_fixes {
        Applicability::NeedsReview
    } else {
        Applicability::Safe
    };
    // The comparisons with other years offer no fix: files are not compared.
    let (results, notes) = check_all(paths, lang, false);
    for note in &notes {
        eprintln!("{}", note.line());
    }
    let fixed: Vec<Option<Fixed>> =
        results
            .par_iter()
            .map(|r| match &r.outcome {
                Outcome::Read(read) if read.is_report && read.doc.is_own_reading() => Some(
                    fix_all(&read.doc.text, read.diagnostics.clone(), &r.config, max),
                ),
                // A page's fixes edit its cell text in the markup; it is read again each round.
                Outcome::Read(read) if read.is_report && read.doc.has_source_text() => {
                    let format = read.doc.format;
                    let recheck = |t: &str| check_source(t, format, &r.config).1;
                    Some(fix_all_by(
                        read.doc.source_text(),
                        read.diagnostics.clone(),
                        max,
                        &recheck,
                    ))
                }
                _ => None,
            })
            .collect();
    let mut status = 0;
    let mut total = 0;
    let mut printed_diff = false;
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
            let why = if read.is_report {
                match lang {
                    Lang::Zh => format!(
                        "不能直接修改 {} 文件：先用 `nianbao convert --to md` 转为 Markdown，再修复",
                        read.doc.format.as_str()
                    ),
                    Lang::En => format!(
                        "fixes are not written into {} files: `nianbao convert --to md` it and fix that",
                        read.doc.format.as_str()
                    ),
                }
            } else {
                super::check::not_a_report(lang).to_string()
            };
            eprintln!("nianbao: {}: {why}", r.path);
            continue;
        };
        if f.remaining.iter().any(|d| d.severity == Severity::Error) {
            status = status.max(1);
        }
        total += f.applied;
        if f.gave_up {
            let why = match lang {
                Lang::Zh => {
                    format!("修复 {MAX_ROUNDS} 轮后仍有可修复的问题，请再运行一次 `nianbao fix`")
                }
                Lang::En => {
                    format!("fixes still apply after {MAX_ROUNDS} rounds; run `nianbao fix` again")
                }
            };
            eprintln!("nianbao: {}: {why}", r.path);
        }
        if f.applied == 0 && f.text == read.doc.source_text() {
            continue;
        }
        if diff {
            let patch = similar::TextDiff::from_lines(read.doc.source_text(), f.text.as_str())
                .unified_diff()
                .header(&format!("a/{}", r.path), &format!("b/{}", r.path))
                .to_string();
            if write!(out, "{patch}").is_err() {
                return 2;
            }
            printed_diff = true;
            eprintln!("{}", count_line(r, f.applied, lang, true));
        } else if r.file.as_os_str() == "-" {
            // Standard input: the fixed text goes to standard output.
            if write!(out, "{}", f.text).is_err() {
                return 2;
            }
            eprintln!("{}", count_line(r, f.applied, lang, false));
        } else {
            let bytes = std::fs::read(&r.file).ok().and_then(|bytes| {
                fixed_bytes(&bytes, read.stored, read.doc.source_text(), &f.text)
            });
            let Some(bytes) = bytes else {
                let why = match lang {
                    Lang::Zh => "文件在检查后被改动，未写入",
                    Lang::En => "the file changed after it was checked; not written",
                };
                eprintln!("nianbao: {}: {why}", r.path);
                status = 2;
                continue;
            };
            if let Err(e) = std::fs::write(&r.file, bytes) {
                let why = match lang {
                    Lang::Zh => format!("无法写入：{e}"),
                    Lang::En => format!("cannot write: {e}"),
                };
                eprintln!("nianbao: {}: {why}", r.path);
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
    // Standard output holds a diff or a fixed standard input: the summary goes to stderr.
    if diff || paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("{summary}");
    } else if writeln!(out, "{summary}").is_err() {
        return 2;
    }
    // A preview that showed fixes did what it was asked: 0, unless a file could not be read.
    if diff && printed_diff && status < 2 {
        return 0;
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
