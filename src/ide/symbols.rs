//! The outline of a report: its sections, the tables in them, and in each table its blocks
//! (`第二十条第（X）项`) or row groups (`三、本年度办理结果` › `（三）不予公开` › rows).

use crate::model::{Analysis, LabelRole, Row, Table};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Table,
    /// A `第二十条第（X）项` block of section 二.
    Block,
    /// A row, with the rows under it (a label-only row is a group).
    Row,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol spans (children included).
    pub range: TextRange,
    /// What to select: the heading or the label.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

/// The range of a row's cells: label, unit, values, extra values.
#[must_use]
pub fn row_range(row: &Row) -> Option<TextRange> {
    row.label_range
        .into_iter()
        .chain(row.unit)
        .chain(row.values.iter().chain(&row.extra).filter_map(|v| v.range))
        .reduce(TextRange::cover)
}

fn cover_children(symbol: &mut Symbol) {
    for c in &mut symbol.children {
        cover_children(c);
        symbol.range = symbol.range.cover(c.range);
    }
}

/// The parent row id of a 2008 statistics indicator (`s3_3_4_secret` → `s3_3_4`), whose
/// template gives no parents: the longest other id that prefixes it.
fn prefix_parent<'a>(table: &'a Table, id: &str) -> Option<&'a str> {
    table
        .def
        .blocks
        .iter()
        .flat_map(|b| &b.rows)
        .map(|r| r.id.as_str())
        .filter(|p| id.len() > p.len() && id.starts_with(p) && id.as_bytes()[p.len()] == b'_')
        .max_by_key(|p| p.len())
}

fn table_symbol(table: &Table) -> Symbol {
    let mut root: Vec<Symbol> = Vec::new();
    // Per block present: its symbol (when the block has a label) collects its rows.
    let mut block_syms: Vec<(usize, Symbol)> = Vec::new();
    // Row symbols by template row id, as (path into the tree), built in document order.
    let mut by_id: Vec<(String, Vec<usize>)> = Vec::new();
    for row in &table.rows {
        let Some(range) = row_range(row) else {
            continue;
        };
        let def = table.row_def(row);
        let block = table.block_def(row.block);
        let name = def.map_or_else(
            || row.written.split_whitespace().collect::<String>(),
            |d| d.label.clone(),
        );
        let symbol = Symbol {
            name,
            detail: if def.is_none() {
                Some("未识别的行".to_string())
            } else {
                None
            },
            kind: SymbolKind::Row,
            range,
            selection: row.label_range.unwrap_or(range),
            children: Vec::new(),
        };
        // Where does it go: under its parent row, else under its block, else the table.
        let parent_id =
            def.and_then(|d| d.parent.as_deref().or_else(|| prefix_parent(table, &d.id)));
        let parent_path = parent_id.and_then(|p| {
            by_id
                .iter()
                .rev()
                .find(|(id, _)| id == p)
                .map(|(_, path)| path.clone())
        });
        let siblings: &mut Vec<Symbol> = if let Some(label) = &block.label {
            let pos = match block_syms.iter().position(|(b, _)| *b == row.block) {
                Some(p) => p,
                None => {
                    let selection = table
                        .labels
                        .iter()
                        .find(|l| l.role == LabelRole::Block(row.block))
                        .map_or(symbol.selection, |l| l.range);
                    block_syms.push((
                        row.block,
                        Symbol {
                            name: label.clone(),
                            detail: block.article.clone(),
                            kind: SymbolKind::Block,
                            range: selection.cover(range),
                            selection,
                            children: Vec::new(),
                        },
                    ));
                    block_syms.len() - 1
                }
            };
            &mut block_syms[pos].1.children
        } else {
            &mut root
        };
        let mut path = Vec::new();
        let mut list = siblings;
        if let Some(p) = &parent_path {
            for &i in p {
                path.push(i);
                list = &mut list[i].children;
            }
        }
        path.push(list.len());
        list.push(symbol);
        if let Some(d) = def {
            by_id.push((d.id.clone(), path));
        }
    }
    root.extend(block_syms.into_iter().map(|(_, s)| s));
    root.sort_by_key(|s| s.range.start);
    let mut symbol = Symbol {
        name: table.def.title.clone(),
        detail: Some(format!(
            "{} · {}",
            table.template.id, table.template.document
        )),
        kind: SymbolKind::Table,
        range: table.range.cover(table.anchor_range()),
        selection: table.anchor_range(),
        children: root,
    };
    cover_children(&mut symbol);
    symbol
}

/// The outline: sections (in document order) with their tables, and tables outside any
/// section (the 2008 statistics table) at the top level.
#[must_use]
pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    let report = &analysis.report;
    let mut out: Vec<Symbol> = Vec::new();
    let mut placed = vec![false; report.tables.len()];
    for section in &report.sections {
        let official = report
            .template
            .and_then(|t| t.sections.iter().find(|s| s.number == section.number));
        let mut children = Vec::new();
        for (i, table) in report.tables.iter().enumerate() {
            if !placed[i]
                && section.body.start <= table.range.start
                && table.range.start < section.body.end.max(section.body.start + 1)
            {
                placed[i] = true;
                children.push(table_symbol(table));
            }
        }
        let mut symbol = Symbol {
            name: section.title.split_whitespace().collect::<String>(),
            detail: official
                .filter(|_| !section.official)
                .map(|o| format!("官方标题：{}", o.title)),
            kind: SymbolKind::Section,
            range: section.range.cover(section.body),
            selection: section.range,
            children,
        };
        cover_children(&mut symbol);
        out.push(symbol);
    }
    for (i, table) in report.tables.iter().enumerate() {
        if !placed[i] {
            out.push(table_symbol(table));
        }
    }
    out.sort_by_key(|s| s.range.start);
    out
}
