//! Incremental checking gives exactly the findings of a fresh check of the
//! whole text, and takes the region path for edits inside one section.

use nianbao::check::{analyze_and_check, Config};
use nianbao::incremental::{Change, IncrementalCheck, Path};
use proptest::prelude::*;

fn samples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let text = nianbao::text::decode::decode(&std::fs::read(&p).unwrap())
                .unwrap()
                .text;
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    out
}

fn reference(text: &str) -> Vec<nianbao::check::Diagnostic> {
    analyze_and_check(text, &Config::default()).1
}

#[test]
fn whole_document_equals_check_and_is_regional() {
    for (name, text) in samples() {
        let inc = IncrementalCheck::new(text.as_str(), &Config::default());
        assert_eq!(inc.diagnostics(), reference(&text), "{name}");
        assert!(
            inc.is_regional(),
            "{name} cannot be checked region by region"
        );
        eprintln!("{name}: {} regions", inc.region_count());
    }
}

/// Replaces `range` of `text`, returning the new text and the change.
fn edit(text: &str, range: std::ops::Range<usize>, with: &str) -> (String, Change) {
    let mut new = text.to_string();
    new.replace_range(range.clone(), with);
    let change = Change {
        start: range.start,
        old_end: range.end,
        new_end: range.start + with.len(),
    };
    (new, change)
}

/// Byte ranges of every numeric value cell of every table.
fn number_cells(text: &str) -> Vec<std::ops::Range<usize>> {
    let analysis = nianbao::model::analyze(text);
    analysis
        .report
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .filter(|v| v.number().is_some())
        .filter_map(|v| v.range)
        .map(|r| r.start..r.end)
        .collect()
}

#[test]
fn typing_into_a_table_cell_rereads_one_section_and_equals_a_fresh_check() {
    let config = Config::default();
    for (name, text) in samples() {
        let cells = number_cells(&text);
        assert!(!cells.is_empty(), "{name}");
        let mut state = IncrementalCheck::new(text.as_str(), &config);
        let mut current = text.clone();
        let mut regional_edits = 0;
        // Every 7th number: overtype it with 9, then type a 1 after it, then delete that 1.
        for cell in cells.iter().step_by(7) {
            // Ranges were taken on the original text; each round restores it.
            for (range, with) in [
                (cell.clone(), "9".repeat(cell.len())),
                (cell.end..cell.end, "1".to_string()),
                (cell.end..cell.end + 1, String::new()),
            ] {
                let (next, change) = edit(&current, range, &with);
                state = state.update(next.as_str(), change, &config);
                assert_eq!(state.diagnostics(), reference(&next), "{name} at {cell:?}");
                if state.path() == Path::Region {
                    regional_edits += 1;
                }
                current = next;
            }
            let original = text[cell.clone()].to_string();
            let (next, change) = edit(&current, cell.clone(), &original);
            state = state.update(next.as_str(), change, &config);
            current = next;
            assert_eq!(current, text);
            assert_eq!(state.diagnostics(), reference(&current), "{name}");
        }
        let edits = cells.iter().step_by(7).count() * 3;
        eprintln!("{name}: {regional_edits} of {edits} edits read one region");
        // Zhaotong's and yanzhou's first table carries a report-wide finding; edits there read
        // the whole report.
        assert!(
            regional_edits * 2 >= edits,
            "{name}: only {regional_edits} of {edits} edits were regional"
        );
    }
}

#[test]
fn editing_a_heading_or_the_year_reads_the_whole_document() {
    let config = Config::default();
    let (_, text) = samples()
        .into_iter()
        .find(|(n, _)| n.contains("quanzhou"))
        .unwrap();
    let state = IncrementalCheck::new(text.as_str(), &config);
    // Break section 三's heading.
    let at = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let (next, change) = edit(&text, at..at + "三、".len(), "");
    let after = state.update(next.as_str(), change, &config);
    assert_eq!(after.path(), Path::Whole);
    assert_eq!(after.diagnostics(), reference(&next));
    assert!(after
        .diagnostics()
        .iter()
        .any(|d| d.code == "missing-section"));
    // Change the year in the title: the template in force changes.
    let at = text.find("2021").unwrap();
    let (next, change) = edit(&text, at..at + 4, "2018");
    let after = state.update(next.as_str(), change, &config);
    assert_eq!(after.path(), Path::Whole);
    assert_eq!(after.diagnostics(), reference(&next));
    // A change that does not fit the text is not trusted.
    let bogus = Change {
        start: 0,
        old_end: 0,
        new_end: 5,
    };
    let after = state.update(text.as_str(), bogus, &config);
    assert_eq!(after.path(), Path::Whole);
    assert_eq!(after.diagnostics(), reference(&text));
}

/// A report followed by megabytes of prose, and several reports pasted into one document:
/// an edit in a table reads one region.
#[test]
fn large_documents_read_one_region_per_table_edit() {
    let config = Config::default();
    let (_, report) = samples()
        .into_iter()
        .find(|(n, _)| n.contains("linyi"))
        .unwrap();
    let prose =
        "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求。\n";
    let long = format!("{report}{}", prose.repeat(20_000));
    let pasted = [report.as_str(); 4].join("\n");
    for text in [long, pasted] {
        let state = IncrementalCheck::new(text.as_str(), &config);
        assert!(state.is_regional());
        let cells = number_cells(&report);
        // A total cell of the applications table (section 三), in the first report.
        let cell = cells[cells.len() / 2].clone();
        let (next, change) = edit(&text, cell.clone(), "7");
        let after = state.update(next.as_str(), change, &config);
        assert_eq!(after.path(), Path::Region);
        assert_eq!(after.diagnostics(), reference(&next));
    }
}

#[derive(Clone, Debug)]
enum Op {
    Insert(usize, String),
    Delete(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let piece = prop_oneof![
        Just("0".to_string()),
        Just("12".to_string()),
        Just("|".to_string()),
        Just("\n".to_string()),
        Just("合计".to_string()),
        Just("𠀀".to_string()),
        Just("三、收到和处理政府信息公开申请情况\n".to_string()),
        Just("2020年12月31日\n".to_string()),
        "[0-9|\n一二三 ]{1,6}",
    ];
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, s)| Op::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Op::Delete(at, n)),
    ]
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// After every edit of a random sequence, the incremental findings equal a fresh check.
    #[test]
    fn random_edits_equal_a_fresh_check(sample in 0usize..5, ops in prop::collection::vec(op(), 1..12)) {
        let config = Config::default();
        let (_, mut text) = samples().swap_remove(sample);
        let mut state = IncrementalCheck::new(text.as_str(), &config);
        for op in ops {
            let (range, with) = match op {
                Op::Insert(at, s) => {
                    let at = floor_boundary(&text, at % (text.len() + 1));
                    (at..at, s)
                }
                Op::Delete(at, n) => {
                    let a = floor_boundary(&text, at % (text.len() + 1));
                    let b = floor_boundary(&text, a + n);
                    (a..b, String::new())
                }
            };
            let (next, change) = edit(&text, range, &with);
            state = state.update(next.as_str(), change, &config);
            prop_assert_eq!(state.diagnostics(), reference(&next));
            text = next;
        }
    }
}
