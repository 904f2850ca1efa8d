//! Hover: what a label or a cell is. On a row, column or block label: the official label, what
//! it counts and the article of the regulation that requires it; on a total cell: the computed
//! sum and the cells it adds up; on a section heading: the official heading and its article.
//! Findings at the place come with their rule's documentation.

use crate::check::rules::support::{column_label, equations, fmt, row_name, value, RelationKind};
use crate::check::{rule, Diagnostic};
use crate::model::{Analysis, LabelRole, Number, Table};
use crate::template::RelationDef;
use crate::text::TextRange;

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

/// The hover at byte `offset`, with `findings` of the same text.
#[must_use]
pub fn hover(
    text: &str,
    analysis: &Analysis,
    findings: &[Diagnostic],
    offset: usize,
) -> Option<Hover> {
    let report = &analysis.report;
    let (range, mut md) = None
        .or_else(|| {
            report
                .tables
                .iter()
                .find_map(|t| table_hover(t, offset).map(|(range, md)| (range, with_source(md, t))))
        })
        .or_else(|| section_hover(analysis, offset))?;
    let _ = text;
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| overlaps(d.range, range))
        .collect();
    for d in here {
        md.push_str(&format!(
            "\n\n---\n\n**{}**（{}）：{}",
            d.code,
            d.severity.as_str(),
            d.message
        ));
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

fn section_hover(analysis: &Analysis, offset: usize) -> Option<(TextRange, String)> {
    let report = &analysis.report;
    let section = report.sections.iter().find(|s| contains(s.range, offset))?;
    let template = report.template?;
    let def = template
        .sections
        .iter()
        .find(|s| s.number == section.number)?;
    let mut md = format!("**{}**", def.title);
    if let Some(article) = &def.article {
        md.push_str(&format!("\n\n依据：{article}"));
    }
    if !section.official {
        md.push_str(&format!(
            "\n\n原文：「{}」，官方标题为「{}」",
            section.title, def.title
        ));
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

fn table_hover(table: &Table, offset: usize) -> Option<(TextRange, String)> {
    if !contains(table.range.cover(table.anchor_range()), offset) {
        return None;
    }
    // A row label.
    for row in &table.rows {
        let Some(range) = row.label_range.filter(|r| contains(*r, offset)) else {
            continue;
        };
        return Some((range, row_label_hover(table, row)));
    }
    // A value cell.
    for (ri, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.values.iter().enumerate() {
            let Some(range) = cell.range.filter(|r| contains(*r, offset)) else {
                continue;
            };
            return Some((range, cell_hover(table, ri, c)));
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
                    md.push_str(&format!("\n\n依据：条例 {a}"));
                }
                let rows: Vec<&str> = block.rows.iter().map(|r| r.label.as_str()).collect();
                md.push_str(&format!("\n\n本项各行：{}", rows.join("、")));
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
                                "\n\n每行：{} = {}",
                                col.label,
                                column_names(table, b, parts)
                            ));
                        }
                    }
                }
                if let Some(a) = &table.def.article {
                    md.push_str(&format!("\n\n依据：{a}"));
                }
                md
            }
            LabelRole::Header => format!("**{}**\n\n表头", l.official),
            LabelRole::Note => format!("**表注**\n\n{}", l.official),
        };
        let md = if l.written.split_whitespace().collect::<String>() != l.official
            && !matches!(l.role, LabelRole::Note)
        {
            format!(
                "{md}\n\n原文：「{}」",
                l.written.split_whitespace().collect::<String>()
            )
        } else {
            md
        };
        return Some((l.range, md));
    }
    None
}

fn row_label_hover(table: &Table, row: &crate::model::Row) -> String {
    let written = row.written.split_whitespace().collect::<String>();
    let Some(def) = table.row_def(row) else {
        return format!(
            "**{written}**\n\n不是「{}」模板中的行（{} 模板）",
            table.def.title, table.template.id
        );
    };
    let block = table.block_def(row.block);
    let mut md = format!("**{}**", def.label);
    if let Some(d) = &def.description {
        md.push_str(&format!("\n\n{d}"));
    }
    if let Some(unit) = &def.unit {
        md.push_str(&format!("\n\n单位：{unit}"));
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
        md.push_str(&format!("\n\n所属：{}", chain.join(" › ")));
    }
    for rel in &table.def.relations {
        match rel {
            RelationDef::ColumnTotal { total, parts } if *total == def.id => {
                md.push_str(&format!("\n\n每列：本行 = {}", row_names(table, parts)));
            }
            RelationDef::ColumnTotal { total, parts } if parts.contains(&def.id) => {
                md.push_str(&format!(
                    "\n\n计入：{}",
                    row_names(table, std::slice::from_ref(total))
                ));
            }
            RelationDef::Balance { left, right }
                if left.contains(&def.id) || right.contains(&def.id) =>
            {
                md.push_str(&format!(
                    "\n\n勾稽关系：{} = {}",
                    row_names(table, left),
                    row_names(table, right)
                ));
            }
            RelationDef::Subset { whole, parts } if parts.contains(&def.id) => {
                md.push_str(&format!(
                    "\n\n不大于：{}",
                    row_names(table, std::slice::from_ref(whole))
                ));
            }
            _ => {}
        }
    }
    if !def.values {
        md.push_str("\n\n本行只作标题，不填数字");
    }
    match block.article.as_ref().or(table.def.article.as_ref()) {
        Some(a) if block.article.is_some() => md.push_str(&format!("\n\n依据：条例 {a}")),
        Some(a) => md.push_str(&format!("\n\n依据：{a}")),
        None => {}
    }
    if written != def.label {
        md.push_str(&format!("\n\n原文：「{written}」"));
    }
    md
}

fn cell_hover(table: &Table, ri: usize, c: usize) -> String {
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
            RelationKind::RowTotal => "本行各列之和",
            _ => "本列各行之和",
        };
        md.push_str(&format!("\n\n{kind}：\n"));
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
            md.push_str(&format!("\n- {name}：{shown}"));
            sum = match (sum, v) {
                (Some(s), Some(v)) => Some(s + Number::as_f64(v)),
                _ => None,
            };
        }
        let written = value(table, (ri, c)).map(Number::as_f64);
        match (sum, written) {
            (Some(s), Some(w)) if (s - w).abs() < 1e-6 => {
                md.push_str(&format!("\n\n合计 **{}**，与填写值一致", fmt(s)));
            }
            (Some(s), Some(w)) => md.push_str(&format!(
                "\n\n合计 **{}**，填写值 {} 与之不符",
                fmt(s),
                fmt(w)
            )),
            (Some(s), None) => md.push_str(&format!("\n\n合计 **{}**（本格未填）", fmt(s))),
            (None, _) => md.push_str("\n\n有空白或无法识别的单元格，合计无法计算"),
        }
    }
    md
}
