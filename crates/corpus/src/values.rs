//! Numbers for a template table that satisfy every relation of the template
//! data (row-total, column-total, balance, subset), derived from the relations
//! generically: free cells are drawn, totals summed, the balance closed by one
//! row, `其中` parts drawn below their whole.

use std::collections::HashMap;

use super::rng::Rng;
use nianbao::template::{BlockDef, ColumnKind, RelationDef, RowDef, TableDef};

/// (block, row, column) of a template table.
pub type Key = (usize, usize, usize);

enum Rule {
    Free,
    Zero,
    /// Σ of these cells.
    Sum(Vec<Key>),
    /// Drawn in `0 ..= Σ bound − Σ minus`.
    Bounded {
        bound: Vec<Key>,
        minus: Vec<Key>,
    },
    /// Σ plus − Σ minus.
    Closing {
        plus: Vec<Key>,
        minus: Vec<Key>,
    },
}

/// Is this cell an amount of money (kept in hundredths)?
pub fn is_money(block: &BlockDef, row: &RowDef, c: usize) -> bool {
    match block.columns[c].kind {
        ColumnKind::Money => true,
        ColumnKind::MoneyOrCount => row.unit.as_deref() == Some("万元"),
        _ => false,
    }
}

/// Every value cell of the table, consistent with its relations. Rows named in
/// `zero_rows` are all zeros (a row a mistake will drop or repeat).
pub fn fill(table: &TableDef, rng: &mut Rng, zero_rows: &[String]) -> HashMap<Key, i64> {
    let pos = |id: &str| table.row_position(id);
    let mut rules: HashMap<Key, Rule> = HashMap::new();
    for (b, block) in table.blocks.iter().enumerate() {
        for (r, row) in block.rows.iter().enumerate() {
            if !row.values {
                continue;
            }
            for c in 0..block.columns.len() {
                rules.insert((b, r, c), Rule::Free);
            }
        }
    }
    let is_free = |rules: &HashMap<Key, Rule>, k: &Key| matches!(rules.get(k), Some(Rule::Free));
    for rel in &table.relations {
        match rel {
            RelationDef::RowTotal { total, parts } => {
                for (b, block) in table.blocks.iter().enumerate() {
                    let (Some(t), Some(p)) = (
                        block.column_index(total),
                        parts
                            .iter()
                            .map(|p| block.column_index(p))
                            .collect::<Option<Vec<_>>>(),
                    ) else {
                        continue;
                    };
                    for (r, row) in block.rows.iter().enumerate() {
                        if row.values {
                            let sum = p.iter().map(|&c| (b, r, c)).collect();
                            rules.insert((b, r, t), Rule::Sum(sum));
                        }
                    }
                }
            }
            RelationDef::ColumnTotal { total, parts } => {
                let (Some((b, t)), Some(p)) = (
                    pos(total),
                    parts.iter().map(|p| pos(p)).collect::<Option<Vec<_>>>(),
                ) else {
                    continue;
                };
                for c in 0..table.blocks[b].columns.len() {
                    if is_free(&rules, &(b, t, c)) {
                        let sum = p.iter().map(|&(pb, pr)| (pb, pr, c)).collect();
                        rules.insert((b, t, c), Rule::Sum(sum));
                    }
                }
            }
            _ => {}
        }
    }
    // Rows a column total or a subset already constrains.
    let mut constrained: Vec<&str> = Vec::new();
    for rel in &table.relations {
        match rel {
            RelationDef::ColumnTotal { total, parts }
            | RelationDef::Subset {
                whole: total,
                parts,
            } => {
                constrained.push(total);
                constrained.extend(parts.iter().map(String::as_str));
            }
            _ => {}
        }
    }
    for rel in &table.relations {
        match rel {
            RelationDef::Subset { whole, parts } => {
                let Some((wb, wr)) = pos(whole) else { continue };
                for c in 0..table.blocks[wb].columns.len() {
                    let mut earlier = Vec::new();
                    for part in parts {
                        let Some((pb, pr)) = pos(part) else { continue };
                        if is_free(&rules, &(pb, pr, c)) {
                            rules.insert(
                                (pb, pr, c),
                                Rule::Bounded {
                                    bound: vec![(wb, wr, c)],
                                    minus: earlier.clone(),
                                },
                            );
                        }
                        earlier.push((pb, pr, c));
                    }
                }
            }
            RelationDef::Balance { left, right } => {
                // Close the balance with the first row nothing else constrains.
                let free_row = |ids: &[String]| {
                    ids.iter()
                        .position(|id| !constrained.contains(&id.as_str()))
                };
                let (side, other, d) = match (free_row(left), free_row(right)) {
                    (Some(d), _) => (left, right, d),
                    (None, Some(d)) => (right, left, d),
                    (None, None) => continue,
                };
                let Some(rows) = side.iter().map(|id| pos(id)).collect::<Option<Vec<_>>>() else {
                    continue;
                };
                let Some(others) = other.iter().map(|id| pos(id)).collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let (db, dr) = rows[d];
                for c in 0..table.blocks[db].columns.len() {
                    let plus: Vec<Key> = others.iter().map(|&(b, r)| (b, r, c)).collect();
                    let mut minus = Vec::new();
                    for (i, &(b, r)) in rows.iter().enumerate() {
                        if i == d {
                            continue;
                        }
                        if is_free(&rules, &(b, r, c)) {
                            rules.insert(
                                (b, r, c),
                                Rule::Bounded {
                                    bound: plus.clone(),
                                    minus: minus.clone(),
                                },
                            );
                        }
                        minus.push((b, r, c));
                    }
                    if is_free(&rules, &(db, dr, c)) {
                        rules.insert((db, dr, c), Rule::Closing { plus, minus });
                    }
                }
            }
            _ => {}
        }
    }
    for id in zero_rows {
        let Some((b, r)) = pos(id) else { continue };
        for c in 0..table.blocks[b].columns.len() {
            if matches!(
                rules.get(&(b, r, c)),
                Some(Rule::Free | Rule::Bounded { .. })
            ) {
                rules.insert((b, r, c), Rule::Zero);
            }
        }
    }

    // How busy each column is in this report: many columns stay all zero.
    let activity: Vec<Vec<u32>> = table
        .blocks
        .iter()
        .map(|block| {
            block
                .columns
                .iter()
                .enumerate()
                .map(|(c, _)| {
                    if c == 0 {
                        rng.range(1, 3) as u32
                    } else {
                        *rng.pick(&[0, 0, 0, 1, 1, 1, 2, 3])
                    }
                })
                .collect()
        })
        .collect();

    // Real tables are sparse: many rows are all zeros.
    let mut quiet: HashMap<(usize, usize), bool> = HashMap::new();
    for (b, block) in table.blocks.iter().enumerate() {
        for r in 0..block.rows.len() {
            quiet.insert((b, r), rng.chance(45));
        }
    }

    let mut keys: Vec<Key> = rules.keys().copied().collect();
    keys.sort_unstable();
    let mut known: HashMap<Key, i64> = HashMap::with_capacity(keys.len());
    let sum = |known: &HashMap<Key, i64>, ks: &[Key]| -> Option<i64> {
        ks.iter().map(|k| known.get(k).copied()).sum()
    };
    loop {
        let mut progress = false;
        let mut pending = false;
        for k in &keys {
            if known.contains_key(k) {
                continue;
            }
            let (b, r, c) = *k;
            let block = &table.blocks[b];
            let row = &block.rows[r];
            let money = is_money(block, row, c);
            let v = match &rules[k] {
                Rule::Zero => Some(0),
                Rule::Free if quiet[&(b, r)] => Some(0),
                Rule::Free => Some(draw(rng, block, row, c, activity[b][c], money)),
                Rule::Sum(parts) => sum(&known, parts),
                Rule::Bounded { bound, minus } => match (sum(&known, bound), sum(&known, minus)) {
                    (Some(bound), Some(minus)) => {
                        let room = (bound - minus).max(0);
                        Some(if room == 0 || rng.chance(45) {
                            0
                        } else {
                            rng.range(0, room.min(if money { 500_000 } else { 40 }))
                        })
                    }
                    _ => None,
                },
                Rule::Closing { plus, minus } => match (sum(&known, plus), sum(&known, minus)) {
                    (Some(p), Some(m)) => Some(p - m),
                    _ => None,
                },
            };
            match v {
                Some(v) => {
                    known.insert(*k, v);
                    progress = true;
                }
                None => pending = true,
            }
        }
        if !pending {
            break;
        }
        assert!(
            progress,
            "template relations form a cycle in {}",
            table.title
        );
    }
    known
}

fn draw(
    rng: &mut Rng,
    block: &BlockDef,
    _row: &RowDef,
    c: usize,
    activity: u32,
    money: bool,
) -> i64 {
    let column = &block.columns[c];
    if column.kind == ColumnKind::Signed {
        return if rng.chance(40) {
            0
        } else {
            rng.range(-20, 30)
        };
    }
    if money {
        return if rng.chance(50) {
            0
        } else {
            rng.range(1, 2_000) * *rng.pick(&[1, 10])
        };
    }
    match activity {
        0 => 0,
        1 => {
            if rng.chance(60) {
                0
            } else {
                rng.range(1, 5)
            }
        }
        2 => {
            if rng.chance(35) {
                0
            } else {
                rng.range(1, 30)
            }
        }
        _ => {
            if rng.chance(20) {
                0
            } else {
                rng.range(1, 150)
            }
        }
    }
}
