//! One keystroke -> diagnostics ready, in-process: everything the server does between a
//! didChange and its publishDiagnostics except the I/O — the change applied to the document's
//! rope, the incremental check from the previous state ([`check_document`]), and the
//! conversion of the findings to LSP diagnostics.
//!
//! The keystroke types a digit into a total cell of the applications table (section 三) and
//! the next one deletes it again, so the document keeps its size. Documents: a 15 KB report;
//! the same report followed by 5 MB of prose; 5 MB of reports pasted together. The cost of a
//! local edit must not grow with the document.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::check::Config;
use nianbao::lsp::analysis::to_lsp_diagnostics;
use nianbao::lsp::check_document;
use nianbao::lsp::document::Document;
use nianbao::lsp::position::byte_to_position;
use nianbao::text::PositionEncoding;
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

pub fn sample(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    nianbao::text::decode::decode(&std::fs::read(path).unwrap())
        .unwrap()
        .text
}

/// The byte offset of the first number in section 三's table of `report`.
pub fn total_cell(report: &str) -> usize {
    let analysis = nianbao::model::analyze(report);
    analysis
        .report
        .tables
        .iter()
        .filter(|t| t.section == Some(3))
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .find(|v| v.number().is_some())
        .and_then(|v| v.range)
        .expect("a number in section 三")
        .start
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
            self.doc.version,
        );
        self.doc.keep_check(epoch, Arc::new(check));
        lsp.len()
    }
}

fn lsp_edit(c: &mut Criterion) {
    let report = sample("2018-zhaotong-services-bureau.txt");
    assert!(report.len() > 14_000);
    let at = total_cell(&report);
    let mut typist = Typist::new(&report, at);
    c.bench_function("keystroke_15kb", |b| b.iter(|| typist.keystroke()));

    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    let prose = "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求，持续提升公开质量和实效。\n";
    let long = format!(
        "{report}{}",
        prose.repeat(5 * 1024 * 1024 / prose.len() + 1)
    );
    let mut typist = Typist::new(&long, at);
    group.bench_function("keystroke_5mb_prose", |b| b.iter(|| typist.keystroke()));
    let copies = 5 * 1024 * 1024 / report.len() + 1;
    let pasted = vec![report.as_str(); copies].join("\n");
    // In the middle copy.
    let middle = (copies / 2) * (report.len() + 1) + at;
    let mut typist = Typist::new(&pasted, middle);
    group.bench_function("keystroke_5mb_pasted_reports", |b| {
        b.iter(|| typist.keystroke())
    });
    group.finish();
}

criterion_group!(benches, lsp_edit);
criterion_main!(benches);
