//! Reading report files: expanding folders, decoding, clear reasons on failure.

use std::path::{Path, PathBuf};

use crate::read::{Document, Format, IoReason, ReadError};

/// A file given on the command line, read or not.
pub struct Input {
    pub doc: Result<Document, ReadError>,
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

    /// `text` as bytes in this encoding (with the BOM when the file had one).
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        match self.encoding {
            "UTF-16LE" | "UTF-16BE" => {
                let le = self.encoding == "UTF-16LE";
                let units = self
                    .bom
                    .then_some(0xFEFF)
                    .into_iter()
                    .chain(text.encode_utf16());
                for u in units {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
            }
            "GB18030" => out.extend_from_slice(&encoding_rs::GB18030.encode(text).0),
            _ => {
                if self.bom {
                    out.extend_from_slice(b"\xEF\xBB\xBF");
                }
                out.extend_from_slice(text.as_bytes());
            }
        }
        out
    }
}

/// Expands folders into the `.txt` and `.md` files under them (sorted); files
/// named explicitly are taken whatever their extension.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "markdown")
        ) {
            out.push(path);
        }
    }
}

/// Reads a file as a report: its format from its extension (any letter case),
/// else from its content; text in UTF-8, UTF-16 with a BOM or GB18030/GBK.
/// A file with no text is refused as empty.
pub fn read(path: &Path) -> Input {
    let mut encoding = Stored::UTF8;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let doc = match crate::read::unsupported(ext) {
        Some(refused) => Err(refused),
        None => match std::fs::read(path) {
            Ok(bytes) => {
                let doc = crate::read::read(&bytes, Format::from_extension(ext));
                if let Ok(doc) = &doc {
                    if doc.is_own_reading() {
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
    Input { doc, encoding }
}

fn io_reason(e: &std::io::Error) -> IoReason {
    match e.kind() {
        std::io::ErrorKind::NotFound => IoReason::NotFound,
        std::io::ErrorKind::PermissionDenied => IoReason::PermissionDenied,
        _ if e.raw_os_error() == Some(21) => IoReason::IsDirectory,
        _ => IoReason::Other(e.to_string()),
    }
}
