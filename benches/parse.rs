//! Parse time of `nianbao::model::analyze` for each sample report.
//!
//! `cargo bench --bench parse`. Goal: well under 100 µs for a 15 KB report.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nianbao::model::analyze;
use nianbao::template::Templates;

const SAMPLES: [&str; 5] = [
    "2017-yanzhou-enforcement-bureau",
    "2018-zhaotong-services-bureau",
    "2020-linyi-approval-bureau",
    "2020-ziyang-government-office",
    "2021-quanzhou-service-center",
];

fn parse(c: &mut Criterion) {
    // Load the built-in templates once, outside the measurements.
    Templates::builtin();
    let mut group = c.benchmark_group("analyze");
    for name in SAMPLES {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("examples/reports")
            .join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).expect("sample report");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| analyze(black_box(&text))));
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
