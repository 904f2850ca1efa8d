//! One-character edit -> diagnostics ready, in-process: the change applied to the server's
//! `Document` (rope), the text snapshot, `analyze_document`, and the conversion to LSP
//! diagnostics — everything the server does between didChange and publishDiagnostics except
//! the I/O.

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::check::Config;
use nianbao::lsp::analysis::to_lsp_diagnostics;
use nianbao::lsp::analyze_document;
use nianbao::lsp::document::Document;
use nianbao::text::PositionEncoding;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

fn sample(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    nianbao::text::decode::decode(&std::fs::read(path).unwrap())
        .unwrap()
        .text
}

fn change(line: u32, col: u32, end_col: u32, text: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(line, col),
            Position::new(line, end_col),
        )),
        range_length: None,
        text: text.to_string(),
    }
}

fn bench_doc(c: &mut Criterion, name: &str, text: &str, line: u32) {
    let uri: Uri = "untitled:bench.txt".parse().unwrap();
    let config = Config::default();
    let enc = PositionEncoding::Utf16;
    let mut doc = Document::new(text, 1, 1, "plaintext");
    let mut insert = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            // Alternate typing and deleting one character, so the size stays the same.
            let ch = if insert {
                change(line, 0, 0, "年")
            } else {
                change(line, 0, 1, "")
            };
            insert = !insert;
            doc.apply_change(&ch, enc);
            doc.version += 1;
            let snapshot = doc.rope.clone();
            let analysis = analyze_document(&snapshot.to_string(), &config);
            to_lsp_diagnostics(&analysis.diagnostics, &snapshot, enc, &uri, doc.version)
        })
    });
}

fn lsp_edit(c: &mut Criterion) {
    let small = sample("2018-zhaotong-services-bureau.txt");
    assert!(small.len() > 14_000);
    bench_doc(c, "edit_to_diagnostics_15kb", &small, 40);

    // 5 MB: a report followed by pages of prose (a report repeated to 5 MB exposes a
    // superlinear cost in the core; see the LSP report).
    let prose = "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求，持续提升公开质量和实效。\n";
    let big = format!("{small}{}", prose.repeat(5 * 1024 * 1024 / prose.len() + 1));
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("edit_to_diagnostics_5mb", |b| {
        let uri: Uri = "untitled:big.txt".parse().unwrap();
        let config = Config::default();
        let enc = PositionEncoding::Utf16;
        let mut doc = Document::new(&big, 1, 1, "plaintext");
        let mut insert = true;
        b.iter(|| {
            let ch = if insert {
                change(40, 0, 0, "年")
            } else {
                change(40, 0, 1, "")
            };
            insert = !insert;
            doc.apply_change(&ch, enc);
            let snapshot = doc.rope.clone();
            let analysis = analyze_document(&snapshot.to_string(), &config);
            to_lsp_diagnostics(&analysis.diagnostics, &snapshot, enc, &uri, doc.version)
        })
    });
    group.finish();
}

criterion_group!(benches, lsp_edit);
criterion_main!(benches);
