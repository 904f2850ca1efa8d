//! Reading report files: expanding folders, decoding, clear reasons on failure.

use std::path::{Path, PathBuf};

use crate::text::decode::decode;

/// A file given on the command line, read or not.
pub struct Input {
    pub text: Result<String, String>,
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

/// Reads and decodes a file. An empty (or whitespace-only) file is refused
/// with the reason "empty file".
pub fn read(path: &Path) -> Input {
    let mut encoding = Stored::UTF8;
    let text = match std::fs::read(path) {
        Ok(bytes) => match decode(&bytes) {
            Ok(decoded) => {
                encoding = Stored {
                    encoding: decoded.encoding,
                    bom: encoding_rs::Encoding::for_bom(&bytes).is_some(),
                };
                if decoded.text.trim().is_empty() {
                    Err("empty file".to_string())
                } else {
                    Ok(decoded.text)
                }
            }
            Err(e) => Err(e.to_string()),
        },
        Err(e) => Err(io_reason(&e)),
    };
    Input { text, encoding }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}
