//! Writes chains of consecutive years of one issuer's reports (see
//! `nianbao_corpus::chain`) to a folder.
//!
//! ```sh
//! cargo run -p nianbao-corpus --example gen_chains -- DIR [--seed S]
//! ```
//!
//! Writes the standard set (`chain_set`): clean chains in each text layout
//! (cell per line and row per line as `.txt`, Markdown as `.md`), one whose
//! layout changes from year to year, and a chain for each cross-year or
//! narrative mistake in each layout. Beside every report `NAME.expected.json`
//! lists the findings the checker must report on it (rule code, 0-based line,
//! and the lines it may be on), and `chains.json` lists the chains: issuer,
//! years, files, mistake. `nianbao check DIR` checks the reports together, as
//! the cross-year rules need.

use std::path::PathBuf;
use std::process::ExitCode;

use nianbao_corpus::chain::{chain_set, ChainMistake};

const USAGE: &str = "usage: gen_chains DIR [--seed S]";

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().map(|v| v.parse()) {
                Some(Ok(s)) => seed = s,
                _ => {
                    eprintln!("gen_chains: --seed needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if out.is_none() && !other.starts_with('-') => out = Some(PathBuf::from(other)),
            other => {
                eprintln!("gen_chains: unknown argument {other}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("gen_chains: DIR is required\n{USAGE}");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("gen_chains: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let chains = chain_set(seed);
    let (mut files, mut bytes, mut findings) = (0usize, 0usize, 0usize);
    let mut summary = Vec::new();
    for chain in &chains {
        for (i, report) in chain.reports.iter().enumerate() {
            let path = out.join(report.file_name());
            let expected = out.join(format!("{}.expected.json", report.name));
            let json = serde_json::to_string_pretty(&chain.expected_json(i)).expect("JSON");
            if let Err(e) = std::fs::write(&path, &report.text)
                .and_then(|()| std::fs::write(&expected, json + "\n"))
            {
                eprintln!("gen_chains: {}: {e}", path.display());
                return ExitCode::from(2);
            }
            files += 1;
            bytes += report.text.len();
        }
        findings += chain.expected.len();
        summary.push(serde_json::json!({
            "chain": chain.index,
            "issuer": chain.issuer,
            "key": chain.key,
            "years": [chain.reports[0].year, chain.reports[chain.reports.len() - 1].year],
            "mistake": chain.mistake.map(ChainMistake::name),
            "mistake_year": chain.mistake_year,
            "files": chain.reports.iter().map(|r| r.file_name()).collect::<Vec<_>>(),
        }));
    }
    let json = serde_json::to_string_pretty(&summary).expect("JSON");
    if let Err(e) = std::fs::write(out.join("chains.json"), json + "\n") {
        eprintln!("gen_chains: chains.json: {e}");
        return ExitCode::from(2);
    }
    eprintln!(
        "gen_chains: {} chains, {files} reports ({:.1} MB), {findings} expected findings in {}",
        chains.len(),
        bytes as f64 / 1e6,
        out.display()
    );
    ExitCode::SUCCESS
}
