//! Completion: at the start of a table row, the template rows the table lacks (inserted with
//! empty cells in the table's own layout); at a heading, the official section headings; after
//! `第二十条第`, the blocks of section 二 in the report's template generation.

use crate::check::render::{half_width, render_row, Style};
use crate::model::{Analysis, Layout, Table};
use crate::syntax::LineKind;
use crate::template::{Template, Templates};
use crate::text::normalize::label_key;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A template row missing from the table.
    Row,
    /// An official section heading.
    Heading,
    /// A `第二十条第（X）项` block.
    Block,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows (the official label).
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// The text replaced (what was typed of the item), and what replaces it.
    pub replace: TextRange,
    pub insert: String,
    /// The text the client filters on (matches what was typed).
    pub filter: String,
    /// The order of the list.
    pub sort: String,
}

const ARTICLE_20: &str = "第二十条第";

/// The template generation to complete with: the report's, else the one in force for `year`,
/// else the newest.
fn generation(analysis: &Analysis<'static>, year: Option<i32>) -> &'static Template {
    let templates = Templates::builtin();
    analysis
        .report
        .template
        .or_else(|| {
            year.or(analysis.report.year.as_ref().map(|y| y.value))
                .and_then(|y| templates.in_force(y))
                .map(|(t, _)| t)
        })
        .unwrap_or_else(|| templates.templates.last().expect("a template"))
}

/// Completions at byte `offset`. `year` is the configured report year, if any.
#[must_use]
pub fn completions(
    text: &str,
    analysis: &Analysis<'static>,
    offset: usize,
    year: Option<i32>,
) -> Vec<Completion> {
    let idx = &analysis.line_index;
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let line_no = idx.line_of(offset);
    let line = idx.line_range(text, line_no);
    let offset = offset.clamp(line.start, line.end);
    let before = &text[line.start..offset];
    let after = &text[offset..line.end];
    let template = generation(analysis, year);

    // After `第二十条第`: the blocks.
    let trimmed = before.trim_end();
    let (opened, stem) = match trimmed.strip_suffix(['（', '(']) {
        Some(s) => (true, s),
        None => (false, trimmed),
    };
    if stem.ends_with(ARTICLE_20) {
        // Half-width brackets when typed so, or when the document writes its blocks so.
        let half = if opened {
            trimmed.ends_with('(')
        } else {
            text.contains("第二十条第(") && !text.contains("第二十条第（")
        };
        let start = line.start + stem.len();
        return blocks(template, TextRange::new(start, offset), half);
    }

    let mut out = Vec::new();
    let in_table = analysis
        .report
        .tables
        .iter()
        .find(|t| t.lines.0 <= line_no && line_no <= t.lines.1 + 1);
    let typed = before.trim_start();
    // At the start of a table row: nothing but (for Markdown) an opening pipe before the cursor.
    let row_prefix = typed.strip_prefix(['|', '｜']).unwrap_or(typed);
    if let Some(table) = in_table {
        if !row_prefix.contains(['|', '｜']) {
            out.extend(missing_rows(
                text,
                analysis,
                table,
                TextRange::new(line.start, offset),
                after.trim().is_empty(),
            ));
        }
    }
    // At a heading.
    let in_table_lines = analysis
        .report
        .tables
        .iter()
        .any(|t| t.lines.0 <= line_no && line_no <= t.lines.1);
    let is_text = analysis
        .syntax
        .lines
        .get(line_no)
        .is_none_or(|l| matches!(l.kind, LineKind::Text { .. } | LineKind::Blank));
    if !in_table_lines && is_text {
        out.extend(headings(analysis, template, text, line, offset));
    }
    out
}

fn blocks(template: &Template, replace: TextRange, half: bool) -> Vec<Completion> {
    let Some(table) = template
        .tables
        .iter()
        .find(|t| t.kind == crate::template::TableKind::Proactive)
    else {
        return Vec::new();
    };
    table
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let label = b.label.as_ref()?;
            let rest = label.strip_prefix(ARTICLE_20)?;
            let insert = if half {
                half_width(rest)
            } else {
                rest.to_string()
            };
            Some(Completion {
                label: label.clone(),
                kind: CompletionKind::Block,
                detail: b.article.clone().map(|a| format!("条例 {a}")),
                documentation: Some(format!(
                    "{} 模板的列：{}",
                    template.id,
                    b.columns
                        .iter()
                        .map(|c| c.label.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )),
                replace,
                filter: insert.clone(),
                insert,
                sort: format!("{i:02}"),
            })
        })
        .collect()
}

fn missing_rows(
    text: &str,
    analysis: &Analysis,
    table: &Table,
    replace: TextRange,
    line_is_empty_after: bool,
) -> Vec<Completion> {
    let mut style = Style::of_table(text, analysis, table);
    style.padding.clear();
    let mut out = Vec::new();
    for (b, block) in table.def.blocks.iter().enumerate() {
        for (r, row) in block.rows.iter().enumerate() {
            if row.implicit || table.rows_for((b, r)).next().is_some() {
                continue;
            }
            let label = style.label(&row.label);
            let mut values: Vec<String> = Vec::new();
            if block.unit_column {
                values.push(row.unit.clone().unwrap_or_default());
            }
            if row.values || table.layout == Layout::Markdown {
                values.extend(block.columns.iter().map(|_| String::new()));
            }
            let mut insert = render_row(&style, &label, &values);
            if line_is_empty_after {
                // The line break is already there.
                let trimmed = insert.trim_end_matches(['\r', '\n']).len();
                insert.truncate(trimmed);
            }
            if table.layout == Layout::Markdown {
                // `| 规章 |  |  |` → `| 规章 | | |`: one space in an empty cell.
                insert = insert.replace("|  |", "| |").replace("|  |", "| |");
            }
            let filter = if table.layout == Layout::Markdown {
                format!("| {label}")
            } else {
                label.clone()
            };
            out.push(Completion {
                label: row.label.clone(),
                kind: CompletionKind::Row,
                detail: Some(match &block.label {
                    Some(l) => format!("缺少的行 · {l}"),
                    None => format!("缺少的行 · {}", table.def.title),
                }),
                documentation: row.description.clone(),
                replace,
                insert,
                filter,
                sort: format!("0{b:02}{r:03}"),
            });
        }
    }
    out
}

const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

fn headings(
    analysis: &Analysis,
    template: &Template,
    text: &str,
    line: TextRange,
    offset: usize,
) -> Vec<Completion> {
    // A template without sections (2008): offer the newest template's headings.
    let template = if template.sections.is_empty() {
        Templates::builtin()
            .templates
            .iter()
            .rev()
            .find(|t| !t.sections.is_empty())
            .unwrap_or(template)
    } else {
        template
    };
    let before = &text[line.start..offset];
    let hashes = before.trim_start().len() - before.trim_start().trim_start_matches('#').len();
    let content_start = line.start + before.len()
        - before
            .trim_start()
            .trim_start_matches('#')
            .trim_start()
            .len();
    let typed = &text[content_start..offset];
    let key = label_key(typed);
    let heading_like = typed.is_empty()
        || typed.starts_with(NUMERALS)
        || template
            .sections
            .iter()
            .any(|s| label_key(&s.title).starts_with(&key));
    if !heading_like {
        return Vec::new();
    }
    let markdown = hashes == 0
        && analysis.report.sections.iter().any(|s| {
            analysis.syntax.lines.get(s.line).is_some_and(|l| {
                matches!(
                    l.kind,
                    LineKind::Text {
                        markdown_heading: Some(_),
                        ..
                    }
                )
            })
        });
    template
        .sections
        .iter()
        .map(|s| {
            let present = analysis.report.section(s.number).is_some();
            Completion {
                label: s.title.clone(),
                kind: CompletionKind::Heading,
                detail: Some(if present {
                    "章节标题".to_string()
                } else {
                    "章节标题 · 本报告缺少".to_string()
                }),
                documentation: s.article.clone(),
                replace: TextRange::new(content_start, offset),
                insert: if markdown {
                    format!("## {}", s.title)
                } else {
                    s.title.clone()
                },
                filter: s.title.clone(),
                sort: format!("1{}", s.number),
            }
        })
        .collect()
}
