//! One keystroke -> diagnostics ready, in-process (see `support/keystroke.rs` for what is
//! measured).
//!
//! The keystroke types a digit into a total cell of the applications table (section 三) and
//! the next one deletes it again, so the document keeps its size. Documents: a 15 KB report;
//! the same report followed by 5 MB of prose; 5 MB of reports pasted together. The cost of a
//! local edit must not grow with the document.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/keystroke.rs"]
mod keystroke;
use keystroke::{section_three_cell, Typist};

pub fn sample(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    nianbao::text::decode::decode(&std::fs::read(path).unwrap())
        .unwrap()
        .text
}

fn lsp_edit(c: &mut Criterion) {
    let report = sample("2018-zhaotong-services-bureau.txt");
    assert!(report.len() > 14_000);
    let at = section_three_cell(&report);
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
