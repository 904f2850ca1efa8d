//! The same reports typed differently — re-typed as Markdown pipe tables,
//! with full-width digits and punctuation, CRLF line endings, characters
//! outside the BMP — parse to the same values, and every value's range
//! (bytes and JSON UTF-16 positions) covers exactly its cell text.

mod support;

use nianbao::model::{analyze, Analysis};
use nianbao::syntax::LineKind;
use nianbao::text::normalize::label_key;
use support::{
    check_all_ranges, report_facts, sample, to_fullwidth, to_markdown, ReportFacts, Style, SAMPLES,
};

fn styles() -> Vec<(&'static str, Style)> {
    let s = Style::default();
    vec![
        ("markdown", s),
        (
            "markdown-fullwidth",
            Style {
                fullwidth: true,
                ..s
            },
        ),
        (
            "markdown-fullwidth-wide-pipes",
            Style {
                fullwidth: true,
                wide_pipes: true,
                ..s
            },
        ),
        ("markdown-crlf", Style { crlf: true, ..s }),
        (
            "markdown-fullwidth-crlf",
            Style {
                fullwidth: true,
                crlf: true,
                ..s
            },
        ),
        ("markdown-astral", Style { astral: true, ..s }),
        (
            "markdown-all",
            Style {
                fullwidth: true,
                wide_pipes: true,
                crlf: true,
                astral: true,
            },
        ),
    ]
}

/// The original text with characters outside the BMP: `𠀀` before every long
/// row label written officially (on table lines, before the cell), `😀` at the
/// end of every long prose line.
fn with_astral(text: &str, analysis: &Analysis) -> String {
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    for table in &analysis.report.tables {
        for row in &table.rows {
            let (Some(def), Some(range)) = (table.row_def(row), row.label_range) else {
                continue;
            };
            if label_key(&row.written) == label_key(&def.label) && row.written.chars().count() >= 6
            {
                inserts.push((range.start, "𠀀"));
            }
        }
    }
    for line in &analysis.syntax.lines {
        if let LineKind::Text { content, .. } = line.kind {
            if text[content.start..content.end].chars().count() > 40 {
                inserts.push((content.end, "😀"));
            }
        }
    }
    assert!(inserts.len() > 10, "too few places for astral characters");
    inserts.sort();
    let mut out = text.to_string();
    for (at, s) in inserts.into_iter().rev() {
        out.insert_str(at, s);
    }
    out
}

/// Every variant of every sample: (sample, variant name, text).
fn variants() -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for name in SAMPLES {
        let text = sample(name);
        let analysis = analyze(&text);
        for (style_name, style) in styles() {
            out.push((
                name,
                style_name.to_string(),
                to_markdown(&text, &analysis, style),
            ));
        }
        out.push((name, "original-crlf".into(), text.replace('\n', "\r\n")));
        out.push((name, "original-fullwidth".into(), to_fullwidth(&text)));
        out.push((
            name,
            "original-astral".into(),
            with_astral(&text, &analysis),
        ));
        if analysis
            .report
            .tables
            .iter()
            .all(|t| t.layout == nianbao::model::Layout::CellPerLine)
        {
            out.push((
                name,
                "cells-without-separators".into(),
                without_separators(&text),
            ));
        }
        if analysis
            .report
            .tables
            .iter()
            .all(|t| t.layout == nianbao::model::Layout::RowPerLine)
        {
            out.push((
                name,
                "rows-tab-separated".into(),
                support::tab_separated(&text),
            ));
        }
        out.push((name, "headings-tab".into(), heading_numbers_tabbed(&text)));
        out.push((name, "original".into(), text));
    }
    out
}

/// Every prose line opening with a heading's number has a tab after it (`二、⇥主动公开…`), as
/// Word writes its numbered headings into a text file.
fn heading_numbers_tabbed(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let Some((number, rest)) = line.split_once('、') else {
                return line.to_string();
            };
            if line.contains('|')
                || number.is_empty()
                || !number.chars().all(|c| "一二三四五六".contains(c))
            {
                return line.to_string();
            }
            format!("{number}、\t{}", rest.trim_start())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A one-cell-per-line text as a web page's table copied into a text editor gives it: each
/// cell on its line, no `|` (a line of merged-cell remains becomes a blank line).
fn without_separators(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let kept = line.trim_end();
            if kept.chars().all(|c| c == '|' || c.is_whitespace()) {
                ""
            } else {
                kept.strip_suffix('|').unwrap_or(kept).trim_end()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The differing facts and rows of two readings, briefly.
fn describe_difference(expected: &ReportFacts, got: &ReportFacts) -> String {
    let mut out = Vec::new();
    let meta = |f: &ReportFacts| {
        (
            f.year,
            f.template.clone(),
            f.issuer.clone(),
            f.published.clone(),
        )
    };
    if meta(expected) != meta(got) {
        out.push(format!(
            "  facts: expected {:?}, got {:?}",
            meta(expected),
            meta(got)
        ));
    }
    if expected.tables.len() != got.tables.len() {
        out.push(format!(
            "  {} tables, expected {}",
            got.tables.len(),
            expected.tables.len()
        ));
    }
    for (e, g) in expected.tables.iter().zip(&got.tables) {
        if (e.kind, &e.template) != (g.kind, &g.template) {
            out.push(format!(
                "  table {:?} {} read as {:?} {}",
                e.kind, e.template, g.kind, g.template
            ));
        }
        let n = e.rows.len().max(g.rows.len());
        for i in 0..n {
            if e.rows.get(i) != g.rows.get(i) {
                out.push(format!(
                    "  {:?} row {i}: expected {:?}, got {:?}",
                    e.kind,
                    e.rows.get(i),
                    g.rows.get(i)
                ));
            }
        }
    }
    out.join("\n")
}

#[test]
fn variants_parse_to_the_same_values() {
    let mut failures = Vec::new();
    for name in SAMPLES {
        let text = sample(name);
        let expected = report_facts(&analyze(&text).report);
        for (sample_name, variant, vtext) in variants() {
            if sample_name != name {
                continue;
            }
            let mut got = report_facts(&analyze(&vtext).report);
            if variant.starts_with("markdown") {
                // A pipe table has every cell: a cell the original lacks is blank there.
                for (e, g) in expected.tables.iter().zip(&mut got.tables) {
                    for (er, gr) in e.rows.iter().zip(&mut g.rows) {
                        for (ev, gv) in er.1.iter().zip(&mut gr.1) {
                            if ev == "∅" && gv == "·" {
                                *gv = "∅".into();
                            }
                        }
                    }
                }
            }
            if variant == "cells-without-separators" {
                // Without separators a blank cell is no line at all: blank reads as absent.
                for (e, g) in expected.tables.iter().zip(&mut got.tables) {
                    for (er, gr) in e.rows.iter().zip(&mut g.rows) {
                        for (ev, gv) in er.1.iter().zip(&mut gr.1) {
                            if ev == "·" && gv == "∅" {
                                *gv = "·".into();
                            }
                        }
                    }
                }
            }
            if got != expected {
                failures.push(format!(
                    "{name} / {variant}:\n{}",
                    describe_difference(&expected, &got)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} variants differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_range_covers_its_text() {
    for (name, variant, text) in variants() {
        let n = check_all_ranges(&text);
        assert!(n > 0, "{name} / {variant}: no value cells");
    }
}
