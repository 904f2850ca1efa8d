//! Any bytes read as each format a report comes in — an HTML page, Markdown (with HTML in it
//! or not), a `.docx` — then checked, and the findings put on the source.
//!
//! Invariants: nothing panics; every range of the reading and every finding put on the
//! source lies in its text on character boundaries; a fix kept on the source edits only
//! text the source has, and the fixed source reads again. (A `.docx` is a zip: most inputs
//! are refused with a reason, which is the point: never a panic. PDFs go to `pdftotext`,
//! another process, and are not fuzzed here.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::fix::apply_edits;
use nianbao::check::{analyze_and_check, on_source, Config};
use nianbao::read::{read, Format};
use nianbao::text::TextRange;

fn sound(text: &str, range: TextRange) {
    assert!(range.start <= range.end && range.end <= text.len(), "{range:?}");
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
}

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    for format in [Format::Html, Format::Markdown, Format::Docx] {
        let Ok(doc) = read(data, Some(format)) else {
            continue;
        };
        let (_, findings) = analyze_and_check(&doc.text, &config);
        for d in &findings {
            sound(&doc.text, d.range);
        }
        let source = doc.source_text().to_string();
        for d in on_source(&doc, findings) {
            sound(&source, d.range);
            for r in d.related.iter().map(|r| r.range) {
                sound(&source, r);
            }
            for f in &d.fixes {
                for e in &f.edits {
                    sound(&source, e.range);
                }
                let (fixed, _) = apply_edits(&source, &f.edits);
                // The edited page reads again (as nianbao fix rechecks it).
                let _ = read(fixed.as_bytes(), Some(format));
            }
        }
    }
});
