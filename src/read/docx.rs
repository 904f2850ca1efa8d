//! Word and WPS `.docx` drafts (placeholder until the reader lands).

use super::Document;
use crate::lang::Lang;

/// Why a `.docx` could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocxError {
    NotReadable,
}

impl DocxError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => "无法读取 .docx 文件".to_string(),
            Lang::En => "cannot read the .docx file".to_string(),
        }
    }
}

pub fn read(_bytes: &[u8]) -> Result<Document, DocxError> {
    Err(DocxError::NotReadable)
}
