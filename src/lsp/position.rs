//! LSP position <-> rope offset conversion, with position-encoding negotiation (LSP 3.17).
//!
//! The core speaks byte offsets ([`TextRange`]); only this module knows lines and columns.
//!
//! Conventions:
//! * A rope "char index" is a Unicode scalar value (code point) index, as in ropey 1.x.
//! * Lines are split on `\n`, `\r\n` and `\r` only, exactly like LSP. This REQUIRES ropey to be
//!   built with `default-features = false, features = ["cr_lines", ...]`: ropey's default
//!   `unicode_lines` feature also breaks lines on U+000B, U+000C (form feed, emitted by
//!   pdftotext between pages!), U+0085, U+2028 and U+2029, which the client does not treat as
//!   line breaks, so every line number after such a character would be off.
//! * Every conversion clamps instead of panicking:
//!   - line past the end of the document -> end of the document;
//!   - character past the end of the line -> end of the line content (the line break is never
//!     included);
//!   - character in the middle of a multi-unit character (UTF-16 surrogate pair, UTF-8
//!     multi-byte sequence) -> rounded DOWN to the start of that character.

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

use crate::text::{PositionEncoding, TextRange};

/// Picks UTF-8 if the client lists `"utf-8"` in `general.positionEncodings`, else UTF-16
/// (the LSP default every server must support). UTF-32 is supported but never chosen.
#[must_use]
pub fn negotiate(caps: &ClientCapabilities) -> PositionEncoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref())
        .unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

/// The value to put in `ServerCapabilities.position_encoding`.
#[must_use]
pub fn encoding_kind(enc: PositionEncoding) -> PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// Number of chars of `line` that are content, i.e. without its trailing `\n`, `\r\n` or `\r`.
fn content_len_chars(line: RopeSlice<'_>) -> usize {
    let mut n = line.len_chars();
    if n > 0 && line.char(n - 1) == '\n' {
        n -= 1;
    }
    if n > 0 && line.char(n - 1) == '\r' {
        n -= 1;
    }
    n
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// LSP position -> rope char index, clamped (see module docs). Never panics.
#[must_use]
pub fn position_to_char(rope: &Rope, pos: Position, enc: PositionEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let full_line = rope.line(line);
    let content = full_line.slice(..content_len_chars(full_line));
    let col = pos.character as usize;
    let offset = match enc {
        PositionEncoding::Utf8 if col >= content.len_bytes() => content.len_chars(),
        // byte_to_char rounds down to the char containing the byte.
        PositionEncoding::Utf8 => content.byte_to_char(col),
        PositionEncoding::Utf16 if col >= content.len_utf16_cu() => content.len_chars(),
        // utf16_cu_to_char rounds down when `col` falls between the two halves of a surrogate pair.
        PositionEncoding::Utf16 => content.utf16_cu_to_char(col),
        PositionEncoding::Utf32 => col.min(content.len_chars()),
    };
    line_start + offset
}

/// LSP position -> byte offset into the document, clamped. Never panics.
#[must_use]
pub fn position_to_byte(rope: &Rope, pos: Position, enc: PositionEncoding) -> usize {
    rope.char_to_byte(position_to_char(rope, pos, enc))
}

/// Rope char index -> LSP position. `char_idx` past the end is clamped to the end.
#[must_use]
pub fn char_to_position(rope: &Rope, char_idx: usize, enc: PositionEncoding) -> Position {
    let char_idx = char_idx.min(rope.len_chars());
    let line = rope.char_to_line(char_idx);
    let line_start = rope.line_to_char(line);
    let col = match enc {
        PositionEncoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
        PositionEncoding::Utf16 => {
            rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start)
        }
        PositionEncoding::Utf32 => char_idx - line_start,
    };
    Position::new(to_u32(line), to_u32(col))
}

/// Byte offset -> LSP position. A byte inside a multi-byte char maps to the start of that char;
/// a byte past the end is clamped to the end.
#[must_use]
pub fn byte_to_position(rope: &Rope, byte_idx: usize, enc: PositionEncoding) -> Position {
    let byte_idx = byte_idx.min(rope.len_bytes());
    char_to_position(rope, rope.byte_to_char(byte_idx), enc)
}

/// Byte range (the core's [`TextRange`]) -> LSP range.
#[must_use]
pub fn text_range_to_range(rope: &Rope, range: TextRange, enc: PositionEncoding) -> Range {
    Range::new(
        byte_to_position(rope, range.start, enc),
        byte_to_position(rope, range.end, enc),
    )
}

/// LSP range -> ordered rope char range (a reversed range is swapped, never panics).
#[must_use]
pub fn range_to_chars(rope: &Rope, range: Range, enc: PositionEncoding) -> std::ops::Range<usize> {
    let a = position_to_char(rope, range.start, enc);
    let b = position_to_char(rope, range.end, enc);
    a.min(b)..a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::{Utf16, Utf32, Utf8};

    fn p(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    // U+20000 (CJK Ext. B): 4 UTF-8 bytes, 2 UTF-16 units (surrogate pair), 1 char.
    // U+1F600 emoji: same widths. 年 U+5E74: 3 bytes, 1 UTF-16 unit.
    const TEXT: &str = "a𠀀b😀年TODO\r\nsecond\n\u{2028}x\u{c}y\n";

    #[test]
    fn utf16_positions_around_astral_chars() {
        let rope = Rope::from_str(TEXT);
        // a=0, 𠀀=1..3, b=3, 😀=4..6, 年=6, T=7
        let t = TEXT.find("TODO").unwrap();
        assert_eq!(position_to_byte(&rope, p(0, 7), Utf16), t);
        assert_eq!(position_to_char(&rope, p(0, 7), Utf16), 5);
        assert_eq!(byte_to_position(&rope, t, Utf16), p(0, 7));
        // Inside the surrogate pair of 𠀀 -> start of 𠀀.
        assert_eq!(position_to_char(&rope, p(0, 2), Utf16), 1);
        // Inside the surrogate pair of 😀 -> start of 😀.
        assert_eq!(position_to_char(&rope, p(0, 5), Utf16), 3);
    }

    #[test]
    fn utf8_positions_around_astral_chars() {
        let rope = Rope::from_str(TEXT);
        let t = TEXT.find("TODO").unwrap();
        assert_eq!(t, 1 + 4 + 1 + 4 + 3);
        assert_eq!(position_to_byte(&rope, p(0, to_u32(t)), Utf8), t);
        assert_eq!(byte_to_position(&rope, t, Utf8), p(0, to_u32(t)));
        // Bytes 2,3,4 are inside 𠀀 -> start of 𠀀 (byte 1).
        for b in 2..=4 {
            assert_eq!(position_to_byte(&rope, p(0, b), Utf8), 1);
        }
        // Inside 年 -> start of 年.
        assert_eq!(position_to_byte(&rope, p(0, 11), Utf8), 10);
        // byte_to_position on an interior byte rounds down too.
        assert_eq!(byte_to_position(&rope, 3, Utf8), p(0, 1));
    }

    #[test]
    fn utf32_positions() {
        let rope = Rope::from_str(TEXT);
        assert_eq!(position_to_char(&rope, p(0, 5), Utf32), 5);
        assert_eq!(char_to_position(&rope, 5, Utf32), p(0, 5));
    }

    #[test]
    fn clamps_character_to_line_content_excluding_crlf() {
        let rope = Rope::from_str(TEXT);
        let line0_end = TEXT.find('\r').unwrap();
        for enc in [Utf8, Utf16, Utf32] {
            assert_eq!(
                position_to_byte(&rope, p(0, 999), enc),
                line0_end,
                "{enc:?}"
            );
            assert_eq!(position_to_byte(&rope, p(0, u32::MAX), enc), line0_end);
            // Line 1 "second\n": clamps before '\n'.
            let l1 = TEXT.find("second").unwrap();
            assert_eq!(position_to_byte(&rope, p(1, 50), enc), l1 + 6);
        }
    }

    #[test]
    fn clamps_line_past_end() {
        let rope = Rope::from_str(TEXT);
        for enc in [Utf8, Utf16, Utf32] {
            assert_eq!(position_to_char(&rope, p(3, 0), enc), rope.len_chars());
            assert_eq!(
                position_to_char(&rope, p(u32::MAX, u32::MAX), enc),
                rope.len_chars()
            );
        }
        // The (empty) last line after the final '\n' is line 3 — which is exactly the end.
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(char_to_position(&rope, rope.len_chars(), Utf16), p(3, 0));
        assert_eq!(char_to_position(&rope, usize::MAX, Utf16), p(3, 0));
        assert_eq!(byte_to_position(&rope, usize::MAX, Utf8), p(3, 0));
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // U+2028 and form feed must NOT start a new line (ropey cr_lines only).
        let rope = Rope::from_str(TEXT);
        let y = TEXT.find('y').unwrap();
        // line 2 is "\u{2028}x\u{c}y": U+2028 is 1 UTF-16 unit / 3 bytes.
        assert_eq!(byte_to_position(&rope, y, Utf16), p(2, 3));
        assert_eq!(byte_to_position(&rope, y, Utf8), p(2, 5));
        // Lone '\r' is a line break for LSP.
        let r = Rope::from_str("a\rb\r\nc");
        assert_eq!(r.len_lines(), 3);
        assert_eq!(position_to_char(&r, p(1, 9), Utf16), 3);
        assert_eq!(position_to_char(&r, p(2, 0), Utf16), 5);
    }

    #[test]
    fn empty_document() {
        let rope = Rope::new();
        for enc in [Utf8, Utf16, Utf32] {
            assert_eq!(position_to_char(&rope, p(0, 0), enc), 0);
            assert_eq!(position_to_char(&rope, p(5, 5), enc), 0);
            assert_eq!(char_to_position(&rope, 3, enc), p(0, 0));
        }
    }

    #[test]
    fn round_trip_every_char_boundary() {
        let rope = Rope::from_str(TEXT);
        for enc in [Utf8, Utf16, Utf32] {
            for c in 0..=rope.len_chars() {
                let pos = char_to_position(&rope, c, enc);
                let back = position_to_char(&rope, pos, enc);
                // Only the '\n' of a CRLF (char between '\r' and '\n') is not reachable.
                let is_crlf_middle = c > 0
                    && c < rope.len_chars()
                    && rope.char(c - 1) == '\r'
                    && rope.char(c) == '\n';
                if is_crlf_middle {
                    assert_eq!(back, c - 1, "{enc:?} CRLF middle clamps before the break");
                } else {
                    assert_eq!(back, c, "{enc:?} char {c} pos {pos:?}");
                }
            }
        }
    }

    #[test]
    fn negotiates_encoding() {
        use tower_lsp_server::ls_types::GeneralClientCapabilities;
        let mut caps = ClientCapabilities::default();
        assert_eq!(negotiate(&caps), Utf16);
        caps.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![PositionEncodingKind::UTF16]),
            ..Default::default()
        });
        assert_eq!(negotiate(&caps), Utf16);
        caps.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![
                PositionEncodingKind::UTF16,
                PositionEncodingKind::from("utf-8".to_string()),
            ]),
            ..Default::default()
        });
        assert_eq!(negotiate(&caps), Utf8);
        assert_eq!(encoding_kind(Utf8).as_str(), "utf-8");
    }
}
