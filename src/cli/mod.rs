//! The command-line front end: argument parsing, reading files, printing.
//! No report logic lives here.

mod extract;
mod input;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "nianbao", version, about = "政府信息公开工作年度报告检查工具 — checker and language server for government information-disclosure annual reports")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the parsed report: year, issuer, sections and template-aligned tables.
    Extract {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Report files or folders (all .txt and .md files under them).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run the language server on stdin/stdout (LSP).
    Lsp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs the CLI; returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Extract { format, paths } => extract::run(&paths, format),
        Command::Lsp => crate::lsp::run_stdio(),
    }
}
