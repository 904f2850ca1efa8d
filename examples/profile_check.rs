//! Profiling harness: `profile_check MODE [N] [FILE]` runs `analyze`, `check` or both (`both`,
//! the default) N times on FILE (the zhaotong sample by default) after one warm-up call, each
//! in `measured`, so that callgrind can count only those calls: `benches/instructions.sh`.
//! Instruction counts are what figure 1 of the README is compared in when the machine's
//! wall-clock times vary between runs.
use nianbao::check::{check, Config};
use nianbao::model::{analyze, Analysis};

#[inline(never)]
fn measured(mode: &str, text: &str, analysis: &Analysis, config: &Config) {
    match mode {
        "analyze" => {
            std::hint::black_box(analyze(text));
        }
        "check" => {
            std::hint::black_box(check(text, analysis, config));
        }
        _ => {
            let a = analyze(text);
            std::hint::black_box(check(text, &a, config));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "both".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/reports/2018-zhaotong-services-bureau.txt"
        )
        .into()
    });
    let text = nianbao::text::decode::decode(&std::fs::read(path).unwrap())
        .unwrap()
        .text;
    let config = Config::default();
    let analysis = analyze(&text);
    std::hint::black_box(check(&text, &analysis, &config));
    let mut times = Vec::new();
    for _ in 0..n {
        let t = std::time::Instant::now();
        measured(&mode, &text, &analysis, &config);
        times.push(t.elapsed());
    }
    times.sort();
    if n > 0 {
        eprintln!("{mode}: median {:.1} µs", times[n / 2].as_secs_f64() * 1e6);
    }
}
