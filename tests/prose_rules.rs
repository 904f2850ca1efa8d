//! The rules that read the report's prose — `narrative-mismatch`, `enumeration`,
//! `problems-section`, `fee-statement` — on fixtures that trigger them and fixtures that must
//! not, made from the sample reports and the real ones by mutating their prose, in each layout
//! where layout matters: the tables one row per line (the zhaotong sample brought to a clean
//! 2019 report), one cell per line (ziyang, linyi, quanzhou), Markdown (generated), a PDF's text
//! layer with its lines wrapped anywhere (hongze) and a published HTML page (pingtan 2021,
//! findings put on the page's source). Each case pins the findings of these four rules (code and
//! severity) and a snapshot of them (place, the text under the range, message).

use nianbao::check::{analyze_and_check, check_source, Config, Lang};
use nianbao::read::Format;
use nianbao::text::{LineIndex, PositionEncoding};

const PROSE_RULES: [&str; 4] = [
    "narrative-mismatch",
    "enumeration",
    "problems-section",
    "fee-statement",
];

mod support;

use support::{
    clean_row_per_line as row_per_line, markdown_report, mutate, repo_file as read, sample, CellFn,
};

/// A Markdown report in template `tid` for `year` with values from `value`, prose in every
/// section: `intro` in section 一, real problems and improvements in 五, a fee statement in 六
/// (for the 2021 format).
fn markdown(tid: &str, year: i32, intro: &str, value: &CellFn) -> String {
    let prose = |number| {
        match number {
        1 => format!("{year}年，本局依法做好政府信息公开工作。{intro}"),
        5 => "### （一）存在的主要问题\n\n政策解读形式还不够丰富。\n\n### （二）改进措施\n\n下一步将加强政策解读，丰富解读形式。".to_string(),
        6 if tid == "2021" => FEE_SIX.to_string(),
        6 => "无。".to_string(),
        _ => format!("{year}年，本局依法做好政府信息公开工作。"),
    }
    };
    markdown_report(tid, year, &prose, value)
}

/// Section 三 of a 2021 Markdown report with 5 new applications from natural persons, 3
/// granted, 2 not processed as fee notices went unpaid.
fn md_2021(intro: &str) -> String {
    markdown("2021", 2021, intro, &|def, _, r, c| {
        if def.kind != nianbao::template::TableKind::Applications || !(c == 0 || c == 6) {
            return "0".into();
        }
        match r.id.as_str() {
            "new" | "total" => "5".into(),
            "open" => "3".into(),
            "other_handling_2" => "2".into(),
            _ => "0".into(),
        }
    })
}

/// Section 六 of the generated 2021 reports: the fee, and the requests dropped for a fee not
/// paid (section 三's （六）2 is 2).
const FEE_SIX: &str =
    "本年度向申请人发出收费通知2件，申请人逾期未缴纳费用，不再处理其申请，未收取信息处理费。";

const W: (&str, &str) = ("narrative-mismatch", "warning");
const I: (&str, &str) = ("narrative-mismatch", "info");

/// A Markdown report whose section 三 table lost its numbers and grid: only some of its row
/// labels are left, one a line (`1.信访举报投诉类申请` / `2.重复申请` / `5.要求…`), as a PDF's
/// text read out of order leaves them. The table is unreadable; its labels are not a list.
fn labels_only_in_section_three(md: &str) -> String {
    let start = md.find("## 三、").unwrap();
    let end = md.find("## 四、").unwrap();
    let labels = "## 三、收到和处理政府信息公开申请情况\n\n申请人情况\n自然人\n（五）不予处理\n\
                  1.信访举报投诉类申请\n2.重复申请\n5.要求行政机关确认或重新出具已获取信息\n（六）其他处理\n\n";
    format!("{}{labels}{}", &md[..start], &md[end..])
}

struct Case {
    name: &'static str,
    text: String,
    format: Format,
    /// The findings of the prose rules: (code, severity), in document order.
    expect: &'static [(&'static str, &'static str)],
}

fn case(name: &'static str, text: String, expect: &'static [(&'static str, &'static str)]) -> Case {
    Case {
        name,
        text,
        format: Format::Text,
        expect,
    }
}

fn cases() -> Vec<Case> {
    let row = row_per_line();
    let cell = sample("2020-ziyang-government-office");
    let linyi = sample("2020-linyi-approval-bureau");
    let quanzhou = sample("2021-quanzhou-service-center");
    let hongze = read("tests/real/2023-hongze-district.txt");
    let pingtan = read("tests/real/2021-pingtan-zone.html");
    let ziyang_sentence = "共收到和办理依申请公开19件,其中上年结转政府信息公开申请数量2件、";
    let mut cases = vec![
        // The bases: nothing from these rules.
        case("clean_row", row.clone(), &[]),
        case("clean_cell", cell.clone(), &[]),
        case("clean_cell_2021", quanzhou.clone(), &[]),
        case("clean_linyi", linyi.clone(), &[]),
        case("clean_md_2021", md_2021(""), &[]),
        case("clean_wrapped", hongze.clone(), &[]),
        Case {
            name: "clean_html",
            text: pingtan.clone(),
            format: Format::Html,
            expect: &[],
        },
        // narrative-mismatch: the table's quantities.
        case("new_applications_row", mutate(&row, "一、总体情况\n", "一、总体情况\n（六）依申请公开情况。2019年，本局共收到政府信息公开申请3件，均已办结。\n"), &[W]),
        case("none_received_row", mutate(&row, "一、总体情况\n", "一、总体情况\n（六）依申请公开情况。2019年，本局未收到政府信息公开申请，未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。\n"), &[]),
        case("received_with_carried_cell", mutate(&cell, "共收到和办理依申请公开19件", "共收到和办理依申请公开21件"), &[W]),
        case("chinese_numeral_agrees_cell", mutate(&cell, "共收到和办理依申请公开19件", "共收到和办理依申请公开十九件"), &[]),
        case("chinese_numeral_differs_cell", mutate(&cell, "共收到和办理依申请公开19件", "共收到和办理依申请公开二十一件"), &[W]),
        case("appeals_cell", mutate(&cell, "行政复议及行政诉讼案件0件", "行政复议及行政诉讼案件2件"), &[W]),
        case("new_is_new_plus_carried_cell", mutate(&cell, ziyang_sentence, "共收到依申请公开申请19件,"), &[I]),
        case("disclosed_md", md_2021("本年度共收到政府信息公开申请5件，予以公开4件。"), &[W]),
        case("disclosed_agrees_md", md_2021("本年度共收到政府信息公开申请5件，予以公开3件，不予处理0件，其他处理2件。"), &[]),
        case("completed_and_carried_forward_md", md_2021("本年度共收到政府信息公开申请5件，办结5件，结转下年度1件。"), &[W]),
        case("wrapped_line_wrapped", mutate(&hongze, "申请 21 件", "申请 23 件"), &[W]),
        Case {
            name: "received_html",
            text: mutate(&pingtan, "本年度全区共收到70件申请", "本年度全区共收到72件申请"),
            format: Format::Html,
            expect: &[W],
        },
        // Not the report year's, or a part of the applications: not compared.
        case("other_year_cell", mutate(&cell, "(二)依申请公开方面。", "(二)依申请公开方面。2019年，共收到政府信息公开申请30件。"), &[]),
        case("compared_cell", mutate(&cell, "共收到和办理依申请公开19件", "共收到和办理依申请公开21件，同比增长10%"), &[]),
        case("channel_cell", mutate(&cell, "(二)依申请公开方面。", "(二)依申请公开方面。通过网络收到政府信息公开申请15件。"), &[]),
        case("on_time_md", md_2021("本年度按时办结政府信息公开申请4件。"), &[]),
        // Sums stated in prose.
        case("applicant_parts_md", md_2021("本年度共收到政府信息公开申请5件，其中自然人申请4件，法人或其他组织申请2件。"), &[W]),
        case("applicant_parts_agree_md", md_2021("本年度共收到政府信息公开申请5件，其中自然人申请5件，法人或其他组织申请0件。"), &[]),
        case("parts_exceed_info_md", md_2021("全年主动公开政府信息120条，其中政策文件70条，工作动态60条。"), &[I]),
        case("rate_md", md_2021("本年度共收到政府信息公开申请5件，予以公开3件，公开率80%。"), &[I]),
        case("rate_agrees_md", md_2021("本年度共收到政府信息公开申请5件，予以公开3件，公开率60%。"), &[]),
        // enumeration
        case("skipped_row", mutate(&row, "三是加强督促检查", "四是加强督促检查"), &[("enumeration", "warning")]),
        case("repeated_cell", mutate(&cell, "三是新媒体管理", "二是新媒体管理"), &[("enumeration", "warning")]),
        case("paragraph_leads_linyi", mutate(&linyi, "二是进一步丰富公开形式", "三是进一步丰富公开形式"), &[("enumeration", "warning")]),
        case("wrapped_skip_wrapped", mutate(&hongze, "三是继续加强业务指导培训", "四是继续加强业务指导培训"), &[("enumeration", "warning")]),
        case("sub_headings_md", mutate(&md_2021(""), "### （二）改进措施", "### （三）改进措施"), &[("enumeration", "warning")]),
        case("restart_in_new_paragraph_md", md_2021("一是加强领导；二是完善制度。\n\n一是拓宽渠道；二是丰富形式。"), &[]),
        case("reference_not_item_md", md_2021("依照条例第二十条第（一）项、第二十条第（五）项公开。"), &[]),
        // Lists nested under items whose line has no full stop (a page's `2.围绕…` headings):
        // each outer item starts its nested list again.
        case("nested_under_unpunctuated_items_md", md_2021("1.围绕法治政府推进公开\n（1）政府工作公开透明。\n（2）政策执行阳光透明。\n2.围绕重点领域加大公开力度\n（1）推进预决算公开。\n（2）推进重大项目公开。"), &[]),
        case("labels_of_an_unread_table_md", labels_only_in_section_three(&md_2021("")), &[]),
        case("nested_skip_still_found_md", md_2021("1.围绕法治政府推进公开\n（1）政府工作公开透明。\n（3）政策执行阳光透明。"), &[("enumeration", "warning")]),
        // problems-section
        case("bare_problems_cell", {
            let start = cell.find("(一)存在的主要问题。").unwrap();
            let end = cell.find("六、其他需要报告的事项").unwrap();
            format!("{}无。\n{}", &cell[..start], &cell[end..])
        }, &[("problems-section", "error")]),
        case("empty_problems_row", {
            let start = row.find("五、存在").unwrap();
            let start = start + row[start..].find('\n').unwrap() + 1;
            let end = row.find("六、其他需要报告的事项").unwrap();
            format!("{}{}", &row[..start], &row[end..])
        }, &[("problems-section", "error")]),
        case("no_improvement_cell", {
            let start = cell.find("(二)下步改进措施").unwrap();
            let end = cell.find("六、其他需要报告的事项").unwrap();
            format!("{}{}", &cell[..start], &cell[end..])
        }, &[("problems-section", "error")]),
        case("none_yet_md", mutate(&md_2021(""), "### （一）存在的主要问题\n\n政策解读形式还不够丰富。\n\n### （二）改进措施\n\n下一步将加强政策解读，丰富解读形式。", "暂无。"), &[("problems-section", "error")]),
        case("blank_skeleton_md", nianbao::skeleton::render(2022, nianbao::skeleton::Format::Markdown).unwrap(), &[]),
        // fee-statement
        case("fee_unsaid_cell_2021", mutate(&quanzhou, "中心管委会本年度没有生信息公开处理费。", "无。"), &[("fee-statement", "warning")]),
        case("fee_unsaid_with_notices_md", mutate(&md_2021(""), FEE_SIX, "无。"), &[("fee-statement", "warning")]),
        case("fee_without_the_dropped_requests_md", mutate(&md_2021(""), FEE_SIX, "本年度未收取信息处理费。"), &[("fee-statement", "info")]),
        case("administrative_fees_are_another_thing_md", mutate(&md_2021(""), FEE_SIX, "本年度行政事业性收费0万元。"), &[("fee-statement", "warning")]),
        case("fee_said_elsewhere_md", mutate(&md_2021("本年度未收取信息处理费。"), FEE_SIX, "无。"), &[("fee-statement", "info")]),
        case("fee_in_other_words_md", mutate(&md_2021(""), FEE_SIX, "本年度政府信息公开发出缴费通知2件，均逾期未缴纳，未发生收费情况。"), &[]),
        case("fee_not_asked_2019_format_cell", cell.clone(), &[]),
    ];
    // The same statements in English.
    cases.push(case(
        "new_applications_row_en",
        mutate(&row, "一、总体情况\n", "一、总体情况\n（六）依申请公开情况。2019年，本局共收到政府信息公开申请3件，均已办结。\n"),
        &[W],
    ));
    cases
}

/// The findings of the prose rules, as `nianbao check` gives them for a file of `format`:
/// (code, severity) and a listing (line:column, the text under the range, message, related).
fn findings(text: &str, format: Format, lang: Lang) -> (Vec<(&'static str, &'static str)>, String) {
    let config = Config {
        lang,
        ..Config::default()
    };
    let (_, diags) = check_source(text, format, &config);
    let index = LineIndex::new(text);
    let mut out = String::new();
    let mut codes = Vec::new();
    for d in diags.iter().filter(|d| PROSE_RULES.contains(&d.code)) {
        codes.push((d.code, d.severity.as_str()));
        let p = index.position(text, d.range.start, PositionEncoding::Utf16);
        let under = &text[d.range.start..d.range.end];
        out.push_str(&format!(
            "{}:{} {} {} «{}»: {}\n",
            p.line + 1,
            p.character + 1,
            d.severity.as_str(),
            d.code,
            under,
            d.message
        ));
        for r in &d.related {
            let p = index.position(text, r.range.start, PositionEncoding::Utf16);
            out.push_str(&format!(
                "    {}:{} «{}» {}\n",
                p.line + 1,
                p.character + 1,
                &text[r.range.start..r.range.end],
                r.message
            ));
        }
    }
    (codes, out)
}

#[test]
fn prose_fixtures() {
    let mut wrong = Vec::new();
    for c in cases() {
        let lang = if c.name.ends_with("_en") {
            Lang::En
        } else {
            Lang::Zh
        };
        let (codes, listing) = findings(&c.text, c.format, lang);
        insta::assert_snapshot!(c.name, listing);
        if codes != c.expect {
            wrong.push(format!(
                "{}: {codes:?}, expected {:?}\n{listing}",
                c.name, c.expect
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Every prose rule has fixtures that trigger it and fixtures that do not.
#[test]
fn every_prose_rule_has_fixtures_both_ways() {
    let cases = cases();
    for rule in PROSE_RULES {
        assert!(
            cases.iter().any(|c| c.expect.iter().any(|e| e.0 == rule)),
            "{rule}: no triggering fixture"
        );
    }
    assert!(cases.iter().filter(|c| c.expect.is_empty()).count() >= 10);
}

/// A finding on an HTML page points at the number in the page's source.
#[test]
fn a_finding_on_a_page_is_on_its_source() {
    let page = mutate(
        &read("tests/real/2021-pingtan-zone.html"),
        "本年度全区共收到70件申请",
        "本年度全区共收到72件申请",
    );
    let (_, diags) = check_source(&page, Format::Html, &Config::default());
    let d = diags
        .iter()
        .find(|d| d.code == "narrative-mismatch")
        .expect("a finding");
    assert_eq!(&page[d.range.start..d.range.end], "72");
    let cell = &d.related[0];
    assert_eq!(&page[cell.range.start..cell.range.end], "70");
}

/// The rules over the report's facts give the same findings when an editor re-reads only the
/// section an edit is in: a table cell typed so that the prose no longer agrees.
#[test]
fn an_edit_in_the_table_updates_the_prose_findings() {
    use nianbao::incremental::{Change, IncrementalCheck};
    let text = md_2021("本年度共收到政府信息公开申请5件。");
    let config = Config::default();
    let check = IncrementalCheck::new(text.as_str(), &config);
    assert!(!check
        .diagnostics()
        .iter()
        .any(|d| d.code == "narrative-mismatch"));
    // The row's 自然人 and 总计 both typed 6 (one edit over the row's values).
    let row = "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |";
    let at = text.find(row).unwrap() + "| 一、本年新收政府信息公开申请数量 | ".len();
    let old = "5 | 0 | 0 | 0 | 0 | 0 | 5";
    let new = "6 | 0 | 0 | 0 | 0 | 0 | 6";
    let edited = format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
    let change = Change {
        start: at,
        old_end: at + old.len(),
        new_end: at + new.len(),
    };
    let updated = check.update(edited.as_str(), change, &config);
    let fresh = analyze_and_check(&edited, &config).1;
    assert_eq!(updated.diagnostics(), fresh);
    assert!(fresh.iter().any(|d| d.code == "narrative-mismatch"));
}
