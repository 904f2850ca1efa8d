//! The cross-year and narrative checks against generated chains of one
//! issuer's consecutive reports (`nianbao_corpus::chain`), run as a user runs
//! them: every file of a folder given to `nianbao check --format json` at once,
//! so that reports are grouped by issuer and year and each is compared with the
//! same issuer's previous year.
//!
//! - Every injected mistake is reported by its rule, in its file, on its line
//!   (for a finding about a whole section, on a line of that section; the
//!   heading is expected).
//! - Nothing else is: no finding of the cross-year and narrative rules above
//!   hint that is not expected, anywhere; and no error or warning of any other
//!   rule, but for those a mistake is known to cause (`Chain::incidental`: a
//!   title naming last year makes the report read as last year's, published
//!   late).
//!
//! The chains: clean chains over 2017–2023 (the 2008 statistics table, then the
//! 2019 and 2021 formats) in each text layout and one with the layout changing
//! every year, and one three-year chain for each mistake in each layout; every
//! issuer distinct, signing its name in the ways real issuers do.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use nianbao_corpus::chain::{chain_set, Chain, ChainExpected, CHAIN_CODES};
use serde_json::Value;

const SEED: u64 = 20261203;

/// A finding as the JSON output has it.
#[derive(Clone, Debug)]
struct Found {
    code: String,
    severity: String,
    line: usize,
    message: String,
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-chains-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes every chain's files to a fresh folder; runs `nianbao check --format
/// json` on all of them together; returns the findings by file name.
fn check_all(chains: &[Chain]) -> HashMap<String, Vec<Found>> {
    let dir = temp_dir();
    let mut paths = Vec::new();
    for chain in chains {
        for r in &chain.reports {
            let path = dir.join(r.file_name());
            std::fs::write(&path, &r.text).unwrap();
            paths.push(path);
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .args(&paths)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "nianbao check: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    let mut found = HashMap::new();
    for f in files.as_array().expect("an array of files") {
        let path = PathBuf::from(f["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(f.get("error").is_none(), "{name}: {}", f["error"]);
        let list: Vec<Found> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| Found {
                code: d["code"].as_str().unwrap().to_string(),
                severity: d["severity"].as_str().unwrap().to_string(),
                line: d["range"]["start"]["line"].as_u64().unwrap() as usize,
                message: d["message"].as_str().unwrap().to_string(),
            })
            .collect();
        found.insert(name, list);
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), paths.len(), "one result per file");
    found
}

fn listing(list: &[Found]) -> String {
    list.iter()
        .map(|f| format!("    {}:{} {} {}", f.line, f.severity, f.code, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How the findings compare with the ground truth.
struct Verdict {
    /// One entry per file that disagrees.
    wrong: Vec<String>,
    /// Expected findings found.
    matched: usize,
    /// Expected findings of rules not in `active`.
    skipped: usize,
}

/// Compares the findings of every file with its chain's ground truth: every
/// expected finding of the `active` codes is there (on a line it accepts), and
/// nothing else is reported — no finding above hint of the chain codes, no
/// error or warning of another rule — but a mistake's incidental findings.
fn judge(chains: &[Chain], found: &HashMap<String, Vec<Found>>, active: &[&str]) -> Verdict {
    let mut verdict = Verdict {
        wrong: Vec::new(),
        matched: 0,
        skipped: 0,
    };
    for chain in chains {
        for (i, r) in chain.reports.iter().enumerate() {
            let got = &found[&r.file_name()];
            let expected: Vec<&ChainExpected> =
                chain.expected.iter().filter(|e| e.report == i).collect();
            let incidental: Vec<&ChainExpected> =
                chain.incidental.iter().filter(|e| e.report == i).collect();
            let mut problems = Vec::new();
            for e in &expected {
                if !active.contains(&e.code) {
                    verdict.skipped += 1;
                    continue;
                }
                if got.iter().any(|f| f.code == e.code && e.accepts(f.line)) {
                    verdict.matched += 1;
                } else {
                    problems.push(format!(
                        "  missing {} on line {} (lines {:?})",
                        e.code, e.line, e.lines
                    ));
                }
            }
            for f in got {
                let reported = if CHAIN_CODES.contains(&f.code.as_str()) {
                    f.severity != "hint"
                } else {
                    f.severity == "error" || f.severity == "warning"
                };
                let known = expected
                    .iter()
                    .chain(&incidental)
                    .any(|e| e.code == f.code && e.accepts(f.line));
                if reported && !known {
                    problems.push(format!(
                        "  unexpected {} {} on line {}: {}",
                        f.severity, f.code, f.line, f.message
                    ));
                }
            }
            if !problems.is_empty() {
                verdict.wrong.push(format!(
                    "{} (chain {} {}, {}):\n{}\n  all findings:\n{}",
                    r.file_name(),
                    chain.index,
                    chain.key,
                    r.mistake.map_or("clean", |m| m.name()),
                    problems.join("\n"),
                    listing(got)
                ));
            }
        }
    }
    verdict
}

#[test]
fn chains_match_their_ground_truth() {
    // Every code the chains inject is a rule of the catalog.
    for code in CHAIN_CODES {
        assert!(
            nianbao::check::rule(code).is_some(),
            "{code}: not in the catalog"
        );
    }
    let active: Vec<&str> = CHAIN_CODES.to_vec();

    let chains = chain_set(SEED);
    let found = check_all(&chains);
    let files: usize = chains.iter().map(|c| c.reports.len()).sum();
    let injected: usize = chains.iter().map(|c| c.expected.len()).sum();
    let verdict = judge(&chains, &found, &active);
    eprintln!(
        "chain_accuracy: {} chains, {files} files, {injected} expected findings: {} found, {} skipped",
        chains.len(),
        verdict.matched,
        verdict.skipped
    );
    assert!(
        verdict.wrong.is_empty(),
        "{} files disagree with their ground truth:\n{}",
        verdict.wrong.len(),
        verdict.wrong.join("\n")
    );
}

/// The judgement itself, on findings made from the ground truth: perfect
/// findings pass; one missing, one on the wrong line, one extra of a chain
/// rule or an error of another rule fail; hints, and infos of other rules, do not.
#[test]
fn the_judgement_sees_missing_and_unexpected_findings() {
    let chains = chain_set(SEED);
    let finding = |code: &str, severity: &str, line: usize| Found {
        code: code.to_string(),
        severity: severity.to_string(),
        line,
        message: String::new(),
    };
    let mut perfect: HashMap<String, Vec<Found>> = HashMap::new();
    for chain in &chains {
        for (i, r) in chain.reports.iter().enumerate() {
            let list = chain
                .expected
                .iter()
                .chain(&chain.incidental)
                .filter(|e| e.report == i)
                .map(|e| finding(e.code, "warning", e.line))
                .collect();
            perfect.insert(r.file_name(), list);
        }
    }
    let total: usize = chains.iter().map(|c| c.expected.len()).sum();
    let v = judge(&chains, &perfect, &CHAIN_CODES);
    assert!(v.wrong.is_empty(), "{}", v.wrong.join("\n"));
    assert_eq!((v.matched, v.skipped), (total, 0));
    // Skipped, not failed, when the rule is not there yet.
    let v = judge(&chains, &perfect, &[]);
    assert!(v.wrong.is_empty());
    assert_eq!((v.matched, v.skipped), (0, total));

    let clean = chains[0].reports[4].file_name();
    let faulty = &chains.iter().find(|c| c.mistake.is_some()).unwrap();
    let e = &faulty.expected[0];
    let file = faulty.reports[e.report].file_name();
    type Change<'a> = Box<dyn Fn(&mut HashMap<String, Vec<Found>>) + 'a>;
    let cases: Vec<(&str, Change, usize)> = vec![
        (
            "missing",
            Box::new(|f| f.get_mut(&file).unwrap().clear()),
            1,
        ),
        (
            "wrong line",
            Box::new(|f| f.get_mut(&file).unwrap()[0].line = e.lines[0].1 + 1),
            1,
        ),
        (
            "extra chain finding",
            Box::new(|f| {
                f.get_mut(&clean)
                    .unwrap()
                    .push(finding("copied-text", "info", 3))
            }),
            1,
        ),
        (
            "extra error",
            Box::new(|f| {
                f.get_mut(&clean)
                    .unwrap()
                    .push(finding("row-total", "error", 40))
            }),
            1,
        ),
        (
            "hint and info",
            Box::new(|f| {
                let list = f.get_mut(&clean).unwrap();
                list.push(finding("enumeration", "hint", 3));
                list.push(finding("label-variant", "info", 3));
            }),
            0,
        ),
    ];
    for (what, change, wrong) in cases {
        let mut found = perfect.clone();
        change(&mut found);
        let v = judge(&chains, &found, &CHAIN_CODES);
        assert_eq!(v.wrong.len(), wrong, "{what}: {}", v.wrong.join("\n"));
    }
}
