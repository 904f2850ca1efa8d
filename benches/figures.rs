//! The five performance figures of issue #6, measured in one run:
//!
//! ```sh
//! cargo bench --bench figures
//! ```
//!
//! 1. parse + check one 15 KB report from scratch (`check::analyze_and_check`);
//! 2. a one-character edit in a 15 KB report: rope update, re-analysis, diagnostics ready;
//! 3. the same edit in 5 MB documents (a report followed by prose; reports pasted together);
//! 4. `nianbao check --format json` over 10,000 generated reports (MB/s, cores used);
//! 5. `nianbao lsp` resident memory with 100 reports open.
//!
//! Plain `Instant` loops with warm-up and medians. The generated reports come from
//! `nianbao_corpus` (fixed seed); the batch corpus is written once under
//! `target/bench-corpus/` and reused. Run as a test (`cargo test --benches`, no `--bench`
//! argument) every figure runs once on tiny inputs, so the harness stays checked but fast.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nianbao::check::{analyze_and_check, Config};
use nianbao_corpus::{corpus, corpus_spec, generate};
use serde_json::{json, Value};

const SEED: u64 = 6;
const BATCH_COUNT: u64 = 10_000;

// The measured edit path (one keystroke → diagnostics ready) is shared with `lsp_edit`.
#[path = "support/keystroke.rs"]
mod keystroke;
use keystroke::{section_three_cell, Typist};

// ------------------------------------------------------------------ helpers

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/reports")
        .join(name);
    nianbao::text::decode::decode(&std::fs::read(path).expect("sample"))
        .expect("decodes")
        .text
}

/// Median of `runs` timings of `f` after `warm` untimed calls.
fn median(warm: usize, runs: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..warm {
        f();
    }
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn micros(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 10_000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

/// The target directory (the bench binary is `target/<profile>/deps/figures-…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// A row of the results table.
struct Figure {
    what: &'static str,
    measured: String,
    goal: &'static str,
    met: Option<bool>,
}

// ------------------------------------------------------------------ figure 1

fn parse_and_check(quick: bool) -> Figure {
    let config = Config::default();
    let (warm, runs) = if quick { (1, 1) } else { (30, 200) };
    let real = sample("2018-zhaotong-services-bureau.txt");
    let t_real = median(warm, runs, || {
        std::hint::black_box(analyze_and_check(&real, &config));
    });
    let mut samples = Vec::new();
    for name in [
        "2017-yanzhou-enforcement-bureau.txt",
        "2020-linyi-approval-bureau.txt",
        "2020-ziyang-government-office.txt",
        "2021-quanzhou-service-center.txt",
    ] {
        let text = sample(name);
        samples.push(median(warm, runs, || {
            std::hint::black_box(analyze_and_check(&text, &config));
        }));
    }
    let n = if quick { 2 } else { 45 };
    let generated: Vec<String> = corpus(SEED, n, false).map(|r| r.text).collect();
    let avg_kb = generated.iter().map(String::len).sum::<usize>() as f64 / n as f64 / 1e3;
    let mut medians: Vec<Duration> = generated
        .iter()
        .map(|text| {
            median(warm, runs / 2, || {
                std::hint::black_box(analyze_and_check(text, &config));
            })
        })
        .collect();
    medians.sort();
    let t_gen = medians[medians.len() / 2];
    let worst = *medians.last().unwrap();
    samples.sort();
    let measured = format!(
        "{} (zhaotong, 14.9 KB); {} (median of {n} generated, {avg_kb:.1} KB avg; slowest {}); other samples {}–{}",
        micros(t_real),
        micros(t_gen),
        micros(worst),
        micros(samples[0]),
        micros(*samples.last().unwrap()),
    );
    Figure {
        what: "parse + check one 15 KB report from scratch",
        measured,
        goal: "< 100 µs",
        met: Some(t_real.max(t_gen) < Duration::from_micros(100)),
    }
}

// ------------------------------------------------------------------ figures 2 and 3

fn edit_small(quick: bool) -> Figure {
    let real = sample("2018-zhaotong-services-bureau.txt");
    let mut session = Typist::new(&real, section_three_cell(&real));
    let (warm, runs) = if quick { (1, 2) } else { (50, 1000) };
    let t_real = median(warm, runs, || {
        std::hint::black_box(session.keystroke());
    });
    let generated = generate(SEED, 3, &corpus_spec(3, false)).text;
    let mut session = Typist::new(&generated, section_three_cell(&generated));
    let t_gen = median(warm, runs, || {
        std::hint::black_box(session.keystroke());
    });
    Figure {
        what: "one-character edit in a 15 KB report → diagnostics ready",
        measured: format!(
            "{} (zhaotong); {} (generated, {:.1} KB)",
            micros(t_real),
            micros(t_gen),
            generated.len() as f64 / 1e3
        ),
        goal: "< 50 µs",
        met: Some(t_real.max(t_gen) < Duration::from_micros(50)),
    }
}

fn edit_large(quick: bool) -> Figure {
    let size = if quick { 200_000 } else { 5 * 1024 * 1024 };
    let report = sample("2018-zhaotong-services-bureau.txt");
    let prose = "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求，持续提升公开质量和实效。\n";
    let with_prose = format!("{report}{}", prose.repeat(size / prose.len() + 1));
    let mut pasted = String::with_capacity(size + 20_000);
    let mut i = 0;
    while pasted.len() < size {
        pasted.push_str(&generate(SEED, 100 + i, &corpus_spec(100 + i, false)).text);
        pasted.push('\n');
        i += 1;
    }
    let (warm, runs) = if quick { (0, 1) } else { (2, 12) };
    let mut a = Typist::new(&with_prose, section_three_cell(&report));
    let t_prose = median(warm, runs, || {
        std::hint::black_box(a.keystroke());
    });
    let mut b = Typist::new(&pasted, section_three_cell(&pasted));
    let t_pasted = median(warm, runs, || {
        std::hint::black_box(b.keystroke());
    });
    Figure {
        what: "the same edit in a 5 MB document",
        measured: format!(
            "{} (report + {:.1} MB prose); {} ({i} reports pasted, {:.1} MB)",
            micros(t_prose),
            with_prose.len() as f64 / 1e6,
            micros(t_pasted),
            pasted.len() as f64 / 1e6
        ),
        goal: "< 50 µs (as for 15 KB)",
        met: Some(t_prose.max(t_pasted) < Duration::from_micros(50)),
    }
}

// ------------------------------------------------------------------ figure 4

/// Writes the batch corpus once; a folder with a matching stamp is reused.
fn batch_corpus(count: u64) -> (PathBuf, u64) {
    let dir = target_dir()
        .join("bench-corpus")
        .join(format!("seed{SEED}-count{count}"));
    let stamp = dir.join("complete");
    // The stamp holds the first report's text length and name: a generator change shows.
    let first = generate(SEED, 0, &corpus_spec(0, true));
    let expected_stamp = format!("{} {} {}\n", count, first.name, first.text.len());
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(expected_stamp.as_str()) {
        let bytes = std::fs::read_dir(&dir)
            .expect("corpus dir")
            .flatten()
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "txt" || x == "md")
            })
            .map(|e| e.metadata().map_or(0, |m| m.len()))
            .sum();
        return (dir, bytes);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create corpus dir");
    let t = Instant::now();
    let mut bytes = 0;
    for r in corpus(SEED, count, true) {
        bytes += r.text.len() as u64;
        std::fs::write(dir.join(format!("{}.{}", r.name, r.extension())), &r.text)
            .expect("write report");
    }
    std::fs::write(&stamp, expected_stamp).expect("stamp");
    eprintln!(
        "figures: generated {count} reports ({:.0} MB) in {:.1} s into {}",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        dir.display()
    );
    (dir, bytes)
}

/// CPU time (user + system) of all waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes into the struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn batch(quick: bool) -> Figure {
    let count = if quick { 12 } else { BATCH_COUNT };
    let (dir, bytes) = batch_corpus(count);
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let runs = if quick { 1 } else { 3 };
    let mut results: Vec<(Duration, Duration)> = Vec::new();
    for _ in 0..runs {
        let cpu0 = children_cpu();
        let t = Instant::now();
        let status = Command::new(bin)
            .args(["check", "--format", "json"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run nianbao check");
        let wall = t.elapsed();
        let cpu = children_cpu() - cpu0;
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "nianbao check: {status}"
        );
        results.push((wall, cpu));
    }
    results.sort();
    let (wall, cpu) = results[results.len() / 2];
    let mbps = bytes as f64 / 1e6 / wall.as_secs_f64();
    let cores = cpu.as_secs_f64() / wall.as_secs_f64();
    let ncpu = std::thread::available_parallelism().map_or(1, |n| n.get());
    Figure {
        what: "`nianbao check --format json` over 10,000 generated reports",
        measured: format!(
            "{mbps:.1} MB/s ({count} files, {:.0} MB in {:.2} s wall, median of {runs}); CPU {:.2} cores of {ncpu} (user+sys {:.2} s)",
            bytes as f64 / 1e6,
            wall.as_secs_f64(),
            cores,
            cpu.as_secs_f64()
        ),
        goal: "≥ 100 MB/s, both cores used",
        met: Some(mbps >= 100.0 && cores >= 1.6),
    }
}

// ------------------------------------------------------------------ figure 5

fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
    stdin.flush().expect("flush");
}

/// Reads framed JSON-RPC messages from the server's stdout.
fn reader(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
            let Some(n) = length else { return };
            let mut body = vec![0; n];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let Ok(v) = serde_json::from_slice::<Value>(&body) else {
                return;
            };
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    rx
}

/// Answers the server's own requests (configuration pulls, registrations) and returns the
/// URI of a publishDiagnostics notification.
fn handle(stdin: &mut ChildStdin, msg: &Value) -> Option<String> {
    let method = msg.get("method").and_then(Value::as_str);
    match (method, msg.get("id")) {
        (Some("textDocument/publishDiagnostics"), _) => {
            msg["params"]["uri"].as_str().map(String::from)
        }
        (Some("workspace/configuration"), Some(id)) => {
            let n = msg["params"]["items"].as_array().map_or(0, Vec::len);
            send(
                stdin,
                &json!({"jsonrpc": "2.0", "id": id, "result": vec![Value::Null; n]}),
            );
            None
        }
        (Some(_), Some(id)) => {
            send(stdin, &json!({"jsonrpc": "2.0", "id": id, "result": null}));
            None
        }
        _ => None,
    }
}

fn status_kb(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn memory(quick: bool) -> Figure {
    let n = if quick { 3 } else { 100 };
    let mut child: Child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn nianbao lsp");
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin");
    let rx = reader(child.stdout.take().expect("stdout"));
    let deadline = Instant::now() + Duration::from_secs(120);
    let wait_for = |rx: &mpsc::Receiver<Value>, stdin: &mut ChildStdin, id: i64| loop {
        let msg = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("server answers");
        if msg.get("id").and_then(Value::as_i64) == Some(id) && msg.get("method").is_none() {
            return msg;
        }
        handle(stdin, &msg);
    };
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    wait_for(&rx, &mut stdin, 1);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let rss_idle = status_kb(pid, "VmRSS:");
    let mut open: HashSet<String> = HashSet::new();
    let mut bytes = 0;
    for r in corpus(SEED, n, true) {
        let uri = format!("file:///bench/{}.{}", r.name, r.extension());
        bytes += r.text.len();
        let language = if r.extension() == "md" {
            "markdown"
        } else {
            "plaintext"
        };
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": language, "version": 1, "text": r.text}}}),
        );
        open.insert(uri);
    }
    let mut published: HashSet<String> = HashSet::new();
    while !open.is_subset(&published) {
        let msg = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("diagnostics for every open report");
        if let Some(uri) = handle(&mut stdin, &msg) {
            published.insert(uri);
        }
    }
    let rss = status_kb(pid, "VmRSS:");
    let hwm = status_kb(pid, "VmHWM:");
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    wait_for(&rx, &mut stdin, 2);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    drop(stdin);
    let _ = child.wait();
    Figure {
        what: "`nianbao lsp` memory with 100 reports open",
        measured: format!(
            "VmRSS {:.1} MB (peak VmHWM {:.1} MB; {:.1} MB idle) with {n} reports ({:.1} MB of text) open, diagnostics published for all",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0,
            rss_idle as f64 / 1024.0,
            bytes as f64 / 1e6
        ),
        goal: "< 50 MB resident",
        met: Some(rss < 50 * 1024),
    }
}

// ------------------------------------------------------------------ main

fn main() {
    // `cargo bench` passes `--bench`; as a test (`cargo test --benches`) everything runs once
    // on tiny inputs.
    let quick = !std::env::args().any(|a| a == "--bench");
    let started = Instant::now();
    let figures = [
        parse_and_check(quick),
        edit_small(quick),
        edit_large(quick),
        batch(quick),
        memory(quick),
    ];
    if quick {
        println!("figures: smoke run (tiny inputs) passed; `cargo bench --bench figures` measures");
        return;
    }
    let ncpu = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "nianbao performance figures ({ncpu} CPUs, {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    println!();
    println!("| # | figure | measured | goal | met |");
    println!("|---|---|---|---|---|");
    for (i, f) in figures.iter().enumerate() {
        let met = match f.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "—",
        };
        println!(
            "| {} | {} | {} | {} | {met} |",
            i + 1,
            f.what,
            f.measured,
            f.goal
        );
    }
}
