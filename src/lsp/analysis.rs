//! The one call into the core, and the conversion of its findings to LSP types.
//!
//! [`check_document`] is the only place the server asks the core for findings: incrementally,
//! from the previous check and the change since (see [`crate::incremental`]). The conversion
//! functions are pure: byte offsets in, LSP positions out, through the document's rope.

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Uri,
};

use super::position::text_range_to_range;
use crate::check::{self, Applicability, Config, Diagnostic, Edit, Severity};
use crate::incremental::{Change, IncrementalCheck};
use crate::text::{LineIndex, PositionEncoding};

/// `Diagnostic.source` of every finding.
pub const SOURCE: &str = "nianbao";
/// The repository the rule pages are read from: `repository` in Cargo.toml. Unset (as now),
/// findings carry no documentation link rather than one to a page that does not exist; the
/// pages themselves are `docs/rules/CODE.md` in the repository (`nianbao explain CODE`).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The web address of a rule's page (`docs/rules/CODE.md`) under `repository`, when
/// `repository` is set.
#[must_use]
pub fn rule_doc_url(repository: &str, code: &str) -> Option<String> {
    let repository = repository.trim().trim_end_matches('/');
    (!repository.is_empty()).then(|| format!("{repository}/blob/main/docs/rules/{code}.md"))
}

/// What the server needs from one analysis of a document text.
#[derive(Debug)]
pub struct DocumentAnalysis {
    /// Findings, byte-ranged into the analysed text, in the core's order.
    pub diagnostics: Vec<Diagnostic>,
    /// The core's line index of the analysed text.
    pub line_index: LineIndex,
    /// Did the text look like a report (sections or tables found)?
    pub looks_like_report: bool,
}

/// Checks a document: incrementally when the previous check and the change since are given
/// (only the section the change is in is read again when that is enough), else the whole text.
#[must_use]
pub fn check_document(
    base: Option<(&IncrementalCheck, Change)>,
    rope: &Rope,
    config: &Config,
) -> IncrementalCheck {
    match base {
        Some((base, change)) => base.update(rope, change, config),
        None => IncrementalCheck::new(rope, config),
    }
}

/// Analyses and checks a whole document text with the core (no state kept).
#[must_use]
pub fn analyze_document(text: &str, config: &Config) -> DocumentAnalysis {
    let (analysis, diagnostics) = check::analyze_and_check(text, config);
    DocumentAnalysis {
        looks_like_report: analysis.report.looks_like_report(),
        line_index: analysis.line_index,
        diagnostics,
    }
}

/// Does the client's `languageId` name a document kind reports are written in (plain text,
/// Markdown, an HTML page)? Anything else is never checked.
#[must_use]
pub fn is_report_language(language_id: &str) -> bool {
    matches!(
        language_id.to_ascii_lowercase().as_str(),
        "plaintext" | "text" | "txt" | "markdown" | "md" | "nianbao" | "html"
    )
}

/// Is the document an HTML page (its `languageId`)? A page is read into its reading and its
/// findings mapped back to the page's source, as `nianbao check` does.
#[must_use]
pub fn is_html(language_id: &str) -> bool {
    language_id.eq_ignore_ascii_case("html")
}

/// The format a document is read through when its text is not its own reading: an HTML page,
/// or a Markdown file with HTML in it (a converter's `<table>`), as `nianbao check` reads them.
#[must_use]
pub fn markup_format(language_id: &str, text: &str) -> Option<crate::read::Format> {
    if is_html(language_id) {
        Some(crate::read::Format::Html)
    } else if matches!(language_id.to_ascii_lowercase().as_str(), "markdown" | "md")
        && crate::read::html::markdown_has_html(text)
    {
        Some(crate::read::Format::Markdown)
    } else {
        None
    }
}

/// [`markup_format`] of an editor's document, with its text when it is read through markup
/// (the text of any other document is not copied out of the rope).
#[must_use]
pub fn markup_reading(
    language_id: &str,
    rope: &ropey::Rope,
) -> Option<(crate::read::Format, String)> {
    let lang = language_id.to_ascii_lowercase();
    if !matches!(lang.as_str(), "html" | "markdown" | "md") {
        return None;
    }
    let text = rope.to_string();
    markup_format(language_id, &text).map(|f| (f, text))
}

/// `Diagnostic.data` of a finding that has fixes: which finding of which analysis it is, not
/// the fixes themselves (a publishDiagnostics costs in proportion to the findings, not to the
/// tables a fix would rewrite). A code action looks the fixes up in the server's analysis of
/// that text ([`super::state::Analysed`]); they are valid for the document `version` in the
/// open of the document `generation` names (a document closed and reopened starts again at
/// version 1: the version alone would take the old text's fixes for the new one's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    pub version: i32,
    /// The server's id of the didOpen (see [`super::document::Document::opened`]); 0, never
    /// a real one, when absent.
    #[serde(default)]
    pub generation: u64,
    /// The epoch of the analysis that published the finding, and its index in that analysis's
    /// findings.
    #[serde(default)]
    pub epoch: u64,
    #[serde(default)]
    pub index: usize,
    /// How many fixes it has, and whether the first is safe (preferred, applied by fix-all).
    #[serde(default)]
    pub fixes: usize,
    #[serde(default)]
    pub safe: bool,
}

/// The documentation link of a rule (parsed once per code: a document may carry thousands
/// of findings).
fn rule_doc(code: &str) -> Option<Uri> {
    static LINKS: std::sync::OnceLock<Vec<(&'static str, Option<Uri>)>> =
        std::sync::OnceLock::new();
    let links = LINKS.get_or_init(|| {
        check::rules::ALL
            .iter()
            .map(|r| {
                let url = rule_doc_url(REPOSITORY, r.code).and_then(|u| u.parse().ok());
                (r.code, url)
            })
            .collect()
    });
    links.iter().find(|(c, _)| *c == code)?.1.clone()
}

/// The quick fix "忽略此处的 CODE" ("Ignore CODE here"): a `nianbao-disable-next-line CODE`
/// comment on a line of its own above line `line` (0-based, the finding's first line),
/// indented as that line and ended as it is; `// …` in plain text, `<!-- … -->` in Markdown
/// and HTML (see [`check::suppress`]). Its title and edit; none past the end of the text.
#[must_use]
pub fn ignore_here(
    rope: &Rope,
    language_id: &str,
    line: u32,
    code: &str,
    lang: check::Lang,
) -> Option<(String, TextEdit)> {
    let n = usize::try_from(line).ok()?;
    if n >= rope.len_lines() {
        return None;
    }
    let text = rope.line(n).to_string();
    let indent: String = text
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
        .collect();
    let eol = if text.ends_with("\r\n") {
        "\r\n"
    } else if text.ends_with('\r') {
        "\r"
    } else {
        "\n"
    };
    let lower = language_id.to_ascii_lowercase();
    let plain = !matches!(lower.as_str(), "markdown" | "md" | "html");
    let comment = check::suppress::comment_for(code, plain);
    // Column 0 is column 0 in every position encoding.
    let at = lsp::Position::new(line, 0);
    let title = match lang {
        check::Lang::Zh => format!("忽略此处的 {code}"),
        check::Lang::En => format!("Ignore {code} here"),
    };
    Some((
        title,
        TextEdit::new(lsp::Range::new(at, at), format!("{indent}{comment}{eol}")),
    ))
}

/// The LSP severity of a core severity.
#[must_use]
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Core edits -> LSP text edits (in the order given).
#[must_use]
pub fn text_edits(edits: &[Edit], rope: &Rope, enc: PositionEncoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(text_range_to_range(rope, e.range, enc), e.new_text.clone()))
        .collect()
}

/// Which text an analysis is of: the client's version, the didOpen's generation and the
/// server's epoch of the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub version: i32,
    pub generation: u64,
    pub epoch: u64,
}

/// One core finding, the `index`th of its analysis, -> an LSP diagnostic for document `uri`
/// of the text `stamp` names, positions counted in `enc` over `rope` (the text the finding
/// was computed on). Its fixes are not converted (see [`DiagnosticData`]).
#[must_use]
pub fn to_lsp_diagnostic(
    d: &Diagnostic,
    index: usize,
    rope: &Rope,
    enc: PositionEncoding,
    uri: &Uri,
    stamp: Stamp,
) -> lsp::Diagnostic {
    // Also without fixes: the version tells the code actions ("忽略此处的 CODE") whether the
    // diagnostic is for the text as it is.
    let data = DiagnosticData {
        version: stamp.version,
        generation: stamp.generation,
        epoch: stamp.epoch,
        index,
        fixes: d.fixes.len(),
        safe: d
            .fixes
            .first()
            .is_some_and(|f| f.applicability == Applicability::Safe),
    };
    convert(
        d,
        &|r| text_range_to_range(rope, r, enc),
        enc,
        uri,
        serde_json::to_value(data).ok(),
    )
}

/// A finding of a file that is not open (a workspace report read from disk) -> an LSP
/// diagnostic, positions counted in `enc` over `text` (the file's source text) with its line
/// index. No `data`: there is no analysis of an open document to look its fixes up in.
#[must_use]
pub fn to_lsp_diagnostic_in_text(
    d: &Diagnostic,
    text: &str,
    index: &LineIndex,
    enc: PositionEncoding,
    uri: &Uri,
) -> lsp::Diagnostic {
    let range = |r: crate::text::TextRange| {
        let s = index.span(text, r, enc);
        lsp::Range::new(
            lsp::Position::new(s.start.line, s.start.character),
            lsp::Position::new(s.end.line, s.end.character),
        )
    };
    convert(d, &range, enc, uri, None)
}

fn convert(
    d: &Diagnostic,
    range: &dyn Fn(crate::text::TextRange) -> lsp::Range,
    enc: PositionEncoding,
    uri: &Uri,
    data: Option<serde_json::Value>,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.elsewhere {
                None => Location::new(uri.clone(), range(r.range)),
                // Last year's report: its path is the URI the workspace knows it by.
                Some(e) => {
                    let span = e.span(enc);
                    let at = |p: crate::text::Position| lsp::Position::new(p.line, p.character);
                    Location::new(
                        e.path.parse().ok()?,
                        lsp::Range::new(at(span.start), at(span.end)),
                    )
                }
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: rule_doc(d.code).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data,
    }
}

/// Every finding converted (see [`to_lsp_diagnostic`]).
#[must_use]
pub fn to_lsp_diagnostics(
    diags: &[Diagnostic],
    rope: &Rope,
    enc: PositionEncoding,
    uri: &Uri,
    stamp: Stamp,
) -> Vec<lsp::Diagnostic> {
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| to_lsp_diagnostic(d, i, rope, enc, uri, stamp))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Fix, Related};
    use crate::text::TextRange;

    #[test]
    fn converts_ranges_related_and_fixes() {
        let text = "𠀀😀 | 不分公开 |\n合计 | 3 |\n";
        let rope = Rope::from_str(text);
        let label = text.find("不分公开").unwrap();
        let three = text.find('3').unwrap();
        let d = Diagnostic {
            code: "label-typo",
            severity: Severity::Warning,
            message: "m".into(),
            range: TextRange::new(label, label + "不分公开".len()),
            related: vec![Related {
                range: TextRange::new(three, three + 1),
                message: "r".into(),
                elsewhere: None,
            }],
            fixes: vec![Fix {
                title: "t".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: TextRange::new(label, label + 3),
                    new_text: "部".into(),
                }],
            }],
        };
        let uri: Uri = "file:///tmp/a.txt".parse().unwrap();
        let stamp = Stamp {
            version: 7,
            generation: 3,
            epoch: 9,
        };
        let l = to_lsp_diagnostic(&d, 4, &rope, PositionEncoding::Utf16, &uri, stamp);
        // 𠀀 and 😀 are 2 UTF-16 units each: "𠀀😀 | " = 7 units.
        assert_eq!(
            l.range,
            lsp::Range::new(lsp::Position::new(0, 7), lsp::Position::new(0, 11))
        );
        assert_eq!(l.code, Some(NumberOrString::String("label-typo".into())));
        assert_eq!(l.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(l.source.as_deref(), Some("nianbao"));
        // No `repository` in Cargo.toml: no link (never one to a page that does not exist).
        assert_eq!(REPOSITORY, "");
        assert!(l.code_description.is_none());
        assert_eq!(
            rule_doc_url("https://example.org/nianbao/", "label-typo").as_deref(),
            Some("https://example.org/nianbao/blob/main/docs/rules/label-typo.md")
        );
        let rel = l.related_information.unwrap();
        assert_eq!(rel[0].location.range.start, lsp::Position::new(1, 5));
        let data: DiagnosticData = serde_json::from_value(l.data.unwrap()).unwrap();
        assert_eq!((data.version, data.generation, data.epoch), (7, 3, 9));
        assert_eq!((data.index, data.fixes, data.safe), (4, 1, true));
        // The fix's edits, converted when a code action asks for them.
        let edits = text_edits(&d.fixes[0].edits, &rope, PositionEncoding::Utf16);
        assert_eq!(edits[0].range.end, lsp::Position::new(0, 8));
        // UTF-8 columns count bytes.
        let l8 = to_lsp_diagnostic(&d, 4, &rope, PositionEncoding::Utf8, &uri, stamp);
        assert_eq!(
            l8.range.start,
            lsp::Position::new(0, u32::try_from(label).unwrap())
        );
    }

    #[test]
    fn languages() {
        assert!(is_report_language("plaintext"));
        assert!(is_report_language("markdown"));
        assert!(!is_report_language("rust"));
        assert!(!is_report_language("json"));
    }
}
