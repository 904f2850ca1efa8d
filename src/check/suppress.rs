//! Suppression comments in the source text: findings the author has looked at and decided to
//! leave, hidden where the text says so, and comments that hide nothing reported as
//! `unused-suppression` (as ruff reports an unused `noqa`).
//!
//! ```text
//! <!-- nianbao-disable-next-line row-total -->     the next line that has content
//! // nianbao-disable-next-line row-total           the same, in plain text
//! <!-- nianbao-disable missing-value -->           to the next nianbao-enable (or the end)
//! <!-- nianbao-enable -->
//! <!-- nianbao-disable-file label-variant -->      the whole file
//! ```
//!
//! Suppression works on the *source* text, after the findings were mapped into it
//! ([`super::on_source`]): in an HTML page the comments are HTML comments of the page, which
//! the page's reading leaves out. Both front ends call [`apply`] — `nianbao check` on the
//! file's text, the language server on the document's rope — so they agree; `fix_all`
//! applies it after each round of checking, so a suppressed finding is never fixed.
//!
//! A comment is a whole line (see [`crate::text::directive`]); the syntax layer reads such a
//! line as blank, so a comment between a table's rows leaves the table as it was.

use std::borrow::Cow;

use super::rules::UnusedSuppression;
use super::{rule, Applicability, Config, Diagnostic, Edit, Fix, Lang};
use crate::text::directive::{self, Form, Kind, MARKER};
use crate::text::{LineIndex, TextRange};

/// Line access to a text: a string with its line index, or an editor's rope.
pub trait Lines {
    fn len_bytes(&self) -> usize;
    fn line_count(&self) -> usize;
    /// The line containing byte `offset` (clamped to the text).
    fn line_of(&self, offset: usize) -> usize;
    /// Line `line` without its line break.
    fn line_range(&self, line: usize) -> TextRange;
    /// Where the line after `line` starts (the end of the text after the last line).
    fn next_line_start(&self, line: usize) -> usize;
    /// The text of a range on character boundaries.
    fn slice(&self, range: TextRange) -> Cow<'_, str>;
}

/// A string and its line index.
#[derive(Clone, Copy)]
pub struct Indexed<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Lines for Indexed<'_> {
    fn len_bytes(&self) -> usize {
        self.text.len()
    }
    fn line_count(&self) -> usize {
        self.index.line_count()
    }
    fn line_of(&self, offset: usize) -> usize {
        self.index.line_of(offset)
    }
    fn line_range(&self, line: usize) -> TextRange {
        self.index.line_range(self.text, line)
    }
    fn next_line_start(&self, line: usize) -> usize {
        self.index.line_start(line + 1)
    }
    fn slice(&self, range: TextRange) -> Cow<'_, str> {
        Cow::Borrowed(&self.text[range.start..range.end])
    }
}

impl Lines for ropey::Rope {
    fn len_bytes(&self) -> usize {
        ropey::Rope::len_bytes(self)
    }
    fn line_count(&self) -> usize {
        self.len_lines()
    }
    fn line_of(&self, offset: usize) -> usize {
        self.byte_to_line(offset.min(ropey::Rope::len_bytes(self)))
    }
    fn line_range(&self, line: usize) -> TextRange {
        let start = self.line_to_byte(line);
        let end = self.next_line_start(line);
        let line_text = self.byte_slice(start..end);
        let mut trimmed = end;
        let bytes_back = |i: usize| line_text.byte(i - start);
        if trimmed > start && bytes_back(trimmed - 1) == b'\n' {
            trimmed -= 1;
        }
        if trimmed > start && bytes_back(trimmed - 1) == b'\r' {
            trimmed -= 1;
        }
        TextRange::new(start, trimmed)
    }
    fn next_line_start(&self, line: usize) -> usize {
        if line + 1 >= self.len_lines() {
            ropey::Rope::len_bytes(self)
        } else {
            self.line_to_byte(line + 1)
        }
    }
    fn slice(&self, range: TextRange) -> Cow<'_, str> {
        self.byte_slice(range.start..range.end).into()
    }
}

/// Where the text may hold a suppression comment: the offsets of every [`MARKER`], kept up
/// to date through edits by [`Markers::edited`] (so that a keystroke in a large document
/// does not scan it all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markers(Vec<usize>);

impl Markers {
    /// Every marker of `text`.
    #[must_use]
    pub fn scan(text: &str) -> Markers {
        Markers(text.match_indices(MARKER).map(|(i, _)| i).collect())
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The markers after an edit turned bytes `start..old_end` of the old text into
    /// `start..new_end`. `window` is the new text from `window_start`, covering at least
    /// [`Markers::window`] of the edit.
    #[must_use]
    pub fn edited(
        &self,
        (start, old_end, new_end): (usize, usize, usize),
        window_start: usize,
        window: &str,
    ) -> Markers {
        let m = MARKER.len();
        let mut out: Vec<usize> = self
            .0
            .iter()
            .filter_map(|&p| {
                if p + m <= start {
                    Some(p)
                } else if p >= old_end {
                    Some(p - old_end + new_end)
                } else {
                    None
                }
            })
            .collect();
        out.extend(window.match_indices(MARKER).map(|(i, _)| window_start + i));
        out.sort_unstable();
        out.dedup();
        Markers(out)
    }

    /// The stretch of the new text (before rounding to character boundaries) that
    /// [`Markers::edited`] must see again: the edit and a marker's length around it.
    #[must_use]
    pub fn window((start, _, new_end): (usize, usize, usize), len: usize) -> (usize, usize) {
        let m = MARKER.len() - 1;
        (start.saturating_sub(m), (new_end + m).min(len))
    }
}

/// A comment, as found on its line.
#[derive(Clone, Debug)]
struct Comment {
    line: usize,
    /// The comment without the whitespace around it.
    range: TextRange,
    kind: Kind,
    form: Form,
    codes: Vec<String>,
    reason: Option<String>,
    keyword: String,
}

/// What one code of a comment (or the whole comment, when it names none) covers.
#[derive(Clone, Debug)]
struct Entry {
    comment: usize,
    /// `None`: every rule.
    code: Option<String>,
    /// Lines covered (inclusive), `None` for nothing (an `enable`, a comment with no line
    /// after it).
    lines: Option<(usize, usize)>,
    used: bool,
}

impl Entry {
    fn covers(&self, code: &str, line: usize) -> bool {
        self.code.as_deref().is_none_or(|c| c == code)
            && self.lines.is_some_and(|(a, b)| a <= line && line <= b)
    }
}

/// Findings after suppression.
#[derive(Debug, Default)]
pub struct Applied {
    /// The findings kept and the `unused-suppression` findings, in the core's order.
    pub diagnostics: Vec<Diagnostic>,
    /// For each of [`Applied::diagnostics`], its index among the findings given (`None`: an
    /// `unused-suppression` finding).
    pub origin: Vec<Option<usize>>,
}

/// Hides the findings the text's suppression comments cover, and reports the comments that
/// cover none. `html`: only `<!-- … -->` comments count (an HTML page; in text and Markdown
/// `// …` comments count too). `diagnostics` are ranged in `text`.
#[must_use]
pub fn apply(
    text: &(impl Lines + ?Sized),
    markers: &Markers,
    html: bool,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Applied {
    if markers.is_empty() {
        return Applied {
            origin: (0..diagnostics.len()).map(Some).collect(),
            diagnostics,
        };
    }
    let comments = comments(text, markers, html);
    if comments.is_empty() {
        return Applied {
            origin: (0..diagnostics.len()).map(Some).collect(),
            diagnostics,
        };
    }
    let mut entries = entries(text, &comments);
    let mut kept: Vec<(Diagnostic, Option<usize>)> = Vec::with_capacity(diagnostics.len());
    for (i, d) in diagnostics.into_iter().enumerate() {
        let line = text.line_of(d.range.start);
        let mut hidden = false;
        for e in entries.iter_mut().filter(|e| e.covers(d.code, line)) {
            e.used = true;
            hidden = true;
        }
        if !hidden {
            kept.push((d, Some(i)));
        }
    }
    if let Some(severity) = config.severity_of(&UnusedSuppression::INFO) {
        for mut u in unused(text, &comments, &entries, config) {
            u.severity = severity;
            let line = text.line_of(u.range.start);
            let hidden = entries
                .iter()
                .any(|e| e.code.as_deref() == Some(u.code) && e.covers(u.code, line));
            if !hidden {
                kept.push((u, None));
            }
        }
    }
    kept.sort_by(|(a, _), (b, _)| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    let (diagnostics, origin) = kept.into_iter().unzip();
    Applied {
        diagnostics,
        origin,
    }
}

/// [`apply`] on a string: its markers found and its lines indexed here.
#[must_use]
pub fn apply_to_text(
    text: &str,
    html: bool,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Vec<Diagnostic> {
    apply_to_source(text, html, diagnostics, config).diagnostics
}

/// [`apply`] on a document's source text (the file as written: an HTML page's markup, where
/// only `<!-- … -->` comments count), its findings already ranged there ([`super::on_source`]).
#[must_use]
pub fn apply_to_document(
    doc: &crate::read::Document,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Applied {
    let html = doc.format == crate::read::Format::Html;
    apply_to_source(doc.source_text(), html, diagnostics, config)
}

/// [`apply_to_text`] with each kept finding's origin: nothing is indexed when the text has
/// no suppression comment.
fn apply_to_source(
    text: &str,
    html: bool,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Applied {
    let markers = Markers::scan(text);
    if markers.is_empty() {
        return Applied {
            origin: (0..diagnostics.len()).map(Some).collect(),
            diagnostics,
        };
    }
    let index = LineIndex::new(text);
    apply(
        &Indexed {
            text,
            index: &index,
        },
        &markers,
        html,
        diagnostics,
        config,
    )
}

fn comments(text: &(impl Lines + ?Sized), markers: &Markers, html: bool) -> Vec<Comment> {
    let mut out: Vec<Comment> = Vec::new();
    for &m in &markers.0 {
        let line = text.line_of(m);
        if out.last().is_some_and(|c| c.line == line) {
            continue;
        }
        let range = text.line_range(line);
        let s = text.slice(range);
        let Some(d) = directive::parse(&s) else {
            continue;
        };
        if html && d.form != Form::Html {
            continue;
        }
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        out.push(Comment {
            line,
            range: TextRange::new(range.start + lead, range.end - trail),
            kind: d.kind,
            form: d.form,
            codes: d.codes.iter().map(|c| c.to_string()).collect(),
            reason: d.reason.map(str::to_string),
            keyword: d.keyword.to_string(),
        });
    }
    out
}

/// The next line after `line` that has content: not blank, not a suppression comment.
fn next_content_line(text: &(impl Lines + ?Sized), line: usize) -> Option<usize> {
    (line + 1..text.line_count()).find(|&l| {
        let s = text.slice(text.line_range(l));
        !s.trim().is_empty() && !directive::is_directive_line(&s)
    })
}

fn entries(text: &(impl Lines + ?Sized), comments: &[Comment]) -> Vec<Entry> {
    let last_line = text.line_count().saturating_sub(1);
    let mut entries: Vec<Entry> = Vec::new();
    // Open `disable`s: indices into `entries`.
    let mut open: Vec<usize> = Vec::new();
    for (ci, c) in comments.iter().enumerate() {
        let codes: Vec<Option<String>> = if c.codes.is_empty() {
            vec![None]
        } else {
            c.codes.iter().cloned().map(Some).collect()
        };
        match c.kind {
            Kind::Unknown => {}
            Kind::NextLine => {
                let target = next_content_line(text, c.line);
                for code in codes {
                    entries.push(Entry {
                        comment: ci,
                        code,
                        lines: target.map(|t| (t, t)),
                        used: false,
                    });
                }
            }
            Kind::File => {
                for code in codes {
                    entries.push(Entry {
                        comment: ci,
                        code,
                        lines: Some((0, last_line)),
                        used: false,
                    });
                }
            }
            Kind::Disable => {
                for code in codes {
                    open.push(entries.len());
                    entries.push(Entry {
                        comment: ci,
                        code,
                        lines: (c.line < last_line).then_some((c.line + 1, last_line)),
                        used: false,
                    });
                }
            }
            Kind::Enable => {
                for code in codes {
                    // `enable` alone ends every open `disable`; `enable CODE` those of CODE.
                    let closes: Vec<usize> = open
                        .iter()
                        .copied()
                        .filter(|&i| code.is_none() || entries[i].code == code)
                        .collect();
                    for &i in &closes {
                        let start = c.line.min(entries[i].lines.map_or(c.line, |(a, _)| a));
                        entries[i].lines = (start < c.line).then(|| (start, c.line - 1));
                    }
                    open.retain(|i| !closes.contains(i));
                    entries.push(Entry {
                        comment: ci,
                        code,
                        lines: None,
                        used: !closes.is_empty(),
                    });
                }
            }
        }
    }
    entries
}

/// Why a code of a comment hides nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Why {
    NoFinding,
    NotARule,
    SwitchedOff,
    NothingToEnable,
}

fn why_text(code: Option<&str>, why: Why, lang: Lang) -> String {
    let code = code.unwrap_or(match lang {
        Lang::Zh => "所有规则",
        Lang::En => "every rule",
    });
    match (why, lang) {
        (Why::NoFinding, Lang::Zh) => format!("{code}（此处没有该问题）"),
        (Why::NoFinding, Lang::En) => format!("{code} (no such finding here)"),
        (Why::NotARule, Lang::Zh) => format!("{code}（不是规则代码）"),
        (Why::NotARule, Lang::En) => format!("{code} (not a rule code)"),
        (Why::SwitchedOff, Lang::Zh) => format!("{code}（该规则已在配置中关闭）"),
        (Why::SwitchedOff, Lang::En) => format!("{code} (the rule is switched off)"),
        (Why::NothingToEnable, Lang::Zh) => {
            format!("{code}（之前没有相应的 nianbao-disable）")
        }
        (Why::NothingToEnable, Lang::En) => {
            format!("{code} (no nianbao-disable before it to end)")
        }
    }
}

fn unused(
    text: &(impl Lines + ?Sized),
    comments: &[Comment],
    entries: &[Entry],
    config: &Config,
) -> Vec<Diagnostic> {
    let lang = config.lang;
    let mut out = Vec::new();
    for (ci, c) in comments.iter().enumerate() {
        if c.kind == Kind::Unknown {
            let known = "disable-next-line, disable, enable, disable-file";
            out.push(Diagnostic {
                code: UnusedSuppression::INFO.code,
                severity: UnusedSuppression::INFO.severity,
                message: match lang {
                    Lang::Zh => format!(
                        "「{MARKER}{}」不是 nianbao 的忽略注释（可用：{known}），它不起作用",
                        c.keyword
                    ),
                    Lang::En => format!(
                        "“{MARKER}{}” is not a nianbao suppression comment ({known}): it suppresses nothing",
                        c.keyword
                    ),
                },
                range: c.range,
                related: Vec::new(),
                fixes: Vec::new(),
            });
            continue;
        }
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.comment == ci).collect();
        let mut used: Vec<&str> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for e in &mine {
            // A comment that hides unused suppressions is not itself checked.
            if e.code.as_deref() == Some(UnusedSuppression::INFO.code) {
                used.push(UnusedSuppression::INFO.code);
                continue;
            }
            let why = match e.code.as_deref().map(|code| (code, rule(code))) {
                Some((_, None)) => Some(Why::NotARule),
                Some((_, Some(r))) if config.severity_of(r).is_none() => Some(Why::SwitchedOff),
                _ if e.used => None,
                _ if c.kind == Kind::Enable => Some(Why::NothingToEnable),
                _ => Some(Why::NoFinding),
            };
            match why {
                Some(why) => reasons.push(why_text(e.code.as_deref(), why, lang)),
                None => used.extend(e.code.as_deref()),
            }
        }
        if reasons.is_empty() {
            continue;
        }
        let all = used.is_empty();
        let fix = if all {
            let line = c.line;
            let range = text.line_range(line);
            let next = text.next_line_start(line);
            let range = if next > range.end || line == 0 {
                TextRange::new(range.start, next)
            } else {
                // The last line, without a line break: take the one before it.
                TextRange::new(text.line_range(line - 1).end, range.end)
            };
            Fix {
                title: match lang {
                    Lang::Zh => "删除这条未起作用的忽略注释".to_string(),
                    Lang::En => "Remove the unused suppression comment".to_string(),
                },
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range,
                    new_text: String::new(),
                }],
            }
        } else {
            Fix {
                title: match lang {
                    Lang::Zh => "从忽略注释中删去未起作用的代码".to_string(),
                    Lang::En => "Remove the unused codes from the suppression comment".to_string(),
                },
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: c.range,
                    new_text: directive::render(c.kind, c.form, &used, c.reason.as_deref()),
                }],
            }
        };
        out.push(Diagnostic {
            code: UnusedSuppression::INFO.code,
            severity: UnusedSuppression::INFO.severity,
            message: match lang {
                Lang::Zh => format!("忽略注释未起作用：{}", reasons.join("、")),
                Lang::En => format!("unused suppression comment: {}", reasons.join(", ")),
            },
            range: c.range,
            related: Vec::new(),
            fixes: vec![fix],
        });
    }
    out
}

/// The comment that suppresses a finding of `code` on the line after it, as the code action
/// "ignore here" inserts it: `<!-- … -->` in Markdown and HTML, `// …` in plain text.
#[must_use]
pub fn comment_for(code: &str, plain_text: bool) -> String {
    let form = if plain_text { Form::Line } else { Form::Html };
    directive::render(Kind::NextLine, form, &[code], None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;

    fn finding(text: &str, code: &'static str, at: &str) -> Diagnostic {
        let s = text.find(at).unwrap();
        Diagnostic {
            code,
            severity: Severity::Error,
            message: format!("{code} at {at}"),
            range: TextRange::new(s, s + at.len()),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    fn run(text: &str, found: Vec<Diagnostic>) -> Vec<(String, String)> {
        apply_to_text(text, false, found, &Config::default())
            .into_iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    text[d.range.start..d.range.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn next_line_skips_blank_lines_and_other_comments() {
        let text = "<!-- nianbao-disable-next-line row-total -->\n\n// nianbao-disable-next-line balance\n合计 | 3 |\n合计 | 4 |\n";
        let found = vec![
            finding(text, "row-total", "合计 | 3"),
            finding(text, "balance", "合计 | 3"),
            finding(text, "row-total", "合计 | 4"),
        ];
        assert_eq!(run(text, found), [("row-total".into(), "合计 | 4".into())]);
    }

    #[test]
    fn disable_runs_to_its_enable_and_file_covers_all() {
        let text =
            "甲\n<!-- nianbao-disable missing-value -->\n乙\n丙\n<!-- nianbao-enable -->\n丁\n";
        let found = vec![
            finding(text, "missing-value", "甲"),
            finding(text, "missing-value", "乙"),
            finding(text, "missing-value", "丙"),
            finding(text, "missing-value", "丁"),
            finding(text, "row-total", "乙"),
        ];
        let left: Vec<String> = run(text, found)
            .into_iter()
            .map(|(c, t)| format!("{c} {t}"))
            .collect();
        assert_eq!(
            left,
            ["missing-value 甲", "row-total 乙", "missing-value 丁"]
        );
        let text = "甲\n乙\n<!-- nianbao-disable-file row-total -->\n";
        let found = vec![
            finding(text, "row-total", "甲"),
            finding(text, "label-typo", "乙"),
        ];
        assert_eq!(run(text, found), [("label-typo".into(), "乙".into())]);
    }

    #[test]
    fn unused_comments_are_reported_with_a_safe_fix() {
        let text = "<!-- nianbao-disable-next-line row-total, no-such-rule -->\n合计 | 3 |\n// nianbao-disable-next-line balance\n合计 | 4 |\n";
        let found = vec![finding(text, "row-total", "合计 | 3")];
        let out = apply_to_text(text, false, found, &Config::default());
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].code, "unused-suppression");
        assert_eq!(
            out[0].message,
            "忽略注释未起作用：no-such-rule（不是规则代码）"
        );
        assert_eq!(
            out[0].fixes[0].edits[0].new_text,
            "<!-- nianbao-disable-next-line row-total -->"
        );
        assert_eq!(
            out[1].message,
            "忽略注释未起作用：balance（此处没有该问题）"
        );
        let (fixed, _) = crate::check::fix::apply_edits(text, &out[1].fixes[0].edits);
        assert_eq!(
            fixed,
            "<!-- nianbao-disable-next-line row-total, no-such-rule -->\n合计 | 3 |\n合计 | 4 |\n"
        );
        assert_eq!(out[1].fixes[0].applicability, Applicability::Safe);
        // Switched off: no report.
        let mut config = Config::default();
        config.rules.insert(
            "unused-suppression".into(),
            crate::check::config::RuleSetting::Off,
        );
        assert!(apply_to_text(text, false, Vec::new(), &config).is_empty());
    }

    #[test]
    fn html_pages_take_only_html_comments() {
        let text = "// nianbao-disable-next-line row-total\n<td>3</td>\n";
        let found = vec![finding(text, "row-total", "3")];
        assert_eq!(
            apply_to_text(text, true, found.clone(), &Config::default()).len(),
            1
        );
        assert!(apply_to_text(text, false, found, &Config::default()).is_empty());
    }

    #[test]
    fn edited_markers_equal_a_fresh_scan() {
        let old = "abc nianbao-x\n<!-- nianbao-disable -->\nnian";
        let cases = [
            (0, 0, "nianbao-"),
            (4, 6, ""),
            (old.len(), old.len(), "bao-"),
            (14, 18, "<!-- nianbao-enable -->"),
            (5, 5, "x"),
        ];
        for (start, old_end, insert) in cases {
            let new = format!("{}{insert}{}", &old[..start], &old[old_end..]);
            let change = (start, old_end, start + insert.len());
            let (a, b) = Markers::window(change, new.len());
            let edited = Markers::scan(old).edited(change, a, &new[a..b]);
            assert_eq!(edited, Markers::scan(&new), "{new:?}");
        }
    }

    #[test]
    fn rope_lines_equal_indexed_lines() {
        let text = "a\r\nbb\rccc\n\nd";
        let rope = ropey::Rope::from_str(text);
        let index = LineIndex::new(text);
        let ix = Indexed {
            text,
            index: &index,
        };
        assert_eq!(Lines::line_count(&rope), ix.line_count());
        for l in 0..ix.line_count() {
            assert_eq!(Lines::line_range(&rope, l), ix.line_range(l), "line {l}");
            assert_eq!(Lines::next_line_start(&rope, l), ix.next_line_start(l));
        }
        for o in 0..=text.len() {
            assert_eq!(Lines::line_of(&rope, o), ix.line_of(o), "offset {o}");
        }
    }
}
