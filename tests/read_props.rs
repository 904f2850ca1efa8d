//! The readers on any page-like input: an HTML page or a Markdown file made of tags (tables,
//! cells with `rowspan`/`colspan`, paragraphs, spans, breaks, unclosed and stray end tags),
//! entities, CJK text, numbers and pipes, in any order. Nothing panics; every range of the
//! reading maps to a range of the source on character boundaries; findings put on the
//! source lie in it; a fix kept on the source edits only the source's own text, which reads
//! again.

use nianbao::check::fix::apply_edits;
use nianbao::check::{analyze_and_check, on_source, Config};
use nianbao::read::{read, Format};
use nianbao::text::TextRange;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table>".to_string()),
        Just("</table>".to_string()),
        Just("<tr>".to_string()),
        Just("</tr>".to_string()),
        Just("<td>".to_string()),
        Just("<td rowspan=\"2\">".to_string()),
        Just("<td colspan=\"3\">".to_string()),
        Just("</td>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br>".to_string()),
        Just("<span style=\"x\">".to_string()),
        Just("</span>".to_string()),
        Just("<h2>".to_string()),
        Just("</div>".to_string()),
        Just("<script>".to_string()),
        Just("&nbsp;".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("\n".to_string()),
        Just(" | ".to_string()),
        Just("三、收到和处理政府信息公开申请情况".to_string()),
        Just("一、本年新收政府信息公开申请数量".to_string()),
        Just("（七）总计".to_string()),
        Just("2021年".to_string()),
        Just("𠀀".to_string()),
        "[0-9]{1,3}",
        "[a-z<>/=\"&;| \n]{0,6}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|p| p.concat())
}

fn sound(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: {range:?}"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn pages_and_markdown_read_with_sound_ranges(source in page()) {
        for format in [Format::Html, Format::Markdown] {
            let Ok(doc) = read(source.as_bytes(), Some(format)) else {
                continue;
            };
            let text = &doc.text;
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for w in ends.windows(2) {
                sound(doc.source_text(), doc.to_source(TextRange::new(w[0], w[1])), "char");
            }
            sound(doc.source_text(), doc.to_source(TextRange::new(0, text.len())), "all");
            let (_, findings) = analyze_and_check(text, &Config::default());
            let src = doc.source_text().to_string();
            for d in on_source(&doc, findings) {
                sound(&src, d.range, d.code);
                for f in &d.fixes {
                    for e in &f.edits {
                        sound(&src, e.range, d.code);
                        if format == Format::Html {
                            let old = &src[e.range.start..e.range.end];
                            prop_assert!(!old.contains('<'), "{}: edits markup {old:?}", d.code);
                        }
                    }
                    let (fixed, _) = apply_edits(&src, &f.edits);
                    prop_assert!(read(fixed.as_bytes(), Some(format)).is_ok() || fixed.trim().is_empty());
                }
            }
        }
    }
}
