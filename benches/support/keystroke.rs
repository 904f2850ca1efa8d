//! The measured keystroke, shared by `lsp_edit` and `figures`: everything the server does
//! between a didChange and its publishDiagnostics except the I/O — the change applied to the
//! document's rope and logged, the incremental check from the previous state
//! ([`check_document`], as the server's `compute`), the conversion of the findings to LSP
//! diagnostics, and the new state kept for the next edit.

use std::sync::Arc;

use nianbao::check::Config;
use nianbao::lsp::analysis::{to_lsp_diagnostics, Stamp};
use nianbao::lsp::check_document;
use nianbao::lsp::document::Document;
use nianbao::lsp::position::byte_to_position;
use nianbao::text::PositionEncoding;
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

/// The byte offset of the first number in section 三's table (or the 2008 statistics
/// table) of `text`: a total cell a clerk types into. 0 when there is none.
pub fn section_three_cell(text: &str) -> usize {
    let analysis = nianbao::model::analyze(text);
    analysis
        .report
        .tables
        .iter()
        .filter(|t| t.section == Some(3) || t.kind == nianbao::template::TableKind::Statistics)
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .find_map(|v| v.number().and(v.range))
        .map_or(0, |r| r.start)
}

/// A document being edited at one place: alternately types and deletes a digit there.
pub struct Typist {
    doc: Document,
    at: usize,
    typed: bool,
    config: Config,
    uri: Uri,
}

impl Typist {
    pub fn new(text: &str, at: usize) -> Self {
        let mut doc = Document::new(text, 1, 1, "plaintext");
        let config = Config::default();
        let check = check_document(None, &doc.rope, &config);
        doc.keep_check(1, Arc::new(check));
        Typist {
            doc,
            at,
            typed: false,
            config,
            uri: "untitled:bench.txt".parse().unwrap(),
        }
    }

    /// One keystroke, through to the LSP diagnostics; returns how many there are.
    pub fn keystroke(&mut self) -> usize {
        let enc = PositionEncoding::Utf16;
        let start = byte_to_position(&self.doc.rope, self.at, enc);
        let (range, text) = if self.typed {
            let end = byte_to_position(&self.doc.rope, self.at + 1, enc);
            (Range::new(start, end), "")
        } else {
            (Range::new(start, start), "7")
        };
        self.typed = !self.typed;
        let change = TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: text.to_string(),
        };
        let epoch = self.doc.epoch + 1;
        self.doc.apply_changes(&[change], enc, epoch);
        self.doc.version += 1;
        let base = self.doc.check_base();
        let check = check_document(
            base.as_ref().map(|(b, c)| (b.as_ref(), *c)),
            &self.doc.rope,
            &self.config,
        );
        let lsp = to_lsp_diagnostics(
            &check.diagnostics(),
            &self.doc.rope,
            enc,
            &self.uri,
            Stamp {
                version: self.doc.version,
                generation: self.doc.opened,
                epoch,
            },
        );
        self.doc.keep_check(epoch, Arc::new(check));
        lsp.len()
    }
}
