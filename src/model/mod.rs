//! The report model: the report's year, issuer and publication date, its
//! sections, and its tables aligned row by row to their official template.
//!
//! Built from the syntax layer alone; knows nothing of checks, editors or
//! terminals. Every cell keeps its exact byte range in the document.

mod align;
mod meta;
pub mod narrative;
mod sections;
mod unread;
pub use crate::text::value;

pub use align::{apply_generation, decide_generation, FoundTable};
pub use meta::{attached_report, footprint as meta_footprint, statistics_periods};

use crate::syntax::Syntax;
use crate::template::{BlockDef, RowDef, TableDef, TableKind, Template, Templates};
use crate::text::{LineIndex, TextRange};
pub use value::{CellValue, Number};

/// A report, parsed.
#[derive(Debug)]
pub struct Report<'t> {
    pub year: Option<Located<i32>>,
    pub issuer: Option<Issuer>,
    pub published: Option<Located<Date>>,
    pub sections: Vec<Section>,
    pub tables: Vec<Table<'t>>,
    /// The template generation the report's tables follow (the most common
    /// one when they are mixed), `None` when no table was recognised.
    pub template: Option<&'t Template>,
    /// Tables of different generations in one report.
    pub mixed_templates: bool,
    /// Tables the text names but that could not be read.
    pub unread: Vec<UnreadTable>,
}

/// A table whose labels the text names, that no table could be read for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadTable {
    pub kind: TableKind,
    /// The first label found (with the digits run into it).
    pub range: TextRange,
    pub reason: UnreadReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadReason {
    /// A label is followed directly by digits: the cells run together with
    /// nothing between them (a crawler's text of a page).
    RunTogether,
    /// The labels are there but no table layout nianbao reads.
    Layout,
    /// The section's heading is there and no table under it: an image, a
    /// placeholder, or nothing.
    NoTable,
    /// A statistics table (2008 regulation) stands under its title, read as a table, but
    /// none of its indicators is one of the edition the template holds: a province's or a
    /// year's own edition, read and not checked.
    OtherEdition,
}

/// A value with the range of the text it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    pub name: String,
    pub range: TextRange,
    pub kind: IssuerKind,
}

/// Whose report it is decides its deadline (条例 第四十九、五十条).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssuerKind {
    /// A people's government's own report (compiled by its 主管部门).
    Government,
    /// A department's (or an office's) report.
    Department,
}

/// A recognised section heading (`三、收到和处理政府信息公开申请情况`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// 1 … 6.
    pub number: u8,
    /// The heading as written.
    pub title: String,
    /// The heading text.
    pub range: TextRange,
    /// From the heading to the next section heading.
    pub body: TextRange,
    /// Line of the heading.
    pub line: usize,
    /// Does the heading read exactly as the official one (after normalising)?
    pub official: bool,
    /// The section number its ordinal says (`三、` → 3); `Some(0)` for a
    /// heading numbered as a sub-item (`（一）主要问题`), `None` when it has no
    /// ordinal (a Markdown heading).
    pub ordinal: Option<u8>,
}

/// How a label was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The official label.
    Exact,
    /// A known unofficial wording, or the official label without (or with a
    /// repeated) explanatory note.
    Variant,
    /// A near miss: a typing mistake.
    Typo,
    /// A header cell cut short by the table's extraction (`结果` for `结果维持`).
    Truncated,
}

/// How the table is laid out in the text: what an inserted row must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One cell per line, each ending in `|`.
    CellPerLine,
    /// One row per line: `规章 | 0 | 0 | 0 |`.
    RowPerLine,
    /// Markdown pipe table rows: `| 规章 | 0 | 0 | 0 |`.
    Markdown,
}

/// A table aligned to a template table.
#[derive(Debug)]
pub struct Table<'t> {
    pub kind: TableKind,
    pub template: &'t Template,
    pub def: &'t TableDef,
    /// The table's shape fits more than one generation (section 四 is the same
    /// in 2019 and 2021): its generation was taken from the rest of the report.
    pub shape_ambiguous: bool,
    /// From the first to the last cell.
    pub range: TextRange,
    /// First and last line (inclusive).
    pub lines: (usize, usize),
    /// The section (1 … 6) it stands in.
    pub section: Option<u8>,
    pub layout: Layout,
    pub rows: Vec<Row>,
    /// Header, block and note cells.
    pub labels: Vec<LabelCell>,
    /// Lines of values that could not be given to a row (a table torn apart
    /// by its conversion to text): the table was read only in part.
    pub unplaced: Vec<TextRange>,
    /// The text tore the table apart (label pieces joined or left over, value
    /// lines set aside): its merged group labels may be lost to the reading.
    pub torn: bool,
}

/// A non-row label cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCell {
    pub role: LabelRole,
    pub written: String,
    pub range: TextRange,
    pub matched: MatchKind,
    /// The official label it was recognised as.
    pub official: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelRole {
    /// A `第二十条第（X）项` block label: index of the block.
    Block(usize),
    /// A value column's header: (block, column).
    Column(usize, usize),
    /// A structural header (`申请人情况`, `信息内容`).
    Header,
    /// The table's own note.
    Note,
}

/// A row of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The template row, as (block, row) indices into the table definition;
    /// `None` for a row whose label matches nothing.
    pub def: Option<(usize, usize)>,
    /// The block the row stands in (for unknown rows: the block being read).
    pub block: usize,
    /// The label as written (`""` for the implicit row of section 四).
    pub written: String,
    /// The label cell; `None` for an implicit row. For a label the text broke
    /// into pieces (wrapped in its cell, torn by a converter), the first piece;
    /// `written` is then the pieces joined.
    pub label_range: Option<TextRange>,
    /// The other pieces of a label broken into pieces, in order.
    pub label_rest: Vec<TextRange>,
    pub matched: MatchKind,
    /// One entry per template column, in template order.
    pub values: Vec<ValueCell>,
    /// Numbers beyond the template's columns.
    pub extra: Vec<ValueCell>,
    /// The unit cell (2008 statistics table).
    pub unit: Option<TextRange>,
    /// First and last line of the row's cells (inclusive).
    pub lines: (usize, usize),
}

/// A value cell. A cell the text does not have at all has `range: None`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueCell {
    pub text: String,
    pub value: CellValue,
    pub range: Option<TextRange>,
}

impl ValueCell {
    pub fn number(&self) -> Option<Number> {
        self.value.number()
    }
}

/// Unknown indicators with numbers a statistics table needs at least to be another edition.
const OTHER_EDITION_MIN_UNKNOWN: usize = 3;

impl<'t> Table<'t> {
    pub fn row_def(&self, row: &Row) -> Option<&'t RowDef> {
        let (b, r) = row.def?;
        Some(&self.def.blocks[b].rows[r])
    }

    pub fn block_def(&self, block: usize) -> &'t BlockDef {
        &self.def.blocks[block]
    }

    /// A 2008-regulation statistics table of an edition the template does not hold (the
    /// indicators changed from province to province and year to year; `templates/2008.toml`
    /// is the 2015–2018 national edition): more of its rows with numbers name no template
    /// row than name one. Its rows are not held to the template's list.
    pub fn other_edition(&self) -> bool {
        if self.kind != crate::template::TableKind::Statistics {
            return false;
        }
        let with_numbers = |r: &&Row| {
            r.values
                .iter()
                .chain(&r.extra)
                .any(|v| v.number().is_some())
        };
        let unknown = self
            .rows
            .iter()
            .filter(|r| r.def.is_none())
            .filter(with_numbers)
            .count();
        let known = self
            .rows
            .iter()
            .filter(|r| r.def.is_some())
            .filter(with_numbers)
            .count();
        unknown >= OTHER_EDITION_MIN_UNKNOWN && unknown > known
    }

    /// Where to point at the table as a whole: its first label (header, block
    /// or row label), else its first cell.
    pub fn anchor_range(&self) -> TextRange {
        self.labels
            .first()
            .map(|l| l.range)
            .into_iter()
            .chain(self.rows.first().and_then(|r| r.label_range))
            .min_by_key(|r| r.start)
            .unwrap_or(self.range)
    }

    /// The first row aligned to the template row `id`.
    pub fn row(&self, id: &str) -> Option<&Row> {
        let pos = self.def.row_position(id)?;
        self.rows.iter().find(|r| r.def == Some(pos))
    }

    /// Rows aligned to a template row, in document order, per template row.
    pub fn rows_for(&self, pos: (usize, usize)) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.def == Some(pos))
    }
}

/// Everything derived from one document text.
#[derive(Debug)]
pub struct Analysis<'t> {
    pub line_index: LineIndex,
    pub syntax: Syntax,
    pub report: Report<'t>,
}

/// Parses a report with the built-in templates.
pub fn analyze(text: &str) -> Analysis<'static> {
    analyze_with(text, Templates::builtin())
}

pub fn analyze_with<'t>(text: &str, templates: &'t Templates) -> Analysis<'t> {
    let line_index = LineIndex::new(text);
    let syntax = Syntax::parse(text, &line_index);
    let report = build_report(text, &syntax, templates);
    Analysis {
        line_index,
        syntax,
        report,
    }
}

/// The report year and issuer a text states, read without aligning its tables (what
/// [`build_report`] finds for them, for less).
pub fn year_and_issuer(text: &str) -> (Option<Located<i32>>, Option<Issuer>) {
    let line_index = LineIndex::new(text);
    let syntax = Syntax::parse(text, &line_index);
    let year = meta::find_year(text, &syntax);
    let published = meta::find_published(text, &syntax);
    (year, meta::find_issuer(text, &syntax, published.as_ref()))
}

pub fn build_report<'t>(text: &str, syntax: &Syntax, templates: &'t Templates) -> Report<'t> {
    let year = meta::find_year(text, syntax);
    let in_force = year
        .as_ref()
        .and_then(|y| templates.in_force(y.value))
        .map(|(t, _)| t);
    let (sections, found) = sections_and_tables(text, syntax, templates, in_force);
    let (template, mixed_templates, tables) = align::settle_generations(found, in_force);
    let published = meta::find_published(text, syntax);
    let issuer = meta::find_issuer(text, syntax, published.as_ref());
    let generation = if tables.is_empty() {
        in_force
    } else {
        template
    };
    let unread = unread::unread_tables(text, syntax, templates, generation, &sections, &tables);
    Report {
        year,
        issuer,
        published,
        sections,
        tables,
        template,
        mixed_templates,
        unread,
    }
}

/// The parts of a text's report that depend on that text alone: its lines,
/// section headings and tables, before the report's generation is decided.
/// A section of a document (from its heading to the next) read this way
/// yields the same headings and tables as the whole document does there,
/// which is what incremental checking builds on.
#[derive(Debug)]
pub struct Partial<'t> {
    pub line_index: LineIndex,
    pub syntax: Syntax,
    pub sections: Vec<Section>,
    pub found: Vec<FoundTable<'t>>,
}

/// The section headings and the tables: by their ordinals first; when those
/// leave sections unfound, by their words and the tables found (the tables
/// then read again within the sections so found).
///
/// Only for reports held to the six sections: the 2008 regulation's reports
/// are free-form (the template in force for the year, else the tables, say).
fn sections_and_tables<'t>(
    text: &str,
    syntax: &Syntax,
    templates: &'t Templates,
    in_force: Option<&Template>,
) -> (Vec<Section>, Vec<FoundTable<'t>>) {
    let sections = sections::find_sections(text, syntax, templates);
    let found = align::find_tables(text, syntax, &sections, templates);
    let complete = sections.len() >= sections::section_defs(templates).len();
    let free_form = match in_force {
        Some(t) => t.sections.is_empty(),
        None => found.iter().any(|f| f.table.template.sections_free()),
    };
    if complete || free_form || found.is_empty() {
        return (sections, found);
    }
    let tables: Vec<(TableKind, usize)> = found
        .iter()
        .map(|f| (f.table.kind, f.table.lines.0))
        .collect();
    match sections::renumbered(text, syntax, templates, &sections, &tables) {
        Some(renumbered) => {
            let found = align::find_tables(text, syntax, &renumbered, templates);
            (renumbered, found)
        }
        None => (sections, found),
    }
}

pub fn analyze_partial<'t>(text: &str, templates: &'t Templates) -> Partial<'t> {
    let line_index = LineIndex::new(text);
    let syntax = Syntax::parse(text, &line_index);
    // A region alone never renumbers: a document whose headings need it is
    // read whole (the incremental layer finds its regions do not fit).
    let sections = sections::find_sections(text, &syntax, templates);
    let found = align::find_tables(text, &syntax, &sections, templates);
    Partial {
        line_index,
        syntax,
        sections,
        found,
    }
}

/// Where a range of the text is in the report's terms: for formats whose
/// positions mean little to a reader (a page's source, a `.docx`, a PDF).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The section (1 … 6) the table or heading stands in.
    pub section: Option<u8>,
    /// The table's title (`收到和处理政府信息公开申请情况`).
    pub table: Option<String>,
    /// The row's official label (or its label as written).
    pub row: Option<String>,
    /// The value column's label (`自然人`; `行政复议·总计` under a group).
    pub column: Option<String>,
    /// The cell's text as written.
    pub text: Option<String>,
}

impl Section {
    /// Numbered otherwise than the template numbers it: another section's
    /// ordinal, or a sub-item's.
    pub fn misnumbered(&self) -> bool {
        self.ordinal.is_some_and(|o| o != self.number)
    }
}

impl Report<'_> {
    /// Does the text look like an annual report at all (sections or tables found)?
    pub fn looks_like_report(&self) -> bool {
        !self.tables.is_empty() || self.sections.len() >= 3 || !self.unread.is_empty()
    }

    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// The section, table, row and column a range of the text is in.
    pub fn place(&self, range: TextRange) -> Option<Place> {
        let at = range.start;
        let inside =
            |r: TextRange| r.start <= at && (at < r.end || (r.is_empty() && at == r.start));
        let section = self
            .sections
            .iter()
            .filter(|s| s.body.start <= at)
            .max_by_key(|s| s.body.start)
            .map(|s| s.number);
        let Some(table) = self
            .tables
            .iter()
            .find(|t| inside(t.range) || t.range.end == at)
        else {
            return section.map(|number| Place {
                section: Some(number),
                table: None,
                row: None,
                column: None,
                text: None,
            });
        };
        let mut place = Place {
            section: table.section.or(section),
            table: Some(table.def.title.clone()),
            row: None,
            column: None,
            text: None,
        };
        for row in &table.rows {
            let name = || {
                table
                    .row_def(row)
                    .map_or_else(|| row.written.clone(), |d| d.label.clone())
            };
            if row.label_range.is_some_and(inside) {
                place.row = Some(name());
                place.text = Some(row.written.clone());
                return Some(place);
            }
            if let Some(i) = row.values.iter().position(|v| v.range.is_some_and(inside)) {
                let column = table.block_def(row.block).columns.get(i);
                place.row = Some(name());
                place.column = column.map(|c| match &c.group {
                    Some(g) => format!("{g}·{}", c.label),
                    None => c.label.clone(),
                });
                place.text = Some(row.values[i].text.clone());
                return Some(place);
            }
        }
        if let Some(label) = table.labels.iter().find(|l| inside(l.range)) {
            place.text = Some(label.written.clone());
        }
        Some(place)
    }
}
