//! A table as it is drawn: a grid of cells, label cells merged over the rows
//! and columns they head, as the official templates are laid out in Word and
//! pasted into pages — `三、本年度办理结果` down the side of all its rows,
//! `（三）不予公开` down its reasons, `一、本年新收…` across the label columns,
//! section 四's two-level header. The HTML, `.docx` and text-layer writers draw
//! from it.

use nianbao::template::{BlockDef, TableDef};

use crate::doc::{Style, TableOut};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A row or block label.
    Label,
    /// A column header, or the table's note in the header's corner.
    Header,
    /// A value cell (maybe blank).
    Value,
}

#[derive(Clone, Debug)]
pub struct GCell {
    pub text: String,
    /// First grid column.
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub kind: Kind,
    /// The template's own label (a label or header cell as the template
    /// writes it); false for a mistyped or unknown one.
    pub official: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A block label across the table (`第二十条第（一）项`).
    Block,
    Header,
    Data,
}

#[derive(Clone, Debug)]
pub struct GRow {
    pub kind: RowKind,
    /// The cells that start in this row, by column.
    pub cells: Vec<GCell>,
}

#[derive(Clone, Debug)]
pub struct Grid {
    /// Grid columns (a row with extra values has cells past them).
    pub width: usize,
    /// Label columns, before the unit and value columns.
    pub label_columns: usize,
    pub rows: Vec<GRow>,
}

/// How a table is drawn.
#[derive(Clone, Copy, Debug, Default)]
pub struct Drawing {
    /// Section 三's header in three rows (`申请人情况` / `自然人 | 法人或其他组织 |
    /// 总计` / `商业企业 …`) rather than one.
    pub merged_header: bool,
    /// The table's note in the header's corner cell rather than before the table.
    pub note_in_corner: bool,
    /// A heading row without values (2008 `一、主动公开情况`) as one cell
    /// across the table rather than a label and blank cells.
    pub heading_across: bool,
    /// Each block a table of its own.
    pub split_blocks: bool,
}

/// The rows a row is under (`refused_1` → `refused`, `results`), nearest first.
fn ancestors<'d>(block: &'d BlockDef, id: &str) -> Vec<&'d str> {
    let mut out = Vec::new();
    let mut current = id;
    while let Some(parent) = block
        .rows
        .iter()
        .find(|r| r.id == current)
        .and_then(|r| r.parent.as_deref())
    {
        if out.contains(&parent) || out.len() > 8 {
            break;
        }
        out.push(parent);
        current = parent;
    }
    out
}

/// Grid columns the labels of a block take: one more than its deepest row.
fn label_columns(block: &BlockDef) -> usize {
    if block.rows.iter().all(|r| r.implicit) {
        return 0;
    }
    1 + block
        .rows
        .iter()
        .map(|r| ancestors(block, &r.id).len())
        .max()
        .unwrap_or(0)
}

fn cell(text: &str, col: usize, rowspan: usize, colspan: usize, kind: Kind) -> GCell {
    GCell {
        text: text.to_string(),
        col,
        rowspan: rowspan.max(1),
        colspan: colspan.max(1),
        kind,
        official: true,
    }
}

/// A label cell, official or not.
fn label_cell(text: &str, col: usize, rowspan: usize, colspan: usize, official: bool) -> GCell {
    GCell {
        official,
        ..cell(text, col, rowspan, colspan, Kind::Label)
    }
}

/// The grids a table is drawn as: one, or one per block. The note is in the
/// corner only when the drawing says so and the header has a corner; the
/// returned flag tells whether it was placed there.
pub fn grids(
    table: &TableOut,
    def: &TableDef,
    style: &Style,
    drawing: Drawing,
) -> (Vec<Grid>, bool) {
    let shape = |b: usize| {
        let block = &def.blocks[b];
        (
            label_columns(block),
            usize::from(block.unit_column),
            block.columns.len(),
        )
    };
    let width_of = |bs: &[usize]| {
        bs.iter()
            .map(|&b| {
                let (l, u, v) = shape(b);
                l + u + v
            })
            .max()
            .unwrap_or(1)
    };
    let groups: Vec<Vec<usize>> = if drawing.split_blocks {
        (0..table.blocks.len()).map(|b| vec![b]).collect()
    } else {
        vec![(0..table.blocks.len()).collect()]
    };
    let mut note_placed = false;
    let mut out = Vec::new();
    for blocks in groups {
        let width = width_of(&blocks);
        let label_cols = blocks.iter().map(|&b| shape(b).0).max().unwrap_or(0);
        let mut rows: Vec<GRow> = Vec::new();
        for &b in &blocks {
            let block_def = &def.blocks[b];
            let block = &table.blocks[b];
            let (l, u, _) = shape(b);
            if let Some(label) = &block.label {
                let official =
                    block_def.label.as_deref().map(|l| style.label(l)).as_ref() == Some(label);
                rows.push(GRow {
                    kind: RowKind::Block,
                    cells: vec![label_cell(label, 0, 1, width, official)],
                });
            }
            let labels: Vec<String> = block.headers.last().cloned().unwrap_or_default();
            let implicit = block_def.rows.iter().any(|r| r.implicit);
            if block_def.unit_column || block_def.label.is_some() {
                // `统计指标 | 单位 | 统计数`, `信息内容 | 本年制发件数 | …`: as written, the
                // last header across the rest of the table.
                let n = labels.len();
                let cells = labels
                    .iter()
                    .enumerate()
                    .map(|(i, h)| {
                        let span = if i + 1 == n {
                            width - i.min(width - 1)
                        } else {
                            1
                        };
                        cell(h, i, 1, span, Kind::Header)
                    })
                    .collect();
                rows.push(GRow {
                    kind: RowKind::Header,
                    cells,
                });
            } else if implicit {
                rows.extend(group_header(block_def, &labels, style));
            } else {
                // Section 三: the corner over the label columns, then the columns.
                let values: Vec<String> = labels.iter().skip(1).cloned().collect();
                let note = table
                    .note_before
                    .as_deref()
                    .filter(|_| drawing.note_in_corner);
                note_placed |= note.is_some();
                let corner = note.unwrap_or("");
                let n = values.len();
                if drawing.merged_header && def.headers.len() >= 2 && n >= 3 {
                    let h0 = style.label(&def.headers[0]);
                    let h1 = style.label(&def.headers[1]);
                    rows.push(GRow {
                        kind: RowKind::Header,
                        cells: vec![
                            cell(corner, 0, 3, l, Kind::Header),
                            cell(&h0, l, 1, n, Kind::Header),
                        ],
                    });
                    rows.push(GRow {
                        kind: RowKind::Header,
                        cells: vec![
                            cell(&values[0], l, 2, 1, Kind::Header),
                            cell(&h1, l + 1, 1, n - 2, Kind::Header),
                            cell(&values[n - 1], l + n - 1, 2, 1, Kind::Header),
                        ],
                    });
                    rows.push(GRow {
                        kind: RowKind::Header,
                        cells: values[1..n - 1]
                            .iter()
                            .enumerate()
                            .map(|(i, h)| cell(h, l + 1 + i, 1, 1, Kind::Header))
                            .collect(),
                    });
                } else {
                    let mut cells = vec![cell(corner, 0, 1, l, Kind::Header)];
                    cells.extend(
                        values
                            .iter()
                            .enumerate()
                            .map(|(i, h)| cell(h, l + i, 1, 1, Kind::Header)),
                    );
                    rows.push(GRow {
                        kind: RowKind::Header,
                        cells,
                    });
                }
            }
            // The rows: a label-only row heads the rows under it that follow it.
            let mut pending: Vec<GCell> = Vec::new();
            for (i, row) in block.rows.iter().enumerate() {
                let official = block_def
                    .rows
                    .iter()
                    .find(|r| r.id == row.row_id)
                    .is_some_and(|r| style.label(&r.label) == row.label);
                let depth = if row.row_id.is_empty() {
                    0
                } else {
                    ancestors(block_def, &row.row_id).len()
                };
                if row.label_only {
                    let under = block.rows[i + 1..]
                        .iter()
                        .take_while(|r| {
                            ancestors(block_def, &r.row_id).contains(&row.row_id.as_str())
                        })
                        .filter(|r| !r.label_only)
                        .count();
                    if under > 0 {
                        pending.push(label_cell(&row.label, depth, under, 1, official));
                        continue;
                    }
                    let mut cells = std::mem::take(&mut pending);
                    if drawing.heading_across {
                        cells.push(label_cell(&row.label, depth, 1, width - depth, official));
                    } else {
                        cells.push(label_cell(&row.label, depth, 1, l - depth, official));
                        for c in l..width {
                            cells.push(cell("", c, 1, 1, Kind::Value));
                        }
                    }
                    rows.push(GRow {
                        kind: RowKind::Data,
                        cells,
                    });
                    continue;
                }
                let mut cells = std::mem::take(&mut pending);
                if !row.implicit {
                    cells.push(label_cell(
                        &row.label,
                        depth,
                        1,
                        l.max(depth + 1) - depth,
                        official,
                    ));
                }
                let mut col = l;
                if let Some(unit) = &row.unit {
                    cells.push(cell(unit, col, 1, 1, Kind::Value));
                    col += u;
                }
                let n = row.values.len();
                for (c, value) in row.values.iter().enumerate() {
                    // The last value across the rest of a table wider than its block.
                    let span = if c + 1 == n {
                        width.saturating_sub(col).max(1)
                    } else {
                        1
                    };
                    cells.push(cell(&value.text, col, 1, span, Kind::Value));
                    col += span;
                }
                for extra in &row.extra {
                    cells.push(cell(extra, col, 1, 1, Kind::Value));
                    col += 1;
                }
                rows.push(GRow {
                    kind: RowKind::Data,
                    cells,
                });
            }
        }
        // Header cells the template does not write (a column's variant label).
        let known: Vec<String> = def
            .headers
            .iter()
            .chain(def.notes.iter())
            .chain(
                blocks
                    .iter()
                    .flat_map(|&b| def.blocks[b].columns.iter().map(|c| &c.label)),
            )
            .map(|l| style.label(l))
            .chain(def.blocks.iter().flat_map(|b| {
                b.columns
                    .iter()
                    .filter_map(|c| c.group.as_deref())
                    .flat_map(|g| g.split('·'))
                    .map(|g| style.label(g))
            }))
            .collect();
        for row in rows.iter_mut().filter(|r| r.kind == RowKind::Header) {
            for c in &mut row.cells {
                c.official = c.text.is_empty() || known.contains(&c.text);
            }
        }
        out.push(Grid {
            width,
            label_columns: label_cols,
            rows,
        });
    }
    (out, note_placed)
}

/// Section 四's header: the column groups (`行政复议`, `行政诉讼` ›
/// `未经复议直接起诉`), each over its columns, a column without a group at a
/// level down to the last header row.
fn group_header(block: &BlockDef, labels: &[String], style: &Style) -> Vec<GRow> {
    let paths: Vec<Vec<String>> = block
        .columns
        .iter()
        .map(|c| {
            c.group
                .as_deref()
                .map(|g| g.split('·').map(|s| style.label(s)).collect())
                .unwrap_or_default()
        })
        .collect();
    let levels = paths.iter().map(Vec::len).max().unwrap_or(0) + 1;
    let mut rows: Vec<GRow> = (0..levels)
        .map(|_| GRow {
            kind: RowKind::Header,
            cells: Vec::new(),
        })
        .collect();
    for level in 0..levels {
        let mut c = 0;
        while c < paths.len() {
            let path = &paths[c];
            if level > path.len() {
                c += 1;
                continue;
            }
            if level == path.len() {
                // The column's own label, down to the last header row.
                let label = labels.get(c).cloned().unwrap_or_default();
                rows[level]
                    .cells
                    .push(cell(&label, c, levels - level, 1, Kind::Header));
                c += 1;
                continue;
            }
            let prefix = &path[..=level];
            let mut end = c + 1;
            while end < paths.len() && paths[end].len() > level && paths[end][..=level] == *prefix {
                end += 1;
            }
            rows[level]
                .cells
                .push(cell(&path[level], c, 1, end - c, Kind::Header));
            c = end;
        }
    }
    rows
}

/// For each grid row, what lies at each grid column: the cell that starts
/// there, or the cell (row, index) above that covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Start(usize),
    /// Covered by cell `index` of row `row`, a row above; `first` at its first column.
    Below {
        row: usize,
        index: usize,
        first: bool,
    },
    /// Covered by the cell to the left (a column span).
    Right,
    Free,
}

/// The slots of every row (extra cells past the grid's width included).
pub fn slots(grid: &Grid) -> Vec<Vec<Slot>> {
    let width = grid
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.col + c.colspan))
        .max()
        .unwrap_or(grid.width)
        .max(grid.width);
    let mut out = vec![vec![Slot::Free; width]; grid.rows.len()];
    for (r, row) in grid.rows.iter().enumerate() {
        for (i, c) in row.cells.iter().enumerate() {
            for dr in 0..c.rowspan {
                for dc in 0..c.colspan {
                    let (rr, cc) = (r + dr, c.col + dc);
                    if rr >= out.len() || cc >= width {
                        continue;
                    }
                    out[rr][cc] = match (dr, dc) {
                        (0, 0) => Slot::Start(i),
                        (0, _) => Slot::Right,
                        (_, 0) => Slot::Below {
                            row: r,
                            index: i,
                            first: true,
                        },
                        _ => Slot::Below {
                            row: r,
                            index: i,
                            first: false,
                        },
                    };
                }
            }
        }
    }
    out
}
