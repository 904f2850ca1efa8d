//! Rendering rows and tables as text in a table's own layout: what inserted
//! rows, migrated tables and report skeletons look like.

use crate::model::{Layout, Table};
use crate::syntax::LineKind;
use crate::template::{BlockDef, RowDef, TableDef};

/// How an existing table writes its rows, so inserted text looks the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    pub layout: Layout,
    /// `" | "`, `"|"` or a tab between cells (row-per-line and Markdown).
    pub separator: String,
    /// Line break: `"\n"` or `"\r\n"`.
    pub eol: String,
    /// Cell-per-line tables: the empty-cell lines that follow each row (`"|"`, `"||"`).
    pub padding: Vec<String>,
    /// Full-width punctuation in labels (`（一）`) or half-width (`(一)`).
    pub full_width: bool,
}

impl Style {
    pub fn markdown(eol: &str) -> Style {
        Style {
            layout: Layout::Markdown,
            separator: " | ".into(),
            eol: eol.into(),
            padding: Vec::new(),
            full_width: true,
        }
    }

    /// The style of an existing table in `text`.
    pub fn of_table(text: &str, analysis: &crate::model::Analysis, table: &Table) -> Style {
        let eol = eol_of(text);
        let mut style = Style {
            layout: table.layout,
            separator: " | ".into(),
            eol: eol.into(),
            padding: Vec::new(),
            full_width: false,
        };
        let labels: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.label_range.map(|l| &text[l.start..l.end]))
            .collect();
        style.full_width =
            labels.iter().any(|l| l.contains('（')) || !labels.iter().any(|l| l.contains('('));
        // Separator and padding from the first labelled row with values.
        if let Some(row) = table
            .rows
            .iter()
            .find(|r| r.label_range.is_some() && !r.values.is_empty())
        {
            let line = analysis.line_index.line_range(text, row.lines.0);
            let s = &text[line.start..line.end];
            if s.contains('|') && !s.contains(" | ") && !s.contains("| ") {
                style.separator = "|".into();
            } else if !s.contains(crate::syntax::is_pipe) && s.contains('\t') {
                // Cells separated by tabs (a Word table converted to text): no terminator.
                style.separator = "\t".into();
            }
            if table.layout == Layout::CellPerLine {
                // Empty-cell lines right after the row's last value line.
                let mut n = row.lines.1 + 1;
                while let Some(l) = analysis.syntax.lines.get(n) {
                    match &l.kind {
                        LineKind::Cells { cells, .. } if cells.iter().all(|c| c.is_empty()) => {
                            style
                                .padding
                                .push(text[l.range.start..l.range.end].to_string());
                        }
                        _ => break,
                    }
                    n += 1;
                }
            }
        }
        style
    }

    /// A label in this style's punctuation width.
    pub fn label(&self, official: &str) -> String {
        if self.full_width {
            official.to_string()
        } else {
            half_width(official)
        }
    }
}

/// The text's line break: `\r\n` when it uses it, else a lone `\r` when it
/// has one and no `\n`, else `\n`.
pub fn eol_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\r') && !text.contains('\n') {
        "\r"
    } else {
        "\n"
    }
}

/// Full-width brackets, colon and comma as their half-width forms (the style
/// of most flattened reports); other punctuation is kept.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            c => c,
        })
        .collect()
}

/// One row, with its line break(s), ready to insert at the start of a line.
pub fn render_row(style: &Style, label: &str, values: &[String]) -> String {
    let mut out = String::new();
    match style.layout {
        Layout::CellPerLine => {
            out.push_str(
                &style
                    .padding
                    .iter()
                    .map(|p| format!("{p}{}", style.eol))
                    .collect::<String>(),
            );
            out.push_str(&format!("{label} |{}", style.eol));
            for v in values {
                out.push_str(&format!("{v} |{}", style.eol));
            }
        }
        Layout::RowPerLine => {
            let sep = &style.separator;
            out.push_str(label);
            for v in values {
                out.push_str(sep);
                out.push_str(v);
            }
            out.push_str(sep.trim_end());
            out.push_str(&style.eol);
        }
        Layout::Markdown => {
            out.push_str("| ");
            out.push_str(label);
            for v in values {
                out.push_str(" | ");
                out.push_str(v);
            }
            out.push_str(" |");
            out.push_str(&style.eol);
        }
    }
    out
}

fn render_cells(style: &Style, cells: &[String]) -> String {
    render_row(style, &cells[0], &cells[1..])
}

/// A whole table in `style`, each value cell from `value(block, row, column)`.
pub fn render_table(
    style: &Style,
    def: &TableDef,
    value: &dyn Fn(&BlockDef, &RowDef, usize) -> String,
) -> String {
    let mut out = String::new();
    let md = style.layout == Layout::Markdown;
    let header = |out: &mut String, cells: Vec<String>| match style.layout {
        Layout::Markdown => {
            out.push_str(&render_row(style, &cells[0], &cells[1..]));
            out.push('|');
            out.push_str(&" --- |".repeat(cells.len()));
            out.push_str(&style.eol);
        }
        _ => out.push_str(&render_row(style, &cells[0], &cells[1..])),
    };
    for block in &def.blocks {
        if let Some(label) = &block.label {
            if md {
                out.push_str(&format!("{}{}", style.label(label), style.eol));
            } else {
                out.push_str(&format!("{} |{}", style.label(label), style.eol));
            }
        }
        let first_header = if block.unit_column {
            vec!["统计指标".to_string(), "单位".to_string()]
        } else if block.rows.iter().any(|r| r.implicit) {
            Vec::new()
        } else if def.headers.iter().any(|h| h == "信息内容") {
            vec!["信息内容".to_string()]
        } else {
            vec![String::new()]
        };
        let mut cells = first_header;
        cells.extend(block.columns.iter().map(|c| style.label(&c.label)));
        if block.rows.iter().any(|r| r.implicit) {
            // Section 四's two-level header: the groups over their columns,
            // each group's name once, then the column labels.
            let group_row = |level: usize| -> Vec<String> {
                let mut last = None;
                block
                    .columns
                    .iter()
                    .map(|c| {
                        let name = c
                            .group
                            .as_deref()
                            .and_then(|g| g.split('·').nth(level))
                            .map(str::to_string);
                        let shown = if name.is_some() && name != last {
                            name.clone().unwrap_or_default()
                        } else {
                            String::new()
                        };
                        if name.is_some() {
                            last = name;
                        }
                        shown
                    })
                    .collect()
            };
            header(&mut out, group_row(0));
            out.push_str(&render_cells(style, &group_row(1)));
            cells = block.columns.iter().map(|c| c.label.clone()).collect();
            out.push_str(&render_cells(style, &cells));
        } else {
            header(&mut out, cells);
        }
        for (r, row) in block.rows.iter().enumerate() {
            let _ = r;
            let mut values: Vec<String> = Vec::new();
            if block.unit_column {
                values.push(row.unit.clone().unwrap_or_default());
            }
            if row.values {
                values.extend((0..block.columns.len()).map(|c| value(block, row, c)));
            } else if md {
                values.extend((0..block.columns.len()).map(|_| String::new()));
            }
            if row.implicit {
                let first = values.first().cloned().unwrap_or_default();
                out.push_str(&render_row(style, &first, &values[1..]));
            } else {
                out.push_str(&render_row(style, &style.label(&row.label), &values));
            }
        }
    }
    out
}
