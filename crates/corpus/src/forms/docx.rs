//! A report as a Word draft: a minimal valid OOXML package (content types,
//! relationships, the main document, styles, document properties) zipped with
//! the `zip` crate. Paragraphs are cut into several runs of formatting, with
//! the proofing marks and bookmarks Word leaves between them; headings have a
//! heading style (Word's English style ids, Chinese Word's numeric ones, or a
//! custom style with an outline level), or only bold direct formatting; tables
//! merge their label cells with `w:gridSpan` and `w:vMerge` (restart, then
//! continue), and some cells hold two paragraphs.

use std::io::Write;

use nianbao::template::TableDef;

use super::grid::{grids, slots, Drawing, GCell, Grid, Kind, Slot};
use super::{pieces, About};
use crate::doc::{Part, Style, TableOut};
use crate::rng::Rng;

/// How a draft is written: drawn once per report.
struct Draft {
    /// Style ids: (normal, title, heading), and how headings are marked.
    styles: StyleSet,
    headings: Headings,
    /// Runs carry fonts and sizes.
    fonts: bool,
    /// `w:proofErr` and bookmarks between runs.
    noise: bool,
    /// Some label cells hold their text in two paragraphs.
    two_paragraphs: bool,
    drawing: Drawing,
    wps: bool,
    /// Section headings numbered by Word (`一、` from a chineseCounting list)
    /// rather than typed, when their ordinals run 一, 二, 三 … from the first.
    numbered: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StyleSet {
    /// `Normal`, `Title`, `Heading1`, `Heading2`.
    English,
    /// Chinese Word: `a`, `a3`, `1`, `2`.
    Numeric,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Headings {
    /// Built-in heading styles.
    Builtin,
    /// A custom paragraph style with an outline level.
    Outline,
    /// Bold runs only: no heading style.
    Direct,
}

impl Draft {
    fn draw(rng: &mut Rng) -> Draft {
        Draft {
            styles: if rng.chance(50) {
                StyleSet::English
            } else {
                StyleSet::Numeric
            },
            headings: match rng.below(10) {
                0..=5 => Headings::Builtin,
                6..=8 => Headings::Outline,
                _ => Headings::Direct,
            },
            fonts: rng.chance(70),
            noise: rng.chance(50),
            two_paragraphs: rng.chance(50),
            drawing: Drawing {
                merged_header: rng.chance(70),
                note_in_corner: rng.chance(50),
                heading_across: rng.chance(40),
                split_blocks: rng.chance(30),
            },
            wps: rng.chance(40),
            numbered: rng.chance(30),
        }
    }

    fn ids(&self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self.styles {
            StyleSet::English => ("Normal", "Title", "Heading1", "Heading2"),
            StyleSet::Numeric => ("a", "a3", "1", "2"),
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

struct Writer<'a> {
    draft: Draft,
    style: &'a Style,
    rng: &'a mut Rng,
    out: String,
    bookmark: u32,
}

#[derive(Clone, Copy)]
enum Para {
    Body,
    Title,
    Heading,
    /// A heading whose ordinal Word's numbering writes.
    NumberedHeading,
    Right,
}

impl Writer<'_> {
    /// Runs of `text`, cut mid-word.
    fn runs(&mut self, text: &str, bold: bool, size: u32) {
        let font = *self
            .rng
            .pick(&["仿宋_GB2312", "仿宋", "宋体", "方正仿宋_GBK"]);
        let heading_font = *self.rng.pick(&["黑体", "方正黑体_GBK", "楷体_GB2312"]);
        for (i, piece) in pieces(text, 5, self.rng).into_iter().enumerate() {
            if i > 0 && self.draft.noise && self.rng.chance(20) {
                if self.rng.chance(50) {
                    self.out.push_str("<w:proofErr w:type=\"gramStart\"/>");
                } else {
                    self.bookmark += 1;
                    self.out.push_str(&format!(
                        "<w:bookmarkStart w:id=\"{0}\" w:name=\"_Toc{1}\"/><w:bookmarkEnd w:id=\"{0}\"/>",
                        self.bookmark,
                        self.rng.range(10_000_000, 99_999_999)
                    ));
                }
            }
            self.out.push_str("<w:r>");
            if self.draft.fonts || bold {
                self.out.push_str("<w:rPr>");
                if self.draft.fonts {
                    let f = if bold { heading_font } else { font };
                    let ascii = if piece.is_ascii() {
                        "Times New Roman"
                    } else {
                        f
                    };
                    self.out.push_str(&format!(
                        "<w:rFonts w:ascii=\"{ascii}\" w:eastAsia=\"{f}\" w:hAnsi=\"{ascii}\" w:hint=\"eastAsia\"/>"
                    ));
                }
                if bold {
                    self.out.push_str("<w:b/><w:bCs/>");
                }
                if self.draft.fonts {
                    self.out.push_str(&format!(
                        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
                    ));
                }
                self.out.push_str("</w:rPr>");
            }
            let space = if piece.starts_with(' ') || piece.ends_with(' ') {
                " xml:space=\"preserve\""
            } else {
                ""
            };
            self.out
                .push_str(&format!("<w:t{space}>{}</w:t></w:r>", escape(piece)));
        }
    }

    fn paragraph(&mut self, text: &str, kind: Para) {
        let (_, title_id, heading1, heading2) = self.draft.ids();
        let headings = self.draft.headings;
        self.out.push_str("<w:p><w:pPr>");
        let mut bold = false;
        let mut size = 32;
        match kind {
            Para::Title => {
                match headings {
                    Headings::Builtin if self.rng.chance(50) => {
                        self.out.push_str(&format!("<w:pStyle w:val=\"{title_id}\"/>"))
                    }
                    Headings::Builtin => {
                        self.out.push_str(&format!("<w:pStyle w:val=\"{heading1}\"/>"))
                    }
                    Headings::Outline => self.out.push_str("<w:pStyle w:val=\"af1\"/>"),
                    Headings::Direct => bold = true,
                }
                self.out.push_str("<w:jc w:val=\"center\"/>");
                size = 44;
            }
            Para::Heading | Para::NumberedHeading => {
                if let Para::NumberedHeading = kind {
                    self.out
                        .push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
                }
                match headings {
                    Headings::Builtin => {
                        self.out.push_str(&format!("<w:pStyle w:val=\"{heading2}\"/>"))
                    }
                    Headings::Outline => self.out.push_str("<w:pStyle w:val=\"af2\"/>"),
                    Headings::Direct => bold = true,
                }
                self.out
                    .push_str("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>");
            }
            Para::Body => self.out.push_str(
                "<w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
            ),
            Para::Right => self.out.push_str("<w:jc w:val=\"right\"/>"),
        }
        self.out.push_str("</w:pPr>");
        self.runs(text, bold, size);
        self.out.push_str("</w:p>\n");
    }

    fn table(&mut self, table: &TableOut, def: &TableDef) {
        let (grids, note_in_corner) = grids(table, def, self.style, self.draft.drawing);
        if let (Some(note), false) = (&table.note_before, note_in_corner) {
            self.paragraph(note, Para::Body);
        }
        for grid in &grids {
            self.grid(grid);
            // Word keeps a paragraph between two tables, else they are one.
            self.out.push_str("<w:p/>\n");
        }
        if let Some(note) = &table.note_after {
            self.paragraph(note, Para::Body);
        }
    }

    fn grid(&mut self, grid: &Grid) {
        let slots = slots(grid);
        let columns = slots.first().map_or(grid.width, Vec::len);
        let label_width = 4200 / grid.label_columns.max(1) as u32;
        let value_width = 900;
        let col_width = |c: usize| {
            if c < grid.label_columns {
                label_width
            } else {
                value_width
            }
        };
        self.out.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"a4\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/>\
             <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
             <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
             <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for c in 0..columns {
            self.out
                .push_str(&format!("<w:gridCol w:w=\"{}\"/>", col_width(c)));
        }
        self.out.push_str("</w:tblGrid>\n");
        for (r, row) in grid.rows.iter().enumerate() {
            let used = slots[r]
                .iter()
                .rposition(|s| *s != Slot::Free)
                .map_or(0, |p| p + 1);
            self.out.push_str("<w:tr><w:trPr>");
            if used < columns {
                self.out
                    .push_str(&format!("<w:gridAfter w:val=\"{}\"/>", columns - used));
            }
            self.out
                .push_str("<w:trHeight w:val=\"454\"/><w:jc w:val=\"center\"/></w:trPr>");
            for (c, slot) in slots[r].iter().enumerate().take(used) {
                match *slot {
                    Slot::Start(i) => {
                        let cell = &row.cells[i];
                        let w: u32 = (c..c + cell.colspan).map(col_width).sum();
                        self.cell(cell, w, r);
                    }
                    Slot::Below {
                        row: above,
                        index,
                        first: true,
                    } => {
                        let cell = &grid.rows[above].cells[index];
                        let w: u32 = (c..c + cell.colspan).map(col_width).sum();
                        self.out.push_str(&format!(
                            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
                        ));
                        if cell.colspan > 1 {
                            self.out
                                .push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.colspan));
                        }
                        self.out.push_str(
                            "<w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p/></w:tc>",
                        );
                    }
                    Slot::Below { .. } | Slot::Right | Slot::Free => {}
                }
            }
            self.out.push_str("</w:tr>\n");
        }
        self.out.push_str("</w:tbl>\n");
    }

    fn cell(&mut self, cell: &GCell, w: u32, _row: usize) {
        self.out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
        ));
        if cell.colspan > 1 {
            self.out
                .push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.colspan));
        }
        if cell.rowspan > 1 {
            self.out.push_str("<w:vMerge w:val=\"restart\"/>");
        }
        self.out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
        let jc = if cell.kind == Kind::Value || cell.kind == Kind::Header {
            "<w:pPr><w:jc w:val=\"center\"/></w:pPr>"
        } else {
            "<w:pPr><w:jc w:val=\"left\"/></w:pPr>"
        };
        let text = cell.text.as_str();
        if text.is_empty() {
            if self.rng.chance(50) {
                self.out.push_str("<w:p/>");
            } else {
                self.out.push_str(&format!("<w:p>{jc}</w:p>"));
            }
        } else {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
            let breaks: Vec<usize> = (1..chars.len())
                .filter(|&i| cjk(chars[i - 1].1) && cjk(chars[i].1))
                .map(|i| chars[i].0)
                .collect();
            let split = (self.draft.two_paragraphs
                && cell.kind != Kind::Value
                && !breaks.is_empty()
                && self.rng.chance(30))
            .then(|| breaks[self.rng.below(breaks.len())]);
            let parts: Vec<&str> = match split {
                Some(at) => vec![&text[..at], &text[at..]],
                None => vec![text],
            };
            for part in parts {
                self.out.push_str(&format!("<w:p>{jc}"));
                self.runs(part, false, 21);
                self.out.push_str("</w:p>");
            }
        }
        self.out.push_str("</w:tc>");
    }
}

fn styles_xml(draft: &Draft) -> String {
    let (normal, title, h1, h2) = draft.ids();
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"{normal}\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"{h1}\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"{normal}\"/><w:next w:val=\"{normal}\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:kern w:val=\"44\"/><w:sz w:val=\"44\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"{h2}\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"{normal}\"/><w:next w:val=\"{normal}\"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"黑体\"/><w:sz w:val=\"32\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"{title}\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"{normal}\"/><w:next w:val=\"{normal}\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"44\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"a4\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"a1\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr></w:style>"
    );
    if draft.headings == Headings::Outline {
        s.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"af1\"><w:name w:val=\"报告标题\"/><w:basedOn w:val=\"{normal}\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"方正小标宋简体\"/><w:sz w:val=\"44\"/></w:rPr></w:style>\
             <w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"af2\"><w:name w:val=\"一级标题（黑体）\"/><w:basedOn w:val=\"{normal}\"/><w:qFormat/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"黑体\"/><w:sz w:val=\"32\"/></w:rPr></w:style>"
        ));
    }
    s.push_str("</w:styles>");
    s
}

/// A heading's leading Chinese ordinal (`三、…` → 3) and the text after it.
fn ordinal(text: &str) -> Option<(usize, &str)> {
    const DIGITS: &str = "一二三四五六七八九十";
    let (head, rest) = text.split_once('、')?;
    let n = match head.chars().collect::<Vec<_>>().as_slice() {
        [c] => DIGITS.chars().position(|d| d == *c)? + 1,
        _ => return None,
    };
    Some((n, rest))
}

/// One list: `一、` (chineseCounting, nothing after the number), as Chinese
/// Word templates number their section headings.
const NUMBERING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:suff w:val=\"nothing\"/><w:lvlText w:val=\"%1、\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\"640\"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>";

/// The `.docx` package.
pub(crate) fn render(
    parts: &[Part],
    style: &Style,
    defs: &[&TableDef],
    about: &About,
    rng: &mut Rng,
) -> Vec<u8> {
    let draft = Draft::draw(rng);
    let wps = draft.wps;
    let mut w = Writer {
        draft,
        style,
        rng,
        out: String::with_capacity(200_000),
        bookmark: 0,
    };
    // Word numbers the headings when their ordinals run from 一 without a gap.
    let ordinals: Vec<Option<(usize, &str)>> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Heading { text, .. } => Some(ordinal(text)),
            _ => None,
        })
        .collect();
    let numbered = w.draft.numbered
        && !ordinals.is_empty()
        && ordinals
            .iter()
            .enumerate()
            .all(|(i, o)| o.is_some_and(|(n, _)| n == i + 1));
    let mut tables = defs.iter();
    for part in parts {
        match part {
            Part::Title(t) => w.paragraph(t, Para::Title),
            Part::Heading { text, .. } if numbered => {
                let rest = ordinal(text).map_or(text.as_str(), |(_, rest)| rest);
                w.paragraph(rest, Para::NumberedHeading)
            }
            Part::Heading { text, .. } => w.paragraph(text, Para::Heading),
            Part::Text(t) if t == about.issuer => w.paragraph(t, Para::Right),
            Part::Text(t) => w.paragraph(t, Para::Body),
            Part::Date(t) => w.paragraph(t, Para::Right),
            Part::Table(t) => {
                let def = tables.next().expect("a definition per table");
                w.table(t, def);
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>\n{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr></w:body></w:document>",
        w.out
    );
    let styles = styles_xml(&w.draft);
    let (y, m, d) = about.date;
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>{}</dc:creator><cp:lastModifiedBy>Administrator</cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">{y}-{m:02}-{d:02}T01:20:00Z</dcterms:created></cp:coreProperties>",
        escape(about.issuer)
    );
    let app = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>{}</Application></Properties>",
        if wps { "WPS Office_11.1.0.11365_F1E327BC-269C-435d-A152-05C5408002CA" } else { "Microsoft Office Word" }
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles.as_str()),
        ("word/numbering.xml", NUMBERING),
        ("docProps/core.xml", core.as_str()),
        ("docProps/app.xml", app.as_str()),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}
