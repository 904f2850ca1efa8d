//! Chains of consecutive years of one issuer's reports, for the checks that
//! compare a report with the same issuer's previous year and read its prose.
//!
//! A chain ([`chain`]) is one issuer's reports for a run of years (by default
//! 2017–2023: two years of the 2008 statistics table, which has no relation
//! across years, then the 2019 format, then the 2021 format from 2021 on),
//! consistent from one year to the next:
//!
//! - 二、上年结转政府信息公开申请数量 = the previous year's 四、结转下年度继续办理,
//!   column by column (across the 2019→2021 format change too);
//! - 2021 format, section 二 第二十条第（一）项: 现行有效件数 = last year's
//!   现行有效件数 + 本年制发件数 − 本年废止件数 (规章, 行政规范性文件);
//! - 2019 format, 第二十条第（五）（六）（八）项: 上一年项目数量 = last year's
//!   上一年项目数量 + last year's 本年增/减;
//! - sections 一 and 五 drawn afresh every year: no sentence of last year's is
//!   drawn again;
//! - sentences stating the table's quantities (section 一 （二）, before the
//!   tables of 三 and 四) agree with the tables; enumerations (`一是…二是…`,
//!   `（一）…（二）…`) are well formed; section 五 states problems and
//!   improvements; section 六 (2021 format) states whether 信息处理费 was
//!   charged, and the requests dropped for a fee not paid ((六)2) when there
//!   were any.
//!
//! The issuer signs its name as real issuers do from one year to the next
//! (`某市人民政府` / `某市人民政府办公室` / `某市政府办公室`; `某市行政服务中心管委会` /
//! `…管理委员会`): [`issuer_key`] is the name all of them come to. Reports
//! are published in January, before every deadline whichever way the name is
//! signed.
//!
//! On request one [`ChainMistake`] is injected into one year's report, and
//! the findings the checker must report are listed with the file and line
//! ([`Chain::expected`]). Lines are 0-based lines of [`ChainReport::text`].
//!
//! ```
//! use nianbao_corpus::chain::{chain, ChainMistake, ChainSpec};
//! let c = chain(7, 0, &ChainSpec {
//!     years: 2021..=2023,
//!     mistake: Some(ChainMistake::CarryOver),
//!     ..ChainSpec::default()
//! });
//! assert_eq!(c.reports.len(), 3);
//! assert!(c.expected.iter().all(|e| e.code == "carry-over"));
//! ```

pub mod prose;

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

use crate::doc::{self, Part, TableOut};
use crate::rng::Rng;
use crate::values::{self, Key};
use crate::{Builder, Form, LAYOUTS};
use nianbao::model::Layout;
use nianbao::template::{RelationDef, TableDef, TableKind, Template, Templates};
use prose::{Ctx, Figures, Narrative, Para, Piece, Plan, Seg};

/// The rule codes of the cross-year and narrative checks.
pub const CHAIN_CODES: [&str; 8] = [
    "carry-over",
    "in-force-count",
    "copied-text",
    "stale-year",
    "narrative-mismatch",
    "enumeration",
    "problems-section",
    "fee-statement",
];

/// One mistake of the cross-year and narrative checks' kinds, in one year's
/// report of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChainMistake {
    /// 二、上年结转 differs from last year's 四、结转下年度继续办理 in one column
    /// (and so in 总计). Found on both cells.
    CarryOver,
    /// 2021 format: a 现行有效件数 that is not last year's + 制发 − 废止;
    /// 2019 format: a 上一年项目数量 that is not last year's + 增/减. Found on the cell.
    InForceCount,
    /// Section 一 copied from last year's report, its year and its stated
    /// quantities brought up to date. Found in section 一 (its heading preferred).
    CopiedOverview,
    /// Section 五 copied from last year's report, its year brought up to date.
    /// Found in section 五 (its heading preferred).
    CopiedProblems,
    /// The title names last year (the rest of the report this year). The
    /// report is read as last year's (the title states the report year), so
    /// the statistics period is what names another year: found on the period
    /// sentence or the title (the title preferred).
    TitleYear,
    /// The statistics period names last year (`统计期限为2021年1月1日至…` in
    /// the 2022 report). Found on its line.
    PeriodYear,
    /// A sentence states a table quantity (收到申请, 上年结转, 办结, 予以公开,
    /// 结转下年度继续办理, 行政复议, 行政诉讼) other than the table's. Found on its line.
    NarrativeNumber,
    /// An enumeration skips an ordinal (`一是…三是…`). Found on its line.
    EnumerationSkip,
    /// An enumeration repeats an ordinal (`一是…二是…二是…`). Found on its line.
    EnumerationRepeat,
    /// Section 五 empty, or a bare `无。`. Found in section 五 (its heading preferred).
    EmptyProblems,
    /// Section 五 states problems and no improvement. Found in section 五.
    NoImprovements,
    /// 2021 format: section 六 does not say whether 信息处理费 was charged.
    /// Found in section 六 (its heading preferred).
    NoFeeStatement,
    /// 2021 format: （六）2 (逾期未按收费通知要求缴纳费用) is not zero and
    /// section 六 does not mention it. Found in section 六 (its heading preferred).
    UnmentionedFeeRefusals,
}

impl ChainMistake {
    pub const ALL: [ChainMistake; 13] = [
        ChainMistake::CarryOver,
        ChainMistake::InForceCount,
        ChainMistake::CopiedOverview,
        ChainMistake::CopiedProblems,
        ChainMistake::TitleYear,
        ChainMistake::PeriodYear,
        ChainMistake::NarrativeNumber,
        ChainMistake::EnumerationSkip,
        ChainMistake::EnumerationRepeat,
        ChainMistake::EmptyProblems,
        ChainMistake::NoImprovements,
        ChainMistake::NoFeeStatement,
        ChainMistake::UnmentionedFeeRefusals,
    ];

    /// The rule code whose finding the mistake must produce.
    pub fn code(self) -> &'static str {
        match self {
            ChainMistake::CarryOver => "carry-over",
            ChainMistake::InForceCount => "in-force-count",
            ChainMistake::CopiedOverview | ChainMistake::CopiedProblems => "copied-text",
            ChainMistake::TitleYear | ChainMistake::PeriodYear => "stale-year",
            ChainMistake::NarrativeNumber => "narrative-mismatch",
            ChainMistake::EnumerationSkip | ChainMistake::EnumerationRepeat => "enumeration",
            ChainMistake::EmptyProblems | ChainMistake::NoImprovements => "problems-section",
            ChainMistake::NoFeeStatement | ChainMistake::UnmentionedFeeRefusals => "fee-statement",
        }
    }

    /// The mistake's name in file names.
    pub fn name(self) -> &'static str {
        match self {
            ChainMistake::CarryOver => "carry-over",
            ChainMistake::InForceCount => "in-force-count",
            ChainMistake::CopiedOverview => "copied-overview",
            ChainMistake::CopiedProblems => "copied-problems",
            ChainMistake::TitleYear => "title-year",
            ChainMistake::PeriodYear => "period-year",
            ChainMistake::NarrativeNumber => "narrative-number",
            ChainMistake::EnumerationSkip => "enumeration-skip",
            ChainMistake::EnumerationRepeat => "enumeration-repeat",
            ChainMistake::EmptyProblems => "empty-problems",
            ChainMistake::NoImprovements => "no-improvements",
            ChainMistake::NoFeeStatement => "no-fee-statement",
            ChainMistake::UnmentionedFeeRefusals => "unmentioned-fee-refusals",
        }
    }

    /// Can the report of `year` in a chain of `years` carry the mistake? The
    /// cross-year ones need last year's report in the 2019 or 2021 format
    /// (in-force-count: in the same format); the title naming last year makes
    /// the report read as last year's, so the chain must not hold the year
    /// before that (it would be compared with it).
    pub fn fits(self, year: i32, years: &RangeInclusive<i32>) -> bool {
        let templates = Templates::builtin();
        let id = |y: i32| templates.in_force(y).map_or("", |(t, _)| t.id.as_str());
        let has_prev = years.contains(&year) && years.contains(&(year - 1));
        let modern = |y: i32| id(y) != "2008" && !id(y).is_empty();
        if !years.contains(&year) || !modern(year) {
            return false;
        }
        match self {
            ChainMistake::CarryOver
            | ChainMistake::CopiedOverview
            | ChainMistake::CopiedProblems => has_prev && modern(year - 1),
            ChainMistake::InForceCount => has_prev && id(year - 1) == id(year),
            ChainMistake::TitleYear => {
                has_prev && id(year - 1) == id(year) && !years.contains(&(year - 2))
            }
            ChainMistake::NoFeeStatement | ChainMistake::UnmentionedFeeRefusals => {
                id(year) == "2021"
            }
            _ => true,
        }
    }
}

/// A finding the checker must report on a chain's file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChainExpected {
    /// The file: an index into [`Chain::reports`].
    pub report: usize,
    pub code: &'static str,
    /// The 0-based line the finding is expected on.
    pub line: usize,
    /// The lines it may be on (inclusive ranges), `line` among them: `line`
    /// itself for a cell, a sentence or the title; the whole section for a
    /// finding about a section (copied, empty, without fee statement), whose
    /// heading is `line`; for （六）2 not mentioned in section 六, section 六
    /// or the （六）2 row; for a title naming last year, the title or the
    /// statistics period.
    pub lines: Vec<(usize, usize)>,
}

impl ChainExpected {
    pub fn accepts(&self, line: usize) -> bool {
        self.lines.iter().any(|(a, b)| (*a..=*b).contains(&line))
    }
}

/// What chain to generate.
#[derive(Clone, Debug)]
pub struct ChainSpec {
    /// Consecutive report years (within 2009–2025).
    pub years: RangeInclusive<i32>,
    /// Every report's layout; `None`: each year's drawn.
    pub layout: Option<Layout>,
    pub mistake: Option<ChainMistake>,
    /// The year whose report carries the mistake; `None`: drawn among those that fit.
    pub mistake_year: Option<i32>,
}

impl Default for ChainSpec {
    fn default() -> ChainSpec {
        ChainSpec {
            years: 2017..=2023,
            layout: None,
            mistake: None,
            mistake_year: None,
        }
    }
}

/// One year's report of a chain.
#[derive(Clone, Debug)]
pub struct ChainReport {
    /// A file name without extension (`c007-2022-2021-markdown-carry-over`).
    pub name: String,
    pub year: i32,
    /// The template generation its tables follow.
    pub template: &'static str,
    pub layout: Layout,
    /// The issuer as signed above the date this year.
    pub signature: String,
    /// The report (the file's content).
    pub text: String,
    /// The mistake this report carries.
    pub mistake: Option<ChainMistake>,
    /// The year's table quantities (what the narrative sentences state).
    pub figures: Figures,
}

impl ChainReport {
    pub fn extension(&self) -> &'static str {
        Form::from(self.layout).extension()
    }

    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.extension())
    }
}

/// One issuer's reports for consecutive years, and its ground truth.
#[derive(Clone, Debug)]
pub struct Chain {
    pub index: u64,
    /// The issuer's full name (as the titles write it).
    pub issuer: String,
    /// [`issuer_key`] of every way the issuer signs.
    pub key: String,
    pub reports: Vec<ChainReport>,
    pub mistake: Option<ChainMistake>,
    pub mistake_year: Option<i32>,
    /// Every finding of [`CHAIN_CODES`] the checker must report; empty for a
    /// clean chain. Sorted by report, then line.
    pub expected: Vec<ChainExpected>,
    /// Findings of other rules the mistake may also cause (a title naming last
    /// year makes the report read as last year's: `late-publication`).
    pub incidental: Vec<ChainExpected>,
}

impl Chain {
    /// The ground truth of report `i` as JSON (`NAME.expected.json`), in the
    /// shape `gen_corpus` writes, with the chain it belongs to.
    pub fn expected_json(&self, i: usize) -> serde_json::Value {
        let r = &self.reports[i];
        let findings = |list: &[ChainExpected]| {
            list.iter()
                .filter(|e| e.report == i)
                .map(|e| serde_json::json!({ "code": e.code, "line": e.line, "lines": e.lines }))
                .collect::<Vec<_>>()
        };
        serde_json::json!({
            "name": r.name,
            "chain": self.index,
            "issuer": self.key,
            "signature": r.signature,
            "year": r.year,
            "template": r.template,
            "layout": doc::layout_name(r.layout),
            "mistake": r.mistake.map(ChainMistake::name),
            "findings": findings(&self.expected),
            "incidental": findings(&self.incidental),
        })
    }
}

/// The name every spelling of an issuer comes to, as `nianbao::set` groups
/// reports by issuer: `人民政府` as `政府`, `管理委员会` as `管委会`, and a
/// government's (or a 管委会's) `办公室` as the government (`临沂市人民政府办公室`,
/// `临沂市政府办公室`, `临沂市人民政府` → `临沂市政府`); a department's `办公室` is
/// not the department.
pub fn issuer_key(name: &str) -> String {
    let mut key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    key = key
        .replace("人民政府", "政府")
        .replace("管理委员会", "管委会");
    if let Some(stem) = key.strip_suffix("办公室") {
        if stem.ends_with("政府") || stem.ends_with("管委会") {
            key.truncate(stem.len());
        }
    }
    key
}

/// The years of the clean chains of [`chain_set`].
pub const CLEAN_YEARS: RangeInclusive<i32> = 2017..=2023;
/// Clean chains per layout in [`chain_set`].
pub const CLEAN_PER_LAYOUT: u64 = 3;

/// The standard set of chains, every issuer distinct: per text layout
/// [`CLEAN_PER_LAYOUT`] clean chains over [`CLEAN_YEARS`], one clean chain
/// whose layout changes from year to year, and per layout one chain of three
/// years for each [`ChainMistake`], the mistake in the middle year (years
/// varied by layout and kind).
pub fn chain_set(seed: u64) -> Vec<Chain> {
    let mut chains = Vec::new();
    let mut index = 0;
    for layout in LAYOUTS {
        for _ in 0..CLEAN_PER_LAYOUT {
            let spec = ChainSpec {
                years: CLEAN_YEARS,
                layout: Some(layout),
                ..ChainSpec::default()
            };
            chains.push(chain(seed, index, &spec));
            index += 1;
        }
    }
    chains.push(chain(seed, index, &ChainSpec::default()));
    index += 1;
    for (l, layout) in LAYOUTS.into_iter().enumerate() {
        for (m, mistake) in ChainMistake::ALL.into_iter().enumerate() {
            let years: Vec<i32> = (2019..=2024)
                .filter(|&y| mistake.fits(y, &(y - 1..=y + 1)))
                .collect();
            let y = years[(l + 2 * m) % years.len()];
            let spec = ChainSpec {
                years: y - 1..=y + 1,
                layout: Some(layout),
                mistake: Some(mistake),
                mistake_year: Some(y),
            };
            chains.push(chain(seed, index, &spec));
            index += 1;
        }
    }
    chains
}

/// Salt of the seed of the chains' streams.
const CHAIN_STREAM: u64 = 0x63_68_61_69_6E_73_00_00;

/// An issuer: place and level, and a department or the people's government.
struct Issuer {
    place: String,
    department: Option<&'static str>,
}

impl Issuer {
    /// Every third chain is a people's government's; chains of distinct
    /// indices below 216 have distinct issuers.
    fn of(index: u64) -> Issuer {
        let departments: Vec<&'static str> = crate::prose::DEPARTMENTS
            .iter()
            .copied()
            .filter(|d| *d != "人民政府办公室")
            .collect();
        let (places, levels) = (crate::prose::PLACES, crate::prose::LEVELS);
        let (np, nl, nd) = (places.len(), levels.len(), departments.len());
        let index = index as usize;
        let (place, level, department) = if index % 3 == 1 {
            let g = index / 3;
            ((g * 5) % np, (g / np) % nl, None)
        } else {
            // The how-manyth department's chain, spread over places and departments.
            let k = index - (index + 1) / 3;
            let u = k % (np * nd);
            let d = u % nd;
            (
                (u / nd + 7 * d) % np,
                (k / (np * nd)) % nl,
                Some(departments[d]),
            )
        };
        Issuer {
            place: format!("{}{}", places[place], levels[level]),
            department,
        }
    }

    fn name(&self) -> String {
        match self.department {
            Some(d) => format!("{}{d}", self.place),
            None => format!("{}人民政府", self.place),
        }
    }

    /// How the report is signed this year. A department's `办公室` is a unit
    /// of its own (its reports are not the department's), so a department
    /// signs its name, a 管委会 sometimes in full (管理委员会).
    fn signature(&self, rng: &mut Rng) -> String {
        match self.department {
            Some(d) if d.ends_with("管委会") && rng.chance(30) => {
                format!("{}{}管理委员会", self.place, d.trim_end_matches("管委会"))
            }
            Some(_) => self.name(),
            None => match rng.below(5) {
                0 | 1 => self.name(),
                2 | 3 => format!("{}人民政府办公室", self.place),
                _ => format!("{}政府办公室", self.place),
            },
        }
    }
}

/// What a year hands on to the next.
#[derive(Default)]
struct Prev {
    template: &'static str,
    /// 四、结转下年度继续办理, by column (2019 and 2021 formats).
    carry_over: Option<Vec<i64>>,
    /// 2021 format: 现行有效件数; 2019 format: 对外公开总数量, by row.
    in_force: HashMap<String, i64>,
    /// 2019 format: (上一年项目数量, 本年增/减), by row.
    items: HashMap<String, (i64, i64)>,
    overview: Option<Vec<Para>>,
    problems: Option<Vec<Para>>,
    used: HashSet<(u8, usize)>,
    title: usize,
}

/// Banks of section 一 and of section 五 (see `prose`).
fn overview_bank(b: u8) -> bool {
    b <= 1 || (10..=14).contains(&b)
}
fn problems_bank(b: u8) -> bool {
    (2..=6).contains(&b)
}

/// Generates chain `index` of `seed` as `spec` says.
pub fn chain(seed: u64, index: u64, spec: &ChainSpec) -> Chain {
    let templates = Templates::builtin();
    let issuer = Issuer::of(index);
    let name = issuer.name();
    let mut rng = Rng::derive(seed ^ CHAIN_STREAM, index);
    let mistake_year = spec.mistake.map(|m| {
        let year = spec.mistake_year.unwrap_or_else(|| {
            let years: Vec<i32> = spec
                .years
                .clone()
                .filter(|&y| m.fits(y, &spec.years))
                .collect();
            assert!(!years.is_empty(), "no year of {:?} fits {m:?}", spec.years);
            *rng.pick(&years)
        });
        assert!(
            m.fits(year, &spec.years),
            "{m:?} does not fit {year} in {:?}",
            spec.years
        );
        year
    });
    let label_of = |y: i32| {
        if Some(y) == mistake_year {
            spec.mistake.map_or("clean", ChainMistake::name)
        } else {
            "clean"
        }
    };
    let mut prev = Prev {
        title: rng.below(3),
        ..Prev::default()
    };
    let mut reports = Vec::new();
    let mut expected = Vec::new();
    let mut incidental = Vec::new();
    for (i, year) in spec.years.clone().enumerate() {
        let layout = spec.layout.unwrap_or(*rng.pick(&LAYOUTS));
        let (template, _) = templates.in_force(year).expect("a template in force");
        let mistake = spec.mistake.filter(|_| Some(year) == mistake_year);
        let year_rng = Rng::derive(seed ^ CHAIN_STREAM ^ ((year as u64) << 40), index);
        let mut y = Year {
            templates,
            template,
            year,
            layout,
            mistake,
            issuer: &issuer,
            name: &name,
            builder: Builder::new(
                year_rng,
                templates,
                template,
                year,
                layout.into(),
                None,
                index,
            ),
            expected: Vec::new(),
            incidental: Vec::new(),
        };
        let report = y.build(
            &mut prev,
            format!(
                "c{index:03}-{year}-{}-{}-{}",
                template.id,
                doc::layout_name(layout),
                label_of(year)
            ),
        );
        expected.extend(y.expected.into_iter().map(|mut e| {
            e.report = i;
            e
        }));
        incidental.extend(y.incidental.into_iter().map(|mut e| {
            e.report = i;
            e
        }));
        reports.push(report);
    }
    expected.sort();
    Chain {
        index,
        key: issuer_key(&name),
        issuer: name,
        reports,
        mistake: spec.mistake,
        mistake_year,
        expected,
        incidental,
    }
}

/// A table's values by row id and column.
struct Values {
    def: &'static TableDef,
    v: HashMap<Key, i64>,
}

impl Values {
    fn key(&self, row: &str, col: usize) -> Key {
        let (b, r) = self
            .def
            .row_position(row)
            .unwrap_or_else(|| panic!("row {row}"));
        (b, r, col)
    }
    fn col(&self, row: &str, col: &str) -> usize {
        let (b, _) = self
            .def
            .row_position(row)
            .unwrap_or_else(|| panic!("row {row}"));
        self.def.blocks[b]
            .column_index(col)
            .unwrap_or_else(|| panic!("column {col}"))
    }
    fn at(&self, row: &str, col: usize) -> i64 {
        self.v.get(&self.key(row, col)).copied().unwrap_or(0)
    }
    fn put(&mut self, row: &str, col: usize, value: i64) {
        let k = self.key(row, col);
        self.v.insert(k, value);
    }
    fn get(&self, row: &str, col: &str) -> i64 {
        self.at(row, self.col(row, col))
    }
    fn set(&mut self, row: &str, col: &str, value: i64) {
        let c = self.col(row, col);
        self.put(row, c, value);
    }
    fn has(&self, row: &str) -> bool {
        self.def.row_position(row).is_some()
    }
    /// The applications table's columns: (the applicant columns, 总计).
    fn applicant_columns(&self) -> (Vec<usize>, usize) {
        let (b, _) = self.def.row_position("new").expect("applications table");
        let block = &self.def.blocks[b];
        let total = block.column_index("total").expect("总计 column");
        (
            (0..block.columns.len()).filter(|c| *c != total).collect(),
            total,
        )
    }
}

/// One year's report being written.
struct Year<'a> {
    templates: &'static Templates,
    template: &'static Template,
    year: i32,
    layout: Layout,
    mistake: Option<ChainMistake>,
    issuer: &'a Issuer,
    name: &'a str,
    builder: Builder,
    expected: Vec<ChainExpected>,
    incidental: Vec<ChainExpected>,
}

/// Where an expected finding points, resolved to lines once written.
enum Anchor {
    /// A value cell: (table definition, row id, column).
    Cell(usize, String, usize),
    /// A section, by number: its heading, and the lines up to the next.
    Section(u8),
    /// A section, or a row of a table (definition, row id).
    SectionOrRow(u8, usize, String),
    /// A paragraph of a section: its `n`th, or the one of this text.
    Para(u8, ParaRef),
    /// The opening paragraph (with the statistics period).
    Preamble(String),
    /// The title (preferred), or the opening paragraph.
    TitleOrPreamble(String),
    Date,
}

/// A paragraph of a section: by its place before it is written, or by its text.
enum ParaRef {
    Nth(usize),
    Text(String),
}

impl Year<'_> {
    fn rng(&mut self) -> &mut Rng {
        &mut self.builder.rng
    }

    fn build(&mut self, prev: &mut Prev, file: String) -> ChainReport {
        let modern = !self.template.sections.is_empty();
        let mut anchors: Vec<(&'static str, Anchor, bool)> = Vec::new();
        let mistake = self.mistake;
        let code = mistake.map_or("", ChainMistake::code);

        // The numbers, continuous with last year's.
        let mut tables: Vec<Values> = Vec::new();
        for def in &self.template.tables {
            let v = values::fill(def, self.rng(), &[]);
            tables.push(Values { def, v });
        }
        let kind_index = |kind: TableKind| self.template.tables.iter().position(|d| d.kind == kind);
        let proactive = kind_index(TableKind::Proactive);
        let applications = kind_index(TableKind::Applications);
        let appeals = kind_index(TableKind::Appeals);
        if let Some(p) = proactive {
            let t = &mut tables[p];
            let rng = &mut self.builder.rng;
            let same = prev.template == self.template.id.as_str();
            if self.template.id == "2021" {
                // Continues last year's 现行有效件数, or after the 2019 format its
                // 对外公开总数量, taken as what was in force.
                for row in ["regulations", "normative_documents"] {
                    let issued = t.get(row, "issued");
                    let effective = match prev.in_force.get(row) {
                        Some(&base) => {
                            let repealed = t.get(row, "repealed").min(base + issued);
                            t.set(row, "repealed", repealed);
                            base + issued - repealed
                        }
                        None => t.get(row, "effective").max(issued),
                    };
                    t.set(row, "effective", effective);
                }
                if mistake == Some(ChainMistake::InForceCount) {
                    let row = *rng.pick(&["regulations", "normative_documents"]);
                    let e = off_by(rng, t.get(row, "effective"));
                    t.set(row, "effective", e);
                    let c = t.col(row, "effective");
                    anchors.push((code, Anchor::Cell(p, row.into(), c), true));
                }
            } else {
                for row in ["regulations", "normative_documents"] {
                    let published = t.get(row, "published");
                    let total = match prev.in_force.get(row).filter(|_| same) {
                        Some(&base) => base + published,
                        None => t.get(row, "in_force").max(published),
                    };
                    t.set(row, "in_force", total);
                }
                let rows = [
                    "licensing",
                    "other_services",
                    "penalties",
                    "enforcement",
                    "fees",
                ];
                let wrong = (mistake == Some(ChainMistake::InForceCount)).then(|| *rng.pick(&rows));
                for row in rows {
                    if let Some(&(last, change)) = prev.items.get(row).filter(|_| same) {
                        t.set(row, "last_year", last + change);
                    }
                    if wrong == Some(row) {
                        let l = off_by(rng, t.get(row, "last_year"));
                        t.set(row, "last_year", l);
                        let c = t.col(row, "last_year");
                        anchors.push((code, Anchor::Cell(p, row.into(), c), true));
                    }
                    let l = t.get(row, "last_year");
                    let change = t.get(row, "change").max(-l);
                    t.set(row, "change", change);
                }
            }
        }
        if let Some(a) = applications {
            let t = &mut tables[a];
            let rng = &mut self.builder.rng;
            let (parts, total) = t.applicant_columns();
            let has_fee_row = t.has("other_handling_2");
            for &c in &parts {
                // A few requests carried forward, in some columns.
                let v = if rng.chance(35) { rng.range(1, 4) } else { 0 };
                t.put("carry_over", c, v);
                let carried = match &prev.carry_over {
                    Some(p) => p[c],
                    None => t.at("carried", c).min(rng.range(0, 5)),
                };
                t.put("carried", c, carried);
                if has_fee_row && t.at("other_handling_2", c) > 3 {
                    let v = rng.range(0, 3);
                    t.put("other_handling_2", c, v);
                }
            }
            if mistake == Some(ChainMistake::CarryOver) {
                let c = *rng.pick(&parts);
                let v = off_by(rng, t.at("carried", c));
                t.put("carried", c, v);
                anchors.push((code, Anchor::Cell(a, "carried".into(), c), true));
                anchors.push((code, Anchor::Cell(a, "carried".into(), total), true));
            }
            match mistake {
                Some(ChainMistake::NoFeeStatement) => {
                    for &c in &parts {
                        t.put("other_handling_2", c, 0);
                    }
                }
                Some(ChainMistake::UnmentionedFeeRefusals)
                    if parts.iter().all(|&c| t.at("other_handling_2", c) == 0) =>
                {
                    let v = rng.range(1, 3);
                    t.put("other_handling_2", parts[0], v);
                }
                Some(ChainMistake::NarrativeNumber) => {
                    // Something to state: at least one request disclosed.
                    let v = t.at("open", parts[0]) + rng.range(1, 5);
                    t.put("open", parts[0], v);
                }
                _ => {}
            }
            close_applications(t);
        }
        if let Some(p) = appeals {
            // A few cases at most, as most issuers have.
            let t = &mut tables[p];
            let rng = &mut self.builder.rng;
            for group in ["review", "direct", "after"] {
                let mut sum = 0;
                for part in ["upheld", "corrected", "other", "pending"] {
                    let col = format!("{group}_{part}");
                    let v = t.get("cases", &col);
                    let v = if v > 3 { rng.range(0, 3) } else { v };
                    t.set("cases", &col, v);
                    sum += v;
                }
                t.set("cases", &format!("{group}_total"), sum);
            }
        }
        let figures = self.figures(&tables, applications, appeals);

        // What the next year continues from.
        let mut next = Prev {
            template: self.template.id.as_str(),
            title: prev.title,
            ..Prev::default()
        };
        if let Some(a) = applications {
            let t = &tables[a];
            let (parts, total) = t.applicant_columns();
            let mut row: Vec<i64> = vec![0; parts.len() + 1];
            for c in parts.into_iter().chain([total]) {
                row[c] = t.at("carry_over", c);
            }
            next.carry_over = Some(row);
        }
        if let Some(p) = proactive {
            let t = &tables[p];
            let col = if self.template.id == "2021" {
                "effective"
            } else {
                "in_force"
            };
            for row in ["regulations", "normative_documents"] {
                next.in_force.insert(row.into(), t.get(row, col));
            }
            if self.template.id != "2021" {
                for row in [
                    "licensing",
                    "other_services",
                    "penalties",
                    "enforcement",
                    "fees",
                ] {
                    next.items
                        .insert(row.into(), (t.get(row, "last_year"), t.get(row, "change")));
                }
            }
        }

        // The tables as written.
        let mut written: Vec<Option<TableOut>> = Vec::new();
        let mut uids: HashMap<(usize, String), usize> = HashMap::new();
        for (i, t) in tables.iter().enumerate() {
            let out = self.builder.table_out(t.def, &t.v);
            for row in out.rows() {
                uids.insert((i, row.row_id.clone()), row.uid);
            }
            written.push(Some(out));
        }

        // The prose.
        let signature = self.issuer.signature(self.rng());
        if self.rng().chance(15) {
            next.title = self.rng().below(3);
        }
        let office = self
            .issuer
            .department
            .is_none()
            .then(|| format!("{}人民政府办公室", self.issuer.place));
        let period_year = if mistake == Some(ChainMistake::PeriodYear) {
            self.year - 1
        } else {
            self.year
        };
        let title_year = if mistake == Some(ChainMistake::TitleYear) {
            self.year - 1
        } else {
            self.year
        };
        let title = match prev.title {
            0 => format!("{}{title_year}年政府信息公开工作年度报告", self.name),
            1 => format!("{}关于{title_year}年政府信息公开工作年度报告", self.name),
            _ => format!("{}{title_year}年度政府信息公开工作年度报告", self.name),
        };
        if mistake == Some(ChainMistake::TitleYear) {
            anchors.push(("late-publication", Anchor::Date, false));
        }
        let name = self.name.to_string();
        let rng = &mut self.builder.rng;
        let mut plan = Plan {
            rng,
            org: &name,
            prev: &prev.used,
            now: HashSet::new(),
        };
        let preamble = plan.preamble(office.as_deref());
        // (section number or 0, paragraphs) in order; tables by definition index.
        enum Block {
            Heading(Option<u8>, String),
            Paras(u8, Vec<Para>),
            Table(usize),
        }
        let mut blocks: Vec<Block> = Vec::new();
        let mut overview_out = None;
        let mut problems_out = None;
        if modern {
            for section in &self.template.sections {
                blocks.push(Block::Heading(Some(section.number), section.title.clone()));
                let n = section.number;
                match n {
                    1 => {
                        let paras = match (mistake, &prev.overview) {
                            (Some(ChainMistake::CopiedOverview), Some(last)) => {
                                anchors.push((code, Anchor::Section(1), true));
                                for u in prev.used.iter().filter(|u| overview_bank(u.0)) {
                                    plan.now.insert(*u);
                                }
                                last.clone()
                            }
                            _ => plan.overview(),
                        };
                        overview_out = Some(paras.clone());
                        blocks.push(Block::Paras(1, paras));
                    }
                    2 => {
                        blocks.push(Block::Paras(2, vec![plan.table_intro(None)]));
                        blocks.push(Block::Table(proactive.expect("section 二's table")));
                    }
                    3 => {
                        let intro = plan.table_intro(Some(Narrative::Applications));
                        blocks.push(Block::Paras(3, vec![intro]));
                        blocks.push(Block::Table(applications.expect("section 三's table")));
                    }
                    4 => {
                        let intro = plan.table_intro(Some(Narrative::Appeals));
                        blocks.push(Block::Paras(4, vec![intro]));
                        blocks.push(Block::Table(appeals.expect("section 四's table")));
                    }
                    5 => {
                        let mut paras = match (mistake, &prev.problems) {
                            (Some(ChainMistake::CopiedProblems), Some(last)) => {
                                anchors.push((code, Anchor::Section(5), true));
                                for u in prev.used.iter().filter(|u| problems_bank(u.0)) {
                                    plan.now.insert(*u);
                                }
                                last.clone()
                            }
                            _ => plan.problems(self.year >= 2020),
                        };
                        problems_out = Some(paras.clone());
                        match mistake {
                            Some(ChainMistake::EmptyProblems) => {
                                paras = if plan.rng.chance(50) {
                                    Vec::new()
                                } else {
                                    vec![vec![Piece::Text("无。".into())]]
                                };
                                anchors.push((code, Anchor::Section(5), true));
                            }
                            Some(ChainMistake::NoImprovements) => {
                                paras.truncate(1);
                                anchors.push((code, Anchor::Section(5), true));
                            }
                            Some(
                                m @ (ChainMistake::EnumerationSkip
                                | ChainMistake::EnumerationRepeat),
                            ) => {
                                // The measures' enumeration (3 items or more), or the problems' if long enough.
                                let lists: Vec<usize> = (0..paras.len())
                                    .filter(|&i| ordinals(&paras[i]) >= 3)
                                    .collect();
                                let i = *plan.rng.pick(&lists);
                                let k = ordinals(&paras[i]);
                                let at = plan.rng.range(1, k as i64 - 1) as usize;
                                renumber(&mut paras[i], at, m == ChainMistake::EnumerationSkip);
                                anchors.push((code, Anchor::Para(5, ParaRef::Nth(i)), true));
                            }
                            _ => {}
                        }
                        blocks.push(Block::Paras(5, paras));
                    }
                    _ => {
                        let paras = if self.template.id == "2021" {
                            match mistake {
                                Some(ChainMistake::NoFeeStatement) => {
                                    anchors.push((code, Anchor::Section(6), true));
                                    plan.six_without_fees()
                                }
                                Some(ChainMistake::UnmentionedFeeRefusals) => {
                                    let a = applications.expect("section 三's table");
                                    let row = Anchor::SectionOrRow(6, a, "other_handling_2".into());
                                    anchors.push((code, row, true));
                                    plan.six_fee_only()
                                }
                                _ => plan.six_2021(figures.fee_dropouts),
                            }
                        } else {
                            plan.six_2019()
                        };
                        blocks.push(Block::Paras(n, paras));
                    }
                }
            }
        } else {
            for (i, heading) in crate::prose::HEADINGS_2008.iter().enumerate() {
                blocks.push(Block::Heading(None, heading.to_string()));
                let paras = match i {
                    0 => {
                        let mut first = plan.overview_2008();
                        first.extend(plan.sentences(2, 2));
                        overview_out = Some(vec![first.clone()]);
                        vec![first]
                    }
                    1 => vec![plan.sentences(0, 3)],
                    2 => vec![plan.sentences(1, 2)],
                    3 => vec![plan.fees_2008()],
                    4 => vec![plan.appeals_2008()],
                    5 => {
                        let p = plan.problems(false);
                        problems_out = Some(p.clone());
                        p
                    }
                    _ => plan.six_2019(),
                };
                blocks.push(Block::Paras(0, paras));
            }
        }
        next.used = std::mem::take(&mut plan.now);
        next.overview = overview_out;
        next.problems = problems_out;

        // Render the paragraphs; a narrative number made wrong.
        let cx = Ctx {
            year: self.year,
            period_year,
            org: &name,
            figures: &figures,
        };
        let mut rendered: Vec<(u8, Vec<Vec<Seg>>)> = Vec::new();
        for b in &blocks {
            if let Block::Paras(n, paras) = b {
                rendered.push((*n, paras.iter().map(|p| prose::render(p, &cx)).collect()));
            }
        }
        if mistake == Some(ChainMistake::NarrativeNumber) {
            let mut options = Vec::new();
            for (bi, (n, paras)) in rendered.iter().enumerate() {
                if *n != 1 && *n != 3 {
                    continue;
                }
                for (pi, segs) in paras.iter().enumerate() {
                    for (si, s) in segs.iter().enumerate() {
                        if matches!(s, Seg::Num(q, v) if q.checked() && *v >= 1) {
                            options.push((bi, pi, si));
                        }
                    }
                }
            }
            assert!(
                !options.is_empty(),
                "{name} {}: no quantity stated",
                self.year
            );
            let (bi, pi, si) = *self.builder.rng.pick(&options);
            let k = self.builder.rng.range(1, 6);
            let down = self.builder.rng.chance(50);
            let (n, paras) = &mut rendered[bi];
            if let Seg::Num(_, v) = &mut paras[pi][si] {
                *v = if down && *v > k { *v - k } else { *v + k };
            }
            let text = prose::text(&paras[pi]);
            anchors.push((code, Anchor::Para(*n, ParaRef::Text(text)), true));
        }

        // The document.
        let preamble_text = prose::text(&prose::render(&preamble, &cx));
        match mistake {
            Some(ChainMistake::PeriodYear) => {
                anchors.push((code, Anchor::Preamble(preamble_text.clone()), true))
            }
            Some(ChainMistake::TitleYear) => {
                anchors.push((code, Anchor::TitleOrPreamble(preamble_text.clone()), true))
            }
            _ => {}
        }
        let mut parts = vec![Part::Title(title), Part::Text(preamble_text)];
        let mut rendered = rendered.into_iter();
        let mut section_paras: HashMap<u8, Vec<String>> = HashMap::new();
        for b in blocks {
            match b {
                Block::Heading(number, text) => parts.push(Part::Heading { number, text }),
                Block::Paras(..) => {
                    let (n, paras) = rendered.next().expect("rendered in order");
                    for segs in paras {
                        let t = prose::text(&segs);
                        section_paras.entry(n).or_default().push(t.clone());
                        parts.push(Part::Text(t));
                    }
                }
                Block::Table(i) => {
                    parts.push(Part::Table(written[i].take().expect("each table once")))
                }
            }
        }
        parts.push(Part::Text(signature.clone()));
        let day = self.builder.rng.range(5, 28) as u32;
        parts.push(Part::Date(crate::prose::date(self.year + 1, 1, day)));
        if !modern {
            for t in written.iter_mut() {
                if let Some(t) = t.take() {
                    parts.push(Part::Text("附件".into()));
                    parts.push(Part::Text(format!(
                        "{}年度政府信息公开工作情况统计表",
                        self.year
                    )));
                    parts.push(Part::Table(t));
                }
            }
        }
        let mut n = 0;
        for p in &mut parts {
            if let Part::Table(t) = p {
                t.number = n;
                n += 1;
            }
        }
        let style = self.builder.style.clone();
        let (text, marks) = doc::render(&parts, &style);

        // Where the findings go.
        let lines: Vec<&str> = text.lines().collect();
        let signature_line = lines
            .iter()
            .rposition(|l| *l == signature)
            .expect("signature written");
        let section_span = |n: u8| -> (usize, usize) {
            let start = marks.heading[&n];
            let end = marks
                .heading
                .values()
                .filter(|&&l| l > start)
                .min()
                .copied()
                .unwrap_or(signature_line);
            let mut end = end - 1;
            while end > start && lines[end].trim().is_empty() {
                end -= 1;
            }
            (start, end)
        };
        let find_after = |from: usize, t: &str| -> usize {
            (from..lines.len())
                .find(|&l| lines[l] == t)
                .unwrap_or_else(|| panic!("{name} {}: paragraph not written: {t}", self.year))
        };
        for (code, anchor, required) in anchors {
            let (line, span) = match anchor {
                Anchor::Cell(t, row, c) => {
                    let uid = uids[&(t, row)];
                    let l = marks.value[&(uid, c)];
                    (l, vec![(l, l)])
                }
                Anchor::Section(n) => {
                    let span = section_span(n);
                    (span.0, vec![span])
                }
                Anchor::SectionOrRow(n, t, row) => {
                    let span = section_span(n);
                    let uid = uids[&(t, row)];
                    let cells = marks
                        .value
                        .iter()
                        .filter(|((u, _), _)| *u == uid)
                        .map(|(_, l)| *l)
                        .chain(marks.label.get(&uid).copied());
                    let (a, b) = cells.fold((usize::MAX, 0), |(a, b), l| (a.min(l), b.max(l)));
                    (span.0, vec![span, (a, b)])
                }
                Anchor::Para(n, which) => {
                    let t = match which {
                        ParaRef::Nth(i) => section_paras[&n][i].clone(),
                        ParaRef::Text(t) => t,
                    };
                    let l = find_after(marks.heading[&n], &t);
                    (l, vec![(l, l)])
                }
                Anchor::Preamble(t) => {
                    let l = find_after(0, &t);
                    (l, vec![(l, l)])
                }
                Anchor::TitleOrPreamble(t) => {
                    let l = find_after(0, &t);
                    (0, vec![(0, 0), (l, l)])
                }
                Anchor::Date => {
                    let l = marks.date.expect("date written");
                    (l, vec![(l, l)])
                }
            };
            let e = ChainExpected {
                report: 0,
                code,
                line,
                lines: span,
            };
            if required {
                self.expected.push(e);
            } else {
                self.incidental.push(e);
            }
        }
        *prev = next;
        ChainReport {
            name: file,
            year: self.year,
            template: self.template_id(),
            layout: self.layout,
            signature,
            text,
            mistake,
            figures,
        }
    }

    fn template_id(&self) -> &'static str {
        crate::template_id(self.templates, self.template)
    }

    fn figures(
        &self,
        tables: &[Values],
        applications: Option<usize>,
        appeals: Option<usize>,
    ) -> Figures {
        let mut f = Figures::default();
        if let Some(a) = applications {
            let t = &tables[a];
            let (parts, total) = t.applicant_columns();
            f.received = t.at("new", total);
            f.carried = t.at("carried", total);
            f.closed = t.at("total", total);
            f.opened = t.at("open", total);
            f.partial = t.at("partial", total);
            f.carry_over = t.at("carry_over", total);
            f.natural = t.at("new", parts[0]);
            f.legal = f.received - f.natural;
            if t.has("other_handling_2") {
                f.fee_dropouts = t.at("other_handling_2", total);
            }
        }
        if let Some(p) = appeals {
            let t = &tables[p];
            f.review = t.get("cases", "review_total");
            f.litigation = t.get("cases", "direct_total") + t.get("cases", "after_total");
        }
        f
    }
}

/// A count made wrong by a few, never below zero.
fn off_by(rng: &mut Rng, v: i64) -> i64 {
    let k = rng.range(1, 5);
    if v >= k && rng.chance(50) {
        v - k
    } else {
        v + k
    }
}

/// The number of enumeration items in a paragraph.
fn ordinals(p: &Para) -> usize {
    p.iter()
        .filter(|x| matches!(x, Piece::Ordinal { .. }))
        .count()
}

/// Makes item `at` (from 1) of a paragraph's enumeration skip an ordinal
/// (`一是…三是…`) or repeat the one before (`一是…一是…`); the items after follow on.
fn renumber(p: &mut Para, at: usize, skip: bool) {
    let mut i = 0;
    for piece in p.iter_mut() {
        if let Piece::Ordinal { n, .. } = piece {
            if i >= at {
                *n = if skip { i + 1 } else { i - 1 };
            }
            i += 1;
        }
    }
}

/// Closes the applications table after its cells were set: （七）总计 summed,
/// 一、本年新收 closing the balance (予以公开 raised where it cannot), 总计
/// column summed.
fn close_applications(t: &mut Values) {
    let (parts, total) = t.applicant_columns();
    let column_total: Vec<String> = t
        .def
        .relations
        .iter()
        .find_map(|r| match r {
            RelationDef::ColumnTotal { total, parts } if total == "total" => Some(parts.clone()),
            _ => None,
        })
        .expect("（七）总计");
    for &c in &parts {
        loop {
            let sum: i64 = column_total.iter().map(|p| t.at(p, c)).sum();
            t.put("total", c, sum);
            let new = sum + t.at("carry_over", c) - t.at("carried", c);
            if new >= 0 {
                t.put("new", c, new);
                break;
            }
            let open = t.at("open", c) - new;
            t.put("open", c, open);
        }
    }
    let (b, _) = t.def.row_position("new").expect("applications table");
    let rows: Vec<String> = t.def.blocks[b]
        .rows
        .iter()
        .filter(|r| r.values)
        .map(|r| r.id.clone())
        .collect();
    for row in rows {
        let sum: i64 = parts.iter().map(|&c| t.at(&row, c)).sum();
        t.put(&row, total, sum);
    }
}
