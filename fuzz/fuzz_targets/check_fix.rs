//! decode → parse → check → fix → check again, on any bytes.
//!
//! Invariants: nothing panics; every finding's ranges lie in the text on character
//! boundaries and map to positions and back; fix-all's edits turn the text into its result,
//! and spliced into the file's bytes they read back as that result; the fixed text checks.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::fix::{apply_edits, diff_edits, fix_all};
use nianbao::check::{analyze_and_check, Applicability, Config};
use nianbao::text::decode::{decode, splice};
use nianbao::text::{PositionEncoding, TextRange};

fn sound(text: &str, range: TextRange) {
    assert!(range.start <= range.end && range.end <= text.len(), "{range:?}");
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
}

fn check_ranges(text: &str, config: &Config) -> Vec<nianbao::check::Diagnostic> {
    let (analysis, diags) = analyze_and_check(text, config);
    let idx = &analysis.line_index;
    for d in &diags {
        let ranges = std::iter::once(d.range)
            .chain(d.related.iter().map(|r| r.range))
            .chain(d.fixes.iter().flat_map(|f| f.edits.iter().map(|e| e.range)));
        for r in ranges {
            sound(text, r);
            // (The middle of a CRLF is no position of its own, as in LSP.)
            let crlf_middle = text[..r.start].ends_with('\r') && text[r.start..].starts_with('\n');
            for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
                if crlf_middle {
                    break;
                }
                let p = idx.position(text, r.start, enc);
                assert_eq!(idx.offset(text, p, enc), r.start, "{r:?} {p:?}");
            }
        }
        for f in &d.fixes {
            let (_, skipped) = apply_edits(text, &f.edits);
            assert!(skipped.is_empty(), "a fix's own edits overlap: {f:?}");
        }
    }
    diags
}

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else { return };
    let text = decoded.text;
    let config = Config::default();
    let diags = check_ranges(&text, &config);
    for max in [Applicability::Safe, Applicability::NeedsReview] {
        let fixed = fix_all(&text, diags.clone(), &config, max);
        let edits = diff_edits(&text, &fixed.text);
        assert_eq!(apply_edits(&text, &edits).0, fixed.text);
        check_ranges(&fixed.text, &config);
        let pieces: Vec<(TextRange, &str)> =
            edits.iter().map(|e| (e.range, e.new_text.as_str())).collect();
        if let Some(out) = splice(data, &text, &pieces) {
            // The untouched bytes are the file's: it reads back as the fixed text (in its
            // own encoding, whatever a detector would say of the new bytes).
            let enc = encoding_rs::Encoding::for_label(decoded.encoding.as_bytes())
                .unwrap_or(encoding_rs::UTF_8);
            let bom = encoding_rs::Encoding::for_bom(&out).map_or(0, |(_, n)| n);
            let (back, errors) = enc.decode_without_bom_handling(&out[bom..]);
            assert!(!errors);
            assert_eq!(back, fixed.text);
        }
    }
});
