//! A report as a PDF's text layer gives it (`pdftotext`, or a copy from a
//! PDF viewer): prose wrapped at the page's width, one table row per line
//! with its cells between spaces (`一、本年新收政府信息公开申请数量 21 0 0 0 0 0
//! 21`), labels longer than their column wrapped onto the next line with the
//! row's values on the first line, the last, or a line of their own between
//! the pieces; a merged label cell down the side of its rows written before
//! them, on the line of the first, in their middle, or one character per line
//! down the side; headers torn into the pieces their narrow columns hold;
//! page numbers (`- 3 -`) between pages. A blank cell leaves nothing.

use nianbao::template::TableDef;

use super::grid::{grids, Drawing, GCell, GRow, Grid, Kind, RowKind};
use super::{width, About, Out};
use crate::doc::{Part, Style, TableOut};
use crate::rng::Rng;
use crate::Quirk;

/// Where a merged label cell's text lands among its rows' lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    /// On a line of its own before its rows.
    Before,
    /// At the start of its first row's line.
    Inline,
    /// On a line of its own in the middle of its rows (vertically centred).
    Middle,
    /// One character per line down the side (the outermost group only).
    Vertical,
}

/// Where a wrapped row's values land.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Values {
    First,
    Last,
    /// On a line of their own between the label's first two pieces.
    Between,
}

/// How a text layer is written: drawn once per report.
struct Layer {
    title_split: bool,
    /// Prose wrapped at this many columns (CJK characters count two).
    wrap: Option<usize>,
    /// Cells padded to columns (runs of spaces) rather than one space apart.
    padded: bool,
    /// Characters a label column holds at depth 0.
    label_width: usize,
    /// Where wrapped rows put their values: one choice for the report, or
    /// each row drawn.
    values: Option<Values>,
    outer_group: Group,
    inner_group: Group,
    /// Section 三/四 headers torn into pieces of this many characters.
    tear: Option<usize>,
    /// Untorn section 三/四 headers one cell per line rather than one row per line.
    per_cell: bool,
    page_lines: usize,
    page_style: u8,
    drawing: Drawing,
}

impl Layer {
    fn draw(rng: &mut Rng) -> Layer {
        let groups = [Group::Before, Group::Inline, Group::Middle];
        Layer {
            title_split: rng.chance(40),
            wrap: rng.chance(80).then(|| rng.range(52, 68) as usize),
            padded: rng.chance(40),
            label_width: rng.range(12, 24) as usize,
            values: match rng.below(4) {
                0 => Some(Values::First),
                1 => Some(Values::Last),
                2 => Some(Values::Between),
                _ => None,
            },
            outer_group: if rng.chance(30) {
                Group::Vertical
            } else {
                *rng.pick(&groups)
            },
            inner_group: *rng.pick(&groups),
            tear: rng.chance(50).then(|| rng.range(2, 4) as usize),
            per_cell: rng.chance(40),
            page_lines: rng.range(34, 46) as usize,
            page_style: rng.below(10) as u8,
            drawing: Drawing {
                merged_header: rng.chance(70),
                note_in_corner: rng.chance(40),
                heading_across: false,
                split_blocks: false,
            },
        }
    }
}

/// Punctuation a line may not open with, and may not end with (the line-breaking
/// rules Word and PDF typesetting apply to Chinese: 避头尾).
const NO_LINE_START: &str = "”’）)》」』〕】，,。.、；;：:！!？?%…";
const NO_LINE_END: &str = "“‘（(《「『〔【";

/// Moves characters across the breaks between `lines` so that none opens
/// with closing punctuation or ends with opening punctuation.
fn kinsoku(mut lines: Vec<Vec<char>>) -> Vec<String> {
    for i in 1..lines.len() {
        while lines[i].first().is_some_and(|c| NO_LINE_START.contains(*c)) {
            let c = lines[i].remove(0);
            lines[i - 1].push(c);
        }
        while lines[i - 1].len() > 1
            && lines[i - 1]
                .last()
                .is_some_and(|c| NO_LINE_END.contains(*c))
        {
            let c = lines[i - 1].pop().expect("not empty");
            lines[i].insert(0, c);
        }
    }
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.into_iter().collect())
        .collect()
}

/// `text` in pieces of at most `n` characters (a closing mark may overhang).
fn chunks(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    kinsoku(chars.chunks(n.max(1)).map(<[char]>::to_vec).collect())
}

/// Prose wrapped at `columns`.
fn wrap(text: &str, columns: usize) -> Vec<String> {
    let mut lines: Vec<Vec<char>> = Vec::new();
    let mut line: Vec<char> = Vec::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = if c.is_ascii() { 1 } else { 2 };
        if w + cw > columns && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            w = 0;
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    kinsoku(lines)
}

/// Lines that stay on one page: a wrapped row's pieces, a header's lines.
type Unit = Vec<String>;

struct Writer<'a, 'o> {
    layer: Layer,
    style: &'a Style,
    rng: &'a mut Rng,
    out: &'a mut Out<'o>,
    /// The template's section key words, and whether every section heading is
    /// there (else headings are looked for by their words).
    keywords: &'a [&'a str],
    sections_complete: bool,
    units: Vec<Unit>,
}

impl Writer<'_, '_> {
    fn prose(&mut self, text: &str) {
        match self.layer.wrap {
            // Each line of a paragraph may end a page.
            Some(columns) => {
                let lines = wrap(text, columns);
                let named = lines.len() > 1
                    && !self.sections_complete
                    && lines
                        .iter()
                        .any(|l| self.keywords.iter().any(|k| l.contains(k)));
                if named {
                    if self.out.allows(Quirk::WrappedSectionWords) {
                        self.out.wrote(Quirk::WrappedSectionWords);
                    } else {
                        self.units.push(vec![text.to_string()]);
                        return;
                    }
                }
                for line in lines {
                    self.units.push(vec![line]);
                }
            }
            None => self.units.push(vec![text.to_string()]),
        }
    }

    fn line(&mut self, text: &str) {
        self.units.push(vec![text.to_string()]);
    }

    fn join(&self, cells: &[String]) -> String {
        cells.join(" ")
    }

    /// A label cell padded to its column.
    fn pad_label(&self, label: &str, depth: usize) -> String {
        if !self.layer.padded {
            return label.to_string();
        }
        let columns = 2 * self.width_at(depth) + 2;
        let pad = columns.saturating_sub(width(label)).max(2);
        format!("{label}{}", " ".repeat(pad))
    }

    fn values(&self, cells: &[&str]) -> String {
        if self.layer.padded {
            cells
                .iter()
                .map(|v| format!("{v:>6}"))
                .collect::<Vec<_>>()
                .join("")
                .trim_start()
                .to_string()
        } else {
            cells
                .iter()
                .filter(|v| !v.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn width_at(&self, depth: usize) -> usize {
        self.layer.label_width.saturating_sub(3 * depth).max(10)
    }

    fn table(&mut self, table: &TableOut, def: &TableDef) {
        let (grids, note_in_corner) = grids(table, def, self.style, self.layer.drawing);
        if let (Some(note), false) = (&table.note_before, note_in_corner) {
            self.prose(note);
        }
        for grid in &grids {
            self.grid(grid, def);
        }
        if let Some(note) = &table.note_after {
            self.prose(note);
        }
    }

    fn grid(&mut self, grid: &Grid, def: &TableDef) {
        if def.blocks.iter().any(|b| b.unit_column) {
            self.out.wrote(Quirk::StatisticsTable);
        }
        let tearable = def
            .blocks
            .iter()
            .all(|b| b.label.is_none() && !b.unit_column);
        let appeals = def.blocks.iter().any(|b| b.rows.iter().any(|r| r.implicit));
        // Each grid row's lines; lines and prefixes to add around them.
        let mut rows: Vec<Unit> = Vec::new();
        // (row, line): a line of its own before row `row`'s lines.
        let mut before: Vec<(usize, String)> = Vec::new();
        // (row, prefix): text opening row `row`'s first line.
        let mut prefix: Vec<(usize, String)> = Vec::new();
        // Rows whose first line holds no values (a wrapped label's first piece).
        let mut bare_first: Vec<usize> = Vec::new();
        for (r, row) in grid.rows.iter().enumerate() {
            match row.kind {
                RowKind::Block => {
                    let text: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
                    rows.push(vec![self.join(&text)]);
                }
                RowKind::Header => rows.push(self.header(row, tearable, appeals)),
                RowKind::Data => {
                    let own = row
                        .cells
                        .iter()
                        .find(|c| c.kind != Kind::Value && c.rowspan == 1);
                    let values: Vec<&str> = row
                        .cells
                        .iter()
                        .filter(|c| c.kind == Kind::Value)
                        .map(|c| c.text.as_str())
                        .collect();
                    let marks = values.iter().filter(|v| **v == "/").count();
                    let numbers = values
                        .iter()
                        .filter(|v| !v.is_empty() && **v != "/")
                        .count();
                    if marks > 0 && (own.is_none() || numbers == 0) {
                        self.out.wrote(Quirk::BlankMark);
                    }
                    let values = self.values(&values);
                    let lines = match own {
                        None => vec![values],
                        Some(own) => {
                            let depth = own.col;
                            let mut pieces = chunks(&own.text, self.width_at(depth));
                            if pieces.len() > 3 {
                                if self.out.allows(Quirk::LongWrappedLabel) {
                                    self.out.wrote(Quirk::LongWrappedLabel);
                                } else {
                                    pieces =
                                        chunks(&own.text, own.text.chars().count().div_ceil(3));
                                }
                            }
                            if pieces.len() > 1 && !own.official {
                                if self.out.allows(Quirk::WrappedUnofficialLabel) {
                                    self.out.wrote(Quirk::WrappedUnofficialLabel);
                                } else {
                                    pieces = vec![own.text.clone()];
                                }
                            }
                            let mut at = self.layer.values.unwrap_or_else(|| {
                                *self
                                    .rng
                                    .pick(&[Values::First, Values::Last, Values::Between])
                            });
                            if pieces.len() > 1 && at == Values::First && !values.is_empty() {
                                if self.out.allows(Quirk::ValuesOnFirstLine) {
                                    self.out.wrote(Quirk::ValuesOnFirstLine);
                                } else {
                                    at = Values::Last;
                                }
                            }
                            let mut lines: Unit = Vec::new();
                            let sep = if self.layer.padded { "" } else { " " };
                            let with = |piece: &str, values: &str| {
                                if values.is_empty() {
                                    piece.to_string()
                                } else {
                                    format!("{}{sep}{values}", self.pad_label(piece, depth))
                                }
                            };
                            match (pieces.len(), at) {
                                (1, _) => lines.push(with(&pieces[0], &values)),
                                (_, Values::First) => {
                                    lines.push(with(&pieces[0], &values));
                                    lines.extend(pieces[1..].iter().cloned());
                                }
                                (n, Values::Last) => {
                                    lines.extend(pieces[..n - 1].iter().cloned());
                                    lines.push(with(&pieces[n - 1], &values));
                                }
                                (_, Values::Between) => {
                                    lines.push(pieces[0].clone());
                                    if !values.is_empty() {
                                        lines.push(values.clone());
                                    }
                                    lines.extend(pieces[1..].iter().cloned());
                                }
                            }
                            if pieces.len() > 1 && (at != Values::First || values.is_empty()) {
                                bare_first.push(r);
                            }
                            lines
                        }
                    };
                    rows.push(lines);
                    // The merged group labels this row opens.
                    for c in row
                        .cells
                        .iter()
                        .filter(|c| c.kind == Kind::Label && c.rowspan > 1)
                    {
                        let outer = c.col == 0;
                        let mut placement = if outer {
                            self.layer.outer_group
                        } else if self.layer.inner_group == Group::Vertical {
                            Group::Before
                        } else {
                            self.layer.inner_group
                        };
                        if placement == Group::Inline && bare_first.contains(&r) {
                            if self.out.allows(Quirk::GroupOnWrappedLabel) {
                                self.out.wrote(Quirk::GroupOnWrappedLabel);
                            } else {
                                placement = Group::Before;
                            }
                        }
                        let chars: Vec<char> = c.text.chars().collect();
                        match placement {
                            Group::Before => before.push((r, c.text.clone())),
                            Group::Inline => prefix.push((r, c.text.clone())),
                            Group::Middle => before.push((r + c.rowspan / 2, c.text.clone())),
                            Group::Vertical if chars.len() > c.rowspan => {
                                before.push((r, c.text.clone()))
                            }
                            Group::Vertical => {
                                let start = r + (c.rowspan - chars.len()) / 2;
                                for (i, ch) in chars.iter().enumerate() {
                                    let cjk = ('\u{4E00}'..='\u{9FFF}').contains(ch);
                                    if cjk {
                                        prefix.push((start + i, ch.to_string()));
                                    } else {
                                        before.push((start + i, ch.to_string()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Prefixes in the order they open a line: vertical characters before a group's label.
        for (r, text) in prefix.into_iter().rev() {
            if let Some(first) = rows.get_mut(r).and_then(|l| l.first_mut()) {
                *first = format!("{text} {first}");
            }
        }
        let mut units_before: Vec<Vec<String>> = vec![Vec::new(); rows.len() + 1];
        for (r, text) in before {
            units_before[r.min(rows.len())].push(text);
        }
        for (r, lines) in rows.into_iter().enumerate() {
            for text in std::mem::take(&mut units_before[r]) {
                self.units.push(vec![text]);
            }
            if !lines.is_empty() {
                self.units.push(lines);
            }
        }
        for text in std::mem::take(&mut units_before[grid.rows.len()]) {
            self.units.push(vec![text]);
        }
    }

    /// A header row's lines: whole, torn into the pieces narrow columns hold,
    /// or one cell per line.
    fn header(&mut self, row: &GRow, tearable: bool, appeals: bool) -> Unit {
        let mut lines: Unit = Vec::new();
        let mut cells: Vec<&GCell> = Vec::new();
        for c in &row.cells {
            if c.text.is_empty() {
                continue;
            }
            if c.text.chars().count() > 16 {
                // The note in the corner: wrapped in its cell, above the header line.
                lines.extend(chunks(&c.text, self.width_at(0) + 4));
            } else {
                cells.push(c);
            }
        }
        let mut form = match (tearable, self.layer.tear) {
            (false, _) => Header::Whole,
            (true, Some(n)) => Header::Torn(n),
            (true, None) if self.layer.per_cell => Header::PerCell,
            (true, None) => Header::Whole,
        };
        if cells.iter().any(|c| !c.official) {
            self.out.wrote(Quirk::UnofficialHeaderLabel);
        }
        if appeals && form != Header::PerCell {
            if self.out.allows(Quirk::AppealsHeaderWithoutLabelLine) {
                self.out.wrote(Quirk::AppealsHeaderWithoutLabelLine);
            } else {
                form = Header::PerCell;
            }
        }
        match form {
            Header::Torn(n) => {
                let torn: Vec<Vec<String>> = cells.iter().map(|c| chunks(&c.text, n)).collect();
                let depth = torn.iter().map(Vec::len).max().unwrap_or(0);
                for k in 0..depth {
                    let line: Vec<String> = torn
                        .iter()
                        .filter_map(|pieces| pieces.get(k).cloned())
                        .collect();
                    lines.push(self.join(&line));
                }
            }
            Header::Whole if !cells.is_empty() => {
                let text: Vec<String> = cells.iter().map(|c| c.text.clone()).collect();
                lines.push(self.join(&text));
            }
            Header::Whole => {}
            Header::PerCell => lines.extend(cells.iter().map(|c| c.text.clone())),
        }
        lines
    }
}

/// How a header row is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Header {
    /// Its cells on one line.
    Whole,
    /// Its cells torn into pieces of this many characters, piece by piece
    /// across the row (narrow columns).
    Torn(usize),
    /// One cell per line (a text layer in reading order).
    PerCell,
}

/// The text layer.
pub(crate) fn render(
    parts: &[Part],
    style: &Style,
    defs: &[&TableDef],
    about: &About,
    out: &mut Out,
    rng: &mut Rng,
) -> String {
    let layer = Layer::draw(rng);
    let headings = parts
        .iter()
        .filter(|p| {
            matches!(
                p,
                Part::Heading {
                    number: Some(_),
                    ..
                }
            )
        })
        .count();
    let mut w = Writer {
        layer,
        style,
        rng,
        out,
        keywords: about.keywords,
        sections_complete: about.sections == 0 || headings == about.sections,
        units: Vec::new(),
    };
    let mut tables = defs.iter();
    let issuer = Some(about.issuer);
    for part in parts {
        match part {
            Part::Title(t) => {
                let split =
                    issuer.filter(|i| w.layer.title_split && t.starts_with(i) && t.len() > i.len());
                match split {
                    Some(i) => {
                        w.line(i);
                        w.line(&t[i.len()..]);
                    }
                    None => w.line(t),
                }
            }
            Part::Heading { text, .. } => w.line(text),
            Part::Text(t) => w.prose(t),
            Part::Date(t) => w.line(t),
            Part::Table(t) => {
                let def = tables.next().expect("a definition per table");
                w.table(t, def);
            }
        }
    }
    // Pages: a page number after every `page_lines` lines or so, between units.
    let page_lines = w.layer.page_lines;
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for unit in w.units {
        let page = pages.last_mut().expect("a page");
        if !page.is_empty() && page.len() + unit.len() > page_lines {
            pages.push(Vec::new());
        }
        pages.last_mut().expect("a page").extend(unit);
    }
    let total = pages.len();
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        for line in page {
            out.push_str(line);
            out.push('\n');
        }
        let n = i + 1;
        let number = match w.layer.page_style {
            0..=4 => format!("- {n} -"),
            5 | 6 => format!("— {n} —"),
            7 => format!("第 {n} 页"),
            8 => format!("{n} / {total}"),
            _ => format!("-{n}-"),
        };
        out.push_str(&number);
        out.push('\n');
    }
    out
}
