//! Section headings (一 … 六), recognised by ordinal and key words, so that
//! reworded headings (`五、主要问题及改进措施`) are still found.
//!
//! Most reports number their sections as the template does: a heading is its
//! ordinal and one of that section's key words ([`find_sections`]). Some do
//! not — the tables numbered 一、二、三 after a narrative with its own 一…六,
//! 六 numbered 五, the problems under `（一）主要问题` with no heading of their
//! own. When the ordinals leave sections unfound, [`renumbered`] recognises
//! the headings by their words and by the tables that follow them.

use super::Section;
use crate::syntax::{LineKind, Syntax};
use crate::template::{SectionDef, TableKind, Templates};
use crate::text::normalize::similarity_at_least;
use crate::text::normalize::{label_key, split_ordinal};
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
        let mut content = content;
        let mut written = &text[content.start..content.end];
        if written.chars().count() > MAX_HEADING_CHARS {
            // A heading with its section's text run on after it on one line (a crawler's
            // text, a page's text copied out): the official title (near enough) opens it.
            let Some(end) = run_on_heading(written, defs) else {
                continue;
            };
            content = TextRange::new(content.start, content.start + end);
            written = &text[content.start..content.end];
        }
        if let Some(def) = match_heading(written, markdown_heading.is_some(), defs) {
            let ordinal = top_ordinal(&label_key(written));
            if ordinal.is_none() && sections.last().is_some_and(|s| s.number == def.number) {
                // `### 行政复议` under `## 四、…行政复议、行政诉讼情况`: a part of the section.
                continue;
            }
            sections.push(Section {
                number: def.number,
                title: written.to_string(),
                range: content,
                body: TextRange::new(line.range.start, text.len()),
                line: line.number,
                official: label_key(written) == label_key(&def.title),
                ordinal,
            });
        }
    }
    close_bodies(text, &mut sections);
    sections
}

/// Near enough to an official section title for the opening of a long line to be it.
const RUN_ON_TITLE_SIMILARITY: f64 = 0.85;

/// The length in bytes of the official section title (or a near miss of it: `行政法复议`)
/// that opens a longer line after its own ordinal (`四、`), if one does.
fn run_on_heading(written: &str, defs: &[SectionDef]) -> Option<usize> {
    let trimmed = written.trim_start();
    let lead = written.len() - trimmed.len();
    let ordinal = top_ordinal(&label_key(trimmed.get(..trimmed.char_indices().nth(4)?.0)?))?;
    let def = defs.iter().find(|d| d.number == ordinal)?;
    let title = label_key(&def.title);
    let n = def.title.chars().count();
    let ends: Vec<usize> = trimmed.char_indices().map(|(i, _)| i).skip(1).collect();
    (n.saturating_sub(1)..=n + 2)
        .filter_map(|chars| ends.get(chars - 1).map(|&end| (chars, end)))
        .filter_map(|(_, end)| {
            similarity_at_least(&label_key(&trimmed[..end]), &title, RUN_ON_TITLE_SIMILARITY)
                .map(|s| (s, end))
        })
        // The nearest; of equally near ones the shortest (punctuation after the title is
        // not in its key).
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, end)| lead + end)
}

/// Each section's body ends where the next heading's line starts.
fn close_bodies(text: &str, sections: &mut [Section]) {
    for i in 1..sections.len() {
        let next_start = crate::text::line_start_before(text, sections[i].range.start);
        sections[i - 1].body.end = next_start;
    }
}

/// The section number a heading's top-level ordinal (`三、`, `第三部分`) says.
fn top_ordinal(key: &str) -> Option<u8> {
    let key = key.strip_prefix('第').unwrap_or(key);
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .iter()
        .position(|o| {
            key.strip_prefix(o)
                .is_some_and(|rest| rest.starts_with(['.', ':']) || rest.starts_with("部分"))
        })
        .map(|p| p as u8 + 1)
}

/// A line that may head a section when the ordinals do not say which.
struct Candidate<'a> {
    line: usize,
    range: TextRange,
    written: &'a str,
    /// Sections whose key words it has.
    numbers: Vec<u8>,
    /// Its words, without ordinal, are a section's official title words.
    exact: Option<u8>,
    ordinal: Option<u8>,
    /// A top-level heading: an ordinal such as `三、`, or a Markdown heading.
    top: bool,
}

/// The sections of a report whose ordinals do not follow the template, or
/// `None` when that finds no more than `strict` did. For sections 二, 三 and
/// 四 the heading is the best one before the first table of the section's
/// kind (`tables`: kind and first line, in document order); for the others
/// the best one in its place. Best: the official title words, else the
/// section's own ordinal, else a top-level heading, else any line with the
/// key words (`（一）主要问题` for 五).
pub fn renumbered(
    text: &str,
    syntax: &Syntax,
    templates: &Templates,
    strict: &[Section],
    tables: &[(TableKind, usize)],
) -> Option<Vec<Section>> {
    let defs = section_defs(templates);
    if defs.is_empty() {
        return None;
    }
    let is_label = |key: &str| {
        templates.templates.iter().enumerate().any(|(ti, t)| {
            (0..t.tables.len()).any(|di| templates.keys(ti, di).lookup.contains_key(key))
        })
    };
    let mut candidates: Vec<Candidate> = Vec::new();
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
        let key = label_key(written);
        if is_label(&key) {
            continue;
        }
        let numbers: Vec<u8> = defs
            .iter()
            .filter(|d| d.keywords.iter().any(|k| key.contains(k.as_str())))
            .map(|d| d.number)
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let body = |k: &str| {
            let (ordinal, rest) = split_ordinal(k);
            if ordinal.is_empty() {
                k.strip_prefix('第')
                    .and_then(|r| r.split_once("部分"))
                    .map_or(k, |(_, rest)| rest.trim_start_matches(['.', ':']))
                    .to_string()
            } else {
                rest.to_string()
            }
        };
        let own = body(&key);
        let exact = defs
            .iter()
            .find(|d| body(&label_key(&d.title)) == own)
            .map(|d| d.number);
        let ordinal = top_ordinal(&key);
        candidates.push(Candidate {
            line: line.number,
            range: content,
            written,
            numbers,
            exact,
            ordinal,
            top: ordinal.is_some() || markdown_heading.is_some(),
        });
    }
    let score = |c: &Candidate, n: u8| (c.exact == Some(n), c.ordinal == Some(n), c.top);
    let first_table = |kind: TableKind| tables.iter().find(|t| t.0 == kind).map(|t| t.1);
    let mut chosen: [Option<usize>; 7] = [None; 7];
    // Candidates for section `n` strictly between two lines.
    let window = |n: u8, after: usize, before: usize| {
        candidates
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.numbers.contains(&n) && c.line >= after && c.line < before)
    };
    let line_of = |chosen: &[Option<usize>; 7], n: usize| chosen[n].map(|i| candidates[i].line);
    // The table sections first: each before its table, after the one before it.
    let mut after = 0;
    for (n, kind) in [
        (2u8, TableKind::Proactive),
        (3, TableKind::Applications),
        (4, TableKind::Appeals),
    ] {
        let Some(table) = first_table(kind).filter(|&t| t >= after) else {
            continue;
        };
        let best = window(n, after, table)
            .max_by_key(|(i, c)| (score(c, n), *i))
            .map(|(i, _)| i);
        if let Some(i) = best {
            chosen[n as usize] = Some(i);
            after = candidates[i].line + 1;
        }
    }
    let first_table_section = (2..=4).find_map(|n| line_of(&chosen, n));
    let last_table_section = (2..=4).rev().find_map(|n| line_of(&chosen, n));
    // 一 before the tables' sections; 六, then 五, after them.
    let pick = |n: u8, after: usize, before: usize| {
        window(n, after, before)
            .max_by_key(|(i, c)| (score(c, n), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    chosen[1] = pick(1, 0, first_table_section.unwrap_or(usize::MAX));
    let tail = last_table_section.map_or(0, |l| l + 1);
    chosen[6] = pick(6, tail, usize::MAX);
    chosen[5] = pick(5, tail, line_of(&chosen, 6).unwrap_or(usize::MAX));
    // Sections 二–四 without a table, where the order leaves room.
    for n in 2..=4u8 {
        if chosen[n as usize].is_none() {
            let after = (1..n as usize)
                .rev()
                .find_map(|m| line_of(&chosen, m))
                .map_or(0, |l| l + 1);
            let before = (n as usize + 1..=6)
                .find_map(|m| line_of(&chosen, m))
                .unwrap_or(usize::MAX);
            chosen[n as usize] = pick(n, after, before);
        }
    }
    let mut sections: Vec<Section> = (1..=6u8)
        .filter_map(|n| {
            let c = &candidates[chosen[n as usize]?];
            let def = defs.iter().find(|d| d.number == n)?;
            Some(Section {
                number: n,
                title: c.written.to_string(),
                range: c.range,
                body: TextRange::new(syntax.lines[c.line].range.start, text.len()),
                line: c.line,
                official: label_key(c.written) == label_key(&def.title),
                ordinal: c.ordinal.or((!c.top).then_some(0)),
            })
        })
        .collect();
    sections.sort_by_key(|s| s.line);
    // One heading line is one section: a line with two sections' words is not both.
    if sections
        .windows(2)
        .any(|w| w[0].number >= w[1].number || w[0].line == w[1].line)
        || sections.len() <= strict.len()
    {
        return None;
    }
    close_bodies(text, &mut sections);
    Some(sections)
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
        // `### （一）系统化推进主动公开` is a part of a section, not one of the six.
        None if markdown && crate::text::normalize::split_ordinal(&key).0.is_empty() => {
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
    fn a_heading_with_its_text_run_on_is_found() {
        let text = "四、政府信息公开行政法复议、行政诉讼情况行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计\n五、存在的主要问题及改进情况，一是公开内容不够全面，二是解读形式较为单一，今后将加以改进。\n";
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        let found = find_sections(text, &syntax, Templates::builtin());
        let titles: Vec<(u8, &str)> = found.iter().map(|s| (s.number, s.title.as_str())).collect();
        assert_eq!(
            titles,
            [
                (4, "四、政府信息公开行政法复议、行政诉讼情况"),
                (5, "五、存在的主要问题及改进情况"),
            ]
        );
        // Prose that opens with an ordinal but not with a title is no heading.
        assert!(numbers("四、今年我们认真贯彻落实条例要求，收到行政复议申请一件，已依法办结，没有被纠错的情况发生。\n").is_empty());
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
