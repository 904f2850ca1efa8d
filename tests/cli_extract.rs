//! `nianbao extract` as a user runs it: the JSON field contract of
//! `shared/spec/rules.md`, GB18030/GBK files, and files that are not text.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::model::analyze;
use serde_json::Value;
use support::{extract_json, json_range_text, sample, sample_path, temp_dir, SAMPLES};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A fresh directory for one test's files.
fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn assert_range(v: &Value) {
    for end in ["start", "end"] {
        assert!(v[end]["line"].is_u64(), "range.{end}.line: {v}");
        assert!(v[end]["character"].is_u64(), "range.{end}.character: {v}");
    }
}

/// The field contract of `nianbao extract --format json`.
fn assert_contract(report: &Value) {
    assert!(report["path"].is_string());
    assert!(report["year"].is_i64() || report["year"].is_null());
    assert!(
        matches!(report["template"].as_str(), Some("2008" | "2019" | "2021"))
            || report["template"].is_null()
    );
    assert!(report["issuer"].is_string() || report["issuer"].is_null());
    match report["published"].as_str() {
        Some(date) => assert!(
            date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
            "published is an ISO date: {date}"
        ),
        None => assert!(report["published"].is_null()),
    }
    for s in report["sections"].as_array().expect("sections") {
        assert!((1..=6).contains(&s["number"].as_u64().expect("number")));
        assert!(s["title"].is_string());
        assert_range(&s["range"]);
    }
    for t in report["tables"].as_array().expect("tables") {
        assert!(matches!(
            t["kind"].as_str(),
            Some("proactive" | "applications" | "appeals" | "statistics")
        ));
        assert!(t["template"].is_string());
        for row in t["rows"].as_array().expect("rows") {
            assert!(row["label"].is_string() || row["label"].is_null());
            assert!(row["written"].is_string());
            if !row["range"].is_null() {
                assert_range(&row["range"]);
            }
            for v in row["values"].as_array().expect("values") {
                assert!(v["text"].is_string());
                assert!(v["value"].is_number() || v["value"].is_null());
                match v.get("range") {
                    Some(r) => assert_range(r),
                    None => assert_eq!(v["text"], "", "a missing cell has text \"\" and no range"),
                }
            }
        }
    }
}

fn row<'a>(report: &'a Value, kind: &str, label: &str) -> &'a Value {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == kind)
        .flat_map(|t| t["rows"].as_array().unwrap())
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no {kind} row {label}"))
}

#[test]
fn json_follows_the_contract() {
    let path = sample_path("2020-linyi-approval-bureau");
    let out = nianbao(&["extract", "--format", "json", path_str(&path)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = stdout_json(&out);
    let reports = json.as_array().expect("one JSON array");
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_contract(report);
    assert_eq!(report["path"], path_str(&path));
    assert_eq!(report["year"], 2020);
    assert_eq!(report["template"], "2019");
    assert!(report["issuer"].is_null() && report["published"].is_null());
    let numbers: Vec<u64> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    let kinds: Vec<&str> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["proactive", "applications", "appeals"]);

    // 行政许可 | 150 | +14 | 30927, each value's range covering its text.
    let text = sample("2020-linyi-approval-bureau");
    let licensing = row(report, "proactive", "行政许可");
    let values = licensing["values"].as_array().unwrap();
    let read: Vec<(&str, i64)> = values
        .iter()
        .map(|v| (v["text"].as_str().unwrap(), v["value"].as_i64().unwrap()))
        .collect();
    assert_eq!(read, [("150", 150), ("+14", 14), ("30927", 30927)]);
    for v in values {
        assert_eq!(
            json_range_text(&text, &v["range"]),
            v["text"].as_str().unwrap()
        );
    }
    assert_eq!(licensing["range"]["start"]["line"], 25);
    assert_eq!(
        values[1]["range"]["start"],
        serde_json::json!({ "line": 27, "character": 0 })
    );
    assert_eq!(
        values[1]["range"]["end"],
        serde_json::json!({ "line": 27, "character": 3 })
    );

    // A typo: the official label, and the label as written.
    let refused_7 = row(report, "applications", "7.属于行政执法案卷");
    assert_eq!(refused_7["written"], "7.属于行政执法案件");
    // Blank cells: value null, text "" and a range; the total is 0.
    let partial = row(
        report,
        "applications",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    );
    let partial: Vec<&Value> = partial["values"].as_array().unwrap().iter().collect();
    assert_eq!(partial.len(), 7);
    assert!(partial[..6]
        .iter()
        .all(|v| v["value"].is_null() && v["text"] == "" && v.get("range").is_some()));
    assert_eq!(partial[6]["value"], 0);
    // Section 四: one row of fifteen values.
    let appeals = &report["tables"][2]["rows"];
    assert_eq!(appeals.as_array().unwrap().len(), 1);
    let cases: Vec<i64> = appeals[0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_i64().unwrap())
        .collect();
    assert_eq!(cases, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    // The binary's output is the library's `report_json`, and the format it read.
    let analysis = analyze(&text);
    let mut report = report.clone();
    assert_eq!(report["format"], "text");
    report.as_object_mut().unwrap().remove("format");
    assert_eq!(report, extract_json(path_str(&path), &text, &analysis));
}

#[test]
fn json_of_every_sample_has_the_expected_facts() {
    let paths: Vec<PathBuf> = SAMPLES.iter().map(|s| sample_path(s)).collect();
    let mut args = vec!["extract", "--format", "json"];
    args.extend(paths.iter().map(|p| path_str(p)));
    let out = nianbao(&args);
    assert_eq!(out.status.code(), Some(0));
    let json = stdout_json(&out);
    let facts: Vec<(Value, Value, Value, Value, Value)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_contract(r);
            (
                r["path"].clone(),
                r["year"].clone(),
                r["template"].clone(),
                r["issuer"].clone(),
                r["published"].clone(),
            )
        })
        .collect();
    let null = Value::Null;
    let expected = [
        (2017, "2008", null.clone(), Value::from("2018-02-28")),
        (
            2018,
            "2019",
            Value::from("昭通市政务服务管理局"),
            Value::from("2019-01-31"),
        ),
        (2020, "2019", null.clone(), null.clone()),
        (
            2020,
            "2019",
            Value::from("资阳市人民政府办公室"),
            null.clone(),
        ),
        (
            2021,
            "2021",
            Value::from("泉州市行政服务中心管委会"),
            Value::from("2022-01-18"),
        ),
    ];
    assert_eq!(facts.len(), expected.len());
    for (i, (got, (year, template, issuer, published))) in facts.iter().zip(expected).enumerate() {
        assert_eq!(got.0, path_str(&paths[i]), "files in the order given");
        assert_eq!(
            (&got.1, &got.2, &got.3, &got.4),
            (
                &Value::from(year),
                &Value::from(template),
                &issuer,
                &published
            )
        );
    }
}

#[test]
fn gbk_copies_give_the_same_json() {
    let dir = temp_dir("cli-gbk");
    let mut utf8_args = vec!["extract".to_string(), "--format".into(), "json".into()];
    let mut gbk_args = utf8_args.clone();
    for name in SAMPLES {
        let text = sample(name);
        let (bytes, encoding, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable, "{name}: not representable in GBK");
        assert_eq!(encoding, encoding_rs::GBK);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name}: the GBK copy is not UTF-8"
        );
        let copy = dir.join(format!("{name}.txt"));
        std::fs::write(&copy, &bytes).unwrap();
        utf8_args.push(path_str(&sample_path(name)).to_string());
        gbk_args.push(path_str(&copy).to_string());
    }
    let run = |args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = nianbao(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout_json(&out)
    };
    let (mut utf8, mut gbk) = (run(&utf8_args), run(&gbk_args));
    let (utf8, gbk) = (utf8.as_array_mut().unwrap(), gbk.as_array_mut().unwrap());
    assert_eq!(utf8.len(), SAMPLES.len());
    for (i, (u, g)) in utf8.iter_mut().zip(gbk.iter_mut()).enumerate() {
        assert_eq!(g["path"], gbk_args[3 + i].as_str());
        u.as_object_mut().unwrap().remove("path");
        g.as_object_mut().unwrap().remove("path");
        assert_eq!(u, g, "{}", SAMPLES[i]);
        assert!(!u["tables"].as_array().unwrap().is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_binary_file_is_a_clear_error_with_status_2() {
    let dir = temp_dir("cli-binary");
    let binary = dir.join("scan.png");
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    bytes.extend((0..=255u8).cycle().take(4096));
    std::fs::write(&binary, &bytes).unwrap();
    let shown = path_str(&binary);

    let out = nianbao(&["extract", shown]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(shown), "the error names the file: {stderr}");
    assert!(stderr.contains("不是文本文件"), "{stderr}");
    let out = nianbao(&["extract", "--lang", "en", shown]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a text file"));

    // In JSON, alongside a good file, in the order given.
    let good = sample_path("2018-zhaotong-services-bureau");
    let out = nianbao(&[
        "extract",
        "--lang",
        "en",
        "--format",
        "json",
        shown,
        path_str(&good),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let json = stdout_json(&out);
    assert_eq!(json[0]["path"], shown);
    assert!(json[0]["error"]
        .as_str()
        .unwrap()
        .contains("not a text file"));
    assert!(json[0].get("tables").is_none());
    assert_eq!(json[1]["path"], path_str(&good));
    assert_eq!(json[1]["year"], 2018);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_is_an_error_with_status_2() {
    let missing = std::env::temp_dir().join("nianbao-no-such-report.txt");
    let out = nianbao(&["extract", "--lang", "en", path_str(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(path_str(&missing)) && stderr.contains("no such file"),
        "{stderr}"
    );
}

/// `nianbao extract … | head`: the pipe closes early; the output stops without a panic.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // More output than a pipe holds, so that the writes outlive the reader.
    let dir = temp_dir("cli-extract-pipe");
    for i in 0..40 {
        let name = SAMPLES[i % SAMPLES.len()];
        std::fs::write(dir.join(format!("{i:02}-{name}.txt")), sample(name)).unwrap();
    }
    for format in ["human", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["extract", "--format", format])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close our end of the pipe.
        let mut first = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
    }
}
