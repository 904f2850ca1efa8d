//! How the cost grows with the input, on the shapes that used to be quadratic (issue #13,
//! item 5): one table-like line of 1, 10 and 100 MB, and section 三's table repeated to the
//! same sizes. Each is checked from scratch with every finding's position computed (what
//! `nianbao check --format json` does), and edited by one keystroke through the server's path
//! (incremental check, LSP conversion).
//!
//! ```sh
//! cargo bench --bench growth               # 1, 10 and 100 MB (a few minutes)
//! NIANBAO_GROWTH_MB=1,10 cargo bench --bench growth
//! ```
//!
//! Linear growth shows as the same time per MB at every size. Criterion with 10 samples and
//! flat sampling (one run per sample at these sizes). Run as a test (`cargo test --benches`)
//! every benchmark runs once on 10 KB and 100 KB inputs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use nianbao::check::{analyze_and_check, Config};
use nianbao::text::PositionEncoding;

#[path = "support/keystroke.rs"]
#[allow(dead_code)]
mod keystroke;
use keystroke::Typist;

fn sample(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    nianbao::text::decode::decode(&std::fs::read(path).expect("sample"))
        .expect("decodes")
        .text
}

/// Input sizes in bytes: 1, 10, 100 MB under `cargo bench` (or `NIANBAO_GROWTH_MB`), 10 and
/// 100 KB as a test.
fn sizes() -> Vec<usize> {
    let benching = std::env::args().any(|a| a == "--bench");
    if !benching {
        return vec![10_000, 100_000];
    }
    std::env::var("NIANBAO_GROWTH_MB")
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|s| s.trim().parse::<usize>().ok())
                .map(|mb| mb * 1_000_000)
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![1_000_000, 10_000_000, 100_000_000])
}

/// One line of table-like cells, `size` bytes.
fn table_line(size: usize) -> String {
    let cell = "规章 | 0 | 0 | 0 | ";
    cell.repeat(size / cell.len() + 1)
}

/// The Linyi report with section 三's table body repeated to about `size` bytes.
fn section_three(size: usize) -> String {
    let text = sample("2020-linyi-approval-bureau.txt");
    let heading = text.find("\n三、").expect("section 三");
    let body = text[heading + 1..].find('\n').unwrap() + heading + 1;
    let next = text.find("\n四、").expect("section 四");
    let table = &text[body..next];
    let copies = size.saturating_sub(text.len()) / table.len() + 1;
    format!("{}{}{}", &text[..next], table.repeat(copies), &text[next..])
}

fn label(size: usize) -> String {
    if size >= 1_000_000 {
        format!("{}MB", size / 1_000_000)
    } else {
        format!("{}KB", size / 1_000)
    }
}

type Input = (&'static str, fn(usize) -> String);

const INPUTS: [Input; 2] = [("table-line", table_line), ("section-three", section_three)];

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
}

/// Parse, check, and every finding's start and end as a UTF-16 position.
fn check(c: &mut Criterion) {
    let config = Config::default();
    for (name, make) in INPUTS {
        let mut group = c.benchmark_group(format!("check/{name}"));
        configure(&mut group);
        for size in sizes() {
            let text = make(size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(label(size)),
                &text,
                |b, text| {
                    b.iter(|| {
                        let (analysis, diags) = analyze_and_check(black_box(text), &config);
                        let idx = &analysis.line_index;
                        let mut columns = 0u64;
                        for d in &diags {
                            let span = idx.span(text, d.range, PositionEncoding::Utf16);
                            columns +=
                                u64::from(span.start.character) + u64::from(span.end.character);
                        }
                        black_box((diags.len(), columns))
                    });
                },
            );
        }
        group.finish();
    }
}

/// One keystroke in the middle of the input, through the server's path.
fn keystroke(c: &mut Criterion) {
    for (name, make) in INPUTS {
        let mut group = c.benchmark_group(format!("keystroke/{name}"));
        configure(&mut group);
        for size in sizes() {
            let text = make(size);
            // A digit cell half-way through.
            let mid = nianbao::text::floor_char_boundary(&text, text.len() / 2);
            let at = mid + text[mid..].find(" 0 ").map_or(0, |i| i + 1);
            let mut typist = Typist::new(&text, at);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(BenchmarkId::from_parameter(label(size)), |b| {
                b.iter(|| black_box(typist.keystroke()));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, check, keystroke);
criterion_main!(benches);
