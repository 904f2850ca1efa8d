//! What reading a published page or a Word draft costs beside parsing the same report as text:
//! `read::read` (HTML: decoding, tokenizing, finding the body, writing the reading; `.docx`:
//! unzipping, streaming the XML) then `model::analyze` of the reading, against `model::analyze`
//! of the same report in Markdown. Goal (issue #11): at most twice the text parse.
//!
//! `cargo bench --bench readers`. The reports come from the generator (same content in every
//! form); the real 2021 Pingtan page (366 KB, mostly site chrome and Word styles) is measured
//! too, beside its own reading.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nianbao::model::analyze;
use nianbao::read::{read, Format};
use nianbao::template::Templates;
use nianbao_corpus::{generate, Form, Spec};

const SEED: u64 = 20261121;

fn readers(c: &mut Criterion) {
    Templates::builtin();
    let mut group = c.benchmark_group("read");
    for (form, format, name) in [
        (Form::Html, Format::Html, "html"),
        (Form::Docx, Format::Docx, "docx"),
    ] {
        let reports: Vec<_> = (0..8)
            .map(|i| {
                generate(
                    SEED,
                    i,
                    &Spec {
                        template: Some(if i % 2 == 0 { "2021" } else { "2019" }.to_string()),
                        form: Some(form),
                        ..Spec::default()
                    },
                )
            })
            .collect();
        let bytes: usize = reports.iter().map(|r| r.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("markdown text (as {name})"), |b| {
            b.iter(|| {
                for r in &reports {
                    black_box(analyze(black_box(&r.text)));
                }
            })
        });
        group.bench_function(format!("{name} read + analyze"), |b| {
            b.iter(|| {
                for r in &reports {
                    let doc = read(black_box(r.file()), Some(format)).expect("readable");
                    black_box(analyze(&doc.text));
                }
            })
        });
    }
    let page = std::fs::read(format!(
        "{}/tests/real/2021-pingtan-zone.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("real page");
    let reading = read(&page, Some(Format::Html)).expect("readable").text;
    group.throughput(Throughput::Bytes(reading.len() as u64));
    group.bench_function("real page: its reading as text", |b| {
        b.iter(|| black_box(analyze(black_box(&reading))))
    });
    group.bench_function("real page: read + analyze", |b| {
        b.iter(|| {
            let doc = read(black_box(&page), Some(Format::Html)).expect("readable");
            black_box(analyze(&doc.text))
        })
    });
    group.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
