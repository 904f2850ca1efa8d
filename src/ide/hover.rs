//! Hover: what a label or a cell is. On a row, column or block label: the official label, what
//! it counts and the article of the regulation that requires it; on a total cell: the computed
//! sum and the cells it adds up; on a section heading: the official heading and its article.
//! Findings at the place come with their rule's documentation.

use crate::check::rules::support::{column_label, equations, fmt, row_name, value, RelationKind};
use crate::check::{rule, Diagnostic, Lang};
use crate::model::{Analysis, LabelRole, Number, Table};
use crate::template::RelationDef;
use crate::text::TextRange;

/// `zh` or `en` by the language.
fn tr<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// What the hover is about (the label or cell).
    pub range: TextRange,
    /// Markdown.
    pub markdown: String,
}

fn contains(r: TextRange, offset: usize) -> bool {
    r.start <= offset && offset <= r.end
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// The hover at byte `offset`, with `findings` of the same text, in `lang`.
#[must_use]
pub fn hover(
    text: &str,
    analysis: &Analysis,
    findings: &[Diagnostic],
    offset: usize,
    lang: Lang,
) -> Option<Hover> {
    let report = &analysis.report;
    let (range, mut md) = None
        .or_else(|| {
            report.tables.iter().find_map(|t| {
                table_hover(t, offset, lang).map(|(range, md)| (range, with_source(md, t)))
            })
        })
        .or_else(|| section_hover(analysis, offset, lang))?;
    let _ = text;
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| overlaps(d.range, range))
        .collect();
    for d in here {
        md.push_str(&match lang {
            Lang::Zh => format!(
                "\n\n---\n\n**{}**（{}）：{}",
                d.code,
                d.severity.as_str(),
                d.message
            ),
            Lang::En => format!(
                "\n\n---\n\n**{}** ({}): {}",
                d.code,
                d.severity.as_str(),
                d.message
            ),
        });
        if let Some(info) = rule(d.code) {
            md.push_str("\n\n");
            md.push_str(&rule_doc(info.doc));
        }
    }
    Some(Hover {
        range,
        markdown: md,
    })
}

/// A rule's documentation with its `##` headings made smaller for a hover.
fn rule_doc(doc: &str) -> String {
    doc.lines()
        .map(|l| {
            let l = l.strip_prefix(' ').unwrap_or(l);
            match l.strip_prefix("## ") {
                Some(h) => format!("#### {h}"),
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn with_source(mut md: String, table: &Table) -> String {
    md.push_str(&format!(
        "\n\n*{}·{}（{}）*",
        table.template.title, table.def.title, table.template.document
    ));
    md
}

fn section_hover(analysis: &Analysis, offset: usize, lang: Lang) -> Option<(TextRange, String)> {
    let report = &analysis.report;
    let section = report.sections.iter().find(|s| contains(s.range, offset))?;
    let template = report.template?;
    let def = template
        .sections
        .iter()
        .find(|s| s.number == section.number)?;
    let mut md = format!("**{}**", def.title);
    if let Some(article) = &def.article {
        md.push_str(&format!(
            "\n\n{}{article}",
            tr(lang, "依据：", "Required by: ")
        ));
    }
    if !section.official {
        md.push_str(&match lang {
            Lang::Zh => format!(
                "\n\n原文：「{}」，官方标题为「{}」",
                section.title, def.title
            ),
            Lang::En => format!(
                "\n\nWritten “{}”; the official heading is “{}”",
                section.title, def.title
            ),
        });
    }
    Some((section.range, md))
}

/// Row-id names (short) of a list of row ids.
fn row_names(table: &Table, ids: &[String]) -> String {
    ids.iter()
        .filter_map(|id| {
            let (b, r) = table.def.row_position(id)?;
            Some(short(&table.def.blocks[b].rows[r].label))
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn short(label: &str) -> String {
    match label.find('（').filter(|&i| i > 0) {
        Some(i) if label.ends_with('）') => label[..i].to_string(),
        _ => label.to_string(),
    }
}

fn column_names(table: &Table, block: usize, ids: &[String]) -> String {
    let block = table.block_def(block);
    ids.iter()
        .filter_map(|id| block.columns.iter().find(|c| &c.id == id))
        .map(|c| c.label.clone())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn table_hover(table: &Table, offset: usize, lang: Lang) -> Option<(TextRange, String)> {
    if !contains(table.range.cover(table.anchor_range()), offset) {
        return None;
    }
    // A row label.
    for row in &table.rows {
        let Some(range) = row.label_range.filter(|r| contains(*r, offset)) else {
            continue;
        };
        return Some((range, row_label_hover(table, row, lang)));
    }
    // A value cell.
    for (ri, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.values.iter().enumerate() {
            let Some(range) = cell.range.filter(|r| contains(*r, offset)) else {
                continue;
            };
            return Some((range, cell_hover(table, ri, c, lang)));
        }
    }
    // A header, block or note cell.
    for l in &table.labels {
        if !contains(l.range, offset) {
            continue;
        }
        let md = match l.role {
            LabelRole::Block(b) => {
                let block = table.block_def(b);
                let mut md = format!("**{}**", l.official);
                if let Some(a) = &block.article {
                    md.push_str(&format!(
                        "\n\n{}{a}",
                        tr(lang, "依据：条例 ", "Required by: the Regulations, ")
                    ));
                }
                let rows: Vec<&str> = block.rows.iter().map(|r| r.label.as_str()).collect();
                md.push_str(&format!(
                    "\n\n{}{}",
                    tr(lang, "本项各行：", "Rows of this item: "),
                    rows.join(tr(lang, "、", "; "))
                ));
                md
            }
            LabelRole::Column(b, c) => {
                let col = &table.block_def(b).columns[c];
                let mut md = format!("**{}**", col.label);
                if let Some(g) = &col.group {
                    md.push_str(&format!("（{}）", g.replace('·', " › ")));
                }
                if let Some(d) = &col.description {
                    md.push_str(&format!("\n\n{d}"));
                }
                for rel in &table.def.relations {
                    if let RelationDef::RowTotal { total, parts } = rel {
                        if *total == col.id {
                            md.push_str(&format!(
                                "\n\n{}{} = {}",
                                tr(lang, "每行：", "Each row: "),
                                col.label,
                                column_names(table, b, parts)
                            ));
                        }
                    }
                }
                if let Some(a) = &table.def.article {
                    md.push_str(&format!("\n\n{}{a}", tr(lang, "依据：", "Required by: ")));
                }
                md
            }
            LabelRole::Header => {
                format!("**{}**\n\n{}", l.official, tr(lang, "表头", "Table header"))
            }
            LabelRole::Note => format!("**{}**\n\n{}", tr(lang, "表注", "Table note"), l.official),
        };
        let md = if l.written.split_whitespace().collect::<String>() != l.official
            && !matches!(l.role, LabelRole::Note)
        {
            written_as(md, &l.written.split_whitespace().collect::<String>(), lang)
        } else {
            md
        };
        return Some((l.range, md));
    }
    None
}

/// `md` and how the label was written.
fn written_as(mut md: String, written: &str, lang: Lang) -> String {
    md.push_str(&match lang {
        Lang::Zh => format!("\n\n原文：「{written}」"),
        Lang::En => format!("\n\nWritten “{written}”"),
    });
    md
}

fn row_label_hover(table: &Table, row: &crate::model::Row, lang: Lang) -> String {
    let written = row.written.split_whitespace().collect::<String>();
    let Some(def) = table.row_def(row) else {
        return match lang {
            Lang::Zh => format!(
                "**{written}**\n\n不是「{}」模板中的行（{} 模板）",
                table.def.title, table.template.id
            ),
            Lang::En => format!(
                "**{written}**\n\nNot a row of the table “{}” (template {})",
                table.def.title, table.template.id
            ),
        };
    };
    let block = table.block_def(row.block);
    let mut md = format!("**{}**", def.label);
    if let Some(d) = &def.description {
        md.push_str(&format!("\n\n{d}"));
    }
    if let Some(unit) = &def.unit {
        md.push_str(&format!("\n\n{}{unit}", tr(lang, "单位：", "Unit: ")));
    }
    // The parent chain.
    let mut chain = Vec::new();
    let mut parent = def.parent.as_deref();
    while let Some(p) = parent {
        let Some((b, r)) = table.def.row_position(p) else {
            break;
        };
        let d = &table.def.blocks[b].rows[r];
        chain.push(short(&d.label));
        parent = d.parent.as_deref();
    }
    if !chain.is_empty() {
        chain.reverse();
        md.push_str(&format!(
            "\n\n{}{}",
            tr(lang, "所属：", "Under: "),
            chain.join(" › ")
        ));
    }
    for rel in &table.def.relations {
        match rel {
            RelationDef::ColumnTotal { total, parts } if *total == def.id => {
                md.push_str(&format!(
                    "\n\n{}{}",
                    tr(lang, "每列：本行 = ", "Each column: this row = "),
                    row_names(table, parts)
                ));
            }
            RelationDef::ColumnTotal { total, parts } if parts.contains(&def.id) => {
                md.push_str(&format!(
                    "\n\n{}{}",
                    tr(lang, "计入：", "Counted in: "),
                    row_names(table, std::slice::from_ref(total))
                ));
            }
            RelationDef::Balance { left, right }
                if left.contains(&def.id) || right.contains(&def.id) =>
            {
                md.push_str(&format!(
                    "\n\n{}{} = {}",
                    tr(lang, "勾稽关系：", "Balance: "),
                    row_names(table, left),
                    row_names(table, right)
                ));
            }
            RelationDef::Subset { whole, parts } if parts.contains(&def.id) => {
                md.push_str(&format!(
                    "\n\n{}{}",
                    tr(lang, "不大于：", "At most: "),
                    row_names(table, std::slice::from_ref(whole))
                ));
            }
            _ => {}
        }
    }
    if !def.values {
        md.push_str(tr(
            lang,
            "\n\n本行只作标题，不填数字",
            "\n\nA heading row: no numbers are filled in",
        ));
    }
    match block.article.as_ref().or(table.def.article.as_ref()) {
        Some(a) if block.article.is_some() => md.push_str(&format!(
            "\n\n{}{a}",
            tr(lang, "依据：条例 ", "Required by: the Regulations, ")
        )),
        Some(a) => md.push_str(&format!("\n\n{}{a}", tr(lang, "依据：", "Required by: "))),
        None => {}
    }
    if written != def.label {
        md = written_as(md, &written, lang);
    }
    md
}

fn cell_hover(table: &Table, ri: usize, c: usize, lang: Lang) -> String {
    let row = &table.rows[ri];
    let block = table.block_def(row.block);
    let column = block.columns.get(c);
    let col_name = column.map_or(String::new(), |col| {
        col.group.as_deref().map_or(col.label.clone(), |g| {
            format!("{}·{}", g.split('·').next_back().unwrap_or(g), col.label)
        })
    });
    let row_title = if table.row_def(row).is_some_and(|d| d.implicit) {
        table.def.title.clone()
    } else {
        row_name(table, row)
    };
    let mut md = format!("**{row_title} · {col_name}**");
    if let Some(d) = column.and_then(|c| c.description.as_ref()) {
        md.push_str(&format!("\n\n{d}"));
    }
    let eqs = equations(table);
    for eq in eqs
        .iter()
        .filter(|e| e.lhs == [(ri, c)] && e.kind != RelationKind::Balance)
    {
        let kind = match eq.kind {
            RelationKind::RowTotal => tr(lang, "本行各列之和：", "Sum of this row's columns:"),
            _ => tr(lang, "本列各行之和：", "Sum of this column's rows:"),
        };
        md.push_str(&format!("\n\n{kind}\n"));
        let mut sum: Option<f64> = Some(0.0);
        for &part in &eq.rhs {
            let name = if eq.kind == RelationKind::RowTotal {
                column_label(table, part).to_string()
            } else {
                row_name(table, &table.rows[part.0])
            };
            let v = value(table, part);
            let shown = table.rows[part.0].values.get(part.1).map_or("—", |v| {
                if v.text.is_empty() {
                    "—"
                } else {
                    v.text.as_str()
                }
            });
            md.push_str(&format!("\n- {name}{}{shown}", tr(lang, "：", ": ")));
            sum = match (sum, v) {
                (Some(s), Some(v)) => Some(s + Number::as_f64(v)),
                _ => None,
            };
        }
        let written = value(table, (ri, c)).map(Number::as_f64);
        let zh = lang == Lang::Zh;
        md.push_str(&match (sum, written) {
            (Some(s), Some(w)) if (s - w).abs() < 1e-6 && zh => {
                format!("\n\n合计 **{}**，与填写值一致", fmt(s))
            }
            (Some(s), Some(w)) if (s - w).abs() < 1e-6 => {
                format!("\n\nSum **{}**, as written", fmt(s))
            }
            (Some(s), Some(w)) if zh => {
                format!("\n\n合计 **{}**，填写值 {} 与之不符", fmt(s), fmt(w))
            }
            (Some(s), Some(w)) => format!(
                "\n\nSum **{}**; the written {} does not agree",
                fmt(s),
                fmt(w)
            ),
            (Some(s), None) if zh => format!("\n\n合计 **{}**（本格未填）", fmt(s)),
            (Some(s), None) => format!("\n\nSum **{}** (this cell is blank)", fmt(s)),
            (None, _) => tr(
                lang,
                "\n\n有空白或无法识别的单元格，合计无法计算",
                "\n\nA part is blank or unreadable: no sum",
            )
            .to_string(),
        });
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hover of a report, in English, has no Chinese phrasing of its own (the
    /// template's labels are data and stay Chinese), and the Chinese one has it.
    #[test]
    fn hovers_follow_the_language() {
        let text = crate::skeleton::render(2022, crate::skeleton::Format::Text).unwrap();
        let analysis = crate::model::analyze(&text);
        // The hover's own words (the template's labels, titles and descriptions are data).
        let phrases = [
            "依据：",
            "原文：",
            "单位：",
            "所属：",
            "每列：",
            "每行：",
            "计入：",
            "勾稽关系：",
            "不大于：",
            "本行各列之和",
            "本列各行之和",
            "合计 **",
            "本项各行：",
            "与填写值",
            "官方标题",
        ];
        let (mut seen, mut sums) = (0, 0);
        let mut offset = 0;
        while offset < text.len() {
            let en = hover(&text, &analysis, &[], offset, Lang::En);
            let zh = hover(&text, &analysis, &[], offset, Lang::Zh);
            assert_eq!(en.is_some(), zh.is_some());
            if let (Some(en), Some(zh)) = (en, zh) {
                seen += 1;
                assert_eq!(en.range, zh.range);
                // Outside the bold labels, which are the template's.
                let own: String = en
                    .markdown
                    .split("**")
                    .step_by(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                for p in phrases {
                    assert!(!own.contains(p), "{p} in {}", en.markdown);
                }
                sums += usize::from(en.markdown.contains("\n\nSum **"));
                if zh.markdown.contains("合计 **") {
                    assert!(en.markdown.contains("Sum **"), "{}", en.markdown);
                }
                offset = en.range.end.max(offset + 1);
            } else {
                offset += 1;
            }
            while !text.is_char_boundary(offset) {
                offset += 1;
            }
        }
        assert!(seen > 20 && sums > 0, "{seen} hovers, {sums} sums");
    }
}
