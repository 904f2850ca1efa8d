//! Templates as data: one TOML file per official template generation under
//! `templates/`, compiled in. A new official revision is a new data file (and
//! an entry in `schedule.toml`), not new code.

use serde::Deserialize;
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::text::normalize::{core_key, label_key, split_ordinal};

/// One template generation (`2008`, `2019`, `2021`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    /// Older generations have lower ranks.
    pub rank: u32,
    pub title: String,
    pub document: String,
    pub issued: String,
    #[serde(default)]
    pub sections: Vec<SectionDef>,
    pub tables: Vec<TableDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub number: u8,
    pub title: String,
    /// A heading with this section's ordinal and any of these words is this section.
    pub keywords: Vec<String>,
    pub table: Option<TableKind>,
    /// What the section reports and the article of the regulation that requires it (hover).
    pub article: Option<String>,
}

#[derive(
    Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// Section 二, 主动公开政府信息情况.
    Proactive,
    /// Section 三, 收到和处理政府信息公开申请情况.
    Applications,
    /// Section 四, 行政复议、行政诉讼情况.
    Appeals,
    /// The statistics table of the 2008 regulation.
    Statistics,
}

impl TableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Proactive => "proactive",
            TableKind::Applications => "applications",
            TableKind::Appeals => "appeals",
            TableKind::Statistics => "statistics",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub kind: TableKind,
    pub title: String,
    /// Structural header cells that are not value columns (`信息内容`, `申请人情况`).
    #[serde(default)]
    pub headers: Vec<String>,
    /// Notes printed in the table (`（本列数据的勾稽关系为…）`).
    #[serde(default)]
    pub notes: Vec<String>,
    pub blocks: Vec<BlockDef>,
    #[serde(default)]
    pub relations: Vec<RelationDef>,
    /// The article of the regulation that requires the table (hover).
    pub article: Option<String>,
}

/// A group of rows sharing columns: a `第二十条第（X）项` block of section 二, or
/// the whole table elsewhere (then `label` is absent).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockDef {
    pub id: String,
    pub label: Option<String>,
    /// What the block reports, with the article of the regulation that requires it.
    pub article: Option<String>,
    /// Rows have a unit cell before their value (the 2008 statistics table).
    #[serde(default)]
    pub unit_column: bool,
    pub columns: Vec<ColumnDef>,
    pub rows: Vec<RowDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: ColumnKind,
    /// Known unofficial wordings (`商业机构`).
    #[serde(default)]
    pub variants: Vec<String>,
    /// The header group above this column (section 四).
    pub group: Option<String>,
    /// What the column counts, when the label does not say it all (hover).
    pub description: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// A non-negative integer.
    #[default]
    Count,
    /// A signed integer (`本年增/减`).
    Signed,
    /// A non-negative decimal amount of money (万元).
    Money,
    /// A count or an amount, by the row's unit (2008 statistics table).
    MoneyOrCount,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    pub id: String,
    pub label: String,
    /// `false` for label-only rows (merged label cells without numbers).
    #[serde(default = "yes")]
    pub values: bool,
    pub parent: Option<String>,
    pub unit: Option<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// The row has no label cell (section 四's single row of values).
    #[serde(default)]
    pub implicit: bool,
    /// Row ids of older templates whose values carry over into this row.
    #[serde(default)]
    pub carries: Vec<String>,
    /// What the row counts (hover).
    pub description: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "kebab-case")]
pub enum RelationDef {
    /// In every row with values: column `total` = Σ columns `parts`.
    RowTotal { total: String, parts: Vec<String> },
    /// In every column: row `total` = Σ rows `parts`.
    ColumnTotal { total: String, parts: Vec<String> },
    /// In every column: Σ rows `left` = Σ rows `right`.
    Balance {
        left: Vec<String>,
        right: Vec<String>,
    },
    /// In every column: each row of `parts` ≤ row `whole` (`其中：`).
    Subset { whole: String, parts: Vec<String> },
    /// Against the same issuer's report of the previous year, in every column of `block`
    /// (`over = "columns"`: the ids below name rows) or in every row of it (`over = "rows"`:
    /// they name columns): this year's `value` = Σ last year's `previous` + Σ this year's
    /// `added` − Σ this year's `removed`. Reported by the rule whose code is `rule`.
    PreviousYear {
        rule: String,
        block: String,
        over: Over,
        value: String,
        previous: Vec<String>,
        #[serde(default)]
        added: Vec<String>,
        #[serde(default)]
        removed: Vec<String>,
    },
}

/// Along which lines of a block a relation holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Over {
    /// In every column.
    Columns,
    /// In every row.
    Rows,
}

/// Which template is in force from which report year, and publication deadlines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub in_force: Vec<InForce>,
    pub deadlines: Vec<Deadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InForce {
    pub from: i32,
    pub template: String,
    #[serde(default)]
    pub encouraged_only: Vec<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub from: i32,
    pub regulation: String,
    /// (month, day) in the year after the report year, for a department's report.
    pub department: (u32, u32),
    /// The same for a people's government's own report.
    pub government: (u32, u32),
}

/// All templates, newest last, with precomputed label keys.
#[derive(Debug)]
pub struct Templates {
    pub templates: Vec<Template>,
    pub schedule: Schedule,
    keys: Vec<Vec<TableKeys>>,
    evidence: Evidence,
}

/// The template tables' labels, as the templates write them (and with half-width brackets),
/// in one automaton: what finds a table's words in a text its layout hides them in.
#[derive(Debug)]
pub struct Evidence {
    pub automaton: aho_corasick::AhoCorasick,
    /// Per pattern: the kind of table, and which label (an index into `labels`).
    pub patterns: Vec<(TableKind, usize)>,
    pub labels: Vec<String>,
}

/// Shortest label that counts as evidence of a table: long enough to be the template's words
/// (`本年新收政府信息公开申请数量`, `复议后起诉`), not a word of prose.
const MIN_EVIDENCE_CHARS: usize = 5;

impl Evidence {
    fn new(templates: &[Template]) -> Evidence {
        let mut labels: Vec<(TableKind, String)> = Vec::new();
        for def in templates.iter().flat_map(|t| &t.tables) {
            let words = def
                .headers
                .iter()
                .map(String::as_str)
                .chain(def.blocks.iter().flat_map(|b| {
                    b.rows
                        .iter()
                        .filter(|r| !r.implicit)
                        .map(|r| r.label.as_str())
                        .chain(b.label.as_deref())
                        .chain(b.columns.iter().map(|c| c.label.as_str()))
                }));
            for w in words {
                if w.chars().count() >= MIN_EVIDENCE_CHARS
                    && !labels.iter().any(|(k, l)| *k == def.kind && l == w)
                {
                    labels.push((def.kind, w.to_string()));
                }
            }
        }
        let mut patterns = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        for (i, (kind, label)) in labels.iter().enumerate() {
            let half: String = label
                .chars()
                .map(|c| match c {
                    '（' => '(',
                    '）' => ')',
                    '：' => ':',
                    '，' => ',',
                    c => c,
                })
                .collect();
            for form in [label.clone(), half] {
                if !texts.contains(&form) {
                    texts.push(form);
                    patterns.push((*kind, i));
                }
            }
        }
        Evidence {
            automaton: aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&texts)
                .expect("labels make an automaton"),
            patterns,
            labels: labels.into_iter().map(|(_, l)| l).collect(),
        }
    }
}

/// Normalised keys of a table's labels, computed once.
#[derive(Debug, Default)]
pub struct TableKeys {
    /// Every label key, official or variant, and what it names.
    pub lookup: HashMap<String, Vec<(LabelTarget, LabelForm)>>,
    /// Row keys without their ordinal (`属于国家秘密`), for labels written without one.
    pub bodies: HashMap<String, Vec<(usize, usize)>>,
    /// Official keys, for near-miss (typo) and truncation matching.
    pub official: Vec<(String, LabelTarget)>,
    pub notes: Vec<String>,
}

/// What a label of a template table names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelTarget {
    /// (block, row)
    Row(usize, usize),
    /// (block, column)
    Column(usize, usize),
    Block(usize),
    Header(usize),
}

/// Whether a lookup key is the official label or a known variant of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelForm {
    Official,
    Variant,
}

/// Every `templates/*.toml` but the schedule (listed by `build.rs`).
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));
const SCHEDULE: &str = include_str!("../../templates/schedule.toml");

impl Templates {
    /// The templates compiled into this binary.
    pub fn builtin() -> &'static Templates {
        static BUILTIN_TEMPLATES: OnceLock<Templates> = OnceLock::new();
        BUILTIN_TEMPLATES.get_or_init(|| {
            let templates = BUILTIN
                .iter()
                .map(|(name, src)| {
                    toml::from_str(src).unwrap_or_else(|e| panic!("templates/{name}: {e}"))
                })
                .collect();
            let schedule =
                toml::from_str(SCHEDULE).unwrap_or_else(|e| panic!("templates/schedule.toml: {e}"));
            Templates::new(templates, schedule)
        })
    }

    /// The templates and their schedule. Panics when the schedule names a template that is
    /// not among them (the built-in data is checked by a test; a wrong file is a build's bug).
    pub fn new(mut templates: Vec<Template>, schedule: Schedule) -> Templates {
        for entry in &schedule.in_force {
            assert!(
                templates.iter().any(|t| t.id == entry.template),
                "schedule.toml: template {:?} (from {}) is not among the templates",
                entry.template,
                entry.from
            );
        }
        templates.sort_by_key(|t| t.rank);
        let keys = templates
            .iter()
            .map(|t| t.tables.iter().map(TableKeys::new).collect())
            .collect();
        let evidence = Evidence::new(&templates);
        Templates {
            templates,
            schedule,
            keys,
            evidence,
        }
    }

    /// The tables' labels in one automaton (see [`Evidence`]).
    pub fn evidence(&self) -> &Evidence {
        &self.evidence
    }

    /// The templates' ids, in rank order (`"2008"`, `"2019"`, `"2021"` …).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.templates.iter().map(|t| t.id.as_str())
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.templates.iter().position(|t| t.id == id)
    }

    pub fn keys(&self, template: usize, table: usize) -> &TableKeys {
        &self.keys[template][table]
    }

    /// Is `key` (a [`crate::text::normalize::label_key`]) a row label of some template
    /// table, official or variant, with its ordinal or without?
    pub fn is_row_label(&self, key: &str) -> bool {
        let body = crate::text::normalize::split_ordinal(key).1;
        self.keys.iter().flatten().any(|k| {
            k.lookup.get(key).is_some_and(|targets| {
                targets
                    .iter()
                    .any(|(t, _)| matches!(t, LabelTarget::Row(..)))
            }) || k.bodies.contains_key(body)
        })
    }

    /// The template in force for a report year, and whether it was only
    /// encouraged (not required) that year.
    pub fn in_force(&self, year: i32) -> Option<(&Template, bool)> {
        let entry = self
            .schedule
            .in_force
            .iter()
            .filter(|e| e.from <= year)
            .max_by_key(|e| e.from)?;
        Some((
            self.get(&entry.template)?,
            entry.encouraged_only.contains(&year),
        ))
    }

    pub fn deadline(&self, year: i32) -> Option<&Deadline> {
        self.schedule
            .deadlines
            .iter()
            .filter(|d| d.from <= year)
            .max_by_key(|d| d.from)
    }
}

impl TableKeys {
    fn new(table: &TableDef) -> TableKeys {
        let mut keys = TableKeys {
            notes: table.notes.iter().map(|n| label_key(n)).collect(),
            ..TableKeys::default()
        };
        for (b, block) in table.blocks.iter().enumerate() {
            if let Some(label) = &block.label {
                keys.add(label, LabelTarget::Block(b), LabelForm::Official);
            }
            for (c, column) in block.columns.iter().enumerate() {
                let target = LabelTarget::Column(b, c);
                keys.add(&column.label, target, LabelForm::Official);
                for v in &column.variants {
                    keys.add(v, target, LabelForm::Variant);
                }
            }
            for (r, row) in block.rows.iter().enumerate() {
                if row.implicit {
                    continue;
                }
                let target = LabelTarget::Row(b, r);
                let key = keys.add(&row.label, target, LabelForm::Official);
                let core = core_key(&key);
                if core != key {
                    keys.insert(core, target, LabelForm::Variant);
                }
                for v in &row.variants {
                    keys.add(v, target, LabelForm::Variant);
                }
                let body = body_key(&key);
                if body.chars().count() >= 2 && body != key {
                    keys.bodies.entry(body).or_default().push((b, r));
                }
            }
        }
        for (h, header) in table.headers.iter().enumerate() {
            keys.add(header, LabelTarget::Header(h), LabelForm::Official);
        }
        keys
    }

    fn add(&mut self, label: &str, target: LabelTarget, form: LabelForm) -> String {
        let key = label_key(label);
        if form == LabelForm::Official {
            self.official.push((key.clone(), target));
        }
        self.insert(key.clone(), target, form);
        key
    }

    fn insert(&mut self, key: String, target: LabelTarget, form: LabelForm) {
        let entry = self.lookup.entry(key).or_default();
        if !entry.iter().any(|(t, _)| *t == target) {
            entry.push((target, form));
        }
    }
}

/// A row key without its ordinal and without a leading `其中：`.
pub fn body_key(key: &str) -> String {
    let key = key.strip_prefix("其中:").unwrap_or(key);
    core_key(split_ordinal(key).1)
}

impl TableDef {
    pub fn block(&self, id: &str) -> Option<(usize, &BlockDef)> {
        self.blocks.iter().enumerate().find(|(_, b)| b.id == id)
    }

    /// (block, row) of a row id; row ids are unique within a table.
    pub fn row_position(&self, id: &str) -> Option<(usize, usize)> {
        self.blocks
            .iter()
            .enumerate()
            .find_map(|(b, block)| block.rows.iter().position(|r| r.id == id).map(|r| (b, r)))
    }
}

impl BlockDef {
    pub fn column_index(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }
}

impl Template {
    /// Reports in this template have no required sections (the 2008 statistics table).
    pub fn sections_free(&self) -> bool {
        self.sections.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_load_and_are_consistent() {
        let t = Templates::builtin();
        assert_eq!(
            t.templates
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>(),
            ["2008", "2019", "2021"]
        );
        // Every id a relation names exists in its table.
        for template in &t.templates {
            for table in &template.tables {
                let row = |id: &String| {
                    assert!(
                        table.row_position(id).is_some(),
                        "{}: no row {id}",
                        template.id
                    )
                };
                let col = |id: &String| {
                    assert!(
                        table.blocks.iter().any(|b| b.column_index(id).is_some()),
                        "{}: no column {id}",
                        template.id
                    )
                };
                for rel in &table.relations {
                    match rel {
                        RelationDef::RowTotal { total, parts } => {
                            col(total);
                            parts.iter().for_each(col)
                        }
                        RelationDef::ColumnTotal { total, parts } => {
                            row(total);
                            parts.iter().for_each(row)
                        }
                        RelationDef::Balance { left, right } => {
                            left.iter().chain(right).for_each(row)
                        }
                        RelationDef::Subset { whole, parts } => {
                            row(whole);
                            parts.iter().for_each(row)
                        }
                        RelationDef::PreviousYear {
                            block,
                            over,
                            value,
                            previous,
                            added,
                            removed,
                            ..
                        } => {
                            let b = table.blocks.iter().find(|b| b.id == *block);
                            let b =
                                b.unwrap_or_else(|| panic!("{}: no block {block}", template.id));
                            for id in std::iter::once(value)
                                .chain(previous)
                                .chain(added)
                                .chain(removed)
                            {
                                let known = match over {
                                    Over::Columns => b.rows.iter().any(|r| r.id == *id),
                                    Over::Rows => b.columns.iter().any(|c| c.id == *id),
                                };
                                assert!(known, "{}: {block} has no {id}", template.id);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn schedule_picks_template_by_year() {
        let t = Templates::builtin();
        assert_eq!(t.in_force(2017).unwrap().0.id, "2008");
        assert_eq!(t.in_force(2018).unwrap().0.id, "2008");
        let (tpl, encouraged) = t.in_force(2019).unwrap();
        assert_eq!((tpl.id.as_str(), encouraged), ("2019", true));
        assert_eq!(
            t.in_force(2020).map(|(t, e)| (t.id.as_str(), e)),
            Some(("2019", false))
        );
        assert_eq!(t.in_force(2025).unwrap().0.id, "2021");
        assert_eq!(t.deadline(2018).unwrap().department, (3, 31));
        assert_eq!(t.deadline(2020).unwrap().department, (1, 31));
        assert_eq!(t.deadline(2020).unwrap().government, (3, 31));
    }
}
