//! A generated report as structure (headings, paragraphs, tables of rows and
//! cells), written out in one of the three layouts while noting the line of
//! every element, so that expected findings can name their line.

use std::collections::HashMap;

use nianbao::check::render::half_width;
use nianbao::model::Layout;

/// One value cell: its number (in hundredths for money) and how it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub num: Option<i64>,
    pub money: bool,
    pub signed: bool,
    pub text: String,
}

impl Cell {
    pub fn new(num: i64, money: bool, signed: bool, plus: bool) -> Cell {
        let mut cell = Cell {
            num: Some(num),
            money,
            signed,
            text: String::new(),
        };
        cell.text = cell.format(plus);
        cell
    }

    fn format(&self, plus: bool) -> String {
        let Some(n) = self.num else {
            return self.text.clone();
        };
        let body = if self.money {
            let (int, frac) = (n.abs() / 100, n.abs() % 100);
            let s = if frac == 0 {
                int.to_string()
            } else if frac % 10 == 0 {
                format!("{int}.{}", frac / 10)
            } else {
                format!("{int}.{frac:02}")
            };
            if n < 0 {
                format!("-{s}")
            } else {
                s
            }
        } else {
            n.to_string()
        };
        if plus && self.signed && n > 0 {
            format!("+{body}")
        } else {
            body
        }
    }

    /// Sets the number (rewriting the text).
    pub fn set(&mut self, n: i64) {
        self.num = Some(n);
        self.text = self.format(false);
    }

    /// A blank or unreadable cell.
    pub fn blank(text: &str) -> Cell {
        Cell {
            num: None,
            money: false,
            signed: false,
            text: text.to_string(),
        }
    }
}

/// A row as written.
#[derive(Clone, Debug)]
pub struct RowOut {
    /// Unique within the document: what marks and expected findings refer to.
    pub uid: usize,
    /// The template row id (`""` for a row the template does not have).
    pub row_id: String,
    pub label: String,
    /// The unit cell (2008 statistics table).
    pub unit: Option<String>,
    pub values: Vec<Cell>,
    pub extra: Vec<String>,
    /// A label-only row (merged label cell).
    pub label_only: bool,
    /// Section 四's unlabelled row.
    pub implicit: bool,
}

#[derive(Clone, Debug)]
pub struct BlockOut {
    pub label: Option<String>,
    /// Header lines, each a list of cells.
    pub headers: Vec<Vec<String>>,
    pub rows: Vec<RowOut>,
}

#[derive(Clone, Debug)]
pub struct TableOut {
    /// Index of the table in the document (0, 1, …).
    pub number: usize,
    /// A note written as the table's first cell (`（本列数据的勾稽关系为…）`).
    pub note_before: Option<String>,
    /// A note written on its own line after the table (`（注：…）`).
    pub note_after: Option<String>,
    pub blocks: Vec<BlockOut>,
}

impl TableOut {
    pub fn rows(&self) -> impl Iterator<Item = &RowOut> {
        self.blocks.iter().flat_map(|b| &b.rows)
    }

    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut RowOut> {
        self.blocks.iter_mut().flat_map(|b| &mut b.rows)
    }
}

#[derive(Clone, Debug)]
pub enum Part {
    /// The title (a Markdown `#` heading).
    Title(String),
    /// A section heading; `number` 1 … 6 for the template's sections.
    Heading {
        number: Option<u8>,
        text: String,
    },
    /// A paragraph or a short line of prose (signature, 附件).
    Text(String),
    /// The publication date line.
    Date(String),
    Table(TableOut),
}

/// How the document is written.
#[derive(Clone, Debug)]
pub struct Style {
    pub layout: Layout,
    /// Half-width brackets and colons in labels (`(一)`), as most flattened reports.
    pub half_width: bool,
    /// Between cells of a row-per-line table: `" | "` or `"|"`.
    pub separator: &'static str,
    /// Row per line: a label-only row shares the line of the row after it
    /// (`三、本年度办理结果 | (一)予以公开 | 3 | …`).
    pub merge_labels: bool,
    /// Cell per line: an empty-cell line `|` after every row.
    pub pad_rows: bool,
    /// Markdown: block labels in bold.
    pub bold_blocks: bool,
}

impl Style {
    pub fn label(&self, s: &str) -> String {
        if self.half_width {
            half_width(s)
        } else {
            s.to_string()
        }
    }
}

/// Where things were written (0-based lines).
#[derive(Debug, Default)]
pub struct Marks {
    pub label: HashMap<usize, usize>,
    pub value: HashMap<(usize, usize), usize>,
    pub extra: HashMap<usize, usize>,
    /// First line of each table (its first label).
    pub table_first: HashMap<usize, usize>,
    pub heading: HashMap<u8, usize>,
    pub date: Option<usize>,
    pub last_line: usize,
}

struct Out {
    text: String,
    line: usize,
}

impl Out {
    fn push_line(&mut self, s: &str) -> usize {
        let at = self.line;
        self.text.push_str(s);
        self.text.push('\n');
        self.line += 1;
        at
    }

    fn blank(&mut self) {
        self.push_line("");
    }
}

/// Writes the document; returns the text and where everything went.
pub fn render(parts: &[Part], style: &Style) -> (String, Marks) {
    let mut out = Out {
        text: String::with_capacity(20_000),
        line: 0,
    };
    let mut marks = Marks::default();
    let md = style.layout == Layout::Markdown;
    for part in parts {
        match part {
            Part::Title(t) => {
                out.push_line(&if md { format!("# {t}") } else { t.clone() });
                if md {
                    out.blank();
                }
            }
            Part::Heading { number, text } => {
                let at = out.push_line(&if md {
                    format!("## {text}")
                } else {
                    text.clone()
                });
                if let Some(n) = number {
                    marks.heading.insert(*n, at);
                }
                if md {
                    out.blank();
                }
            }
            Part::Text(t) => {
                out.push_line(t);
                if md {
                    out.blank();
                }
            }
            Part::Date(t) => {
                marks.date = Some(out.push_line(t));
                if md {
                    out.blank();
                }
            }
            Part::Table(table) => render_table(&mut out, &mut marks, table, style),
        }
    }
    let text = out.text;
    marks.last_line = text.trim_end().lines().count().saturating_sub(1);
    (text, marks)
}

fn render_table(out: &mut Out, marks: &mut Marks, table: &TableOut, style: &Style) {
    match style.layout {
        Layout::Markdown => markdown_table(out, marks, table, style),
        Layout::RowPerLine => row_table(out, marks, table, style),
        Layout::CellPerLine => cell_table(out, marks, table, style),
    }
}

fn first(marks: &mut Marks, table: &TableOut, line: usize) {
    marks.table_first.entry(table.number).or_insert(line);
}

fn markdown_table(out: &mut Out, marks: &mut Marks, table: &TableOut, style: &Style) {
    if let Some(note) = &table.note_before {
        out.push_line(note);
        out.blank();
    }
    for block in &table.blocks {
        if let Some(label) = &block.label {
            let at = out.push_line(&if style.bold_blocks {
                format!("**{label}**")
            } else {
                label.clone()
            });
            first(marks, table, at);
            out.blank();
        }
        let width =
            block
                .headers
                .iter()
                .map(Vec::len)
                .chain(block.rows.iter().map(|r| {
                    usize::from(!r.implicit) + usize::from(r.unit.is_some()) + r.values.len()
                }))
                .max()
                .unwrap_or(1);
        for (i, header) in block.headers.iter().enumerate() {
            let at = out.push_line(&format!("| {} |", header.join(" | ")));
            first(marks, table, at);
            if i == 0 {
                out.push_line(&format!("|{}", "---|".repeat(width)));
            }
        }
        for row in &block.rows {
            let line = out.line;
            let mut cells: Vec<&str> = Vec::new();
            if !row.implicit {
                cells.push(&row.label);
                marks.label.insert(row.uid, line);
            }
            if let Some(u) = &row.unit {
                cells.push(u);
            }
            if row.label_only {
                let n = width.saturating_sub(cells.len());
                cells.extend(std::iter::repeat_n("", n));
            }
            for (c, v) in row.values.iter().enumerate() {
                marks.value.insert((row.uid, c), line);
                cells.push(&v.text);
            }
            for _ in &row.extra {
                marks.extra.insert(row.uid, line);
            }
            cells.extend(row.extra.iter().map(String::as_str));
            first(marks, table, line);
            out.push_line(&format!("| {} |", cells.join(" | ")));
        }
        out.blank();
    }
    if let Some(note) = &table.note_after {
        out.push_line(note);
        out.blank();
    }
}

fn row_table(out: &mut Out, marks: &mut Marks, table: &TableOut, style: &Style) {
    let sep = style.separator;
    let close = sep.trim_end();
    let join = |cells: &[&str]| format!("{}{close}", cells.join(sep));
    if let Some(note) = &table.note_before {
        let at = out.push_line(&format!("{note}{close}"));
        first(marks, table, at);
    }
    for block in &table.blocks {
        if let Some(label) = &block.label {
            let at = out.push_line(&format!("{label}{close}"));
            first(marks, table, at);
        }
        for header in &block.headers {
            let cells: Vec<&str> = header.iter().map(String::as_str).collect();
            let at = out.push_line(&join(&cells));
            first(marks, table, at);
        }
        let mut pending: Vec<(usize, &str)> = Vec::new();
        for (i, row) in block.rows.iter().enumerate() {
            let next_has_values = block.rows.get(i + 1).is_some_and(|r| !r.label_only);
            if row.label_only && style.merge_labels && next_has_values && row.unit.is_none() {
                pending.push((row.uid, &row.label));
                continue;
            }
            let line = out.line;
            let mut cells: Vec<&str> = Vec::new();
            for (uid, label) in pending.drain(..) {
                marks.label.insert(uid, line);
                cells.push(label);
            }
            if !row.implicit {
                marks.label.insert(row.uid, line);
                cells.push(&row.label);
            }
            if let Some(u) = &row.unit {
                cells.push(u);
            }
            for (c, v) in row.values.iter().enumerate() {
                marks.value.insert((row.uid, c), line);
                cells.push(&v.text);
            }
            if !row.extra.is_empty() {
                marks.extra.insert(row.uid, line);
            }
            cells.extend(row.extra.iter().map(String::as_str));
            first(marks, table, line);
            if row.label_only && row.unit.is_some() {
                // 2008 statistics heading rows: `一、主动公开情况 | ||`.
                out.push_line(&format!("{}{sep}||", row.label));
            } else {
                out.push_line(&join(&cells));
            }
        }
    }
    if let Some(note) = &table.note_after {
        out.push_line(note);
    }
}

fn cell_table(out: &mut Out, marks: &mut Marks, table: &TableOut, style: &Style) {
    if let Some(note) = &table.note_before {
        let at = out.push_line(&format!("{note} |"));
        first(marks, table, at);
    }
    for block in &table.blocks {
        if let Some(label) = &block.label {
            let at = out.push_line(&format!("{label} |"));
            first(marks, table, at);
            if style.pad_rows {
                out.push_line(&"|".repeat(block.headers.first().map_or(1, Vec::len)));
            }
        }
        for header in &block.headers {
            for cell in header.iter().filter(|c| !c.is_empty()) {
                let at = out.push_line(&format!("{cell} |"));
                first(marks, table, at);
            }
            if style.pad_rows {
                out.push_line("|");
            }
        }
        for row in &block.rows {
            if !row.implicit {
                let at = out.push_line(&format!("{} |", row.label));
                marks.label.insert(row.uid, at);
                first(marks, table, at);
            }
            if let Some(u) = &row.unit {
                if !row.label_only {
                    out.push_line(&format!("{u} |"));
                }
            }
            for (c, v) in row.values.iter().enumerate() {
                let at = out.push_line(&format!("{} |", v.text));
                marks.value.insert((row.uid, c), at);
                first(marks, table, at);
            }
            for e in &row.extra {
                let at = out.push_line(&format!("{e} |"));
                marks.extra.entry(row.uid).or_insert(at);
            }
            if style.pad_rows && !row.label_only {
                out.push_line("|");
            }
        }
    }
    if let Some(note) = &table.note_after {
        out.push_line(note);
    }
}

/// The layout's name in file names and expected-findings files.
pub fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::CellPerLine => "cell-per-line",
        Layout::RowPerLine => "row-per-line",
        Layout::Markdown => "markdown",
    }
}
