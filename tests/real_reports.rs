//! The real reports of `tests/real/` (copies of `shared/corpus/real/`), as
//! they are found: published HTML pages, a PDF and its text layer, converter
//! Markdown, a crawler's text. Pinned against their hand-read `expected.json`:
//! the template, the four key rows of section 三 exactly, every listed mistake
//! found, nothing else at error or warning; and every finding as a snapshot
//! (code, severity, line:column in the file as an editor shows it, message).
//! The PDF is read through poppler's `pdftotext` (CI installs it).

use std::path::PathBuf;

use nianbao::check::{analyze_and_check, on_source, Config, Diagnostic, Lang, Severity};
use nianbao::model::{Analysis, CellValue};
use nianbao::read::{read, Document, Format};
use nianbao::text::{LineIndex, PositionEncoding};
use serde_json::Value;

fn real_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/real")
}

fn expected() -> Value {
    let text = std::fs::read_to_string(real_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A real report read and checked as `nianbao check` does, findings on the source.
fn checked(file: &str) -> (Document, Analysis<'static>, Vec<Diagnostic>) {
    let bytes = std::fs::read(real_dir().join(file)).unwrap();
    let ext = file.rsplit('.').next().unwrap();
    let doc = read(&bytes, Format::from_extension(ext))
        .unwrap_or_else(|e| panic!("{file}: {}", e.message(Lang::En)));
    let config = Config {
        lang: Lang::En,
        ..Config::default()
    };
    let (analysis, diagnostics) = analyze_and_check(&doc.text, &config);
    let diagnostics = on_source(&doc, diagnostics);
    (doc, analysis, diagnostics)
}

const KEY_ROWS: [(&str, &str); 4] = [
    ("一、本年新收政府信息公开申请数量", "new"),
    ("二、上年结转政府信息公开申请数量", "carried"),
    ("（七）总计", "total"),
    ("四、结转下年度继续办理", "carry_over"),
];

/// What is wrong with one report's reading and findings against its expectation.
fn disagreements(report: &Value) -> Vec<String> {
    let file = report["file"].as_str().unwrap();
    let (_, analysis, diagnostics) = checked(file);
    let mut wrong = Vec::new();
    if let Some(rows) = report["section_three"].as_object() {
        let template = analysis.report.template.map(|t| t.id.as_str());
        if template != report["template"].as_str() {
            wrong.push(format!(
                "template {template:?}, want {}",
                report["template"]
            ));
        }
        let table = analysis
            .report
            .tables
            .iter()
            .find(|t| t.kind.as_str() == "applications");
        for (label, id) in KEY_ROWS {
            let want: Vec<Option<i64>> = rows[label]
                .as_array()
                .unwrap()
                .iter()
                .map(Value::as_i64)
                .collect();
            let got: Option<Vec<Option<i64>>> = table.and_then(|t| t.row(id)).map(|row| {
                row.values
                    .iter()
                    .map(|v| match v.value {
                        CellValue::Number { value, .. } => Some(value.as_f64() as i64),
                        _ => None,
                    })
                    .collect()
            });
            if got.as_ref() != Some(&want) {
                wrong.push(format!("{label} = {got:?}, want {want:?}"));
            }
        }
    }
    let serious: Vec<&str> = diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .map(|d| d.code)
        .collect();
    let mut allowed: Vec<String> = Vec::new();
    for mistake in report["mistakes"].as_array().unwrap() {
        let spec = mistake["code"].as_str().unwrap();
        let optional = spec.contains("(allowed)");
        let codes: Vec<String> = spec
            .replace("(allowed)", "")
            .split(" or ")
            .map(|c| c.trim().to_string())
            .collect();
        allowed.extend(codes.iter().cloned());
        if !optional
            && !diagnostics
                .iter()
                .any(|d| codes.iter().any(|c| c == d.code))
        {
            wrong.push(format!("missed {}: {}", codes.join("|"), mistake["what"]));
        }
    }
    // Each listed mistake is found as often as it is listed.
    for code in ["row-total", "column-total"] {
        let listed = report["mistakes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["code"] == code)
            .count();
        let found = diagnostics.iter().filter(|d| d.code == code).count();
        if found != listed {
            wrong.push(format!("{code}: {found} found, {listed} listed"));
        }
    }
    for code in serious {
        if !allowed.iter().any(|a| a == code) {
            wrong.push(format!("not expected: {code}"));
        }
    }
    wrong
}

#[test]
fn every_real_report_reads_as_expected() {
    let expected = expected();
    let mut wrong = Vec::new();
    for report in expected["reports"].as_array().unwrap() {
        for w in disagreements(report) {
            wrong.push(format!("{}: {w}", report["file"].as_str().unwrap()));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Every finding of every real report, as an editor would list it.
#[test]
fn findings_of_every_real_report() {
    let expected = expected();
    for report in expected["reports"].as_array().unwrap() {
        let file = report["file"].as_str().unwrap();
        let (doc, _, diagnostics) = checked(file);
        let source = doc.source_text();
        let index = LineIndex::new(source);
        let mut listing = String::new();
        for d in &diagnostics {
            let p = index.position(source, d.range.start, PositionEncoding::Utf16);
            listing.push_str(&format!(
                "{}:{} {} {}: {}\n",
                p.line + 1,
                p.character + 1,
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
        insta::assert_snapshot!(file.replace('.', "_"), listing);
    }
}

/// In an HTML page, a finding points at the cell text in the page's source,
/// and a fix edits only that text.
#[test]
fn html_findings_point_at_the_cells_in_the_source() {
    let (doc, _, diagnostics) = checked("2020-pingtan-zone.html");
    let source = doc.source_text();
    let totals: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "column-total")
        .collect();
    assert_eq!(totals.len(), 2);
    // The two （七）总计 cells: 20 (自然人) and 21 (总计), in the page's markup
    // (Word split the 21 over two runs: `2</span><span …>1`).
    let text_of = |range: nianbao::text::TextRange| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in source[range.start..range.end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    let cells: Vec<String> = totals.iter().map(|d| text_of(d.range)).collect();
    assert_eq!(cells, ["20", "21"]);
    assert_eq!(&source[totals[0].range.start..totals[0].range.end], "20");
    for d in &totals {
        let before = &source[..d.range.start];
        let open = before.rfind("<td").unwrap();
        assert!(
            before.rfind("</td>").is_none_or(|close| close < open),
            "inside a cell"
        );
    }
    // Every fix replaces cell text only: the edited source reads back with the
    // same number of table rows and the new value in place.
    for d in &diagnostics {
        for fix in &d.fixes {
            for edit in &fix.edits {
                let old = &source[edit.range.start..edit.range.end];
                assert!(!old.contains('<') && !old.contains('>'), "{old:?}");
            }
        }
    }
}

/// The PDF and its text layer as another extractor gives it read the same.
#[test]
fn the_pdf_and_its_text_layer_agree() {
    let codes = |file: &str| {
        let (_, _, d) = checked(file);
        let mut codes: Vec<(&'static str, String)> =
            d.iter().map(|d| (d.code, d.message.clone())).collect();
        codes.sort();
        codes
    };
    assert_eq!(
        codes("2023-hongze-district.pdf"),
        codes("2023-hongze-district.txt")
    );
}

/// The crawler's one-line text is never passed: its tables are reported
/// unreadable (errors), and nothing else is claimed about it.
#[test]
fn run_together_text_is_reported_unreadable() {
    let (_, analysis, diagnostics) = checked("2021-pingtan-zone-crawled.txt");
    assert!(analysis.report.looks_like_report());
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["unreadable-table", "unreadable-table", "unreadable-table"]
    );
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
}

/// A page converted to Markdown (pandoc's GFM: merged-cell tables left as raw `<table>`
/// HTML, text in `<span style=…>`) reads and checks as the page itself: the same tables,
/// the same findings, each on the converted file's own cell text.
#[test]
fn converter_markdown_with_html_tables_reads_as_its_page() {
    for (converted, page) in [
        (
            "converted/2023-shuyang-fgj.pandoc-gfm.md",
            "2023-shuyang-fgj.html",
        ),
        (
            "converted/2019-pingtan-zone.pandoc-gfm.md",
            "2019-pingtan-zone.html",
        ),
    ] {
        let (doc, analysis, diagnostics) = checked(converted);
        let (_, page_analysis, page_diagnostics) = checked(page);
        type Rows = Vec<(Option<(usize, usize)>, Vec<String>)>;
        let rows = |a: &Analysis| -> Rows {
            a.report
                .tables
                .iter()
                .flat_map(|t| &t.rows)
                .map(|r| (r.def, r.values.iter().map(|v| v.text.clone()).collect()))
                .collect()
        };
        assert_eq!(rows(&analysis), rows(&page_analysis), "{converted}");
        let messages = |d: &[Diagnostic]| -> Vec<String> {
            d.iter()
                .map(|d| format!("{} {}", d.code, d.message))
                .collect()
        };
        assert_eq!(
            messages(&diagnostics),
            messages(&page_diagnostics),
            "{converted}"
        );
        // Each finding starts and ends on the converted file's own text, not in its markup,
        // and every fix edits text only.
        let source = doc.source_text();
        for d in &diagnostics {
            let at = &source[d.range.start..d.range.end];
            assert!(
                !at.starts_with(['<', '>']) && !at.ends_with(['<', '>']),
                "{converted}: {} on markup {at:?}",
                d.code
            );
            for edit in d.fixes.iter().flat_map(|f| &f.edits) {
                let old = &source[edit.range.start..edit.range.end];
                assert!(!old.contains(['<', '>']), "{converted}: {old:?}");
            }
        }
    }
}

/// Fixing converter Markdown edits the cell text inside its HTML table, and only that: a
/// label mistyped in the table is put right, every other byte stays.
#[test]
fn converter_markdown_fix_edits_the_cell_text_only() {
    use nianbao::check::fix::fix_all_by;
    use nianbao::check::{check_source, Applicability};
    let original =
        std::fs::read_to_string(real_dir().join("converted/2023-shuyang-fgj.pandoc-gfm.md"))
            .unwrap();
    let label = "本机关不掌握相关政府信息";
    let at = original.find(label).expect("the label is in an HTML cell");
    assert!(original[..at].rfind("<td").unwrap() > original[..at].rfind("</td>").unwrap_or(0));
    let mistyped = original.replacen(label, "本机关不掌握相关政府讯息", 1);
    let config = Config::default();
    let (looks, findings) = check_source(&mistyped, Format::Markdown, &config);
    assert!(looks);
    assert!(findings.iter().any(|d| d.code == "label-typo"));
    let recheck = |t: &str| check_source(t, Format::Markdown, &config).1;
    let fixed = fix_all_by(&mistyped, findings, Applicability::Safe, &recheck);
    // The page's own label variant (规范性文件 for 行政规范性文件) is put right too: fixing the
    // mistyped file gives what fixing the original gives, and that differs from the original
    // in that one cell's text.
    let fixed_original = fix_all_by(&original, recheck(&original), Applicability::Safe, &recheck);
    assert!(fixed.text == fixed_original.text, "the fixes differ");
    let variant = ">规范性文件<";
    assert_eq!(
        fixed_original.text,
        original.replacen(variant, ">行政规范性文件<", 1)
    );
    assert!(original.matches(variant).count() == 1);
}

/// A converter's Markdown of one small table per row group: each `###` heading that repeats
/// its table's row is a heading, a header line of column names is no row, `(六) 其他` is not
/// `3.其他`, the `### 行政复议` under section 四 is part of it, and section 四's three
/// five-column tables are its one row of fifteen values.
#[test]
fn converter_markdown_of_small_tables_reads_as_one_table() {
    let (_, analysis, diagnostics) = checked("converted/2025-shuyang-county-converted.md");
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .map(|d| d.code)
        .collect();
    // The one finding: the converter wrote `(六) 其他` for （六）其他处理.
    assert_eq!(codes, ["label-typo"], "{diagnostics:#?}");
    let values = |kind: &str, id: &str| -> Vec<String> {
        let table = analysis
            .report
            .tables
            .iter()
            .find(|t| format!("{:?}", t.kind).eq_ignore_ascii_case(kind))
            .unwrap();
        table
            .row(id)
            .unwrap()
            .values
            .iter()
            .map(|v| v.text.clone())
            .collect()
    };
    assert_eq!(
        values("applications", "new"),
        ["705", "3", "0", "0", "5", "0", "713"]
    );
    assert_eq!(
        values("applications", "total"),
        ["710", "3", "0", "0", "5", "0", "718"]
    );
    let sections: Vec<u8> = analysis.report.sections.iter().map(|s| s.number).collect();
    assert_eq!(sections, [1, 2, 3, 4, 5, 6]);
    let appeals = analysis
        .report
        .tables
        .iter()
        .filter(|t| format!("{:?}", t.kind) == "Appeals")
        .collect::<Vec<_>>();
    assert_eq!(appeals.len(), 1);
    let row: Vec<&str> = appeals[0].rows[0]
        .values
        .iter()
        .map(|v| v.text.as_str())
        .collect();
    assert_eq!(
        row,
        ["27", "10", "9", "15", "61", "3", "0", "0", "0", "3", "8", "0", "1", "1", "10"]
    );
}

/// A 2008-regulation statistics table of a provincial edition (its own indicators and a
/// 历年累计 column) is not held to the national edition's list: one `partial-table` saying
/// so, no missing, unknown or extra rows.
#[test]
fn another_edition_of_the_2008_statistics_table_is_said_so_once() {
    let (_, analysis, diagnostics) = checked("excerpts/2011-pingtan-zone-statistics-table.html");
    let serious: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .collect();
    assert_eq!(serious.len(), 1, "{serious:#?}");
    assert_eq!(serious[0].code, "partial-table");
    assert!(
        serious[0].message.contains("edition"),
        "{}",
        serious[0].message
    );
    let table = &analysis.report.tables[0];
    assert!(table.other_edition());
}
