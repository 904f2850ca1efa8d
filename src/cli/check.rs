//! `nianbao check`: every file checked (in parallel), the findings printed in
//! the order the files were given, for people, as JSON, as SARIF or as a reviewer's HTML
//! page (built from the JSON).
//!
//! Exit status: 2 when a path could not be read (it wins), else 1 when any
//! finding has error severity, else 0.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::input::{expand, read, Input, Reason, Stored};
use super::render::{self, Painter, Source, Totals};
use super::settings::Settings;
use super::walk::{Entry, SkipReason};
use super::CheckFormat;
use crate::check::{check_keeping_facts, on_source, suppress, Config, Diagnostic, Lang, Severity};
use crate::export::{check_json, Ranges};
use crate::model::Analysis;
use crate::read::Document;
use crate::set::{Digest, ReportKey, ReportSet};
use crate::text::{LineIndex, PositionEncoding};

/// More files than this get a progress bar (when stderr is a terminal).
const PROGRESS_THRESHOLD: usize = 20;

pub const NOT_A_REPORT: &str = "not a report (no sections or template tables found)";
pub const NOT_A_REPORT_ZH: &str = "不是年报（未找到章节或模板表格）";

/// "Not a report" in `lang`.
pub fn not_a_report(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => NOT_A_REPORT_ZH,
        Lang::En => NOT_A_REPORT,
    }
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

/// An entry the walk passed over (not a report file, a pipe, a link loop...): the path and
/// the reason in that path's configuration's language, one line each.
#[derive(Clone, Debug)]
pub struct Note {
    pub path: String,
    pub message: String,
}

impl Note {
    /// `nianbao: path: reason`, for stderr.
    pub fn line(&self) -> String {
        format!("nianbao: {}: {}", self.path, self.message)
    }
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

/// What `nianbao check` was asked for.
pub struct Options {
    pub format: CheckFormat,
    pub lang: Option<Lang>,
    /// Only findings of this severity or above.
    pub severity: Option<Severity>,
    /// Human output without the findings' details and the clean files.
    pub quiet: bool,
    /// Written here rather than to standard output.
    pub output: Option<PathBuf>,
}

/// Drops the findings below `min` (and their places).
fn keep_severity(checked: &mut Checked, min: Option<Severity>) {
    let (Some(min), Outcome::Read(read)) = (min, &mut checked.outcome) else {
        return;
    };
    let keep: Vec<bool> = read.diagnostics.iter().map(|d| d.severity <= min).collect();
    let mut i = 0;
    read.diagnostics.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    if !read.places.is_empty() {
        let mut i = 0;
        read.places.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// Standard output, or the file of `-o`.
fn open_output(path: Option<&PathBuf>) -> std::io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        )),
    })
}

/// Readings of the set pass kept for the check pass, up to this many bytes of text.
const KEEP_READ: usize = 32 << 20;

/// The reports of the jobs as a set, each to be compared with the same issuer's previous
/// year (`None` for a single file: there is nothing to compare it with); and each job's file
/// as read, where it was kept for the check (within [`KEEP_READ`], and always standard
/// input, which cannot be read twice).
///
/// Every file's key (issuer, year) is read without aligning its tables; only the reports
/// that are another's previous year are analysed for their digest.
pub fn report_set(jobs: Vec<Job>) -> (Vec<(Job, Option<Input>)>, Option<ReportSet>) {
    if jobs.len() < 2 {
        return (jobs.into_iter().map(|j| (j, None)).collect(), None);
    }
    let kept = std::sync::atomic::AtomicUsize::new(0);
    let read_jobs: Vec<(Job, Option<Input>, Option<ReportKey>)> = jobs
        .into_par_iter()
        .map(|job| {
            if job.refused.is_some() {
                return (job, None, None);
            }
            let input = read(&job.file);
            let key = input.doc.as_ref().ok().and_then(|doc| {
                crate::set::key_of_text(&doc.text, &job.config, || crate::set::name_key(&job.file))
            });
            let size = input.doc.as_ref().map_or(0, |d| {
                d.text.len()
                    + if d.is_own_reading() {
                        0
                    } else {
                        d.source_text().len()
                    }
            });
            let stdin = job.file.as_os_str() == "-";
            let keep = stdin
                || kept.fetch_add(size, std::sync::atomic::Ordering::Relaxed) + size <= KEEP_READ;
            (job, keep.then_some(input), key)
        })
        .collect();
    let keys: Vec<Option<ReportKey>> = read_jobs.iter().map(|(_, _, k)| k.clone()).collect();
    let needed = ReportSet::needed(&keys);
    let digests: Vec<Digest> = read_jobs
        .par_iter()
        .zip(&needed)
        .filter(|(_, needed)| **needed)
        .filter_map(|((job, input, _), _)| {
            let fresh;
            let doc = match input {
                Some(input) => input.doc.as_ref().ok()?,
                None => {
                    fresh = read(&job.file).doc.ok()?;
                    &fresh
                }
            };
            let analysis = crate::model::analyze(&doc.text);
            Digest::of(
                job.file.display().to_string().into(),
                doc,
                &analysis,
                &job.config,
                || crate::set::name_key(&job.file),
            )
        })
        .collect();
    let jobs = read_jobs.into_iter().map(|(j, i, _)| (j, i)).collect();
    (jobs, Some(ReportSet::new(digests)))
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

/// Every file under the paths, with the configuration that applies to it; and what the
/// walk passed over.
pub fn jobs(paths: &[PathBuf], lang: Option<Lang>) -> (Vec<Job>, Vec<Note>) {
    let mut settings = Settings::new(lang);
    let mut jobs = Vec::new();
    let mut notes = Vec::new();
    for entry in expand(paths).entries {
        match entry {
            Entry::File(file) => {
                let config = settings.config_for(&file);
                jobs.push(Job {
                    file,
                    config,
                    refused: None,
                });
            }
            Entry::Skipped(s) => {
                let config = settings.config_for(&s.path);
                if s.reason.is_error() {
                    jobs.push(Job {
                        refused: Some(reason_of(&s.reason)),
                        file: s.path,
                        config,
                    });
                } else {
                    notes.push(Note {
                        path: s.path.display().to_string(),
                        message: s.reason.message(config.lang),
                    });
                }
            }
        }
    }
    (jobs, notes)
}

fn reason_of(r: &SkipReason) -> Reason {
    Reason::new(r.message(Lang::Zh), r.message(Lang::En))
}

/// Expands the paths, finds each file's configuration, and checks them all in
/// parallel; results in the order given, and what the walk passed over.
/// Every file under the paths checked; `as_set`: the files compared with each other (the
/// rules of [`crate::check::Scope::Years`]).
pub fn check_all(paths: &[PathBuf], lang: Option<Lang>, as_set: bool) -> (Vec<Checked>, Vec<Note>) {
    let (jobs, notes) = jobs(paths, lang);
    let (jobs, set) = if as_set {
        report_set(jobs)
    } else {
        (jobs.into_iter().map(|j| (j, None)).collect(), None)
    };
    let progress = progress_bar(jobs.len());
    let results = jobs
        .into_par_iter()
        .map(|(job, input)| {
            let checked = check_file(job, input, set.as_ref());
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            checked
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    (results, notes)
}

/// A progress bar on stderr for more than [`PROGRESS_THRESHOLD`] files, when
/// stderr is a terminal.
fn progress_bar(files: usize) -> Option<indicatif::ProgressBar> {
    (files > PROGRESS_THRESHOLD && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(files as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    })
}

/// The exit status for a set of results: 2 for an unreadable file, else 1 for
/// an error-severity finding, else 0.
pub fn status(results: &[Checked]) -> i32 {
    if results
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Unreadable(_)))
    {
        2
    } else if results.iter().any(|r| {
        r.diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }) {
        1
    } else {
        0
    }
}

/// Files checked at once between writes in `--format json`: enough to keep both cores busy
/// between two writes, few enough that what waits to be written stays small whatever the
/// number of files.
const JSON_BATCH: usize = 128;

/// What is kept of a file in a batch until its output is written: the output and what the
/// exit status needs (the text and the analysis are dropped in the worker that made them).
struct Printed {
    /// The file's JSON object, on one line.
    json: String,
    unreadable: Option<String>,
    has_error: bool,
}

impl Printed {
    fn of(checked: &Checked) -> Printed {
        let value = json(std::slice::from_ref(checked))
            .as_array_mut()
            .and_then(|a| a.pop())
            .unwrap_or_default();
        Printed {
            json: serde_json::to_string(&value).expect("JSON"),
            unreadable: checked
                .unreadable()
                .map(|reason| format!("{}: {reason}", checked.path)),
            has_error: checked
                .diagnostics()
                .iter()
                .any(|d| d.severity == Severity::Error),
        }
    }
}

/// `--format json`, streamed: the files are checked [`JSON_BATCH`] at a time on every core,
/// each turned into its JSON object by the worker that read it (its text and model dropped
/// there), and each batch written, in the order given, before the next one is read. Memory
/// is bounded by a batch's output, whatever the number of files. The output is the JSON
/// value of [`json`] over all the files: an array, one file's object per line.
fn run_json(paths: &[PathBuf], opts: &Options, out: &mut dyn Write) -> i32 {
    let (jobs, notes) = jobs(paths, opts.lang);
    for note in &notes {
        eprintln!("{}", note.line());
    }
    let (jobs, set) = report_set(jobs);
    let progress = progress_bar(jobs.len());
    let (mut unreadable, mut has_error, mut first) = (false, false, true);
    let mut written = out.write_all(b"[");
    let mut jobs = jobs.into_iter();
    loop {
        let batch: Vec<(Job, Option<Input>)> = jobs.by_ref().take(JSON_BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let printed: Vec<Printed> = batch
            .into_par_iter()
            .map(|(job, input)| {
                let mut checked = check_file(job, input, set.as_ref());
                keep_severity(&mut checked, opts.severity);
                let printed = Printed::of(&checked);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                printed
            })
            .collect();
        for p in printed {
            if let Some(reason) = &p.unreadable {
                eprintln!("nianbao: {reason}");
                unreadable = true;
            }
            has_error |= p.has_error;
            if written.is_ok() {
                let sep: &[u8] = if first { b"\n" } else { b",\n" };
                written = out
                    .write_all(sep)
                    .and_then(|()| out.write_all(p.json.as_bytes()));
            }
            first = false;
        }
        if written.is_err() {
            break;
        }
    }
    if written.is_ok() {
        let end: &[u8] = if first { b"]\n" } else { b"\n]\n" };
        written = out.write_all(end).and_then(|()| out.flush());
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if written.is_err() {
        // stdout closed (a pipe into `head`): nothing more to say.
        return 2;
    }
    if unreadable {
        2
    } else if has_error {
        1
    } else {
        0
    }
}

pub fn run(paths: &[PathBuf], opts: &Options) -> i32 {
    let mut out = match open_output(opts.output.as_ref()) {
        Ok(out) => out,
        Err(e) => {
            let path = opts.output.as_ref().map(|p| p.display().to_string());
            eprintln!("nianbao: {}: {e}", path.unwrap_or_default());
            return 2;
        }
    };
    let status = run_to(paths, opts, &mut out);
    if out.flush().is_err() {
        // stdout closed (a pipe into `head`): nothing more to say.
        return 2;
    }
    status
}

fn run_to(paths: &[PathBuf], opts: &Options, out: &mut dyn Write) -> i32 {
    let format = opts.format;
    let lang = opts.lang;
    if format == CheckFormat::Json {
        return run_json(paths, opts, out);
    }
    let (mut results, notes) = check_all(paths, lang, true);
    for r in &mut results {
        keep_severity(r, opts.severity);
    }
    let written = match format {
        CheckFormat::Human => {
            let painter = Painter {
                color: opts.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none(),
            };
            human(
                out,
                &results,
                &notes,
                lang.unwrap_or_default(),
                painter,
                opts.quiet,
            )
        }
        CheckFormat::Json | CheckFormat::Sarif | CheckFormat::Html => {
            for note in &notes {
                eprintln!("{}", note.line());
            }
            for r in &results {
                if let Some(reason) = r.unreadable() {
                    eprintln!("nianbao: {}: {reason}", r.path);
                }
            }
            match format {
                CheckFormat::Html => {
                    let lang = results
                        .first()
                        .map_or(lang.unwrap_or_default(), |r| r.config.lang);
                    out.write_all(super::html::page(&html_data(&results), lang).as_bytes())
                }
                _ => {
                    let value = if format == CheckFormat::Json {
                        json(&results)
                    } else {
                        super::sarif::log(&results)
                    };
                    writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&value).expect("JSON")
                    )
                }
            }
        }
    };
    if written.is_err() {
        // stdout closed (a pipe into `head`): nothing more to say.
        return 2;
    }
    status(&results)
}

/// The data of the HTML report: [`json`], each file read with its `issuer` and `tables` (as
/// `nianbao extract --format json` has them, ranged in the same source text).
pub fn html_data(results: &[Checked]) -> serde_json::Value {
    let mut data = json(results);
    if let Some(files) = data.as_array_mut() {
        for (v, r) in files.iter_mut().zip(results) {
            let Outcome::Read(read) = &r.outcome else {
                continue;
            };
            let (text, index) = read.source();
            let ranges = Ranges {
                text,
                index,
                encoding: PositionEncoding::Utf16,
                doc: (!read.doc.is_own_reading()).then_some(&read.doc),
            };
            let report = crate::export::report_json(&r.path, &read.analysis.report, &ranges);
            v["issuer"] = report["issuer"].clone();
            v["tables"] = report["tables"].clone();
        }
    }
    data
}

/// The JSON of rules.md: one object per file; `"error"` for unreadable files,
/// `"report": false` (and no findings) for texts that are not reports.
pub fn json(results: &[Checked]) -> serde_json::Value {
    results
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Unreadable(reason) => {
                serde_json::json!({ "path": r.path, "error": reason.get(r.config.lang) })
            }
            Outcome::Read(read) => {
                let (text, index) = read.source();
                // The findings are already ranged in the source text.
                let ranges = Ranges {
                    text,
                    index,
                    encoding: PositionEncoding::Utf16,
                    doc: None,
                };
                let mut v = check_json(&r.path, &read.analysis.report, &read.diagnostics, &ranges);
                v["report"] = serde_json::json!(read.is_report);
                v["format"] = serde_json::json!(read.doc.format.as_str());
                if let Some(list) = v["diagnostics"].as_array_mut() {
                    for (d, place) in list.iter_mut().zip(&read.places) {
                        if let Some(place) = place {
                            d["location"] = crate::export::place_json(place);
                        }
                    }
                }
                v
            }
        })
        .collect()
}

fn human(
    out: &mut dyn Write,
    results: &[Checked],
    notes: &[Note],
    lang: Lang,
    painter: Painter,
    quiet: bool,
) -> std::io::Result<()> {
    let mut totals = Totals {
        files: results.len(),
        skipped: notes.len(),
        ..Totals::default()
    };
    // The summary's language: --lang, else the first file's configuration.
    let summary_lang = results.first().map_or(lang, |r| r.config.lang);
    let skipped = match summary_lang {
        Lang::Zh => "已跳过",
        Lang::En => "skipped",
    };
    for note in notes {
        let message = format!("{skipped}: {}", note.message);
        write!(
            out,
            "{}",
            render::file_note(&note.path, Severity::Info, &message, painter)
        )?;
    }
    for r in results {
        let lang = r.config.lang;
        match &r.outcome {
            Outcome::Unreadable(reason) => {
                totals.unreadable += 1;
                let message = match lang {
                    Lang::Zh => format!("无法读取：{}", reason.zh),
                    Lang::En => format!("cannot read: {}", reason.en),
                };
                write!(
                    out,
                    "{}",
                    render::file_note(&r.path, Severity::Error, &message, painter)
                )?;
            }
            Outcome::Read(read) => {
                if !read.is_report {
                    totals.not_reports += 1;
                    let message = not_a_report(lang);
                    write!(
                        out,
                        "{}",
                        render::file_note(&r.path, Severity::Warning, message, painter)
                    )?;
                    continue;
                }
                totals.add(&read.diagnostics);
                let (text, index) = read.source();
                let src = Source {
                    path: &r.path,
                    text,
                    index,
                };
                if !quiet {
                    for (i, d) in read.diagnostics.iter().enumerate() {
                        let at = read.places.get(i).and_then(Option::as_ref);
                        write!(out, "{}", render::diagnostic(&src, d, at, lang, painter))?;
                    }
                }
                if !(quiet && read.diagnostics.is_empty()) {
                    let line = render::file_line(&r.path, &read.diagnostics, lang, painter);
                    write!(out, "{line}")?;
                }
            }
        }
    }
    writeln!(out, "{}", render::summary(&totals, summary_lang))
}
