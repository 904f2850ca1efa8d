//! Reports checked together (`nianbao check A B …`): grouped by issuer and year, each
//! compared with the same issuer's previous report — `carry-over`, `in-force-count`,
//! `copied-text` — with related information in last year's file.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod support;

use support::temp_dir;

/// `nianbao check --format json FILES` run in `dir`: the array of file objects.
fn check_json(dir: &Path, files: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json.as_array().unwrap().clone()
}

fn of_code<'a>(file: &'a Value, code: &str) -> Vec<&'a Value> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// [`support::ziyang_pair`] written to `dir`.
fn ziyang_pair(dir: &Path) -> (String, String) {
    let (last, this) = support::ziyang_pair();
    std::fs::write(dir.join("2020-ziyang.txt"), &last).unwrap();
    std::fs::write(dir.join("2021-ziyang.txt"), &this).unwrap();
    (last, this)
}

#[test]
fn carry_over_against_last_years_report_with_its_cell_as_related() {
    let dir = temp_dir("set-carry");
    let (last, _) = ziyang_pair(&dir);
    let files = check_json(&dir, &["2020-ziyang.txt", "2021-ziyang.txt"]);
    assert!(
        of_code(&files[0], "carry-over").is_empty(),
        "{:#}",
        files[0]
    );
    let found = of_code(&files[1], "carry-over");
    // 自然人 2 and 总计 2 against 0 and 0.
    assert_eq!(found.len(), 2, "{found:#?}");
    let d = found[0];
    assert_eq!(d["severity"], "warning");
    assert!(d["message"].as_str().unwrap().contains("2020年"), "{d:#}");
    let related = &d["related"][0];
    assert_eq!(related["path"], "2020-ziyang.txt");
    // The related range is 2020's 四、结转下年度继续办理 · 自然人 cell: the line after the label.
    let label_line = last
        .lines()
        .position(|l| l.starts_with("四、结转下年度继续办理"))
        .unwrap();
    assert_eq!(related["range"]["start"]["line"], label_line + 1);
    assert_eq!(related["range"]["start"]["character"], 0);
    // This year's cell: 二、上年结转 · 自然人.
    let this_line = last
        .lines()
        .position(|l| l.starts_with("二、上年结转"))
        .unwrap();
    assert_eq!(d["range"]["start"]["line"], this_line + 1);
}

#[test]
fn consecutive_reports_that_agree_give_nothing() {
    let dir = temp_dir("set-agree");
    let (_, this) = ziyang_pair(&dir);
    // 2021 takes over what 2020 carried (0), and writes its own section 五.
    let at = this
        .find("二、上年结转政府信息公开申请数量 |\n2 |")
        .unwrap();
    let mut fixed = this.clone();
    fixed.replace_range(
        at..at + "二、上年结转政府信息公开申请数量 |\n2 |".len(),
        "二、上年结转政府信息公开申请数量 |\n0 |",
    );
    let fixed = fixed.replacen(
        "二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n2 |",
        "二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |",
        1,
    );
    std::fs::write(dir.join("2021-ziyang.txt"), &fixed).unwrap();
    let files = check_json(&dir, &["2020-ziyang.txt", "2021-ziyang.txt"]);
    assert!(
        of_code(&files[1], "carry-over").is_empty(),
        "{:#}",
        files[1]
    );
}

#[test]
fn copied_sections_are_reported_on_the_section() {
    let dir = temp_dir("set-copied");
    let (_, this) = ziyang_pair(&dir);
    let files = check_json(&dir, &["2021-ziyang.txt", "2020-ziyang.txt"]);
    // Given in either order: 2021 is compared with 2020, never the other way round.
    assert!(of_code(&files[1], "copied-text").is_empty());
    let copied = of_code(&files[0], "copied-text");
    let lines: Vec<&str> = this.lines().collect();
    let starts: Vec<&str> = copied
        .iter()
        .map(|d| lines[d["range"]["start"]["line"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(
        starts,
        ["一、总体情况", "五、存在的主要问题及改进情况"],
        "{copied:#?}"
    );
    assert_eq!(copied[1]["related"][0]["path"], "2020-ziyang.txt");
}

#[test]
fn alone_or_with_another_issuer_nothing_is_compared() {
    let dir = temp_dir("set-alone");
    ziyang_pair(&dir);
    let files = check_json(&dir, &["2021-ziyang.txt"]);
    assert!(of_code(&files[0], "carry-over").is_empty());
    // Another issuer's 2020 report.
    let other = support::sample("2020-ziyang-government-office").replace("资阳市", "内江市");
    std::fs::write(dir.join("2020-neijiang.txt"), other).unwrap();
    let files = check_json(&dir, &["2021-ziyang.txt", "2020-neijiang.txt"]);
    assert!(of_code(&files[0], "carry-over").is_empty());
    assert!(of_code(&files[0], "copied-text").is_empty());
}

#[test]
fn the_pingtan_pages_of_three_years_agree() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let real = if real.exists() {
        real
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real")
    };
    let names = [
        "2019-pingtan-zone.html",
        "2020-pingtan-zone.html",
        "2021-pingtan-zone.html",
    ];
    if !names.iter().all(|n| real.join(n).exists()) {
        panic!("the Pingtan pages are not in {}", real.display());
    }
    // They are one issuer's three years (else nothing was compared): the region their
    // titles name (`平潭综合实验区2019年` / `政府信息公开工作年度报告`, or the page's <title>).
    let keys: Vec<_> = names
        .iter()
        .map(|n| {
            let bytes = std::fs::read(real.join(n)).unwrap();
            let doc = nianbao::read::read(&bytes, Some(nianbao::read::Format::Html)).unwrap();
            let analysis = nianbao::model::analyze(&doc.text);
            nianbao::set::key_of(&analysis, &Default::default(), || None).unwrap()
        })
        .collect();
    assert_eq!(keys[0].issuer, "平潭综合实验区");
    assert!(keys.iter().all(|k| k.issuer == keys[0].issuer), "{keys:?}");
    assert_eq!(
        keys.iter().map(|k| k.year).collect::<Vec<_>>(),
        [2019, 2020, 2021]
    );
    let files = check_json(&real, &names);
    for f in &files {
        for code in ["carry-over", "in-force-count", "copied-text"] {
            assert!(of_code(f, code).is_empty(), "{code}: {f:#}");
        }
    }
}

#[test]
fn in_force_count_follows_from_last_year() {
    let dir = temp_dir("set-in-force");
    let last = support::sample("2021-quanzhou-service-center");
    let this = last
        .replace("2021年", "2022年")
        .replace("2022年1月", "2023年1月");
    std::fs::write(dir.join("2021-quanzhou.txt"), &last).unwrap();
    // 行政规范性文件: 1 in force last year, 1 issued, 1 repealed: 1 in force, as written.
    std::fs::write(dir.join("2022-quanzhou.txt"), &this).unwrap();
    let files = check_json(&dir, &["2021-quanzhou.txt", "2022-quanzhou.txt"]);
    assert!(
        of_code(&files[1], "in-force-count").is_empty(),
        "{:#}",
        files[1]
    );
    // Written as 2: 1 + 1 − 1 = 1.
    let wrong = this.replacen(
        "行政规范性文件 |\n1 |\n1 |\n1 |",
        "行政规范性文件 |\n1 |\n1 |\n2 |",
        1,
    );
    assert_ne!(wrong, this);
    std::fs::write(dir.join("2022-quanzhou.txt"), &wrong).unwrap();
    let files = check_json(&dir, &["2021-quanzhou.txt", "2022-quanzhou.txt"]);
    let found = of_code(&files[1], "in-force-count");
    assert_eq!(found.len(), 1, "{:#}", files[1]);
    let line = wrong.lines().position(|l| l == "行政规范性文件 |").unwrap() + 3;
    assert_eq!(found[0]["range"]["start"]["line"], line);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("2 ") && message.contains("= 1"),
        "{message}"
    );
    // Related: last year's 现行有效件数 (in 2021's file), this year's 制发 and 废止.
    let related = found[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 3, "{related:#?}");
    assert_eq!(related[0]["path"], "2021-quanzhou.txt");
    assert!(related[1].get("path").is_none());
}

#[test]
fn standard_input_is_read_once_and_compared() {
    let dir = temp_dir("set-stdin");
    let last = support::sample("2021-quanzhou-service-center");
    let this = last
        .replace("2021年", "2022年")
        .replace("2022年1月", "2023年1月")
        .replacen(
            "行政规范性文件 |\n1 |\n1 |\n1 |",
            "行政规范性文件 |\n1 |\n1 |\n2 |",
            1,
        );
    std::fs::write(dir.join("2021-quanzhou.txt"), &last).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(&dir)
        .args(["check", "--format", "json", "-", "2021-quanzhou.txt"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(this.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let files: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Read for the set's keys and checked from the same reading: not an empty "-".
    assert_eq!(files[0]["year"], 2022, "{files:#}");
    assert_eq!(of_code(&files[0], "in-force-count").len(), 1, "{files:#}");
}
