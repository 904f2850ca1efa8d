//! Writes a synthetic corpus of annual reports (see `nianbao_corpus`).
//!
//! ```sh
//! cargo run --release -p nianbao-corpus --example gen_corpus -- --out DIR --count N [--seed S] [--mistakes] [--text-only]
//! ```
//!
//! Reports rotate through the template generations and the forms: `DIR/NAME.txt`
//! (cell per line, row per line, or a PDF's text layer), `.md` (Markdown),
//! `.html` (a CMS page, UTF-8 or GBK) and `.docx` (a Word draft), so that
//! `nianbao check DIR` reads them all; `--text-only` keeps to the three text
//! layouts (as the benchmarks do). With `--mistakes`, every other report
//! carries one mistake of a rule's kind and `DIR/NAME.expected.json` lists the
//! findings the checker must report (rule code, and for the text layouts the
//! 0-based line). Clean reports get an expected file too (no findings).

use std::path::PathBuf;
use std::process::ExitCode;

use nianbao_corpus::{corpus_in, Form};

const USAGE: &str = "usage: gen_corpus --out DIR --count N [--seed S] [--mistakes] [--text-only]";

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut count: Option<u64> = None;
    let mut seed = 1u64;
    let mut mistakes = false;
    let mut forms: &'static [Form] = &Form::ALL;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let parsed = match arg.as_str() {
            "--out" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--count" => value("--count").and_then(|v| {
                v.parse()
                    .map(|n| count = Some(n))
                    .map_err(|e| format!("--count {v}: {e}"))
            }),
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|n| seed = n)
                    .map_err(|e| format!("--seed {v}: {e}"))
            }),
            "--mistakes" => {
                mistakes = true;
                Ok(())
            }
            "--text-only" => {
                forms = &Form::TEXT;
                Ok(())
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument {other}\n{USAGE}")),
        };
        if let Err(e) = parsed {
            eprintln!("gen_corpus: {e}");
            return ExitCode::from(2);
        }
    }
    let (Some(out), Some(count)) = (out, count) else {
        eprintln!("gen_corpus: --out and --count are required\n{USAGE}");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("gen_corpus: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let mut bytes = 0usize;
    for report in corpus_in(seed, count, mistakes, forms) {
        let path = out.join(format!("{}.{}", report.name, report.extension()));
        let expected = out.join(format!("{}.expected.json", report.name));
        let json = serde_json::to_string_pretty(&report.expected_json()).expect("JSON");
        bytes += report.file().len();
        if let Err(e) = std::fs::write(&path, report.file())
            .and_then(|()| std::fs::write(&expected, json + "\n"))
        {
            eprintln!("gen_corpus: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "gen_corpus: {count} reports, {:.1} MB ({:.1} KB each on average) in {}",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / count.max(1) as f64,
        out.display()
    );
    ExitCode::SUCCESS
}
