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

use super::render::{self, Painter, Source, Totals};
use super::CheckFormat;
use crate::check::{Config, Lang, Severity};
use crate::export::{check_json, Ranges};
pub use crate::files::check::{check_file, not_a_report, Checked, Job, Outcome};
use crate::files::config::ConfigFiles;
use crate::files::input::{expand, read, Input, Reason};
use crate::files::walk::{Entry, SkipReason};
use crate::set::{Digest, ReportKey, ReportSet};
use crate::text::PositionEncoding;

/// More files than this get a progress bar (when stderr is a terminal).
const PROGRESS_THRESHOLD: usize = 20;

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

/// Each report's configuration: its `nianbao.toml`, `--lang` on top. A configuration file's
/// problems are printed on stderr once, with its path and line.
struct Settings {
    lang: Option<Lang>,
    files: ConfigFiles,
    /// By configuration file, with `--lang` applied.
    applied: std::collections::HashMap<PathBuf, Arc<Config>>,
    defaults: Arc<Config>,
}

impl Settings {
    fn new(lang: Option<Lang>) -> Settings {
        let mut defaults = Config::default();
        if let Some(lang) = lang {
            defaults.lang = lang;
        }
        Settings {
            lang,
            files: ConfigFiles::default(),
            applied: std::collections::HashMap::new(),
            defaults: Arc::new(defaults),
        }
    }

    fn config_for(&mut self, report: &std::path::Path) -> Arc<Config> {
        let found = self.files.for_report(report);
        let Some(file) = found.file else {
            return self.defaults.clone();
        };
        if found.fresh {
            let shown = shown_path(&file.path);
            for line in file.problem_lines(&shown, self.lang.unwrap_or_default()) {
                eprintln!("nianbao: {line}");
            }
        }
        let lang = self.lang;
        self.applied
            .entry(file.path.clone())
            .or_insert_with(|| {
                let mut config = file.config.clone();
                if let Some(lang) = lang {
                    config.lang = lang;
                }
                Arc::new(config)
            })
            .clone()
    }
}

/// `path` relative to the working folder when it is under it.
fn shown_path(path: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
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
