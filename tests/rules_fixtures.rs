//! One small fixture per rule of the catalog that triggers it, and one that
//! must not, in each table layout where layout matters: one row per line (the
//! zhaotong sample, brought to a clean 2019 report), one cell per line (the
//! ziyang sample, clean) and Markdown (a report generated from the templates).
//! Each fixture mutates one thing of a clean base; the findings are pinned as
//! snapshots and the codes asserted explicitly.

use nianbao::check::render::{render_table, Style};
use nianbao::check::{analyze_and_check, rules, Config, Diagnostic, Scope};
use nianbao::template::Templates;
use nianbao::text::PositionEncoding;

mod support;

use support::{clean_row_per_line as row_per_line, markdown_report, mutate, sample, CellFn};

/// `line:col code: message` and fixes, one finding per entry.
fn listing(text: &str) -> (Vec<&'static str>, String) {
    let (analysis, diags) = analyze_and_check(text, &Config::default());
    // Suppression comments, as both front ends apply them.
    let diags = nianbao::check::suppress::apply_to_text(text, false, diags, &Config::default());
    let mut out = String::new();
    for d in &diags {
        let p = analysis
            .line_index
            .position(text, d.range.start, PositionEncoding::Utf16);
        out.push_str(&format!(
            "{}:{} {} {}: {}\n",
            p.line + 1,
            p.character + 1,
            d.severity.as_str(),
            d.code,
            d.message
        ));
        for f in &d.fixes {
            out.push_str(&format!(
                "    fix: {} [{}]\n",
                f.title,
                f.applicability.as_str()
            ));
        }
    }
    (diags.iter().map(|d: &Diagnostic| d.code).collect(), out)
}

/// The ziyang sample (one cell per line), clean as it is.
fn cell_per_line() -> String {
    sample("2020-ziyang-government-office")
}

/// A Markdown report in template `tid` (`2019` or `2021`) for `year`: title,
/// six `##` headings with a line of prose, GFM tables of zeros, issuer and date.
fn markdown(tid: &str, year: i32) -> String {
    markdown_with(tid, year, &|_, _, _, _| "0".to_string())
}

fn markdown_with(tid: &str, year: i32, value: &CellFn) -> String {
    // Section 五 states a problem and its improvement, section 六 (2021 format) the fees.
    let prose = |number| match number {
        5 => "政策解读形式还不够丰富，下一步将加强政策解读。".to_string(),
        6 if tid == "2021" => "本年度未收取信息处理费。".to_string(),
        _ => format!("{year}年，本局依法做好政府信息公开工作。"),
    };
    markdown_report(tid, year, &prose, value)
}

/// Section 四's value line of a one-cell-per-line table, first five cells.
const CELL_APPEALS: &str = "|||||\n0 |\n0 |\n0 |\n0 |\n0 |\n";
const ROW_APPEALS: &str = "\n0 | 0 | 0 | 0 | 0 | 0 |";
const MD_APPEALS: &str = "\n| 0 | 0 | 0 | 0 | 0 | 0 |";

/// The Markdown report whose section 二 table is the 2019 format's, the rest 2021's.
fn markdown_mixed() -> String {
    let t = Templates::builtin();
    let style = Style::markdown("\n");
    let table = |tid: &str| {
        let def = &t.get(tid).unwrap().tables[0];
        render_table(&style, def, &|_, _, _| "0".to_string())
    };
    mutate(&markdown("2021", 2021), &table("2021"), &table("2019"))
}

/// The Markdown report with its tables' sections numbered 一、二、三 after a
/// narrative numbered 一 to 六 of its own.
fn renumbered_tables(md: &str) -> String {
    let narrative = "## 一、总体情况\n\n本年，本局依法做好政府信息公开工作。\n\n## 二、工作机制\n\n建立工作机制。\n\n";
    md.replacen("## 一、总体情况\n", narrative, 1)
        .replacen(
            "## 二、主动公开政府信息情况",
            "## 一、主动公开政府信息情况",
            1,
        )
        .replacen(
            "## 三、收到和处理政府信息公开申请情况",
            "## 二、收到和处理政府信息公开申请情况",
            1,
        )
        .replacen(
            "## 四、政府信息公开行政复议、行政诉讼情况",
            "## 三、政府信息公开行政复议、行政诉讼情况",
            1,
        )
        .replacen(
            "## 五、存在的主要问题及改进情况",
            "## 四、存在的主要问题及改进情况",
            1,
        )
        .replacen("## 六、其他需要报告的事项", "## 五、其他需要报告的事项", 1)
}

/// The Markdown report with section 三's table as a crawler's text of a page
/// gives it: every row's label and values run together on one line.
fn run_together(md: &str) -> String {
    let start = md.find("| 一、本年新收").unwrap();
    let end = md.find("## 四、").unwrap();
    let glued: String = md[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("---"))
        .map(|l| l.split('|').map(str::trim).collect::<String>())
        .collect();
    format!("{}{glued}\n\n{}", &md[..start], &md[end..])
}

/// The Markdown report with section 三's table published as an image: the
/// heading stands, nothing under it is a table.
fn table_as_image(md: &str) -> String {
    let start = md.find("| 一、本年新收").unwrap();
    let start = md[..start].rfind("\n\n").unwrap() + 2;
    let end = md.find("## 四、").unwrap();
    format!("{}![统计表](table-3.png)\n\n{}", &md[..start], &md[end..])
}

/// The one-row-per-line report with the values of two rows of section 三
/// moved off their labels, onto lines of their own after the next row, and
/// one more line of values than any row lacks: the table is read in part.
fn torn_rows(row: &str) -> String {
    let from = "1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    mutate(row, from, &format!("{from}0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"))
}

/// The one-row-per-line report with two rows' values moved off their labels
/// onto lines of their own after the next row: as many lines as rows waiting,
/// so each is placed (in template order).
fn off_their_labels(row: &str) -> String {
    let a = "1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    let b = "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    let moved = format!(
        "1.信访举报投诉类申请 |\n2.重复申请 |\n{}{}",
        "0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", "0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    mutate(row, &format!("{a}{b}"), &moved)
}

/// The one-row-per-line report with its section 三 rows separated by spaces,
/// as a PDF's text layer gives them.
fn spaced(row: &str) -> String {
    let start = row.find("一、本年新收").unwrap();
    let end = row.find("四、结转下年度继续办理").unwrap();
    let end = end + row[end..].find('\n').unwrap();
    let body: String = row[start..end]
        .lines()
        .map(|l| {
            l.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!("{}{body}{}", &row[..start], &row[end..])
}

struct Case {
    /// The rule the fixture is about.
    rule: &'static str,
    /// Does it trigger the rule (or is it a near miss that must not)?
    triggers: bool,
    name: &'static str,
    text: String,
    /// Every code the fixture yields, in order of first appearance.
    codes: &'static [&'static str],
}

fn case(
    rule: &'static str,
    triggers: bool,
    name: &'static str,
    text: String,
    codes: &'static [&'static str],
) -> Case {
    Case {
        rule,
        triggers,
        name,
        text,
        codes,
    }
}

fn cases() -> Vec<Case> {
    let row = row_per_line();
    let cell = cell_per_line();
    let md = markdown("2019", 2020);
    let md21 = markdown("2021", 2021);
    let yanzhou = sample("2017-yanzhou-enforcement-bureau");
    let dup_row = "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    let dup_cell = "2.重复申请 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n";
    let dup_md = "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    vec![
        // The clean bases: nothing at all.
        case("", false, "clean_row", row.clone(), &[]),
        case("", false, "clean_cell", cell.clone(), &[]),
        case("", false, "clean_md_2019", md.clone(), &[]),
        case("", false, "clean_md_2021", md21.clone(), &[]),
        // missing-section
        case("missing-section", true, "missing_section_row", mutate(&row, "六、其他需要报告的事项。\n", ""), &["missing-section"]),
        case("missing-section", true, "missing_section_cell", mutate(&cell, "六、其他需要报告的事项\n", ""), &["missing-section"]),
        case("missing-section", true, "missing_section_md", mutate(&md, "## 六、其他需要报告的事项\n", ""), &["missing-section"]),
        case("missing-section", true, "missing_section_md_with_table", {
            let start = md.find("## 四、").unwrap();
            let end = md.find("## 五、").unwrap();
            format!("{}{}", &md[..start], &md[end..])
        }, &["missing-section"]),
        case("missing-section", false, "reworded_heading_md", mutate(&md, "## 六、其他需要报告的事项", "## 六、其他需报告的事项"), &["label-variant"]),
        // section-numbering
        case("section-numbering", true, "six_numbered_five_md", mutate(&md, "## 六、其他需要报告的事项", "## 五、其他需要报告的事项"), &["section-numbering"]),
        case("section-numbering", true, "tables_numbered_from_one_md", renumbered_tables(&md21), &["section-numbering"]),
        case("section-numbering", true, "problems_without_heading_cell", mutate(&cell, "五、存在的主要问题及改进情况\n", "（一）存在的主要问题\n"), &["section-numbering"]),
        case("section-numbering", false, "free_form_2008_numbering", yanzhou.clone(), &["missing-value", "label-variant"]),
        case("section-numbering", false, "reworded_but_numbered_md", mutate(&md, "## 五、存在的主要问题及改进情况", "## 五、主要问题及改进措施"), &["label-variant"]),
        // missing-row
        case("missing-row", true, "missing_row_row", mutate(&row, dup_row, ""), &["missing-row"]),
        case("missing-row", true, "missing_row_cell", mutate(&cell, dup_cell, ""), &["missing-row"]),
        case("missing-row", true, "missing_row_md", mutate(&md, dup_md, ""), &["missing-row"]),
        case("missing-row", true, "missing_row_md_2021", mutate(&md21, "| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", ""), &["missing-row"]),
        case("missing-row", false, "reordered_rows_md", mutate(&mutate(&md, dup_md, ""), "| 3.要求提供公开出版物", &format!("{dup_md}| 3.要求提供公开出版物")), &[]),
        // missing-value
        case("missing-value", true, "missing_value_row", mutate(&row, "2.重复申请 | 0 | 0 |", "2.重复申请 | 0 | / |"), &["missing-value"]),
        case("missing-value", true, "missing_value_cell", mutate(&cell, "2.重复申请 |\n0 |\n0 |", "2.重复申请 |\n0 |\n |"), &["missing-value"]),
        case("missing-value", true, "missing_value_md", mutate(&md, "| 2.重复申请 | 0 | 0 |", "| 2.重复申请 | 0 |  |"), &["missing-value"]),
        case("missing-value", false, "label_only_rows_blank_md", md.clone(), &[]),
        // extra-value
        case("extra-value", true, "extra_value_row", mutate(&row, "规章 | 0 | 0 | 0 |", "规章 | 0 | 0 | 0 | 4 |"), &["extra-value"]),
        case("extra-value", true, "extra_value_cell", mutate(&cell, "规章 |\n0 |\n0 |\n4 |\n", "规章 |\n0 |\n0 |\n4 |\n4 |\n"), &["extra-value"]),
        case("extra-value", true, "extra_value_md", mutate(&md, "| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 0 | 0 | 4 |"), &["extra-value"]),
        case("extra-value", true, "extra_value_label_only_row_md", mutate(&md, "| （三）不予公开 |  |", "| （三）不予公开 | 3 |"), &["extra-value"]),
        case("extra-value", false, "blank_cells_on_label_only_rows_md", md.clone(), &[]),
        // unknown-row
        case("unknown-row", true, "unknown_row_row", mutate(&row, "规范性文件 | 0 | 0 | 0 |\n", "规范性文件 | 0 | 0 | 0 |\n其他主动公开文件 | 3 | 3 | 10 |\n"), &["unknown-row"]),
        case("unknown-row", true, "unknown_row_cell", mutate(&cell, "规范性文件 |\n67 |\n67 |\n348 |\n", "规范性文件 |\n67 |\n67 |\n348 |\n其他主动公开文件 |\n3 |\n3 |\n10 |\n"), &["unknown-row"]),
        case("unknown-row", true, "unknown_row_md", mutate(&md, "| 规范性文件 | 0 | 0 | 0 |\n", "| 规范性文件 | 0 | 0 | 0 |\n| 其他主动公开文件 | 3 | 3 | 10 |\n"), &["unknown-row"]),
        case("unknown-row", false, "unknown_row_variant_md", mutate(&md, "商业企业", "商业机构"), &["label-variant"]),
        // duplicate-row
        case("duplicate-row", true, "duplicate_row_row", mutate(&row, dup_row, &format!("{dup_row}{dup_row}")), &["duplicate-row"]),
        case("duplicate-row", true, "duplicate_row_cell", mutate(&cell, dup_cell, &format!("{dup_cell}{dup_cell}")), &["duplicate-row"]),
        case("duplicate-row", true, "duplicate_row_md", mutate(&md, dup_md, &format!("{dup_md}{dup_md}")), &["duplicate-row"]),
        case("duplicate-row", false, "same_label_other_block_md", md.clone(), &[]),
        // label-typo
        case("label-typo", true, "label_typo_row", mutate(&row, "(二)部分公开", "(二)不分公开"), &["label-typo"]),
        case("label-typo", true, "label_typo_cell", mutate(&cell, "(二)部分公开", "(二)不分公开"), &["label-typo"]),
        case("label-typo", true, "label_typo_md", mutate(&md, "（二）部分公开", "（二）不分公开"), &["label-typo"]),
        case("label-typo", true, "label_typo_block_md", mutate(&md, "第二十条第（八）项", "第二十条第（八）条"), &["label-typo"]),
        case("label-typo", false, "numeral_differs_md", mutate(&mutate(&md, "第二十条第（九）项", "第二十条第（十）项"), "第二十条第（八）项", "第二十条第（九）项"), &[]),
        // label-variant
        case("label-variant", true, "label_variant_row", mutate(&row, "商业企业", "商业机构"), &["label-variant"]),
        case("label-variant", true, "label_variant_cell", mutate(&cell, "商业企业", "商业机构"), &["label-variant"]),
        case("label-variant", true, "label_variant_md", mutate(&md, "商业企业", "商业机构"), &["label-variant"]),
        case("label-variant", true, "label_variant_heading_md", mutate(&md, "## 五、存在的主要问题及改进情况", "## 五、主要问题及改进措施"), &["label-variant"]),
        case("label-variant", false, "half_width_punctuation_md", mutate(&md, "（一）予以公开", "(一)予以公开"), &[]),
        // row-total
        case("row-total", true, "row_total_row", mutate(&row, ROW_APPEALS, "\n0 | 0 | 0 | 0 | 1 | 0 |"), &["row-total"]),
        case("row-total", true, "row_total_cell", mutate(&cell, CELL_APPEALS, "|||||\n0 |\n0 |\n0 |\n0 |\n1 |\n"), &["row-total"]),
        case("row-total", true, "row_total_md", mutate(&md, MD_APPEALS, "\n| 0 | 0 | 0 | 0 | 1 | 0 |"), &["row-total"]),
        case("row-total", true, "row_total_applications_md", mutate(&md, "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |"), &["row-total", "column-total"]),
        case("row-total", false, "blank_part_not_checked_md", mutate(&md, MD_APPEALS, "\n| 0 |  | 0 | 0 | 1 | 0 |"), &["missing-value"]),
        // column-total
        case("column-total", true, "column_total_row", mutate(&row, "(七)总计 | 0 | 0 |", "(七)总计 | 0 | 2 |"), &["balance", "column-total", "row-total"]),
        case("column-total", true, "column_total_cell", mutate(&cell, "3.补正后申请内容仍不明确 |\n0 |", "3.补正后申请内容仍不明确 |\n1 |"), &["row-total", "column-total"]),
        case("column-total", true, "column_total_md", mutate(&md, "| 1.属于国家秘密 | 0 |", "| 1.属于国家秘密 | 1 |"), &["row-total", "column-total"]),
        case("column-total", false, "consistent_nonzero_md", markdown_with("2019", 2020, &|_, _, r, c| match (r.id.as_str(), c) {
            ("new" | "open" | "total", 0 | 6) => "2".into(),
            _ => "0".into(),
        }), &[]),
        // balance (the cell sample's prose states 上年结转 2: the 3 typed contradicts it)
        case("balance", true, "balance_row", mutate(&row, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"), &["balance"]),
        case("balance", true, "balance_cell", mutate(&cell, "二、上年结转政府信息公开申请数量 |\n2 |\n0 |\n0 |\n0 |\n0 |\n0 |\n2 |", "二、上年结转政府信息公开申请数量 |\n3 |\n0 |\n0 |\n0 |\n0 |\n0 |\n3 |"), &["narrative-mismatch", "balance"]),
        case("balance", true, "balance_md", mutate(&md, "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 4 | 4 |"), &["balance"]),
        case("balance", false, "carried_forward_balances_md", markdown_with("2019", 2020, &|_, _, r, c| match (r.id.as_str(), c) {
            ("new" | "total" | "carry_over" | "open", 1 | 6) => "1".into(),
            ("carried", 1 | 6) => "1".into(),
            _ => "0".into(),
        }), &[]),
        // negative-value
        case("negative-value", true, "negative_value_row", mutate(&row, "规章 | 0 | 0 | 0 |", "规章 | 0 | -1 | 0 |"), &["negative-value"]),
        case("negative-value", true, "negative_value_cell", mutate(&cell, "规章 |\n0 |\n0 |\n4 |", "规章 |\n-1 |\n0 |\n4 |"), &["negative-value"]),
        case("negative-value", true, "negative_value_md", mutate(&md, "| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | -1 | 0 |"), &["negative-value"]),
        case("negative-value", false, "decrease_column_row", mutate(&row, "行政许可 | 0 | 0 | 0 |", "行政许可 | 10 | -8 | 0 |"), &[]),
        case("negative-value", false, "decrease_column_md", mutate(&md, "| 行政许可 | 0 | 0 | 0 |", "| 行政许可 | 10 | -8 | 0 |"), &[]),
        // subset-exceeds (2008 statistics table only)
        case("subset-exceeds", true, "subset_exceeds_2008", mutate(&yanzhou, "其中:主动公开规范性文件数 | 条 | 1 |", "其中:主动公开规范性文件数 | 条 | 100000 |"), &["missing-value", "label-variant", "subset-exceeds"]),
        case("subset-exceeds", false, "subset_within_2008", yanzhou.clone(), &["missing-value", "label-variant"]),
        // outdated-template (the 2021 format then in force asks section 六 for the fees)
        case("outdated-template", true, "outdated_template_row", row.replace("2019年", "2021年"), &["outdated-template", "fee-statement"]),
        case("outdated-template", true, "outdated_template_cell", cell.replace("2020年", "2021年"), &["outdated-template", "fee-statement"]),
        case("outdated-template", true, "outdated_template_md", markdown("2019", 2021), &["outdated-template", "fee-statement"]),
        case("outdated-template", false, "template_in_force_2021_md", md21.clone(), &[]),
        case("outdated-template", false, "format_2019_for_2020_md", md.clone(), &[]),
        // template-mismatch
        case("template-mismatch", true, "newer_template_md", markdown("2019", 2018), &["template-mismatch"]),
        case("template-mismatch", true, "newer_template_row", sample("2018-zhaotong-services-bureau"), &["template-mismatch", "label-variant", "label-typo"]),
        case("template-mismatch", false, "mixed_generations_md", markdown_mixed(), &["outdated-template"]),
        case("template-mismatch", true, "mixed_generations_unknown_year_md", markdown_mixed().replace("2021年", "本年").replace("2022年", "次年"), &["unknown-year", "template-mismatch"]),
        case("template-mismatch", false, "one_generation_md", md21.clone(), &[]),
        // unknown-year
        case("unknown-year", true, "unknown_year_md", md.replace("2020年", "本年").replace("# 某市某某局本年", "# 某市某某局"), &["unknown-year"]),
        case("unknown-year", false, "year_in_title_only_md", md.replace("2020年，", "本年，"), &[]),
        // stale-year
        case("stale-year", true, "stale_period_cell", mutate(&cell, "统计期限为2020年1月1日至2020年12月31日", "统计期限为2019年1月1日至2019年12月31日"), &["stale-year"]),
        case("stale-year", true, "stale_period_md", mutate(&md, "2020年，本局依法做好政府信息公开工作。", "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。"), &["stale-year"]),
        case("stale-year", false, "period_of_the_year_md", mutate(&md, "2020年，本局依法做好政府信息公开工作。", "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"), &[]),
        case("stale-year", false, "period_with_a_december_cutoff_md", mutate(&md, "2020年，本局依法做好政府信息公开工作。", "本报告数据统计期限为2019年12月21日至2020年12月20日。"), &[]),
        // late-publication
        case("late-publication", true, "late_department_md", mutate(&md, "2021年1月20日", "2021年2月10日"), &["late-publication"]),
        case("late-publication", true, "late_cell", format!("{cell}\n\n资阳市人民政府办公室\n2021年4月10日\n"), &["late-publication"]),
        case("late-publication", false, "on_deadline_department_md", mutate(&md, "2021年1月20日", "2021年1月31日"), &[]),
        // narrative-mismatch (more in tests/prose_rules.rs)
        case("narrative-mismatch", true, "narrative_new_applications_md", mutate(&md21, "## 一、总体情况\n\n2021年，本局依法做好政府信息公开工作。", "## 一、总体情况\n\n2021年，本局依法做好政府信息公开工作。本年度共收到政府信息公开申请3件。"), &["narrative-mismatch"]),
        case("narrative-mismatch", true, "narrative_new_applications_row", mutate(&row, "一、总体情况\n", "一、总体情况\n（六）依申请公开情况。2019年，本局共收到政府信息公开申请3件。\n"), &["narrative-mismatch"]),
        case("narrative-mismatch", false, "narrative_agrees_cell", cell.clone(), &[]),
        // enumeration
        case("enumeration", true, "enumeration_skip_row", mutate(&row, "三是加强督促检查", "四是加强督促检查"), &["enumeration"]),
        case("enumeration", true, "enumeration_repeat_cell", mutate(&cell, "三是新媒体管理", "二是新媒体管理"), &["enumeration"]),
        case("enumeration", false, "enumeration_restarts_cell", cell.clone(), &[]),
        // problems-section
        case("problems-section", true, "problems_bare_md", mutate(&md, "政策解读形式还不够丰富，下一步将加强政策解读。", "无。"), &["problems-section"]),
        case("problems-section", false, "problems_sub_headings_cell", cell.clone(), &[]),
        // fee-statement
        case("fee-statement", true, "fee_unsaid_md_2021", mutate(&md21, "本年度未收取信息处理费。", "无。"), &["fee-statement"]),
        case("fee-statement", false, "fee_not_asked_md_2019", md.clone(), &[]),
        case("fee-statement", false, "fee_said_md_2021", md21.clone(), &[]),
        // unreadable-table
        case("unreadable-table", true, "cells_run_together_md", run_together(&md21), &["unreadable-table"]),
        case("unreadable-table", true, "table_as_image_md", table_as_image(&md21), &["unreadable-table"]),
        // partial-table
        case("partial-table", true, "table_read_in_part_row", torn_rows(&row), &["partial-table"]),
        case("partial-table", false, "values_off_their_labels_placed_row", off_their_labels(&row), &[]),
        case("unreadable-table", false, "labels_in_prose_beside_the_table_md", mutate(&md21, "## 一、总体情况\n\n", "## 一、总体情况\n\n本年新收政府信息公开申请数量0件，上年结转政府信息公开申请数量0件。\n\n"), &[]),
        case("unreadable-table", false, "spaced_rows_read_row", spaced(&row), &[]),
        // unused-suppression (and suppression itself)
        case("unused-suppression", true, "unused_suppression_md", mutate(&md, "| 2.重复申请 |", "<!-- nianbao-disable-next-line row-total -->\n| 2.重复申请 |"), &["unused-suppression"]),
        case("unused-suppression", true, "misspelt_suppression_row", mutate(&row, "规章 | 0 | 0 | 0 |", "// nianbao-disable-nextline negative-value\n规章 | 0 | -1 | 0 |"), &["unused-suppression", "negative-value"]),
        case("unused-suppression", false, "used_suppression_row", mutate(&row, "规章 | 0 | 0 | 0 |", "// nianbao-disable-next-line negative-value -- 原表如此\n规章 | 0 | -1 | 0 |"), &[]),
        case("unused-suppression", false, "used_disable_block_md", mutate(&mutate(&md, "| 2.重复申请 | 0 | 0 |", "<!-- nianbao-disable missing-value -->\n| 2.重复申请 | 0 |  |"), "| 3.要求提供公开出版物", "<!-- nianbao-enable -->\n| 3.要求提供公开出版物"), &[]),
        case("unused-suppression", false, "file_level_switch_cell", format!("<!-- nianbao-disable-file label-variant -->\n{}", mutate(&cell, "商业企业", "商业机构")), &[]),
        case("late-publication", false, "government_by_march_md", mutate(&mutate(&md, "# 某市某某局", "# 某市人民政府"), "某市某某局\n2021年1月20日", "某市人民政府\n2021年3月31日"), &[]),
    ]
}

#[test]
fn fixtures() {
    let mut wrong = Vec::new();
    for c in cases() {
        let (codes, text) = listing(&c.text);
        insta::assert_snapshot!(c.name, text);
        let mut distinct: Vec<&str> = Vec::new();
        for code in codes {
            if !distinct.contains(&code) {
                distinct.push(code);
            }
        }
        if distinct != c.codes {
            wrong.push(format!(
                "{}: {:?}, expected {:?}",
                c.name, distinct, c.codes
            ));
        }
        if !c.rule.is_empty() && distinct.contains(&c.rule) != c.triggers {
            wrong.push(format!(
                "{}: {} {}",
                c.name,
                c.rule,
                if c.triggers { "missing" } else { "present" }
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Every rule of the catalog has a fixture that triggers it and one that must not (those
/// comparing a report with last year's have theirs in pairs of files: tests/report_set.rs
/// and the generated chains of tests/chain_accuracy.rs).
#[test]
fn every_rule_has_fixtures_both_ways() {
    let cases = cases();
    for rule in rules::ALL.iter().filter(|r| r.scope != Scope::Years) {
        assert!(
            cases.iter().any(|c| c.rule == rule.code && c.triggers),
            "{}: no triggering fixture",
            rule.code
        );
        assert!(
            cases.iter().any(|c| c.rule == rule.code && !c.triggers),
            "{}: no non-triggering fixture",
            rule.code
        );
    }
}

/// Each rule's documentation has the four parts `nianbao explain` shows.
#[test]
fn every_rule_doc_has_its_sections() {
    for rule in rules::ALL {
        for part in ["## What it does", "## Why", "## Example", "## Fix"] {
            assert!(rule.doc.contains(part), "{}: no “{part}”", rule.code);
        }
        assert!(!rule.summary.is_empty(), "{}: no summary", rule.code);
    }
}

/// A blank first value of section 四's (unlabelled) row is a value, not a
/// label: the 15 cells fill the 15 columns, nothing is compared across the
/// blank, and the 1 stays in 行政复议总计.
#[test]
fn blank_first_cell_of_appeals_row_keeps_columns() {
    let md = markdown("2019", 2020);
    let text = mutate(&md, MD_APPEALS, "\n|  | 0 | 0 | 0 | 1 | 0 |");
    let (codes, listing) = listing(&text);
    assert_eq!(codes, ["missing-value"], "{listing}");
    let row = cell_per_line();
    let text = mutate(&row, CELL_APPEALS, "|||||\n |\n0 |\n0 |\n0 |\n1 |\n");
    let (codes, listing) = self::listing(&text);
    // The sample's prose says `行政复议及行政诉讼案件0件`: the 1 read in 行政复议总计 contradicts it.
    assert_eq!(codes, ["narrative-mismatch", "missing-value"], "{listing}");
}
