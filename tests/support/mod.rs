//! Shared helpers for the model tests: the sample reports, a compact
//! rendering of a parsed report, a generator that re-types a parsed report as
//! Markdown (optionally full-width, CRLF, with characters outside the BMP),
//! and checks that every range in the model points at the text it claims.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

use nianbao::export::{report_json, Ranges};
use nianbao::model::{analyze, Analysis, CellValue, Report, Table, ValueCell};
use nianbao::template::{RowDef, TableDef, TableKind};
use nianbao::text::normalize::label_key;
use nianbao::text::{PositionEncoding, TextRange};
use serde_json::Value;

/// The sample reports under `examples/reports/`, without `.txt`.
pub const SAMPLES: [&str; 5] = [
    "2017-yanzhou-enforcement-bureau",
    "2018-zhaotong-services-bureau",
    "2020-linyi-approval-bureau",
    "2020-ziyang-government-office",
    "2021-quanzhou-service-center",
];

pub fn sample_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(format!("{name}.txt"))
}

pub fn sample(name: &str) -> String {
    std::fs::read_to_string(sample_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A file of the repository, by its path from the repository's root.
pub fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An empty folder of its own for one test (`name`), emptied if a former run left it.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Replaces the first occurrence of `from`, which must be there.
pub fn mutate(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture base lacks {from:?}");
    text.replacen(from, to, 1)
}

/// The zhaotong sample (one row per line) made clean: a 2019 report (the 2019 format is then
/// in force), published on time, its labels fixed by the safe fixes.
pub fn clean_row_per_line() -> String {
    use nianbao::check::{analyze_and_check, fix::apply_edits, Applicability, Config};
    let text = sample("2018-zhaotong-services-bureau")
        .replace("2019年1月31日", "2020年1月20日")
        .replace("2018", "2019");
    let (_, diags) = analyze_and_check(&text, &Config::default());
    let edits: Vec<_> = diags
        .iter()
        .flat_map(|d| d.fixes.iter())
        .filter(|f| f.applicability == Applicability::Safe)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    let (fixed, skipped) = apply_edits(&text, &edits);
    assert!(skipped.is_empty());
    fixed
}

/// The Ziyang 2020 report, and "its 2021 report": the same text with the year moved on
/// (上年结转 still says 2 for 自然人 and 总计, where 2020 carried 0 over; sections 一 and 五
/// copied).
pub fn ziyang_pair() -> (String, String) {
    let last = sample("2020-ziyang-government-office");
    let this = last
        .replace("2020年", "2021年")
        .replace("2021年1月", "2022年1月");
    (last, this)
}

/// A value of a generated table: its template table, block, row and column.
pub type CellFn<'a> =
    dyn Fn(&TableDef, &nianbao::template::BlockDef, &RowDef, usize) -> String + 'a;

/// A Markdown report in template `tid` for `year`: title, the template's `##` headings each
/// followed by `prose(section number)`, GFM tables with values from `value`, issuer and date.
pub fn markdown_report(
    tid: &str,
    year: i32,
    prose: &dyn Fn(u8) -> String,
    value: &CellFn,
) -> String {
    use nianbao::check::render::{render_table, Style};
    let t = nianbao::template::Templates::builtin().get(tid).unwrap();
    let style = Style::markdown("\n");
    let mut out = format!("# 某市某某局{year}年政府信息公开工作年度报告\n\n");
    for s in &t.sections {
        out.push_str(&format!("## {}\n\n{}\n\n", s.title, prose(s.number)));
        if let Some(kind) = s.table {
            let def = t.tables.iter().find(|d| d.kind == kind).unwrap();
            out.push_str(&render_table(&style, def, &|b, r, c| value(def, b, r, c)));
            out.push('\n');
        }
    }
    out.push_str(&format!("某市某某局\n{}年1月20日\n", year + 1));
    out
}

/// How a value cell reads, for comparing reports typed differently:
/// the number (`14` for `+14` and `＋１４`), `·` for a blank cell, `∅` for a
/// cell the text lacks, `«…»` for text that is not a number.
pub fn value_repr(v: &ValueCell) -> String {
    match (&v.value, v.range) {
        (CellValue::Number { value, unit: None }, _) => value.to_string(),
        (
            CellValue::Number {
                value,
                unit: Some(u),
            },
            _,
        ) => format!("{value}{u}"),
        (CellValue::Blank, None) => "∅".into(),
        (CellValue::Blank, Some(_)) => "·".into(),
        (CellValue::Unreadable, _) => format!("«{}»", v.text),
    }
}

/// The facts of a table that must not depend on how it is typed: for every
/// row, its template row id and the reading of each of its values.
#[derive(Debug, PartialEq)]
pub struct TableFacts {
    pub kind: TableKind,
    pub template: String,
    pub rows: Vec<(Option<String>, Vec<String>)>,
}

pub fn table_facts(table: &Table) -> TableFacts {
    TableFacts {
        kind: table.kind,
        template: table.template.id.clone(),
        rows: table
            .rows
            .iter()
            .map(|r| {
                (
                    table.row_def(r).map(|d| d.id.clone()),
                    r.values.iter().map(value_repr).collect(),
                )
            })
            .collect(),
    }
}

/// Year, template, issuer, publication date and section numbers.
#[derive(Debug, PartialEq)]
pub struct ReportFacts {
    pub year: Option<i32>,
    pub template: Option<String>,
    pub issuer: Option<String>,
    pub published: Option<String>,
    pub tables: Vec<TableFacts>,
}

pub fn report_facts(report: &Report) -> ReportFacts {
    ReportFacts {
        year: report.year.as_ref().map(|y| y.value),
        template: report.template.map(|t| t.id.clone()),
        issuer: report.issuer.as_ref().map(|i| i.name.clone()),
        published: report.published.as_ref().map(|d| d.value.to_string()),
        tables: report.tables.iter().map(table_facts).collect(),
    }
}

/// A compact, human-readable rendering of a parsed report: one line per row,
/// the written label after `←` when it is not the official one, and a
/// number's text in `⟨⟩` when it is not the number as printed (`+14`).
pub fn compact(text: &str, analysis: &Analysis) -> String {
    let report = &analysis.report;
    let line = |offset: usize| analysis.line_index.line_of(offset) + 1;
    let mut out = String::new();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "null".into());
    writeln!(
        out,
        "year: {}",
        opt(report.year.as_ref().map(|y| y.value.to_string()))
    )
    .unwrap();
    writeln!(
        out,
        "template: {}",
        opt(report.template.map(|t| t.id.clone()))
    )
    .unwrap();
    writeln!(
        out,
        "issuer: {}",
        opt(report.issuer.as_ref().map(|i| i.name.clone()))
    )
    .unwrap();
    writeln!(
        out,
        "published: {}",
        opt(report.published.as_ref().map(|d| d.value.to_string()))
    )
    .unwrap();
    for s in &report.sections {
        writeln!(
            out,
            "section {} «{}» line {}",
            s.number,
            s.title,
            line(s.range.start)
        )
        .unwrap();
    }
    for t in &report.tables {
        writeln!(
            out,
            "table {} {} {:?} lines {}-{}",
            t.kind.as_str(),
            t.template.id,
            t.layout,
            t.lines.0 + 1,
            t.lines.1 + 1
        )
        .unwrap();
        for row in &t.rows {
            let def = t.row_def(row);
            let id = def.map_or("?", |d| d.id.as_str());
            let values: Vec<String> = row
                .values
                .iter()
                .map(|v| {
                    let r = value_repr(v);
                    let plain = matches!(v.value, CellValue::Number { .. }) && v.text != r;
                    if plain {
                        format!("{r}⟨{}⟩", v.text)
                    } else {
                        r
                    }
                })
                .collect();
            let mut l = format!("  {id}: {}", values.join(" "));
            if let Some(unit) = row.unit {
                write!(l, " [{}]", &text[unit.start..unit.end]).unwrap();
            }
            if !row.extra.is_empty() {
                let extra: Vec<String> = row.extra.iter().map(value_repr).collect();
                write!(l, " +extra {}", extra.join(" ")).unwrap();
            }
            if def.is_none_or(|d| d.label != row.written) {
                write!(l, " ← 「{}」", row.written.replace('\n', "⏎")).unwrap();
            }
            writeln!(out, "{}", l.trim_end()).unwrap();
        }
    }
    out
}

// ---------------------------------------------------------------- generator

/// How to re-type a parsed report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Full-width digits and punctuation (the inverse of NFKC).
    pub fullwidth: bool,
    /// Full-width table pipes `｜`.
    pub wide_pipes: bool,
    /// CRLF line endings.
    pub crlf: bool,
    /// Characters outside the BMP (𠀀 U+20000, 😀) in prose, in headings and
    /// before label cells on table lines.
    pub astral: bool,
}

/// ASCII digits and punctuation to their full-width forms.
pub fn to_fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '(' | ')' | ':' | ',' | '+' | '-' | '/' | '.' | ';' | '"' | '%' => {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap()
            }
            c => c,
        })
        .collect()
}

struct Writer {
    style: Style,
    lines: Vec<String>,
}

impl Writer {
    fn text(&self, s: &str) -> String {
        if self.style.fullwidth {
            to_fullwidth(s)
        } else {
            s.to_string()
        }
    }

    /// An official label cell's text, maybe after an astral character (long
    /// labels are still recognised, as near misses).
    fn label(&self, s: &str) -> String {
        let s = self.text(s);
        if self.style.astral && s.chars().count() >= 6 {
            format!("𠀀{s}")
        } else {
            s
        }
    }

    /// A row label as written, on one line; astral characters only before
    /// labels written officially (an unofficial wording plus an astral
    /// character is too far from the official label to be recognised).
    fn row_label(&self, written: &str, official: &str) -> String {
        let written = written.replace(['\n', '\r'], "");
        if label_key(&written) == label_key(official) {
            self.label(&written)
        } else {
            self.text(&written)
        }
    }

    fn prose(&mut self, s: &str) {
        let mut s = self.text(s);
        if self.style.astral {
            s.push('😀');
        }
        self.lines.push(s);
    }

    fn row(&mut self, cells: &[String]) {
        let pipe = if self.style.wide_pipes { "｜" } else { "|" };
        let mut l = String::from(pipe);
        for c in cells {
            if c.is_empty() {
                l.push(' ');
            } else {
                write!(l, " {c} ").unwrap();
            }
            l.push_str(pipe);
        }
        self.lines.push(l);
    }

    fn delimiter(&mut self, width: usize) {
        let pipe = if self.style.wide_pipes { "｜" } else { "|" };
        self.lines
            .push(format!("{pipe}{}", format!("---{pipe}").repeat(width)));
    }
}

/// Rebuilds a report from its parsed model as Markdown: a title that states
/// the year (and issuer), `##` section headings, each table as a GFM pipe
/// table in template order (merged label cells as empty cells), and the
/// signature and date.
pub fn to_markdown(text: &str, analysis: &Analysis, style: Style) -> String {
    let report = &analysis.report;
    let mut w = Writer {
        style,
        lines: Vec::new(),
    };
    let year = report
        .year
        .as_ref()
        .map(|y| format!("{}年", y.value))
        .unwrap_or_default();
    let issuer = report
        .issuer
        .as_ref()
        .map(|i| format!("{}关于", i.name))
        .unwrap_or_default();
    let title = format!("# {issuer}{year}政府信息公开工作年度报告");
    w.prose(&title);
    w.lines.push(String::new());
    let mut placed = vec![false; report.tables.len()];
    for section in &report.sections {
        w.prose(&format!("## {}", section.title));
        w.lines.push(String::new());
        if style.astral {
            w.lines.push("😀𠀀".into());
            w.lines.push(String::new());
        }
        if !matches!(section.number, 2..=4) {
            w.prose("本节内容从略。");
            w.lines.push(String::new());
        }
        for (i, table) in report.tables.iter().enumerate() {
            if table.section == Some(section.number) && !placed[i] {
                placed[i] = true;
                write_table(&mut w, text, table);
                w.lines.push(String::new());
            }
        }
    }
    for (i, table) in report.tables.iter().enumerate() {
        if !placed[i] {
            w.prose("附件");
            w.lines.push(String::new());
            write_table(&mut w, text, table);
            w.lines.push(String::new());
        }
    }
    if let Some(issuer) = &report.issuer {
        if report.published.is_some() {
            w.lines.push(w.text(&issuer.name));
        }
    }
    if let Some(date) = &report.published {
        let d = date.value;
        w.lines
            .push(w.text(&format!("{}年{}月{}日", d.year, d.month, d.day)));
    }
    let eol = if style.crlf { "\r\n" } else { "\n" };
    let mut out = w.lines.join(eol);
    out.push_str(eol);
    out
}

/// Depth of a template row: how many parents it has.
fn ancestors<'d>(def: &'d TableDef, block: usize, row: &'d RowDef) -> Vec<(usize, usize)> {
    let mut chain = Vec::new();
    let mut parent = row.parent.as_deref();
    while let Some(id) = parent {
        let pos = def.row_position(id).expect("parent row exists");
        chain.push(pos);
        parent = def.blocks[pos.0].rows[pos.1].parent.as_deref();
        debug_assert_eq!(pos.0, block);
    }
    chain.reverse();
    chain
}

fn write_table(w: &mut Writer, text: &str, table: &Table) {
    let def = table.def;
    let label_cols = def
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            block
                .rows
                .iter()
                .map(move |r| ancestors(def, b, r).len() + 1)
        })
        .max()
        .unwrap_or(1);
    let unit_cols = usize::from(def.blocks.iter().any(|b| b.unit_column));
    let value_cols = def
        .blocks
        .iter()
        .map(|b| b.columns.len())
        .max()
        .unwrap_or(0);
    let implicit = def.blocks.iter().all(|b| b.rows.iter().all(|r| r.implicit));
    let label_cols = if implicit { 0 } else { label_cols };
    let width = label_cols + unit_cols + value_cols;
    let pad = |mut cells: Vec<String>| {
        cells.resize(width, String::new());
        cells
    };
    let note = table
        .labels
        .iter()
        .any(|l| l.role == nianbao::model::LabelRole::Note)
        .then(|| def.notes.first().cloned())
        .flatten();

    // Header rows.
    let mut header_rows: Vec<Vec<String>> = Vec::new();
    match table.kind {
        TableKind::Applications => {
            let cols = &def.blocks[0].columns;
            let mut top = vec![note.as_deref().map(|n| w.label(n)).unwrap_or_default()];
            top.resize(label_cols, String::new());
            top.push(w.label(&def.headers[0]));
            header_rows.push(pad(top));
            // 自然人 | 法人或其他组织 (over the five middle columns) | 总计
            let mut second = vec![String::new(); label_cols];
            second.push(w.label(&cols[0].label));
            second.push(w.label(&def.headers[1]));
            second.resize(label_cols + cols.len() - 1, String::new());
            second.push(w.label(&cols[cols.len() - 1].label));
            header_rows.push(pad(second));
            let mut third = vec![String::new(); label_cols + 1];
            third.extend(cols[1..cols.len() - 1].iter().map(|c| w.label(&c.label)));
            header_rows.push(pad(third));
        }
        TableKind::Appeals => {
            let cols = &def.blocks[0].columns;
            let groups: Vec<Vec<&str>> = cols
                .iter()
                .map(|c| c.group.as_deref().unwrap_or("").split('·').collect())
                .collect();
            let levels = groups.iter().map(Vec::len).max().unwrap_or(0);
            for level in 0..levels {
                let mut cells = Vec::new();
                for (i, g) in groups.iter().enumerate() {
                    let name = g.get(level).copied().unwrap_or("");
                    let same_as_before = i > 0 && groups[i - 1].get(..=level) == g.get(..=level);
                    cells.push(if same_as_before {
                        String::new()
                    } else {
                        w.label(name)
                    });
                }
                header_rows.push(pad(cells));
            }
            header_rows.push(pad(cols.iter().map(|c| w.label(&c.label)).collect()));
        }
        TableKind::Statistics => {
            header_rows.push(pad(def.headers.iter().map(|h| w.label(h)).collect()));
        }
        TableKind::Proactive => {}
    }
    let mut started = false;
    let mut emit = |w: &mut Writer, cells: Vec<String>| {
        w.row(&cells);
        if !started {
            w.delimiter(width);
            started = true;
        }
    };
    for h in header_rows {
        emit(w, h);
    }

    // Rows, in template order; label-only rows share the line of their first child.
    let mut open: Vec<Option<(usize, usize)>> = vec![None; label_cols.max(1)];
    for (b, block) in def.blocks.iter().enumerate() {
        let present = |pos: (usize, usize)| table.rows_for(pos).next().is_some();
        if !(0..block.rows.len()).any(|r| present((b, r))) {
            continue;
        }
        if let Some(label) = &block.label {
            emit(w, pad(vec![w.label(label)]));
            let mut cells = vec![w.label(&def.headers[0])];
            cells.extend(block.columns.iter().map(|c| w.label(&c.label)));
            emit(w, pad(cells));
        }
        for (r, row_def) in block.rows.iter().enumerate() {
            let Some(row) = table.rows_for((b, r)).next() else {
                continue;
            };
            let has_child = block.rows.iter().enumerate().any(|(cr, c)| {
                c.parent.as_deref() == Some(row_def.id.as_str()) && present((b, cr))
            });
            if !row_def.values && has_child {
                continue;
            }
            let mut cells = Vec::new();
            if !row_def.implicit {
                let chain = ancestors(def, b, row_def);
                for (depth, &pos) in chain.iter().enumerate() {
                    if open[depth] == Some(pos) {
                        cells.push(String::new());
                    } else {
                        open[depth] = Some(pos);
                        open[depth + 1..].iter_mut().for_each(|o| *o = None);
                        let official = &def.blocks[pos.0].rows[pos.1].label;
                        let written = table.rows_for(pos).next().map(|r| r.written.as_str());
                        cells.push(
                            written
                                .map(|s| w.row_label(s, official))
                                .unwrap_or_default(),
                        );
                    }
                }
                let depth = chain.len();
                open[depth] = Some((b, r));
                open[depth + 1..].iter_mut().for_each(|o| *o = None);
                cells.push(w.row_label(&row.written, &row_def.label));
                cells.resize(label_cols, String::new());
            }
            if unit_cols > 0 {
                cells.push(
                    row.unit
                        .map(|u| w.text(&text[u.start..u.end]))
                        .unwrap_or_default(),
                );
            }
            if row_def.values {
                cells.extend(row.values.iter().map(|v| w.text(&v.text)));
            }
            emit(w, pad(cells));
        }
    }
}

// ---------------------------------------------------------------- ranges

/// Byte offset of a (line, UTF-16 column) position, computed independently of
/// the crate's line index (lines end at `\n`, `\r\n` or a lone `\r`, as in LSP).
/// Panics when the column is inside a character or past the end of its line.
pub fn utf16_offset(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        let i = text[start..].find(['\n', '\r']).expect("line exists");
        let crlf = text[start + i..].starts_with("\r\n");
        start += i + if crlf { 2 } else { 1 };
    }
    let mut units = 0u64;
    for (i, c) in text[start..].char_indices() {
        if units == character {
            return start + i;
        }
        assert!(
            units < character,
            "column {character} of line {line} is inside a character"
        );
        assert!(
            c != '\n' && c != '\r',
            "column {character} is past the end of line {line}"
        );
        units += c.len_utf16() as u64;
    }
    assert_eq!(units, character, "column past the end of the text");
    text.len()
}

/// The text a JSON `range` covers.
pub fn json_range_text<'a>(text: &'a str, range: &Value) -> &'a str {
    let pos = |p: &Value| {
        utf16_offset(
            text,
            p["line"].as_u64().expect("line"),
            p["character"].as_u64().expect("character"),
        )
    };
    let (start, end) = (pos(&range["start"]), pos(&range["end"]));
    assert!(start <= end, "range ends before it starts: {range}");
    &text[start..end]
}

fn at(text: &str, range: TextRange) -> &str {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{range:?} outside the text"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{range:?} not on character boundaries"
    );
    &text[range.start..range.end]
}

/// Every range of the model lies inside the text on character boundaries,
/// and every cell's range covers exactly its text. Returns how many value
/// cells with a range were checked.
pub fn check_model_ranges(text: &str, analysis: &Analysis) -> usize {
    let report = &analysis.report;
    let mut checked = 0;
    if let Some(y) = &report.year {
        at(text, y.range);
    }
    if let Some(d) = &report.published {
        at(text, d.range);
    }
    if let Some(i) = &report.issuer {
        assert_eq!(at(text, i.range), i.name, "issuer range");
    }
    for s in &report.sections {
        assert_eq!(at(text, s.range), s.title, "section range");
        at(text, s.body);
        assert!(
            s.body.start <= s.range.start && s.range.end <= s.body.end,
            "section body"
        );
    }
    for t in &report.tables {
        at(text, t.range);
        for l in &t.labels {
            assert_eq!(at(text, l.range), l.written, "label range");
        }
        for row in &t.rows {
            if let Some(r) = row.label_range {
                // A label in pieces: its pieces joined are what is written.
                let pieces: String = std::iter::once(r)
                    .chain(row.label_rest.iter().copied())
                    .map(|p| at(text, p).to_string())
                    .collect();
                assert_eq!(pieces, row.written, "row label range");
            }
            if let Some(u) = row.unit {
                at(text, u);
            }
            for v in row.values.iter().chain(&row.extra) {
                match v.range {
                    Some(r) => {
                        assert_eq!(at(text, r), v.text, "value range in row {:?}", row.written);
                        checked += 1;
                    }
                    None => assert_eq!(v.text, "", "a missing cell has no text"),
                }
            }
        }
    }
    for line in &analysis.syntax.lines {
        at(text, line.range);
    }
    checked
}

/// The `nianbao extract` JSON of a text, with UTF-16 positions.
pub fn extract_json(path: &str, text: &str, analysis: &Analysis) -> Value {
    let ranges = Ranges {
        text,
        index: &analysis.line_index,
        encoding: PositionEncoding::Utf16,
        doc: None,
    };
    report_json(path, &analysis.report, &ranges)
}

/// Every JSON range (UTF-16) maps back to the text it is given with. Returns
/// how many value ranges were checked.
pub fn check_json_ranges(text: &str, json: &Value) -> usize {
    let mut checked = 0;
    for s in json["sections"].as_array().expect("sections") {
        assert_eq!(
            json_range_text(text, &s["range"]),
            s["title"].as_str().unwrap()
        );
    }
    for t in json["tables"].as_array().expect("tables") {
        for l in t["labels"].as_array().into_iter().flatten() {
            assert_eq!(
                json_range_text(text, &l["range"]),
                l["written"].as_str().unwrap()
            );
        }
        for row in t["rows"].as_array().expect("rows") {
            let written = row["written"].as_str().unwrap();
            if let Some(pieces) = row["pieces"].as_array() {
                // A label in pieces: `written` starts with the first and holds every other.
                assert!(written.starts_with(json_range_text(text, &row["range"])));
                for piece in pieces {
                    assert!(written.contains(json_range_text(text, piece)), "{written}");
                }
            } else if !row["range"].is_null() {
                assert_eq!(json_range_text(text, &row["range"]), written);
            }
            let values = row["values"].as_array().expect("values");
            for v in values
                .iter()
                .chain(row["extra"].as_array().into_iter().flatten())
            {
                if let Some(range) = v.get("range") {
                    assert_eq!(
                        json_range_text(text, range),
                        v["text"].as_str().unwrap(),
                        "{v}"
                    );
                    checked += 1;
                } else {
                    assert_eq!(v["text"], "", "a missing cell has text \"\" and no range");
                }
            }
        }
    }
    checked
}

/// Analyses `text` and checks both the model's and the JSON's ranges.
pub fn check_all_ranges(text: &str) -> usize {
    let analysis = analyze(text);
    let n = check_model_ranges(text, &analysis);
    let json = extract_json("x", text, &analysis);
    assert_eq!(check_json_ranges(text, &json), n);
    n
}

/// A one-row-per-line text with its cells separated by tabs, as Word's "convert table to
/// text" writes a table: `a | b |` is `a⇥b`, `a | |` (an empty last cell) is `a⇥`.
pub fn tab_separated(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            if !line.contains('|') {
                return line.to_string();
            }
            let line = line.trim_end();
            let line = line.strip_suffix('|').unwrap_or(line).trim_end();
            line.split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
