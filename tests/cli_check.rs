//! The command line, run as a real process: `check` (human, JSON, SARIF),
//! `fix`, `rules`, `explain`, configuration discovery, unreadable inputs.
//!
//! Counts are derived from the library (`analyze_and_check`), so these tests
//! pin the front end, not the rules.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use nianbao::check::{analyze_and_check, rules, Config, Severity};
use serde_json::Value;

/// A 2020 report (2019 template, one row per line) whose only finding is the
/// `label-typo` of `(二)不分公开(…)` on line 30.
const TYPO_REPORT: &str = include_str!("fixtures/label-typo-2020.txt");
const TYPO: &str = "(二)不分公开(区分处理的,只计这一情形,不计其他情形)";
const FIXED: &str = "(二)部分公开(区分处理的,只计这一情形,不计其他情形)";

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A fresh folder under the system temp folder.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "nianbao-cli-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn codes(entry: &Value) -> Vec<String> {
    entry["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn library_codes(text: &str) -> Vec<String> {
    let (_, diagnostics) = analyze_and_check(text, &Config::default());
    diagnostics.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn folder_with_unreadable_files_reports_each_and_checks_the_rest() {
    let dir = temp_dir("folder");
    let reports = dir.join("reports");
    std::fs::create_dir(&reports).unwrap();
    let linyi = sample("2020-linyi-approval-bureau.txt");
    std::fs::write(reports.join("a-gbk.txt"), gbk(TYPO_REPORT)).unwrap();
    std::fs::write(reports.join("b-empty.txt"), "").unwrap();
    std::fs::write(
        reports.join("c-binary.txt"),
        [0x89, b'P', b'N', b'G', 0, 0, 1, 2],
    )
    .unwrap();
    std::fs::write(
        reports.join("d-notes.md"),
        "# 会议纪要\n\n今天讨论了午餐安排。\n",
    )
    .unwrap();
    std::fs::write(reports.join("e-linyi.txt"), &linyi).unwrap();
    std::fs::write(reports.join("ignored.xlsx"), "not looked at").unwrap();

    let o = nianbao(
        &dir,
        &["check", "--format", "json", "--lang", "en", "reports"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    let entries = v.as_array().unwrap();
    let paths: Vec<&str> = entries
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "reports/a-gbk.txt",
            "reports/b-empty.txt",
            "reports/c-binary.txt",
            "reports/d-notes.md",
            "reports/e-linyi.txt"
        ]
    );
    // The GBK report is read and checked like its UTF-8 original.
    assert_eq!(codes(&entries[0]), library_codes(TYPO_REPORT));
    assert_eq!(codes(&entries[0]), ["label-typo"]);
    assert_eq!(entries[0]["year"], 2020);
    assert_eq!(entries[0]["template"], "2019");
    assert_eq!(entries[0]["report"], true);
    // An empty file is read: it is not a report (not a file that could not be read).
    assert_eq!(entries[1]["report"], false);
    assert_eq!(entries[1]["diagnostics"], serde_json::json!([]));
    assert!(entries[1].get("error").is_none());
    // Reasons are in the configured language (here English).
    assert_eq!(entries[2]["error"], "not a text file (binary content)");
    assert_eq!(entries[3]["report"], false);
    assert_eq!(entries[3]["diagnostics"], serde_json::json!([]));
    assert!(entries[3].get("error").is_none());
    assert_eq!(codes(&entries[4]), library_codes(&linyi));
    assert!(!codes(&entries[4]).is_empty());
    let err = stderr(&o);
    assert!(!err.contains("b-empty.txt"), "{err}");
    assert!(
        err.contains("nianbao: reports/ignored.xlsx: not a report format, skipped"),
        "{err}"
    );
    assert!(
        err.contains("reports/c-binary.txt: not a text file (binary content)"),
        "{err}"
    );

    // The same, for people.
    let o = nianbao(&dir, &["check", "--lang", "en", "reports"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains(
            "warning: reports/b-empty.txt: not a report (no sections or template tables found)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "error: reports/c-binary.txt: cannot read: not a text file (binary content)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "warning: reports/d-notes.md: not a report (no sections or template tables found)\n"
        ),
        "{out}"
    );
    assert!(out.contains("warning[label-typo]:"), "{out}");
    assert!(out.contains(" --> reports/a-gbk.txt:30:1\n"), "{out}");
    assert!(out.contains("--> reports/e-linyi.txt:"), "{out}");
    let (_, linyi_found) = analyze_and_check(&linyi, &Config::default());
    let count = |s: Severity| linyi_found.iter().filter(|d| d.severity == s).count();
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        format!(
            "5 files, {} errors, {} warnings, {} notes, 1 unreadable, 2 files not reports, 1 skipped",
            count(Severity::Error),
            count(Severity::Warning) + 1,
            count(Severity::Info) + count(Severity::Hint)
        )
    );
}

#[test]
fn missing_path_is_status_2_and_others_still_checked() {
    let dir = temp_dir("missing");
    std::fs::write(dir.join("r.txt"), TYPO_REPORT).unwrap();
    let o = nianbao(
        &dir,
        &[
            "check", "--format", "json", "--lang", "en", "nope.txt", "r.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(
        v[0],
        serde_json::json!({ "path": "nope.txt", "error": "no such file" })
    );
    assert_eq!(codes(&v[1]), ["label-typo"]);
    assert!(stderr(&o).contains("nope.txt: no such file"));
}

#[test]
fn exit_status_follows_error_findings() {
    let dir = temp_dir("status");
    std::fs::write(dir.join("warn.txt"), TYPO_REPORT).unwrap();
    // Only a warning: status 0.
    let o = nianbao(&dir, &["check", "warn.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A sample with error-severity findings (per the library): status 1.
    let linyi = sample("2020-linyi-approval-bureau.txt");
    let (_, found) = analyze_and_check(&linyi, &Config::default());
    assert!(found.iter().any(|d| d.severity == Severity::Error));
    std::fs::write(dir.join("linyi.txt"), &linyi).unwrap();
    let o = nianbao(
        &dir,
        &["check", "--format", "json", "warn.txt", "linyi.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    // Bad arguments: status 2.
    let o = nianbao(&dir, &["check", "--format", "xml", "warn.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn json_positions_are_zero_based_lines_and_utf16_characters() {
    let dir = temp_dir("utf16");
    // Two astral characters (two UTF-16 units, four UTF-8 bytes each) in a cell
    // before the mistyped label on the same line.
    let text = TYPO_REPORT.replace(&format!("\n{TYPO}"), &format!("\n😀𠀀 | {TYPO}"));
    std::fs::write(dir.join("r.txt"), &text).unwrap();
    let o = nianbao(&dir, &["check", "--format", "json", "r.txt"]);
    let v = json(&o);
    let entry = &v[0];
    let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
    for k in ["path", "year", "template", "diagnostics"] {
        assert!(keys.iter().any(|x| *x == k), "{keys:?}");
    }
    let typo = entry["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "label-typo")
        .expect("label-typo");
    assert_eq!(typo["severity"], "warning");
    assert!(typo["message"].as_str().unwrap().contains("部分公开"));
    let prefix_units = "😀𠀀 | ".encode_utf16().count();
    assert_eq!(prefix_units, 7);
    let label_units = TYPO.encode_utf16().count() as u64;
    assert_eq!(
        typo["range"],
        serde_json::json!({
            "start": { "line": 29, "character": 7 },
            "end": { "line": 29, "character": 7 + label_units },
        })
    );
    let fix = &typo["fixes"][0];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["range"], typo["range"]);
    assert_eq!(fix["edits"][0]["newText"], FIXED);
    // Every diagnostic has the contract's keys.
    for d in entry["diagnostics"].as_array().unwrap() {
        for k in ["code", "severity", "message", "range", "fixes"] {
            assert!(d.get(k).is_some(), "{k} missing in {d}");
        }
    }
}

#[test]
fn sarif_log_has_rules_results_regions_and_fixes() {
    let dir = temp_dir("sarif");
    std::fs::write(dir.join("r.txt"), TYPO_REPORT).unwrap();
    std::fs::write(dir.join("binary.txt"), [0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    let o = nianbao(
        &dir,
        &[
            "check",
            "--format",
            "sarif",
            "--lang",
            "en",
            "r.txt",
            "binary.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "nianbao");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let catalog: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
    assert_eq!(ids, catalog);
    let typo_rule = &driver["rules"][catalog.iter().position(|c| *c == "label-typo").unwrap()];
    let info = nianbao::check::rule("label-typo").unwrap();
    assert_eq!(typo_rule["shortDescription"]["text"], info.summary);
    assert_eq!(typo_rule["fullDescription"]["text"], info.doc);
    assert_eq!(typo_rule["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "label-typo");
    assert_eq!(r["level"], "warning");
    assert!(r["message"]["text"].as_str().unwrap().contains("不分公开"));
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "r.txt");
    let end_column = 1 + TYPO.encode_utf16().count() as u64;
    assert_eq!(
        loc["region"],
        serde_json::json!({ "startLine": 30, "startColumn": 1, "endLine": 30, "endColumn": end_column })
    );
    let replacement = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"], loc["region"]);
    assert_eq!(replacement["insertedContent"]["text"], FIXED);
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(
        note["message"]["text"],
        "binary.txt: not a text file (binary content)"
    );
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "binary.txt"
    );
}

#[test]
fn human_output_underlines_and_lists_help() {
    let dir = temp_dir("human");
    std::fs::write(dir.join("r.txt"), TYPO_REPORT).unwrap();
    let o = nianbao(&dir, &["check", "r.txt"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let label_width = unicode_width::UnicodeWidthStr::width(TYPO);
    let expected = format!(
        "warning[label-typo]: 「{TYPO}」疑为「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」之误\n  \
         --> r.txt:30:1\n   |\n30 | {TYPO} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n   | {}\n   = 修复: 改为「{FIXED}」\n\n\
         ! r.txt — 1 个警告\n\
         1 个文件，0 个错误，1 个警告\n",
        "^".repeat(label_width)
    );
    assert_eq!(out, expected);
}

#[test]
fn explain_prints_the_rule_doc_and_refuses_unknown_codes() {
    let dir = temp_dir("explain");
    let o = nianbao(&dir, &["explain", "row-total", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let info = nianbao::check::rule("row-total").unwrap();
    assert!(
        out.starts_with("# row-total (RowTotalMismatch, error)\n"),
        "{out}"
    );
    assert!(out.contains(info.doc.trim_end()), "{out}");

    let o = nianbao(&dir, &["explain", "row-totals", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown rule `row-totals`"), "{err}");
    for r in rules::ALL {
        assert!(err.contains(r.code), "{err}");
    }
}

#[test]
fn rules_lists_the_catalog() {
    let dir = temp_dir("rules");
    let o = nianbao(&dir, &["rules", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), rules::ALL.len() + 1);
    for (line, r) in out.lines().skip(1).zip(rules::ALL) {
        assert!(line.starts_with(r.code), "{line}");
        assert!(line.contains(r.severity.as_str()), "{line}");
        assert!(line.contains(&format!(" {} ", r.scope.as_str())), "{line}");
        assert_eq!(line.contains(" yes "), r.fixes.offered(), "{line}");
        assert!(line.ends_with(r.summary), "{line}");
    }
    let typo = out.lines().find(|l| l.starts_with("label-typo ")).unwrap();
    assert!(typo.contains(" yes "), "{typo}");
    let balance = out.lines().find(|l| l.starts_with("balance ")).unwrap();
    assert!(balance.contains(" — "), "{balance}");
}

#[test]
fn config_in_a_parent_folder_applies_and_bad_lines_are_reported() {
    let dir = temp_dir("config");
    let deep = dir.join("2020").join("q4");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("r.txt"), TYPO_REPORT).unwrap();
    std::fs::write(dir.join("other.txt"), TYPO_REPORT).unwrap();

    let o = nianbao(&dir, &["check", "--format", "json", "2020/q4/r.txt"]);
    assert_eq!(codes(&json(&o)[0]), ["label-typo"]);

    std::fs::write(
        dir.join("2020").join("nianbao.toml"),
        "lang = \"en\"\n[rules]\nno-such-rule = \"off\"\nlabel-typo = \"off\"\n",
    )
    .unwrap();
    let o = nianbao(
        &dir,
        &["check", "--format", "json", "2020/q4/r.txt", "other.txt"],
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    // Switched off below 2020/, the bad line notwithstanding; untouched elsewhere.
    assert_eq!(codes(&v[0]), Vec::<String>::new());
    assert_eq!(codes(&v[1]), ["label-typo"]);
    let err = stderr(&o);
    let config_path = Path::new("2020").join("nianbao.toml");
    assert!(
        err.contains(&format!(
            "nianbao: {}:3: unknown rule `no-such-rule`",
            config_path.display()
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("no-such-rule").count(),
        1,
        "reported once: {err}"
    );

    // `lang` from the file, and --lang over it.
    std::fs::write(dir.join("2020").join("nianbao.toml"), "lang = \"en\"\n").unwrap();
    let o = nianbao(&dir, &["check", "2020/q4/r.txt"]);
    let out = stdout(&o);
    assert!(out.contains("looks like a typo"), "{out}");
    assert!(out.ends_with("1 file, 0 errors, 1 warning\n"), "{out}");
    let o = nianbao(&dir, &["check", "--lang", "zh", "2020/q4/r.txt"]);
    assert!(stdout(&o).contains("疑为"), "{}", stdout(&o));
}

#[test]
fn fix_diff_leaves_the_file_alone() {
    let dir = temp_dir("diff");
    std::fs::write(dir.join("r.txt"), TYPO_REPORT).unwrap();
    let o = nianbao(&dir, &["fix", "--diff", "r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("r.txt")).unwrap(),
        TYPO_REPORT
    );
    let out = stdout(&o);
    assert!(
        out.starts_with("--- a/r.txt\n+++ b/r.txt\n@@ -27,7 +27,7 @@\n"),
        "{out}"
    );
    assert!(out.contains(&format!("\n-{TYPO} |")), "{out}");
    assert!(out.contains(&format!("\n+{FIXED} |")), "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with('+') || l.starts_with('-'))
            .count(),
        4
    );
    assert!(stderr(&o).contains("r.txt：可修复 1 处"), "{}", stderr(&o));
}

#[test]
fn fix_writes_in_place_and_keeps_gbk() {
    let dir = temp_dir("fix-gbk");
    std::fs::write(dir.join("r.txt"), gbk(TYPO_REPORT)).unwrap();
    let o = nianbao(&dir, &["fix", "--lang", "en", "r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "r.txt: 1 fix applied\n1 fix applied\n");
    let bytes = std::fs::read(dir.join("r.txt")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "written back as GBK, not UTF-8"
    );
    assert_eq!(bytes, gbk(&TYPO_REPORT.replace(TYPO, FIXED)));
    // Nothing left to fix.
    let o = nianbao(&dir, &["check", "--format", "json", "r.txt"]);
    assert_eq!(codes(&json(&o)[0]), Vec::<String>::new());
}

#[test]
fn fix_keeps_bom_and_crlf() {
    let dir = temp_dir("fix-crlf");
    let crlf = TYPO_REPORT.replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    std::fs::write(dir.join("r.txt"), &bytes).unwrap();
    let o = nianbao(&dir, &["fix", "r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut expected = b"\xEF\xBB\xBF".to_vec();
    expected.extend_from_slice(crlf.replace(TYPO, FIXED).as_bytes());
    assert_eq!(std::fs::read(dir.join("r.txt")).unwrap(), expected);
}

/// Runs nianbao with a deadline: a hang fails the test instead of blocking it.
#[cfg(unix)]
fn nianbao_within(dir: &Path, args: &[&str], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Issue #13 item 4: a FIFO named like a report, link loops, links to the same file, and
/// formats that cannot be read, in a folder.
#[cfg(unix)]
#[test]
fn folders_with_pipes_and_link_loops_are_walked_once() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("walk");
    let d = dir.join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("r.txt"), TYPO_REPORT).unwrap();
    std::fs::write(d.join("old.doc"), b"\xd0\xcf\x11\xe0").unwrap();
    std::fs::write(d.join("a.ofd"), b"PK").unwrap();
    std::fs::write(d.join("table.xlsx"), b"PK").unwrap();
    assert!(Command::new("mkfifo")
        .arg(d.join("x.txt"))
        .status()
        .unwrap()
        .success());
    symlink(".", d.join("loop")).unwrap();
    symlink(".", d.join("loop2")).unwrap();
    symlink("r.txt", d.join("same.txt")).unwrap();

    let o = nianbao_within(
        &dir,
        &["check", "--format", "json", "--lang", "en", "d"],
        30,
    );
    let v = json(&o);
    let entries = v.as_array().unwrap();
    let paths: Vec<&str> = entries
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    // One report, checked once; the formats that cannot be read are reported as errors.
    assert_eq!(paths, ["d/a.ofd", "d/old.doc", "d/r.txt"]);
    assert_eq!(
        entries[0]["error"],
        "the OFD format is not supported; save it as PDF and check again"
    );
    assert_eq!(
        entries[1]["error"],
        "the DOC (Word 97–2003) format is not supported; save it as .docx and check again"
    );
    assert_eq!(codes(&entries[2]), ["label-typo"]);
    assert_eq!(o.status.code(), Some(2));
    // One line per entry passed over.
    let err = stderr(&o);
    for line in [
        "nianbao: d/loop: the same folder as d (a link loop, or given twice), not walked again",
        "nianbao: d/loop2: the same folder as d (a link loop, or given twice), not walked again",
        "nianbao: d/same.txt: the same file as d/r.txt, checked once",
        "nianbao: d/table.xlsx: not a report format, skipped (only txt, md, html, docx and pdf files are checked)",
        "nianbao: d/x.txt: not a regular file (a named pipe), not opened",
    ] {
        assert_eq!(err.matches(line).count(), 1, "{line}\n{err}");
    }

    // In Chinese, for people, the same entries.
    let o = nianbao_within(&dir, &["check", "d"], 30);
    let out = stdout(&o);
    assert!(
        out.contains("info: d/x.txt: 已跳过: 不是普通文件（命名管道），未打开\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "error: d/old.doc: 无法读取：不支持 DOC (Word 97–2003) 格式，请另存为 .docx 后再检查\n"
        ),
        "{out}"
    );
    assert_eq!(out.matches("warning[label-typo]").count(), 1, "{out}");

    // `fix` fixes the one file once.
    let o = nianbao_within(&dir, &["fix", "--lang", "en", "d"], 30);
    let out = stdout(&o);
    assert!(out.contains("d/r.txt: 1 fix applied\n"), "{out}");
    assert!(out.ends_with("1 fix applied\n"), "{out}");
    assert!(std::fs::read_to_string(d.join("r.txt"))
        .unwrap()
        .contains(FIXED));
}

/// Issue #13 item 6: `fix` edits the bytes it fixes and no others. GB18030 reads `80` as
/// `€` and `A3 A0` as U+E5E5, which it would write back as `A2 E3` and `A1 A1`.
#[test]
fn fix_leaves_every_untouched_gb18030_byte_alone() {
    let dir = temp_dir("gb-bytes");
    let mut before = gbk("说明：价格单位为");
    before.extend_from_slice(b"\x80\xA3\xA0\n");
    let mut original = before.clone();
    original.extend_from_slice(&gbk(TYPO_REPORT));
    std::fs::write(dir.join("r.txt"), &original).unwrap();
    let o = nianbao(&dir, &["fix", "--lang", "en", "r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut want = before;
    want.extend_from_slice(&gbk(&TYPO_REPORT.replace(TYPO, FIXED)));
    let got = std::fs::read(dir.join("r.txt")).unwrap();
    assert_eq!(got.len(), original.len());
    assert!(
        got == want,
        "bytes differ at {:?}",
        (0..got.len()).find(|&i| got[i] != want[i])
    );
}

#[test]
fn rules_and_explain_in_chinese() {
    let dir = temp_dir("rules-zh");
    let o = nianbao(&dir, &["rules", "--lang", "zh"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let row_total = out.lines().find(|l| l.starts_with("row-total ")).unwrap();
    assert!(
        row_total.ends_with("合计单元格与本行所合计各单元格之和不符。"),
        "{row_total}"
    );
    let o = nianbao(&dir, &["explain", "row-total", "--lang", "zh"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("# row-total (RowTotalMismatch, error)\n"),
        "{out}"
    );
    assert!(out.contains("## 检查内容"), "{out}");
    assert!(!out.contains("## What it checks"), "{out}");
    // Chinese is the default.
    let default = nianbao(&dir, &["explain", "row-total"]);
    assert_eq!(stdout(&default), out);
    let listed = nianbao(&dir, &["rules"]);
    assert_eq!(
        stdout(&listed),
        stdout(&nianbao(&dir, &["rules", "--lang", "zh"]))
    );
}

/// Applies JSON edits (UTF-16 ranges of `text`, as `check --format json` writes them).
fn apply_json_edits(text: &str, edits: &[Value]) -> String {
    use nianbao::text::{LineIndex, Position, PositionEncoding::Utf16};
    let idx = LineIndex::new(text);
    let at = |p: &Value| {
        let pos = Position {
            line: p["line"].as_u64().unwrap() as u32,
            character: p["character"].as_u64().unwrap() as u32,
        };
        idx.offset(text, pos, Utf16)
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            (
                at(&r["start"]),
                at(&r["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = text.to_string();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, t);
    }
    out
}

/// A fix that writes a table anew is written as the edits of the lines it changes (not a
/// copy of the table), and those edits make the same text as the fix; a batch's output is
/// one array, one file per line.
#[test]
fn json_fixes_are_the_lines_they_change() {
    let dir = temp_dir("concise");
    // Linyi's 2019-template tables in a 2022 report: outdated-template rewrites them.
    let text = sample("2020-linyi-approval-bureau.txt").replace("2020", "2022");
    std::fs::write(dir.join("r.txt"), &text).unwrap();
    std::fs::write(
        dir.join("s.txt"),
        sample("2018-zhaotong-services-bureau.txt"),
    )
    .unwrap();
    let o = nianbao(&dir, &["check", "--format", "json", "r.txt", "s.txt"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 4, "{out}");
    let v = json(&o);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let (_, core) = analyze_and_check(&text, &Config::default());
    let core: Vec<_> = core
        .into_iter()
        .filter(|d| d.code == "outdated-template")
        .collect();
    assert!(!core.is_empty());
    let written: Vec<&Value> = v[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "outdated-template")
        .collect();
    assert_eq!(written.len(), core.len());
    for (w, c) in written.iter().zip(&core) {
        let fix = &c.fixes[0];
        let whole = nianbao::check::fix::apply_edits(&text, &fix.edits).0;
        let edits = w["fixes"][0]["edits"].as_array().unwrap();
        assert_eq!(apply_json_edits(&text, edits), whole);
        let bytes =
            |e: &[Value]| -> usize { e.iter().map(|e| e["newText"].as_str().unwrap().len()).sum() };
        let core_bytes: usize = fix.edits.iter().map(|e| e.new_text.len()).sum();
        assert!(
            bytes(edits) < core_bytes,
            "{} !< {core_bytes}",
            bytes(edits)
        );
    }
}

/// The reviewer's human output: one line per file, clean files named, the counts per file;
/// `--quiet` keeps only the files with something to report and the summary; `--severity`
/// drops what is below it (from every format); `-o` writes to a file.
#[test]
fn one_line_per_file_quiet_and_severity() {
    let dir = temp_dir("daily");
    std::fs::write(
        dir.join("a-clean.txt"),
        sample("2020-ziyang-government-office.txt"),
    )
    .unwrap();
    let linyi = sample("2020-linyi-approval-bureau.txt");
    std::fs::write(dir.join("b-linyi.txt"), &linyi).unwrap();
    std::fs::write(dir.join("c-typo.txt"), TYPO_REPORT).unwrap();
    let (_, found) = analyze_and_check(&linyi, &Config::default());
    let count = |s: Severity| found.iter().filter(|d| d.severity == s).count();
    let (e, w, n) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info) + count(Severity::Hint),
    );
    assert_eq!((e, w, n), (3, 5, 2));

    let o = nianbao(&dir, &["check", "a-clean.txt", "b-linyi.txt", "c-typo.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with(['✓', '✗', '!']))
        .collect();
    assert_eq!(
        lines,
        [
            "✓ a-clean.txt — 无问题",
            "✗ b-linyi.txt — 3 个错误，5 个警告，2 个提示",
            "! c-typo.txt — 1 个警告",
        ],
        "{out}"
    );

    let o = nianbao(
        &dir,
        &[
            "check",
            "--quiet",
            "a-clean.txt",
            "b-linyi.txt",
            "c-typo.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "✗ b-linyi.txt — 3 个错误，5 个警告，2 个提示\n! c-typo.txt — 1 个警告\n\
         3 个文件，3 个错误，6 个警告，2 个提示\n"
    );

    // --severity error: only the errors, in every format.
    let o = nianbao(
        &dir,
        &[
            "check",
            "-q",
            "--severity",
            "error",
            "--lang",
            "en",
            "b-linyi.txt",
            "c-typo.txt",
        ],
    );
    assert_eq!(
        stdout(&o),
        "✗ b-linyi.txt — 3 errors\n2 files, 3 errors, 0 warnings\n"
    );
    let o = nianbao(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--severity",
            "warning",
            "-o",
            "out.json",
            "b-linyi.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out.json")).unwrap()).unwrap();
    let severities: Vec<&str> = v[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities.len(), e + w);
    assert!(severities.iter().all(|s| *s == "error" || *s == "warning"));
}

/// `check -` reads standard input; an empty file is not a report (exit 0, a line of its
/// own), not a file that could not be read; `--help` explains the exit status.
#[test]
fn stdin_empty_files_and_exit_codes_in_help() {
    use std::io::Write as _;
    let dir = temp_dir("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json", "-"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(TYPO_REPORT.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v[0]["path"], "-");
    assert_eq!(codes(&v[0]), ["label-typo"]);

    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let o = nianbao(&dir, &["check", "empty.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "warning: empty.txt: 不是年报（未找到章节或模板表格）\n1 个文件，0 个错误，0 个警告，1 个文件不是年报\n"
    );

    let o = nianbao(&dir, &["check", "--help", "--lang", "en"]);
    let help = stdout(&o);
    for needle in [
        "Exit status",
        "1 when something of error severity",
        "2 when a path",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    // Chinese by default, with no English of its own.
    let o = nianbao(&dir, &["check", "--help"]);
    let help = stdout(&o);
    for needle in [
        "退出码",
        "用法：nianbao check [选项] <路径>...",
        "选项",
        "显示帮助",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    for english in [
        "Usage",
        "Options",
        "Print help",
        "Exit status",
        "[default",
        "possible values",
    ] {
        assert!(!help.contains(english), "{english}: {help}");
    }
}

/// Argument errors in the chosen language, exit status 2.
#[test]
fn argument_errors_in_chinese_by_default() {
    let dir = temp_dir("args");
    let o = nianbao(&dir, &["check", "--format", "xml", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "错误：--format <格式> 的值 `xml` 无效，可选：human、json、sarif、html\n\n运行 `nianbao --help` 查看用法。\n"
    );
    let o = nianbao(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("错误：缺少必需的参数：<路径>"),
        "{}",
        stderr(&o)
    );
    let o = nianbao(&dir, &["check", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("required arguments were not provided"),
        "{}",
        stderr(&o)
    );
    // The top-level help lists every command in Chinese.
    let o = nianbao(&dir, &["--help"]);
    let help = stdout(&o);
    assert!(
        help.contains("用法：nianbao <命令>") && help.contains("按规则目录检查报告。"),
        "{help}"
    );
    assert!(
        !help.contains("Usage") && !help.contains("Commands"),
        "{help}"
    );
}

/// `fix --diff` only previews: it exits 0 when it printed a diff, even though errors remain.
#[test]
fn fix_diff_exits_0_when_it_printed_a_diff() {
    let dir = temp_dir("diff-errors");
    let linyi = sample("2020-linyi-approval-bureau.txt");
    std::fs::write(dir.join("r.txt"), &linyi).unwrap();
    let o = nianbao(&dir, &["fix", "r.txt", "--diff"]);
    assert!(stdout(&o).starts_with("--- a/r.txt\n"), "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.join("r.txt")).unwrap(), linyi);
    // Written for real, the errors that remain give 1.
    let o = nianbao(&dir, &["fix", "r.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// Suppression comments in a file are honoured by `nianbao check` (and reported when they
/// suppress nothing).
#[test]
fn suppression_comments_in_the_cli() {
    let dir = temp_dir("suppress");
    let ignored = TYPO_REPORT.replacen(
        TYPO,
        &format!("// nianbao-disable-next-line label-typo -- 原文如此\n{TYPO}"),
        1,
    );
    std::fs::write(dir.join("r.txt"), &ignored).unwrap();
    let o = nianbao(&dir, &["check", "r.txt"]);
    assert_eq!(
        stdout(&o),
        "✓ r.txt — 无问题\n1 个文件，0 个错误，0 个警告\n"
    );
    let unused = ignored.replacen("label-typo --", "row-total --", 1);
    std::fs::write(dir.join("r.txt"), &unused).unwrap();
    let o = nianbao(&dir, &["check", "--format", "json", "r.txt"]);
    assert_eq!(codes(&json(&o)[0]), ["unused-suppression", "label-typo"]);
}

/// A published page whose report is only an attachment is not "not a report" (exit 0): it
/// cannot be checked, and says which file to check instead; a list of reports is not a report.
#[test]
fn a_page_whose_report_is_an_attachment_names_it() {
    let dir = temp_dir("attachment");
    std::fs::write(
        dir.join("page.html"),
        "<html><head><meta charset=\"utf-8\"><title>某市自然资源局2023年政府信息公开工作年度报告</title></head><body>\
         <div><h1>某市自然资源局2023年政府信息公开工作年度报告</h1><p>发布时间：2024-01-20</p>\
         <p>附件：<a href=\"/files/nb.pdf\">某市自然资源局2023年政府信息公开工作年度报告.pdf</a></p></div></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("list.html"),
        "<html><head><meta charset=\"utf-8\"><title>政府信息公开年度报告</title></head><body><ul>\
         <li><a href=\"a.html\">某市人民政府2023年政府信息公开工作年度报告</a></li>\
         <li><a href=\"b.html\">某市人民政府2022年政府信息公开工作年度报告</a></li></ul></body></html>",
    )
    .unwrap();
    let page = nianbao(&dir, &["check", "page.html"]);
    assert_eq!(page.status.code(), Some(2), "{}", stdout(&page));
    assert!(stdout(&page).contains(
        "error: page.html: 无法读取：报告正文不在此文件中，而是以附件“某市自然资源局2023年政府信息公开工作年度报告.pdf”发布"
    ));
    let en = nianbao(
        &dir,
        &["check", "--lang", "en", "--format", "json", "page.html"],
    );
    assert_eq!(en.status.code(), Some(2));
    assert!(json(&en)[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("the report is not in this file but published as the attachment"));
    let list = nianbao(&dir, &["check", "list.html"]);
    assert_eq!(list.status.code(), Some(0));
    assert!(stdout(&list).contains("不是年报"));
}
