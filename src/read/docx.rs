//! Word and WPS `.docx` drafts: the OPC zip package, its main document part
//! (found through `_rels/.rels`) and the styles and numbering that part uses.
//!
//! The main part's WordprocessingML is streamed with quick-xml (namespaces
//! resolved, so both the transitional and the strict schema read, whatever
//! prefixes a writer chose). What is kept is the text a reader of the printed
//! document sees, in document order:
//!
//! - paragraphs, one line each; a Word heading style (`heading N`, `标题 N`, or
//!   an outline level, directly or through the style's `basedOn` chain) makes
//!   a Markdown heading; list numbering (`一、`, `（一）`, `1.`) is written as
//!   the text Word shows; a line break starts a new line;
//! - runs joined (`w:t` with or without `xml:space="preserve"`), `w:tab` as a
//!   space, `w:noBreakHyphen` as `-`, `w:sym` as its character;
//! - tracked changes accepted: insertions kept, deletions (`w:del`,
//!   `w:moveFrom`, a deleted row, a deleted paragraph mark joining two
//!   paragraphs) dropped;
//! - content controls, smart tags, custom XML, hyperlinks and simple fields
//!   read through; a complex field's instruction is not text but its result
//!   is; a content control still showing its placeholder is blank; a table of
//!   contents is not the report's text and is left out;
//! - text boxes (`w:txbxContent`, once: `mc:Fallback` repeats them) as
//!   paragraphs after the paragraph they are anchored in;
//! - hidden text (`w:vanish`), ruby (pinyin) annotations, footnote and
//!   comment references, headers and footers (other parts), drawings and
//!   section properties are left out.
//!
//! Tables are written as the HTML reader writes them: a data table one row per
//! line, a cell merged over several grid columns (`w:gridSpan`) or rows
//! (`w:vMerge` restart, then continuation cells) written once, at its first
//! position, so that an empty cell always is a blank value; a cell's
//! paragraphs and line breaks joined by [`Piece::Break`]. A table that holds a
//! table, or long flowing text, is page layout: its cells are written as flow.

use std::io::{Cursor, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use rustc_hash::FxHashMap;

use super::writer::{CellPieces, Piece, Writer};
use super::{Document, Format, Origin};
use crate::lang::Lang;

// ---------------------------------------------------------------------------
// Errors.

/// What a file given as a `.docx` turned out to be instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    Excel,
    PowerPoint,
    OpenDocumentText,
    OpenDocumentSpreadsheet,
    OpenDocumentPresentation,
    OpenDocument,
    Ofd,
    Epub,
    /// A Word 97–2003 `.doc` (also what WPS writes as `.wps`).
    Word97,
    Excel97,
    PowerPoint97,
    /// An OLE compound file of some other kind.
    Ole,
    Pdf,
    Rtf,
    Html,
    /// Word 2003 XML or a flat OPC document.
    WordXml,
    Text,
}

impl Found {
    fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Found::Excel => ("Excel 工作簿", "an Excel workbook"),
            Found::PowerPoint => ("PowerPoint 演示文稿", "a PowerPoint presentation"),
            Found::OpenDocumentText => ("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)"),
            Found::OpenDocumentSpreadsheet => (
                "OpenDocument 电子表格（.ods）",
                "an OpenDocument spreadsheet (.ods)",
            ),
            Found::OpenDocumentPresentation => (
                "OpenDocument 演示文稿（.odp）",
                "an OpenDocument presentation (.odp)",
            ),
            Found::OpenDocument => ("OpenDocument 文件", "an OpenDocument file"),
            Found::Ofd => ("OFD 版式文件", "an OFD document"),
            Found::Epub => ("EPUB 电子书", "an EPUB book"),
            Found::Word97 => ("Word 97-2003 文档（.doc）", "a Word 97-2003 document (.doc)"),
            Found::Excel97 => ("Excel 97-2003 工作簿（.xls）", "an Excel 97-2003 workbook (.xls)"),
            Found::PowerPoint97 => (
                "PowerPoint 97-2003 演示文稿（.ppt）",
                "a PowerPoint 97-2003 presentation (.ppt)",
            ),
            Found::Ole => (
                "旧版 Office 或 WPS 文件（OLE 复合文档），或设置了打开密码的文档",
                "an old Office or WPS file (an OLE compound file), or a password-protected document",
            ),
            Found::Pdf => ("PDF 文件", "a PDF file"),
            Found::Rtf => ("RTF 文档", "an RTF document"),
            Found::Html => ("网页（HTML）", "a web page (HTML)"),
            Found::WordXml => ("Word XML 文档", "a Word XML document"),
            Found::Text => ("纯文本文件", "a plain text file"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn advice(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Found::Pdf => (
                "请将扩展名改为 .pdf 后再检查",
                "rename it to .pdf and check that",
            ),
            Found::Html => (
                "请将扩展名改为 .html 后再检查",
                "rename it to .html and check that",
            ),
            Found::Text => (
                "请将扩展名改为 .txt 后再检查",
                "rename it to .txt and check that",
            ),
            Found::Ofd => ("请另存为 PDF 后再检查", "save it as PDF and check that"),
            Found::Ole => (
                "请在 Word 或 WPS 中取消密码并另存为 .docx 后再检查",
                "open it in Word or WPS, remove any password, save it as .docx and check that",
            ),
            Found::Excel
            | Found::PowerPoint
            | Found::OpenDocumentSpreadsheet
            | Found::OpenDocumentPresentation
            | Found::Excel97
            | Found::PowerPoint97 => (
                "请把报告另存为 Word 文档（.docx）后再检查",
                "save the report as a Word document (.docx) and check that",
            ),
            Found::OpenDocumentText
            | Found::OpenDocument
            | Found::Epub
            | Found::Word97
            | Found::Rtf
            | Found::WordXml => (
                "请在 Word 或 WPS 中另存为 .docx 后再检查",
                "save it as .docx in Word or WPS and check that",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Why a `.docx` could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip package: what the bytes are instead, when they tell.
    NotZip(Option<Found>),
    /// A zip package whose structure, or whose main document's data, is damaged.
    Damaged,
    /// A zip package without a Word main document: what it is instead, when
    /// it tells.
    NotWord(Option<Found>),
    /// A zip archive holding a `.docx` (a report zipped up): its name.
    Archive { docx: String },
    /// A password-protected document.
    Encrypted,
    /// A part's XML is not well-formed: the part and the byte where reading stopped.
    Malformed { part: String, at: u64 },
    /// A part larger uncompressed than a report can be (a zip bomb).
    TooLarge { part: String, limit: u64 },
    /// More entries in the zip than a Word document has.
    TooManyEntries { limit: usize },
}

impl DocxError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DocxError::NotZip(None), Lang::Zh) => {
                "不是 .docx 文档（不是 zip 格式）：文件可能已损坏".to_string()
            }
            (DocxError::NotZip(None), Lang::En) => {
                "not a .docx document (not a zip package): the file may be damaged".to_string()
            }
            (DocxError::NotZip(Some(found)) | DocxError::NotWord(Some(found)), Lang::Zh) => {
                format!("不是 .docx 文档，而是{}：{}", found.name(lang), found.advice(lang))
            }
            (DocxError::NotZip(Some(found)) | DocxError::NotWord(Some(found)), Lang::En) => {
                format!("not a .docx document but {}: {}", found.name(lang), found.advice(lang))
            }
            (DocxError::NotWord(None), Lang::Zh) => {
                "不是 .docx 文档：这个 zip 文件中没有 Word 文档".to_string()
            }
            (DocxError::NotWord(None), Lang::En) => {
                "not a .docx document: this zip file holds no Word document".to_string()
            }
            (DocxError::Archive { docx }, Lang::Zh) => {
                format!("这是一个压缩包，其中有 {docx}：请先解压，再检查解压出的文档")
            }
            (DocxError::Archive { docx }, Lang::En) => {
                format!("this is a zip archive holding {docx}: extract it and check that")
            }
            (DocxError::Damaged, Lang::Zh) => {
                "文件已损坏（zip 结构或压缩数据无法读取）：请在 Word 或 WPS 中打开后重新保存".to_string()
            }
            (DocxError::Damaged, Lang::En) => "the file is damaged (its zip structure or \
                 compressed data cannot be read): open it in Word or WPS and save it again"
                .to_string(),
            (DocxError::Encrypted, Lang::Zh) => {
                "文档设置了打开密码（已加密）：请在 Word 或 WPS 中取消密码，另存为 .docx 后再检查"
                    .to_string()
            }
            (DocxError::Encrypted, Lang::En) => "the document is password-protected \
                 (encrypted): remove the password in Word or WPS, save it as .docx and check that"
                .to_string(),
            (DocxError::Malformed { part, at }, Lang::Zh) => format!(
                "{part} 的 XML 格式错误（第 {at} 字节处），文件可能已损坏：请在 Word 或 WPS 中打开后重新保存"
            ),
            (DocxError::Malformed { part, at }, Lang::En) => format!(
                "the XML of {part} is malformed (at byte {at}); the file may be damaged: \
                 open it in Word or WPS and save it again"
            ),
            (DocxError::TooLarge { part, limit }, Lang::Zh) => format!(
                "{part} 解压后超过 {} MB，不是一份年度报告应有的大小（可能是恶意压缩文件）",
                limit >> 20
            ),
            (DocxError::TooLarge { part, limit }, Lang::En) => format!(
                "{part} is larger than {} MB uncompressed: too large for a report (a zip bomb?)",
                limit >> 20
            ),
            (DocxError::TooManyEntries { limit }, Lang::Zh) => {
                format!("zip 中的文件超过 {limit} 个，不是 Word 文档应有的结构")
            }
            (DocxError::TooManyEntries { limit }, Lang::En) => {
                format!("the zip holds more than {limit} entries: not the structure of a Word document")
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The package.

/// How much of a package is read: bounds against zip bombs.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Largest main document part, uncompressed.
    document: u64,
    /// Largest styles, numbering or relationships part, uncompressed.
    aux: u64,
    /// Most zip entries.
    entries: usize,
}

const LIMITS: Limits = Limits {
    document: 200 << 20,
    aux: 20 << 20,
    entries: 20_000,
};

const FALLBACK_MAIN: &str = "word/document.xml";

/// Reads a `.docx` file's bytes into its reading.
pub fn read(bytes: &[u8]) -> Result<Document, DocxError> {
    read_with(bytes, LIMITS)
}

fn read_with(bytes: &[u8], limits: Limits) -> Result<Document, DocxError> {
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(ole_kind(bytes));
    }
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(_) if bytes.starts_with(b"PK") => return Err(DocxError::Damaged),
        Err(_) => return Err(DocxError::NotZip(sniff_other(bytes))),
    };
    if zip.len() > limits.entries {
        return Err(DocxError::TooManyEntries {
            limit: limits.entries,
        });
    }
    let package = Package::new(&zip);
    let main = package
        .main_part(&mut zip, limits.aux)
        .ok_or_else(|| package.what_else(&mut zip))?;
    let xml = package.read(&mut zip, &main, limits.document)?;
    let rels = package
        .read(&mut zip, &rels_part(&main), limits.aux)
        .ok()
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let dir = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let aux = |kind: &str, fallback: &str| {
        rels.iter()
            .find(|r| r.kind == kind)
            .map(|r| resolve_target(dir, &r.target))
            .unwrap_or_else(|| fallback.to_string())
    };
    let styles = package
        .read(&mut zip, &aux("styles", "word/styles.xml"), limits.aux)
        .ok()
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    let numbering = package
        .read(
            &mut zip,
            &aux("numbering", "word/numbering.xml"),
            limits.aux,
        )
        .ok()
        .map(|x| Numbering::parse(&x))
        .unwrap_or_default();
    let text = read_xml(&xml, &main, &styles, numbering)?;
    Ok(Document {
        format: Format::Docx,
        text,
        origin: Origin::Binary,
    })
}

/// The reading of a main document part's XML (`word/document.xml`), with the
/// styles and numbering parts' XML when there are any.
#[cfg(test)]
fn read_document_xml(
    document: &str,
    styles: Option<&str>,
    numbering: Option<&str>,
) -> Result<String, DocxError> {
    let styles = styles.map(Styles::parse).unwrap_or_default();
    let numbering = numbering.map(Numbering::parse).unwrap_or_default();
    read_xml(document, FALLBACK_MAIN, &styles, numbering)
}

/// The zip's entry names, found without regard to letter case (OPC part
/// names are case-insensitive).
struct Package {
    names: FxHashMap<String, usize>,
    /// Entry names as written, in order.
    list: Vec<String>,
}

impl Package {
    fn new<R: Read + Seek>(zip: &zip::ZipArchive<R>) -> Package {
        let list: Vec<String> = zip
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        let mut names = FxHashMap::default();
        for (i, n) in list.iter().enumerate() {
            names
                .entry(n.trim_start_matches('/').to_lowercase())
                .or_insert(i);
        }
        Package { names, list }
    }

    fn index(&self, part: &str) -> Option<usize> {
        self.names
            .get(&part.trim_start_matches('/').to_lowercase())
            .copied()
    }

    /// A part's bytes as text, at most `limit` bytes uncompressed.
    fn read<R: Read + Seek>(
        &self,
        zip: &mut zip::ZipArchive<R>,
        part: &str,
        limit: u64,
    ) -> Result<String, DocxError> {
        let index = self.index(part).ok_or(DocxError::NotWord(None))?;
        let too_large = || DocxError::TooLarge {
            part: part.to_string(),
            limit,
        };
        match zip.by_index_raw(index) {
            Ok(raw) if raw.encrypted() => return Err(DocxError::Encrypted),
            Ok(raw) if raw.size() > limit => return Err(too_large()),
            Ok(_) => {}
            Err(_) => return Err(DocxError::Damaged),
        }
        let file = zip.by_index(index).map_err(|_| DocxError::Damaged)?;
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| DocxError::Damaged)?;
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(xml_text(bytes))
    }

    /// The main document part: the package relationship of type
    /// `officeDocument`, else `word/document.xml`; `None` when neither is there.
    fn main_part<R: Read + Seek>(
        &self,
        zip: &mut zip::ZipArchive<R>,
        limit: u64,
    ) -> Option<String> {
        let target = self
            .read(zip, "_rels/.rels", limit)
            .ok()
            .and_then(|x| {
                relationships(&x)
                    .into_iter()
                    .find(|r| r.kind == "officeDocument")
                    .map(|r| resolve_target("", &r.target))
            })
            .filter(|t| self.index(t).is_some());
        target.or_else(|| {
            self.index(FALLBACK_MAIN)
                .is_some()
                .then(|| FALLBACK_MAIN.to_string())
        })
    }

    /// What a zip without a Word main document is.
    fn what_else<R: Read + Seek>(&self, zip: &mut zip::ZipArchive<R>) -> DocxError {
        let has = |p: &str| self.index(p).is_some();
        if has("xl/workbook.xml") {
            return DocxError::NotWord(Some(Found::Excel));
        }
        if has("ppt/presentation.xml") {
            return DocxError::NotWord(Some(Found::PowerPoint));
        }
        if has("ofd.xml") {
            return DocxError::NotWord(Some(Found::Ofd));
        }
        if let Ok(mime) = self.read(zip, "mimetype", 256) {
            let mime = mime.trim();
            let found = if mime.starts_with("application/vnd.oasis.opendocument.text") {
                Found::OpenDocumentText
            } else if mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
                Found::OpenDocumentSpreadsheet
            } else if mime.starts_with("application/vnd.oasis.opendocument.presentation") {
                Found::OpenDocumentPresentation
            } else if mime.starts_with("application/vnd.oasis.opendocument") {
                Found::OpenDocument
            } else if mime == "application/epub+zip" {
                Found::Epub
            } else {
                return DocxError::NotWord(None);
            };
            return DocxError::NotWord(Some(found));
        }
        let inner = self.list.iter().find(|n| {
            let lower = n.to_lowercase();
            lower.ends_with(".docx") && !lower.starts_with("__macosx/")
        });
        match inner {
            Some(name) => DocxError::Archive {
                docx: name.rsplit('/').next().unwrap_or(name).to_string(),
            },
            None => DocxError::NotWord(None),
        }
    }
}

/// A part's bytes as text: UTF-8 (the BOM dropped; invalid bytes replaced),
/// or UTF-16 by its BOM.
fn xml_text(mut bytes: Vec<u8>) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc != encoding_rs::UTF_8 {
            return enc.decode_with_bom_removal(&bytes).0.into_owned();
        }
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[derive(Debug)]
struct Relationship {
    /// The last segment of the relationship type (`officeDocument`, `styles`).
    kind: String,
    target: String,
}

/// The internal relationships of a `.rels` part.
fn relationships(xml: &str) -> Vec<Relationship> {
    let mut reader = NsReader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if let (Some(kind), Some(target), false) =
                    (attr(&e, "Type"), attr(&e, "Target"), external)
                {
                    out.push(Relationship {
                        kind: kind.rsplit('/').next().unwrap_or("").to_string(),
                        target,
                    });
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The relationships part of a part: `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_part(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target as a part name: relative to the source part's folder
/// (`dir`) unless absolute, `.` and `..` resolved.
fn resolve_target(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// What bytes that are not a zip are, when they tell.
fn sniff_other(bytes: &[u8]) -> Option<Found> {
    let head = &bytes[..bytes.len().min(2048)];
    if head.starts_with(b"%PDF-") {
        return Some(Found::Pdf);
    }
    if head.starts_with(b"{\\rtf") {
        return Some(Found::Rtf);
    }
    if super::Format::sniff(head) == Some(super::Format::Html) {
        return Some(Found::Html);
    }
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<?xml") || trimmed.starts_with('<') {
        if text.contains("Word.Document")
            || text.contains("pkg:package")
            || text.contains("w:wordDocument")
        {
            return Some(Found::WordXml);
        }
        return None;
    }
    // Text nianbao would read as a `.txt` (UTF-8 or GB18030, not binary).
    let text = !bytes.is_empty() && crate::text::decode::decode(bytes).is_ok();
    text.then_some(Found::Text)
}

const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an OLE compound file is, by the streams its directory names: an
/// encrypted OOXML package (`EncryptedPackage`: a password-protected `.docx`)
/// or an old binary Office file.
///
/// Directory entries are 128 bytes at 128-byte-aligned offsets (sectors are
/// 512 or 4096 bytes, the header one sector), each opening with its name in
/// UTF-16LE, then at byte 64 the name's length in bytes (with its NUL) and at
/// byte 66 the entry's type (2: a stream). Matching those at each aligned
/// offset finds a stream by name without reading the file's sector chains.
fn ole_kind(bytes: &[u8]) -> DocxError {
    let has_stream = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let len = (utf16.len() + 2) as u16;
        (512..bytes.len()).step_by(128).any(|at| {
            let entry = &bytes[at..bytes.len().min(at + 128)];
            entry.len() == 128
                && entry.starts_with(&utf16)
                && entry[utf16.len()..utf16.len() + 2] == [0, 0]
                && entry[64..66] == len.to_le_bytes()
                && entry[66] == 2
        })
    };
    if has_stream("EncryptedPackage") {
        return DocxError::Encrypted;
    }
    let found = if has_stream("WordDocument") {
        Found::Word97
    } else if has_stream("Workbook") || has_stream("Book") {
        Found::Excel97
    } else if has_stream("PowerPoint Document") {
        Found::PowerPoint97
    } else {
        Found::Ole
    };
    DocxError::NotZip(Some(found))
}

// ---------------------------------------------------------------------------
// XML helpers.

/// The namespaces whose elements are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office Math.
    M,
    Other,
}

fn ns_of(resolved: &ResolveResult) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) => match ns.0 {
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
            "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
            "http://schemas.openxmlformats.org/officeDocument/2006/math"
            | "http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// An attribute's value by its local name (`w:val` → `val`).
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A boolean property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

fn number<T: std::str::FromStr>(e: &BytesStart, local: &str) -> Option<T> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

/// The text of a predefined entity or character reference.
fn reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

// ---------------------------------------------------------------------------
// Styles: heading levels and list numbering by style.

#[derive(Debug, Default)]
struct Style {
    /// A heading level by the style's name (`heading 2`, `标题 2`, `Title`).
    name_level: Option<u8>,
    /// `w:outlineLvl`: 0–8 a heading level less one, 9 body text.
    outline: Option<u8>,
    based_on: Option<String>,
    /// `w:numPr`: the numbering instance and level.
    num: Option<(u32, Option<u8>)>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: FxHashMap<String, Style>,
    /// The default paragraph style.
    default: Option<String>,
}

/// The heading level a style name gives.
fn name_level(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    match rest.parse::<u8>() {
        Ok(n @ 1..=9) => Some(n),
        _ => None,
    }
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = NsReader::from_str(xml);
        // The paragraph style being read: its id and what was found.
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = false;
        while let Ok((res, event)) = reader.read_resolved_event() {
            let ns = ns_of(&res);
            let is_start = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) if ns == Ns::W => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "style" => {
                            if let Some((id, style)) = current.take() {
                                styles.by_id.insert(id, style);
                            }
                            let paragraph = attr(&e, "type").is_none_or(|t| t == "paragraph");
                            if let (Some(id), true) = (attr(&e, "styleId"), paragraph) {
                                if attr(&e, "default").is_some_and(|d| d == "1" || d == "true") {
                                    styles.default = Some(id.clone());
                                }
                                current = Some((id, Style::default()));
                            }
                        }
                        "pPrChange" | "rPrChange" => {
                            if is_start {
                                let _ = reader.read_to_end(e.name());
                            }
                        }
                        _ => {
                            if let Some((_, style)) = current.as_mut() {
                                match name.as_ref() {
                                    "name" => {
                                        style.name_level =
                                            attr(&e, "val").as_deref().and_then(name_level)
                                    }
                                    "basedOn" => style.based_on = attr(&e, "val"),
                                    "pPr" => in_ppr = true,
                                    "outlineLvl" if in_ppr => style.outline = number(&e, "val"),
                                    "numId" if in_ppr => {
                                        let id = number(&e, "val").unwrap_or(0);
                                        let ilvl = style.num.and_then(|n| n.1);
                                        style.num = Some((id, ilvl));
                                    }
                                    "ilvl" if in_ppr => {
                                        let id = style.num.map_or(0, |n| n.0);
                                        style.num = Some((id, number(&e, "val")));
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                Event::End(e) if ns == Ns::W && e.local_name().as_ref() == "pPr" => in_ppr = false,
                Event::End(e) if ns == Ns::W && e.local_name().as_ref() == "style" => {
                    if let Some((id, style)) = current.take() {
                        styles.by_id.insert(id, style);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some((id, style)) = current.take() {
            styles.by_id.insert(id, style);
        }
        styles
    }

    /// The styles a paragraph style is, from itself down its `basedOn` chain.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = id.or(self.default.as_deref());
        let mut steps = 0;
        std::iter::from_fn(move || {
            steps += 1;
            let style = self.by_id.get(next?)?;
            next = if steps < 16 {
                style.based_on.as_deref()
            } else {
                None
            };
            Some(style)
        })
    }

    /// The heading level of a paragraph of style `id`.
    fn heading(&self, id: Option<&str>) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(outline) = style.outline {
                return (outline < 9).then_some(outline + 1);
            }
            if style.name_level.is_some() {
                return style.name_level;
            }
        }
        None
    }

    /// The numbering a paragraph of style `id` has from its style.
    fn num(&self, id: Option<&str>) -> Option<(u32, Option<u8>)> {
        self.chain(id).find_map(|s| s.num)
    }
}

// ---------------------------------------------------------------------------
// Numbering: the text Word shows before a list paragraph.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumFmt {
    #[default]
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    Chinese,
    ChineseLegal,
    Ideograph,
    Circled,
    FullWidth,
    Fullstop,
    Paren,
    Bullet,
    None,
}

impl NumFmt {
    fn from_name(name: &str) -> NumFmt {
        match name {
            "decimalZero" => NumFmt::DecimalZero,
            "upperRoman" => NumFmt::UpperRoman,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerLetter" => NumFmt::LowerLetter,
            "chineseCounting"
            | "chineseCountingThousand"
            | "japaneseCounting"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand"
            | "ideographDigital"
            | "koreanCounting" => NumFmt::Chinese,
            "chineseLegalSimplified" | "ideographLegalTraditional" => NumFmt::ChineseLegal,
            "ideographTraditional" => NumFmt::Ideograph,
            "decimalEnclosedCircle"
            | "decimalEnclosedCircleChinese"
            | "ideographEnclosedCircle" => NumFmt::Circled,
            "decimalFullWidth" | "decimalFullWidth2" => NumFmt::FullWidth,
            "decimalEnclosedFullstop" => NumFmt::Fullstop,
            "decimalEnclosedParen" => NumFmt::Paren,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            _ => NumFmt::Decimal,
        }
    }

    fn format(self, n: u32) -> String {
        match self {
            NumFmt::Decimal | NumFmt::Bullet => n.to_string(),
            NumFmt::DecimalZero => format!("{n:02}"),
            NumFmt::UpperRoman => roman(n),
            NumFmt::LowerRoman => roman(n).to_lowercase(),
            NumFmt::UpperLetter => letters(n),
            NumFmt::LowerLetter => letters(n).to_lowercase(),
            NumFmt::Chinese => chinese(n, &CHINESE_DIGITS, &CHINESE_UNITS),
            NumFmt::ChineseLegal => chinese(n, &LEGAL_DIGITS, &LEGAL_UNITS),
            NumFmt::Ideograph => match n {
                1..=10 => "甲乙丙丁戊己庚辛壬癸"
                    .chars()
                    .nth(n as usize - 1)
                    .unwrap_or('癸')
                    .to_string(),
                _ => n.to_string(),
            },
            NumFmt::Circled => enclosed(n, 20, '\u{2460}'),
            NumFmt::Fullstop => enclosed(n, 20, '\u{2488}'),
            NumFmt::Paren => enclosed(n, 20, '\u{2474}'),
            NumFmt::FullWidth => n
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
                .collect(),
            NumFmt::None => String::new(),
        }
    }
}

const CHINESE_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CHINESE_UNITS: [char; 3] = ['十', '百', '千'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_UNITS: [char; 3] = ['拾', '佰', '仟'];

/// `n` in Chinese numerals as Word counts (一 … 十, 十一, 二十, 一百零一), below 10000.
fn chinese(n: u32, digits: &[char; 10], units: &[char; 3]) -> String {
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let places = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in places.iter().enumerate() {
        let unit = match i {
            0 => Some(units[2]),
            1 => Some(units[1]),
            2 => Some(units[0]),
            _ => None,
        };
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        // 十一, not 一十一 (Word's counting style for 10–19).
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, s) in TABLE {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

/// A, B, … Z, AA, BB, … as Word letters lists.
fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(10) as usize).collect()
}

fn enclosed(n: u32, max: u32, first: char) -> String {
    match n {
        1.. if n <= max => char::from_u32(first as u32 + n - 1).map_or(n.to_string(), String::from),
        _ => n.to_string(),
    }
}

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    fmt: NumFmt,
    text: String,
    /// What follows the number: a tab or a space (written as a space), or nothing.
    space_after: bool,
    /// The paragraph style this level is linked to.
    style: Option<String>,
}

/// A numbering instance (`w:num`): its abstract definition and start
/// overrides by level.
type NumInstance = (u32, Vec<(u8, u32)>);

#[derive(Debug, Default)]
struct Numbering {
    /// Abstract numbering definitions: their levels.
    abstracts: FxHashMap<u32, Vec<Option<Level>>>,
    /// Numbering instances by id.
    nums: FxHashMap<u32, NumInstance>,
    /// The current count of each level, per abstract definition (Word counts
    /// a list across instances that share one).
    counters: FxHashMap<u32, [Option<u32>; 9]>,
    /// Instances whose start overrides were applied.
    started: rustc_hash::FxHashSet<u32>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(u8, Level)> = None;
        // The instance being read: its id, abstract definition and start overrides.
        let mut num: Option<(u32, NumInstance)> = None;
        let mut override_level: Option<u8> = None;
        while let Ok((res, event)) = reader.read_resolved_event() {
            let ns = ns_of(&res);
            match event {
                Event::Start(e) | Event::Empty(e) if ns == Ns::W => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "abstractNum" => abstract_id = number(&e, "abstractNumId"),
                        "lvl" if num.is_none() => {
                            level = number(&e, "ilvl").filter(|&l: &u8| l < 9).map(|l| {
                                (
                                    l,
                                    Level {
                                        start: 1,
                                        space_after: true,
                                        ..Level::default()
                                    },
                                )
                            })
                        }
                        "start" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.start = number(&e, "val").unwrap_or(1);
                            }
                        }
                        "numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.fmt = NumFmt::from_name(&attr(&e, "val").unwrap_or_default());
                            }
                        }
                        "lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.text = attr(&e, "val").unwrap_or_default();
                            }
                        }
                        "suff" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.space_after = attr(&e, "val").is_none_or(|v| v != "nothing");
                            }
                        }
                        "pStyle" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.style = attr(&e, "val");
                            }
                        }
                        "num" => {
                            num = number(&e, "numId").map(|id| (id, (u32::MAX, Vec::new())));
                        }
                        "abstractNumId" => {
                            if let Some((_, n)) = num.as_mut() {
                                n.0 = number(&e, "val").unwrap_or(u32::MAX);
                            }
                        }
                        "lvlOverride" => override_level = number(&e, "ilvl"),
                        "startOverride" => {
                            if let (Some((_, n)), Some(l)) = (num.as_mut(), override_level) {
                                n.1.push((l, number(&e, "val").unwrap_or(1)));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if ns == Ns::W => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((i, l))) = (abstract_id, level.take()) {
                            if num.is_none() {
                                let levels = numbering.abstracts.entry(a).or_default();
                                if levels.len() <= i as usize {
                                    levels.resize(i as usize + 1, None);
                                }
                                levels[i as usize] = Some(l);
                            }
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => {
                        if let Some((id, instance)) = num.take() {
                            numbering.nums.insert(id, instance);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        numbering
    }

    fn level(&self, abstract_id: u32, ilvl: u8) -> Option<&Level> {
        self.abstracts
            .get(&abstract_id)?
            .get(ilvl as usize)?
            .as_ref()
    }

    /// The level of a numbering instance linked to paragraph style `style`.
    fn level_of_style(&self, num_id: u32, style: &str) -> Option<u8> {
        let (a, _) = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(a)?;
        levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .map(|i| i as u8)
    }

    /// Counts a paragraph of list `num_id` at level `ilvl` and returns the
    /// text Word shows before it (`None` for a bullet or an unknown list).
    fn label(&mut self, num_id: u32, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let (a, overrides) = self.nums.get(&num_id)?.clone();
        self.abstracts.get(&a)?;
        let start_of = |numbering: &Numbering, l: u8| {
            overrides
                .iter()
                .find(|o| o.0 == l)
                .map(|o| o.1)
                .unwrap_or_else(|| numbering.level(a, l).map_or(1, |l| l.start))
        };
        let mut counters = self.counters.get(&a).copied().unwrap_or_default();
        if self.started.insert(num_id) {
            for &(l, _) in &overrides {
                if let Some(c) = counters.get_mut(l as usize) {
                    *c = None;
                }
            }
        }
        counters[ilvl as usize] = Some(match counters[ilvl as usize] {
            Some(c) => c.saturating_add(1),
            None => start_of(self, ilvl),
        });
        for c in counters.iter_mut().skip(ilvl as usize + 1) {
            *c = None;
        }
        self.counters.insert(a, counters);
        let level = self.level(a, ilvl)?;
        if level.fmt == NumFmt::Bullet {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = (d - 1) as u8;
                    let fmt = self.level(a, l).map_or(NumFmt::Decimal, |l| l.fmt);
                    let value = counters[l as usize].unwrap_or_else(|| start_of(self, l));
                    // A lower level shown in a legal-style number (`1.1`) keeps its own format.
                    out.push_str(&fmt.format(value));
                }
                (c, _) => out.push(c),
            }
        }
        if out.trim().is_empty() {
            return None;
        }
        if level.space_after {
            out.push(' ');
        }
        Some(out)
    }
}

// ---------------------------------------------------------------------------
// The main document: what it holds, in order.

#[derive(Debug)]
enum Item {
    Para(Para),
    Table(Vec<Row>),
}

#[derive(Debug, Default)]
struct Para {
    heading: Option<u8>,
    text: String,
    /// Where in `text` a line break is.
    breaks: Vec<usize>,
}

impl Para {
    /// The text's lines, between its breaks.
    fn lines(&self) -> impl Iterator<Item = &str> {
        let mut from = 0;
        self.breaks
            .iter()
            .copied()
            .chain(std::iter::once(self.text.len()))
            .map(move |to| {
                let line = self.text.get(from..to).unwrap_or("");
                from = to;
                line
            })
    }

    fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Cell>,
    /// Grid columns before the first cell (`w:gridBefore`).
    grid_before: usize,
    /// A row deleted as a tracked change.
    deleted: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum VMerge {
    #[default]
    No,
    Restart,
    Continue,
}

#[derive(Debug)]
struct Cell {
    span: usize,
    vmerge: VMerge,
    /// A legacy horizontal merge's continuation (`w:hMerge` continue).
    hmerge_continue: bool,
    deleted: bool,
    content: Holder,
}

/// Where paragraphs and tables go: the body, a cell, a text box.
#[derive(Debug, Default)]
struct Holder {
    items: Vec<Item>,
    /// A paragraph whose mark was deleted (a tracked change): it joins the next one.
    carry: Option<Para>,
}

impl Holder {
    fn push_para(&mut self, mut para: Para, mark_deleted: bool) {
        if let Some(mut carried) = self.carry.take() {
            let offset = carried.text.len();
            carried.text.push_str(&para.text);
            carried
                .breaks
                .extend(para.breaks.iter().map(|b| b + offset));
            carried.heading = para.heading;
            para = carried;
        }
        if mark_deleted {
            self.carry = Some(para);
        } else {
            self.items.push(Item::Para(para));
        }
    }

    fn push_item(&mut self, item: Item) {
        self.flush();
        self.items.push(item);
    }

    fn flush(&mut self) {
        if let Some(carried) = self.carry.take() {
            self.items.push(Item::Para(carried));
        }
    }

    fn into_items(mut self) -> Vec<Item> {
        self.flush();
        self.items
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct ParaBuilder {
    para: Para,
    style: Option<String>,
    outline: Option<u8>,
    /// Direct numbering: instance (0 removes the style's) and level.
    num: Option<(u32, Option<u8>)>,
    mark_deleted: bool,
    /// Text boxes anchored in the paragraph: written after it.
    floats: Vec<Item>,
}

/// What is being built, innermost last.
#[derive(Debug)]
enum Frame {
    Flow(Holder),
    Para(ParaBuilder),
    Table(Vec<Row>),
    Row(Row),
    Cell(Cell),
}

/// What an open element is, for its end tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Through,
    /// An element that pushed a frame.
    Frame,
    Run,
    /// `mc:AlternateContent`: whether a choice was read.
    Alternate(bool),
    /// `w:sdt`: whether it shows its placeholder.
    Sdt(bool),
}

/// A complex field (`w:fldChar` begin … separate … end).
#[derive(Debug, Default)]
struct Field {
    instruction: String,
    /// Past `separate`: the result is being read.
    result: bool,
    /// A result that is not the report's text (a table of contents).
    drop: bool,
}

/// Frames nest at most this deep; deeper tables and text boxes are read through.
const MAX_FRAMES: usize = 200;
/// Longest text a data-table cell holds before the table is taken as layout.
const MAX_DATA_CELL_CHARS: usize = 300;

struct Parser<'x, 's> {
    reader: NsReader<&'x [u8]>,
    styles: &'s Styles,
    numbering: Numbering,
    frames: Vec<Frame>,
    open: Vec<Open>,
    /// Per open run: whether it is hidden.
    runs: Vec<bool>,
    fields: Vec<Field>,
    /// Whether complex fields are followed (else their markers are ignored).
    read_fields: bool,
}

type XmlResult<T> = Result<T, quick_xml::Error>;

fn read_xml(
    xml: &str,
    part: &str,
    styles: &Styles,
    numbering: Numbering,
) -> Result<String, DocxError> {
    let mut parser = Parser::new(xml, styles, numbering, true);
    let mut items = parser.run(part)?;
    if !parser.fields.is_empty() {
        // A field begun and never ended (a damaged draft) would hide the rest
        // of the document as field code: read it again with fields ignored
        // (their instructions are never text; their results are kept).
        let mut numbering = parser.numbering;
        numbering.counters.clear();
        numbering.started.clear();
        parser = Parser::new(xml, styles, numbering, false);
        items = parser.run(part)?;
    }
    let mut writer = Writer::new();
    write_flow(&mut writer, &items, 0);
    Ok(writer.finish().0)
}

enum Stop {
    Xml,
    NotWord(Option<Found>),
}

impl From<quick_xml::Error> for Stop {
    fn from(_: quick_xml::Error) -> Stop {
        Stop::Xml
    }
}

impl<'x, 's> Parser<'x, 's> {
    fn new(xml: &'x str, styles: &'s Styles, numbering: Numbering, fields: bool) -> Self {
        let mut reader = NsReader::from_str(xml);
        reader.config_mut().check_end_names = true;
        Parser {
            reader,
            styles,
            numbering,
            frames: vec![Frame::Flow(Holder::default())],
            open: Vec::new(),
            runs: Vec::new(),
            fields: Vec::new(),
            read_fields: fields,
        }
    }

    /// The document's items, or why it cannot be read.
    fn run(&mut self, part: &str) -> Result<Vec<Item>, DocxError> {
        match self.document() {
            Ok(items) => Ok(items),
            Err(Stop::Xml) => Err(DocxError::Malformed {
                part: part.to_string(),
                at: self.reader.buffer_position(),
            }),
            Err(Stop::NotWord(found)) => Err(DocxError::NotWord(found)),
        }
    }

    /// The next event, with the namespace of a start tag or empty element
    /// (resolved for those only: end tags and text need none).
    fn next(&mut self) -> XmlResult<(Ns, Event<'x>)> {
        let event = self.reader.read_event()?;
        let ns = match &event {
            Event::Start(e) | Event::Empty(e) => {
                ns_of(&self.reader.resolver().resolve_element(e.name()).0)
            }
            _ => Ns::Other,
        };
        Ok((ns, event))
    }

    /// Skips the content of the element just started.
    fn skip(&mut self, e: &BytesStart) -> XmlResult<()> {
        self.reader.read_to_end(e.name()).map(|_| ())
    }

    fn document(&mut self) -> Result<Vec<Item>, Stop> {
        // The root element: a Word document, or something else.
        loop {
            match self.next()? {
                (ns, Event::Start(e) | Event::Empty(e)) => {
                    let local = e.local_name();
                    if ns == Ns::W && local.as_ref() == "document" {
                        break;
                    }
                    let found = match (ns, local.as_ref()) {
                        (_, "workbook") => Some(Found::Excel),
                        (_, "presentation") => Some(Found::PowerPoint),
                        (Ns::Other, "document-content" | "document") => Some(Found::OpenDocument),
                        (_, "wordDocument" | "package") => Some(Found::WordXml),
                        _ => None,
                    };
                    return Err(Stop::NotWord(found));
                }
                (_, Event::Eof) => return Err(Stop::NotWord(None)),
                _ => {}
            }
        }
        loop {
            match self.next()? {
                (ns, Event::Start(e)) => self.start(ns, &e)?,
                (ns, Event::Empty(e)) => self.empty(ns, &e),
                (_, Event::End(_)) => {
                    if self.open.is_empty() {
                        // The root's end: the rest is ignored.
                        break;
                    }
                    self.end();
                }
                (_, Event::Eof) => break,
                _ => {}
            }
        }
        while self.frames.len() > 1 {
            self.close_frame();
        }
        match self.frames.pop() {
            Some(Frame::Flow(holder)) => Ok(holder.into_items()),
            _ => Ok(Vec::new()),
        }
    }

    fn start(&mut self, ns: Ns, e: &BytesStart) -> XmlResult<()> {
        let open = match ns {
            Ns::W => match e.local_name().as_ref() {
                "p" if self.frames.len() < MAX_FRAMES => {
                    self.frames.push(Frame::Para(ParaBuilder::default()));
                    Open::Frame
                }
                "tbl" if self.frames.len() < MAX_FRAMES => {
                    self.frames.push(Frame::Table(Vec::new()));
                    Open::Frame
                }
                "tr" if matches!(self.frames.last(), Some(Frame::Table(_))) => {
                    self.frames.push(Frame::Row(Row::default()));
                    Open::Frame
                }
                "tc" if matches!(self.frames.last(), Some(Frame::Row(_))) => {
                    self.frames.push(Frame::Cell(Cell {
                        span: 1,
                        vmerge: VMerge::No,
                        hmerge_continue: false,
                        deleted: false,
                        content: Holder::default(),
                    }));
                    Open::Frame
                }
                "txbxContent" if self.frames.len() < MAX_FRAMES => {
                    self.frames.push(Frame::Flow(Holder::default()));
                    Open::Frame
                }
                "r" => {
                    self.runs.push(false);
                    Open::Run
                }
                "t" => return self.text(e),
                "instrText" => return self.instruction(e),
                "pPr" => return self.paragraph_props(),
                "rPr" => return self.run_props(),
                "tcPr" => return self.cell_props(),
                "trPr" => return self.row_props(),
                "sdt" => Open::Sdt(false),
                "sdtPr" => {
                    let placeholder = self.sdt_props()?;
                    if let Some(Open::Sdt(p)) = self.open.last_mut() {
                        *p = placeholder;
                    }
                    return Ok(());
                }
                "sdtContent" if self.open.last() == Some(&Open::Sdt(true)) => {
                    return self.skip(e);
                }
                "fldSimple" => {
                    let instr = attr(e, "instr").unwrap_or_default();
                    if is_toc(&instr) {
                        return self.skip(e);
                    }
                    Open::Through
                }
                // Deleted and moved-away text, what is not text, and the properties
                // of things not read.
                "del" | "moveFrom" | "delText" | "delInstrText" | "sdtEndPr" | "sectPr"
                | "tblPr" | "tblGrid" | "tblPrEx" | "customXmlPr" | "smartTagPr" | "fldData"
                | "ffData" | "background" | "footnoteReference" | "endnoteReference"
                | "commentReference" | "pPrChange" | "rPrChange" | "tblPrChange"
                | "tblGridChange" | "trPrChange" | "tcPrChange" | "sectPrChange"
                | "numberingChange" | "object" | "altChunk" | "subDoc" | "rt" | "rubyPr" => {
                    return self.skip(e);
                }
                _ => Open::Through,
            },
            Ns::Mc => match e.local_name().as_ref() {
                "AlternateContent" => Open::Alternate(false),
                "Choice" | "Fallback" => {
                    if let Some(Open::Alternate(chosen)) = self.open.last_mut() {
                        if *chosen {
                            return self.skip(e);
                        }
                        *chosen = true;
                    }
                    Open::Through
                }
                _ => Open::Through,
            },
            Ns::M if e.local_name().as_ref() == "t" => return self.text(e),
            Ns::M | Ns::Other => Open::Through,
        };
        self.open.push(open);
        Ok(())
    }

    fn empty(&mut self, ns: Ns, e: &BytesStart) {
        if ns != Ns::W {
            return;
        }
        match e.local_name().as_ref() {
            "p" => {
                // An empty paragraph: in a cell, nothing; its numbering still counts.
                self.frames.push(Frame::Para(ParaBuilder::default()));
                self.close_frame();
            }
            "tc" if matches!(self.frames.last(), Some(Frame::Row(_))) => {
                if let Some(Frame::Row(row)) = self.frames.last_mut() {
                    row.cells.push(Cell {
                        span: 1,
                        vmerge: VMerge::No,
                        hmerge_continue: false,
                        deleted: false,
                        content: Holder::default(),
                    });
                }
            }
            "tab" | "ptab" => self.push_text(" "),
            "noBreakHyphen" => self.push_text("-"),
            "br" | "cr" => self.push_break(),
            "sym" => {
                if let Some(c) = symbol(e) {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            "fldChar" if self.read_fields => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(Field::default()),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        f.result = true;
                        f.drop = is_toc(&f.instruction);
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn end(&mut self) {
        match self.open.pop() {
            Some(Open::Frame) => self.close_frame(),
            Some(Open::Run) => {
                self.runs.pop();
            }
            _ => {}
        }
    }

    /// Closes the innermost frame into the one around it.
    fn close_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Para(builder) => self.finish_para(builder),
            Frame::Table(rows) => self.place(Item::Table(rows)),
            Frame::Row(row) => {
                if let Some(Frame::Table(rows)) = self.frames.last_mut() {
                    rows.push(row);
                }
            }
            Frame::Cell(mut cell) => {
                cell.content.flush();
                if let Some(Frame::Row(row)) = self.frames.last_mut() {
                    row.cells.push(cell);
                }
            }
            Frame::Flow(holder) => {
                for item in holder.into_items() {
                    self.place(item);
                }
            }
        }
        if self.frames.is_empty() {
            self.frames.push(Frame::Flow(Holder::default()));
        }
    }

    /// Puts a finished item where the innermost open frame keeps items.
    fn place(&mut self, item: Item) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Flow(holder) => return holder.push_item(item),
                Frame::Cell(cell) => return cell.content.push_item(item),
                Frame::Para(builder) => return builder.floats.push(item),
                Frame::Table(_) | Frame::Row(_) => {}
            }
        }
    }

    fn finish_para(&mut self, mut builder: ParaBuilder) {
        let styles = self.styles;
        let style = builder.style.as_deref();
        let mut para = std::mem::take(&mut builder.para);
        para.heading = match builder.outline {
            Some(outline) => (outline < 9).then_some(outline + 1),
            None => styles.heading(style),
        };
        let num = match builder.num {
            Some((id, ilvl)) => Some((id, ilvl)),
            None => styles.num(style),
        };
        if let Some((id, ilvl)) = num.filter(|n| n.0 != 0) {
            let ilvl = ilvl
                .or_else(|| style.and_then(|s| self.numbering.level_of_style(id, s)))
                .unwrap_or(0);
            let shown = !(builder.mark_deleted && para.is_blank());
            if shown {
                if let Some(label) = self.numbering.label(id, ilvl) {
                    para.text.insert_str(0, &label);
                    for b in &mut para.breaks {
                        *b += label.len();
                    }
                }
            }
        }
        let floats = std::mem::take(&mut builder.floats);
        let mark_deleted = builder.mark_deleted;
        // The innermost holder (a paragraph inside a paragraph is malformed:
        // it is kept as a float of the outer one).
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Flow(holder) => {
                    holder.push_para(para, mark_deleted);
                    floats.into_iter().for_each(|f| holder.push_item(f));
                    return;
                }
                Frame::Cell(cell) => {
                    cell.content.push_para(para, mark_deleted);
                    floats.into_iter().for_each(|f| cell.content.push_item(f));
                    return;
                }
                Frame::Para(outer) => {
                    outer.floats.push(Item::Para(para));
                    outer.floats.extend(floats);
                    return;
                }
                Frame::Table(_) | Frame::Row(_) => {}
            }
        }
    }

    /// The paragraph text goes to, when text is being kept here.
    fn target(&mut self) -> Option<&mut Para> {
        let hidden = self.runs.last().copied().unwrap_or(false);
        let in_field_code = self.fields.iter().any(|f| !f.result || f.drop);
        if hidden || in_field_code {
            return None;
        }
        match self.frames.last_mut() {
            Some(Frame::Para(builder)) => Some(&mut builder.para),
            _ => None,
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(para) = self.target() {
            para.text.push_str(text);
        }
    }

    fn push_break(&mut self) {
        if let Some(para) = self.target() {
            let at = para.text.len();
            para.breaks.push(at);
        }
    }

    /// `w:t` (or `m:t`): its text, ends trimmed unless `xml:space="preserve"`.
    fn text(&mut self, e: &BytesStart) -> XmlResult<()> {
        let preserve = e
            .attributes()
            .with_checks(false)
            .flatten()
            .any(|a| a.key.as_ref() == "xml:space" && a.value.as_ref() == "preserve");
        let text = self.text_content()?;
        let text = if preserve {
            &text[..]
        } else {
            text.trim_matches([' ', '\t', '\r', '\n'])
        };
        self.push_text(text);
        Ok(())
    }

    /// The character data up to the end of the element just started.
    fn text_content(&mut self) -> XmlResult<String> {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            match self.reader.read_event()? {
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::CData(t) => text.push_str(&t.into_inner()),
                Event::GeneralRef(r) => {
                    if let Some(c) = reference(&r) {
                        text.push(c);
                    }
                }
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(text),
                Event::End(_) => depth -= 1,
                Event::Eof => return Ok(text),
                _ => {}
            }
        }
    }

    /// `w:instrText`: a complex field's instruction (not text).
    fn instruction(&mut self, _e: &BytesStart) -> XmlResult<()> {
        let text = self.text_content()?;
        if let Some(field) = self.fields.last_mut() {
            if !field.result && field.instruction.len() < 256 {
                field.instruction.push_str(&text);
            }
        }
        Ok(())
    }

    /// Calls `visit` with each element inside the element just started (the
    /// W namespace's only; `depth` 1 for its children) and skips any whose
    /// content `visit` says to skip.
    fn props(&mut self, mut visit: impl FnMut(&str, usize, &BytesStart) -> bool) -> XmlResult<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                (ns, Event::Start(e)) => {
                    if ns == Ns::W && visit(e.local_name().as_ref(), depth + 1, &e) {
                        self.skip(&e)?;
                    } else {
                        depth += 1;
                    }
                }
                (Ns::W, Event::Empty(e)) => {
                    visit(e.local_name().as_ref(), depth + 1, &e);
                }
                (_, Event::End(_)) if depth == 0 => return Ok(()),
                (_, Event::End(_)) => depth -= 1,
                (_, Event::Eof) => return Ok(()),
                _ => {}
            }
        }
    }

    fn paragraph_props(&mut self) -> XmlResult<()> {
        let mut style = None;
        let mut outline = None;
        let mut num: Option<(u32, Option<u8>)> = None;
        let mut mark_deleted = false;
        let mut in_rpr = false;
        self.props(|name, depth, e| {
            if depth == 1 {
                in_rpr = name == "rPr";
            }
            match name {
                n if n.ends_with("Change") => return true,
                "pStyle" if depth == 1 => style = attr(e, "val"),
                "outlineLvl" if depth == 1 => outline = number(e, "val"),
                "numId" => num = Some((number(e, "val").unwrap_or(0), num.and_then(|n| n.1))),
                "ilvl" => num = Some((num.map_or(u32::MAX, |n| n.0), number(e, "val"))),
                "del" | "moveFrom" if in_rpr => mark_deleted = true,
                _ => {}
            }
            false
        })?;
        if let Some(Frame::Para(builder)) = self.frames.last_mut() {
            builder.style = style;
            builder.outline = outline;
            builder.mark_deleted = mark_deleted;
            // A level without an instance is the style's instance at that level.
            builder.num = match num {
                Some((u32::MAX, ilvl)) => self
                    .styles
                    .num(builder.style.as_deref())
                    .map(|(id, _)| (id, ilvl)),
                other => other,
            };
        }
        Ok(())
    }

    fn run_props(&mut self) -> XmlResult<()> {
        let mut hidden = false;
        self.props(|name, depth, e| {
            match name {
                n if n.ends_with("Change") => return true,
                "vanish" if depth == 1 => hidden = on(e),
                _ => {}
            }
            false
        })?;
        if let Some(run) = self.runs.last_mut() {
            *run = hidden;
        }
        Ok(())
    }

    fn cell_props(&mut self) -> XmlResult<()> {
        let mut span = 1usize;
        let mut vmerge = VMerge::No;
        let mut hmerge_continue = false;
        let mut deleted = false;
        self.props(|name, depth, e| {
            match name {
                n if n.ends_with("Change") => return true,
                "gridSpan" if depth == 1 => span = number(e, "val").unwrap_or(1).clamp(1, 1000),
                "vMerge" if depth == 1 => {
                    vmerge = match attr(e, "val").as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    }
                }
                "hMerge" if depth == 1 => {
                    hmerge_continue = attr(e, "val").as_deref() != Some("restart")
                }
                "cellDel" if depth == 1 => deleted = true,
                _ => {}
            }
            false
        })?;
        if let Some(Frame::Cell(cell)) = self.frames.last_mut() {
            cell.span = span;
            cell.vmerge = vmerge;
            cell.hmerge_continue = hmerge_continue;
            cell.deleted = deleted;
        }
        Ok(())
    }

    fn row_props(&mut self) -> XmlResult<()> {
        let mut grid_before = 0usize;
        let mut deleted = false;
        self.props(|name, depth, e| {
            match name {
                n if n.ends_with("Change") => return true,
                "gridBefore" if depth == 1 => grid_before = number(e, "val").unwrap_or(0).min(1000),
                "del" if depth == 1 => deleted = true,
                _ => {}
            }
            false
        })?;
        if let Some(Frame::Row(row)) = self.frames.last_mut() {
            row.grid_before = grid_before;
            row.deleted = deleted;
        }
        Ok(())
    }

    /// `w:sdtPr`: does the control show its placeholder text?
    fn sdt_props(&mut self) -> XmlResult<bool> {
        let mut placeholder = false;
        self.props(|name, depth, e| {
            if name == "showingPlcHdr" && depth == 1 {
                placeholder = on(e);
            }
            false
        })?;
        Ok(placeholder)
    }
}

fn is_toc(instruction: &str) -> bool {
    let word = instruction.trim_start();
    word.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("TOC"))
        && !word[3..].starts_with(|c: char| c.is_alphanumeric())
}

/// The character of a `w:sym`: a Unicode character as it is; a symbol font's
/// private-use code as the character it draws when that is known (check
/// boxes, ASCII digits and punctuation), else nothing.
fn symbol(e: &BytesStart) -> Option<char> {
    let code = u32::from_str_radix(attr(e, "char")?.trim(), 16).ok()?;
    let font = attr(e, "font").unwrap_or_default().to_lowercase();
    let code = match code {
        0xF000..=0xF0FF => code - 0xF000,
        0xE000..=0xF8FF => return None,
        _ if font.starts_with("wingdings") || font == "symbol" => code,
        _ => return char::from_u32(code).filter(|c| !c.is_control()),
    };
    match (font.as_str(), code) {
        ("wingdings", 0xFB) => Some('✗'),
        ("wingdings", 0xFC) => Some('✓'),
        ("wingdings", 0xFD) => Some('☒'),
        ("wingdings", 0xFE) => Some('☑'),
        ("wingdings", 0xA8) => Some('□'),
        ("symbol", 0x20..=0x40) => char::from_u32(code),
        _ if !font.starts_with("wingdings") && font != "symbol" && font != "webdings" => {
            char::from_u32(code).filter(|c| !c.is_control())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Writing the reading.

fn write_flow(w: &mut Writer, items: &[Item], depth: usize) {
    for item in items {
        match item {
            Item::Para(para) => {
                let mut heading = para.heading;
                for line in para.lines() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    w.paragraph(
                        heading.take(),
                        &[Piece::Source {
                            text: line,
                            src: None,
                        }],
                    );
                }
            }
            Item::Table(rows) => {
                if is_data_table(rows) || depth > MAX_FRAMES {
                    write_rows(w, rows);
                } else {
                    for cell in written_cells(rows).flatten() {
                        write_flow(w, &cell.content.items, depth + 1);
                    }
                }
            }
        }
    }
}

/// A table is data when no cell holds a table or long flowing text.
fn is_data_table(rows: &[Row]) -> bool {
    rows.iter().flat_map(|r| &r.cells).all(|cell| {
        let mut chars = 0;
        cell.content.items.iter().all(|item| match item {
            Item::Table(_) => false,
            Item::Para(p) => {
                chars += p.text.chars().filter(|c| !c.is_whitespace()).count();
                chars <= MAX_DATA_CELL_CHARS
            }
        })
    })
}

/// Each row's cells that are written: not a deleted row or cell, not the
/// continuation of a vertical or legacy horizontal merge.
fn written_cells(rows: &[Row]) -> impl Iterator<Item = Vec<&Cell>> {
    // Per grid column: whether the cell starting there in the row above is
    // part of a vertical merge.
    let mut above: Vec<bool> = Vec::new();
    rows.iter().filter(|r| !r.deleted).map(move |row| {
        let mut here = Vec::new();
        let mut merged = Vec::new();
        let mut col = row.grid_before;
        for cell in row.cells.iter().filter(|c| !c.deleted) {
            let start = col;
            col = col.saturating_add(cell.span);
            if merged.len() <= start {
                merged.resize(start + 1, false);
            }
            merged[start] = cell.vmerge != VMerge::No;
            let continues = cell.vmerge == VMerge::Continue && above.get(start) == Some(&true);
            if continues || cell.hmerge_continue {
                continue;
            }
            here.push(cell);
        }
        above = merged;
        here
    })
}

fn write_rows(w: &mut Writer, rows: &[Row]) {
    for cells in written_cells(rows) {
        let pieces: Vec<CellPieces> = cells
            .iter()
            .map(|cell| {
                let mut pieces = Vec::new();
                let paras = cell.content.items.iter().filter_map(|item| match item {
                    Item::Para(p) => Some(p),
                    Item::Table(_) => None,
                });
                for para in paras {
                    for line in para.lines() {
                        if !pieces.is_empty() {
                            pieces.push(Piece::Break);
                        }
                        pieces.push(Piece::Source {
                            text: line,
                            src: None,
                        });
                    }
                }
                CellPieces {
                    pieces,
                    anchor: None,
                }
            })
            .collect();
        w.row(&pieces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn body(inner: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{inner}</w:body></w:document>")
    }

    fn reading(inner: &str) -> String {
        read_document_xml(&body(inner), None, None).unwrap()
    }

    #[test]
    fn runs_tabs_and_breaks() {
        assert_eq!(
            reading("<w:p><w:r><w:t>一、总</w:t></w:r><w:r><w:t>体情况</w:t></w:r></w:p>\
                     <w:p><w:r><w:t xml:space=\"preserve\">本年 </w:t><w:tab/><w:t>新收</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"),
            "一、总体情况\n本年 新收\n第二行\n"
        );
    }

    #[test]
    fn chinese_counting() {
        let c = |n| chinese(n, &CHINESE_DIGITS, &CHINESE_UNITS);
        assert_eq!(
            [1, 10, 11, 20, 21, 100, 101, 110, 1001].map(c),
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零一",
                "一百一十",
                "一千零一"
            ]
        );
        assert_eq!(roman(14), "XIV");
        assert_eq!(letters(27), "AA");
        assert_eq!(NumFmt::Circled.format(3), "③");
        assert_eq!(NumFmt::FullWidth.format(12), "１２");
    }

    #[test]
    fn targets_resolve() {
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve_target("word", "../customXml/a.xml"),
            "customXml/a.xml"
        );
        assert_eq!(
            rels_part("word/document2.xml"),
            "word/_rels/document2.xml.rels"
        );
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_bombs_are_bounded() {
        let xml = body(&"<w:p><w:r><w:t>规章</w:t></w:r></w:p>".repeat(1000));
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let small = Limits {
            document: 4096,
            ..LIMITS
        };
        assert_eq!(
            read_with(&bytes, small).unwrap_err(),
            DocxError::TooLarge {
                part: "word/document.xml".into(),
                limit: 4096
            }
        );
        assert!(read_with(&bytes, LIMITS).is_ok());
        let many: Vec<(String, Vec<u8>)> = (0..20)
            .map(|i| (format!("media/{i}.bin"), vec![]))
            .collect();
        let parts: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
        let bytes = zip_of(&parts);
        let few = Limits {
            entries: 10,
            ..LIMITS
        };
        assert_eq!(
            read_with(&bytes, few).unwrap_err(),
            DocxError::TooManyEntries { limit: 10 }
        );
        // Styles and numbering beyond their bound are left unread; the text still reads.
        let styles = "<w:styles/>".repeat(1000);
        let bytes = zip_of(&[
            (
                "word/document.xml",
                body("<w:p><w:r><w:t>规章</w:t></w:r></w:p>").as_bytes(),
            ),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        let tight = Limits {
            aux: 1024,
            ..LIMITS
        };
        assert_eq!(read_with(&bytes, tight).unwrap().text, "规章\n");
    }

    #[test]
    fn toc_fields_and_instructions() {
        assert!(is_toc(" TOC \\o \"1-3\""));
        assert!(!is_toc("TOCX"));
        assert_eq!(
            reading("<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2022年1月</w:t></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"),
            "2022年1月\n"
        );
    }
}
