//! The synthetic report generator: varied, realistic annual reports with known
//! findings, for accuracy tests and benchmarks.
//!
//! Every report is drawn from a seed and an index, so a corpus is reproducible
//! (the PRNG is written out in [`rng`] for that reason). A report follows one
//! of the template generations (templates are data: tables, rows, columns and
//! relations come from `templates/*.toml`, with no per-generation code), in
//! a year whose template in force matches (`templates/schedule.toml`), in one
//! of the forms reports are found in ([`Form`]): a text file in one of the
//! three layouts, a CMS page (HTML), a Word draft (`.docx`) or a PDF's text
//! layer, with prose between the tables. Its numbers satisfy every relation of
//! the template (derived generically in `values`).
//!
//! On request one mistake of a rule's kind is injected ([`Mistake`], one per
//! rule code), and the findings the checker must report are listed with their
//! line ([`Report::expected`]). Lines are those of [`Report::text`]: the file
//! itself for the text layouts; for the other forms, the same report in
//! Markdown (their own lines do not carry over).
//!
//! [`chain`] generates one issuer's reports for consecutive years instead,
//! consistent from year to year, with the mistakes of the checks that compare
//! a report with its previous year or read its prose ([`chain::ChainMistake`]).
//!
//! ```
//! use nianbao_corpus::{generate, Mistake, Spec};
//! let report = generate(7, 0, &Spec { mistake: Some(Mistake::RowTotal), ..Spec::default() });
//! assert_eq!(report.expected[0].code, "row-total");
//! ```

pub mod chain;
pub mod doc;
mod forms;
mod prose;
pub mod rng;
mod values;

use std::collections::HashMap;

use doc::{BlockOut, Cell, Part, RowOut, Style, TableOut};
use nianbao::model::Layout;
use nianbao::read::Format;
use nianbao::template::{RelationDef, TableDef, Template, Templates};
use prose::{Writer, Year};
use rng::Rng;

/// One mistake of each rule's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mistake {
    MissingSection,
    MissingRow,
    MissingValue,
    ExtraValue,
    UnknownRow,
    DuplicateRow,
    LabelTypo,
    LabelVariant,
    RowTotal,
    ColumnTotal,
    Balance,
    NegativeValue,
    SubsetExceeds,
    OutdatedTemplate,
    TemplateMismatch,
    UnknownYear,
    LatePublication,
}

impl Mistake {
    pub const ALL: [Mistake; 17] = [
        Mistake::MissingSection,
        Mistake::MissingRow,
        Mistake::MissingValue,
        Mistake::ExtraValue,
        Mistake::UnknownRow,
        Mistake::DuplicateRow,
        Mistake::LabelTypo,
        Mistake::LabelVariant,
        Mistake::RowTotal,
        Mistake::ColumnTotal,
        Mistake::Balance,
        Mistake::NegativeValue,
        Mistake::SubsetExceeds,
        Mistake::OutdatedTemplate,
        Mistake::TemplateMismatch,
        Mistake::UnknownYear,
        Mistake::LatePublication,
    ];

    /// The rule code whose finding the mistake must produce.
    pub fn code(self) -> &'static str {
        match self {
            Mistake::MissingSection => "missing-section",
            Mistake::MissingRow => "missing-row",
            Mistake::MissingValue => "missing-value",
            Mistake::ExtraValue => "extra-value",
            Mistake::UnknownRow => "unknown-row",
            Mistake::DuplicateRow => "duplicate-row",
            Mistake::LabelTypo => "label-typo",
            Mistake::LabelVariant => "label-variant",
            Mistake::RowTotal => "row-total",
            Mistake::ColumnTotal => "column-total",
            Mistake::Balance => "balance",
            Mistake::NegativeValue => "negative-value",
            Mistake::SubsetExceeds => "subset-exceeds",
            Mistake::OutdatedTemplate => "outdated-template",
            Mistake::TemplateMismatch => "template-mismatch",
            Mistake::UnknownYear => "unknown-year",
            Mistake::LatePublication => "late-publication",
        }
    }
}

/// A finding the checker must report: its code and 0-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub code: &'static str,
    pub line: usize,
}

/// The form a report file is in: one of the three text layouts, or one of
/// the forms reports are published and drafted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    CellPerLine,
    RowPerLine,
    Markdown,
    /// A government CMS article page: site chrome around the report, its
    /// tables pasted from Word (`rowspan`/`colspan`), UTF-8 or GBK.
    Html,
    /// A Word draft: paragraphs with heading styles, runs, tables with
    /// `w:gridSpan` and `w:vMerge`.
    Docx,
    /// A PDF's text layer: one table row per line, cells between spaces,
    /// labels wrapped, page numbers between pages.
    Spaced,
}

impl Form {
    pub const ALL: [Form; 6] = [
        Form::CellPerLine,
        Form::RowPerLine,
        Form::Markdown,
        Form::Html,
        Form::Docx,
        Form::Spaced,
    ];
    /// The three text layouts, in the order of [`LAYOUTS`].
    pub const TEXT: [Form; 3] = [Form::CellPerLine, Form::RowPerLine, Form::Markdown];

    /// The text layout this form is, if it is one.
    pub fn layout(self) -> Option<Layout> {
        match self {
            Form::CellPerLine => Some(Layout::CellPerLine),
            Form::RowPerLine => Some(Layout::RowPerLine),
            Form::Markdown => Some(Layout::Markdown),
            Form::Html | Form::Docx | Form::Spaced => None,
        }
    }

    /// The form's name in file names and expected-findings files.
    pub fn name(self) -> &'static str {
        match self {
            Form::Html => "html",
            Form::Docx => "docx",
            Form::Spaced => "spaced",
            _ => doc::layout_name(self.layout().expect("a text layout")),
        }
    }

    /// The file extension a report of this form is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Form::Markdown => "md",
            Form::CellPerLine | Form::RowPerLine | Form::Spaced => "txt",
            Form::Html => "html",
            Form::Docx => "docx",
        }
    }

    /// The format nianbao reads a file of this form as (by its extension).
    pub fn format(self) -> Format {
        match self {
            Form::Markdown => Format::Markdown,
            Form::CellPerLine | Form::RowPerLine | Form::Spaced => Format::Text,
            Form::Html => Format::Html,
            Form::Docx => Format::Docx,
        }
    }
}

/// Realistic ways of writing a report that nianbao is known to misread (each
/// has an ignored reproducer in `tests/corpus_accuracy.rs`). A report lists
/// those its file has ([`Report::quirks`]); a [`Spec`] may ask the generator
/// to avoid them, as the accuracy tests do, so that every other variation is
/// still tested. All are drawn by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quirk {
    /// HTML: the report's title only in the page's chrome (`<title>`,
    /// `<h1>`) while the article opens with a sentence naming the report
    /// (`本报告根据…`). Avoided: the article repeats the title.
    TitleOnlyInChrome,
    /// Text layer: a wrapped label with its row's values on its first line
    /// (Word's top-aligned cells). Avoided: on its last line or between.
    ValuesOnFirstLine,
    /// Text layer: a merged group label written on the first line of a
    /// wrapped row label whose values are on a later line. Avoided: the group
    /// label on a line of its own.
    GroupOnWrappedLabel,
    /// Text layer: section 四's header without a line that is one of its
    /// labels alone (header rows on whole lines, or torn into pieces).
    /// Avoided: one header cell per line.
    AppealsHeaderWithoutLabelLine,
    /// Text layer: a label the template does not write (a typo) wrapped onto
    /// several lines. Avoided: that label is not wrapped.
    WrappedUnofficialLabel,
    /// Text layer: a label wrapped onto more than three lines (the longest
    /// labels in a narrow column). Avoided: onto three at most.
    LongWrappedLabel,
    /// Text layer: a header row holding a label that is not the template's
    /// (a variant), written with its other labels on one line or torn into
    /// pieces. Cannot be avoided (one cell per line is misread too).
    UnofficialHeaderLabel,
    /// Text layer: a paragraph wrapped so that a line of it holds a
    /// section's key words (`…由总体情况、`). Avoided: that paragraph is not
    /// wrapped.
    WrappedSectionWords,
    /// Text layer: a blank value's mark (`/`) in a row without a label
    /// (section 四's line of values) or without another value. Avoided: the
    /// blank goes into a labelled row with several values.
    BlankMark,
    /// Text layer: the 2008 statistics table. Cannot be avoided.
    StatisticsTable,
}

impl Quirk {
    pub const ALL: [Quirk; 10] = [
        Quirk::TitleOnlyInChrome,
        Quirk::ValuesOnFirstLine,
        Quirk::GroupOnWrappedLabel,
        Quirk::AppealsHeaderWithoutLabelLine,
        Quirk::WrappedUnofficialLabel,
        Quirk::LongWrappedLabel,
        Quirk::UnofficialHeaderLabel,
        Quirk::WrappedSectionWords,
        Quirk::BlankMark,
        Quirk::StatisticsTable,
    ];
}

impl From<Layout> for Form {
    fn from(layout: Layout) -> Form {
        match layout {
            Layout::CellPerLine => Form::CellPerLine,
            Layout::RowPerLine => Form::RowPerLine,
            Layout::Markdown => Form::Markdown,
        }
    }
}

/// A generated report and its ground truth.
#[derive(Debug)]
pub struct Report {
    /// A file name without extension (`00042-2021-2021-markdown-row-total`).
    pub name: String,
    /// The report as text in [`Self::layout`]: the file itself when the form
    /// is a text layout; for the other forms, the same report (same seed,
    /// same content) in Markdown, whose findings theirs must equal.
    pub text: String,
    /// The report year (stated in the text unless the mistake is unknown-year).
    pub year: i32,
    /// The template generation its tables follow.
    pub template: &'static str,
    /// The form of the report's file ([`Self::file`]).
    pub form: Form,
    /// The layout of [`Self::text`]: the form's, or Markdown.
    pub layout: Layout,
    pub mistake: Option<Mistake>,
    /// Every finding the checker must report, sorted by line then code; empty
    /// for a clean report. Lines are lines of [`Self::text`].
    pub expected: Vec<Expected>,
    /// The known misread variations the file has (see [`Quirk`]).
    pub quirks: Vec<Quirk>,
    /// The file's bytes, for the forms that are not [`Self::text`].
    file: Option<Vec<u8>>,
}

impl Report {
    /// The file extension for the report's form (`md`, `txt`, `html`, `docx`).
    pub fn extension(&self) -> &'static str {
        self.form.extension()
    }

    /// The report's file, in its form: the text's bytes for the text layouts,
    /// else the page (UTF-8 or GBK, as its `<meta charset>` says), the `.docx`
    /// package or the text layer.
    pub fn file(&self) -> &[u8] {
        self.file.as_deref().unwrap_or(self.text.as_bytes())
    }

    /// The ground truth as JSON (`name.expected.json`): lines are 0-based, as
    /// in `nianbao check --format json`. For the forms that are not a text
    /// layout the findings have no line: lines do not carry over from the
    /// Markdown text they were found in.
    pub fn expected_json(&self) -> serde_json::Value {
        let lines = self.form.layout().is_some();
        serde_json::json!({
            "name": self.name,
            "year": self.year,
            "template": self.template,
            "form": self.form.name(),
            "layout": doc::layout_name(self.layout),
            "mistake": self.mistake.map(Mistake::code),
            "findings": self.expected.iter().map(|e| if lines {
                serde_json::json!({ "code": e.code, "line": e.line })
            } else {
                serde_json::json!({ "code": e.code })
            }).collect::<Vec<_>>(),
        })
    }
}

/// What to generate; `None` fields are drawn.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    /// Template id (`"2008"`, `"2019"`, `"2021"`).
    pub template: Option<String>,
    pub form: Option<Form>,
    pub mistake: Option<Mistake>,
    /// Variations not to draw (where they can be avoided).
    pub avoid: Vec<Quirk>,
}

pub const LAYOUTS: [Layout; 3] = [Layout::CellPerLine, Layout::RowPerLine, Layout::Markdown];

/// Report `index` of the corpus of `seed` in the three text layouts:
/// generations and layouts rotate so that every combination is covered
/// evenly; with `mistakes`, every other report carries one mistake, the rules
/// in turn.
pub fn corpus_spec(index: u64, mistakes: bool) -> Spec {
    corpus_spec_in(index, mistakes, &Form::TEXT)
}

/// Report `index` of a corpus in `forms`: generations and forms rotate as in
/// [`corpus_spec`] (which is this with [`Form::TEXT`]).
pub fn corpus_spec_in(index: u64, mistakes: bool, forms: &[Form]) -> Spec {
    let templates = Templates::builtin();
    let n = templates.templates.len() as u64;
    let mistake = (mistakes && index % 2 == 1)
        .then(|| Mistake::ALL[((index / 2) % Mistake::ALL.len() as u64) as usize]);
    Spec {
        template: Some(templates.templates[(index % n) as usize].id.clone()),
        form: Some(forms[((index / n) % forms.len() as u64) as usize]),
        mistake,
        avoid: Vec::new(),
    }
}

/// `count` reports of the corpus of `seed`, in the three text layouts.
pub fn corpus(seed: u64, count: u64, mistakes: bool) -> impl Iterator<Item = Report> {
    (0..count).map(move |i| generate(seed, i, &corpus_spec(i, mistakes)))
}

/// `count` reports of the corpus of `seed`, in `forms` (as `gen_corpus` writes them).
pub fn corpus_in(
    seed: u64,
    count: u64,
    mistakes: bool,
    forms: &'static [Form],
) -> impl Iterator<Item = Report> {
    (0..count).map(move |i| generate(seed, i, &corpus_spec_in(i, mistakes, forms)))
}

const FIRST_YEAR: i32 = 2009;
const LAST_YEAR: i32 = 2025;

/// Where an expected finding points, resolved to a line once written.
#[derive(Clone, Debug)]
enum Anchor {
    Label(usize),
    Value(usize, usize),
    Extra(usize),
    TableFirst(usize),
    Heading(u8),
    Date,
    FirstLine,
    LastLine,
    /// The first table line containing this text.
    Contains(String),
}

/// Generates report `index` of the corpus of `seed` as `spec` says. A mistake
/// that the requested generation cannot carry (a `其中` subset exists only in
/// the 2008 table) moves the report to a generation that can.
pub fn generate(seed: u64, index: u64, spec: &Spec) -> Report {
    let mut rng = Rng::derive(seed, index);
    let templates = Templates::builtin();
    let mut template = match &spec.template {
        Some(id) => templates.get(id).expect("known template id"),
        None => rng.pick(&templates.templates),
    };
    if let Some(m) = spec.mistake {
        if years_for(templates, template, m).is_empty() || !fits(m, template) {
            let start = templates.index_of(&template.id).unwrap_or(0);
            let n = templates.templates.len();
            template = (1..n)
                .map(|i| &templates.templates[(start + i) % n])
                .find(|t| fits(m, t) && !years_for(templates, t, m).is_empty())
                .expect("some generation carries every mistake");
        }
    }
    let form = spec.form.unwrap_or(*rng.pick(&Form::ALL));
    let years = years_for(
        templates,
        template,
        spec.mistake.unwrap_or(Mistake::LatePublication),
    );
    let year = *rng.pick(&years);
    // How a form other than the text layouts is written is drawn from a stream
    // of its own: the report's content is that of its Markdown text.
    let form_rng = Rng::derive(seed ^ FORM_STREAM, index);
    let mut builder = Builder::new(rng, templates, template, year, form, spec.mistake, index);
    builder.avoid = spec.avoid.clone();
    builder.build(form_rng)
}

/// Salt of the seed of the stream that draws how a form is written.
const FORM_STREAM: u64 = 0x68_74_6D_6C_64_6F_63_78;

/// Report years for a template: the years it is in force, or for the template
/// mistakes, years whose template in force is newer (older).
fn years_for(templates: &Templates, t: &Template, m: Mistake) -> Vec<i32> {
    (FIRST_YEAR..=LAST_YEAR)
        .filter(|&y| {
            let Some((in_force, encouraged)) = templates.in_force(y) else {
                return false;
            };
            match m {
                Mistake::OutdatedTemplate => {
                    in_force.rank > t.rank && !encouraged && !t.sections.is_empty()
                }
                Mistake::TemplateMismatch => in_force.rank < t.rank,
                _ => in_force.id == t.id,
            }
        })
        .collect()
}

fn referenced(def: &TableDef, id: &str) -> bool {
    def.relations.iter().any(|rel| match rel {
        RelationDef::RowTotal { .. } | RelationDef::PreviousYear { .. } => false,
        RelationDef::ColumnTotal { total, parts }
        | RelationDef::Subset {
            whole: total,
            parts,
        } => total == id || parts.iter().any(|p| p == id),
        RelationDef::Balance { left, right } => left.iter().chain(right).any(|p| p == id),
    })
}

fn is_total(def: &TableDef, id: &str) -> bool {
    def.relations.iter().any(|rel| match rel {
        RelationDef::ColumnTotal { total, .. } => total == id,
        RelationDef::Balance { left, right } => left.iter().chain(right).any(|p| p == id),
        _ => false,
    })
}

/// Known typing mistakes of official labels (shared/spec/rules.md).
const TYPOS: &[(&str, &str)] = &[
    ("部分公开", "不分公开"),
    ("已获取信息", "以获取信息"),
    ("第二十条第（八）项", "第二十条第（八）条"),
    ("属于行政执法案卷", "属于行政执法案件"),
];

/// Reworded section headings (templates.md).
const REWORDED: &[(u8, &str)] = &[
    (4, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    (5, "五、主要问题及改进措施"),
    (5, "五、存在主要问题及改进情况"),
    (6, "六、其他需报告的事项"),
];

/// Can this generation carry the mistake? Decided from the template data.
fn fits(m: Mistake, t: &Template) -> bool {
    let tables = || t.tables.iter();
    let rows = || tables().flat_map(|d| d.blocks.iter().flat_map(|b| &b.rows));
    match m {
        Mistake::MissingSection => t.sections.iter().any(|s| s.table.is_none()),
        Mistake::UnknownRow => tables().any(|d| d.blocks.iter().any(|b| b.label.is_some())),
        Mistake::LabelTypo => TYPOS.iter().any(|(from, _)| {
            rows().any(|r| r.label.contains(from))
                || tables().any(|d| d.blocks.iter().any(|b| b.label.as_deref() == Some(from)))
        }),
        Mistake::LabelVariant => {
            !t.sections.is_empty()
                || tables().any(|d| {
                    d.blocks
                        .iter()
                        .any(|b| b.columns.iter().any(|c| !c.variants.is_empty()))
                })
        }
        Mistake::RowTotal => tables().any(|d| !row_total_cells(d).is_empty()),
        Mistake::ColumnTotal => tables().any(|d| !column_total_parts(d).is_empty()),
        Mistake::Balance => tables().any(|d| balance_row(d).is_some()),
        Mistake::NegativeValue => tables().any(|d| !negative_cells(d).is_empty()),
        Mistake::SubsetExceeds => tables().any(|d| {
            d.relations
                .iter()
                .any(|r| matches!(r, RelationDef::Subset { .. }))
        }),
        Mistake::MissingRow | Mistake::DuplicateRow => {
            tables().any(|d| !droppable_rows(d).is_empty())
        }
        _ => true,
    }
}

/// (block, row, total column) of rows whose row-total cell nothing else involves.
fn row_total_cells(def: &TableDef) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for rel in &def.relations {
        let RelationDef::RowTotal { total, .. } = rel else {
            continue;
        };
        for (b, block) in def.blocks.iter().enumerate() {
            let Some(t) = block.column_index(total) else {
                continue;
            };
            for (r, row) in block.rows.iter().enumerate() {
                if row.values && !referenced(def, &row.id) {
                    out.push((b, r, t));
                }
            }
        }
    }
    out
}

/// Parts of a column total that no balance or subset involves.
fn column_total_parts(def: &TableDef) -> Vec<String> {
    let mut out = Vec::new();
    for rel in &def.relations {
        let RelationDef::ColumnTotal { parts, .. } = rel else {
            continue;
        };
        for p in parts {
            let elsewhere = def.relations.iter().any(|r| match r {
                RelationDef::Balance { left, right } => left.iter().chain(right).any(|x| x == p),
                RelationDef::Subset { parts, .. } => parts.contains(p),
                RelationDef::ColumnTotal { total, .. } => total == p,
                RelationDef::RowTotal { .. } | RelationDef::PreviousYear { .. } => false,
            });
            if !elsewhere {
                out.push(p.clone());
            }
        }
    }
    out
}

/// A row of a balance that nothing else constrains, and the first row of the
/// balance's right side (where the checker points).
fn balance_row(def: &TableDef) -> Option<(String, String)> {
    def.relations.iter().find_map(|rel| {
        let RelationDef::Balance { left, right } = rel else {
            return None;
        };
        let free = right.iter().chain(left).find(|id| {
            !def.relations.iter().any(|r| match r {
                RelationDef::ColumnTotal { total, parts }
                | RelationDef::Subset {
                    whole: total,
                    parts,
                } => total == *id || parts.contains(id),
                _ => false,
            })
        })?;
        Some((free.clone(), right.first()?.clone()))
    })
}

/// (block, row, column) of count cells no relation involves.
fn negative_cells(def: &TableDef) -> Vec<(usize, usize, usize)> {
    let in_row_total = |col: &str| {
        def.relations.iter().any(|r| match r {
            RelationDef::RowTotal { total, parts } => {
                total == col || parts.iter().any(|p| p == col)
            }
            _ => false,
        })
    };
    let mut out = Vec::new();
    for (b, block) in def.blocks.iter().enumerate() {
        for (r, row) in block.rows.iter().enumerate() {
            if !row.values || row.implicit || referenced(def, &row.id) {
                continue;
            }
            for (c, col) in block.columns.iter().enumerate() {
                let count = match col.kind {
                    nianbao::template::ColumnKind::Count => true,
                    nianbao::template::ColumnKind::MoneyOrCount => {
                        row.unit.as_deref() != Some("万元")
                    }
                    _ => false,
                };
                if count && !in_row_total(&col.id) {
                    out.push((b, r, c));
                }
            }
        }
    }
    out
}

/// Rows that may be dropped or repeated: with values, after a row with values
/// in their block, and not a total or balance row.
fn droppable_rows(def: &TableDef) -> Vec<String> {
    let mut out = Vec::new();
    for block in &def.blocks {
        for (r, row) in block.rows.iter().enumerate() {
            if r > 0
                && row.values
                && !row.implicit
                && block.rows[r - 1].values
                && !is_total(def, &row.id)
            {
                let whole = def.relations.iter().any(
                    |rel| matches!(rel, RelationDef::Subset { whole, .. } if *whole == row.id),
                );
                if !whole {
                    out.push(row.id.clone());
                }
            }
        }
    }
    out
}

struct Builder {
    rng: Rng,
    templates: &'static Templates,
    template: &'static Template,
    year: i32,
    form: Form,
    layout: Layout,
    mistake: Option<Mistake>,
    index: u64,
    style: Style,
    uid: usize,
    parts: Vec<Part>,
    /// Each table of `parts`, with its definition.
    defs: Vec<&'static TableDef>,
    /// The issuer and the publication date (year, month, day), for the chrome
    /// of the forms that have some.
    issuer: String,
    date: (i32, u32, u32),
    avoid: Vec<Quirk>,
    expected: Vec<(&'static str, Anchor)>,
}

impl Builder {
    fn new(
        mut rng: Rng,
        templates: &'static Templates,
        template: &'static Template,
        year: i32,
        form: Form,
        mistake: Option<Mistake>,
        index: u64,
    ) -> Builder {
        let layout = form.layout().unwrap_or(Layout::Markdown);
        let style = Style {
            layout,
            half_width: rng.chance(60),
            separator: if rng.chance(80) { " | " } else { "|" },
            merge_labels: rng.chance(50),
            pad_rows: rng.chance(50),
            bold_blocks: rng.chance(50),
        };
        Builder {
            rng,
            templates,
            template,
            year,
            form,
            layout,
            mistake,
            index,
            style,
            uid: 0,
            parts: Vec::new(),
            defs: Vec::new(),
            issuer: String::new(),
            date: (0, 0, 0),
            avoid: Vec::new(),
            expected: Vec::new(),
        }
    }

    fn next_uid(&mut self) -> usize {
        self.uid += 1;
        self.uid
    }

    fn build(mut self, mut form_rng: Rng) -> Report {
        let (issuer, government) = prose::issuer(&mut self.rng);
        let stated = self.mistake != Some(Mistake::UnknownYear);
        let year = Year(stated.then_some(self.year));

        // Which row a row mistake will drop or repeat, chosen before the numbers.
        let mut row_target: Option<(usize, String)> = None;
        if matches!(
            self.mistake,
            Some(Mistake::MissingRow | Mistake::DuplicateRow)
        ) {
            let candidates: Vec<(usize, String)> = self
                .template
                .tables
                .iter()
                .enumerate()
                .flat_map(|(i, d)| droppable_rows(d).into_iter().map(move |r| (i, r)))
                .collect();
            row_target = Some(self.rng.pick(&candidates).clone());
        }

        // Tables, numbers consistent with the template's relations.
        let mut tables: Vec<(usize, TableOut)> = Vec::new();
        let mut fee_dropouts = 0;
        for (i, def) in self.template.tables.iter().enumerate() {
            let zero: Vec<String> = row_target
                .iter()
                .filter(|(t, _)| *t == i && self.mistake == Some(Mistake::MissingRow))
                .map(|(_, r)| r.clone())
                .collect();
            let values = values::fill(def, &mut self.rng, &zero);
            // Requests dropped for a fee not paid: what section 六 then speaks of.
            if let Some((b, r)) = def.row_position("other_handling_2") {
                let total = def.blocks[b].column_index("total");
                fee_dropouts = total
                    .and_then(|c| values.get(&(b, r, c)))
                    .copied()
                    .unwrap_or(0);
            }
            let table = self.table_out(def, &values);
            tables.push((i, table));
        }

        // The document.
        let title_year = if stated {
            format!("{}年", self.year)
        } else {
            String::new()
        };
        let title = match self.rng.below(3) {
            0 => format!("{issuer}{title_year}政府信息公开工作年度报告"),
            1 => format!("{issuer}关于{title_year}政府信息公开工作年度报告"),
            _ => format!(
                "{issuer}{title_year}{}政府信息公开工作年度报告",
                if stated { "度" } else { "" }
            ),
        };
        let mut w = Writer {
            rng: &mut self.rng,
            org: &issuer,
            year,
        };
        let mut parts = vec![Part::Title(title), Part::Text(w.preamble())];
        // Where more prose may go to reach the report's size.
        let mut prose_slots: Vec<(usize, usize)> = Vec::new();
        let mut stats_tables: Vec<(usize, TableOut)> = Vec::new();
        if self.template.sections.is_empty() {
            for (i, heading) in prose::HEADINGS_2008.iter().enumerate() {
                parts.push(Part::Heading {
                    number: None,
                    text: heading.to_string(),
                });
                let n = if i == 0 { 3 } else { 1 };
                for _ in 0..n {
                    let k = w.rng.below(3) + 3;
                    parts.push(Part::Text(w.paragraph(k)));
                }
                prose_slots.push((parts.len(), 0));
            }
            stats_tables = tables;
        } else {
            for section in &self.template.sections {
                parts.push(Part::Heading {
                    number: Some(section.number),
                    text: section.title.clone(),
                });
                match (section.number, section.table) {
                    (_, Some(kind)) => {
                        parts.push(Part::Text(w.table_intro()));
                        for (i, table) in tables.iter_mut() {
                            if self.template.tables[*i].kind == kind {
                                let t = std::mem::replace(table, empty_table());
                                parts.push(Part::Table(t));
                                self.defs.push(&self.template.tables[*i]);
                            }
                        }
                    }
                    (5, None) => {
                        for p in w.problems() {
                            parts.push(Part::Text(p));
                        }
                    }
                    (6, None) => {
                        // The format in force whose section 三 has the fee row asks section 六
                        // for the fees (whatever the tables' own generation).
                        let format = self
                            .templates
                            .in_force(self.year)
                            .map_or(self.template, |(t, _)| t);
                        let fees = [format, self.template]
                            .iter()
                            .flat_map(|t| &t.tables)
                            .flat_map(|t| &t.blocks)
                            .flat_map(|b| &b.rows)
                            .any(|r| r.id == "other_handling_2");
                        parts.push(Part::Text(w.other_matters(fees, fee_dropouts)))
                    }
                    _ => {
                        let k = w.rng.below(2) + 2;
                        for i in 0..k {
                            parts.push(Part::Text(w.subsection(i)));
                        }
                        prose_slots.push((parts.len(), k));
                    }
                }
            }
        }
        parts.push(Part::Text(issuer.clone()));
        let date = self.publication_date(government);
        self.date = parse_date(&date);
        self.issuer = issuer.clone();
        parts.push(Part::Date(date));
        for (i, table) in stats_tables {
            parts.push(Part::Text("附件".into()));
            parts.push(Part::Text(format!(
                "{title_year}{}政府信息公开工作情况统计表",
                if stated { "度" } else { "" }
            )));
            parts.push(Part::Table(table));
            self.defs.push(&self.template.tables[i]);
        }
        // Number the tables in document order.
        let mut n = 0;
        for p in &mut parts {
            if let Part::Table(t) = p {
                t.number = n;
                n += 1;
            }
        }

        // Reach the size of a real report: ~11–19 KB.
        let target = self.rng.range(11_000, 19_000) as usize;
        let (text, _) = doc::render(&parts, &self.style);
        let mut size = text.len();
        let mut w = Writer {
            rng: &mut self.rng,
            org: &issuer,
            year,
        };
        // slot → the paragraphs it gets, and the ordinal of its next sub-heading.
        let mut extra: Vec<(usize, usize, Vec<String>)> = prose_slots
            .iter()
            .map(|&(s, n)| (s, n, Vec::new()))
            .collect();
        while size < target && !extra.is_empty() {
            let i = w.rng.below(extra.len());
            let p = if self.template.sections.is_empty() {
                let k = w.rng.below(4) + 3;
                w.paragraph(k)
            } else {
                let n = extra[i].1;
                extra[i].1 += 1;
                w.subsection(n)
            };
            size += p.len() + 2;
            extra[i].2.push(p);
        }
        extra.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
        for (slot, _, paragraphs) in extra {
            parts.splice(slot..slot, paragraphs.into_iter().map(Part::Text));
        }
        self.parts = parts;

        if let Some(m) = self.mistake {
            self.inject(m, row_target.map(|(_, r)| r));
        }
        let (text, marks) = doc::render(&self.parts, &self.style);
        let line_of = |a: &Anchor| -> usize {
            let found = match a {
                Anchor::Label(uid) => marks.label.get(uid).copied(),
                Anchor::Value(uid, c) => marks.value.get(&(*uid, *c)).copied(),
                Anchor::Extra(uid) => marks.extra.get(uid).copied(),
                Anchor::TableFirst(t) => marks.table_first.get(t).copied(),
                Anchor::Heading(n) => marks.heading.get(n).copied(),
                Anchor::Date => marks.date,
                Anchor::FirstLine => Some(0),
                Anchor::LastLine => Some(marks.last_line),
                Anchor::Contains(s) => text.lines().position(|l| {
                    l.contains(s.as_str()) && l.contains('|')
                        || l.trim_start_matches(['#', ' ']).trim_matches('*') == s
                }),
            };
            found.unwrap_or_else(|| panic!("report {}: anchor {a:?} not written", self.index))
        };
        let mut expected: Vec<Expected> = self
            .expected
            .iter()
            .map(|(code, a)| Expected {
                code,
                line: line_of(a),
            })
            .collect();
        expected.sort();
        let mistake_name = self.mistake.map_or("clean", Mistake::code);
        let mut quirks = Vec::new();
        let file = self.form.layout().is_none().then(|| {
            let keywords: Vec<&str> = self
                .template
                .sections
                .iter()
                .flat_map(|s| s.keywords.iter().map(String::as_str))
                .collect();
            let about = forms::About {
                issuer: &self.issuer,
                date: self.date,
                keywords: &keywords,
                sections: self.template.sections.len(),
            };
            let mut out = forms::Out {
                avoid: &self.avoid,
                quirks: &mut quirks,
            };
            forms::render(
                self.form,
                &self.parts,
                &self.style,
                &self.defs,
                &about,
                &mut out,
                &mut form_rng,
            )
        });
        quirks.sort_unstable();
        quirks.dedup();
        Report {
            name: format!(
                "{:05}-{}-{}-{}-{}",
                self.index,
                self.year,
                self.template.id,
                self.form.name(),
                mistake_name
            ),
            text,
            year: self.year,
            template: template_id(self.templates, self.template),
            form: self.form,
            layout: self.layout,
            mistake: self.mistake,
            expected,
            quirks,
            file,
        }
    }

    fn publication_date(&mut self, government: bool) -> String {
        let next = self.year + 1;
        let (dm, dd) = self.templates.deadline(self.year).map_or((3, 31), |d| {
            if government {
                d.government
            } else {
                d.department
            }
        });
        if self.mistake == Some(Mistake::LatePublication) {
            let late = self.rng.range(1, 100) as u32;
            let (mut m, mut d) = (dm, dd + late);
            while d > 28 {
                d -= 28;
                m += 1;
            }
            if m == dm && d <= dd {
                d = dd + 1;
            }
            self.expected.push(("late-publication", Anchor::Date));
            return prose::date(next, m.min(12), d.max(1));
        }
        let m = self.rng.range(1, dm as i64) as u32;
        let last = if m == dm { dd } else { 28 };
        let d = self.rng.range(if m == 1 { 5 } else { 1 }, last as i64) as u32;
        prose::date(next, m, d)
    }

    fn table_out(&mut self, def: &TableDef, values: &HashMap<values::Key, i64>) -> TableOut {
        let style = self.style.clone();
        let md = self.layout == Layout::Markdown;
        let merged_header = !md && def.headers.len() >= 2 && self.rng.chance(50);
        let mut blocks = Vec::new();
        for (b, block) in def.blocks.iter().enumerate() {
            let implicit = block.rows.iter().any(|r| r.implicit);
            let labels: Vec<String> = block
                .columns
                .iter()
                .map(|c| style.label(&c.label))
                .collect();
            let headers: Vec<Vec<String>> = if block.unit_column {
                vec![def.headers.iter().map(|h| style.label(h)).collect()]
            } else if implicit {
                let mut rows = Vec::new();
                for level in 0..2 {
                    let mut last: Option<&str> = None;
                    let cells: Vec<String> = block
                        .columns
                        .iter()
                        .map(|c| {
                            let name = c.group.as_deref().and_then(|g| g.split('·').nth(level));
                            let shown = match name {
                                Some(n) if last != Some(n) => n.to_string(),
                                _ => String::new(),
                            };
                            if name.is_some() {
                                last = name;
                            }
                            shown
                        })
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        rows.push(cells);
                    }
                }
                rows.push(labels.clone());
                rows
            } else if block.label.is_some() {
                let mut cells: Vec<String> = def
                    .headers
                    .first()
                    .map(|h| style.label(h))
                    .into_iter()
                    .collect();
                cells.extend(labels.clone());
                vec![cells]
            } else if merged_header && labels.len() >= 3 {
                let n = labels.len();
                vec![
                    vec![style.label(&def.headers[0])],
                    vec![
                        labels[0].clone(),
                        style.label(&def.headers[1]),
                        labels[n - 1].clone(),
                    ],
                    labels[1..n - 1].to_vec(),
                ]
            } else {
                let mut cells = vec![String::new()];
                cells.extend(labels.clone());
                vec![cells]
            };
            let mut rows = Vec::new();
            for (r, row) in block.rows.iter().enumerate() {
                let cells: Vec<Cell> = if row.values {
                    (0..block.columns.len())
                        .map(|c| {
                            let money = values::is_money(block, row, c);
                            let signed =
                                block.columns[c].kind == nianbao::template::ColumnKind::Signed;
                            let plus = self.rng.chance(50);
                            Cell::new(values[&(b, r, c)], money, signed, plus)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let uid = self.next_uid();
                rows.push(RowOut {
                    uid,
                    row_id: row.id.clone(),
                    label: style.label(&row.label),
                    unit: block
                        .unit_column
                        .then(|| row.unit.clone().unwrap_or_default()),
                    values: cells,
                    extra: Vec::new(),
                    label_only: !row.values,
                    implicit: row.implicit,
                });
            }
            blocks.push(BlockOut {
                label: block.label.as_deref().map(|l| style.label(l)),
                headers,
                rows,
            });
        }
        let (mut before, mut after) = (None, None);
        for note in &def.notes {
            let note = style.label(note);
            if note.contains("注") {
                after = Some(note);
            } else if !merged_header || md {
                before = Some(note);
            } else {
                // The note as the first cell of the first header line.
                if let Some(first) = blocks.first_mut().and_then(|b| b.headers.first_mut()) {
                    first.insert(0, note);
                }
            }
        }
        TableOut {
            number: 0,
            note_before: before,
            note_after: after,
            blocks,
        }
    }

    fn tables(&mut self) -> Vec<(&'static TableDef, &mut TableOut)> {
        let defs = self.defs.clone();
        self.parts
            .iter_mut()
            .filter_map(|p| match p {
                Part::Table(t) => Some(t),
                _ => None,
            })
            .enumerate()
            .map(|(i, t)| (defs[i], t))
            .collect()
    }

    fn expect(&mut self, code: &'static str, anchor: Anchor) {
        self.expected.push((code, anchor));
    }

    fn inject(&mut self, m: Mistake, row_target: Option<String>) {
        let code = m.code();
        match m {
            Mistake::MissingSection => {
                let candidates: Vec<u8> = self
                    .template
                    .sections
                    .iter()
                    .filter(|s| s.table.is_none())
                    .map(|s| s.number)
                    .collect();
                let n = *self.rng.pick(&candidates);
                self.parts
                    .retain(|p| !matches!(p, Part::Heading { number: Some(x), .. } if *x == n));
                let next = self
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Heading {
                            number: Some(x), ..
                        } if *x > n => Some(*x),
                        _ => None,
                    })
                    .min();
                let anchor = next.map_or(Anchor::LastLine, Anchor::Heading);
                self.expect(code, anchor);
            }
            Mistake::MissingRow | Mistake::DuplicateRow => {
                let id = row_target.expect("a row chosen");
                let new_uid = self.uid + 1;
                let mut tables = self.tables();
                let (ti, bi, i) = tables
                    .iter()
                    .enumerate()
                    .find_map(|(ti, (_, t))| {
                        t.blocks.iter().enumerate().find_map(|(bi, b)| {
                            b.rows
                                .iter()
                                .position(|r| r.row_id == id)
                                .map(|i| (ti, bi, i))
                        })
                    })
                    .expect("row written");
                let block = &mut tables[ti].1.blocks[bi];
                let anchor = if m == Mistake::MissingRow {
                    block.rows.remove(i);
                    Anchor::Label(block.rows[i - 1].uid)
                } else {
                    let mut copy = block.rows[i].clone();
                    copy.uid = new_uid;
                    let uid = copy.uid;
                    block.rows.insert(i + 1, copy);
                    Anchor::Label(uid)
                };
                drop(tables);
                self.uid += 1;
                self.expect(code, anchor);
            }
            _ => self.inject_cells(m),
        }
    }

    fn inject_cells(&mut self, m: Mistake) {
        let code = m.code();
        let mut rng = self.rng.clone();
        let mut uid = self.uid;
        let style = self.style.clone();
        let mut expected: Vec<(&'static str, Anchor)> = Vec::new();
        let has_sections = !self.template.sections.is_empty();
        let spaced = self.form == Form::Spaced;
        let avoid_blank_mark = self.avoid.contains(&Quirk::BlankMark);
        let mut tables = self.tables();
        match m {
            Mistake::MissingValue => {
                // A text layer has no empty cell (it leaves nothing): its blank is a
                // mark, which nianbao reads only in a labelled row among other values.
                let marked = |r: &RowOut| r.values.len() >= 2 && !r.implicit;
                let (def, t) = {
                    let strict =
                        spaced && avoid_blank_mark && tables.iter().any(|t| t.1.rows().any(marked));
                    let choices: Vec<usize> = (0..tables.len())
                        .filter(|&i| !strict || tables[i].1.rows().any(marked))
                        .collect();
                    let i = choices[rng.below(choices.len())];
                    let (d, t) = &mut tables[i];
                    (*d, &mut **t)
                };
                let number = t.number;
                let strict = spaced && avoid_blank_mark && t.rows().any(marked);
                let rows: Vec<&mut RowOut> = t
                    .rows_mut()
                    .filter(|r| !r.values.is_empty() && (!strict || marked(r)))
                    .collect();
                let n = rows.len();
                let row = rows.into_iter().nth(rng.below(n)).unwrap();
                let c = rng.below(row.values.len());
                let empty = rng.chance(50);
                row.values[c] = Cell::blank(if empty && !spaced { "" } else { "/" });
                let anchor = if def.kind == nianbao::template::TableKind::Statistics {
                    Anchor::TableFirst(number)
                } else {
                    Anchor::Value(row.uid, c)
                };
                expected.push((code, anchor));
            }
            Mistake::ExtraValue => {
                let mut rows: Vec<&mut RowOut> = tables
                    .iter_mut()
                    .flat_map(|(_, t)| t.rows_mut())
                    .filter(|r| !r.values.is_empty() && !r.implicit)
                    .collect();
                let n = rows.len();
                let row = rows.swap_remove(rng.below(n));
                row.extra.push(rng.range(1, 30).to_string());
                expected.push((code, Anchor::Extra(row.uid)));
            }
            Mistake::UnknownRow => {
                let (def, t) = tables
                    .iter_mut()
                    .find(|(d, _)| d.blocks.iter().any(|b| b.label.is_some()))
                    .expect("a table with blocks");
                let b = rng.below(def.blocks.len());
                let columns = def.blocks[b].columns.len();
                let label = *rng.pick(&["其他主动公开文件", "重大行政决策事项", "政策解读文件"]);
                uid += 1;
                let row = RowOut {
                    uid,
                    row_id: String::new(),
                    label: label.to_string(),
                    unit: None,
                    values: (0..columns)
                        .map(|_| Cell::new(rng.range(0, 20), false, false, false))
                        .collect(),
                    extra: Vec::new(),
                    label_only: false,
                    implicit: false,
                };
                t.blocks[b].rows.push(row);
                expected.push((code, Anchor::Label(uid)));
            }
            Mistake::LabelTypo => {
                let mut options: Vec<(usize, usize, Option<usize>, String, String)> = Vec::new();
                for (ti, (_, t)) in tables.iter().enumerate() {
                    for (bi, block) in t.blocks.iter().enumerate() {
                        for (from, to) in TYPOS {
                            let (from, to) = (style.label(from), style.label(to));
                            if block.label.as_deref() == Some(from.as_str()) {
                                options.push((ti, bi, None, from.clone(), to.clone()));
                            }
                            for (ri, row) in block.rows.iter().enumerate() {
                                if row.label.contains(&from) {
                                    options.push((ti, bi, Some(ri), from.clone(), to.clone()));
                                }
                            }
                        }
                    }
                }
                let (ti, bi, ri, from, to) = rng.pick(&options).clone();
                let block = &mut tables[ti].1.blocks[bi];
                match ri {
                    None => {
                        block.label = Some(to.clone());
                        expected.push((code, Anchor::Contains(to)));
                    }
                    Some(ri) => {
                        let row = &mut block.rows[ri];
                        row.label = row.label.replace(&from, &to);
                        expected.push((code, Anchor::Label(row.uid)));
                    }
                }
            }
            Mistake::LabelVariant => {
                // A column's known variant, a reworded heading, or a label without its note.
                let mut options: Vec<u8> = Vec::new();
                let has_variant = tables.iter().any(|(d, _)| {
                    d.blocks
                        .iter()
                        .any(|b| b.columns.iter().any(|c| !c.variants.is_empty()))
                });
                if has_variant {
                    options.push(0);
                }
                if has_sections {
                    options.push(1);
                }
                match *rng.pick(&options) {
                    0 => {
                        let mut swaps = Vec::new();
                        for (ti, (d, _)) in tables.iter().enumerate() {
                            for (bi, b) in d.blocks.iter().enumerate() {
                                for c in &b.columns {
                                    if let Some(v) = c.variants.first() {
                                        swaps.push((ti, bi, style.label(&c.label), style.label(v)));
                                    }
                                }
                            }
                        }
                        let (ti, bi, from, to) = rng.pick(&swaps).clone();
                        for h in tables[ti].1.blocks[bi].headers.iter_mut().flatten() {
                            if *h == from {
                                *h = to.clone();
                            }
                        }
                        expected.push((code, Anchor::Contains(to)));
                    }
                    _ => {
                        let (n, text) = *rng.pick(REWORDED);
                        drop(tables);
                        for p in &mut self.parts {
                            if let Part::Heading {
                                number: Some(x),
                                text: t,
                            } = p
                            {
                                if *x == n {
                                    *t = text.to_string();
                                }
                            }
                        }
                        expected.push((code, Anchor::Heading(n)));
                        self.expected.extend(expected);
                        self.rng = rng;
                        return;
                    }
                }
            }
            Mistake::RowTotal => {
                let mut options = Vec::new();
                for (ti, (d, _)) in tables.iter().enumerate() {
                    for cell in row_total_cells(d) {
                        options.push((ti, cell));
                    }
                }
                let (ti, (b, r, c)) = *rng.pick(&options);
                let row = &mut tables[ti].1.blocks[b].rows[r];
                let v = row.values[c].num.unwrap_or(0);
                row.values[c].set(v + rng.range(1, 5));
                expected.push((code, Anchor::Value(row.uid, c)));
            }
            Mistake::ColumnTotal => {
                let mut options = Vec::new();
                for (ti, (d, _)) in tables.iter().enumerate() {
                    for p in column_total_parts(d) {
                        options.push((ti, p));
                    }
                }
                let (ti, part) = rng.pick(&options).clone();
                let (def, t) = &mut tables[ti];
                let (b, _) = def.row_position(&part).unwrap();
                let block = &def.blocks[b];
                // A part column (of a row total, if any), and the totals over it.
                let row_totals: Vec<(usize, Vec<usize>)> = def
                    .relations
                    .iter()
                    .filter_map(|r| match r {
                        RelationDef::RowTotal { total, parts } => Some((
                            block.column_index(total)?,
                            parts.iter().filter_map(|p| block.column_index(p)).collect(),
                        )),
                        _ => None,
                    })
                    .collect();
                let totals: Vec<usize> = row_totals.iter().map(|(t, _)| *t).collect();
                let columns: Vec<usize> = (0..block.columns.len())
                    .filter(|c| !totals.contains(c))
                    .collect();
                let c = *rng.pick(&columns);
                let mut changed = vec![c];
                changed.extend(
                    row_totals
                        .iter()
                        .filter(|(_, p)| p.contains(&c))
                        .map(|(t, _)| *t),
                );
                let k = rng.range(1, 5);
                let sums: Vec<String> = def
                    .relations
                    .iter()
                    .filter_map(|r| match r {
                        RelationDef::ColumnTotal { total, parts } if parts.contains(&part) => {
                            Some(total.clone())
                        }
                        _ => None,
                    })
                    .collect();
                let mut total_uids = Vec::new();
                for row in t.rows_mut() {
                    if row.row_id == part {
                        for &c in &changed {
                            let v = row.values[c].num.unwrap_or(0);
                            row.values[c].set(v + k);
                        }
                    }
                    if sums.contains(&row.row_id) {
                        total_uids.push(row.uid);
                    }
                }
                for uid in total_uids {
                    for &c in &changed {
                        expected.push((code, Anchor::Value(uid, c)));
                    }
                }
            }
            Mistake::Balance => {
                let ti = tables
                    .iter()
                    .position(|(d, _)| balance_row(d).is_some())
                    .unwrap();
                let (def, t) = &mut tables[ti];
                let (row_id, first_right) = balance_row(def).unwrap();
                let (b, _) = def.row_position(&row_id).unwrap();
                let block = &def.blocks[b];
                let row_totals: Vec<(usize, Vec<usize>)> = def
                    .relations
                    .iter()
                    .filter_map(|r| match r {
                        RelationDef::RowTotal { total, parts } => Some((
                            block.column_index(total)?,
                            parts.iter().filter_map(|p| block.column_index(p)).collect(),
                        )),
                        _ => None,
                    })
                    .collect();
                let totals: Vec<usize> = row_totals.iter().map(|(t, _)| *t).collect();
                let columns: Vec<usize> = (0..block.columns.len())
                    .filter(|c| !totals.contains(c))
                    .collect();
                let c = *rng.pick(&columns);
                let mut changed = vec![c];
                changed.extend(
                    row_totals
                        .iter()
                        .filter(|(_, p)| p.contains(&c))
                        .map(|(t, _)| *t),
                );
                let k = rng.range(1, 5);
                let mut anchor_uid = None;
                for row in t.rows_mut() {
                    if row.row_id == row_id {
                        for &c in &changed {
                            let v = row.values[c].num.unwrap_or(0);
                            row.values[c].set(v + k);
                        }
                    }
                    if row.row_id == first_right {
                        anchor_uid = Some(row.uid);
                    }
                }
                changed.sort_unstable();
                for c in changed {
                    expected.push((code, Anchor::Value(anchor_uid.unwrap(), c)));
                }
            }
            Mistake::NegativeValue => {
                let mut options = Vec::new();
                for (ti, (d, _)) in tables.iter().enumerate() {
                    for cell in negative_cells(d) {
                        options.push((ti, cell));
                    }
                }
                let (ti, (b, r, c)) = *rng.pick(&options);
                let row = &mut tables[ti].1.blocks[b].rows[r];
                row.values[c].set(-rng.range(1, 20));
                expected.push((code, Anchor::Value(row.uid, c)));
            }
            Mistake::SubsetExceeds => {
                let ti = tables
                    .iter()
                    .position(|(d, _)| {
                        d.relations
                            .iter()
                            .any(|r| matches!(r, RelationDef::Subset { .. }))
                    })
                    .unwrap();
                let (def, t) = &mut tables[ti];
                let subsets: Vec<(String, String)> = def
                    .relations
                    .iter()
                    .flat_map(|r| match r {
                        RelationDef::Subset { whole, parts } => {
                            parts.iter().map(|p| (whole.clone(), p.clone())).collect()
                        }
                        _ => Vec::new(),
                    })
                    .collect();
                let (whole, part) = rng.pick(&subsets).clone();
                let c = 0;
                let w = t
                    .rows()
                    .find(|r| r.row_id == whole)
                    .and_then(|r| r.values[c].num)
                    .unwrap_or(0);
                let k = rng.range(1, 9);
                let row = t.rows_mut().find(|r| r.row_id == part).unwrap();
                row.values[c].set(w + k);
                expected.push((code, Anchor::Value(row.uid, c)));
            }
            Mistake::OutdatedTemplate => {
                for (_, t) in &tables {
                    expected.push((code, Anchor::TableFirst(t.number)));
                }
            }
            Mistake::TemplateMismatch => {
                expected.push((code, Anchor::TableFirst(0)));
            }
            Mistake::UnknownYear => expected.push((code, Anchor::FirstLine)),
            // Written when the date was drawn.
            Mistake::LatePublication => {}
            Mistake::MissingSection | Mistake::MissingRow | Mistake::DuplicateRow => unreachable!(),
        }
        drop(tables);
        self.uid = uid;
        self.rng = rng;
        self.expected.extend(expected);
    }
}

/// `2022年1月18日` as (2022, 1, 18).
fn parse_date(date: &str) -> (i32, u32, u32) {
    let mut numbers = date
        .split(['年', '月', '日'])
        .filter_map(|n| n.trim().parse::<u32>().ok());
    let y = numbers.next().unwrap_or(0) as i32;
    (y, numbers.next().unwrap_or(1), numbers.next().unwrap_or(1))
}

fn empty_table() -> TableOut {
    TableOut {
        number: 0,
        note_before: None,
        note_after: None,
        blocks: Vec::new(),
    }
}

fn template_id(templates: &'static Templates, t: &Template) -> &'static str {
    templates
        .templates
        .iter()
        .find(|x| x.id == t.id)
        .map_or("", |x| x.id.as_str())
}
