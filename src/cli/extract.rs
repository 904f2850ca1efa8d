//! `nianbao extract`: the parsed report, as JSON or for people.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::Format;
use crate::export::{report_json, Ranges};
use crate::files::input::{expand, read};
use crate::files::walk::Entry;
use crate::model::{analyze, CellValue};
use crate::read::Document;
use crate::text::{LineIndex, PositionEncoding, TextRange};

pub fn run(paths: &[PathBuf], format: Format, lang: crate::lang::Lang) -> i32 {
    let mut status = 0;
    let mut json_out = Vec::new();
    for entry in expand(paths).entries {
        let path = match entry {
            Entry::File(path) => path,
            Entry::Skipped(s) => {
                let shown = s.path.display().to_string();
                let reason = s.reason.message(lang);
                eprintln!("nianbao: {shown}: {reason}");
                if s.reason.is_error() {
                    json_out.push(serde_json::json!({ "path": shown, "error": reason }));
                    status = 2;
                }
                continue;
            }
        };
        let input = read(&path);
        let shown = path.display().to_string();
        let doc = match input.doc {
            Ok(doc) => doc,
            Err(reason) => {
                let reason = reason.get(lang).to_string();
                eprintln!("nianbao: {shown}: {reason}");
                json_out.push(serde_json::json!({ "path": shown, "error": reason }));
                status = 2;
                continue;
            }
        };
        let analysis = analyze(&doc.text);
        let source_index = LineIndex::new(doc.source_text());
        let ranges = Ranges {
            text: doc.source_text(),
            index: &source_index,
            encoding: PositionEncoding::Utf16,
            doc: Some(&doc),
        };
        match format {
            Format::Json => {
                let mut v = report_json(&shown, &analysis.report, &ranges);
                v["format"] = serde_json::json!(doc.format.as_str());
                json_out.push(v)
            }
            Format::Human => {
                let mut out = String::new();
                human(&mut out, &shown, &doc, &source_index, &analysis)
                    .expect("writing to a String");
                if let Err(e) = super::write_stdout(&out) {
                    // A closed pipe (`nianbao extract … | head`) ends the output, quietly.
                    return if e.kind() == std::io::ErrorKind::BrokenPipe {
                        status
                    } else {
                        2
                    };
                }
            }
        }
    }
    if format == Format::Json {
        let out = serde_json::to_string_pretty(&json_out).expect("JSON") + "\n";
        if let Err(e) = super::write_stdout(&out) {
            return if e.kind() == std::io::ErrorKind::BrokenPipe {
                status
            } else {
                2
            };
        }
    }
    status
}

fn human(
    out: &mut String,
    path: &str,
    doc: &Document,
    source_index: &LineIndex,
    analysis: &crate::model::Analysis,
) -> std::fmt::Result {
    let report = &analysis.report;
    let line =
        |offset: usize| source_index.line_of(doc.to_source(TextRange::empty(offset)).start) + 1;
    writeln!(out, "{path}")?;
    writeln!(
        out,
        "  年度 year: {}",
        report
            .year
            .as_ref()
            .map_or("—".into(), |y| y.value.to_string())
    )?;
    writeln!(
        out,
        "  模板 template: {}{}",
        report.template.map_or("—", |t| t.id.as_str()),
        if report.mixed_templates {
            "（混用 mixed）"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  发布机关 issuer: {}",
        report.issuer.as_ref().map_or("—", |i| i.name.as_str())
    )?;
    writeln!(
        out,
        "  发布日期 published: {}",
        report
            .published
            .as_ref()
            .map_or("—".into(), |d| d.value.to_string())
    )?;
    for s in &report.sections {
        writeln!(
            out,
            "  §{} {} (line {})",
            s.number,
            s.title,
            line(s.range.start)
        )?;
    }
    for table in &report.tables {
        writeln!(
            out,
            "  table {} [{} template, {:?}] lines {}–{}",
            table.kind.as_str(),
            table.template.id,
            table.layout,
            line(table.range.start),
            line(table.range.end)
        )?;
        for row in &table.rows {
            let label = table.row_def(row).map_or("？", |d| d.label.as_str());
            let values: Vec<String> = row
                .values
                .iter()
                .map(|v| match &v.value {
                    CellValue::Number { value, .. } => value.to_string(),
                    CellValue::Blank => "·".into(),
                    CellValue::Unreadable => format!("«{}»", v.text),
                })
                .collect();
            let written = if table.row_def(row).is_some_and(|d| d.label == row.written) {
                String::new()
            } else {
                format!("  ← 「{}」", row.written.replace('\n', "⏎"))
            };
            writeln!(out, "    {label}: {}{written}", values.join(" "))?;
        }
    }
    Ok(())
}
