//! Checking one report file on disk: read in whatever format it is in, analysed, checked
//! (against the same issuer's previous report when it is checked in a set), its findings
//! ranged in the file as written and its suppression comments applied. What `nianbao
//! check` does for each file, and the language server for the workspace's files that are
//! not open.

use std::path::PathBuf;
use std::sync::Arc;

use super::input::{read, Input, Reason, Stored};
use crate::check::{check_keeping_facts, on_source, suppress, Config, Diagnostic, Lang};
use crate::model::Analysis;
use crate::read::Document;
use crate::set::ReportSet;
use crate::text::LineIndex;

pub const NOT_A_REPORT: &str = "not a report (no sections or template tables found)";
pub const NOT_A_REPORT_ZH: &str = "不是年报（未找到章节或模板表格）";

/// "Not a report" in `lang`.
pub fn not_a_report(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => NOT_A_REPORT_ZH,
        Lang::En => NOT_A_REPORT,
    }
}

/// Why a page whose report is an attachment is not checked (it is not "not a report").
fn attachment_only(name: &str) -> Reason {
    Reason::new(
        format!("报告正文不在此文件中，而是以附件“{name}”发布：请下载附件后检查"),
        format!("the report is not in this file but published as the attachment \"{name}\": download the attachment and check it"),
    )
}

/// One file, checked or not.
pub struct Checked {
    /// The path as given (or as found under a folder that was given).
    pub path: String,
    pub file: PathBuf,
    pub config: Arc<Config>,
    pub outcome: Outcome,
}

pub enum Outcome {
    /// Could not be read or decoded, or is empty, or is in a format that cannot be read:
    /// the reason.
    Unreadable(Reason),
    Read(Box<Read>),
}

impl Checked {
    /// Why the file could not be read, in its configuration's language.
    pub fn unreadable(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Unreadable(reason) => Some(reason.get(self.config.lang)),
            Outcome::Read(_) => None,
        }
    }
}

/// A path to check: a file to read, or one the walk refused (a format that cannot be read,
/// a folder that cannot be listed) with the reason.
pub struct Job {
    pub file: PathBuf,
    pub config: Arc<Config>,
    pub refused: Option<Reason>,
}

pub struct Read {
    pub doc: Document,
    pub stored: Stored,
    /// The analysis of the document's reading.
    pub analysis: Analysis<'static>,
    /// Findings, ranged in the document's source text.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each finding is in the report's terms (section, table, row,
    /// column), for documents whose positions are not in their own reading.
    pub places: Vec<Option<crate::model::Place>>,
    /// Line index of the source text, when it is not the reading.
    source_index: Option<LineIndex>,
    /// Looked like a report (or `force` was set), so the rules ran.
    pub is_report: bool,
}

impl Read {
    /// The text findings are ranged in, and its line index.
    pub fn source(&self) -> (&str, &LineIndex) {
        (
            self.doc.source_text(),
            self.source_index
                .as_ref()
                .unwrap_or(&self.analysis.line_index),
        )
    }
}

impl Checked {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match &self.outcome {
            Outcome::Read(r) => &r.diagnostics,
            Outcome::Unreadable(_) => &[],
        }
    }
}

/// Reads and checks one file (or records why the walk refused it); with the set it is
/// checked in, also against the same issuer's previous report there.
pub fn check_file(job: Job, read_already: Option<Input>, set: Option<&ReportSet>) -> Checked {
    let Job {
        file,
        config,
        refused,
    } = job;
    if let Some(reason) = refused {
        return Checked {
            path: file.display().to_string(),
            file,
            config,
            outcome: Outcome::Unreadable(reason),
        };
    }
    let input = read_already.unwrap_or_else(|| read(&file));
    let outcome = match input.doc {
        Err(reason) => Outcome::Unreadable(reason),
        Ok(doc) => {
            let analysis = crate::model::analyze(&doc.text);
            let is_report = analysis.report.looks_like_report() || config.force;
            if let Some(name) = (!is_report)
                .then(|| crate::model::attached_report(&doc.text))
                .flatten()
            {
                return Checked {
                    path: file.display().to_string(),
                    file,
                    config,
                    outcome: Outcome::Unreadable(attachment_only(name)),
                };
            }
            let previous = set.and_then(|set| {
                let key = crate::set::key_of(&analysis, &config, || crate::set::name_key(&file))?;
                set.previous(&key)
            });
            let templates = crate::template::Templates::builtin();
            let diagnostics = match previous {
                None => crate::check::check_with(&doc.text, &analysis, &config, templates),
                // Its facts read once, for this year's rules and for the comparison.
                Some(previous) => {
                    let (mut diagnostics, facts) =
                        check_keeping_facts(&doc.text, &analysis, &config, templates);
                    diagnostics.extend(crate::set::check_years(
                        &facts, &analysis, &config, previous,
                    ));
                    crate::check::sort(&mut diagnostics);
                    diagnostics
                }
            };
            let places = if doc.is_own_reading() {
                Vec::new()
            } else {
                diagnostics
                    .iter()
                    .map(|d| analysis.report.place(d.range))
                    .collect()
            };
            let diagnostics = on_source(&doc, diagnostics);
            // Suppression comments, on the file as written (as the language server does).
            let applied = suppress::apply_to_document(&doc, diagnostics, &config);
            let places = if places.is_empty() {
                places
            } else {
                applied
                    .origin
                    .iter()
                    .map(|o| o.and_then(|i| places[i].clone()))
                    .collect()
            };
            let diagnostics = applied.diagnostics;
            let source_index = (!doc.is_own_reading()).then(|| LineIndex::new(doc.source_text()));
            Outcome::Read(Box::new(Read {
                doc,
                stored: input.encoding,
                analysis,
                diagnostics,
                places,
                source_index,
                is_report,
            }))
        }
    };
    Checked {
        path: file.display().to_string(),
        file,
        config,
        outcome,
    }
}
