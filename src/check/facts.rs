//! Facts: the little of a report that the comparisons across its parts and across years
//! read — every table cell's number by template id, and the prose of the sections whose
//! wording is checked — taken from the model once.
//!
//! Rules that compare one part of a report with another (its prose with its tables) or
//! with the previous year's report run on facts, not on the model ([`super::Run::Facts`]).
//! Facts are small and additive: the facts of a document are those of its sections
//! concatenated, so an editor that re-reads only the edited section keeps each section's
//! facts and runs these rules again after every edit, and a batch run keeps one report's
//! facts to compare the next year's report with, not its text.

use std::sync::Arc;

use super::{Config, Lang};
use crate::model::narrative::{Narrative, Prose};
use crate::model::{Analysis, Number};
use crate::template::{TableKind, Template, Templates};
use crate::text::{PositionEncoding, TextRange};

/// The facts of a report (or of one section of it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts<'t> {
    /// Every value cell the text has of every table aligned to a template, in document order.
    pub cells: Vec<CellFact<'t>>,
    /// The recognised sections, in document order.
    pub sections: Vec<SectionFact>,
    /// What the prose states of the tables' quantities, and the sums it states.
    pub narrative: Narrative,
}

/// A value cell of a table, named by its template ids (which keep their meaning across
/// generations: what lets one year's cell be compared with the next year's).
#[derive(Clone, Debug, PartialEq)]
pub struct CellFact<'t> {
    pub table: TableKind,
    /// The generation of the table it stands in.
    pub template: &'t str,
    pub block: &'t str,
    pub row: &'t str,
    pub column: &'t str,
    /// `None` for a blank or unreadable cell.
    pub value: Option<Number>,
    pub range: TextRange,
}

/// A section: its heading and the prose of its body (for the sections whose wording is
/// checked: 一, 三, 四, 五 and 六).
#[derive(Clone, Debug, PartialEq)]
pub struct SectionFact {
    /// 1 … 6.
    pub number: u8,
    pub heading: TextRange,
    /// From the heading to the next section heading.
    pub body: TextRange,
    /// The body's prose lines (not its table rows or its heading), one per line; empty for
    /// the sections whose prose no rule reads. Shared: joining the facts of a document's
    /// sections after an edit copies no text.
    pub prose: Arc<str>,
}

/// Sections whose prose is kept in the facts (三 and 四 for what is said there that belongs in
/// 六: the fees).
const PROSE_KEPT: [u8; 5] = [1, 3, 4, 5, 6];
/// Sections whose prose a written report always has.
const PROSE_WRITTEN: [u8; 3] = [1, 5, 6];

impl<'t> Facts<'t> {
    /// The facts of an analysed text.
    pub fn of(text: &str, analysis: &Analysis<'t>) -> Facts<'t> {
        Facts::with_narrative(text, analysis, read_prose(text, analysis).narrative)
    }

    /// The facts of an analysed text whose prose has been read.
    pub(crate) fn with_narrative(
        text: &str,
        analysis: &Analysis<'t>,
        narrative: Narrative,
    ) -> Facts<'t> {
        let report = &analysis.report;
        let mut cells = Vec::new();
        for table in &report.tables {
            for row in &table.rows {
                let Some((b, r)) = row.def else { continue };
                let block = &table.def.blocks[b];
                let row_def = &block.rows[r];
                for (cell, column) in row.values.iter().zip(&block.columns) {
                    let Some(range) = cell.range else { continue };
                    cells.push(CellFact {
                        table: table.kind,
                        template: &table.template.id,
                        block: &block.id,
                        row: &row_def.id,
                        column: &column.id,
                        value: cell.number(),
                        range,
                    });
                }
            }
        }
        cells.sort_by_key(|c| c.range.start);
        let sections = report
            .sections
            .iter()
            .map(|s| SectionFact {
                number: s.number,
                heading: s.range,
                body: s.body,
                prose: if PROSE_KEPT.contains(&s.number) {
                    prose_of(text, analysis, s.body, s.range).into()
                } else {
                    Arc::from("")
                },
            })
            .collect();
        Facts {
            cells,
            sections,
            narrative,
        }
    }

    /// These facts with every range moved by `delta` bytes (a section's facts, read alone,
    /// placed in its document).
    #[must_use]
    pub fn shifted(mut self, delta: isize) -> Facts<'t> {
        for c in &mut self.cells {
            c.range = c.range.shifted(delta);
        }
        for s in &mut self.sections {
            s.heading = s.heading.shifted(delta);
            s.body = s.body.shifted(delta);
        }
        self.narrative = self.narrative.shifted(delta);
        self
    }

    /// Appends the facts of the text that follows.
    pub fn extend(&mut self, next: Facts<'t>) {
        self.cells.extend(next.cells);
        self.sections.extend(next.sections);
        self.narrative.extend(next.narrative);
    }

    /// The cells of template row `row` of table `table`, in document order.
    pub fn row<'a>(
        &'a self,
        table: TableKind,
        block: &'a str,
        row: &'a str,
    ) -> impl Iterator<Item = &'a CellFact<'t>> + 'a {
        self.cells
            .iter()
            .filter(move |c| c.table == table && c.block == block && c.row == row)
    }

    /// The first cell at template row `row`, column `column` of table `table`.
    pub fn cell(
        &self,
        table: TableKind,
        block: &str,
        row: &str,
        column: &str,
    ) -> Option<&CellFact<'t>> {
        self.cells
            .iter()
            .find(|c| c.table == table && c.block == block && c.row == row && c.column == column)
    }

    /// Has any of sections 一, 五 and 六 other than `except` some prose? A report not yet
    /// written (a blank skeleton) has none.
    pub fn has_prose_besides(&self, except: u8) -> bool {
        self.sections
            .iter()
            .filter(|s| s.number != except && PROSE_WRITTEN.contains(&s.number))
            .any(|s| s.prose.chars().any(char::is_alphanumeric))
    }

    /// Only what the next year's report is compared with (the rules of [`super::Scope::Years`]):
    /// the cells the templates' `previous-year` relations take from last year, and the prose
    /// of sections 一 and 五. A set of reports keeps this of every report that is another's
    /// previous year, so it is kept small.
    #[must_use]
    pub fn for_next_year(mut self, templates: &Templates) -> Facts<'t> {
        use crate::template::{Over, RelationDef};
        let wanted = |c: &CellFact| {
            templates
                .templates
                .iter()
                .flat_map(|t| &t.tables)
                .any(|table| {
                    table.kind == c.table
                        && table.relations.iter().any(|rel| match rel {
                            RelationDef::PreviousYear {
                                block,
                                over,
                                previous,
                                ..
                            } => {
                                *block == c.block
                                    && previous.iter().any(|id| match over {
                                        Over::Columns => *id == c.row,
                                        Over::Rows => *id == c.column,
                                    })
                            }
                            _ => false,
                        })
                })
        };
        self.cells.retain(wanted);
        self.cells.shrink_to_fit();
        for s in &mut self.sections {
            if ![1, 5].contains(&s.number) {
                s.prose = Arc::from("");
            }
        }
        self.narrative = Narrative::default();
        self
    }

    /// The first section numbered `number`.
    pub fn section(&self, number: u8) -> Option<&SectionFact> {
        self.sections.iter().find(|s| s.number == number)
    }
}

/// What the prose of an analysed text says (its table rows and headings are not prose).
pub(crate) fn read_prose(text: &str, analysis: &Analysis) -> Prose {
    let role = crate::model::narrative::role_in(&analysis.report);
    crate::model::narrative::read_prose(text, &analysis.syntax.lines, &role)
}

/// The prose lines of `body`, without the heading's own line.
fn prose_of(text: &str, analysis: &Analysis, body: TextRange, heading: TextRange) -> String {
    let mut out = String::new();
    let lines = &analysis.syntax.lines;
    let first = lines.partition_point(|l| l.range.end < body.start);
    for line in &lines[first..] {
        if line.range.start >= body.end {
            break;
        }
        if line.range.end <= heading.end && line.range.start <= heading.start {
            continue;
        }
        if let crate::syntax::LineKind::Text { content, .. } = line.kind {
            out.push_str(&text[content.start..content.end]);
            out.push('\n');
        }
    }
    out
}

/// The same issuer's report of the previous year, as the rules of
/// [`super::Scope::Years`] compare a report with it.
#[derive(Clone, Debug)]
pub struct Previous<'t> {
    /// Where it is (a path as given, or an editor's URI): what related information names.
    pub path: Arc<str>,
    pub year: i32,
    pub facts: Facts<'t>,
    /// Line and column of every range of the facts, in every encoding (the previous report's
    /// text is not kept).
    positions: Arc<[(usize, FilePosition)]>,
}

impl<'t> Previous<'t> {
    /// `facts` of `text` (ranges in `text`, which is what related information points into:
    /// the source an editor shows, for a page read through markup).
    pub fn new(path: Arc<str>, year: i32, facts: Facts<'t>, text: &str) -> Previous<'t> {
        let index = crate::text::LineIndex::new(text);
        Previous::with_positions(path, year, facts, |o| {
            FilePosition::from_each(|enc| index.position(text, o, enc))
        })
    }

    /// `facts` with the position of each of their offsets given by `position` (an editor
    /// counts them in the document it holds, without making a line index of its text).
    pub fn with_positions(
        path: Arc<str>,
        year: i32,
        facts: Facts<'t>,
        position: impl Fn(usize) -> FilePosition,
    ) -> Previous<'t> {
        let mut offsets: Vec<usize> = facts
            .cells
            .iter()
            .flat_map(|c| [c.range.start, c.range.end])
            .chain(
                facts
                    .sections
                    .iter()
                    .flat_map(|s| [s.heading.start, s.heading.end]),
            )
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let positions = offsets.into_iter().map(|o| (o, position(o))).collect();
        Previous {
            path,
            year,
            facts,
            positions,
        }
    }

    /// A range of the facts as a place in the previous report's file.
    pub fn place(&self, range: TextRange) -> Elsewhere {
        let at = |o: usize| {
            let i = self.positions.partition_point(|(p, _)| *p < o);
            self.positions
                .get(i)
                .or(self.positions.last())
                .map(|(_, p)| *p)
                .unwrap_or_default()
        };
        Elsewhere {
            path: self.path.clone(),
            start: at(range.start),
            end: at(range.end),
        }
    }
}

/// A place in another file than the finding's (the previous year's report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: Arc<str>,
    pub start: FilePosition,
    pub end: FilePosition,
}

/// A line and its column counted in each encoding an editor may ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilePosition {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
    pub utf32: u32,
}

impl Elsewhere {
    pub fn span(&self, encoding: PositionEncoding) -> crate::text::Span {
        crate::text::Span {
            start: self.start.in_encoding(encoding),
            end: self.end.in_encoding(encoding),
        }
    }
}

impl FilePosition {
    /// The position `at` gives in each encoding.
    pub fn from_each(at: impl Fn(PositionEncoding) -> crate::text::Position) -> FilePosition {
        let utf16 = at(PositionEncoding::Utf16);
        FilePosition {
            line: utf16.line,
            utf8: at(PositionEncoding::Utf8).character,
            utf16: utf16.character,
            utf32: at(PositionEncoding::Utf32).character,
        }
    }

    pub fn in_encoding(self, encoding: PositionEncoding) -> crate::text::Position {
        crate::text::Position {
            line: self.line,
            character: match encoding {
                PositionEncoding::Utf8 => self.utf8,
                PositionEncoding::Utf16 => self.utf16,
                PositionEncoding::Utf32 => self.utf32,
            },
        }
    }
}

/// What a rule over facts sees.
pub struct FactContext<'a, 't> {
    pub facts: &'a Facts<'t>,
    /// The report year: the configured one, else the one the text states.
    pub year: Option<i32>,
    /// The generation of the report's tables.
    pub template: Option<&'t Template>,
    pub config: &'a Config,
    pub templates: &'t Templates,
    /// The same issuer's report of the previous year (rules of [`super::Scope::Years`]).
    pub previous: Option<&'a Previous<'t>>,
}

impl FactContext<'_, '_> {
    /// A message in the configured language.
    pub fn msg(&self, zh: String, en: String) -> String {
        match self.config.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
