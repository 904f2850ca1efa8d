//! Section headings (一 … 六), recognised by ordinal and key words, so that
//! reworded headings (`五、主要问题及改进措施`) are still found.

use super::Section;
use crate::syntax::{LineKind, Syntax};
use crate::template::{SectionDef, Templates};
use crate::text::normalize::label_key;
use crate::text::TextRange;

/// Headings longer than this are prose that happens to start with an ordinal.
const MAX_HEADING_CHARS: usize = 40;

/// The section definitions of the newest template that has any.
pub fn section_defs(templates: &Templates) -> &[SectionDef] {
    templates
        .templates
        .iter()
        .rev()
        .find(|t| !t.sections.is_empty())
        .map(|t| t.sections.as_slice())
        .unwrap_or(&[])
}

pub fn find_sections(text: &str, syntax: &Syntax, templates: &Templates) -> Vec<Section> {
    let defs = section_defs(templates);
    let mut sections: Vec<Section> = Vec::new();
    for line in &syntax.lines {
        let LineKind::Text {
            content,
            markdown_heading,
        } = line.kind
        else {
            continue;
        };
        let written = &text[content.start..content.end];
        if written.chars().count() > MAX_HEADING_CHARS {
            continue;
        }
        if let Some(def) = match_heading(written, markdown_heading.is_some(), defs) {
            sections.push(Section {
                number: def.number,
                title: written.to_string(),
                range: content,
                body: TextRange::new(line.range.start, text.len()),
                line: line.number,
                official: label_key(written) == label_key(&def.title),
            });
        }
    }
    for i in 1..sections.len() {
        let next_start = crate::text::line_start_before(text, sections[i].range.start);
        sections[i - 1].body.end = next_start;
    }
    sections
}

/// Section number of a heading: its ordinal (一 … 六) and one of that
/// section's key words; a Markdown heading may omit the ordinal.
pub fn match_heading<'d>(
    written: &str,
    markdown: bool,
    defs: &'d [SectionDef],
) -> Option<&'d SectionDef> {
    let key = label_key(written);
    let ordinal = ["一", "二", "三", "四", "五", "六"]
        .iter()
        .position(|o| {
            key.strip_prefix(o)
                .is_some_and(|rest| rest.starts_with(['.', ':']) || rest.starts_with("部分"))
        })
        .map(|p| p as u8 + 1);
    let has_keyword = |def: &SectionDef| def.keywords.iter().any(|k| key.contains(k.as_str()));
    match ordinal {
        Some(n) => defs.iter().find(|d| d.number == n && has_keyword(d)),
        None if markdown => {
            let mut hits = defs.iter().filter(|d| has_keyword(d));
            let first = hits.next()?;
            hits.next().is_none().then_some(first)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LineIndex;

    fn numbers(text: &str) -> Vec<(u8, bool)> {
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        find_sections(text, &syntax, Templates::builtin())
            .iter()
            .map(|s| (s.number, s.official))
            .collect()
    }

    #[test]
    fn reworded_headings_are_found() {
        assert_eq!(
            numbers("一、总体情况\n五、主要问题及改进措施\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n六、其他需要报告的事项。"),
            vec![(1, true), (5, false), (4, false), (6, true)]
        );
    }

    #[test]
    fn prose_and_table_rows_are_not_headings() {
        assert!(numbers(
            "一、加强领导,扎实推进政务信息公开\n一、本年新收政府信息公开申请数量 | 0 |"
        )
        .is_empty());
        assert_eq!(numbers("## 主动公开政府信息情况"), vec![(2, false)]);
    }
}
