//! Reading report files: any format nianbao reads, decoded, with clear reasons
//! on failure (folders are expanded by [`super::walk`]).

use std::path::Path;

pub use super::walk::expand;
use crate::check::Lang;
use crate::read::{Document, Format, IoReason, ReadError};

/// Why a file could not be read, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub zh: String,
    pub en: String,
}

impl Reason {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The reason in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl From<&ReadError> for Reason {
    fn from(e: &ReadError) -> Reason {
        Reason::new(e.message(Lang::Zh), e.message(Lang::En))
    }
}

/// A file given on the command line, read or not.
pub struct Input {
    pub doc: Result<Document, Reason>,
    /// How the file was stored, to write it back the same way.
    pub encoding: Stored,
}

/// A file's encoding on disk: the decoder's name for it, and whether it began
/// with a byte-order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    pub encoding: &'static str,
    pub bom: bool,
}

impl Stored {
    const UTF8: Stored = Stored {
        encoding: "UTF-8",
        bom: false,
    };
}

/// Reads a file as a report: its format from its extension (any letter case),
/// else from its content; text in UTF-8, UTF-16 with a BOM or GB18030/GBK.
/// `-` is standard input. An empty text file is read as it is (it is then not a report);
/// a format nianbao does not read (`.doc`, `.wps`, `.ofd`) is refused with what to save it as.
pub fn read(path: &Path) -> Input {
    let mut encoding = Stored::UTF8;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let doc = match crate::read::unsupported(ext) {
        Some(refused) => Err(refused),
        None => match read_bytes(path) {
            Ok(bytes) => {
                let format = Format::from_extension(ext);
                let doc = match crate::read::read(&bytes, format) {
                    // An empty text is read as such (and is then not a report), not refused.
                    Err(ReadError::Empty)
                        if !matches!(format, Some(Format::Docx | Format::Pdf)) =>
                    {
                        let text = crate::text::decode::decode(&bytes)
                            .map(|d| d.text)
                            .unwrap_or_default();
                        Ok(crate::read::read_text(
                            &text,
                            format.unwrap_or(Format::Text),
                        ))
                    }
                    doc => doc,
                };
                if let Ok(doc) = &doc {
                    // The formats whose text is edited in place: text, Markdown, a page.
                    if doc.is_own_reading() || doc.format == Format::Html {
                        if let Ok(decoded) = crate::text::decode::decode(&bytes) {
                            encoding = Stored {
                                encoding: decoded.encoding,
                                bom: encoding_rs::Encoding::for_bom(&bytes).is_some(),
                            };
                        }
                    }
                }
                doc
            }
            Err(e) => Err(ReadError::Io(io_reason(&e))),
        },
    };
    Input {
        doc: doc.map_err(|e| Reason::from(&e)),
        encoding,
    }
}

/// The bytes of a file, or of standard input for `-`.
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

fn io_reason(e: &std::io::Error) -> IoReason {
    match e.kind() {
        std::io::ErrorKind::NotFound => IoReason::NotFound,
        std::io::ErrorKind::PermissionDenied => IoReason::PermissionDenied,
        _ if e.raw_os_error() == Some(21) => IoReason::IsDirectory,
        _ => IoReason::Other(e.to_string()),
    }
}
