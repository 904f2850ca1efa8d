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
use nianbao_corpus::{
    corpus_spec, corpus_spec_in, generate, Expected, Form, Mistake, Quirk, Report, Spec, LAYOUTS,
};

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

// ---------------------------------------------------------------------------
// The forms reports are published and drafted in: HTML pages, Word .docx
// drafts, PDF text layers.

/// The forms that are not a text layout: their lines do not carry over, so a
/// report in one of them is judged against the same report in Markdown.
const OTHER_FORMS: [Form; 3] = [Form::Html, Form::Docx, Form::Spaced];

/// Findings as (code, message), sorted: a multiset.
fn coded(text: &str) -> Vec<(String, String)> {
    let (_, diags) = analyze_and_check(text, &Config::default());
    let mut out: Vec<(String, String)> = diags
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    out.sort();
    out
}

/// The findings of a report in another form, read as nianbao reads its file.
fn form_findings(report: &Report) -> Result<Vec<(String, String)>, String> {
    let doc = nianbao::read::read(report.file(), Some(report.form.format()))
        .map_err(|e| e.message(nianbao::lang::Lang::En))?;
    Ok(coded(&doc.text))
}

/// Checks reports of the other forms: their findings must be those of the
/// same report in Markdown, as (code, message) multisets, and their codes
/// those of the ground truth. One line per report that disagrees.
fn form_disagreements(reports: impl Iterator<Item = Report>) -> Vec<String> {
    let mut wrong = Vec::new();
    for report in reports {
        assert!(report.form.layout().is_none(), "{}", report.name);
        let markdown = coded(&report.text);
        let mut truth: Vec<&str> = report.expected.iter().map(|e| e.code).collect();
        truth.sort_unstable();
        let got = match form_findings(&report) {
            Ok(got) => got,
            Err(e) => {
                wrong.push(format!("{}: not read: {e}", report.name));
                continue;
            }
        };
        let mut codes: Vec<&str> = got.iter().map(|(c, _)| c.as_str()).collect();
        codes.sort_unstable();
        if got != markdown || codes != truth {
            let only = |a: &[(String, String)], b: &[(String, String)]| {
                let mut b = b.to_vec();
                a.iter()
                    .filter(|x| match b.iter().position(|y| y == *x) {
                        Some(i) => {
                            b.remove(i);
                            false
                        }
                        None => true,
                    })
                    .map(|(c, m)| format!("    {c}: {m}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            wrong.push(format!(
                "{}: ground truth {truth:?}\n  {} gives {codes:?}\n  only in {}:\n{}\n  only in Markdown:\n{}",
                report.name,
                report.form.name(),
                report.form.name(),
                only(&got, &markdown),
                only(&markdown, &got),
            ));
        }
    }
    wrong
}

fn assert_agree(wrong: Vec<String>) {
    assert!(
        wrong.is_empty(),
        "{} reports:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The known checker failures ([`Quirk`]): avoided where they can be, so
/// that everything else is tested; each has an ignored reproducer below.
/// The quirks nianbao is known to misread (each has its `known_bug_*` test below); the
/// others are in the generated corpus the accuracy tests read.
const KNOWN: [Quirk; 5] = [
    Quirk::TitleOnlyInChrome,
    Quirk::UnofficialHeaderLabel,
    Quirk::WrappedSectionWords,
    Quirk::BlankMark,
    Quirk::StatisticsTable,
];

/// Reports of the other forms that are tested: those whose quirks could all be
/// avoided (a 2008 statistics table in a text layer cannot be, nor a column
/// label's variant in a text layer's header).
fn testable(report: &Report) -> bool {
    report.quirks.iter().all(|q| !KNOWN.contains(q))
}

fn other_form_reports(specs: impl Iterator<Item = (u64, Spec)>) -> (Vec<Report>, usize) {
    let mut skipped = 0;
    let reports = specs
        .map(|(i, spec)| {
            generate(
                SEED,
                i,
                &Spec {
                    avoid: KNOWN.to_vec(),
                    ..spec
                },
            )
        })
        .filter(|r| {
            let keep = testable(r);
            skipped += usize::from(!keep);
            keep
        })
        .collect();
    (reports, skipped)
}

#[test]
fn clean_reports_in_other_forms_have_no_findings() {
    let mut specs = Vec::new();
    let mut index = 20_000;
    for form in OTHER_FORMS {
        for t in &Templates::builtin().templates {
            for _ in 0..6 {
                let spec = Spec {
                    template: Some(t.id.clone()),
                    form: Some(form),
                    ..Spec::default()
                };
                specs.push((index, spec));
                index += 1;
            }
        }
    }
    let (reports, skipped) = other_form_reports(specs.into_iter());
    // Only the 2008 text layers (6) are not tested.
    assert_eq!(skipped, 6);
    assert_agree(form_disagreements(reports.into_iter()));
}

#[test]
fn each_mistake_in_other_forms_gives_the_markdown_findings() {
    let mut specs = Vec::new();
    let mut index = 30_000;
    for mistake in Mistake::ALL {
        for t in &Templates::builtin().templates {
            for form in OTHER_FORMS {
                let spec = Spec {
                    template: Some(t.id.clone()),
                    form: Some(form),
                    mistake: Some(mistake),
                    ..Spec::default()
                };
                specs.push((index, spec));
                index += 1;
            }
        }
    }
    let (reports, _) = other_form_reports(specs.into_iter());
    // Every mistake is tested in every other form, but subset-exceeds in a text
    // layer: only the 2008 statistics table has subsets.
    for form in OTHER_FORMS {
        for mistake in Mistake::ALL {
            if (form, mistake) == (Form::Spaced, Mistake::SubsetExceeds) {
                continue;
            }
            assert!(
                reports
                    .iter()
                    .any(|r| r.form == form && r.mistake == Some(mistake)),
                "{mistake:?} in {form:?}"
            );
        }
    }
    assert_agree(form_disagreements(reports.into_iter()));
}

/// The corpus as `gen_corpus --mistakes` writes it, in every form (the known
/// quirks avoided).
#[test]
fn mixed_corpus_in_every_form_matches() {
    let (text, other): (Vec<Report>, Vec<Report>) = (0..108)
        .map(|i| {
            let spec = Spec {
                avoid: KNOWN.to_vec(),
                ..corpus_spec_in(i, true, &Form::ALL)
            };
            generate(11, i, &spec)
        })
        .filter(testable)
        .partition(|r| r.form.layout().is_some());
    let mut wrong = disagreements(text.into_iter());
    wrong.extend(form_disagreements(other.into_iter()));
    assert_agree(wrong);
}

// ---------------------------------------------------------------------------
// Checker failures the other forms found: one reproducer per quirk, ignored
// until fixed (`cargo test --test corpus_accuracy -- --ignored` shows them
// failing). Each checks the first reports of its kind that have the quirk,
// every other known quirk avoided.

fn reproduce_quirk(quirk: Quirk, form: Form, template: &str, mistake: Option<Mistake>) {
    let avoid: Vec<Quirk> = KNOWN.iter().copied().filter(|q| *q != quirk).collect();
    let reports: Vec<Report> = (40_000..40_300)
        .map(|i| {
            let spec = Spec {
                template: Some(template.to_string()),
                form: Some(form),
                mistake,
                avoid: avoid.clone(),
            };
            generate(SEED, i, &spec)
        })
        .filter(|r| r.quirks.contains(&quirk))
        .take(12)
        .collect();
    assert!(!reports.is_empty(), "no report with {quirk:?}");
    assert_agree(form_disagreements(reports.into_iter()));
}

/// An HTML page whose report title is only in its chrome (`<title>`, the
/// `<h1>` above the article) while the article opens with `本报告根据《条例》
/// 要求编制…`: the reader adds the page title to the reading only when the
/// article's first 400 bytes do not contain 报告, so the title — the only
/// place the year is stated — is dropped: unknown-year (and nothing that
/// depends on the year: the template in force, late-publication).
#[test]
#[ignore = "checker bug: page title dropped when the article's opening contains 报告"]
fn known_bug_html_title_only_in_chrome() {
    reproduce_quirk(Quirk::TitleOnlyInChrome, Form::Html, "2021", None);
}

/// A text layer's wrapped label with its values on its first line (Word's
/// top-aligned cells): `1.本机关不掌握相关政府 0 0 0 0 0 0 0` / `信息`. The
/// second piece is not joined to the first (joins skip a line of values only
/// between pieces): label-typo on the first piece, and with a long label
/// missing-row and unknown-row for its pieces.
#[test]
fn spaced_values_on_first_line_are_read() {
    reproduce_quirk(Quirk::ValuesOnFirstLine, Form::Spaced, "2021", None);
}

/// A merged group label on the first line of a wrapped row label whose
/// values come later: `（四）无法提供 1.本机关不掌握相关政府` / `信息 26 2 0 …`.
/// The first line is joined to the next as one label: unknown-row
/// `（四）无法提供 1.本机关不掌握相关政府 信息` and missing-row.
#[test]
fn spaced_group_on_wrapped_label_is_read() {
    reproduce_quirk(Quirk::GroupOnWrappedLabel, Form::Spaced, "2019", None);
}

/// Section 四 in a text layer, its header rows on whole lines
/// (`行政复议 行政诉讼` / `结果维持 结果纠正 … 未经复议直接起诉 复议后起诉` / …) or
/// torn into pieces (`结果 结果 其他 尚未` / `维持 纠正 结果 审结`), then its
/// fifteen numbers: no header line is one label by itself, so no label of the
/// table is recognised and the numbers are not read. With a label of five
/// characters or more in the text (未经复议直接起诉), unreadable-table;
/// otherwise silently — a mistake in the table is not reported. (The real
/// hongze text layer is read only thanks to its line `总 计`.)
#[test]
fn spaced_appeals_header_without_label_line_is_read() {
    reproduce_quirk(
        Quirk::AppealsHeaderWithoutLabelLine,
        Form::Spaced,
        "2021",
        Some(Mistake::RowTotal),
    );
}

/// A mistyped label wrapped in a text layer
/// (`(二)不分公开(区分处理的,只计这一情形,不` / `计其他情形) 0 0 …`): pieces are
/// joined only while they are the start of an official label, so a typo's
/// pieces are not joined: missing-row for the row and unknown-row for its
/// last piece (or label-typo on a truncated label, missing-value and
/// unknown-row) instead of one label-typo.
#[test]
#[ignore = "checker bug: a wrapped label with a typo (以获取) in its later piece, beside the other text-layer quirks, is not joined (2 of 300 reports)"]
fn known_bug_spaced_wrapped_unofficial_label() {
    reproduce_quirk(
        Quirk::WrappedUnofficialLabel,
        Form::Spaced,
        "2021",
        Some(Mistake::LabelTypo),
    );
}

/// A label wrapped onto four lines (2021's `1.申请人无正当理由逾期不补正、
/// 行政机关不再处理其政府信息公开申请` in a column ten characters wide): three
/// pieces are joined, four are not: missing-row (and its values lost or
/// unplaced).
#[test]
fn spaced_long_wrapped_label_is_read() {
    reproduce_quirk(Quirk::LongWrappedLabel, Form::Spaced, "2021", None);
}

/// A column label's variant in a text layer's header (`信息内容 采购项目数量
/// 采购金额`, `商业 科研` / `机构 机构`): a header line of several labels is one
/// prose line, not cells, so no column label is read from it and the
/// label-variant finding is lost. Written one cell per line instead, the
/// proactive block's row after it is missed (missing-row `第二十条第（九）项
/// 政府集中采购`).
#[test]
#[ignore = "checker bug: labels on a text layer's header line are not read"]
fn known_bug_spaced_unofficial_header_label() {
    reproduce_quirk(
        Quirk::UnofficialHeaderLabel,
        Form::Spaced,
        "2019",
        Some(Mistake::LabelVariant),
    );
}

/// Section 一 missing, and the preamble wrapped so that a line reads
/// `本报告根据《中华人民共和国政府信息公开条例》要求编制，由总体情况、`: looking for
/// headings by their key words, the checker takes that line (40 characters
/// at most) for section 一's heading: section-numbering instead of
/// missing-section.
#[test]
#[ignore = "checker bug: a wrapped prose line with a section's words taken for its heading"]
fn known_bug_spaced_wrapped_section_words() {
    reproduce_quirk(
        Quirk::WrappedSectionWords,
        Form::Spaced,
        "2019",
        Some(Mistake::MissingSection),
    );
}

/// A blank value's mark in a text layer where it stands alone among
/// numbers: section 四's line `5 2 0 74 / 0 0 1 24 25 150 0 97 68 315` is not
/// a row (a line of numbers and nothing else is, a `/` is no number), so the
/// table is not read (unreadable-table); a one-value row `行政事业性收费 /` is
/// prose (label-typo `行政事业性收费/`).
#[test]
#[ignore = "checker bug: a blank mark among a text layer's numbers"]
fn known_bug_spaced_blank_mark() {
    reproduce_quirk(
        Quirk::BlankMark,
        Form::Spaced,
        "2021",
        Some(Mistake::MissingValue),
    );
}

/// The 2008 statistics table in a text layer: its heading rows without
/// values (`一、主动公开情况`) and wrapped labels are lines of prose, and a
/// one-value row whose label (with its unit) is longer than 24 characters is
/// no row (`（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） 条 120`); the
/// table outside the sections is cut at each such line into many tables:
/// dozens of missing-row, label-typo (`八、依申请公开信息收取的费用万元`),
/// unknown-row findings on a clean report.
#[test]
#[ignore = "checker bug: the 2008 statistics table is not read from a text layer"]
fn known_bug_spaced_statistics_table() {
    reproduce_quirk(Quirk::StatisticsTable, Form::Spaced, "2008", None);
}

/// Section 六 missing while its one-line text stays
/// (`2020年，丽水区人民政府未发生收取信息处理费的情况，无其他需要报告的事项。`): a line of
/// 40 characters at most holding 六's key words (其他需要报告) is taken for 六's
/// heading, and section-numbering is reported instead of missing-section. In
/// every form, the Markdown text included (report 273 of the corpus of seed
/// 99 in HTML; its Markdown text is checked here).
#[test]
#[ignore = "checker bug: the text of a missing last section taken for its heading"]
fn known_bug_missing_last_section_text_taken_for_its_heading() {
    let report = generate(99, 273, &corpus_spec_in(273, true, &[Form::Html]));
    assert_eq!(report.mistake, Some(Mistake::MissingSection));
    assert_agree(disagreements(std::iter::once(report)));
}

/// `nianbao check DIR` takes only `.txt` and `.md` files from a folder
/// (src/cli/input.rs), although `nianbao check FILE` reads `.html` and
/// `.docx`: the pages and drafts of a generated folder are not checked.
#[test]
fn check_folder_reads_html_and_docx() {
    let dir = std::env::temp_dir().join(format!("nianbao-forms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, form) in [Form::Html, Form::Docx].into_iter().enumerate() {
        let spec = Spec {
            form: Some(form),
            ..Spec::default()
        };
        let r = generate(SEED, 50_000 + i as u64, &spec);
        std::fs::write(dir.join(format!("{}.{}", r.name, r.extension())), r.file()).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(".html") && stdout.contains(".docx"),
        "{stdout}"
    );
}
