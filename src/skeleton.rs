//! A blank report in the official template in force for a year: the title, the statutory
//! sentence on the statistics period, the six section headings and every table with all its
//! rows, value cells zero-filled (label-only rows left empty).
//! What `nianbao new` prints and what `nianbao.insertSkeleton` inserts in the editor.

use crate::template::{BlockDef, TableDef, Template, Templates};

/// How the skeleton is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `## ` headings and Markdown pipe tables (one table per block).
    Markdown,
    /// Plain headings and one row per line (`规章 | 0 | 0 | 0 |`).
    Text,
}

/// What to put in the blank report besides the template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The issuing agency (`某某市人民政府办公室`), written before the year in the title.
    pub issuer: Option<String>,
}

/// The blank report for report year `year`, or `None` when no template is in force that year.
#[must_use]
pub fn render(year: i32, format: Format) -> Option<String> {
    render_with(year, format, &Options::default())
}

/// [`render`] with options (the issuer).
#[must_use]
pub fn render_with(year: i32, format: Format, options: &Options) -> Option<String> {
    let (template, _) = Templates::builtin().in_force(year)?;
    Some(render_template_with(template, year, format, options))
}

/// The blank report for a given template.
#[must_use]
pub fn render_template(template: &Template, year: i32, format: Format) -> String {
    render_template_with(template, year, format, &Options::default())
}

/// The statutory opening: the regulation the report is made under and its statistics period
/// (the calendar year, 条例 第四十九条 / 2008 条例 第三十一条).
#[must_use]
pub fn period_sentence(year: i32) -> String {
    format!(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定编制本报告。\
         本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )
}

/// The blank report for a given template, with options.
#[must_use]
pub fn render_template_with(
    template: &Template,
    year: i32,
    format: Format,
    options: &Options,
) -> String {
    let issuer = options
        .issuer
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.split_whitespace().collect::<String>())
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str(&heading(
        &format!("{issuer}{year}年政府信息公开工作年度报告"),
        1,
        format,
    ));
    out.push('\n');
    out.push_str(&period_sentence(year));
    out.push('\n');
    if template.sections.is_empty() {
        for table in &template.tables {
            out.push('\n');
            render_table(&mut out, table, format);
        }
        return out;
    }
    for section in &template.sections {
        out.push('\n');
        out.push_str(&heading(&section.title, 2, format));
        out.push('\n');
        if let Some(kind) = section.table {
            for table in template.tables.iter().filter(|t| t.kind == kind) {
                out.push('\n');
                render_table(&mut out, table, format);
            }
        }
    }
    out
}

fn heading(title: &str, level: usize, format: Format) -> String {
    match format {
        Format::Markdown => format!("{} {title}\n", "#".repeat(level)),
        Format::Text => format!("{title}\n"),
    }
}

/// Appends one table row. Markdown rows open with a pipe; text rows do not.
fn row(out: &mut String, cells: &[String], format: Format) {
    if format == Format::Markdown {
        out.push('|');
    }
    for cell in cells {
        if format == Format::Markdown || !out.ends_with('\n') && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(cell);
        out.push_str(" |");
    }
    out.push('\n');
}

fn delimiter(out: &mut String, n: usize, format: Format) {
    if format == Format::Markdown {
        out.push('|');
        out.push_str(&"---|".repeat(n));
        out.push('\n');
    }
}

fn render_table(out: &mut String, table: &TableDef, format: Format) {
    for block in &table.blocks {
        if let Some(label) = &block.label {
            match format {
                Format::Markdown => out.push_str(&format!("**{label}**\n\n")),
                Format::Text => out.push_str(&format!("{label}\n")),
            }
        }
        render_block(out, table, block, format);
        out.push('\n');
    }
}

/// The header rows of a block as the official template prints them: `统计指标 | 单位 | 统计数`;
/// section 四's two-level group header then its column labels; else the first structural
/// header (`信息内容`, `申请人情况`) and the column labels.
#[must_use]
pub fn header_rows(table: &TableDef, block: &BlockDef) -> Vec<Vec<String>> {
    let implicit = block.rows.iter().any(|r| r.implicit);
    let mut header_rows: Vec<Vec<String>> = Vec::new();
    if block.unit_column {
        // 统计指标 | 单位 | 统计数
        header_rows.push(table.headers.clone());
    } else if implicit {
        // Two-level group header (section 四), then the column labels.
        for level in 0..2 {
            let mut cells = Vec::new();
            let mut previous: Option<&str> = None;
            for column in &block.columns {
                let name = column
                    .group
                    .as_deref()
                    .and_then(|g| g.split('·').nth(level));
                let cell = match name {
                    Some(n) if previous != Some(n) => n.to_string(),
                    _ => String::new(),
                };
                previous = name;
                cells.push(cell);
            }
            if cells.iter().any(|c| !c.is_empty()) {
                header_rows.push(cells);
            }
        }
        header_rows.push(block.columns.iter().map(|c| c.label.clone()).collect());
    } else {
        let mut cells: Vec<String> = table.headers.first().cloned().into_iter().collect();
        cells.extend(block.columns.iter().map(|c| c.label.clone()));
        header_rows.push(cells);
    }
    header_rows
}

fn render_block(out: &mut String, table: &TableDef, block: &BlockDef, format: Format) {
    let header_rows = header_rows(table, block);
    let width = header_rows.iter().map(Vec::len).max().unwrap_or(0);
    for (i, cells) in header_rows.iter().enumerate() {
        row(out, cells, format);
        if i == 0 {
            delimiter(out, width, format);
        }
    }
    for r in &block.rows {
        let mut cells: Vec<String> = Vec::new();
        if !r.implicit {
            cells.push(r.label.clone());
        }
        if block.unit_column {
            cells.push(if r.values {
                r.unit.clone().unwrap_or_default()
            } else {
                String::new()
            });
        }
        let value = if r.values { "0" } else { "" };
        cells.extend(block.columns.iter().map(|_| value.to_string()));
        row(out, &cells, format);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{analyze, MatchKind};

    fn check_skeleton(year: i32, format: Format, template_id: &str) {
        let text = render(year, format).unwrap();
        let analysis = analyze(&text);
        let report = &analysis.report;
        let template = report
            .template
            .unwrap_or_else(|| panic!("{year} {format:?}: no template found\n{text}"));
        assert_eq!(template.id, template_id, "{year} {format:?}");
        assert!(!report.mixed_templates);
        assert_eq!(report.year.as_ref().map(|y| y.value), Some(year));
        let numbers: Vec<u8> = report.sections.iter().map(|s| s.number).collect();
        let expected: Vec<u8> = template.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, expected, "{year} {format:?}");
        assert!(report.sections.iter().all(|s| s.official));
        assert_eq!(
            report.tables.len(),
            template.tables.len(),
            "{year} {format:?}\n{text}"
        );
        for def in &template.tables {
            let table = report
                .tables
                .iter()
                .find(|t| t.kind == def.kind)
                .unwrap_or_else(|| panic!("{year} {format:?}: no {:?} table", def.kind));
            assert_eq!(table.template.id, template_id);
            assert!(
                table.rows.iter().all(|r| r.def.is_some()),
                "{year} {format:?}: unknown rows"
            );
            for (b, block) in def.blocks.iter().enumerate() {
                for (r, row_def) in block.rows.iter().enumerate() {
                    let rows: Vec<_> = table.rows_for((b, r)).collect();
                    assert_eq!(
                        rows.len(),
                        1,
                        "{year} {format:?}: row {} found {} times",
                        row_def.id,
                        rows.len()
                    );
                    let row = rows[0];
                    assert_eq!(row.matched, MatchKind::Exact, "{}", row_def.id);
                    if row_def.values {
                        assert_eq!(row.values.len(), block.columns.len());
                        for v in &row.values {
                            assert_eq!(v.text, "0", "{year} {format:?}: row {}", row_def.id);
                        }
                        assert!(row.extra.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn skeletons_parse_back_to_their_template() {
        for format in [Format::Markdown, Format::Text] {
            check_skeleton(2015, format, "2008");
            check_skeleton(2019, format, "2019");
            check_skeleton(2020, format, "2019");
            check_skeleton(2021, format, "2021");
            check_skeleton(2024, format, "2021");
        }
    }

    #[test]
    fn issuer_and_period_are_read_back_and_nothing_is_found() {
        for (year, format) in [
            (2025, Format::Markdown),
            (2025, Format::Text),
            (2020, Format::Text),
            (2017, Format::Markdown),
        ] {
            let options = Options {
                issuer: Some("某某市人民政府办公室".into()),
            };
            let text = render_with(year, format, &options).unwrap();
            assert!(text.contains(&format!(
                "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            )));
            let analysis = analyze(&text);
            let issuer = analysis.report.issuer.as_ref().map(|i| i.name.as_str());
            assert_eq!(issuer, Some("某某市人民政府办公室"), "{year} {format:?}");
            assert_eq!(analysis.report.year.as_ref().map(|y| y.value), Some(year));
            let findings = crate::check::check(&text, &analysis, &crate::check::Config::default());
            let codes: Vec<&str> = findings.iter().map(|d| d.code).collect();
            assert_eq!(codes, Vec::<&str>::new(), "{year} {format:?}");
        }
    }

    #[test]
    fn no_template_before_2008() {
        assert_eq!(render(1999, Format::Markdown), None);
    }
}
