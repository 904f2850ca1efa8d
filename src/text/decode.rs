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
    /// Text in another CJK encoding (detected by chardetng): its name (`Big5`, `Shift_JIS`,
    /// `EUC-JP`, `EUC-KR`). It may well decode as GB18030 too, as garbage.
    UnsupportedEncoding(&'static str),
}

/// What an encoding's text is, for the message.
fn language_of(encoding: &str) -> (&'static str, &'static str) {
    match encoding {
        "Big5" => ("繁体中文", "Traditional Chinese"),
        "Shift_JIS" | "EUC-JP" | "ISO-2022-JP" => ("日文", "Japanese"),
        "EUC-KR" => ("韩文", "Korean"),
        _ => ("其他语言", "another language"),
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "not a text file (binary content)"),
            DecodeError::UnknownEncoding => {
                write!(f, "text is neither UTF-8 nor GB18030/GBK")
            }
            DecodeError::UnsupportedEncoding(name) => write!(
                f,
                "the file is encoded in {name} ({}), which is not supported; save it as UTF-8 or GB18030 and check again",
                language_of(name).1
            ),
        }
    }
}

impl DecodeError {
    /// The reason in Chinese (`Display` is the English one).
    pub fn zh(&self) -> String {
        match self {
            DecodeError::Binary => "不是文本文件（二进制内容）".to_string(),
            DecodeError::UnknownEncoding => "文本既不是 UTF-8 也不是 GB18030/GBK 编码".to_string(),
            DecodeError::UnsupportedEncoding(name) => format!(
                "文件编码为 {name}（{}），不支持；请另存为 UTF-8 或 GB18030 后再检查",
                language_of(name).0
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// The reason in the user's language.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => self.zh(),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

/// Decoded text and the name of the encoding it was read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, None)
}

/// Decodes bytes whose encoding a document declares (an HTML page's
/// `<meta charset>`): a byte-order mark wins, then the declaration (GBK and
/// GB2312 read as their superset GB18030), and when the bytes do not decode
/// in the declared encoding, what [`decode`] finds.
pub fn decode_with(
    bytes: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded, DecodeError> {
    if let Some(declared) = declared.filter(|_| encoding_rs::Encoding::for_bom(bytes).is_none()) {
        let declared = if declared == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            declared
        };
        if !looks_binary(bytes) {
            let (text, had_errors) = declared.decode_without_bom_handling(bytes);
            if !had_errors {
                return checked(text.into_owned(), declared.name());
            }
        }
    }
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
    if let Some(name) = other_cjk_encoding(bytes) {
        return Err(DecodeError::UnsupportedEncoding(name));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::UnknownEncoding);
    }
    checked(text.into_owned(), "GB18030")
}

/// The CJK encoding other than GB18030 that `bytes` (not UTF-8) are in, if chardetng is
/// sure enough of one. Big5 and Shift_JIS bytes often decode as GB18030 without an error.
fn other_cjk_encoding(bytes: &[u8]) -> Option<&'static str> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    [
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::EUC_KR,
    ]
    .contains(&guess)
    .then(|| guess.name())
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

/// The byte offset in `bytes` (a file that [`decode`] read as `text`) of each of the
/// character boundaries `offsets` of `text` (in increasing order). `None` when `bytes` does
/// not decode to `text` that way (not the same file, or an encoding not read here).
///
/// Decoding is not a byte-for-byte bijection (GB18030 reads `80` as `€`, which it writes
/// `A2 E3`), so offsets are found by walking the encoded sequences, not by re-encoding.
#[must_use]
pub fn byte_offsets(bytes: &[u8], text: &str, offsets: &[usize]) -> Option<Vec<usize>> {
    let decoded = decode(bytes).ok()?;
    if decoded.text != text {
        return None;
    }
    let bom = encoding_rs::Encoding::for_bom(bytes).map_or(0, |(_, n)| n);
    let body = &bytes[bom..];
    let mut out = Vec::with_capacity(offsets.len());
    let mut next = 0;
    let mut at_byte = 0usize;
    for (i, c) in text.char_indices().chain([(text.len(), '\0')]) {
        while offsets.get(next) == Some(&i) {
            out.push(bom + at_byte);
            next += 1;
        }
        if i == text.len() {
            break;
        }
        at_byte += match decoded.encoding {
            "UTF-8" => c.len_utf8(),
            "UTF-16LE" | "UTF-16BE" => 2 * c.len_utf16(),
            "GB18030" => gb18030_len(body, at_byte)?,
            _ => return None,
        };
    }
    (at_byte == body.len() && out.len() == offsets.len()).then_some(out)
}

/// The length of the GB18030 sequence starting at `at` (well-formed input).
fn gb18030_len(bytes: &[u8], at: usize) -> Option<usize> {
    let lead = *bytes.get(at)?;
    Some(match lead {
        0x00..=0x80 => 1,
        0x81..=0xFE => match bytes.get(at + 1) {
            Some(0x30..=0x39) => 4,
            Some(_) => 2,
            None => return None,
        },
        0xFF => return None,
    })
}

/// `bytes` (a file that [`decode`] read as `text`) with the `edits` of `text` made to it:
/// the bytes outside the edited ranges as they were, each new text encoded in the file's
/// encoding. Edits are (range of `text`, new text), in order and not overlapping. `None`
/// when the edits do not fit `text`, `bytes` is not what `text` was read from, or a new text
/// has a character the encoding cannot write (GB18030 has no U+E5E5, say).
#[must_use]
pub fn splice(bytes: &[u8], text: &str, edits: &[(super::TextRange, &str)]) -> Option<Vec<u8>> {
    let decoded = decode(bytes).ok()?;
    let ok = edits.windows(2).all(|w| w[0].0.end <= w[1].0.start)
        && edits.iter().all(|(r, _)| {
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        });
    if !ok {
        return None;
    }
    let mut offsets: Vec<usize> = edits.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    offsets.sort_unstable();
    let at = byte_offsets(bytes, text, &offsets)?;
    let byte_of = |o: usize| at[offsets.partition_point(|&x| x < o)];
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for (range, new_text) in edits {
        let (start, end) = (byte_of(range.start), byte_of(range.end));
        out.extend_from_slice(&bytes[pos..start]);
        out.extend_from_slice(&encode(decoded.encoding, new_text)?);
        pos = end;
    }
    out.extend_from_slice(&bytes[pos..]);
    Some(out)
}

/// `text` in `encoding` (one of [`decode`]'s names), without a BOM; `None` when a
/// character cannot be written in it.
#[must_use]
pub fn encode(encoding: &str, text: &str) -> Option<Vec<u8>> {
    Some(match encoding {
        "UTF-16LE" => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        "UTF-16BE" => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        "GB18030" => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return None;
            }
            bytes.into_owned()
        }
        _ => text.as_bytes().to_vec(),
    })
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
    fn splices_without_touching_other_bytes() {
        // `80` reads as € and `A3 A0` as U+E5E5; re-encoding would write `A2 E3`, `A1 A1`.
        let mut bytes = b"\x80 ".to_vec();
        bytes.extend_from_slice(&encoding_rs::GB18030.encode("规章 | 0 |").0);
        bytes.extend_from_slice(b"\xA3\xA0\x81\x30\x81\x30");
        let text = decode(&bytes).unwrap().text;
        let zero = text.find('0').unwrap();
        let out = splice(
            &bytes,
            &text,
            &[(super::super::TextRange::new(zero, zero + 1), "7")],
        )
        .unwrap();
        let mut want = bytes.clone();
        let at = bytes.iter().position(|&b| b == b'0').unwrap();
        want[at] = b'7';
        assert_eq!(out, want);
        // Not the text these bytes were read as: refused.
        assert!(splice(&bytes, "other", &[]).is_none());
    }

    #[test]
    fn names_big5_and_shift_jis() {
        let text = "二、主動公開政府資訊情況\n規章 | 0 | 0 | 0 |\n本機關認真貫徹落實條例規定，持續推進政府資訊公開工作。\n";
        let (big5, _, _) = encoding_rs::BIG5.encode(text);
        assert_eq!(decode(&big5), Err(DecodeError::UnsupportedEncoding("Big5")));
        let jp = "情報公開の年次報告書です。本年度の請求件数は次のとおりです。";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(jp);
        assert_eq!(
            decode(&sjis),
            Err(DecodeError::UnsupportedEncoding("Shift_JIS"))
        );
        let e = DecodeError::UnsupportedEncoding("Big5");
        assert!(e.to_string().contains("Big5") && e.zh().contains("Big5"));
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
