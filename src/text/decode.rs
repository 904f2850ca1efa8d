//! Turning a file's bytes into text: UTF-8 (with or without BOM), UTF-16 with a
//! BOM, or GB18030/GBK, which many agencies' tools still save.

use std::fmt;

/// Why bytes could not be read as a report's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or control characters: not a text file.
    Binary,
    /// Neither valid UTF-8 nor valid GB18030.
    UnknownEncoding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "not a text file (binary content)"),
            DecodeError::UnknownEncoding => {
                write!(f, "text is neither UTF-8 nor GB18030/GBK")
            }
        }
    }
}

impl DecodeError {
    /// The reason in Chinese (`Display` is the English one).
    pub fn zh(&self) -> String {
        match self {
            DecodeError::Binary => "不是文本文件（二进制内容）".to_string(),
            DecodeError::UnknownEncoding => "文本既不是 UTF-8 也不是 GB18030/GBK 编码".to_string(),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decoded text and the name of the encoding it was read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::UnknownEncoding);
        }
        return checked(text.into_owned(), encoding.name());
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(text.to_owned(), "UTF-8");
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::UnknownEncoding);
    }
    checked(text.into_owned(), "GB18030")
}

fn checked(text: String, encoding: &'static str) -> Result<Decoded, DecodeError> {
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, encoding })
}

/// NUL bytes, or many C0 control bytes other than tab/CR/LF/FF, mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode("规章 | 0 |".as_bytes()).unwrap().text, "规章 | 0 |");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("规章".as_bytes());
        assert_eq!(decode(&bom).unwrap().text, "规章");
    }

    #[test]
    fn reads_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("二、主动公开政府信息情况\n规章 | 0 |");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "二、主动公开政府信息情况\n规章 | 0 |");
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn rejects_binary_and_garbage() {
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 1]),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode(&[0xFF, 0xFF, 0x80, 0x41]),
            Err(DecodeError::UnknownEncoding)
        );
    }
}
