//! `nianbao new` (a blank report for a year) and `nianbao convert --to md` (any layout as
//! tidy Markdown), run as a user runs them.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::temp_dir;

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn samples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    out.sort();
    assert_eq!(out.len(), 5);
    out
}

/// What `extract --format json` says about a file, without ranges, written labels, layouts
/// and header cells: the year, issuer, date, sections and every row's values.
fn extracted_values(path: &Path) -> Value {
    let out = nianbao(&["extract", "--format", "json", path_str(path)]);
    assert_eq!(out.status.code(), Some(0), "{}", path.display());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &json[0];
    let tables: Vec<Value> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let values: Vec<Value> = r["values"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| serde_json::json!([v["text"], v["value"]]))
                        .collect();
                    serde_json::json!({"label": r["label"], "values": values})
                })
                .collect();
            serde_json::json!({"kind": t["kind"], "template": t["template"], "rows": rows})
        })
        .collect();
    let sections: Vec<Value> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| serde_json::json!([s["number"], s["title"]]))
        .collect();
    serde_json::json!({
        "year": report["year"],
        "template": report["template"],
        "issuer": report["issuer"],
        "published": report["published"],
        "sections": sections,
        "tables": tables,
    })
}

/// (code, message) of every finding of `check --format json`.
fn findings(path: &Path) -> Vec<(String, String)> {
    let out = nianbao(&["check", "--format", "json", path_str(path)]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut v: Vec<(String, String)> = json[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn new_prints_the_template_in_force_with_issuer_and_period() {
    let out = nianbao(&["new", "--year", "2025", "--issuer", "某某市人民政府办公室"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "# 某某市人民政府办公室2025年政府信息公开工作年度报告"
    );
    assert_eq!(
        lines[2],
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定编制本报告。本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。"
    );
    let headings: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("## "))
        .copied()
        .collect();
    assert_eq!(
        headings,
        [
            "## 一、总体情况",
            "## 二、主动公开政府信息情况",
            "## 三、收到和处理政府信息公开申请情况",
            "## 四、政府信息公开行政复议、行政诉讼情况",
            "## 五、存在的主要问题及改进情况",
            "## 六、其他需要报告的事项",
        ]
    );
    // The same text as the editor command inserts.
    let lib = nianbao::skeleton::render_with(
        2025,
        nianbao::skeleton::Format::Markdown,
        &nianbao::skeleton::Options {
            issuer: Some("某某市人民政府办公室".into()),
        },
    )
    .unwrap();
    assert_eq!(text, lib);

    // Checked as a file: the 2021 template, every table, nothing to report.
    let dir = temp_dir("cli-new");
    let file = dir.join("2025.md");
    std::fs::write(&file, &text).unwrap();
    let values = extracted_values(&file);
    assert_eq!(values["year"], 2025);
    assert_eq!(values["template"], "2021");
    assert_eq!(values["issuer"], "某某市人民政府办公室");
    let kinds: Vec<&str> = values["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["proactive", "applications", "appeals"]);
    assert_eq!(findings(&file), Vec::<(String, String)>::new());
    let rows = values["tables"][1]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    assert_eq!(rows[0]["label"], "一、本年新收政府信息公开申请数量");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!([
            ["0", 0],
            ["0", 0],
            ["0", 0],
            ["0", 0],
            ["0", 0],
            ["0", 0],
            ["0", 0]
        ])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn new_txt_and_older_years() {
    let out = nianbao(&["new", "--year", "2020", "--format", "txt"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("2020年政府信息公开工作年度报告\n\n"),
        "{text}"
    );
    assert!(text.contains("\n规章 | 0 | 0 | 0 |\n"), "{text}");
    assert!(
        text.contains("\n第二十条第（九）项\n"),
        "2019 format: {text}"
    );

    let out = nianbao(&["new", "--year", "2017"]);
    let text = stdout(&out);
    assert!(text.contains("| 统计指标 | 单位 | 统计数 |"), "{text}");
    assert!(
        !text.contains("## "),
        "the 2008 table has no sections: {text}"
    );

    let out = nianbao(&["new", "--year", "1999"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "nianbao: no template is in force for the year 1999\n"
    );
}

#[test]
fn convert_keeps_every_value_and_finding_of_every_sample() {
    let dir = temp_dir("cli-convert");
    for sample in samples() {
        let out = nianbao(&["convert", "--to", "md", path_str(&sample)]);
        assert_eq!(out.status.code(), Some(0), "{}", sample.display());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "every table converts"
        );
        let text = stdout(&out);
        let converted = dir.join(sample.file_name().unwrap()).with_extension("md");
        std::fs::write(&converted, &text).unwrap();
        assert_eq!(
            extracted_values(&converted),
            extracted_values(&sample),
            "{}",
            sample.display()
        );
        assert_eq!(
            findings(&converted),
            findings(&sample),
            "{}",
            sample.display()
        );
        // Every table of the result is a Markdown table.
        let analysis = nianbao::model::analyze(&text);
        assert!(analysis
            .report
            .tables
            .iter()
            .all(|t| t.layout == nianbao::model::Layout::Markdown));
        // Converting again changes nothing.
        let again = nianbao(&["convert", "--to", "md", path_str(&converted)]);
        assert_eq!(stdout(&again), text, "{}", sample.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn convert_writes_aligned_markdown() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports/2020-ziyang-government-office.txt");
    let text = stdout(&nianbao(&["convert", "--to", "md", path_str(&sample)]));
    let start = text.find("## 二、主动公开政府信息情况").unwrap();
    let table: Vec<&str> = text[start..].lines().skip(2).take(5).collect();
    assert_eq!(
        table,
        [
            "| 第二十条第(一)项     |                |                |                |",
            "| -------------------- | -------------- | -------------- | -------------- |",
            "| 信息内容             | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "| 规章                 | 0              | 0              | 4              |",
            "| 规范性文件           | 67             | 67             | 348            |",
        ]
    );
    assert!(text.contains("\n\n## 三、收到和处理政府信息公开申请情况\n\n| (本列数据的勾稽关系为"));
}

#[test]
fn convert_reports_unreadable_files() {
    let out = nianbao(&["convert", "--to", "md", "/nonexistent/report.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("nianbao: /nonexistent/report.txt: "));
}
