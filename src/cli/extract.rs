//! `nianbao extract`: the parsed report, as JSON or for people.

use std::path::PathBuf;

use super::input::{expand, read};
use super::walk::Entry;
use super::Format;
use crate::check::Lang;
use crate::export::{report_json, Ranges};
use crate::model::{analyze, CellValue};
use crate::text::PositionEncoding;

pub fn run(paths: &[PathBuf], format: Format) -> i32 {
    let mut status = 0;
    let mut json_out = Vec::new();
    for entry in expand(paths).entries {
        let path = match entry {
            Entry::File(path) => path,
            Entry::Skipped(s) => {
                let shown = s.path.display().to_string();
                let reason = s.reason.message(Lang::En);
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
        let text = match input.text {
            Ok(text) => text,
            Err(reason) => {
                eprintln!("nianbao: {shown}: {}", reason.en);
                json_out.push(serde_json::json!({ "path": shown, "error": reason.en }));
                status = 2;
                continue;
            }
        };
        let analysis = analyze(&text);
        let ranges = Ranges {
            text: &text,
            index: &analysis.line_index,
            encoding: PositionEncoding::Utf16,
        };
        match format {
            Format::Json => json_out.push(report_json(&shown, &analysis.report, &ranges)),
            Format::Human => print_human(&shown, &text, &analysis),
        }
    }
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&json_out).expect("JSON"));
    }
    status
}

fn print_human(path: &str, text: &str, analysis: &crate::model::Analysis) {
    let report = &analysis.report;
    let line = |offset: usize| analysis.line_index.line_of(offset) + 1;
    println!("{path}");
    println!(
        "  年度 year: {}",
        report
            .year
            .as_ref()
            .map_or("—".into(), |y| y.value.to_string())
    );
    println!(
        "  模板 template: {}{}",
        report.template.map_or("—", |t| t.id.as_str()),
        if report.mixed_templates {
            "（混用 mixed）"
        } else {
            ""
        }
    );
    println!(
        "  发布机关 issuer: {}",
        report.issuer.as_ref().map_or("—", |i| i.name.as_str())
    );
    println!(
        "  发布日期 published: {}",
        report
            .published
            .as_ref()
            .map_or("—".into(), |d| d.value.to_string())
    );
    for s in &report.sections {
        println!("  §{} {} (line {})", s.number, s.title, line(s.range.start));
    }
    for table in &report.tables {
        println!(
            "  table {} [{} template, {:?}] lines {}–{}",
            table.kind.as_str(),
            table.template.id,
            table.layout,
            table.lines.0 + 1,
            table.lines.1 + 1
        );
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
            println!("    {label}: {}{written}", values.join(" "));
        }
    }
    let _ = text;
}
