//! Readers: a report as it is found — a text or Markdown file, a published HTML
//! page, a Word/WPS `.docx` draft, a PDF's text layer — turned into one
//! [`Document`].
//!
//! A document is the *reading* the model works on: the report's paragraphs one
//! per line and its tables one row per line, cells between `|`, merged cells
//! written once (a cell that a `rowspan`/`colspan`/`vMerge` extends over other
//! grid positions is not repeated there, so a blank cell is still a blank
//! value). Plain text and Markdown are their own reading. For an HTML page the
//! reading is written from the page's body and every piece of it keeps its
//! range in the page's source ([`SourceMap`]), so that findings point at the
//! cell text in the HTML and fixes edit it there. A `.docx` or a PDF has no
//! source text to point into: positions refer to the reading itself, and
//! front ends describe places by section, table, row and column.
//!
//! Readers know nothing of templates: they find the report by its structure
//! (where the text is), never by a generation's labels.

pub mod docx;
pub mod html;
mod map;
pub mod pdf;
mod writer;

pub use map::SourceMap;

use crate::lang::Lang;
use crate::text::decode::{decode, DecodeError};
use crate::text::TextRange;

/// The form a report file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name's extension names (any letter case); `None` for
    /// an extension that is not a report format nianbao reads.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "shtml" | "xhtml" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format of a file's bytes by their content: a PDF or a zip (a
    /// `.docx`) by its signature, an HTML page by its opening markup.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Format::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(Format::Docx);
        }
        let head = &bytes[..bytes.len().min(1024)];
        let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
        let opens = |tag: &[u8]| lower.windows(tag.len()).any(|w| w == tag);
        (opens(b"<!doctype html") || opens(b"<html") || opens(b"<body") || opens(b"<table"))
            .then_some(Format::Html)
    }
}

/// A report read into the form the model works on.
#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    /// The reading: what the model analyses. For text and Markdown, the file's
    /// text itself.
    pub text: String,
    pub origin: Origin,
}

/// Where a document's reading came from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// The reading is the source text (text and Markdown).
    Itself,
    /// The reading was written from a source text (an HTML page): every range
    /// of the reading maps back to the source through `map`.
    Mapped { source: String, map: SourceMap },
    /// The reading was written from a binary file (`.docx`, PDF): there is no
    /// source text; positions refer to the reading.
    Binary,
}

impl Document {
    /// A text or Markdown document: its own reading.
    pub fn plain(format: Format, text: String) -> Document {
        Document {
            format,
            text,
            origin: Origin::Itself,
        }
    }

    /// The text positions are given in: the source for an HTML page, else the
    /// reading.
    pub fn source_text(&self) -> &str {
        match &self.origin {
            Origin::Mapped { source, .. } => source,
            Origin::Itself | Origin::Binary => &self.text,
        }
    }

    /// Does a position in [`Self::source_text`] name the same text as the
    /// same position in the reading?
    pub fn is_own_reading(&self) -> bool {
        matches!(self.origin, Origin::Itself)
    }

    /// A range of the reading as a range of [`Self::source_text`].
    pub fn to_source(&self, range: TextRange) -> TextRange {
        match &self.origin {
            Origin::Mapped { map, .. } => map.to_source(range),
            Origin::Itself | Origin::Binary => range,
        }
    }

    /// The range of [`Self::source_text`] where replacing reading `range` by
    /// `new_text` can be done without touching anything else: `None` when the
    /// reading's text there is not the source's own text (markup or an entity
    /// inside, text joined from pieces, a binary source) or the new text would
    /// not read back as the same kind of content (a new line or cell in a page).
    pub fn editable(&self, range: TextRange, new_text: &str) -> Option<TextRange> {
        match &self.origin {
            Origin::Itself => Some(range),
            Origin::Binary => None,
            Origin::Mapped { map, .. } => {
                if new_text.contains(['\n', '\r', '|', '｜']) {
                    return None;
                }
                map.editable(range)
            }
        }
    }

    /// The text to put into the source for `new_text` at an editable range:
    /// escaped as the source format needs (`&`, `<` in HTML).
    pub fn source_text_for(&self, new_text: &str) -> String {
        match self.format {
            Format::Html => html::escape_text(new_text),
            _ => new_text.to_string(),
        }
    }
}

/// Why a file could not be read as a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Decode(DecodeError),
    /// A `.docx` that is not a readable Word document.
    Docx(docx::DocxError),
    /// A PDF whose text could not be taken out.
    Pdf(pdf::PdfError),
    /// A format nianbao does not read, with the format to save it as.
    Unsupported {
        what: &'static str,
        save_as: &'static str,
    },
    Empty,
    Io(IoReason),
}

/// Why a file could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoReason {
    NotFound,
    PermissionDenied,
    IsDirectory,
    Other(String),
}

impl ReadError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadError::Decode(e), lang) => e.message(lang),
            (ReadError::Docx(e), lang) => e.message(lang),
            (ReadError::Pdf(e), lang) => e.message(lang),
            (ReadError::Unsupported { what, save_as }, Lang::Zh) => {
                format!("无法读取{what}文件：请另存为 {save_as} 后再检查")
            }
            (ReadError::Unsupported { what, save_as }, Lang::En) => {
                format!("cannot read {what} files: save it as {save_as} and check that")
            }
            (ReadError::Empty, Lang::Zh) => "空文件".to_string(),
            (ReadError::Empty, Lang::En) => "empty file".to_string(),
            (ReadError::Io(reason), lang) => match reason {
                IoReason::NotFound => lang.pick("文件不存在", "no such file").to_string(),
                IoReason::PermissionDenied => {
                    lang.pick("没有读取权限", "permission denied").to_string()
                }
                IoReason::IsDirectory => lang.pick("是一个文件夹", "is a directory").to_string(),
                IoReason::Other(e) => lang.pick(format!("无法打开：{e}"), e.clone()),
            },
        }
    }
}

/// Formats reports are found in that nianbao cannot read, by extension: what
/// they are and what to save them as.
pub fn unsupported(ext: &str) -> Option<ReadError> {
    let (what, save_as) = match ext.to_ascii_lowercase().as_str() {
        "doc" => ("Word 97-2003 (.doc) ", ".docx"),
        "wps" => ("WPS 文字 (.wps) ", ".docx"),
        "ofd" => ("OFD ", "PDF"),
        "rtf" => ("RTF ", ".docx"),
        "odt" => ("OpenDocument (.odt) ", ".docx"),
        _ => return None,
    };
    Some(ReadError::Unsupported { what, save_as })
}

/// Reads a file's bytes as a report of `format` (from its name; `None`: by its
/// content, else text).
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Document, ReadError> {
    let format = format
        .or_else(|| Format::sniff(bytes))
        .unwrap_or(Format::Text);
    let doc = match format {
        Format::Markdown => {
            let decoded = decode(bytes).map_err(ReadError::Decode)?;
            if html::markdown_has_html(&decoded.text) {
                html::read_markdown(&decoded.text)
            } else {
                Document::plain(format, decoded.text)
            }
        }
        Format::Text => {
            let decoded = decode(bytes).map_err(ReadError::Decode)?;
            Document::plain(format, decoded.text)
        }
        Format::Html => html::read_bytes(bytes).map_err(ReadError::Decode)?,
        Format::Docx => docx::read(bytes).map_err(ReadError::Docx)?,
        Format::Pdf => read_pdf(bytes)?,
    };
    if doc.text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(doc)
}

/// Reads an editor's document text as a report of `format`: an HTML page is
/// read into its reading; anything else is its own reading.
pub fn read_text(text: &str, format: Format) -> Document {
    match format {
        Format::Html => html::read(text),
        _ => Document::plain(format, text.to_string()),
    }
}

/// A PDF's text layer, as its own reading: there is no source text.
fn read_pdf(bytes: &[u8]) -> Result<Document, ReadError> {
    let layer = pdf::text_layer(bytes).map_err(ReadError::Pdf)?;
    Ok(Document {
        format: Format::Pdf,
        text: layer.text,
        origin: Origin::Binary,
    })
}
