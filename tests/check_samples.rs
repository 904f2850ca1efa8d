//! The exact findings for each sample report in `examples/reports/` (copies of
//! `shared/corpus/`), pinned as snapshots: code, severity, line:column (1-based,
//! UTF-16 columns) and message; and for each, what fixing does.

mod support;

use nianbao::check::{analyze_and_check, Config, Diagnostic, Lang};
use nianbao::text::PositionEncoding;
use support::sample;

fn findings(text: &str, config: &Config) -> (Vec<Diagnostic>, String) {
    let (analysis, diags) = analyze_and_check(text, config);
    let mut out = String::new();
    for d in &diags {
        let p = analysis
            .line_index
            .position(text, d.range.start, PositionEncoding::Utf16);
        let fixes: Vec<String> = d
            .fixes
            .iter()
            .map(|f| format!("{} [{}]", f.title, f.applicability.as_str()))
            .collect();
        out.push_str(&format!(
            "{}:{} {} {}: {}{}\n",
            p.line + 1,
            p.character + 1,
            d.severity.as_str(),
            d.code,
            d.message,
            if fixes.is_empty() {
                String::new()
            } else {
                format!("\n    fix: {}", fixes.join(" | "))
            }
        ));
    }
    (diags, out)
}

fn zh() -> Config {
    Config::default()
}

fn en() -> Config {
    Config {
        lang: Lang::En,
        ..Config::default()
    }
}

macro_rules! pin_sample {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let text = sample($file);
            insta::assert_snapshot!(concat!(stringify!($test), "_zh"), findings(&text, &zh()).1);
            insta::assert_snapshot!(concat!(stringify!($test), "_en"), findings(&text, &en()).1);
        }
    };
}

pin_sample!(yanzhou_2017, "2017-yanzhou-enforcement-bureau");
pin_sample!(zhaotong_2018, "2018-zhaotong-services-bureau");
pin_sample!(linyi_2020, "2020-linyi-approval-bureau");
pin_sample!(ziyang_2020, "2020-ziyang-government-office");
pin_sample!(quanzhou_2021, "2021-quanzhou-service-center");

/// Every fix, applied alone and checked again: its finding is gone and no new
/// error appears. (Over the samples and over a report with one dropped row of
/// each table, so that every fixing rule is exercised.)
#[test]
fn every_fix_clears_its_finding_without_new_errors() {
    use nianbao::check::fix::apply_edits;
    use nianbao::check::Severity;
    let mut texts: Vec<String> =
        std::fs::read_dir(format!("{}/examples/reports", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
    // Drop rows from the ziyang sample (cell-per-line) and the zhaotong one (row-per-line).
    let ziyang = sample("2020-ziyang-government-office");
    texts.push(ziyang.replacen("2.重复申请 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n", "", 1));
    let zhaotong = sample("2018-zhaotong-services-bureau");
    texts.push(zhaotong.replacen("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", "", 1));
    texts.push(zhaotong.replacen("四、政府信息公开行政复议、行政诉讼情况\n", "", 1));
    let mut fixes_tried = 0;
    for text in &texts {
        let (before, _) = findings(text, &zh());
        for d in &before {
            for fix in &d.fixes {
                let (fixed, skipped) = apply_edits(text, &fix.edits);
                assert!(skipped.is_empty(), "{}: overlapping edits", d.code);
                let (after, listing) = findings(&fixed, &zh());
                fixes_tried += 1;
                let same = |a: &Diagnostic| a.code == d.code && a.message == d.message;
                assert!(
                    !after.iter().any(same),
                    "fix “{}” left {}: {}\n{listing}",
                    fix.title,
                    d.code,
                    d.message
                );
                let errors =
                    |ds: &[Diagnostic]| ds.iter().filter(|x| x.severity == Severity::Error).count();
                // A fix may leave (different) errors the text already had, but never adds one.
                assert!(
                    errors(&after) <= errors(&before),
                    "fix “{}” for {} added an error:\n{listing}",
                    fix.title,
                    d.code
                );
            }
        }
    }
    // 28: Linyi's blank applicant columns are one finding with one fix (they were 21 and
    // 16 fixes, one per row).
    assert!(fixes_tried >= 28, "only {fixes_tried} fixes tried");
}
