//! The checker against the synthetic corpus (`nianbao_corpus`): a few hundred
//! reports across the three template generations and the three layouts.
//!
//! - A clean report yields no finding at all, of any severity (hints included:
//!   the generator writes official labels and headings only).
//! - A report with one injected mistake yields exactly the findings written
//!   beside it: the same codes at the same lines (0-based), nothing else.

use nianbao::check::{analyze_and_check, Config};
use nianbao::template::Templates;
use nianbao::text::PositionEncoding;
use nianbao_corpus::{corpus_spec, generate, Expected, Mistake, Report, Spec, LAYOUTS};

const SEED: u64 = 20261121;

/// The findings of the checker as (code, line), sorted like `Report::expected`.
fn findings(report: &Report) -> Vec<Expected> {
    let (analysis, diags) = analyze_and_check(&report.text, &Config::default());
    let mut out: Vec<Expected> = diags
        .iter()
        .map(|d| Expected {
            code: d.code,
            line: analysis
                .line_index
                .position(&report.text, d.range.start, PositionEncoding::Utf16)
                .line as usize,
        })
        .collect();
    out.sort();
    out
}

fn listing(report: &Report) -> String {
    let (analysis, diags) = analyze_and_check(&report.text, &Config::default());
    diags
        .iter()
        .map(|d| {
            let p =
                analysis
                    .line_index
                    .position(&report.text, d.range.start, PositionEncoding::Utf16);
            format!(
                "  {}:{} {} {}: {}",
                p.line,
                p.character,
                d.severity.as_str(),
                d.code,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks each report; returns one line per report that disagrees.
fn disagreements(reports: impl Iterator<Item = Report>) -> Vec<String> {
    let mut wrong = Vec::new();
    for report in reports {
        let got = findings(&report);
        if got != report.expected {
            wrong.push(format!(
                "{}: expected {:?}\n  got {:?}\n{}",
                report.name,
                report
                    .expected
                    .iter()
                    .map(|e| (e.code, e.line))
                    .collect::<Vec<_>>(),
                got.iter().map(|e| (e.code, e.line)).collect::<Vec<_>>(),
                listing(&report)
            ));
        }
    }
    wrong
}

#[test]
fn clean_reports_have_no_findings() {
    let reports = (0..180).map(|i| generate(SEED, i, &corpus_spec(i, false)));
    let wrong = disagreements(reports);
    assert!(
        wrong.is_empty(),
        "{} reports:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn each_mistake_yields_its_findings_in_every_generation_and_layout() {
    let templates = Templates::builtin();
    let mut reports = Vec::new();
    let mut index = 10_000;
    for mistake in Mistake::ALL {
        for t in &templates.templates {
            for layout in LAYOUTS {
                let spec = Spec {
                    template: Some(t.id.clone()),
                    form: Some(layout.into()),
                    mistake: Some(mistake),
                    ..Spec::default()
                };
                reports.push(generate(SEED, index, &spec));
                index += 1;
            }
        }
    }
    // Every report names its mistake's finding.
    for r in &reports {
        let m = r.mistake.unwrap();
        assert!(
            r.expected.iter().any(|e| e.code == m.code()),
            "{}: {:?}",
            r.name,
            r.expected
        );
    }
    let wrong = disagreements(reports.into_iter());
    assert!(
        wrong.is_empty(),
        "{} reports:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The corpus as `gen_corpus --mistakes` writes it (every other report with a
/// mistake, the rules in turn), under another seed.
#[test]
fn mixed_corpus_matches_its_ground_truth() {
    let reports = nianbao_corpus::corpus(7, 120, true);
    let wrong = disagreements(reports);
    assert!(
        wrong.is_empty(),
        "{} reports:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Checker bugs the corpus found, one reproducer each (`corpus(1, …, true)`,
/// i.e. `gen_corpus --seed 1 --count 5000 --mistakes`). Ignored until fixed:
/// `cargo test --test corpus_accuracy -- --ignored` shows them failing.
fn reproduce(index: u64) -> Vec<String> {
    disagreements(std::iter::once(generate(
        1,
        index,
        &corpus_spec(index, true),
    )))
}

/// One cell per line with an empty-cell line `|` after every header and row
/// (the ziyang sample's style), and one value of section 四's unlabelled row
/// left blank (` |`): the padding line before the row is read as the row's
/// first (blank) value, the values shift by one, and the checker reports
/// missing-value on the padding line plus extra-value (and row-total)
/// instead of one missing-value on the blank cell. Also 209, 2657.
#[test]
#[ignore = "checker bug: padding line read as section 四's first value"]
fn known_bug_blank_value_in_padded_appeals_row() {
    let wrong = reproduce(73);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The 2008 statistics table repeats labels across blocks (`（二）被依法纠错数`
/// under 四、五 and 六). A row written twice in 四 is aligned to the next
/// block's row of the same label, although 五's heading row stands between:
/// missing-row, column-total and duplicate-row on 五/六's rows instead of one
/// duplicate-row. In every layout: 2187 (cell per line), 4737 (row per line),
/// 3003 (Markdown).
#[test]
#[ignore = "checker bug: repeated 2008 labels aligned across blocks"]
fn known_bug_duplicate_row_with_label_repeated_in_later_block() {
    let mut wrong = Vec::new();
    for index in [2187, 4737, 3003] {
        wrong.extend(reproduce(index));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
