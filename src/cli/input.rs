//! Reading report files: decoding, clear reasons on failure (folders are expanded by
//! [`super::walk`]).

use std::path::Path;

pub use super::walk::expand;
use crate::check::Lang;
use crate::text::decode::decode;

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

/// A file given on the command line, read or not.
pub struct Input {
    pub text: Result<String, Reason>,
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
                    Err(Reason::new("空文件", "empty file"))
                } else {
                    Ok(decoded.text)
                }
            }
            Err(e) => Err(Reason::new(e.zh(), e.to_string())),
        },
        Err(e) => Err(io_reason(&e)),
    };
    Input { text, encoding }
}

fn io_reason(e: &std::io::Error) -> Reason {
    match e.kind() {
        std::io::ErrorKind::NotFound => Reason::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Reason::new("没有读取权限", "permission denied"),
        _ if e.raw_os_error() == Some(21) => Reason::new("这是文件夹", "is a directory"),
        _ => Reason::new(format!("读取出错（{e}）"), e.to_string()),
    }
}
