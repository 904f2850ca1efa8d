//! Human-readable findings, in the manner of rustc and ruff:
//!
//! ```text
//! error[row-total]: 总计 89 与各申请人列之和 6 不符
//!    --> reports/2020.txt:132:1
//!     |
//! 132 | 89 |
//!     | ^^
//!     = 说明: 自然人 6（第 125 行第 1 列）
//!     = 修复: 将总计改为 6（需复核）
//! ```
//!
//! Columns shown to people are 1-based and count characters; underlines are
//! placed by display width (a CJK character takes two columns). Long lines
//! (Chinese prose often runs to hundreds of characters) are cut to a window
//! around the range, marked with `…`.

use unicode_width::UnicodeWidthChar;

use crate::check::{Applicability, Diagnostic, Lang, Severity};
use crate::text::LineIndex;

/// The widest source excerpt shown, in display columns.
pub const MAX_WIDTH: usize = 80;

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Painter {
    pub color: bool,
}

#[derive(Clone, Copy)]
enum Paint {
    Severity(Severity),
    Gutter,
    Bold,
}

impl Painter {
    fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        let code = match paint {
            Paint::Severity(Severity::Error) => "1;31",
            Paint::Severity(Severity::Warning) => "1;33",
            Paint::Severity(Severity::Info) => "1;36",
            Paint::Severity(Severity::Hint) => "1;32",
            Paint::Gutter => "1;34",
            Paint::Bold => "1",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// A line cut to fit, and where the underline goes in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The text shown (with `…` where it was cut).
    pub text: String,
    /// Display column (0-based) where the underline starts.
    pub column: usize,
    /// Width of the underline (at least 1: an empty range is a point).
    pub width: usize,
}

fn char_width(c: char) -> usize {
    if c == '\t' {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Is the display width of `s` at most `max`, in at most `2 * max` characters?
/// (Looks at no more than that many characters, whatever the length of `s`.)
fn fits(s: &str, max: usize) -> bool {
    let mut used = 0;
    for (n, c) in s.chars().enumerate() {
        used += char_width(c);
        if used > max || n >= 2 * max {
            return false;
        }
    }
    true
}

/// Shown form of a character: tabs and other control characters as a space.
fn shown(c: char) -> char {
    if c.is_control() {
        ' '
    } else {
        c
    }
}

/// The part of `line` to show for the byte range `start..end` of it: the whole
/// line when it fits in `max` columns, else a window around the range (cut on
/// the right when the range itself is too wide).
pub fn excerpt(line: &str, start: usize, end: usize, max: usize) -> Excerpt {
    let start = crate::text::floor_char_boundary(line, start.min(line.len()));
    let end = crate::text::floor_char_boundary(line, end.clamp(start, line.len()));
    if fits(line, max) {
        return Excerpt {
            text: line.chars().map(shown).collect(),
            column: str_width(&line[..start]),
            width: str_width(&line[start..end]).max(1),
        };
    }
    // Room for the `…` on either side.
    let budget = max.saturating_sub(2).max(1);
    // The range itself, cut to the budget.
    let mut right = start;
    let mut used = 0;
    for (n, (i, c)) in line[start..end].char_indices().enumerate() {
        let w = char_width(c);
        if used + w > budget || n >= 2 * max {
            break;
        }
        used += w;
        right = start + i + c.len_utf8();
    }
    let range_end = right;
    // Then context, alternately on the left and on the right.
    let mut left = start;
    let (mut left_done, mut right_done) = (false, false);
    // Zero-width characters cost no budget: a bound on the characters taken too.
    let mut steps = 0;
    while !(left_done && right_done) {
        steps += 1;
        if steps > 2 * max {
            break;
        }
        if !left_done {
            match line[..left].chars().next_back() {
                Some(c) if used + char_width(c) <= budget => {
                    used += char_width(c);
                    left -= c.len_utf8();
                }
                _ => left_done = true,
            }
        }
        if !right_done {
            match line[right..].chars().next() {
                Some(c) if used + char_width(c) <= budget => {
                    used += char_width(c);
                    right += c.len_utf8();
                }
                _ => right_done = true,
            }
        }
    }
    let mut text = String::new();
    let mut column = 0;
    if left > 0 {
        text.push('…');
        column += str_width("…");
    }
    text.extend(line[left..right].chars().map(shown));
    if right < line.len() {
        text.push('…');
    }
    Excerpt {
        text,
        column: column + str_width(&line[left..start]),
        width: str_width(&line[start..range_end]).max(1),
    }
}

/// One document, for rendering its findings.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Source<'_> {
    /// 1-based line and character column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let p = self
            .index
            .position(self.text, offset, crate::text::PositionEncoding::Utf32);
        (p.line as usize + 1, p.character as usize + 1)
    }
}

/// Where a finding is in the report's terms: section, table, row, column and
/// the cell's text (for pages, Word files and PDFs, whose positions mean
/// little to a reader).
pub fn place(place: &crate::model::Place, lang: Lang) -> String {
    let numeral = |n: u8| {
        ["一", "二", "三", "四", "五", "六"]
            .get(usize::from(n).wrapping_sub(1))
            .copied()
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = place.section.and_then(|n| numeral(n).map(|z| (n, z))) {
        parts.push(match lang {
            Lang::Zh => format!("第{}部分", n.1),
            Lang::En => format!("section {}", n.0),
        });
    }
    if let Some(t) = &place.table {
        parts.push(lang.pick(format!("「{t}」表"), format!("table “{t}”")));
    }
    if let Some(r) = &place.row {
        parts.push(lang.pick(format!("「{r}」行"), format!("row “{r}”")));
    }
    if let Some(c) = &place.column {
        parts.push(lang.pick(format!("「{c}」列"), format!("column “{c}”")));
    }
    let mut out = parts.join(lang.pick("，", ", "));
    if let Some(t) = place.text.as_deref().filter(|t| !t.is_empty()) {
        out += &lang.pick(format!("：「{t}」"), format!(": “{t}”"));
    }
    out
}

/// A finding as text, ending with a blank line; `at` is where it is in the
/// report's terms, when positions alone would not say.
pub fn diagnostic(
    src: &Source,
    d: &Diagnostic,
    at: Option<&crate::model::Place>,
    lang: Lang,
    painter: Painter,
) -> String {
    let sev = d.severity.as_str();
    let (line, col) = src.line_col(d.range.start);
    let line_range = src.index.line_range(src.text, line - 1);
    let line_text = &src.text[line_range.start..line_range.end];
    let start = d.range.start.saturating_sub(line_range.start);
    let end = d
        .range
        .end
        .min(line_range.end)
        .saturating_sub(line_range.start);
    let ex = excerpt(line_text, start, end, MAX_WIDTH);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let bar = painter.paint("|", Paint::Gutter);
    let mut out = format!(
        "{}{}\n",
        painter.paint(&format!("{sev}[{}]", d.code), Paint::Severity(d.severity)),
        painter.paint(&format!(": {}", d.message), Paint::Bold)
    );
    out += &format!(
        "{pad}{} {}:{line}:{col}\n",
        painter.paint("-->", Paint::Gutter),
        src.path
    );
    out += &format!("{pad} {bar}\n");
    out += &format!(
        "{} {bar} {}\n",
        painter.paint(&number, Paint::Gutter),
        ex.text
    );
    out += &format!(
        "{pad} {bar} {}{}\n",
        " ".repeat(ex.column),
        painter.paint(&"^".repeat(ex.width), Paint::Severity(d.severity))
    );
    let eq = painter.paint("=", Paint::Gutter);
    if let Some(at) = at {
        out += &format!(
            "{pad} {eq} {}: {}\n",
            painter.paint(lang.pick("位置", "place"), Paint::Bold),
            place(at, lang)
        );
    }
    for r in &d.related {
        let place = match &r.elsewhere {
            None => {
                let (l, c) = src.line_col(r.range.start);
                match lang {
                    Lang::Zh => format!("（第 {l} 行第 {c} 列）"),
                    Lang::En => format!(" at {l}:{c}"),
                }
            }
            Some(e) => {
                let at = e.start.in_encoding(crate::text::PositionEncoding::Utf32);
                let (l, c, path) = (at.line + 1, at.character + 1, &e.path);
                match lang {
                    Lang::Zh => format!("（{path} 第 {l} 行第 {c} 列）"),
                    Lang::En => format!(" at {path}:{l}:{c}"),
                }
            }
        };
        out += &format!(
            "{pad} {eq} {}: {}{place}\n",
            painter.paint(lang.pick("说明", "note"), Paint::Bold),
            r.message
        );
    }
    for f in &d.fixes {
        let said = f.title.contains("需复核") || f.title.contains("needs review");
        let review = match (f.applicability, lang) {
            (Applicability::Safe, _) => "",
            _ if said => "",
            (Applicability::NeedsReview, Lang::Zh) => "（需复核）",
            (Applicability::NeedsReview, Lang::En) => " (needs review)",
        };
        out += &format!(
            "{pad} {eq} {}: {}{review}\n",
            painter.paint(lang.pick("修复", "help"), Paint::Bold),
            f.title
        );
    }
    out.push('\n');
    out
}

/// A file-level line: `error: path: reason`.
pub fn file_note(path: &str, severity: Severity, message: &str, painter: Painter) -> String {
    format!(
        "{}{}\n",
        painter.paint(severity.as_str(), Paint::Severity(severity)),
        painter.paint(&format!(": {path}: {message}"), Paint::Bold)
    )
}

/// One file's line after its findings: `✓ path — 无问题` when it has none, else
/// `✗ path — 2 个错误，1 个警告` (`!` when none is an error).
pub fn file_line(path: &str, diagnostics: &[Diagnostic], lang: Lang, painter: Painter) -> String {
    let mut t = Totals::default();
    t.add(diagnostics);
    if diagnostics.is_empty() {
        let clean = match lang {
            Lang::Zh => "无问题",
            Lang::En => "no problems",
        };
        return format!(
            "{} {path} — {clean}\n",
            painter.paint("✓", Paint::Severity(Severity::Hint))
        );
    }
    let (mark, severity) = if t.errors > 0 {
        ("✗", Severity::Error)
    } else {
        ("!", Severity::Warning)
    };
    format!(
        "{} {} — {}\n",
        painter.paint(mark, Paint::Severity(severity)),
        painter.paint(path, Paint::Bold),
        counts(&t, lang)
    )
}

/// The findings' counts, those that are not zero: `2 个错误，1 个提示` / `2 errors, 1 note`.
fn counts(t: &Totals, lang: Lang) -> String {
    let mut parts = Vec::new();
    for (n, zh, one, many) in [
        (t.errors, "个错误", "error", "errors"),
        (t.warnings, "个警告", "warning", "warnings"),
        (t.notes, "个提示", "note", "notes"),
    ] {
        if n > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{n} {zh}"),
                Lang::En => format!("{n} {}", if n == 1 { one } else { many }),
            });
        }
    }
    parts.join(match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    })
}

/// Counts for the closing line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Info and hint findings.
    pub notes: usize,
    pub unreadable: usize,
    pub not_reports: usize,
    /// Entries of folders passed over (not report files, pipes, link loops).
    pub skipped: usize,
}

impl Totals {
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info | Severity::Hint => self.notes += 1,
            }
        }
    }
}

/// `5 个文件，3 个错误，12 个警告` / `5 files, 3 errors, 12 warnings`.
pub fn summary(t: &Totals, lang: Lang) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::Zh => {
            parts.push(format!("{} 个文件", t.files));
            parts.push(format!("{} 个错误", t.errors));
            parts.push(format!("{} 个警告", t.warnings));
            if t.notes > 0 {
                parts.push(format!("{} 个提示", t.notes));
            }
            if t.unreadable > 0 {
                parts.push(format!("{} 个文件无法读取", t.unreadable));
            }
            if t.not_reports > 0 {
                parts.push(format!("{} 个文件不是年报", t.not_reports));
            }
            if t.skipped > 0 {
                parts.push(format!("{} 项已跳过", t.skipped));
            }
            parts.join("，")
        }
        Lang::En => {
            let n = |count: usize, one: &str, many: &str| {
                format!("{count} {}", if count == 1 { one } else { many })
            };
            parts.push(n(t.files, "file", "files"));
            parts.push(n(t.errors, "error", "errors"));
            parts.push(n(t.warnings, "warning", "warnings"));
            if t.notes > 0 {
                parts.push(n(t.notes, "note", "notes"));
            }
            if t.unreadable > 0 {
                parts.push(format!("{} unreadable", t.unreadable));
            }
            if t.not_reports > 0 {
                parts.push(n(t.not_reports, "file not a report", "files not reports"));
            }
            if t.skipped > 0 {
                parts.push(format!("{} skipped", t.skipped));
            }
            parts.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Fix, Related};
    use crate::text::TextRange;

    const PLAIN: Painter = Painter { color: false };

    fn find_range(haystack: &str, needle: &str) -> Option<TextRange> {
        haystack
            .find(needle)
            .map(|s| TextRange::new(s, s + needle.len()))
    }

    #[test]
    fn underline_counts_cjk_as_two_columns() {
        let line = "规章 | 0 | 0 | 4 |";
        let at = line.find('4').unwrap();
        let ex = excerpt(line, at, at + 1, MAX_WIDTH);
        assert_eq!(ex.text, line);
        // 规章 (4 columns) + " | 0 | 0 | " (11 columns).
        assert_eq!(ex.column, 15);
        assert_eq!(ex.width, 1);
        let label = excerpt(line, 0, "规章".len(), MAX_WIDTH);
        assert_eq!((label.column, label.width), (0, 4));
    }

    #[test]
    fn empty_range_is_a_point() {
        let ex = excerpt("自然人 |", 0, 0, MAX_WIDTH);
        assert_eq!((ex.column, ex.width), (0, 1));
    }

    #[test]
    fn long_lines_are_cut_around_the_range() {
        let line = format!("{}不分公开{}", "甲".repeat(100), "乙".repeat(100));
        let start = line.find("不分").unwrap();
        let ex = excerpt(&line, start, start + "不分公开".len(), 40);
        assert!(
            ex.text.starts_with('…') && ex.text.ends_with('…'),
            "{}",
            ex.text
        );
        assert!(str_width(&ex.text) <= 40, "{}", ex.text);
        assert_eq!(ex.width, 8);
        // The underline sits under 不分公开 in the excerpt.
        let shown_before: String = ex.text.chars().take_while(|&c| c != '不').collect();
        assert_eq!(ex.column, str_width(&shown_before));
        // 38 columns inside the `…`s: the 8 of the range, then 甲 and 乙 in turn.
        assert_eq!(
            ex.text,
            format!("…{}不分公开{}…", "甲".repeat(8), "乙".repeat(7))
        );
    }

    #[test]
    fn range_wider_than_window_is_cut_on_the_right() {
        let line = "字".repeat(100);
        let ex = excerpt(&line, 30, 300, 20);
        assert!(ex.text.starts_with('…') && ex.text.ends_with('…'));
        assert_eq!(ex.column, 1);
        assert_eq!(ex.width, 18);
    }

    #[test]
    fn renders_location_underline_notes_and_help() {
        let text = "前言\n规章 | 0 | 0 | 4 |\n";
        let index = LineIndex::new(text);
        let four = find_range(text, "4").unwrap();
        let d = Diagnostic {
            code: "row-total",
            severity: Severity::Error,
            message: "总计 4 与各列之和 0 不符".into(),
            range: four,
            related: vec![Related {
                range: find_range(text, "0").unwrap(),
                message: "本年新制作数量 0".into(),
                elsewhere: None,
            }],
            fixes: vec![Fix {
                title: "将总计改为 0".into(),
                applicability: Applicability::NeedsReview,
                edits: vec![],
            }],
        };
        let src = Source {
            path: "a.txt",
            text,
            index: &index,
        };
        let out = diagnostic(&src, &d, None, Lang::Zh, PLAIN);
        let expected = "error[row-total]: 总计 4 与各列之和 0 不符\n \
             --> a.txt:2:14\n  |\n2 | 规章 | 0 | 0 | 4 |\n  |                ^\n  \
             = 说明: 本年新制作数量 0（第 2 行第 6 列）\n  \
             = 修复: 将总计改为 0（需复核）\n\n";
        assert_eq!(out, expected);
        let en = diagnostic(&src, &d, None, Lang::En, PLAIN);
        assert!(en.contains("= note: 本年新制作数量 0 at 2:6\n"), "{en}");
        assert!(en.contains("(needs review)"), "{en}");
        let colored = diagnostic(&src, &d, None, Lang::Zh, Painter { color: true });
        assert!(
            colored.contains("\x1b[1;31merror[row-total]\x1b[0m"),
            "{colored}"
        );
    }

    #[test]
    fn summaries() {
        let t = Totals {
            files: 5,
            errors: 3,
            warnings: 12,
            notes: 0,
            unreadable: 1,
            not_reports: 0,
            skipped: 0,
        };
        assert_eq!(
            summary(&t, Lang::Zh),
            "5 个文件，3 个错误，12 个警告，1 个文件无法读取"
        );
        assert_eq!(
            summary(&t, Lang::En),
            "5 files, 3 errors, 12 warnings, 1 unreadable"
        );
    }
}
